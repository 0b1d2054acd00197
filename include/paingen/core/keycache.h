/* API keys the service has checked recently, so that a request whose key
 * was checked a moment ago needs no database round trip to authenticate
 * (and POST /v1/score, which reads no record, none at all). An entry
 * lives at most the configured seconds and never past the key's expiry;
 * a revocation made through this process forgets the key at once, one
 * made elsewhere (the command line, another instance) takes effect within
 * the entry's lifetime. Thread-safe. */
#ifndef PAINGEN_CORE_KEYCACHE_H
#define PAINGEN_CORE_KEYCACHE_H

#include "paingen/core/crypto.h"

#include <stdbool.h>
#include <stdint.h>

struct key_cache;

struct cached_key {
    char key_id[37];
    char clinic[37];
    int role; /* enum role */
    uint8_t secret_hash[SHA256_BYTES];
};

/* ttl_s 0: nothing is kept. */
struct key_cache *key_cache_new(int ttl_s);
void key_cache_free(struct key_cache *c);

/* The epoch to pass to key_cache_put: read it before looking a key up in
 * the database. */
uint64_t key_cache_epoch(struct key_cache *c);

/* Keeps k, valid for valid_for_s more seconds (< 0: no expiry), from now
 * (monotonic seconds); unless a key was forgotten since epoch was read
 * (the lookup may have raced with a revocation). */
void key_cache_put(struct key_cache *c, const struct cached_key *k, double valid_for_s, double now,
                   uint64_t epoch);

/* The entry for key_id, still valid at now. */
bool key_cache_get(struct key_cache *c, const char *key_id, double now, struct cached_key *out);

/* Drops key_id (revoked, or changed). */
void key_cache_forget(struct key_cache *c, const char *key_id);

#endif
