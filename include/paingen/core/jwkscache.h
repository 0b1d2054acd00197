/* The JWK Sets fetched from EHRs' jku URLs, kept a few minutes per URL so
 * that a token costs no fetch; refetched early, at most once in a while
 * per URL, when a token names a kid the set lacks (the EHR rotated its
 * keys): a stream of tokens with made-up kids cannot turn into a stream
 * of fetches. At most JWKS_CACHE_MAX URLs; the oldest goes first.
 * Thread-safe. */
#ifndef PAINGEN_CORE_JWKSCACHE_H
#define PAINGEN_CORE_JWKSCACHE_H

#include <stdbool.h>

#define JWKS_CACHE_MAX       64
#define JWKS_REFETCH_EVERY_S 30 /* at most one early refetch per URL so often */

struct jwks_cache;

/* ttl_s: how long a fetched set is used (0: never kept). */
struct jwks_cache *jwks_cache_new(int ttl_s);
void jwks_cache_free(struct jwks_cache *c);

/* A new copy (free it) of the set fetched from url, when fetched less
 * than ttl_s before now (monotonic seconds); else NULL. */
char *jwks_cache_get(struct jwks_cache *c, const char *url, double now);
/* Keeps text as the set of url, fetched at now. */
void jwks_cache_put(struct jwks_cache *c, const char *url, const char *text, double now);
/* Whether url may be fetched again ahead of its time now (a kid was not
 * found in it); true at most once per JWKS_REFETCH_EVERY_S per URL. */
bool jwks_cache_may_refetch(struct jwks_cache *c, const char *url, double now);

#endif
