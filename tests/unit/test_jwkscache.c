/* The jku side of EHR authentication without a network: which URLs may
 * be fetched, and the cache of fetched key sets (lifetime, the early
 * refetch allowed once in a while, the bound on URLs). */
#include "unit.h"

#include "paingen/core/jwkscache.h"
#include "paingen/http/client.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void urls(void)
{
    static const struct {
        const char *url;
        bool loopback, ok;
    } cases[] = {
        {"https://ehr.example/jwks.json", false, true},
        {"HTTPS://ehr.example:8443/keys?v=2", false, true},
        {"https://[2001:db8::1]:8443/jwks", false, true},
        {"http://ehr.example/jwks.json", true, false}, /* plain http: loopback only */
        {"http://127.0.0.1:9000/jwks.json", false, false},
        {"http://127.0.0.1:9000/jwks.json", true, true},
        {"http://localhost/jwks.json", true, true},
        {"http://[::1]:80/jwks.json", true, true},
        {"http://127.0.0.1.evil.example/jwks.json", true, false},
        {"http://localhost@evil.example/", true, false},
        {"https://user:pw@ehr.example/jwks", false, false},
        {"https://ehr.example/jwks#frag", false, false},
        {"https://ehr.example/a b", false, false},
        {"https:///jwks", false, false},
        {"ftp://ehr.example/jwks", false, false},
        {"file:///etc/passwd", true, false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        CHECK_MSG(http_client_url_ok(cases[i].url, cases[i].loopback) == cases[i].ok,
                  "%s (loopback http %s): want %s", cases[i].url,
                  cases[i].loopback ? "allowed" : "denied", cases[i].ok ? "ok" : "refused");
    char *long_url = malloc(HTTP_CLIENT_URL_MAX + 2);
    snprintf(long_url, HTTP_CLIENT_URL_MAX + 2, "https://ehr.example/%0*d",
             HTTP_CLIENT_URL_MAX - 20, 0);
    CHECK(strlen(long_url) == HTTP_CLIENT_URL_MAX && http_client_url_ok(long_url, false));
    long_url[HTTP_CLIENT_URL_MAX] = '0';
    long_url[HTTP_CLIENT_URL_MAX + 1] = '\0';
    CHECK(!http_client_url_ok(long_url, false));
    free(long_url);
}

static void cache(void)
{
    struct jwks_cache *c = jwks_cache_new(300);
    const char *u = "https://ehr.example/jwks";
    CHECK(jwks_cache_get(c, u, 0) == NULL);
    jwks_cache_put(c, u, "{\"keys\":[]}", 1000);
    char *t = jwks_cache_get(c, u, 1299.9);
    CHECK(t && strcmp(t, "{\"keys\":[]}") == 0);
    free(t);
    CHECK(jwks_cache_get(c, u, 1300) == NULL); /* kept 300 s */
    /* an early refetch: once, then not again within the interval */
    CHECK(jwks_cache_may_refetch(c, u, 1000));
    CHECK(!jwks_cache_may_refetch(c, u, 1000 + JWKS_REFETCH_EVERY_S - 1));
    CHECK(jwks_cache_may_refetch(c, u, 1000 + JWKS_REFETCH_EVERY_S));
    CHECK(jwks_cache_may_refetch(c, "https://other.example/jwks", 1001)); /* per URL */
    /* more URLs than it holds: the oldest fetch goes first */
    char url[64];
    for (int i = 0; i < JWKS_CACHE_MAX; i++) {
        snprintf(url, sizeof url, "https://ehr%d.example/jwks", i);
        jwks_cache_put(c, url, "{}", 1100 + i);
    }
    CHECK(jwks_cache_get(c, u, 1101) == NULL);
    t = jwks_cache_get(c, "https://ehr63.example/jwks", 1200);
    CHECK(t != NULL);
    free(t);
    jwks_cache_free(c);
    struct jwks_cache *none = jwks_cache_new(0);
    jwks_cache_put(none, u, "{}", 0);
    CHECK(jwks_cache_get(none, u, 0) == NULL);
    jwks_cache_free(none);
}

void test_jwkscache(void)
{
    urls();
    cache();
}
