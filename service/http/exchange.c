/* Request lookups and response builders shared by every handler. */
#include "paingen/http/exchange.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *http_method_name(enum http_method m)
{
    switch (m) {
    case HTTP_GET: return "GET";
    case HTTP_POST: return "POST";
    case HTTP_PUT: return "PUT";
    case HTTP_PATCH: return "PATCH";
    case HTTP_DELETE: return "DELETE";
    case HTTP_HEAD: return "HEAD";
    case HTTP_OPTIONS: return "OPTIONS";
    }
    return "?";
}

static const char *lookup(const struct http_kv *kv, size_t n, const char *name, bool icase)
{
    for (size_t i = 0; i < n; i++) {
        if ((icase ? strcasecmp(kv[i].key, name) : strcmp(kv[i].key, name)) == 0)
            return kv[i].value;
    }
    return NULL;
}

const char *http_req_param(const struct http_req *req, const char *name)
{
    return lookup(req->params, req->n_params, name, false);
}

const char *http_req_query(const struct http_req *req, const char *name)
{
    return lookup(req->query, req->n_query, name, false);
}

const char *http_req_header(const struct http_req *req, const char *name)
{
    return lookup(req->headers, req->n_headers, name, true);
}

void http_res_header(struct http_res *res, const char *name, const char *fmt, ...)
{
    if (res->n_headers == HTTP_MAX_RES_HEADERS)
        abort(); /* a handler adding this many headers is a programming error */
    struct http_res_header *h = &res->headers[res->n_headers++];
    h->name = name;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(h->value, sizeof h->value, fmt, ap);
    va_end(ap);
}

void http_res_json(struct http_res *res, int status, json_t *root)
{
    buf_cleanup(&res->body);
    char *text = json_dumps(root, HTTP_JSON_FLAGS);
    json_decref(root);
    if (!text)
        abort(); /* only out of memory makes json_dumps fail here */
    buf_puts(&res->body, text);
    free(text);
    res->status = status;
    res->content_type = "application/json";
}

void http_res_json_buf(struct http_res *res, int status, struct buf *json)
{
    buf_cleanup(&res->body);
    res->body = *json;
    buf_init(json, json->limit);
    res->status = status;
    res->content_type = "application/json";
}

void http_res_text(struct http_res *res, int status, const char *content_type, const char *text,
                   size_t len)
{
    buf_cleanup(&res->body);
    buf_append(&res->body, text, len);
    res->status = status;
    res->content_type = content_type;
}

json_t *http_json_text(const char *s, size_t max_bytes)
{
    struct buf b = {0};
    buf_utf8(&b, s, max_bytes);
    json_t *str = json_stringn(b.data ? b.data : "", b.len);
    buf_cleanup(&b);
    if (!str)
        abort(); /* the text is valid UTF-8 now: only out of memory fails */
    return str;
}

void http_res_problem(struct http_res *res, const struct http_req *req, enum pg_err err,
                      json_t *extra, const char *detail_fmt, ...)
{
    char detail[1024];
    va_list ap;
    va_start(ap, detail_fmt);
    vsnprintf(detail, sizeof detail, detail_fmt, ap);
    va_end(ap);

    char type[96];
    snprintf(type, sizeof type, "urn:paingen:problem:%s", pg_err_slug(err));
    json_t *root = json_object();
    json_object_set_new(root, "type", json_string(type));
    json_object_set_new(root, "title", json_string(pg_err_title(err)));
    json_object_set_new(root, "status", json_integer(pg_err_status(err)));
    json_object_set_new(root, "detail", http_json_text(detail, sizeof detail));
    json_object_set_new(root, "instance", http_json_text(req->path ? req->path : "/", 1024));
    if (req->request_id)
        json_object_set_new(root, "request_id", json_string(req->request_id));
    if (extra) {
        json_object_update_missing(root, extra);
        json_decref(extra);
    }
    http_res_json(res, pg_err_status(err), root);
    res->content_type = "application/problem+json";
}
