/* CORS for the clinic front-end origins named in PAINGEN_CORS_ORIGINS. */
#ifndef PAINGEN_HTTP_CORS_H
#define PAINGEN_HTTP_CORS_H

#include "paingen/core/config.h"
#include "paingen/http/exchange.h"

/* Adds the CORS headers of a simple (non-preflight) response when the
 * request's Origin is allowed, and Vary: Origin whenever CORS is on. */
void cors_decorate(const struct config *c, const struct http_req *req, struct http_res *res);
/* Answers an OPTIONS request on a path that accepts the methods in
 * allow: 204 with Allow, plus the preflight headers when the Origin is
 * allowed and asked for a method the path accepts. */
void cors_preflight(const struct config *c, const struct http_req *req, unsigned allow,
                    struct http_res *res);

#endif
