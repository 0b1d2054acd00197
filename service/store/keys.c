/* SQL for API keys and clinics. */
#include "paingen/store/keys.h"

#include "paingen/store/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* clang-format off */
#define KEY_JSON(k)                                                                        \
    "json_build_object('id', " k ".id, 'clinic_id', " k ".clinic_id, 'role', " k ".role, " \
    "'name', " k ".name, 'created_at', rfc3339(" k ".created_at), "                        \
    "'expires_at', rfc3339(" k ".expires_at), 'revoked_at', rfc3339(" k ".revoked_at))"

static const char sql_authenticate[] =
    "SELECT clinic_id, role, encode(secret_hash, 'hex'), expired, revoked, valid_for_s "
    "FROM authenticate_key($1::uuid)";

static const char sql_insert[] =
    "INSERT INTO api_keys AS k (clinic_id, role, name, secret_hash, expires_at) "
    "SELECT c.id, $2, $3, decode($4, 'hex'), $5::timestamptz FROM clinics c WHERE c.id = $1 "
    "RETURNING k.id, " KEY_JSON("k") "::text";

static const char sql_list[] =
    "SELECT " KEY_JSON("k") "::text, rfc3339(k.created_at), k.id FROM api_keys k "
    "WHERE k.clinic_id = $1 AND ($2::timestamptz IS NULL OR (k.created_at, k.id) > ($2, $3::uuid)) "
    "ORDER BY k.created_at, k.id LIMIT $4";

static const char sql_revoke[] =
    "UPDATE api_keys k SET revoked_at = coalesce(k.revoked_at, clock_timestamp()) "
    "WHERE k.clinic_id = $1 AND k.id = $2 RETURNING " KEY_JSON("k") "::text";

static const char sql_clinic_insert[] = "INSERT INTO clinics (name) VALUES ($1) RETURNING id";

static const char sql_clinic_list[] =
    "SELECT string_agg(id || '  ' || name, chr(10) ORDER BY created_at, id) FROM clinics";

/* a key's name is a clinic admin's choice: shown SQL_PRINTABLE */
static const char sql_list_all[] =
    "SELECT string_agg(k.id || '  ' || k.clinic_id || '  ' || k.role || '  ' || "
    "  CASE WHEN k.revoked_at IS NOT NULL THEN 'revoked' "
    "       WHEN k.expires_at <= now() THEN 'expired' ELSE 'active' END || '  ' || "
    "  " SQL_PRINTABLE("k.name") ", "
    "  chr(10) ORDER BY k.created_at, k.id) FROM api_keys k";

static const char sql_revoke_any[] =
    "UPDATE api_keys SET revoked_at = coalesce(revoked_at, clock_timestamp()) WHERE id = $1 "
    "RETURNING 1";
/* clang-format on */

static int hex_value(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static bool from_hex(const char *hex, uint8_t *out, size_t n)
{
    if (strlen(hex) != 2 * n)
        return false;
    for (size_t i = 0; i < n; i++) {
        int hi = hex_value(hex[2 * i]), lo = hex_value(hex[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return false;
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    return true;
}

enum pg_err store_key_authenticate(struct store_conn *c, const char *key_id, struct key_auth *out)
{
    const char *params[] = {key_id};
    PGresult *res = NULL;
    enum pg_err err = store_db_exec(c, "authenticate key", sql_authenticate, 1, params, &res);
    if (err == PG_ERR_OK && PQntuples(res) == 0)
        err = PG_ERR_NOT_FOUND;
    if (err == PG_ERR_OK) {
        snprintf(out->clinic, sizeof out->clinic, "%s", PQgetvalue(res, 0, 0));
        snprintf(out->role, sizeof out->role, "%s", PQgetvalue(res, 0, 1));
        if (!from_hex(PQgetvalue(res, 0, 2), out->secret_hash, sizeof out->secret_hash))
            err = PG_ERR_INTERNAL;
        out->expired = PQgetvalue(res, 0, 3)[0] == 't';
        out->revoked = PQgetvalue(res, 0, 4)[0] == 't';
        out->valid_for_s = PQgetisnull(res, 0, 5) ? -1 : strtod(PQgetvalue(res, 0, 5), NULL);
    }
    PQclear(res);
    return err;
}

enum pg_err store_key_insert(struct store_conn *c, const struct key_fields *f, char id[37],
                             struct buf *json)
{
    const char *params[] = {f->clinic, f->role, f->name, f->secret_hash_hex, f->expires_at};
    return store_db_insert_json(c, "insert key", sql_insert, 5, params, id, json);
}

enum pg_err store_key_list(struct store_pool *p, const char *clinic,
                           const struct store_page_req *req, struct store_page *out)
{
    char limit[16];
    snprintf(limit, sizeof limit, "%d", req->limit + 1);
    const char *params[] = {clinic, req->after_at, req->after_id, limit};
    return store_db_page(p, "list keys", sql_list, 4, params, NULL, req->limit, out);
}

enum pg_err store_key_revoke(struct store_pool *p, const char *clinic, const char *id,
                             struct buf *json)
{
    const char *params[] = {clinic, id};
    return store_db_read_json(p, "revoke key", sql_revoke, 2, params, json);
}

enum pg_err store_clinic_insert(struct store_conn *c, const char *name, char id[37])
{
    const char *params[] = {name};
    PGresult *res = NULL;
    enum pg_err err = store_db_exec(c, "insert clinic", sql_clinic_insert, 1, params, &res);
    if (err == PG_ERR_OK)
        snprintf(id, 37, "%s", PQgetvalue(res, 0, 0));
    PQclear(res);
    return err;
}

static enum pg_err text_of(struct store_conn *c, const char *what, const char *sql,
                           struct buf *text)
{
    PGresult *res = NULL;
    enum pg_err err = store_db_exec(c, what, sql, 0, NULL, &res);
    if (err == PG_ERR_OK && !PQgetisnull(res, 0, 0))
        buf_printf(text, "%s\n", PQgetvalue(res, 0, 0));
    PQclear(res);
    return err;
}

enum pg_err store_clinic_list(struct store_conn *c, struct buf *text)
{
    return text_of(c, "list clinics", sql_clinic_list, text);
}

enum pg_err store_key_list_all(struct store_conn *c, struct buf *text)
{
    return text_of(c, "list keys", sql_list_all, text);
}

enum pg_err store_key_revoke_any(struct store_conn *c, const char *id)
{
    const char *params[] = {id};
    PGresult *res = NULL;
    enum pg_err err = store_db_exec(c, "revoke key", sql_revoke_any, 1, params, &res);
    if (err == PG_ERR_OK && PQntuples(res) == 0)
        err = PG_ERR_NOT_FOUND;
    PQclear(res);
    return err;
}
