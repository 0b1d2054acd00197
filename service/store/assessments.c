/* SQL for assessments: the case read from a consultation's records, and
 * the stored answers. */
#include "paingen/store/assessments.h"

#include "paingen/store/db.h"
#include "paingen/store/records.h"

#include <stdio.h>
#include <string.h>

/* clang-format off */

/* The records that enter the case: active (findings: current), and of
 * the consultation's side, both sides or none when it is one-sided. */
#define CASE_RECORDS                                                                       \
    "c AS (SELECT c.clinic_id, c.id, c.region, c.status, c.doc, c.occurred_at, c.doc->>'side' AS side, " \
    "  extract(year FROM age((c.occurred_at AT TIME ZONE 'UTC')::date, p.birth_date))::int AS age " \
    "  FROM consultations c JOIN patients p ON p.clinic_id = c.clinic_id AND p.id = c.patient_id " \
    "  WHERE c.clinic_id = $1 AND c.id = $2 FOR SHARE OF c), "                             \
    "r AS (SELECT r.* FROM consultation_records r, c "                                     \
    "  WHERE r.clinic_id = c.clinic_id AND r.consultation_id = c.id AND " RECORD_CURRENT("r") \
    "  AND " RECORD_OF_CASE("r")                                                           \
    "  AND (c.side NOT IN ('left', 'right') OR r.kind = 'imaging' "                        \
    "       OR coalesce(r.doc->>'side', c.side) IN (c.side, 'bilateral', 'midline'))) "

/* A corticosteroid injection recorded in prior care within a month of the
 * consultation is that candidacy fact, whether or not it was also entered
 * as one (a relative contraindication: defer). */
#define RECENT_STEROID                                                                     \
    "SELECT json_build_object('code', 'steroid_injection_at_site_1_month', 'present', true), " \
    "  2147483647 FROM c WHERE EXISTS (SELECT 1 FROM jsonb_array_elements(c.doc->'prior_care') p " \
    "  WHERE p->>'type' = 'corticosteroid_injection' AND (p->>'last_on')::date "          \
    "  >= (c.occurred_at AT TIME ZONE 'UTC')::date - interval '1 month')"

static const char sql_inputs[] =
    "WITH " CASE_RECORDS ", "
    "f AS (SELECT json_agg(json_build_object('code', r.doc->>'code', 'result', r.doc->>'result', "
    "  'side', r.doc->>'side') ORDER BY r.created_at, r.id) AS a FROM r WHERE r.kind = 'finding'), "
    "s AS (SELECT json_agg(json_build_object('code', x.code, 'present', x.present) "
    "  ORDER BY x.present DESC, x.n) AS a FROM c, LATERAL ("
    "  SELECT t.code, true AS present, t.n FROM jsonb_array_elements_text(c.doc->'pain_sites') "
    "    WITH ORDINALITY AS t(code, n) "
    "  UNION ALL SELECT t.code, false, t.n FROM jsonb_array_elements_text("
    "    coalesce(c.doc->'pain_sites_absent', '[]')) WITH ORDINALITY AS t(code, n)) AS x), "
    "i AS (SELECT json_agg(json_build_object('code', e->>'code', 'grade', e->>'grade', "
    "  'level', e->>'level', 'side', e->>'side') ORDER BY r.created_at, r.id, x.n) AS a "
    "  FROM r CROSS JOIN c CROSS JOIN jsonb_array_elements(r.doc->'findings') WITH ORDINALITY AS x(e, n) "
    "  WHERE r.kind = 'imaging' AND (c.side NOT IN ('left', 'right') "
    "    OR coalesce(e->>'side', c.side) IN (c.side, 'bilateral', 'midline', 'central'))), "
    "b AS (SELECT json_agg(json_build_object('id', r.id, 'target', r.doc->>'target', "
    "  'agent', r.doc->>'agent', "
    "  'level', r.doc->>'level', 'side', r.doc->>'side', 'baseline_nrs', r.doc->'baseline_nrs', "
    "  'readings', r.doc->'readings', 'comparative_of', (SELECT f.id FROM r f WHERE f.kind = 'block' "
    "    AND f.id = (r.doc->>'comparative_of')::uuid), 'concordant', r.doc->'concordant', "
    "  'control_painful', r.doc->'control_painful') ORDER BY r.created_at, r.id) AS a "
    "  FROM r WHERE r.kind = 'block'), "
    "facts AS (SELECT json_agg(x ORDER BY n) AS a FROM ("
    "  SELECT json_build_object('code', x->>'code', 'present', x->'present') AS x, n "
    "  FROM c, jsonb_array_elements(c.doc->'candidacy_facts') WITH ORDINALITY AS t(x, n) "
    "  UNION ALL " RECENT_STEROID ") AS f), "
    "care AS (SELECT json_agg(json_build_object('type', x->>'type', 'weeks', x->'weeks') "
    "  ORDER BY n) AS a FROM c, jsonb_array_elements(c.doc->'prior_care') WITH ORDINALITY AS t(x, n)), "
    "used AS (SELECT json_agg(json_build_object('kind', r.kind, 'id', r.id, 'version', r.version) "
    "  ORDER BY r.created_at, r.id) AS a FROM r) "
    "SELECT json_strip_nulls(json_build_object('region', c.region, 'age', c.age, "
    "  'side', c.side, 'pain_sites', coalesce(s.a, '[]'), "
    "  'symptom_weeks', c.doc->'symptom_weeks', 'findings', coalesce(f.a, '[]'), "
    "  'imaging', coalesce(i.a, '[]'), 'blocks', coalesce(b.a, '[]'), "
    "  'candidacy_facts', coalesce(facts.a, '[]'), 'prior_care', coalesce(care.a, '[]')))::text, "
    "  coalesce(used.a, '[]')::text, c.status = 'active' "
    "FROM c, f, s, i, b, facts, care, used";

#define ASSESSMENT_JSON(a)                                                                 \
    "json_build_object('id', " a ".id, 'consultation_id', " a ".consultation_id, "          \
    "'model_version', " a ".model_version, 'created_at', rfc3339(" a ".created_at), "      \
    "'inputs_sha256', " a ".inputs_sha256, 'based_on', " a ".based_on, "                   \
    "'inputs', " a ".inputs, 'result', " a ".result)"

static const char sql_insert[] =
    "WITH ins AS (INSERT INTO assessments (clinic_id, consultation_id, model_version, inputs, "
    "  inputs_sha256, based_on, result) VALUES ($1, $2, $3, $4::json, "
    "  encode(sha256(convert_to($4::text, 'UTF8')), 'hex'), $5::json, $6::json) RETURNING *) "
    "SELECT ins.id, " ASSESSMENT_JSON("ins") "::text FROM ins";

static const char sql_get[] =
    "SELECT " ASSESSMENT_JSON("a") "::text FROM assessments a WHERE a.clinic_id = $1 AND a.id = $2";

/* A summary: what was concluded, the whole answer one GET away. */
static const char sql_list[] =
    "SELECT json_build_object('id', a.id, 'consultation_id', a.consultation_id, "
    "  'model_version', a.model_version, 'created_at', rfc3339(a.created_at), "
    "  'inputs_sha256', a.inputs_sha256, "
    "  'top_generator', a.result->'ranking'->0->'generator', "
    "  'top_posterior', a.result->'ranking'->0->'posterior', "
    "  'verdict', a.result->'candidacy'->'verdict')::text, rfc3339(a.created_at), a.id "
    "FROM assessments a WHERE a.clinic_id = $1 AND a.consultation_id = $2 "
    "AND ($3::timestamptz IS NULL OR (a.created_at, a.id) > ($3, $4::uuid)) "
    "ORDER BY a.created_at, a.id LIMIT $5";

static const char sql_day[] =
    "SELECT to_char(a.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') FROM assessments a "
    "WHERE a.clinic_id = $1 AND a.consultation_id = $2 AND a.id = $3";

/* clang-format on */

enum pg_err store_assessment_inputs(struct store_conn *c, const char *clinic,
                                    const char *consultation_id, struct buf *inputs,
                                    struct buf *based_on, bool *active)
{
    const char *params[] = {clinic, consultation_id};
    PGresult *res = NULL;
    enum pg_err err = store_db_exec(c, "read case", sql_inputs, 2, params, &res);
    if (err == PG_ERR_OK && PQntuples(res) == 0)
        err = PG_ERR_NOT_FOUND;
    if (err == PG_ERR_OK) {
        buf_puts(inputs, PQgetvalue(res, 0, 0));
        buf_puts(based_on, PQgetvalue(res, 0, 1));
        *active = strcmp(PQgetvalue(res, 0, 2), "t") == 0;
    }
    PQclear(res);
    return err;
}

enum pg_err store_assessment_insert(struct store_conn *c, const char *clinic,
                                    const struct assessment_row *a, char id[37], struct buf *json)
{
    const char *params[] = {clinic,    a->consultation_id, a->model_version,
                            a->inputs, a->based_on,        a->result};
    return store_db_insert_json(c, "insert assessment", sql_insert, 6, params, id, json);
}

enum pg_err store_assessment_get(struct store_pool *p, const char *clinic, const char *id,
                                 struct buf *json)
{
    const char *params[] = {clinic, id};
    return store_db_read_json(p, "read assessment", sql_get, 2, params, json);
}

enum pg_err store_assessment_list(struct store_pool *p, const char *clinic,
                                  const char *consultation_id, const struct store_page_req *req,
                                  struct store_page *out)
{
    char limit[16];
    snprintf(limit, sizeof limit, "%d", req->limit + 1);
    const char *params[] = {clinic, consultation_id, req->after_at, req->after_id, limit};
    return store_db_page(p, "list assessments", sql_list, 5, params, SQL_CONSULTATION_EXISTS,
                         req->limit, out);
}

enum pg_err store_assessment_day(struct store_conn *c, const char *clinic,
                                 const char *consultation_id, const char *assessment_id,
                                 char day[11])
{
    const char *params[] = {clinic, consultation_id, assessment_id};
    PGresult *res = NULL;
    enum pg_err err = store_db_exec(c, "find assessment", sql_day, 3, params, &res);
    if (err == PG_ERR_OK && PQntuples(res) == 0)
        err = PG_ERR_NOT_FOUND;
    if (err == PG_ERR_OK)
        snprintf(day, 11, "%s", PQgetvalue(res, 0, 0));
    PQclear(res);
    return err;
}
