/* A direct-mapped table indexed by a hash of the key id: a key whose slot
 * another key took is looked up in the database again, which costs a
 * round trip, never a wrong answer. */
#include "paingen/core/keycache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS 4096

struct slot {
    struct cached_key key;
    double until; /* monotonic seconds; 0: empty */
};

struct key_cache {
    pthread_mutex_t lock;
    int ttl_s;
    uint64_t epoch; /* forgets so far */
    struct slot slots[SLOTS];
};

struct key_cache *key_cache_new(int ttl_s)
{
    struct key_cache *c = calloc(1, sizeof *c);
    if (!c)
        abort();
    pthread_mutex_init(&c->lock, NULL);
    c->ttl_s = ttl_s;
    return c;
}

void key_cache_free(struct key_cache *c)
{
    if (!c)
        return;
    explicit_bzero(c->slots, sizeof c->slots);
    pthread_mutex_destroy(&c->lock);
    free(c);
}

static struct slot *slot_of(struct key_cache *c, const char *key_id)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)key_id; *p; p++)
        h = (h ^ *p) * 1099511628211ULL;
    return &c->slots[h % SLOTS];
}

uint64_t key_cache_epoch(struct key_cache *c)
{
    pthread_mutex_lock(&c->lock);
    uint64_t e = c->epoch;
    pthread_mutex_unlock(&c->lock);
    return e;
}

void key_cache_put(struct key_cache *c, const struct cached_key *k, double valid_for_s, double now,
                   uint64_t epoch)
{
    double life = valid_for_s >= 0 && valid_for_s < c->ttl_s ? valid_for_s : c->ttl_s;
    if (c->ttl_s <= 0 || life <= 0)
        return;
    pthread_mutex_lock(&c->lock);
    if (epoch == c->epoch)
        *slot_of(c, k->key_id) = (struct slot){*k, now + life};
    pthread_mutex_unlock(&c->lock);
}

bool key_cache_get(struct key_cache *c, const char *key_id, double now, struct cached_key *out)
{
    if (c->ttl_s <= 0)
        return false;
    pthread_mutex_lock(&c->lock);
    const struct slot *s = slot_of(c, key_id);
    bool hit = s->until > now && strcmp(s->key.key_id, key_id) == 0;
    if (hit)
        *out = s->key;
    pthread_mutex_unlock(&c->lock);
    return hit;
}

void key_cache_forget(struct key_cache *c, const char *key_id)
{
    pthread_mutex_lock(&c->lock);
    struct slot *s = slot_of(c, key_id);
    if (strcmp(s->key.key_id, key_id) == 0)
        explicit_bzero(s, sizeof *s);
    c->epoch++;
    pthread_mutex_unlock(&c->lock);
}
