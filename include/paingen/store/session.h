/* A request's unit of work: one connection, one transaction, the clinic
 * named in it (SET LOCAL paingen.clinic, which row-level security reads),
 * and the audit row written before COMMIT, so that no change of patient
 * data can commit without its audit row. While a session is open on this
 * thread, the pool hands its connection to every store call made with
 * the same pool, and BEGIN / COMMIT / ROLLBACK become savepoints. */
#ifndef PAINGEN_STORE_SESSION_H
#define PAINGEN_STORE_SESSION_H

#include "paingen/core/error.h"
#include "paingen/store/pool.h"

struct store_session {
    struct store_pool *pool;
    struct store_conn *conn;
};

/* Who did what, for the audit row (see migrations 0009 and 0021). */
struct audit_event {
    const char *clinic;
    const char *key_id; /* the key or EHR client; NULL for a person */
    const char *role;
    const char *method;
    const char *route;        /* the route template */
    const char *resource_ids; /* a JSON array of strings */
    int status;
    const char *request_id;
    const char *client_addr; /* may be NULL */
    /* a read's row: committed without waiting for the WAL flush, so that a
     * database crash may lose it (and only it) in the last moment before;
     * false for any request that may have changed data */
    bool async_commit;
    const char *user_id; /* the person signed in, or NULL */
};

/* Checks out a connection and begins the transaction. The wait for the
 * connection, and every statement of the work, end by deadline (monotonic
 * seconds; 0: none): a statement still running then is cancelled (BUSY
 * or DB_TIMEOUT). */
enum pg_err store_session_begin(struct store_pool *p, struct store_session *s,
                                double deadline) PG_MUST_USE;
/* Names the transaction's clinic. */
enum pg_err store_session_clinic(struct store_session *s, const char *clinic) PG_MUST_USE;
/* Writes audit (when not NULL) and commits: OK when the work is
 * committed. Otherwise (a statement of the work failed, or the audit row
 * or the commit did) it is rolled back, lost (when not NULL: what to
 * record of a request whose work was lost) is written in a new
 * transaction, on a connection opened again when the deadline or the
 * server closed it, and the caller must not report success. A lost row
 * that cannot be written either is logged as an error with its request
 * id. Always ends the session and releases the connection. */
enum pg_err store_session_end(struct store_session *s, const struct audit_event *audit,
                              const struct audit_event *lost) PG_MUST_USE;

/* The open session's connection when this thread has one on p, else NULL
 * (for pool.c and tx.c). */
struct store_conn *store_session_conn(const struct store_pool *p);

#endif
