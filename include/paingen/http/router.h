/* Table-driven router: a method and a path template per route, with
 * {name} segments captured as path parameters. Tells "no such path"
 * (404) from "no such method on this path" (405 + Allow). */
#ifndef PAINGEN_HTTP_ROUTER_H
#define PAINGEN_HTTP_ROUTER_H

#include "paingen/core/error.h"
#include "paingen/http/exchange.h"

#include <stdbool.h>
#include <stddef.h>

#define ROUTER_MAX_PATH 1024

typedef void http_handler(const struct http_req *req, struct http_res *res);

struct route {
    enum http_method method;
    const char *path; /* template, e.g. "/v1/patients/{id}" */
    http_handler *handler;
    unsigned access; /* who may call it: the application's meaning (see http_guard) */
};

/* Runs route->handler for req, or answers in its stead (authentication,
 * roles, limits): the application's gate around every handler. */
typedef void http_guard(struct http_req *req, struct http_res *res, const struct route *route);

struct route_match {
    size_t index;   /* into the table, when OK */
    unsigned allow; /* methods the path accepts, when OK or METHOD_NOT_ALLOWED */
    struct http_kv params[HTTP_MAX_PARAMS];
    size_t n_params;
    char scratch[ROUTER_MAX_PATH + 1]; /* holds the parameter values */
};

/* Finds the route for method and path. HEAD matches GET routes. Returns
 * OK, NOT_FOUND or METHOD_NOT_ALLOWED; params point into m->scratch. */
enum pg_err router_match(const struct route *table, size_t n, enum http_method method,
                         const char *path, struct route_match *m) PG_MUST_USE;

/* Checks the request target as the client sent it (percent-encoded, with
 * its query) for what decoding would hide from the router: an encoded NUL
 * ("%00"), which would end the path or a query parameter early, and an
 * encoded '/' ("%2F") in the path, which would turn one segment into two.
 * Returns true when it has neither; otherwise false, with the reason (a
 * 400's detail) in detail. */
bool router_check_target(const char *target, char *detail, size_t len) PG_MUST_USE;

/* path with each segment that is a UUID in lower case, into out: every
 * id of this API is a UUID, EHRs often send them in capitals, and the
 * handlers, idempotency, the audit trail and the log must each see one
 * spelling of it. False, out undefined, when path is longer than any
 * route matches. */
bool router_path_canonical(const char *path, char out[ROUTER_MAX_PATH + 1]);

/* Writes the Allow header value for a method mask ("GET, HEAD, OPTIONS"). */
void router_allow_string(unsigned allow, char *out, size_t len);

#endif
