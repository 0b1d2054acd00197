/* Fixed-size connection pool: a free list under a mutex, a condition
 * variable for bounded waits, lazy (re)connection on checkout. */
#include "paingen/store/pool.h"

#include "paingen/core/log.h"
#include "paingen/store/db.h"
#include "paingen/store/session.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

struct store_pool {
    const struct config *cfg;
    char user[64]; /* the role to log in as; empty with PAINGEN_APP_DATABASE_URL */
    pthread_mutex_t lock;
    pthread_cond_t freed;
    struct store_conn *conns;
    struct store_conn **free_list; /* stack of idle connections */
    int n_free;
    int size;
    _Atomic uint64_t errors;
};

struct store_pool *store_pool_new(const struct config *c, const char *user)
{
    struct store_pool *p = calloc(1, sizeof *p);
    if (!p)
        abort();
    p->cfg = c;
    snprintf(p->user, sizeof p->user, "%s", c->app_database_url || !user ? "" : user);
    p->size = c->db_pool;
    p->conns = calloc((size_t)p->size, sizeof *p->conns);
    p->free_list = calloc((size_t)p->size, sizeof *p->free_list);
    if (!p->conns || !p->free_list)
        abort();
    for (int i = 0; i < p->size; i++) {
        p->conns[i].errors = &p->errors;
        p->free_list[p->n_free++] = &p->conns[i];
    }
    pthread_mutex_init(&p->lock, NULL);
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&p->freed, &attr);
    pthread_condattr_destroy(&attr);
    return p;
}

void store_pool_free(struct store_pool *p)
{
    if (!p)
        return;
    if (p->n_free != p->size) {
        log_msg(LOG_ERROR, "pool freed with %d connections checked out", p->size - p->n_free);
        abort();
    }
    for (int i = 0; i < p->size; i++)
        store_db_close(&p->conns[i]);
    pthread_cond_destroy(&p->freed);
    pthread_mutex_destroy(&p->lock);
    free(p->conns);
    free(p->free_list);
    free(p);
}

/* Waits the configured time for a free connection, and not past by
 * (monotonic seconds; 0: no such bound). */
static struct store_conn *checkout(struct store_pool *p, double by)
{
    struct timespec now, deadline;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double wait = p->cfg->db_wait_ms / 1000.0;
    double left = by > 0 ? by - ((double)now.tv_sec + (double)now.tv_nsec / 1e9) : wait;
    if (left < wait)
        wait = left > 0 ? left : 0;
    long ns = now.tv_nsec + (long)((wait - floor(wait)) * 1e9);
    deadline.tv_sec = now.tv_sec + (time_t)wait + ns / 1000000000L;
    deadline.tv_nsec = ns % 1000000000L;
    struct store_conn *c = NULL;
    pthread_mutex_lock(&p->lock);
    while (p->n_free == 0) {
        if (pthread_cond_timedwait(&p->freed, &p->lock, &deadline) == ETIMEDOUT)
            break;
    }
    if (p->n_free > 0)
        c = p->free_list[--p->n_free];
    pthread_mutex_unlock(&p->lock);
    return c;
}

/* Opens the connection when it is new or was broken. PQconsumeInput
 * reads what the server sent while the connection sat idle: a server
 * that shut down or restarted has said so, and the connection is
 * reopened now rather than failing the request's first statement. */
static enum pg_err ensure_open(struct store_conn *c, const struct config *cfg, const char *user)
{
    if (c->pg && !c->broken && PQconsumeInput(c->pg) && PQstatus(c->pg) == CONNECTION_OK)
        return PG_ERR_OK;
    store_db_close(c);
    c->broken = false;
    char err[512];
    c->transaction_pooling = cfg->db_transaction_pooling;
    snprintf(c->statement_timeout, sizeof c->statement_timeout, "%d", cfg->statement_timeout_ms);
    c->pg = store_db_connect(
        cfg->app_database_url ? cfg->app_database_url : cfg->database_url,
        cfg->statement_timeout_ms, *user ? user : NULL,
        c->transaction_pooling ? STORE_CONN_SERVICE_POOLED : STORE_CONN_SERVICE, err, sizeof err);
    if (c->pg)
        return PG_ERR_OK;
    atomic_fetch_add(c->errors, 1);
    log_msg(LOG_WARN, "cannot connect to the database: %s", err);
    return PG_ERR_DB_UNAVAILABLE;
}

enum pg_err store_pool_acquire(struct store_pool *p, struct store_conn **out)
{
    return store_pool_acquire_by(p, out, 0);
}

enum pg_err store_pool_acquire_by(struct store_pool *p, struct store_conn **out, double by)
{
    *out = store_session_conn(p);
    if (*out) /* the request's own transaction */
        return PG_ERR_OK;
    struct store_conn *c = checkout(p, by);
    if (!c)
        return PG_ERR_BUSY;
    enum pg_err err = ensure_open(c, p->cfg, p->user);
    if (err != PG_ERR_OK) {
        store_pool_release(p, c);
        return err;
    }
    *out = c;
    return PG_ERR_OK;
}

enum pg_err store_pool_reopen(struct store_pool *p, struct store_conn *c)
{
    return ensure_open(c, p->cfg, p->user);
}

void store_conn_set_deadline(struct store_conn *c, double deadline)
{
    c->deadline = deadline;
    c->past_deadline = false;
    c->cancel_sent = false;
}

void store_pool_release(struct store_pool *p, struct store_conn *c)
{
    if (!c || c == store_session_conn(p))
        return; /* the session releases its connection when it ends */
    /* A connection left inside a transaction (a handler bailed out between
     * BEGIN and COMMIT) must not leak that transaction to the next user;
     * one whose BEGIN was never sent has nothing to undo. */
    store_db_discard(c);
    if (c->pg && PQtransactionStatus(c->pg) != PQTRANS_IDLE)
        c->broken = true;
    pthread_mutex_lock(&p->lock);
    p->free_list[p->n_free++] = c;
    pthread_cond_signal(&p->freed);
    pthread_mutex_unlock(&p->lock);
}

void store_pool_stats(struct store_pool *p, struct store_pool_stats *out)
{
    pthread_mutex_lock(&p->lock);
    out->size = p->size;
    out->in_use = p->size - p->n_free;
    pthread_mutex_unlock(&p->lock);
    out->errors = atomic_load(&p->errors);
}
