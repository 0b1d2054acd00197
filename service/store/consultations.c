/* Consultations SQL. The representation is the stored document plus the
 * columns the database owns (ids, times, version, status), kept with the
 * row. */
#include "paingen/store/consultations.h"

#include "paingen/store/db.h"
#include "paingen/store/records.h"

#include "paingen/core/parse.h"

#include <stdio.h>
#include <string.h>

/* One row always: whether the patient exists, then the new id and JSON
 * (NULL when the patient is missing or born after occurred_at). */
static const char sql_insert[] =
    "WITH p AS (SELECT birth_date FROM patients WHERE clinic_id = $1 AND id = $2), "
    "ins AS (INSERT INTO consultations AS c (clinic_id, patient_id, region, occurred_at, doc) "
    "  SELECT $1, $2, $3, $4::timestamptz, $5::jsonb FROM p "
    "  WHERE p.birth_date <= ($4::timestamptz AT TIME ZONE 'UTC')::date "
    "  RETURNING c.clinic_id, c.id, c.status, " CONSULTATION_JSON(
        "c") " AS rep), "
             "ver AS (INSERT INTO record_versions (clinic_id, resource, id, version, status, doc) "
             "  SELECT clinic_id, 'consultation', id, 1, status, rep FROM ins) "
             "SELECT (SELECT count(*) FROM p), ins.id, ins.rep::text "
             "FROM (SELECT 1) AS one LEFT JOIN ins ON true";

/* The first $3 records of one kind under the consultation ($1, $2),
 * oldest first. By the parameters, not c's columns: the planner then
 * knows which consultation it reads (a correlated c.id would be estimated
 * as an average one, and one consultation with thousands of records made
 * it scan the whole table for every other). */
/* clang-format off */
#define EMBEDDED(kind)                                                                     \
    "coalesce((SELECT jsonb_agg(" RECORD_JSON("r") " ORDER BY r.created_at, r.id) "        \
    "  FROM (SELECT * FROM consultation_records "                                          \
    "    WHERE clinic_id = $1 AND consultation_id = $2 AND kind = '" kind "' "             \
    "    ORDER BY created_at, id LIMIT $3) r), '[]'::jsonb)"

/* How many records of the kind there are (alias n), and the sort key of
 * the $3rd (alias l), after which a page of the rest starts. */
#define REST(kind, n, l)                                                                   \
    " CROSS JOIN (SELECT count(*) AS n FROM consultation_records "                         \
    "  WHERE clinic_id = $1 AND consultation_id = $2 AND kind = '" kind "') " n            \
    " LEFT JOIN (SELECT rfc3339(created_at) AS at, id FROM consultation_records "          \
    "  WHERE clinic_id = $1 AND consultation_id = $2 AND kind = '" kind "' "               \
    "  ORDER BY created_at, id OFFSET $3::int - 1 LIMIT 1) " l " ON true"

static const char sql_get[] =
    "SELECT (" CONSULTATION_JSON("c") " || jsonb_build_object("
    "  'findings', " EMBEDDED("finding") ","
    "  'imaging', " EMBEDDED("imaging") ","
    "  'blocks', " EMBEDDED("block") "))::text, c.version, "
    "  fn.n, fl.at, fl.id, imn.n, iml.at, iml.id, bn.n, bl.at, bl.id "
    "FROM consultations c"
    REST("finding", "fn", "fl") REST("imaging", "imn", "iml") REST("block", "bn", "bl")
    " WHERE c.clinic_id = $1 AND c.id = $2";
/* clang-format on */

/* One row always: the current version and region (NULL: no such
 * consultation), the new representation and version (NULL: not
 * updated), whether occurred_at is on or after the birth date, and
 * whether the consultation had no room for another version under $8 as
 * this statement first read it (VERSION_ROOM, store/records.h). */
/* clang-format off */
static const char sql_update[] =
    "WITH cur AS (SELECT version, region, status FROM consultations "
    "  WHERE clinic_id = $1 AND id = $2), "
    "upd AS (UPDATE consultations c SET doc = $6::jsonb, occurred_at = $5::timestamptz, "
    "  status = coalesce($7, c.status), version = c.version + 1, "
    "  updated_at = clock_timestamp() "
    "  WHERE c.clinic_id = $1 AND c.id = $2 AND c.version = $3 AND c.region = $4 "
    "  AND " VERSION_ROOM("c", "$7", "$8") " "
    "  AND (SELECT birth_date FROM patients p WHERE p.clinic_id = $1 AND p.id = c.patient_id) "
    "      <= ($5::timestamptz AT TIME ZONE 'UTC')::date "
    "  RETURNING c.*), "
    "rep AS (SELECT c.*, " CONSULTATION_JSON("c") " AS json FROM upd c), "
    "ver AS (INSERT INTO record_versions (clinic_id, resource, id, version, status, doc) "
    "  SELECT clinic_id, 'consultation', id, version, status, json FROM rep) "
    "SELECT (SELECT version FROM cur), (SELECT region FROM cur), rep.json::text, rep.version, "
    "  (SELECT p.birth_date <= ($5::timestamptz AT TIME ZONE 'UTC')::date "
    "   FROM consultations c JOIN patients p ON p.clinic_id = c.clinic_id AND p.id = c.patient_id "
    "   WHERE c.clinic_id = $1 AND c.id = $2), "
    "  (SELECT NOT " VERSION_ROOM("cur", "$7", "$8") " FROM cur) "
    "FROM (SELECT 1) AS one LEFT JOIN rep ON true";
/* clang-format on */

static const char sql_list[] = "SELECT " CONSULTATION_JSON(
    "c") "::text, rfc3339(c.created_at), c.id "
         "FROM consultations c WHERE c.clinic_id = $1 AND c.patient_id = $2 "
         "AND ($3::timestamptz IS NULL OR (c.created_at, c.id) > ($3, $4::uuid)) "
         "ORDER BY c.created_at, c.id LIMIT $5";

static const char sql_patient_exists[] = "SELECT 1 FROM patients WHERE clinic_id = $1 AND id = $2";

enum pg_err store_consultation_insert(struct store_conn *c, const char *clinic,
                                      const struct consultation_fields *f, char id[37],
                                      struct buf *json)
{
    const char *params[] = {clinic, f->patient_id, f->region, f->occurred_at, f->doc};
    PGresult *res = NULL;
    enum pg_err err = store_db_exec(c, "insert consultation", sql_insert, 5, params, &res);
    if (err == PG_ERR_OK && PQgetvalue(res, 0, 0)[0] == '0')
        err = PG_ERR_NOT_FOUND;
    else if (err == PG_ERR_OK && PQgetisnull(res, 0, 1))
        err = PG_ERR_INVALID;
    if (err == PG_ERR_OK) {
        snprintf(id, 37, "%s", PQgetvalue(res, 0, 1));
        buf_puts(json, PQgetvalue(res, 0, 2));
    }
    PQclear(res);
    return err;
}

/* The columns of a kind's rest, after the representation and version. */
static void read_rest(const PGresult *res, int col, struct store_embed_rest *rest)
{
    int64_t n = 0;
    rest->total = parse_i64(PQgetvalue(res, 0, col), &n) ? n : 0;
    snprintf(rest->last_at, sizeof rest->last_at, "%s", PQgetvalue(res, 0, col + 1));
    snprintf(rest->last_id, sizeof rest->last_id, "%s", PQgetvalue(res, 0, col + 2));
}

enum pg_err store_consultation_get(struct store_pool *p, const char *clinic, const char *id,
                                   struct buf *json, int *version,
                                   struct store_embed_rest rest[STORE_EMBED_KINDS])
{
    char max[16];
    snprintf(max, sizeof max, "%d", STORE_EMBED_MAX);
    const char *params[] = {clinic, id, max};
    PGresult *res = NULL;
    enum pg_err err = store_db_read(p, "read consultation", sql_get, 3, params, &res);
    int64_t v = 0;
    if (err == PG_ERR_OK && PQntuples(res) == 0)
        err = PG_ERR_NOT_FOUND;
    if (err == PG_ERR_OK) {
        buf_puts(json, PQgetvalue(res, 0, 0));
        *version = parse_i64(PQgetvalue(res, 0, 1), &v) ? (int)v : 0;
        for (int k = 0; k < STORE_EMBED_KINDS; k++)
            read_rest(res, 2 + 3 * k, &rest[k]);
    }
    PQclear(res);
    return err;
}

enum pg_err store_consultation_update(struct store_conn *c, const char *clinic, const char *id,
                                      int if_version, const struct consultation_fields *f,
                                      const char *status, struct buf *json, int *version)
{
    char expected[16], max[16];
    snprintf(expected, sizeof expected, "%d", if_version);
    snprintf(max, sizeof max, "%d", STORE_VERSIONS_MAX);
    const char *params[] = {clinic, id, expected, f->region, f->occurred_at, f->doc, status, max};
    PGresult *res = NULL;
    enum pg_err err = store_db_exec(c, "update consultation", sql_update, 8, params, &res);
    int64_t v = 0;
    if (err == PG_ERR_OK && PQgetisnull(res, 0, 0))
        err = PG_ERR_NOT_FOUND;
    else if (err == PG_ERR_OK && PQgetisnull(res, 0, 2)) {
        /* Not updated: the region or the birth date refused it, or else
         * it had no room for another version (versions only grow: it has
         * none still, whatever If-Match says), or else the version moved
         * on (perhaps while this statement waited for a concurrent
         * update, after cur was read). */
        if (strcmp(PQgetvalue(res, 0, 1), f->region) != 0)
            err = PG_ERR_INVALID_REGION;
        else if (PQgetvalue(res, 0, 4)[0] == 'f')
            err = PG_ERR_INVALID;
        else if (PQgetvalue(res, 0, 5)[0] == 't')
            err = PG_ERR_TOO_MANY_VERSIONS;
        else
            err = PG_ERR_PRECONDITION_FAILED;
    }
    if (err == PG_ERR_OK) {
        buf_puts(json, PQgetvalue(res, 0, 2));
        *version = parse_i64(PQgetvalue(res, 0, 3), &v) ? (int)v : 0;
    } else if (err == PG_ERR_TOO_MANY_VERSIONS) {
        *version = parse_i64(PQgetvalue(res, 0, 0), &v) ? (int)v : 0;
    }
    PQclear(res);
    return err;
}

enum pg_err store_consultation_list(struct store_pool *p, const char *clinic,
                                    const char *patient_id, const struct store_page_req *req,
                                    struct store_page *out)
{
    char limit[16];
    snprintf(limit, sizeof limit, "%d", req->limit + 1);
    const char *params[] = {clinic, patient_id, req->after_at, req->after_id, limit};
    return store_db_page(p, "list consultations", sql_list, 5, params, sql_patient_exists,
                         req->limit, out);
}
