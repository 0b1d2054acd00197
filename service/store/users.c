/* SQL for people's accounts. */
#include "paingen/store/users.h"

#include "paingen/store/db.h"

#include <stdio.h>
#include <string.h>

/* clang-format off */
#define USER_JSON(u)                                                                          \
    "json_build_object('id', " u ".id, 'clinic_id', " u ".clinic_id, 'email', " u ".email, "   \
    "'name', " u ".name, 'role', " u ".role, "                                                \
    "'status', CASE WHEN " u ".disabled_at IS NULL THEN 'active' ELSE 'disabled' END, "       \
    "'created_at', rfc3339(" u ".created_at), 'disabled_at', rfc3339(" u ".disabled_at))"

/* one row whether or not the email names a person: its key first */
static const char sql_authenticate[] =
    "SELECT encode(sha256(convert_to(lower($1::text), 'UTF8')), 'hex'), "
    "  a.id, a.clinic_id, a.role, a.password_hash, a.disabled "
    "FROM (VALUES (1)) one LEFT JOIN authenticate_user($1::text) a ON true";

static const char sql_insert[] =
    "INSERT INTO users AS u (clinic_id, email, name, role, password_hash) "
    "SELECT c.id, $2, $3, $4, $5 FROM clinics c WHERE c.id = $1 "
    "RETURNING u.id, " USER_JSON("u") "::text";

static const char sql_list[] =
    "SELECT " USER_JSON("u") "::text, rfc3339(u.created_at), u.id FROM users u "
    "WHERE u.clinic_id = $1 AND ($2::timestamptz IS NULL OR (u.created_at, u.id) > ($2, $3::uuid)) "
    "ORDER BY u.created_at, u.id LIMIT $4";

static const char sql_get[] =
    "SELECT " USER_JSON("u") "::text FROM users u WHERE u.clinic_id = $1 AND u.id = $2";

/* the sessions end in the same statement: none outlives the disabling */
static const char sql_disable[] =
    "WITH ended AS ("
    "  UPDATE sessions s SET ended_at = clock_timestamp() "
    "  WHERE s.clinic_id = $1 AND s.user_id = $2 AND s.ended_at IS NULL RETURNING 1) "
    "UPDATE users u SET disabled_at = coalesce(u.disabled_at, clock_timestamp()) "
    "WHERE u.clinic_id = $1 AND u.id = $2 RETURNING " USER_JSON("u") "::text";

static const char sql_rehash[] =
    "UPDATE users SET password_hash = $3 WHERE clinic_id = $1 AND id = $2";

/* a clinic's admin chose the email and name: shown SQL_PRINTABLE */
static const char sql_list_all[] =
    "SELECT string_agg(u.id || '  ' || u.clinic_id || '  ' || u.role || '  ' || "
    "  CASE WHEN u.disabled_at IS NULL THEN 'active' ELSE 'disabled' END || '  ' || "
    "  " SQL_PRINTABLE("u.email") " || '  ' || " SQL_PRINTABLE("u.name") ", chr(10) "
    "  ORDER BY u.created_at, u.id) FROM users u";

static const char sql_disable_any[] =
    "WITH ended AS ("
    "  UPDATE sessions s SET ended_at = clock_timestamp() "
    "  WHERE s.user_id = $1 AND s.ended_at IS NULL RETURNING 1) "
    "UPDATE users SET disabled_at = coalesce(disabled_at, clock_timestamp()) WHERE id = $1 "
    "RETURNING 1";
/* clang-format on */

enum pg_err store_user_authenticate(struct store_conn *c, const char *email, struct user_auth *out)
{
    const char *params[] = {email};
    PGresult *res = NULL;
    *out = (struct user_auth){0};
    enum pg_err err = store_db_exec(c, "authenticate user", sql_authenticate, 1, params, &res);
    if (err == PG_ERR_OK && PQntuples(res) != 1)
        err = PG_ERR_INTERNAL;
    if (err == PG_ERR_OK) {
        snprintf(out->email_key, sizeof out->email_key, "%s", PQgetvalue(res, 0, 0));
        if (PQgetisnull(res, 0, 1))
            err = PG_ERR_NOT_FOUND;
    }
    if (err == PG_ERR_OK) {
        snprintf(out->id, sizeof out->id, "%s", PQgetvalue(res, 0, 1));
        snprintf(out->clinic, sizeof out->clinic, "%s", PQgetvalue(res, 0, 2));
        snprintf(out->role, sizeof out->role, "%s", PQgetvalue(res, 0, 3));
        /* a hash that does not fit is cut, and then never matches */
        snprintf(out->password_hash, sizeof out->password_hash, "%s", PQgetvalue(res, 0, 4));
        out->disabled = PQgetvalue(res, 0, 5)[0] == 't';
    }
    PQclear(res);
    return err;
}

enum pg_err store_user_insert(struct store_conn *c, const struct user_fields *f, char id[37],
                              struct buf *json)
{
    const char *params[] = {f->clinic, f->email, f->name, f->role, f->password_hash};
    return store_db_insert_json(c, "insert user", sql_insert, 5, params, id, json);
}

enum pg_err store_user_list(struct store_pool *p, const char *clinic,
                            const struct store_page_req *req, struct store_page *out)
{
    char limit[16];
    snprintf(limit, sizeof limit, "%d", req->limit + 1);
    const char *params[] = {clinic, req->after_at, req->after_id, limit};
    return store_db_page(p, "list users", sql_list, 4, params, NULL, req->limit, out);
}

enum pg_err store_user_get(struct store_pool *p, const char *clinic, const char *id,
                           struct buf *json)
{
    const char *params[] = {clinic, id};
    return store_db_read_json(p, "read user", sql_get, 2, params, json);
}

enum pg_err store_user_disable(struct store_pool *p, const char *clinic, const char *id,
                               struct buf *json)
{
    const char *params[] = {clinic, id};
    return store_db_read_json(p, "disable user", sql_disable, 2, params, json);
}

enum pg_err store_user_rehash(struct store_conn *c, const char *clinic, const char *id,
                              const char *password_hash)
{
    const char *params[] = {clinic, id, password_hash};
    return store_db_defer(c, "rehash user password", sql_rehash, 3, params);
}

enum pg_err store_user_list_all(struct store_conn *c, struct buf *text)
{
    PGresult *res = NULL;
    enum pg_err err = store_db_exec(c, "list users", sql_list_all, 0, NULL, &res);
    if (err == PG_ERR_OK && !PQgetisnull(res, 0, 0))
        buf_printf(text, "%s\n", PQgetvalue(res, 0, 0));
    PQclear(res);
    return err;
}

enum pg_err store_user_disable_any(struct store_conn *c, const char *id)
{
    const char *params[] = {id};
    PGresult *res = NULL;
    enum pg_err err = store_db_exec(c, "disable user", sql_disable_any, 1, params, &res);
    if (err == PG_ERR_OK && PQntuples(res) == 0)
        err = PG_ERR_NOT_FOUND;
    PQclear(res);
    return err;
}
