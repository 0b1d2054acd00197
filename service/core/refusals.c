/* An open-addressed table of the (key, method, route) refused since the
 * last write, emptied whole by each flush; the writer runs outside the lock, so a
 * slow database never holds up a request that is being refused. */
#include "paingen/core/refusals.h"

#include "paingen/core/log.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SLOTS (2 * REFUSAL_LOG_ROWS) /* half full at most: short probes */

struct refusal_log {
    pthread_mutex_t lock;
    refusal_write_fn *write;
    void *ctx;
    size_t n;              /* rows waiting */
    uint64_t not_kept;     /* refusals not counted since the last flush: the table was full */
    struct refusal *slots; /* key_id[0] == '\0': free */
    /* the flushing thread */
    pthread_mutex_t flushing; /* one flush at a time: rows given back stay in order */
    pthread_cond_t wake;
    bool started, stopping;
    pthread_t thread;
};

struct refusal_log *refusal_log_new(refusal_write_fn *write, void *ctx)
{
    struct refusal_log *l = calloc(1, sizeof *l);
    if (!l || !(l->slots = calloc(SLOTS, sizeof *l->slots)))
        abort();
    l->write = write;
    l->ctx = ctx;
    pthread_mutex_init(&l->lock, NULL);
    pthread_mutex_init(&l->flushing, NULL);
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&l->wake, &attr);
    pthread_condattr_destroy(&attr);
    return l;
}

static uint64_t fnv1a(uint64_t h, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        h = (h ^ *p) * 1099511628211ULL;
    return (h ^ 0xff) * 1099511628211ULL; /* "ab","c" and "a","bc" apart */
}

static size_t slot_of(const struct refusal *r)
{
    uint64_t h = fnv1a(fnv1a(fnv1a(1469598103934665603ULL, r->key_id), r->method), r->route);
    return h % SLOTS;
}

static bool same(const struct refusal *a, const struct refusal *b)
{
    return strcmp(a->key_id, b->key_id) == 0 && strcmp(a->method, b->method) == 0 &&
           strcmp(a->route, b->route) == 0;
}

bool refusal_log_add(struct refusal_log *l, const struct refusal *r)
{
    if (!r->key_id[0]) /* the mark of a free slot */
        return false;
    pthread_mutex_lock(&l->lock);
    size_t i = slot_of(r);
    while (l->slots[i].key_id[0] && !same(&l->slots[i], r))
        i = (i + 1) % SLOTS;
    struct refusal *s = &l->slots[i];
    bool kept = s->key_id[0] || l->n < REFUSAL_LOG_ROWS;
    if (!kept) {
        l->not_kept += (uint64_t)r->count;
    } else if (!s->key_id[0]) {
        *s = *r;
        l->n++;
    } else {
        int64_t count = s->count + r->count;
        if (r->at < s->at) /* a row given back, older than what came since */
            *s = *r;
        s->count = count;
    }
    pthread_mutex_unlock(&l->lock);
    return kept;
}

/* Empties the table into a new array of *n rows (NULL when none). */
static struct refusal *take(struct refusal_log *l, size_t *n, uint64_t *not_kept)
{
    pthread_mutex_lock(&l->lock);
    struct refusal *rows = NULL;
    *n = 0;
    if (l->n && !(rows = malloc(l->n * sizeof *rows)))
        abort();
    for (size_t i = 0; i < SLOTS && *n < l->n; i++) {
        if (l->slots[i].key_id[0]) {
            rows[(*n)++] = l->slots[i];
            l->slots[i].key_id[0] = '\0';
        }
    }
    l->n = 0;
    *not_kept = l->not_kept;
    l->not_kept = 0;
    pthread_mutex_unlock(&l->lock);
    return rows;
}

enum pg_err refusal_log_flush(struct refusal_log *l)
{
    pthread_mutex_lock(&l->flushing);
    size_t n;
    uint64_t not_kept;
    struct refusal *rows = take(l, &n, &not_kept);
    if (not_kept)
        log_msg(LOG_ERROR,
                "cannot record %llu rate-limit refusals: %d rows were waiting to be written",
                (unsigned long long)not_kept, REFUSAL_LOG_ROWS);
    enum pg_err err = n ? l->write(l->ctx, rows, n) : PG_ERR_OK;
    if (err != PG_ERR_OK) {
        log_msg(LOG_WARN, "cannot record rate-limit refusals yet (%zu rows): %s", n,
                pg_err_slug(err));
        for (size_t i = 0; i < n; i++)
            (void)refusal_log_add(l, &rows[i]); /* one that no longer fits is logged next */
    }
    free(rows);
    pthread_mutex_unlock(&l->flushing);
    return err;
}

static void *flusher(void *arg)
{
    struct refusal_log *l = arg;
    pthread_mutex_lock(&l->lock);
    while (!l->stopping) {
        struct timespec at;
        clock_gettime(CLOCK_MONOTONIC, &at);
        at.tv_sec += 1;
        while (!l->stopping && pthread_cond_timedwait(&l->wake, &l->lock, &at) == 0)
            ;
        if (l->stopping)
            break;
        pthread_mutex_unlock(&l->lock);
        (void)refusal_log_flush(l); /* a failure is logged, and tried again */
        pthread_mutex_lock(&l->lock);
    }
    pthread_mutex_unlock(&l->lock);
    return NULL;
}

void refusal_log_start(struct refusal_log *l)
{
    if (l->started)
        abort(); /* started twice */
    l->started = true;
    if (pthread_create(&l->thread, NULL, flusher, l) != 0)
        abort();
}

void refusal_log_free(struct refusal_log *l)
{
    if (!l)
        return;
    if (l->started) {
        pthread_mutex_lock(&l->lock);
        l->stopping = true;
        pthread_cond_signal(&l->wake);
        pthread_mutex_unlock(&l->lock);
        pthread_join(l->thread, NULL);
    }
    if (refusal_log_flush(l) != PG_ERR_OK)
        log_msg(LOG_ERROR, "rate-limit refusals are not recorded (%zu rows): stopping", l->n);
    pthread_cond_destroy(&l->wake);
    pthread_mutex_destroy(&l->flushing);
    pthread_mutex_destroy(&l->lock);
    free(l->slots);
    free(l);
}
