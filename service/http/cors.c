/* CORS: allowed origins are echoed back (never "*" with credentials),
 * with Vary: Origin so caches keep the answers apart. */
#include "paingen/http/cors.h"

#include "paingen/http/router.h"

#include <string.h>

/* Request headers a front end may send. */
#define CORS_ALLOW_HEADERS \
    "Authorization, Content-Type, Idempotency-Key, If-Match, If-None-Match, X-Request-Id"
/* Response headers a front end may read. */
#define CORS_EXPOSE_HEADERS "ETag, Location, Link, Retry-After, X-Request-Id"

static const char *allowed_origin(const struct config *c, const struct http_req *req)
{
    const char *origin = http_req_header(req, "Origin");
    return origin && config_cors_allows(c, origin) ? origin : NULL;
}

void cors_decorate(const struct config *c, const struct http_req *req, struct http_res *res)
{
    if (c->n_cors == 0)
        return;
    /* The answer depends on Origin whether or not this one is allowed. */
    http_res_header(res, "Vary", "Origin");
    const char *origin = allowed_origin(c, req);
    if (!origin)
        return;
    http_res_header(res, "Access-Control-Allow-Origin", "%s", origin);
    http_res_header(res, "Access-Control-Expose-Headers", CORS_EXPOSE_HEADERS);
}

static unsigned method_bit(const char *name)
{
    static const enum http_method all[] = {HTTP_GET,    HTTP_POST, HTTP_PUT,    HTTP_PATCH,
                                           HTTP_DELETE, HTTP_HEAD, HTTP_OPTIONS};
    for (size_t i = 0; name && i < sizeof all / sizeof all[0]; i++)
        if (strcmp(name, http_method_name(all[i])) == 0)
            return all[i];
    return 0;
}

void cors_preflight(const struct config *c, const struct http_req *req, unsigned allow,
                    struct http_res *res)
{
    char methods[96];
    router_allow_string(allow, methods, sizeof methods);
    http_res_text(res, 204, NULL, "", 0);
    http_res_header(res, "Allow", "%s", methods);
    if (c->n_cors)
        http_res_header(res, "Vary",
                        "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
    const char *origin = allowed_origin(c, req);
    unsigned asked = method_bit(http_req_header(req, "Access-Control-Request-Method"));
    if (!origin || !(asked & allow))
        return;
    http_res_header(res, "Access-Control-Allow-Origin", "%s", origin);
    http_res_header(res, "Access-Control-Allow-Methods", "%s", methods);
    http_res_header(res, "Access-Control-Allow-Headers", CORS_ALLOW_HEADERS);
    http_res_header(res, "Access-Control-Max-Age", "600");
}
