/* A fixed-size pool of PostgreSQL connections. A request checks one out,
 * uses it alone (libpq's rule) and returns it; a broken connection is
 * re-opened on its next checkout, so the service outlives database
 * restarts. */
#ifndef PAINGEN_STORE_POOL_H
#define PAINGEN_STORE_POOL_H

#include "paingen/core/config.h"
#include "paingen/core/error.h"

#include <stdint.h>

struct store_pool;
struct store_conn;

/* New pool; connections open lazily, to PAINGEN_APP_DATABASE_URL when set,
 * else to DATABASE_URL logged in as user (the service's role, see
 * store_app_role). Borrows c, which must outlive the pool. */
struct store_pool *store_pool_new(const struct config *c, const char *user);
/* Closes every connection; none may be checked out. NULL-safe. */
void store_pool_free(struct store_pool *p);

/* Checks out a connection, waiting at most the configured time. On OK
 * *out is the caller's until store_pool_release. BUSY when none freed up
 * in time; DB_UNAVAILABLE when it could not be (re)opened. */
enum pg_err store_pool_acquire(struct store_pool *p, struct store_conn **out) PG_MUST_USE;
/* The same, waiting not past by (monotonic seconds; 0: no such bound). */
enum pg_err store_pool_acquire_by(struct store_pool *p, struct store_conn **out,
                                  double by) PG_MUST_USE;
/* Returns a connection. NULL-safe. */
void store_pool_release(struct store_pool *p, struct store_conn *c);
/* Opens c again when it was closed or broke while checked out. */
enum pg_err store_pool_reopen(struct store_pool *p, struct store_conn *c) PG_MUST_USE;
/* Statements on c, checked out alone, end by deadline (monotonic seconds;
 * 0: none), as in a session (store/session.h). */
void store_conn_set_deadline(struct store_conn *c, double deadline);

/* A connection of its own, outside the pool, as the tables' owner (no
 * SET ROLE): for the command line. NULL with err filled on failure. */
struct store_conn *store_conn_open(const char *database_url, char *err, size_t errlen);
/* Closes it. NULL-safe. */
void store_conn_close(struct store_conn *c);

/* Appends DATABASE_URL as libpq reads it, password masked (for
 * --check-config). NULL url: says libpq defaults apply. */
void store_db_describe_url(const char *url, struct buf *out);

struct store_pool_stats {
    int64_t size;
    int64_t in_use;
    uint64_t errors;
};
void store_pool_stats(struct store_pool *p, struct store_pool_stats *out);

#endif
