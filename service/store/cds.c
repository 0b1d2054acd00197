/* SQL for the CDS Hooks service. */
#include "paingen/store/cds.h"

#include "paingen/store/db.h"

#include <stdlib.h>
#include <string.h>

/* clang-format off */

static const char sql_patient_system[] =
    "SELECT patient_identifier_system FROM ehr_clients WHERE clinic_id = $1 AND id = $2";

/* The latest consultation is the one that happened last (not the last
 * recorded), among those not entered in error; its latest assessment is
 * stale when the consultation or any of its records changed after it. */
static const char sql_latest[] =
    "SELECT json_build_object('patient_id', p.id, "
    "  'consultation', CASE WHEN c.id IS NULL THEN NULL ELSE json_build_object('id', c.id, "
    "    'region', c.region, 'side', c.doc->>'side', 'occurred_at', rfc3339(c.occurred_at)) END, "
    "  'assessment', (SELECT json_build_object('id', a.id, 'created_at', rfc3339(a.created_at), "
    "      'model_version', a.model_version, 'result', a.result, "
    "      'stale', c.updated_at > a.created_at OR EXISTS (SELECT 1 FROM consultation_records r "
    "        WHERE r.clinic_id = a.clinic_id AND r.consultation_id = a.consultation_id "
    "        AND r.updated_at > a.created_at)) "
    "    FROM assessments a WHERE a.clinic_id = p.clinic_id AND a.consultation_id = c.id "
    "    ORDER BY a.created_at DESC, a.id DESC LIMIT 1))::text "
    "FROM patients p LEFT JOIN LATERAL (SELECT * FROM consultations c "
    "  WHERE c.clinic_id = p.clinic_id AND c.patient_id = p.id AND c.status = 'active' "
    "  AND ($3::text IS NULL OR c.region = $3) "
    "  ORDER BY c.occurred_at DESC, c.created_at DESC, c.id DESC LIMIT 1) c ON true "
    "WHERE p.clinic_id = $1 AND p.external_id = $2";

/* clang-format on */

enum pg_err store_cds_patient_system(struct store_pool *p, const char *clinic,
                                     const char *client_id, char **system)
{
    const char *params[] = {clinic, client_id};
    PGresult *res = NULL;
    *system = NULL;
    enum pg_err err =
        store_db_read(p, "read ehr client's patient system", sql_patient_system, 2, params, &res);
    if (err == PG_ERR_OK && PQntuples(res) == 0)
        err = PG_ERR_NOT_FOUND;
    if (err == PG_ERR_OK && !PQgetisnull(res, 0, 0) && !(*system = strdup(PQgetvalue(res, 0, 0))))
        abort();
    PQclear(res);
    return err;
}

enum pg_err store_cds_latest(struct store_pool *p, const char *clinic, const char *external_id,
                             const char *region, struct buf *json)
{
    const char *params[] = {clinic, external_id, region};
    return store_db_read_json(p, "read latest assessment", sql_latest, 3, params, json);
}
