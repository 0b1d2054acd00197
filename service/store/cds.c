/* SQL for the CDS Hooks service. */
#include "paingen/store/cds.h"

#include "paingen/store/db.h"
#include "paingen/store/records.h"

#include <stdlib.h>
#include <string.h>

/* clang-format off */

static const char sql_client_patients[] =
    "SELECT patient_identifier_system, "
    "  coalesce(rtrim($3, '/') = ANY (SELECT rtrim(u, '/') FROM unnest(fhir_servers) u), false) "
    "FROM ehr_clients WHERE clinic_id = $1 AND id = $2";

/* The latest consultation is the one that happened last (not the last
 * recorded), among those not entered in error; its latest assessment is
 * stale when the consultation or any record of its case changed after it
 * (a treatment or a follow-up recorded since does not). */
static const char sql_latest[] =
    "SELECT json_build_object('patient_id', p.id, "
    "  'consultation', CASE WHEN c.id IS NULL THEN NULL ELSE json_build_object('id', c.id, "
    "    'region', c.region, 'side', c.doc->>'side', 'occurred_at', rfc3339(c.occurred_at)) END, "
    "  'assessment', (SELECT json_build_object('id', a.id, 'created_at', rfc3339(a.created_at), "
    "      'model_version', a.model_version, 'result', a.result, "
    "      'stale', c.updated_at > a.created_at OR EXISTS (SELECT 1 FROM consultation_records r "
    "        WHERE r.clinic_id = a.clinic_id AND r.consultation_id = a.consultation_id "
    "        AND " RECORD_OF_CASE("r") " AND r.updated_at > a.created_at)) "
    "    FROM assessments a WHERE a.clinic_id = p.clinic_id AND a.consultation_id = c.id "
    "    ORDER BY a.created_at DESC, a.id DESC LIMIT 1))::text "
    "FROM patients p LEFT JOIN LATERAL (SELECT * FROM consultations c "
    "  WHERE c.clinic_id = p.clinic_id AND c.patient_id = p.id AND c.status = 'active' "
    "  AND ($3::text IS NULL OR c.region = $3) "
    "  ORDER BY c.occurred_at DESC, c.created_at DESC, c.id DESC LIMIT 1) c ON true "
    "WHERE p.clinic_id = $1 AND p.external_id = $2";

static const char sql_cards_insert[] =
    "INSERT INTO cds_cards (clinic_id, id, service_id, hook, hook_instance, ehr_client_id, "
    "  patient_id, assessment_id, indicator, suggestion_ids, card) "
    "SELECT $1, (e->'card'->>'uuid')::uuid, $2, $3, $4, $5, $6, (e->>'assessment_id')::uuid, "
    "  e->'card'->>'indicator', ARRAY(SELECT (s->>'uuid')::uuid "
    "    FROM json_array_elements(coalesce(e->'card'->'suggestions', '[]')) s), e->'card' "
    "FROM json_array_elements($7::json) e";

static const char sql_cards_find[] =
    "SELECT coalesce(json_object_agg(c.id, json_build_object('service_id', c.service_id, "
    "  'patient_id', c.patient_id, 'suggestions', c.suggestion_ids)), '{}')::text "
    "FROM cds_cards c WHERE c.clinic_id = $1 "
    "AND c.id IN (SELECT x::uuid FROM json_array_elements_text($2::json) x)";

static const char sql_feedback_insert[] =
    "WITH ins AS (INSERT INTO cds_feedback (clinic_id, card_id, outcome, accepted_suggestions, "
    "  override_system, override_code, override_display, user_comment, outcome_at, "
    "  ehr_client_id, request_id) "
    "SELECT $1, (f->>'card')::uuid, f->>'outcome', "
    "  ARRAY(SELECT x::uuid FROM json_array_elements_text(coalesce(f->'accepted', '[]')) x), "
    "  f->>'system', f->>'code', f->>'display', f->>'comment', (f->>'outcome_at')::timestamptz, "
    "  $2, $3 FROM json_array_elements($4::json) f "
    "ON CONFLICT (clinic_id, card_id, outcome, outcome_at) DO NOTHING RETURNING 1) "
    "SELECT count(*) FROM ins";

/* clang-format on */

enum pg_err store_cds_client_patients(struct store_pool *p, const char *clinic,
                                      const char *client_id, const char *fhir_server,
                                      struct cds_client_patients *out)
{
    const char *params[] = {clinic, client_id, fhir_server};
    PGresult *res = NULL;
    *out = (struct cds_client_patients){0};
    enum pg_err err = store_db_read(p, "read ehr client's patient settings", sql_client_patients, 3,
                                    params, &res);
    if (err == PG_ERR_OK && PQntuples(res) == 0)
        err = PG_ERR_NOT_FOUND;
    if (err == PG_ERR_OK) {
        if (!PQgetisnull(res, 0, 0) && !(out->system = strdup(PQgetvalue(res, 0, 0))))
            abort();
        out->server_listed = strcmp(PQgetvalue(res, 0, 1), "t") == 0;
    }
    PQclear(res);
    return err;
}

enum pg_err store_cds_latest(struct store_pool *p, const char *clinic, const char *external_id,
                             const char *region, struct buf *json)
{
    const char *params[] = {clinic, external_id, region};
    return store_db_read_json(p, "read latest assessment", sql_latest, 3, params, json);
}

enum pg_err store_cds_cards_insert(struct store_pool *p, const struct cds_issue *issue,
                                   const char *cards)
{
    const char *params[] = {issue->clinic,    issue->service_id, issue->hook, issue->hook_instance,
                            issue->client_id, issue->patient_id, cards};
    PGresult *res = NULL;
    enum pg_err err = store_db_run(p, "insert cds cards", sql_cards_insert, 7, params, &res);
    PQclear(res);
    return err;
}

enum pg_err store_cds_cards_find(struct store_pool *p, const char *clinic, const char *ids,
                                 struct buf *json)
{
    const char *params[] = {clinic, ids};
    return store_db_read_json(p, "read cds cards", sql_cards_find, 2, params, json);
}

enum pg_err store_cds_feedback_insert(struct store_pool *p, const char *clinic,
                                      const char *client_id, const char *request_id,
                                      const char *rows, int *stored)
{
    const char *params[] = {clinic, client_id, request_id, rows};
    PGresult *res = NULL;
    *stored = 0;
    enum pg_err err = store_db_run(p, "insert cds feedback", sql_feedback_insert, 4, params, &res);
    if (err == PG_ERR_OK && PQntuples(res) == 1)
        *stored = (int)strtol(PQgetvalue(res, 0, 0), NULL, 10);
    PQclear(res);
    return err;
}
