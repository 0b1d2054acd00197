/* SQL for the records under a consultation. A finding is "current" when
 * no later active finding of the same test and side exists in its
 * consultation: the same test recorded twice is kept, the latest wins.
 * The flag is a column, kept by triggers (migration 0012). */
#include "paingen/store/records.h"

#include "paingen/store/db.h"

#include "paingen/core/parse.h"

#include <stdio.h>
#include <string.h>

/* One row always: the new id and representation, NULL when nothing was
 * inserted, then whether the consultation was found and passed the
 * guard: its region among $6 (NULL: any), the patient born on or before
 * $7 (NULL: undated). Found but not inserted: it already holds $5
 * records (it is locked: the count is exact). */
/* clang-format off */
static const char sql_insert[] =
    "WITH c AS (SELECT 1 FROM consultations c JOIN patients p "
    "  ON p.clinic_id = c.clinic_id AND p.id = c.patient_id "
    "  WHERE c.clinic_id = $1 AND c.id = $2 AND ($6::text[] IS NULL OR c.region = ANY ($6::text[])) "
    "  AND ($7::date IS NULL OR p.birth_date <= $7::date)), "
    "n AS (SELECT count(*) AS n FROM consultation_records "
    "  WHERE clinic_id = $1 AND consultation_id = $2), "
    "ins AS (INSERT INTO consultation_records AS r (clinic_id, consultation_id, kind, doc) "
    "  SELECT $1, $2, $3, $4::jsonb FROM n WHERE n.n < $5::int AND EXISTS (SELECT 1 FROM c) "
    "  RETURNING r.*), "
    "rep AS (SELECT ins.*, " RECORD_JSON("ins") " AS json FROM ins), "
    "ver AS (INSERT INTO record_versions (clinic_id, resource, id, version, status, doc) "
    "  SELECT clinic_id, kind, id, 1, status, json FROM rep) "
    "SELECT rep.id, rep.json::text, EXISTS (SELECT 1 FROM c) FROM (SELECT 1) AS one "
    "LEFT JOIN rep ON true";
/* clang-format on */

/* Takes the consultation's lock, as sql_region does, reading nothing. */
static const char sql_lock[] = "SELECT 1 FROM consultations WHERE clinic_id = $1 AND id = $2 "
                               "FOR NO KEY UPDATE";

static const char sql_get[] =
    "SELECT " RECORD_JSON("r") "::text, r.version FROM consultation_records r "
                               "WHERE r.clinic_id = $1 AND r.kind = $2 AND r.id = $3";

static const char sql_list[] = "SELECT " RECORD_JSON(
    "r") "::text, rfc3339(r.created_at), r.id "
         "FROM consultation_records r WHERE r.clinic_id = $1 AND r.consultation_id = $2 "
         "AND r.kind = $3 AND ($4::timestamptz IS NULL OR (r.created_at, r.id) > ($4, $5::uuid)) "
         "ORDER BY r.created_at, r.id LIMIT $6";

/* One row always: the record's version before the update (NULL: no such
 * record), the new representation (NULL: stale version, or no room for
 * another version under $7), the new version, and whether the record
 * had no room as this statement first read it. */
/* clang-format off */
static const char sql_update[] =
    "WITH cur AS (SELECT version, status FROM consultation_records "
    "  WHERE clinic_id = $1 AND kind = $2 AND id = $3), "
    "upd AS (UPDATE consultation_records r SET doc = $5::jsonb, status = coalesce($6, r.status), "
    "  version = r.version + 1, updated_at = clock_timestamp() "
    "  WHERE r.clinic_id = $1 AND r.kind = $2 AND r.id = $3 AND r.version = $4 "
    "  AND " VERSION_ROOM("r", "$6", "$7") " RETURNING r.*), "
    "rep AS (SELECT r.*, " RECORD_JSON("r") " AS json FROM upd r), "
    "ver AS (INSERT INTO record_versions (clinic_id, resource, id, version, status, doc) "
    "  SELECT clinic_id, kind, id, version, status, json FROM rep) "
    "SELECT (SELECT version FROM cur), rep.json::text, rep.version, "
    "  (SELECT NOT " VERSION_ROOM("cur", "$6", "$7") " FROM cur) "
    "FROM (SELECT 1) AS one LEFT JOIN rep ON true";
/* clang-format on */

static const char sql_history[] =
    "SELECT json_build_object('items', json_agg(doc ORDER BY version))::text, count(*) "
    "FROM record_versions WHERE clinic_id = $1 AND resource = $2 AND id = $3";

static const char sql_record_consultation[] = "SELECT consultation_id FROM consultation_records "
                                              "WHERE clinic_id = $1 AND kind = $2 AND id = $3";

static const char sql_record_read[] =
    "SELECT doc::text, consultation_id, status = 'active' FROM consultation_records "
    "WHERE clinic_id = $1 AND kind = $2 AND id = $3";

/* By the text the index holds (migration 0018): a treatment's id as
 * stored in its follow-ups, lower case. */
static const char sql_follow_ups[] = "SELECT " RECORD_JSON(
    "r") "::text, rfc3339(r.created_at), r.id "
         "FROM consultation_records r WHERE r.clinic_id = $1 AND r.kind = 'follow_up' "
         "AND r.doc->>'treatment_id' = $2::text "
         "AND ($3::timestamptz IS NULL OR (r.created_at, r.id) > ($3, $4::uuid)) "
         "ORDER BY r.created_at, r.id LIMIT $5";

static const char sql_treatment_exists[] =
    "SELECT 1 FROM consultation_records WHERE clinic_id = $1 AND id = $2 AND kind = 'treatment'";

/* Locks the consultation's row: record writes under it take turns. */
static const char sql_region[] =
    "SELECT c.region, p.birth_date FROM consultations c JOIN patients p "
    "ON p.clinic_id = c.clinic_id AND p.id = c.patient_id WHERE c.clinic_id = $1 AND c.id = $2 "
    "FOR NO KEY UPDATE OF c";

/* An earlier block of the consultation ($4: the block being corrected, so
 * a pair can neither point at itself nor at a later block; NULL on
 * creation). */
static const char sql_earlier_block[] =
    "SELECT b.doc::text, b.version FROM consultation_records b WHERE b.clinic_id = $1 AND "
    "b.consultation_id = $2 "
    "AND b.kind = 'block' AND b.id = $3 AND ($4::uuid IS NULL OR (b.id <> $4 AND "
    "b.created_at < (SELECT created_at FROM consultation_records WHERE clinic_id = $1 "
    "AND id = $4)))";

static int version_of(const char *text)
{
    int64_t v = 0;
    return parse_i64_range(text, 1, INT32_MAX, &v) ? (int)v : 0;
}

const char *store_record_kind_name(enum record_kind kind)
{
    switch (kind) {
    case RECORD_FINDING: return "finding";
    case RECORD_IMAGING: return "imaging";
    case RECORD_BLOCK: return "block";
    case RECORD_TREATMENT: return "treatment";
    case RECORD_FOLLOW_UP: return "follow_up";
    }
    return "finding";
}

enum pg_err store_consultation_region(struct store_conn *c, const char *clinic,
                                      const char *consultation_id, char region[16],
                                      char birth_date[11])
{
    const char *params[] = {clinic, consultation_id};
    PGresult *res = NULL;
    enum pg_err err = store_db_exec(c, "read consultation region", sql_region, 2, params, &res);
    if (err == PG_ERR_OK && PQntuples(res) == 0)
        err = PG_ERR_NOT_FOUND;
    if (err == PG_ERR_OK) {
        snprintf(region, 16, "%s", PQgetvalue(res, 0, 0));
        snprintf(birth_date, 11, "%s", PQgetvalue(res, 0, 1));
    }
    PQclear(res);
    return err;
}

enum pg_err store_earlier_block(struct store_conn *c, const char *clinic,
                                const char *consultation_id, const char *block_id, const char *self,
                                struct buf *doc, int *version)
{
    const char *params[] = {clinic, consultation_id, block_id, self};
    PGresult *res = NULL;
    enum pg_err err = store_db_exec(c, "find block", sql_earlier_block, 4, params, &res);
    if (err == PG_ERR_OK && PQntuples(res) == 0)
        err = PG_ERR_NOT_FOUND;
    if (err == PG_ERR_OK) {
        buf_append(doc, PQgetvalue(res, 0, 0), (size_t)PQgetlength(res, 0, 0));
        *version = version_of(PQgetvalue(res, 0, 1));
    }
    PQclear(res);
    return err;
}

enum pg_err store_consultation_lock(struct store_conn *c, const char *clinic,
                                    const char *consultation_id)
{
    const char *params[] = {clinic, consultation_id};
    return store_db_defer(c, "lock consultation", sql_lock, 2, params);
}

/* The guard's regions as a PostgreSQL array literal ({lumbar,knee}):
 * region names are plain words. */
static void regions_literal(const struct record_guard *g, struct buf *out)
{
    buf_puts(out, "{");
    for (size_t i = 0; i < g->n_regions; i++)
        buf_printf(out, "%s%s", i ? "," : "", g->regions[i]);
    buf_puts(out, "}");
}

enum pg_err store_record_insert(struct store_conn *c, const char *clinic, enum record_kind kind,
                                const char *consultation_id, const char *doc,
                                const struct record_guard *guard, char id[37], struct buf *json)
{
    char max[16], dated[11] = "";
    snprintf(max, sizeof max, "%d", STORE_RECORDS_MAX);
    struct buf regions = {0};
    if (guard && guard->by_region)
        regions_literal(guard, &regions);
    if (guard && guard->dated)
        snprintf(dated, sizeof dated, "%s", guard->dated); /* its date: the first 10 bytes */
    const char *params[] = {clinic,
                            consultation_id,
                            store_record_kind_name(kind),
                            doc,
                            max,
                            guard && guard->by_region ? regions.data : NULL,
                            *dated ? dated : NULL};
    PGresult *res = NULL;
    enum pg_err err = store_db_exec(c, "insert record", sql_insert, 7, params, &res);
    buf_cleanup(&regions);
    if (err == PG_ERR_OK && PQgetvalue(res, 0, 2)[0] != 't')
        err = PG_ERR_NOT_FOUND;
    else if (err == PG_ERR_OK && PQgetisnull(res, 0, 0))
        err = PG_ERR_TOO_MANY_RECORDS;
    if (err == PG_ERR_OK) {
        snprintf(id, 37, "%s", PQgetvalue(res, 0, 0));
        buf_puts(json, PQgetvalue(res, 0, 1));
    }
    PQclear(res);
    return err;
}

enum pg_err store_record_get(struct store_pool *p, const char *clinic, enum record_kind kind,
                             const char *id, struct buf *json, int *version)
{
    const char *params[] = {clinic, store_record_kind_name(kind), id};
    PGresult *res = NULL;
    enum pg_err err = store_db_read(p, "read record", sql_get, 3, params, &res);
    if (err == PG_ERR_OK && PQntuples(res) == 0)
        err = PG_ERR_NOT_FOUND;
    if (err == PG_ERR_OK) {
        buf_puts(json, PQgetvalue(res, 0, 0));
        *version = version_of(PQgetvalue(res, 0, 1));
    }
    PQclear(res);
    return err;
}

enum pg_err store_record_consultation(struct store_conn *c, const char *clinic,
                                      enum record_kind kind, const char *id,
                                      char consultation_id[37])
{
    const char *params[] = {clinic, store_record_kind_name(kind), id};
    PGresult *res = NULL;
    enum pg_err err = store_db_exec(c, "find record", sql_record_consultation, 3, params, &res);
    if (err == PG_ERR_OK && PQntuples(res) == 0)
        err = PG_ERR_NOT_FOUND;
    if (err == PG_ERR_OK)
        snprintf(consultation_id, 37, "%s", PQgetvalue(res, 0, 0));
    PQclear(res);
    return err;
}

enum pg_err store_record_read(struct store_conn *c, const char *clinic, enum record_kind kind,
                              const char *id, struct buf *doc, char consultation_id[37],
                              bool *active)
{
    const char *params[] = {clinic, store_record_kind_name(kind), id};
    PGresult *res = NULL;
    enum pg_err err = store_db_exec(c, "read record", sql_record_read, 3, params, &res);
    if (err == PG_ERR_OK && PQntuples(res) == 0)
        err = PG_ERR_NOT_FOUND;
    if (err == PG_ERR_OK) {
        buf_append(doc, PQgetvalue(res, 0, 0), (size_t)PQgetlength(res, 0, 0));
        snprintf(consultation_id, 37, "%s", PQgetvalue(res, 0, 1));
        *active = PQgetvalue(res, 0, 2)[0] == 't';
    }
    PQclear(res);
    return err;
}

enum pg_err store_record_update(struct store_conn *c, const char *clinic, enum record_kind kind,
                                const char *id, int if_version, const char *doc, const char *status,
                                struct buf *json, int *version)
{
    char expected[16], max[16];
    snprintf(expected, sizeof expected, "%d", if_version);
    snprintf(max, sizeof max, "%d", STORE_VERSIONS_MAX);
    const char *params[] = {clinic, store_record_kind_name(kind), id, expected, doc, status, max};
    PGresult *res = NULL;
    enum pg_err err = store_db_exec(c, "update record", sql_update, 7, params, &res);
    if (err == PG_ERR_OK && PQgetisnull(res, 0, 0))
        err = PG_ERR_NOT_FOUND;
    else if (err == PG_ERR_OK && PQgetisnull(res, 0, 1))
        /* no room as the statement read it is no room now (versions
         * only grow), whatever If-Match says; else the version moved on */
        err =
            PQgetvalue(res, 0, 3)[0] == 't' ? PG_ERR_TOO_MANY_VERSIONS : PG_ERR_PRECONDITION_FAILED;
    if (err == PG_ERR_OK) {
        buf_puts(json, PQgetvalue(res, 0, 1));
        *version = version_of(PQgetvalue(res, 0, 2));
    } else if (err == PG_ERR_TOO_MANY_VERSIONS) {
        *version = version_of(PQgetvalue(res, 0, 0));
    }
    PQclear(res);
    return err;
}

enum pg_err store_record_history(struct store_pool *p, const char *clinic, const char *resource,
                                 const char *id, struct buf *json)
{
    const char *params[] = {clinic, resource, id};
    PGresult *res = NULL;
    enum pg_err err = store_db_read(p, "read history", sql_history, 3, params, &res);
    if (err == PG_ERR_OK && strcmp(PQgetvalue(res, 0, 1), "0") == 0)
        err = PG_ERR_NOT_FOUND;
    if (err == PG_ERR_OK)
        buf_puts(json, PQgetvalue(res, 0, 0));
    PQclear(res);
    return err;
}

enum pg_err store_record_list(struct store_pool *p, const char *clinic, enum record_kind kind,
                              const char *consultation_id, const struct store_page_req *req,
                              struct store_page *out)
{
    char limit[16];
    snprintf(limit, sizeof limit, "%d", req->limit + 1);
    const char *params[] = {clinic,        consultation_id, store_record_kind_name(kind),
                            req->after_at, req->after_id,   limit};
    return store_db_page(p, "list records", sql_list, 6, params, SQL_CONSULTATION_EXISTS,
                         req->limit, out);
}

enum pg_err store_follow_up_list(struct store_pool *p, const char *clinic, const char *treatment_id,
                                 const struct store_page_req *req, struct store_page *out)
{
    char limit[16];
    snprintf(limit, sizeof limit, "%d", req->limit + 1);
    const char *params[] = {clinic, treatment_id, req->after_at, req->after_id, limit};
    return store_db_page(p, "list follow-ups", sql_follow_ups, 5, params, sql_treatment_exists,
                         req->limit, out);
}
