/* Connections and statements: the one place libpq errors become pg_err. */
#include "paingen/store/db.h"

#include "paingen/store/session.h"

#include "paingen/core/log.h"
#include "paingen/store/page.h"
#include "paingen/store/pool.h"

#include <errno.h>
#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Server notices ("relation already exists, skipping") are not errors;
 * they go to the debug log instead of raw stderr. */
static void on_notice(void *arg, const char *message)
{
    (void)arg;
    char msg[512];
    snprintf(msg, sizeof msg, "%s", message);
    msg[strcspn(msg, "\n")] = '\0';
    log_msg(LOG_DEBUG, "database notice: %s", msg);
}

/* The service's own connections must be held to row-level security, and
 * a commit must be durable before paingen acknowledges it: a server set
 * to synchronous_commit = off would lose acknowledged writes in a crash.
 * JIT compilation is off: it costs short queries far more than it saves.
 * Plans are generic, made once per connection and statement: every
 * statement here is keyed by ids, and planning the consultation read
 * (0.6 ms) cost nearly as much as running it, which PostgreSQL's own choice
 * redid on every execution. A plan is made again when ANALYZE changes what
 * the planner knows of its tables. */
static const char sql_service_session[] =
    "SELECT set_config('statement_timeout', $1, false), r.rolsuper OR r.rolbypassrls, "
    "  set_config('jit', 'off', false), set_config('plan_cache_mode', 'force_generic_plan', "
    "false), "
    "  set_config('synchronous_commit', CASE current_setting('synchronous_commit') "
    "    WHEN 'off' THEN 'on' ELSE current_setting('synchronous_commit') END, false) "
    "FROM pg_roles r WHERE r.rolname = current_user";

/* The same, for one transaction, behind a pooler in transaction mode.
 * Plans are not kept there (no named statements), so plan_cache_mode has
 * nothing to do. */
static const char sql_transaction_settings[] =
    "SELECT set_config('statement_timeout', $1, true), set_config('jit', 'off', true), "
    "  set_config('synchronous_commit', CASE current_setting('synchronous_commit') "
    "    WHEN 'off' THEN 'on' ELSE current_setting('synchronous_commit') END, true)";

static const char sql_owner_session[] = "SELECT set_config('statement_timeout', $1, false)";

/* The role check alone: a service connection through a pooler. */
static const char sql_service_role[] =
    "SELECT NULL, r.rolsuper OR r.rolbypassrls FROM pg_roles r WHERE r.rolname = current_user";

PGconn *store_db_connect(const char *database_url, int statement_timeout_ms, const char *user,
                         enum store_conn_kind kind, char *err, size_t errlen)
{
    bool service = kind != STORE_CONN_OWNER;
    /* Our keywords come first so that the URL, expanded from dbname,
     * overrides them. Keepalives and tcp_user_timeout bound how long a
     * request can hang on a database host that vanished from the network
     * (statement_timeout cannot: the server enforces it). */
    const char *keys[] = {"application_name",
                          "connect_timeout",
                          "client_encoding",
                          "keepalives_idle",
                          "keepalives_interval",
                          "keepalives_count",
                          "tcp_user_timeout",
                          "dbname",
                          "user",
                          NULL};
    const char *vals[] = {"paingen", "3",     "UTF8",       "10", "5",
                          "3",       "15000", database_url, user, NULL};
    /* user, after dbname, overrides the URL's */
    if (!user)
        keys[8] = NULL;
    if (!database_url) {
        keys[7] = keys[8];
        vals[7] = vals[8];
        keys[8] = NULL;
    }
    PGconn *pg = PQconnectdbParams(keys, vals, 1);
    if (PQstatus(pg) != CONNECTION_OK) {
        snprintf(err, errlen, "%s", pg ? PQerrorMessage(pg) : "out of memory");
        err[strcspn(err, "\n")] = '\0';
        PQfinish(pg);
        return NULL;
    }
    PQsetNoticeProcessor(pg, on_notice, NULL);
    char timeout[24];
    snprintf(timeout, sizeof timeout, "%d", statement_timeout_ms);
    const char *params[] = {timeout};
    bool pooled = kind == STORE_CONN_SERVICE_POOLED;
    const char *sql = kind == STORE_CONN_OWNER ? sql_owner_session
                      : pooled                 ? sql_service_role
                                               : sql_service_session;
    PGresult *res =
        PQexecParams(pg, sql, pooled ? 0 : 1, NULL, pooled ? NULL : params, NULL, NULL, 0);
    bool ok = PQresultStatus(res) == PGRES_TUPLES_OK;
    if (!ok) {
        snprintf(err, errlen, "cannot set statement_timeout: %s", PQerrorMessage(pg));
        err[strcspn(err, "\n")] = '\0';
    } else if (service && (PQntuples(res) != 1 || PQgetvalue(res, 0, 1)[0] != 'f')) {
        snprintf(err, errlen,
                 "refusing to serve as role %s: a superuser, or one that bypasses row-level "
                 "security (see PAINGEN_APP_DATABASE_URL)",
                 PQuser(pg));
        ok = false;
    }
    PQclear(res);
    if (!ok) {
        PQfinish(pg);
        return NULL;
    }
    return pg;
}

enum pg_err store_db_error(const PGconn *pg, const PGresult *res)
{
    if (PQstatus(pg) != CONNECTION_OK)
        return PG_ERR_DB_UNAVAILABLE;
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    if (!state)
        return PG_ERR_DB_UNAVAILABLE;
    if (strcmp(state, "57014") == 0) /* query_canceled: statement_timeout */
        return PG_ERR_DB_TIMEOUT;
    if (strcmp(state, "23505") == 0) /* unique_violation */
        return PG_ERR_CONFLICT;
    /* data exceptions (bad date, bad encoding...): validation should have
     * caught the value, but it is still the request's fault, not ours */
    if (strncmp(state, "22", 2) == 0)
        return PG_ERR_BAD_REQUEST;
    /* connection exceptions, admin shutdown, cannot connect now,
     * serialization failure and deadlock: retryable, so 503 */
    if (strncmp(state, "08", 2) == 0 || strncmp(state, "57P", 3) == 0 ||
        strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0)
        return PG_ERR_DB_UNAVAILABLE;
    return PG_ERR_INTERNAL;
}

/* Prepared statements are named by their place here. A connection that
 * has prepared this many runs any further text unprepared. */
#define PREPARED_MAX 160

struct store_prepared {
    size_t n;
    struct {
        uint64_t hash;
        char *sql;
    } items[PREPARED_MAX];
};

/* Statements whose answer is only "done" (BEGIN, the transaction's
 * settings, savepoints, an idempotency key's response, the audit row)
 * wait on the connection and go out in one pipeline with the next
 * statement whose answer is needed: a request's transaction then costs a
 * round trip where its work reads something, and one to commit. */
#define DEFERRED_MAX    8
#define DEFERRED_PARAMS 12
#define NULL_PARAM      SIZE_MAX

struct store_deferred {
    size_t n;
    bool begins; /* one of them is BEGIN: the caller's transaction is open */
    struct {
        const char *what, *sql; /* static text */
        int nparams;
        size_t off[DEFERRED_PARAMS]; /* each parameter's copy in text, or NULL_PARAM */
    } items[DEFERRED_MAX];
    struct buf text;
};

void store_db_close(struct store_conn *c)
{
    PQfinish(c->pg);
    c->pg = NULL;
    for (size_t i = 0; c->prepared && i < c->prepared->n; i++)
        free(c->prepared->items[i].sql);
    free(c->prepared);
    c->prepared = NULL;
    if (c->deferred)
        buf_cleanup(&c->deferred->text);
    free(c->deferred);
    c->deferred = NULL;
}

static uint64_t text_hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        h = (h ^ *p) * 1099511628211ULL;
    return h;
}

/* How long a cancelled statement may take to report it before its
 * connection is given up. */
#define CANCEL_GRACE_S 2.0

static double monotonic_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void cancel(PGconn *pg)
{
    char err[256];
    PGcancel *request = PQgetCancel(pg);
    if (request && !PQcancel(request, err, sizeof err))
        log_msg(LOG_WARN, "cannot cancel a statement past its deadline: %s", err);
    PQfreeCancel(request);
}

/* The result of what was just sent on c (sent: whether that worked),
 * cancelling it at c's deadline (once: a pipeline's later results arrive
 * aborted right after): the server then ends it with query_canceled, and
 * its transaction with it. NULL when the server did not answer even that
 * in time: the connection is closed. Without a deadline it waits as a
 * blocking call would. A connection lost meanwhile gives libpq's error
 * result, as a blocking call would. In a pipeline, the result of the next
 * statement (or its sync). */
static PGresult *result_by_deadline(struct store_conn *c, int sent)
{
    while (sent && PQisBusy(c->pg) && PQstatus(c->pg) == CONNECTION_OK) {
        int wait_ms = -1;
        if (c->deadline > 0) {
            double left = c->deadline + (c->cancel_sent ? CANCEL_GRACE_S : 0) - monotonic_s();
            if (left <= 0 && !c->cancel_sent) {
                cancel(c->pg);
                c->cancel_sent = true;
                continue;
            }
            if (left <= 0) {
                store_db_close(c); /* a query still pending: the connection is unusable */
                return NULL;
            }
            wait_ms = (int)ceil(left * 1000);
        }
        struct pollfd f = {.fd = PQsocket(c->pg), .events = POLLIN};
        int ready = poll(&f, 1, wait_ms);
        if (ready < 0 && errno != EINTR) {
            store_db_close(c);
            return NULL;
        }
        if (ready > 0 && !PQconsumeInput(c->pg))
            break; /* the connection failed: PQgetResult says how, without waiting */
    }
    if (!sent)
        return NULL;
    PGresult *res = PQgetResult(c->pg);
    if (PQresultStatus(res) == PGRES_PIPELINE_SYNC)
        return res; /* nothing follows a sync */
    for (PGresult *more; (more = PQgetResult(c->pg));)
        PQclear(more);
    return res;
}

/* "p<i>": the name of the i-th statement prepared on a connection. */
static const char *statement_name(size_t i, char name[16])
{
    char digits[16], *d = digits + sizeof digits;
    *--d = '\0';
    do
        *--d = (char)('0' + i % 10);
    while ((i /= 10) > 0);
    name[0] = 'p';
    memcpy(name + 1, d, (size_t)(digits + sizeof digits - d));
    return name;
}

/* The name sql is prepared under on c, preparing it now if need be; NULL
 * when it is not (c is full: run it unprepared), or when preparing failed,
 * with that failure in *failed. */
static const char *prepared(struct store_conn *c, const char *sql, int nparams, char name[16],
                            PGresult **failed)
{
    if (c->transaction_pooling)
        return NULL; /* a named statement would stay on a server connection we may not get back */
    uint64_t h = text_hash(sql);
    struct store_prepared *p = c->prepared;
    for (size_t i = 0; p && i < p->n; i++) {
        if (p->items[i].hash == h && strcmp(p->items[i].sql, sql) == 0)
            return statement_name(i, name);
    }
    if (!p && !(p = c->prepared = calloc(1, sizeof *p)))
        abort();
    if (p->n == PREPARED_MAX)
        return NULL;
    statement_name(p->n, name);
    PGresult *res = c->deadline > 0
                        ? result_by_deadline(c, PQsendPrepare(c->pg, name, sql, nparams, NULL))
                        : PQprepare(c->pg, name, sql, nparams, NULL);
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        *failed = res;
        return NULL;
    }
    PQclear(res);
    char *copy = strdup(sql);
    if (!copy)
        abort();
    p->items[p->n].hash = h;
    p->items[p->n++].sql = copy;
    return name;
}

/* sql on c, as the statement prepared as stmt when not NULL, within c's
 * deadline when it has one. */
static PGresult *run(struct store_conn *c, const char *stmt, const char *sql, int nparams,
                     const char *const *params)
{
    if (c->deadline <= 0)
        return stmt ? PQexecPrepared(c->pg, stmt, nparams, params, NULL, NULL, 0)
                    : PQexecParams(c->pg, sql, nparams, NULL, params, NULL, NULL, 0);
    return result_by_deadline(
        c, stmt ? PQsendQueryPrepared(c->pg, stmt, nparams, params, NULL, NULL, 0)
                : PQsendQueryParams(c->pg, sql, nparams, NULL, params, NULL, NULL, 0));
}

void store_db_discard(struct store_conn *c)
{
    struct store_deferred *d = c->deferred;
    if (!d)
        return;
    d->n = 0;
    d->begins = false;
    d->text.len = 0;
}

bool store_db_in_transaction(const struct store_conn *c)
{
    if (c->deferred && c->deferred->begins)
        return true;
    return c->pg && PQtransactionStatus(c->pg) == PQTRANS_INTRANS;
}

/* The parameters of deferred statement i, as libpq takes them. */
static void deferred_params(const struct store_deferred *d, size_t i,
                            const char *out[DEFERRED_PARAMS])
{
    for (int k = 0; k < d->items[i].nparams; k++)
        out[k] = d->items[i].off[k] == NULL_PARAM ? NULL : d->text.data + d->items[i].off[k];
}

enum pg_err store_db_defer(struct store_conn *c, const char *what, const char *sql, int nparams,
                           const char *const *params)
{
    if (nparams > DEFERRED_PARAMS)
        abort(); /* a programming error: the caller's statement has too many parameters */
    if (!c->deferred && !(c->deferred = calloc(1, sizeof *c->deferred)))
        abort();
    struct store_deferred *d = c->deferred;
    if (d->n == DEFERRED_MAX) {
        enum pg_err err = store_db_flush(c);
        if (err != PG_ERR_OK)
            return err;
    }
    d->items[d->n].what = what;
    d->items[d->n].sql = sql;
    d->items[d->n].nparams = nparams;
    for (int k = 0; k < nparams; k++) {
        d->items[d->n].off[k] = params[k] ? d->text.len : NULL_PARAM;
        if (params[k] && !buf_append(&d->text, params[k], strlen(params[k]) + 1))
            abort(); /* 64 MiB of parameters: not a request this service accepts */
    }
    d->begins |= strcmp(sql, "BEGIN") == 0;
    d->n++;
    return PG_ERR_OK;
}

enum pg_err store_db_begin(struct store_conn *c)
{
    enum pg_err err = store_db_defer(c, "begin", "BEGIN", 0, NULL);
    if (err != PG_ERR_OK || !c->transaction_pooling)
        return err;
    const char *params[] = {c->statement_timeout};
    return store_db_defer(c, "set the transaction's settings", sql_transaction_settings, 1, params);
}

static int send_statement(PGconn *pg, const char *stmt, const char *sql, int nparams,
                          const char *const *params)
{
    return stmt ? PQsendQueryPrepared(pg, stmt, nparams, params, NULL, NULL, 0)
                : PQsendQueryParams(pg, sql, nparams, NULL, params, NULL, NULL, 0);
}

static bool succeeded(const PGresult *res)
{
    ExecStatusType st = PQresultStatus(res);
    return st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
}

/* The deferred statements, then sql (when not NULL), sent in one pipeline
 * with one sync, within c's deadline. Returns the first that failed, with
 * its what in *what (PostgreSQL skips the rest), else sql's result (else
 * the last deferred one's); NULL when the connection failed. The deferred
 * statements are gone either way. */
static PGresult *run_pipeline(struct store_conn *c, const char *sql, int nparams,
                              const char *const *params, const char **what)
{
    struct store_deferred *d = c->deferred;
    size_t n = d->n + (sql ? 1 : 0);
    char names[DEFERRED_MAX + 1][16];
    const char *stmts[DEFERRED_MAX + 1];
    PGresult *failed = NULL;
    for (size_t i = 0; i < n && !failed && c->pg; i++) {
        stmts[i] = prepared(c, i < d->n ? d->items[i].sql : sql,
                            i < d->n ? d->items[i].nparams : nparams, names[i], &failed);
        if (failed)
            *what = i < d->n ? d->items[i].what : *what;
    }
    if (failed || !c->pg || !PQenterPipelineMode(c->pg)) {
        store_db_discard(c);
        return failed;
    }
    int sent = 1;
    for (size_t i = 0; i < d->n && sent; i++) {
        const char *p[DEFERRED_PARAMS];
        deferred_params(d, i, p);
        sent = send_statement(c->pg, stmts[i], d->items[i].sql, d->items[i].nparams, p);
    }
    if (sql && sent)
        sent = send_statement(c->pg, stmts[n - 1], sql, nparams, params);
    sent = sent && PQpipelineSync(c->pg);
    PGresult *answer = NULL;
    for (size_t i = 0; i < n && c->pg; i++) {
        PGresult *res = result_by_deadline(c, sent);
        if (!res)
            break;
        if (!answer && (!succeeded(res) || i == n - 1)) {
            answer = res;
            *what = i < d->n ? d->items[i].what : *what;
        } else {
            PQclear(res);
        }
    }
    store_db_discard(c);
    if (c->pg && sent)
        PQclear(result_by_deadline(c, sent)); /* the sync */
    if (c->pg && !PQexitPipelineMode(c->pg))
        c->broken = true; /* results left unread: not a connection to reuse */
    return answer;
}

/* The outcome of res, the result of the statement described by what on
 * c: OK with res in *out, or its failure logged and mapped. */
static enum pg_err outcome(struct store_conn *c, const char *what, PGresult *res, PGresult **out)
{
    if (!c->pg) {
        atomic_fetch_add(c->errors, 1);
        log_msg(LOG_ERROR, "cannot %s: no answer by the request's deadline", what);
        return PG_ERR_DB_TIMEOUT;
    }
    if (succeeded(res)) {
        *out = res;
        return PG_ERR_OK;
    }
    c->failed = what;
    enum pg_err err = store_db_error(c->pg, res);
    /* "cached plan must not change result type" (a table changed under
     * the prepared statements: a migration by another instance) or a
     * prepared statement gone (26000: a pooler between us, DEALLOCATE): a
     * fresh connection prepares them again */
    const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
    bool stale = state && (strcmp(state, "0A000") == 0 || strcmp(state, "26000") == 0);
    char msg[512];
    const char *text =
        res && *PQresultErrorMessage(res) ? PQresultErrorMessage(res) : PQerrorMessage(c->pg);
    snprintf(msg, sizeof msg, "%s", text);
    msg[strcspn(msg, "\n")] = '\0';
    PQclear(res);
    if (PQstatus(c->pg) != CONNECTION_OK || stale)
        c->broken = true;
    atomic_fetch_add(c->errors, 1);
    log_msg(err == PG_ERR_CONFLICT ? LOG_DEBUG : LOG_ERROR, "cannot %s: %s", what, msg);
    return err;
}

/* Not sent at all once the deadline has passed: a cancel sent while the
 * server still reads a statement would be lost. The deferred statements
 * go too; the work must not commit. */
static bool past_deadline(struct store_conn *c, const char *what)
{
    if (c->deadline <= 0 || monotonic_s() < c->deadline)
        return false;
    c->past_deadline = true;
    store_db_discard(c);
    log_msg(LOG_ERROR, "cannot %s: the request's deadline has passed", what);
    return true;
}

enum pg_err store_db_exec(struct store_conn *c, const char *what, const char *sql, int nparams,
                          const char *const *params, PGresult **out)
{
    *out = NULL;
    c->failed = NULL;
    if (!c->pg) /* closed by a deadline earlier in this request */
        return PG_ERR_DB_UNAVAILABLE;
    if (past_deadline(c, what))
        return PG_ERR_DB_TIMEOUT;
    PGresult *res = NULL;
    if (c->deferred && c->deferred->n) {
        res = run_pipeline(c, sql, nparams, params, &what);
    } else {
        char name[16];
        const char *stmt = prepared(c, sql, nparams, name, &res);
        if (c->pg && !res)
            res = run(c, stmt, sql, nparams, params);
    }
    return outcome(c, what, res, out);
}

enum pg_err store_db_flush(struct store_conn *c)
{
    if (!c->deferred || !c->deferred->n)
        return PG_ERR_OK;
    const char *what = "send deferred statements";
    if (!c->pg)
        return PG_ERR_DB_UNAVAILABLE;
    if (past_deadline(c, what))
        return PG_ERR_DB_TIMEOUT;
    PGresult *out = NULL;
    enum pg_err err = outcome(c, what, run_pipeline(c, NULL, 0, NULL, &what), &out);
    PQclear(out);
    return err;
}

void store_page_collect(const PGresult *res, int limit, struct store_page *out)
{
    int rows = PQntuples(res);
    out->more = rows > limit;
    out->n = (size_t)(out->more ? limit : rows);
    for (size_t i = 0; i < out->n; i++) {
        if (i) {
            buf_puts(&out->items, ",");
            buf_puts(&out->ids, ",");
        }
        buf_puts(&out->items, PQgetvalue(res, (int)i, 0));
        buf_json_string(&out->ids, PQgetvalue(res, (int)i, 2));
    }
    if (out->more) {
        snprintf(out->last_at, sizeof out->last_at, "%s", PQgetvalue(res, limit - 1, 1));
        snprintf(out->last_id, sizeof out->last_id, "%s", PQgetvalue(res, limit - 1, 2));
    }
}

enum pg_err store_db_read(struct store_pool *p, const char *what, const char *sql, int nparams,
                          const char *const *params, PGresult **out)
{
    enum pg_err err = store_db_run(p, what, sql, nparams, params, out);
    /* A pooled connection may have died with a database restart; a read
     * is safe to repeat, and the pool reopens the connection. */
    if (err == PG_ERR_DB_UNAVAILABLE && !store_session_conn(p))
        err = store_db_run(p, what, sql, nparams, params, out);
    return err;
}

struct store_conn *store_conn_open(const char *database_url, char *err, size_t errlen)
{
    struct store_conn *c = calloc(1, sizeof *c + sizeof(_Atomic uint64_t));
    if (!c)
        abort();
    c->errors = (_Atomic uint64_t *)(c + 1); /* its own error counter */
    c->pg = store_db_connect(database_url, 0, NULL, false, err, errlen);
    if (!c->pg) {
        free(c);
        return NULL;
    }
    return c;
}

void store_conn_close(struct store_conn *c)
{
    if (!c)
        return;
    store_db_close(c);
    free(c);
}

enum pg_err store_db_insert_json(struct store_conn *c, const char *what, const char *sql,
                                 int nparams, const char *const *params, char id[37],
                                 struct buf *json)
{
    PGresult *res = NULL;
    enum pg_err err = store_db_exec(c, what, sql, nparams, params, &res);
    if (err == PG_ERR_OK && PQntuples(res) == 0)
        err = PG_ERR_NOT_FOUND;
    if (err == PG_ERR_OK) {
        snprintf(id, 37, "%s", PQgetvalue(res, 0, 0));
        buf_puts(json, PQgetvalue(res, 0, 1));
    }
    PQclear(res);
    return err;
}

enum pg_err store_db_read_json(struct store_pool *p, const char *what, const char *sql, int nparams,
                               const char *const *params, struct buf *json)
{
    PGresult *res = NULL;
    enum pg_err err = store_db_read(p, what, sql, nparams, params, &res);
    if (err == PG_ERR_OK && PQntuples(res) == 0)
        err = PG_ERR_NOT_FOUND;
    if (err == PG_ERR_OK)
        buf_puts(json, PQgetvalue(res, 0, 0));
    PQclear(res);
    return err;
}

void store_db_describe_url(const char *url, struct buf *out)
{
    if (!url) {
        buf_puts(out, "(unset: libpq defaults from PGHOST, PGDATABASE, ...)");
        return;
    }
    char *err = NULL;
    PQconninfoOption *opts = PQconninfoParse(url, &err);
    if (!opts) {
        buf_puts(out, "(not a valid connection string)");
        PQfreemem(err);
        return;
    }
    bool first = true;
    for (PQconninfoOption *o = opts; o->keyword; o++) {
        if (!o->val)
            continue;
        buf_printf(out, "%s%s=", first ? "" : " ", o->keyword);
        if (strcmp(o->keyword, "password") == 0)
            buf_puts(out, "***");
        else
            buf_utf8(out, o->val, 512);
        first = false;
    }
    PQconninfoFree(opts);
}

enum pg_err store_db_run(struct store_pool *p, const char *what, const char *sql, int nparams,
                         const char *const *params, PGresult **out)
{
    struct store_conn *c = NULL;
    *out = NULL;
    enum pg_err err = store_pool_acquire(p, &c);
    if (err == PG_ERR_OK)
        err = store_db_exec(c, what, sql, nparams, params, out);
    store_pool_release(p, c);
    return err;
}

enum pg_err store_db_page(struct store_pool *p, const char *what, const char *sql, int nparams,
                          const char *const *params, const char *parent_sql, int limit,
                          struct store_page *out)
{
    PGresult *res = NULL;
    enum pg_err err = store_db_read(p, what, sql, nparams, params, &res);
    if (err == PG_ERR_OK && PQntuples(res) > 0) {
        store_page_collect(res, limit, out);
    } else if (err == PG_ERR_OK && parent_sql) {
        /* an empty page, or no such parent? */
        PQclear(res);
        res = NULL;
        err = store_db_read(p, what, parent_sql, 2, params, &res);
        if (err == PG_ERR_OK && PQntuples(res) == 0)
            err = PG_ERR_NOT_FOUND;
    }
    PQclear(res);
    return err;
}
