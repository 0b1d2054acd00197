/* One HTTP exchange as handlers see it: the parsed request and the
 * response they fill in. No libmicrohttpd type appears here, so api/
 * handlers never depend on the HTTP library. */
#ifndef PAINGEN_HTTP_EXCHANGE_H
#define PAINGEN_HTTP_EXCHANGE_H

#include "paingen/core/buf.h"
#include "paingen/core/error.h"

#include <jansson.h>
#include <stddef.h>

/* How every JSON text the service writes is printed: compact, and reals
 * with 15 significant digits (0.61, not 0.60999999999999999). */
#define HTTP_JSON_FLAGS (JSON_COMPACT | JSON_REAL_PRECISION(15))

enum http_method {
    HTTP_GET = 1 << 0,
    HTTP_POST = 1 << 1,
    HTTP_PUT = 1 << 2,
    HTTP_PATCH = 1 << 3,
    HTTP_DELETE = 1 << 4,
    HTTP_HEAD = 1 << 5,
    HTTP_OPTIONS = 1 << 6,
};

#define HTTP_MAX_PARAMS      4
#define HTTP_MAX_QUERY       32
#define HTTP_MAX_HEADERS     100
#define HTTP_MAX_RES_HEADERS 12
#define HTTP_REQUEST_ID_MAX  64

struct http_kv {
    const char *key;
    const char *value;
};

/* Everything borrowed: valid until the exchange completes. */
struct http_req {
    enum http_method method; /* 0 for a method the service does not know */
    const char *method_name;
    const char *path;
    struct http_kv params[HTTP_MAX_PARAMS]; /* path parameters by template name */
    size_t n_params;
    struct http_kv query[HTTP_MAX_QUERY];
    size_t n_query;
    struct http_kv headers[HTTP_MAX_HEADERS];
    size_t n_headers;
    const char *body; /* NUL-terminated; NULL when there was none */
    size_t body_len;
    const char *request_id;
    const char *client_addr; /* the peer's address, "" when unknown */
    void *ctx;               /* the application, as given to http_server_new */
};

struct http_res_header {
    const char *name; /* static storage */
    char value[256];
};

struct http_res {
    int status;
    const char *content_type; /* static storage */
    struct buf body;
    struct http_res_header headers[HTTP_MAX_RES_HEADERS];
    size_t n_headers;
};

const char *http_method_name(enum http_method m);
/* Path parameter, query parameter or header (case-insensitive) value,
 * or NULL when absent. */
const char *http_req_param(const struct http_req *req, const char *name);
const char *http_req_query(const struct http_req *req, const char *name);
const char *http_req_header(const struct http_req *req, const char *name);

/* Adds a response header; name must have static storage. */
void http_res_header(struct http_res *res, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Sets status and a JSON body; takes the reference to root. */
void http_res_json(struct http_res *res, int status, json_t *root);
/* Sets status and a JSON body already rendered (by the database): the
 * text moves from *json into the response, leaving *json empty. */
void http_res_json_buf(struct http_res *res, int status, struct buf *json);
/* Sets status and a text body with the given content type. */
void http_res_text(struct http_res *res, int status, const char *content_type, const char *text,
                   size_t len);
/* A new JSON string of untrusted text (a path, a query key): invalid
 * UTF-8 replaced, cut after max_bytes. Never NULL. */
json_t *http_json_text(const char *s, size_t max_bytes);
/* An RFC 9457 application/problem+json response for err. extra (taken,
 * may be NULL) holds extension members such as "errors". */
void http_res_problem(struct http_res *res, const struct http_req *req, enum pg_err err,
                      json_t *extra, const char *detail_fmt, ...)
    __attribute__((format(printf, 5, 6)));

#endif
