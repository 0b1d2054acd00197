/* A small table of URL → JWK Set text under one mutex: a handful of EHRs
 * per service, each looked up in a few microseconds. */
#include "paingen/core/jwkscache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct entry {
    char *url;  /* owned; NULL: free slot */
    char *text; /* owned; NULL until fetched */
    double fetched_at;
    double refetched_at; /* of the last early refetch allowed */
};

struct jwks_cache {
    pthread_mutex_t lock;
    int ttl_s;
    struct entry e[JWKS_CACHE_MAX];
};

static char *dup_or_die(const char *s)
{
    char *p = strdup(s);
    if (!p)
        abort();
    return p;
}

struct jwks_cache *jwks_cache_new(int ttl_s)
{
    struct jwks_cache *c = calloc(1, sizeof *c);
    if (!c)
        abort();
    pthread_mutex_init(&c->lock, NULL);
    c->ttl_s = ttl_s;
    return c;
}

void jwks_cache_free(struct jwks_cache *c)
{
    if (!c)
        return;
    for (int i = 0; i < JWKS_CACHE_MAX; i++) {
        free(c->e[i].url);
        free(c->e[i].text);
    }
    pthread_mutex_destroy(&c->lock);
    free(c);
}

/* url's entry, or NULL. Under the lock. */
static struct entry *find(struct jwks_cache *c, const char *url)
{
    for (int i = 0; i < JWKS_CACHE_MAX; i++)
        if (c->e[i].url && strcmp(c->e[i].url, url) == 0)
            return &c->e[i];
    return NULL;
}

/* url's entry, made in a free slot or in that of the oldest fetch. */
static struct entry *find_or_add(struct jwks_cache *c, const char *url)
{
    struct entry *e = find(c, url), *oldest = &c->e[0];
    if (e)
        return e;
    for (int i = 0; i < JWKS_CACHE_MAX; i++) {
        if (!c->e[i].url) {
            oldest = &c->e[i];
            break;
        }
        if (c->e[i].fetched_at < oldest->fetched_at)
            oldest = &c->e[i];
    }
    free(oldest->url);
    free(oldest->text);
    *oldest = (struct entry){.url = dup_or_die(url), .refetched_at = -1e18};
    return oldest;
}

char *jwks_cache_get(struct jwks_cache *c, const char *url, double now)
{
    char *text = NULL;
    pthread_mutex_lock(&c->lock);
    struct entry *e = find(c, url);
    if (e && e->text && now - e->fetched_at < c->ttl_s)
        text = dup_or_die(e->text);
    pthread_mutex_unlock(&c->lock);
    return text;
}

void jwks_cache_put(struct jwks_cache *c, const char *url, const char *text, double now)
{
    if (c->ttl_s <= 0)
        return;
    pthread_mutex_lock(&c->lock);
    struct entry *e = find_or_add(c, url);
    free(e->text);
    e->text = dup_or_die(text);
    e->fetched_at = now;
    pthread_mutex_unlock(&c->lock);
}

bool jwks_cache_may_refetch(struct jwks_cache *c, const char *url, double now)
{
    pthread_mutex_lock(&c->lock);
    struct entry *e = find_or_add(c, url);
    bool may = now - e->refetched_at >= JWKS_REFETCH_EVERY_S;
    if (may)
        e->refetched_at = now;
    pthread_mutex_unlock(&c->lock);
    return may;
}
