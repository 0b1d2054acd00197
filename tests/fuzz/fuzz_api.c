/* libFuzzer target: every handler of the route table fed an arbitrary
 * path parameter, query string, If-Match / Idempotency-Key / Content-Type
 * header and body, as the HTTP layer would hand them over. The database
 * is unreachable on purpose: validation runs in full, and whatever passes
 * it meets a 503. The property: no crash, no sanitizer report, no leak,
 * and never a 500.
 *
 * Input: a route byte, then four parts separated by NUL bytes: the path
 * parameter, the query string, the header value, the body. With the route
 * byte's high bit set, the request goes through the authentication guard
 * instead, the header value as its Authorization (the key's parsing runs
 * before any database work), or as its Cookie when it starts with
 * "paingen_session=" (a session's cookie, parsed before its lookup).
 * FUZZ_KEY is in the key cache, as a key checked a moment ago: with it,
 * the routes that need no database run. */
#include "paingen/api/app.h"
#include "paingen/api/auth.h"
#include "paingen/api/routes.h"
#include "paingen/core/log.h"
#include "paingen/http/server.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static struct config cfg;
static struct app app;

#define FUZZ_KEY_ID "0f0f0f0f-0000-0000-0000-000000000000"
#define FUZZ_SECRET "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
/* FUZZ_KEY: "paingen_0f0f0f0f000000000000000000000000_" FUZZ_SECRET */

static void cache_fuzz_key(void)
{
    struct cached_key k = {
        FUZZ_KEY_ID, "00000000-0000-0000-0000-000000000001", ROLE_CLINICIAN, {0}};
    sha256(FUZZ_SECRET, AUTH_SECRET_CHARS, k.secret_hash);
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    key_cache_put(app.keys, &k, -1, (double)now.tv_sec, key_cache_epoch(app.keys));
}

static const char *getenv_none(const char *name)
{
    (void)name;
    return NULL;
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    struct buf errors = {0};
    if (!config_load(&cfg, getenv_none, &errors))
        abort();
    buf_cleanup(&errors);
    /* a socket folder that does not exist: every connection fails at once */
    cfg.database_url = strdup("host=/nonexistent-paingen-fuzz dbname=none connect_timeout=1");
    cfg.db_pool = 1;
    cfg.db_wait_ms = 1;
    log_set_level(LOG_ERROR);
    app = (struct app){.cfg = &cfg,
                       .pool = store_pool_new(&cfg, NULL),
                       .limiter = rate_limiter_new(0, 1),
                       .signin_emails = rate_limiter_new(0, 1),
                       .signin_addresses = rate_limiter_new(0, 1),
                       .keys = key_cache_new(1 << 30)}; /* for the whole run */
    cache_fuzz_key();
    /* not listening: there for the handlers that report on it (/metrics) */
    app.server = http_server_new(&cfg, api_routes, api_n_routes, &app, NULL);
    return 0;
}

/* The next NUL-separated part of the input, copied and NUL-terminated. */
static char *part(const uint8_t **p, const uint8_t *end)
{
    const uint8_t *nul = memchr(*p, 0, (size_t)(end - *p));
    size_t n = nul ? (size_t)(nul - *p) : (size_t)(end - *p);
    char *s = malloc(n + 1);
    if (!s)
        abort();
    memcpy(s, *p, n);
    s[n] = '\0';
    *p += n + (nul ? 1 : 0);
    return s;
}

/* "a=b&c" into the request's query list (values point into q). */
static void split_query(char *q, struct http_req *req)
{
    for (char *save = NULL, *kv = strtok_r(q, "&", &save); kv && req->n_query < HTTP_MAX_QUERY;
         kv = strtok_r(NULL, "&", &save)) {
        char *eq = strchr(kv, '=');
        if (eq)
            *eq++ = '\0';
        req->query[req->n_query++] = (struct http_kv){kv, eq ? eq : ""};
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const struct route *route = &api_routes[data[0] % api_n_routes];
    const uint8_t *p = data + 1, *end = data + size;
    char *param = part(&p, end), *query = part(&p, end), *header = part(&p, end);
    char *body = part(&p, end);
    struct http_req req = {.method = route->method,
                           .method_name = http_method_name(route->method),
                           .path = route->path,
                           .request_id = "fuzz",
                           .client_addr = "",
                           .ctx = &app};
    /* the template's own parameter name: {id}, or {file} for the app's files */
    if (strstr(route->path, "{file}"))
        req.params[req.n_params++] = (struct http_kv){"file", param};
    else if (strchr(route->path, '{'))
        req.params[req.n_params++] = (struct http_kv){"id", param};
    split_query(query, &req);
    bool guarded = data[0] & 0x80;
    bool cookie = strncmp(header, "paingen_session=", 16) == 0;
    if (guarded)
        req.headers[req.n_headers++] =
            (struct http_kv){cookie ? "Cookie" : "Authorization", header};
    req.headers[req.n_headers++] = (struct http_kv){"Content-Type", "application/json"};
    req.headers[req.n_headers++] = (struct http_kv){"If-Match", header};
    req.headers[req.n_headers++] = (struct http_kv){"Idempotency-Key", header};
    req.headers[req.n_headers++] = (struct http_kv){"Accept", header};
    req.body = body;
    req.body_len = strlen(body);
    struct http_res res = {0};
    if (guarded)
        api_guard(&req, &res, route);
    else
        route->handler(&req, &res);
    if (res.status < 200 || res.status > 599 || res.status == 500) {
        fprintf(stderr, "%s %s answered %d: %.*s\n", req.method_name, route->path, res.status,
                (int)res.body.len, res.body.data ? res.body.data : "");
        abort();
    }
    buf_cleanup(&res.body);
    free(param);
    free(query);
    free(header);
    free(body);
    return 0;
}
