/* The key cache: an entry lives the configured seconds, never past its
 * key's expiry; forget drops it and refuses a lookup that raced with it;
 * a cache of 0 seconds keeps nothing. */
#include "unit.h"

#include "paingen/core/keycache.h"

#include <string.h>

static struct cached_key key(const char *id)
{
    struct cached_key k = {.role = 2};
    snprintf(k.key_id, sizeof k.key_id, "%s", id);
    snprintf(k.clinic, sizeof k.clinic, "00000000-0000-0000-0000-000000000001");
    memset(k.secret_hash, 0xab, sizeof k.secret_hash);
    return k;
}

void test_keycache(void)
{
    struct key_cache *c = key_cache_new(10);
    struct cached_key a = key("aaaaaaaa-0000-0000-0000-000000000001"), out;
    CHECK(!key_cache_get(c, a.key_id, 100.0, &out));
    key_cache_put(c, &a, -1, 100.0, key_cache_epoch(c)); /* no expiry: the cache's 10 s */
    CHECK(key_cache_get(c, a.key_id, 109.9, &out) && memcmp(&out, &a, sizeof a) == 0);
    CHECK(!key_cache_get(c, a.key_id, 110.0, &out));
    CHECK(!key_cache_get(c, "aaaaaaaa-0000-0000-0000-000000000002", 101.0, &out));

    key_cache_put(c, &a, 3.5, 200.0, key_cache_epoch(c)); /* expires in 3.5 s */
    CHECK(key_cache_get(c, a.key_id, 203.4, &out));
    CHECK(!key_cache_get(c, a.key_id, 203.5, &out));
    key_cache_put(c, &a, 0, 300.0, key_cache_epoch(c)); /* expired: not kept */
    CHECK(!key_cache_get(c, a.key_id, 300.0, &out));

    key_cache_put(c, &a, -1, 400.0, key_cache_epoch(c));
    uint64_t before = key_cache_epoch(c); /* a lookup starts */
    key_cache_forget(c, a.key_id);        /* a revocation commits meanwhile */
    CHECK(!key_cache_get(c, a.key_id, 400.0, &out));
    key_cache_put(c, &a, -1, 400.0, before); /* the lookup's stale answer */
    CHECK(!key_cache_get(c, a.key_id, 400.0, &out));
    key_cache_free(c);

    struct key_cache *off = key_cache_new(0);
    key_cache_put(off, &a, -1, 1.0, key_cache_epoch(off));
    CHECK(!key_cache_get(off, a.key_id, 1.0, &out));
    key_cache_free(off);
}
