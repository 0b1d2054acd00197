/* Token buckets in a fixed table indexed by a hash of the key id. Keys
 * that hash to one slot share its bucket: at worst a key is limited a
 * little early, never let through beyond its rate (which handing the
 * slot over, full, would allow: a client with many keys could then cycle
 * through colliding ones). */
#include "paingen/core/ratelimit.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>

#define SLOTS 65536

struct bucket {
    bool used;
    double tokens;
    double at; /* when tokens was computed */
};

struct rate_limiter {
    pthread_mutex_t lock;
    double rate, burst;
    struct bucket slots[SLOTS];
};

struct rate_limiter *rate_limiter_new(double rate, int burst)
{
    struct rate_limiter *r = calloc(1, sizeof *r);
    if (!r)
        abort();
    pthread_mutex_init(&r->lock, NULL);
    r->rate = rate;
    r->burst = burst;
    return r;
}

void rate_limiter_free(struct rate_limiter *r)
{
    if (!r)
        return;
    pthread_mutex_destroy(&r->lock);
    free(r);
}

static size_t slot_of(const char *key)
{
    size_t h = 1469598103934665603ULL; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)key; *p; p++)
        h = (h ^ *p) * 1099511628211ULL;
    return h % SLOTS;
}

bool rate_limiter_take(struct rate_limiter *r, const char *key, double now, int *retry_after)
{
    if (r->rate <= 0)
        return true;
    pthread_mutex_lock(&r->lock);
    struct bucket *b = &r->slots[slot_of(key)];
    if (!b->used)
        *b = (struct bucket){.used = true, .tokens = r->burst, .at = now};
    b->tokens = fmin(r->burst, b->tokens + (now - b->at) * r->rate);
    b->at = now;
    bool ok = b->tokens >= 1.0;
    if (ok)
        b->tokens -= 1.0;
    else
        *retry_after = (int)ceil((1.0 - b->tokens) / r->rate);
    pthread_mutex_unlock(&r->lock);
    return ok;
}

void rate_limiter_give(struct rate_limiter *r, const char *key)
{
    if (r->rate <= 0)
        return;
    pthread_mutex_lock(&r->lock);
    struct bucket *b = &r->slots[slot_of(key)];
    if (b->used)
        b->tokens = fmin(r->burst, b->tokens + 1.0);
    pthread_mutex_unlock(&r->lock);
}
