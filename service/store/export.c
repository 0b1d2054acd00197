/* SQL for the FHIR exports: one statement each, the document built by
 * PostgreSQL from the representations the other reads use. */
#include "paingen/store/export.h"

#include "paingen/store/consultations.h"
#include "paingen/store/db.h"
#include "paingen/store/records.h"

#include <stdio.h>

/* clang-format off */

/* The patient of consultation c: the identifier only (the export names
 * the patient as stored, no more). */
#define EXPORT_PATIENT                                                                     \
    "(SELECT json_build_object('id', p.id, 'external_id', p.external_id) FROM patients p " \
    "  WHERE p.clinic_id = c.clinic_id AND p.id = c.patient_id)"

/* What the export uses of assessment a: not its inputs (the records and
 * the consultation stand for them). */
#define EXPORT_ASSESSMENT(a)                                                               \
    "json_build_object('id', " a ".id, 'model_version', " a ".model_version, "             \
    "'created_at', rfc3339(" a ".created_at), 'based_on', " a ".based_on, "                \
    "'result', " a ".result)"

static const char sql_consultation[] =
    "SELECT json_build_object("
    "  'patient', " EXPORT_PATIENT ", "
    "  'consultation', " CONSULTATION_JSON("c") ", "
    "  'records', coalesce((SELECT json_agg(" RECORD_JSON("r") " || jsonb_build_object('kind', r.kind) "
    "    ORDER BY r.created_at, r.id) FROM consultation_records r "
    "    WHERE r.clinic_id = $1 AND r.consultation_id = $2), '[]'), "
    "  'assessments', coalesce((SELECT json_agg(x.rep ORDER BY x.created_at, x.id) FROM ("
    "    SELECT " EXPORT_ASSESSMENT("a") " AS rep, a.created_at, a.id FROM assessments a "
    "    WHERE a.clinic_id = $1 AND a.consultation_id = $2 "
    "    ORDER BY a.created_at DESC, a.id DESC LIMIT $3) x), '[]'))::text "
    "FROM consultations c WHERE c.clinic_id = $1 AND c.id = $2";

/* based_on's entries name a record kind, id and version: each is in
 * record_versions (every version is kept), read in based_on's order. */
static const char sql_assessment[] =
    "SELECT json_build_object("
    "  'patient', " EXPORT_PATIENT ", "
    "  'consultation', " CONSULTATION_JSON("c") ", "
    "  'records', coalesce((SELECT json_agg(v.doc || jsonb_build_object('kind', v.resource) "
    "    ORDER BY b.n) FROM json_array_elements(a.based_on) WITH ORDINALITY AS b(e, n) "
    "    JOIN record_versions v ON v.clinic_id = a.clinic_id AND v.resource = b.e->>'kind' "
    "      AND v.id = (b.e->>'id')::uuid AND v.version = (b.e->>'version')::int), '[]'), "
    "  'assessments', json_build_array(" EXPORT_ASSESSMENT("a") "))::text "
    "FROM assessments a JOIN consultations c "
    "  ON c.clinic_id = a.clinic_id AND c.id = a.consultation_id "
    "WHERE a.clinic_id = $1 AND a.id = $2";

/* clang-format on */

enum pg_err store_export_consultation(struct store_pool *p, const char *clinic, const char *id,
                                      struct buf *json)
{
    char max[16];
    snprintf(max, sizeof max, "%d", STORE_EXPORT_ASSESSMENTS_MAX);
    const char *params[] = {clinic, id, max};
    return store_db_read_json(p, "export consultation", sql_consultation, 3, params, json);
}

enum pg_err store_export_assessment(struct store_pool *p, const char *clinic, const char *id,
                                    struct buf *json)
{
    const char *params[] = {clinic, id};
    return store_db_read_json(p, "export assessment", sql_assessment, 2, params, json);
}
