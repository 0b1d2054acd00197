/* What store/ modules share about a pooled connection: the libpq handle,
 * running one parameterised statement, and SQLSTATE → error mapping.
 * Included only inside store/. */
#ifndef PAINGEN_STORE_DB_H
#define PAINGEN_STORE_DB_H

#include "paingen/core/buf.h"
#include "paingen/core/error.h"

#include <libpq-fe.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct store_pool;

/* SQL for the text x as the command line prints it: its control
 * characters (C0, DEL, C1) shown as '?', so that what a clinic's admin
 * typed (a name, an email) sends no escape sequence to the operator's
 * terminal and no line feed that forges a row. */
#define SQL_PRINTABLE(x) "regexp_replace(" x ", '[\\u0001-\\u001f\\u007f-\\u009f]', '?', 'g')"

struct store_prepared;
struct store_deferred;

struct store_conn {
    PGconn *pg;                      /* NULL until first opened */
    struct store_prepared *prepared; /* the statements prepared on pg (db.c) */
    struct store_deferred *deferred; /* statements waiting to go out with the next (db.c) */
    bool broken;                     /* reopen before the next use */
    bool in_session;                 /* holds a request's transaction (store/session.h) */
    double deadline;                 /* monotonic seconds by which statements must end; 0: none */
    bool past_deadline;              /* a statement was refused for it: the work must not commit */
    bool cancel_sent;                /* the statement running at the deadline was cancelled */
    const char *failed;              /* the what of the last statement that failed, or NULL */
    _Atomic uint64_t *errors;        /* the pool's database error counter */
    /* behind a pooler in transaction mode: statements unnamed, the session
     * settings made again in each transaction (store_db_begin) */
    bool transaction_pooling;
    char statement_timeout[24]; /* milliseconds, as text */
};

/* How a connection is used: by the owner (migrations, the command line),
 * or by the service, directly or through a pooler in transaction mode
 * (whose server connections are shared: session settings would leak to
 * other clients and not follow ours, so none are made). */
enum store_conn_kind { STORE_CONN_OWNER, STORE_CONN_SERVICE, STORE_CONN_SERVICE_POOLED };

/* Opens a connection for database_url (NULL: libpq defaults), logged in
 * as user when not NULL, with the service's session settings (not when
 * pooled). A service connection is refused when its role is a superuser or
 * bypasses row-level security. Returns NULL and fills err on failure. */
PGconn *store_db_connect(const char *database_url, int statement_timeout_ms, const char *user,
                         enum store_conn_kind kind, char *err, size_t errlen);

/* BEGIN on c; behind a transaction pooler, then the service's settings for
 * this transaction (statement_timeout, jit off, a durable commit). Both
 * deferred (store_db_defer). */
enum pg_err store_db_begin(struct store_conn *c) __attribute__((warn_unused_result));

/* Queues a statement whose answer is only whether it worked (BEGIN, a
 * setting, a savepoint, an insert nobody reads back) to be sent with the
 * next statement run on c, in one pipeline: libpq's pipeline mode sends
 * them all and one sync, and PostgreSQL answers them in one round trip. A
 * deferred statement that fails makes that next statement fail with its
 * error (logged with its what), and skips the rest. sql and what must be
 * static text; the parameters are copied (at most 12). */
enum pg_err store_db_defer(struct store_conn *c, const char *what, const char *sql, int nparams,
                           const char *const *params) PG_MUST_USE;
/* Sends what is deferred on c now, and waits for the answers. */
enum pg_err store_db_flush(struct store_conn *c) PG_MUST_USE;
/* Forgets what is deferred on c, unsent. */
void store_db_discard(struct store_conn *c);
/* Whether c holds an open transaction that has not failed, counting a
 * BEGIN not yet sent. */
bool store_db_in_transaction(const struct store_conn *c);

/* Runs one parameterised statement (text parameters, NULL for SQL NULL),
 * after the statements deferred on c, prepared on c the first time c runs that text: PostgreSQL
 * then parses and plans it once per connection rather than once per request. With a deadline on c,
 * a statement still running then is cancelled and fails as DB_TIMEOUT, like one past
 * statement_timeout; one that would start after it is not sent (DB_TIMEOUT, and c->past_deadline
 * set). On OK *out is a new result the caller PQclears; on error *out is NULL, the failure is
 * logged with what, and a lost connection is marked broken. */
enum pg_err store_db_exec(struct store_conn *c, const char *what, const char *sql, int nparams,
                          const char *const *params, PGresult **out) PG_MUST_USE;

/* store_db_exec on a connection checked out of p for this one statement. */
enum pg_err store_db_run(struct store_pool *p, const char *what, const char *sql, int nparams,
                         const char *const *params, PGresult **out) PG_MUST_USE;

/* store_db_run for a read-only statement: retried once on a fresh
 * connection when the first one turned out to be dead. */
enum pg_err store_db_read(struct store_pool *p, const char *what, const char *sql, int nparams,
                          const char *const *params, PGresult **out) PG_MUST_USE;

/* An insert on c whose one row is (id, representation): the id into id,
 * the JSON text appended to json; NOT_FOUND when it returned no row (an
 * insert from a parent that is not there). */
enum pg_err store_db_insert_json(struct store_conn *c, const char *what, const char *sql,
                                 int nparams, const char *const *params, char id[37],
                                 struct buf *json) PG_MUST_USE;

/* A store_db_read whose first column is a representation: appended to
 * json; NOT_FOUND when no row comes back. */
enum pg_err store_db_read_json(struct store_pool *p, const char *what, const char *sql, int nparams,
                               const char *const *params, struct buf *json) PG_MUST_USE;

/* Closes c's connection and forgets what was prepared on it; c can be
 * opened again. */
void store_db_close(struct store_conn *c);

/* Maps a failed result's SQLSTATE (or a NULL result) to an error code. */
enum pg_err store_db_error(const PGconn *pg, const PGresult *res);

/* Fills a page from a list query's result: columns (json, created_at,
 * id), at most limit + 1 rows. */
struct store_page;
void store_page_collect(const PGresult *res, int limit, struct store_page *out);

/* Runs a list query (store_page_collect's columns) for a page of at most
 * limit rows. When no row comes back, parent_sql (taking the first two
 * parameters: clinic and parent id) tells an empty page from a missing
 * parent, which is NOT_FOUND; NULL for a list without a parent. */
enum pg_err store_db_page(struct store_pool *p, const char *what, const char *sql, int nparams,
                          const char *const *params, const char *parent_sql, int limit,
                          struct store_page *out) PG_MUST_USE;

#endif
