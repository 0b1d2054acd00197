/* SQL of the calibration report: one statement over the narrow rows
 * triggers keep as assessments and records are written
 * (assessment_predictions and outcome_facts, migration 0019), never the
 * stored documents. */
#include "paingen/store/calibration.h"

#include "paingen/store/db.h"

#include "paingen/core/parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* clang-format off */

/* Whether an assessment is in scope, by its region r, model version m
 * and time t, and consultation c ($1 clinic): $2 region, $3 model
 * version, $4 from, $5 to (NULL: any), of a consultation not entered in
 * error. */
#define IN_SCOPE(r, m, t, c)                                                               \
    "($2::text IS NULL OR " r " = $2) AND ($3::text IS NULL OR " m " = $3) "               \
    "AND ($4::timestamptz IS NULL OR " t " >= $4) "                                        \
    "AND ($5::timestamptz IS NULL OR " t " < $5) "                                         \
    "AND NOT EXISTS (SELECT 1 FROM consultations c WHERE c.clinic_id = $1 "                \
    "  AND c.id = " c " AND c.status = 'entered_in_error')"

/* The same of an outcome fact f, by what it copied of its assessment. */
#define FACT_IN_SCOPE(f) IN_SCOPE(f ".a_region", f ".a_model", f ".a_created", f ".consultation_id")

/* The assessments in scope, alias a, with the predicted source and its
 * probability. */
#define SCOPE                                                                              \
    "a AS MATERIALIZED (SELECT p.assessment_id, p.consultation_id, p.created_at, "         \
    "    p.generators[1] COLLATE \"C\" AS top, p.posteriors[1] AS top_p "                   \
    "  FROM assessment_predictions p WHERE p.clinic_id = $1 AND "                          \
    IN_SCOPE("p.region", "p.model_version", "p.created_at", "p.consultation_id") ")"

/* $6, $7, $8: the map's targets, groups and generators, as arrays. Codes
 * are compared and sorted byte by byte (COLLATE "C"): they are plain
 * words, and a collation's rules cost a sort of 100,000 rows dearly. One
 * statement, the scope computed once, with a row kind in its first
 * column (store/calibration.h). It reads what triggers keep as records
 * are written (outcome_facts, migration 0019), so that it scans, joins
 * and counts and hardly sorts.
 *
 * Diagnosis. A consultation's index assessment is the one that stood
 * when its first block after an assessment was recorded (its first
 * block's of_id), or, never so blocked, its latest in scope; the scope
 * selects consultations by it. Its references are the latest block of
 * each mapped target, and of each group the latest of its targets'.
 *
 * Treatment response. Follow-ups (the latest of each treatment and time
 * point) of active treatments of an assessment in scope, counted by what
 * they carry of their treatment: placement, source, band, response. */
static const char sql_report[] =
    "WITH map AS (SELECT * FROM unnest($6::text[], $7::text[], $8::text[]) AS m(target, grp, gen)), "
    "targets AS (SELECT DISTINCT target, grp COLLATE \"C\" AS grp FROM map), "
    SCOPE ", "
    "ix AS MATERIALIZED (SELECT f.consultation_id, f.a_generators AS generators, "
    "    f.a_posteriors AS posteriors, f.a_generators[1] COLLATE \"C\" AS top, "
    "    f.a_posteriors[1] AS top_p "
    "  FROM outcome_facts f "
    "  WHERE f.clinic_id = $1 AND f.kind = 'block' AND f.first_block AND " FACT_IN_SCOPE("f") "), "
    "latest AS (SELECT DISTINCT ON (f.consultation_id, t.grp) f.consultation_id, t.grp, f.reading "
    "  FROM outcome_facts f JOIN targets t ON t.target = f.code "
    "  WHERE f.clinic_id = $1 AND f.kind = 'block' AND f.current AND f.of_id IS NOT NULL "
    "  ORDER BY f.consultation_id, t.grp, f.created_at DESC, f.record_id DESC), "
    /* a group's probability: the sum of its generators' (at most 4) */
    "gm AS (SELECT grp COLLATE \"C\" AS grp, array_agg(DISTINCT gen) AS g FROM map GROUP BY grp), "
    "pairs AS MATERIALIZED (SELECT l.consultation_id, l.grp, l.reading, "
    "    coalesce(i.posteriors[array_position(i.generators, gm.g[1])], 0) "
    "    + coalesce(i.posteriors[array_position(i.generators, gm.g[2])], 0) "
    "    + coalesce(i.posteriors[array_position(i.generators, gm.g[3])], 0) "
    "    + coalesce(i.posteriors[array_position(i.generators, gm.g[4])], 0) AS p "
    "  FROM latest l JOIN ix i USING (consultation_id) JOIN gm ON gm.grp = l.grp), "
    /* verified: a reference read positive or negative; else indeterminate;
     * never blocked: unverified, by the latest assessment in scope */
    "states AS (SELECT i.top, i.top_p, CASE WHEN v.determinate THEN 'verified' "
    "    ELSE 'indeterminate' END AS state FROM ix i JOIN (SELECT consultation_id, "
    "    bool_or(reading <> 'indeterminate') AS determinate FROM pairs GROUP BY consultation_id) v "
    "    ON v.consultation_id = i.consultation_id "
    "  UNION ALL SELECT * FROM (SELECT DISTINCT ON (consultation_id) top, top_p, 'unverified' "
    "    FROM a WHERE NOT EXISTS (SELECT 1 FROM ix WHERE ix.consultation_id = a.consultation_id) "
    "    ORDER BY consultation_id, created_at DESC, assessment_id DESC) u), "
    "r AS (SELECT f.placement, f.gen COLLATE \"C\" AS gen, f.code COLLATE \"C\" AS tp, f.band, "
    "    f.response FROM outcome_facts f "
    "  WHERE f.clinic_id = $1 AND f.kind = 'follow_up' AND f.current AND f.t_current "
    "  AND f.t_assessment IS NOT NULL AND " FACT_IN_SCOPE("f") "), "
    /* the CDS Hooks cards that showed an assessment in scope */
    "k AS (SELECT k.id FROM cds_cards k JOIN a ON a.assessment_id = k.assessment_id "
    "  WHERE k.clinic_id = $1), "
    "fb AS (SELECT f.* FROM cds_feedback f JOIN k ON k.id = f.card_id WHERE f.clinic_id = $1) "
    "(SELECT 'pair', grp, NULL, NULL, NULL, NULL::int, p, reading = 'positive', NULL::bigint, "
    "  NULL::float8 FROM pairs WHERE reading <> 'indeterminate' LIMIT $9) "
    "UNION ALL SELECT 'indeterminate', grp, NULL, NULL, NULL, NULL, NULL, NULL, count(*), NULL "
    "  FROM pairs WHERE reading = 'indeterminate' GROUP BY grp "
    "UNION ALL SELECT 'state', state, top, NULL, NULL, NULL, NULL, NULL, count(*), sum(top_p) "
    "  FROM states GROUP BY state, top "
    "UNION ALL SELECT 'response', (ARRAY['no_source', 'predicted', 'elsewhere'])[placement + 1], "
    "  gen, tp, (ARRAY['substantial', 'moderate', 'none', 'unknown', 'lost'])[response + 1], "
    "  band, NULL, NULL, count(*), NULL FROM r GROUP BY placement, gen, tp, band, response "
    "UNION ALL SELECT 'cds', json_build_object('cards', (SELECT count(*) FROM k), "
    "  'cards_with_feedback', (SELECT count(DISTINCT card_id) FROM fb), "
    "  'accepted', (SELECT count(*) FROM fb WHERE outcome = 'accepted'), "
    "  'overridden', (SELECT count(*) FROM fb WHERE outcome = 'overridden'), "
    "  'override_reasons', coalesce((SELECT json_agg(json_build_object('system', s, 'code', c, "
    "      'display', d, 'n', n) ORDER BY n DESC, s, c) "
    "    FROM (SELECT override_system AS s, override_code AS c, max(override_display) AS d, "
    "      count(*) AS n FROM fb WHERE outcome = 'overridden' AND override_code IS NOT NULL "
    "      GROUP BY 1, 2) x), '[]'))::text, "
    "  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL";

/* clang-format on */

/* The report joins and groups whole sets (a clinic's assessments,
 * blocks, treatments, follow-ups) through CTEs whose sizes the planner
 * estimates poorly: before the tables had been analysed it took 2,000
 * rows for 1 and chose nested loops, quadratic (1.2 s for 2,000
 * patients); after, it still sorted 200,000 follow-ups to group them
 * into a thousand cells (0.5 s). Hash joins and hash aggregation suit
 * these sets at any size; a sort stays only where nothing else can do
 * (DISTINCT ON), and a large clinic's fit in work_mem. Local to the
 * request's transaction (is_local), as PgBouncer's transaction pooling
 * needs. */
static const char sql_planner[] = "SELECT set_config('enable_nestloop', 'off', true), "
                                  "set_config('enable_sort', 'off', true), "
                                  "set_config('work_mem', '64MB', true)";

static enum pg_err planner(struct store_pool *p)
{
    PGresult *res = NULL;
    enum pg_err err = store_db_read(p, "set the report's planner", sql_planner, 0, NULL, &res);
    PQclear(res);
    return err;
}

/* items as a PostgreSQL array literal ({a,b}): codes are plain words. */
static void array_literal(const char *const *items, size_t n, struct buf *out)
{
    buf_puts(out, "{");
    for (size_t i = 0; i < n; i++)
        buf_printf(out, "%s%s", i ? "," : "", items[i]);
    buf_puts(out, "}");
}

static double real_of(const PGresult *res, int row, int col)
{
    return PQgetisnull(res, row, col) ? 0 : strtod(PQgetvalue(res, row, col), NULL);
}

static long long count_of(const PGresult *res, int row, int col)
{
    int64_t n = 0;
    return !PQgetisnull(res, row, col) && parse_i64(PQgetvalue(res, row, col), &n) ? (long long)n
                                                                                   : 0;
}

static const char *text_of(const PGresult *res, int row, int col)
{
    return PQgetisnull(res, row, col) ? NULL : PQgetvalue(res, row, col);
}

enum pg_err store_calibration_read(struct store_pool *p, const char *clinic,
                                   const struct calibration_scope *s,
                                   const struct calibration_map *m, calibration_row_fn *fn,
                                   void *arg)
{
    struct buf targets = {0}, groups = {0}, gens = {0};
    array_literal(m->targets, m->n, &targets);
    array_literal(m->groups, m->n, &groups);
    array_literal(m->generators, m->n, &gens);
    char limit[24];
    snprintf(limit, sizeof limit, "%d", STORE_CALIBRATION_MAX_PAIRS + 1);
    const char *params[] = {clinic,       s->region,   s->model_version, s->from, s->to,
                            targets.data, groups.data, gens.data,        limit};
    PGresult *res = NULL;
    enum pg_err err = planner(p);
    if (err == PG_ERR_OK)
        err = store_db_read(p, "read the calibration report", sql_report, 9, params, &res);
    buf_cleanup(&targets);
    buf_cleanup(&groups);
    buf_cleanup(&gens);
    long long pairs = 0;
    for (int i = 0; err == PG_ERR_OK && i < PQntuples(res); i++)
        pairs += strcmp(PQgetvalue(res, i, 0), "pair") == 0;
    if (err == PG_ERR_OK && pairs > STORE_CALIBRATION_MAX_PAIRS)
        err = PG_ERR_TOO_MANY_RECORDS;
    for (int i = 0; err == PG_ERR_OK && i < PQntuples(res); i++) {
        int64_t band = -1;
        if (!PQgetisnull(res, i, 5))
            (void)parse_i64(PQgetvalue(res, i, 5), &band);
        struct calibration_row row = {.kind = PQgetvalue(res, i, 0),
                                      .key = text_of(res, i, 1),
                                      .gen = text_of(res, i, 2),
                                      .time_point = text_of(res, i, 3),
                                      .response = text_of(res, i, 4),
                                      .band = (int)band,
                                      .p = real_of(res, i, 6),
                                      .y = PQgetvalue(res, i, 7)[0] == 't',
                                      .n = count_of(res, i, 8),
                                      .sum_p = real_of(res, i, 9)};
        fn(arg, &row);
    }
    PQclear(res);
    return err;
}
