/* The request's transaction: BEGIN, the clinic, the work, the audit row,
 * COMMIT. */
#include "paingen/store/session.h"

#include "paingen/core/buf.h"
#include "paingen/core/log.h"
#include "paingen/store/db.h"

#include <stddef.h>

static _Thread_local struct store_session *current;

/* clang-format off */
static const char sql_audit[] =
    "INSERT INTO audit_events (clinic_id, key_id, role, method, route, resource_ids, status, "
    "  request_id, client_addr, user_id) "
    "SELECT $1, $2, $3, $4, $5, ARRAY(SELECT json_array_elements_text($6::json)), $7, $8, $9, "
    "  $10";
/* clang-format on */

static const char sql_clinic[] = "SELECT set_config('paingen.clinic', $1, true)";

/* Committed without waiting for the WAL flush: a read's audit row. */
static const char sql_async_commit[] = "SELECT set_config('synchronous_commit', 'off', true)";

static enum pg_err run(struct store_conn *c, const char *what, const char *sql, int n,
                       const char *const *params)
{
    PGresult *res = NULL;
    enum pg_err err = store_db_exec(c, what, sql, n, params, &res);
    PQclear(res);
    return err;
}

struct store_conn *store_session_conn(const struct store_pool *p)
{
    return current && current->pool == p ? current->conn : NULL;
}

enum pg_err store_session_begin(struct store_pool *p, struct store_session *s, double deadline)
{
    *s = (struct store_session){.pool = p};
    enum pg_err err = store_pool_acquire_by(p, &s->conn, deadline);
    if (err == PG_ERR_OK) {
        store_conn_set_deadline(s->conn, deadline);
        err = store_db_begin(s->conn);
    }
    if (err != PG_ERR_OK) {
        if (s->conn)
            store_conn_set_deadline(s->conn, 0);
        store_pool_release(p, s->conn);
        s->conn = NULL;
        return err;
    }
    s->conn->in_session = true;
    current = s;
    return PG_ERR_OK;
}

enum pg_err store_session_clinic(struct store_session *s, const char *clinic)
{
    const char *params[] = {clinic};
    return store_db_defer(s->conn, "set clinic", sql_clinic, 1, params);
}

/* The audit row, deferred to go out with the commit. */
static enum pg_err audit(struct store_conn *c, const struct audit_event *a)
{
    char status[12];
    snprintf(status, sizeof status, "%d", a->status);
    const char *params[] = {a->clinic,       a->key_id, a->role,       a->method,      a->route,
                            a->resource_ids, status,    a->request_id, a->client_addr, a->user_id};
    enum pg_err err = PG_ERR_OK;
    if (a->async_commit)
        err = store_db_defer(c, "commit without waiting for the flush", sql_async_commit, 0, NULL);
    return err == PG_ERR_OK ? store_db_defer(c, "write audit event", sql_audit, 10, params) : err;
}

/* After a failure: a fresh transaction for the audit row alone. */
static enum pg_err audit_alone(struct store_conn *c, const struct audit_event *a)
{
    const char *params[] = {a->clinic};
    enum pg_err err = store_db_begin(c);
    if (err == PG_ERR_OK)
        err = store_db_defer(c, "set clinic", sql_clinic, 1, params);
    if (err == PG_ERR_OK)
        err = audit(c, a);
    if (err == PG_ERR_OK)
        err = run(c, "commit", "COMMIT", 0, NULL);
    return err;
}

/* Says that the audit row of a request whose work was lost could not be
 * written either: nothing in the database tells of that request now. */
static void log_lost(const struct audit_event *a, enum pg_err err)
{
    char msg[256];
    snprintf(msg, sizeof msg, "cannot write the audit row of '%s %s', whose work was lost",
             a->method, a->route);
    struct buf m = {0};
    buf_puts(&m, "\"request_id\":");
    buf_json_string(&m, a->request_id ? a->request_id : "");
    buf_printf(&m, ",\"status\":%d,\"error\":", a->status);
    buf_json_string(&m, pg_err_slug(err));
    log_json(LOG_ERROR, msg, m.data);
    buf_cleanup(&m);
}

/* After a failure: the work rolled back and, when lost is not NULL, its
 * audit row written alone, on a connection opened again when the
 * deadline or the server closed it (there is nothing to roll back then). */
static void roll_back(struct store_pool *p, struct store_conn *c, const struct audit_event *lost)
{
    enum pg_err err = PG_ERR_OK;
    store_db_discard(c); /* what was to go out with the commit */
    if (c->pg && PQstatus(c->pg) == CONNECTION_OK)
        err = run(c, "roll back", "ROLLBACK", 0, NULL);
    else if (lost)
        err = store_pool_reopen(p, c);
    if (!lost)
        return;
    if (err == PG_ERR_OK)
        err = audit_alone(c, lost);
    if (err != PG_ERR_OK)
        log_lost(lost, err);
}

enum pg_err store_session_end(struct store_session *s, const struct audit_event *a,
                              const struct audit_event *lost)
{
    current = NULL;
    struct store_conn *c = s->conn;
    c->in_session = false;
    /* past its deadline, the work is rolled back even where no statement
     * failed (one was not sent) */
    bool open = c->pg && !c->past_deadline && store_db_in_transaction(c);
    store_conn_set_deadline(c, 0); /* the audit row and the commit: statement_timeout only */
    enum pg_err err = PG_ERR_DB_UNAVAILABLE; /* a transaction that failed part-way */
    if (open && a)
        err = audit(c, a);
    else if (open)
        err = PG_ERR_OK;
    if (err == PG_ERR_OK)
        err = run(c, "commit", "COMMIT", 0, NULL);
    if (err != PG_ERR_OK) /* the work is lost; its audit row is not */
        roll_back(s->pool, c, lost);
    store_pool_release(s->pool, c);
    s->conn = NULL;
    return err;
}
