/* SQL for people's sessions. */
#include "paingen/store/sessions.h"

#include "paingen/core/parse.h"
#include "paingen/store/db.h"

#include <stdio.h>

/* clang-format off */
/* the columns both queries answer with, read by info_of */
#define USER_OBJECT(u)                                                                       \
    "json_build_object('id', " u ".id, 'email', " u ".email, 'name', " u ".name, "          \
    "'role', " u ".role, 'clinic_id', " u ".clinic_id)::text"

static const char sql_authenticate[] =
    "SELECT a.clinic_id, a.user_id, a.role, a.csrf_token, a.expires_at, a.idle_timeout_seconds, "
    "  a.state, json_build_object('id', a.user_id, 'email', a.email, 'name', a.name, "
    "    'role', a.role, 'clinic_id', a.clinic_id)::text "
    "FROM authenticate_session(decode($1, 'hex')) a";

static const char sql_sweep[] =
    "DELETE FROM sessions WHERE clinic_id = $1 AND user_id = $2 "
    "AND coalesce(ended_at, least(expires_at, "
    "  last_seen_at + make_interval(secs => idle_timeout_seconds))) < now() - interval '1 day'";

/* no row when the person is gone: then nothing is inserted either */
static const char sql_insert[] =
    "WITH s AS ("
    "  INSERT INTO sessions (clinic_id, id, user_id, csrf_token, idle_timeout_seconds, expires_at, "
    "    client_addr) "
    "  SELECT u.clinic_id, decode($2, 'hex'), u.id, $4, $5::integer, "
    "    clock_timestamp() + make_interval(secs => $6::integer), $7 "
    "  FROM users u WHERE u.clinic_id = $1 AND u.id = $3 "
    "  RETURNING clinic_id, user_id, csrf_token, expires_at, idle_timeout_seconds) "
    "SELECT s.clinic_id, s.user_id, u.role, s.csrf_token, rfc3339(s.expires_at), "
    "  s.idle_timeout_seconds, 'active', " USER_OBJECT("u") " "
    "FROM s JOIN users u ON u.clinic_id = s.clinic_id AND u.id = s.user_id";

static const char sql_end[] =
    "UPDATE sessions SET ended_at = coalesce(ended_at, clock_timestamp()) "
    "WHERE clinic_id = $1 AND id = decode($2, 'hex') RETURNING 1";
/* clang-format on */

void store_sessions_info_cleanup(struct session_info *s)
{
    if (s)
        buf_cleanup(&s->user);
}

static enum pg_err info_of(const PGresult *res, struct session_info *out)
{
    if (PQntuples(res) == 0)
        return PG_ERR_NOT_FOUND;
    int64_t idle;
    snprintf(out->clinic, sizeof out->clinic, "%s", PQgetvalue(res, 0, 0));
    snprintf(out->user_id, sizeof out->user_id, "%s", PQgetvalue(res, 0, 1));
    snprintf(out->role, sizeof out->role, "%s", PQgetvalue(res, 0, 2));
    snprintf(out->csrf_token, sizeof out->csrf_token, "%s", PQgetvalue(res, 0, 3));
    snprintf(out->expires_at, sizeof out->expires_at, "%s", PQgetvalue(res, 0, 4));
    if (!parse_i64_range(PQgetvalue(res, 0, 5), 1, INT32_MAX, &idle))
        return PG_ERR_INTERNAL;
    out->idle_timeout_s = (int)idle;
    snprintf(out->state, sizeof out->state, "%s", PQgetvalue(res, 0, 6));
    buf_cleanup(&out->user);
    buf_puts(&out->user, PQgetvalue(res, 0, 7));
    return PG_ERR_OK;
}

enum pg_err store_sessions_authenticate(struct store_conn *c, const char *id_hex,
                                        struct session_info *out)
{
    const char *params[] = {id_hex};
    PGresult *res = NULL;
    enum pg_err err = store_db_exec(c, "authenticate session", sql_authenticate, 1, params, &res);
    if (err == PG_ERR_OK)
        err = info_of(res, out);
    PQclear(res);
    return err;
}

enum pg_err store_sessions_insert(struct store_conn *c, const struct session_fields *f,
                                  struct session_info *out)
{
    char idle[16], max[16];
    snprintf(idle, sizeof idle, "%d", f->idle_timeout_s);
    snprintf(max, sizeof max, "%d", f->max_s);
    const char *sweep[] = {f->clinic, f->user_id};
    const char *params[] = {f->clinic, f->id_hex, f->user_id,    f->csrf_token,
                            idle,      max,       f->client_addr};
    PGresult *res = NULL;
    enum pg_err err = store_db_defer(c, "remove ended sessions", sql_sweep, 2, sweep);
    if (err == PG_ERR_OK)
        err = store_db_exec(c, "insert session", sql_insert, 7, params, &res);
    if (err == PG_ERR_OK)
        err = info_of(res, out);
    PQclear(res);
    return err;
}

enum pg_err store_sessions_end(struct store_pool *p, const char *clinic, const char *id_hex)
{
    const char *params[] = {clinic, id_hex};
    PGresult *res = NULL;
    enum pg_err err = store_db_run(p, "end session", sql_end, 2, params, &res);
    if (err == PG_ERR_OK && PQntuples(res) == 0)
        err = PG_ERR_NOT_FOUND;
    PQclear(res);
    return err;
}
