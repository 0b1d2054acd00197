/* Opaque pagination cursors: the sort key of the last row of a page
 * (a timestamp and an id), base64url-encoded so clients treat it as a
 * token, not as something to build. */
#ifndef PAINGEN_API_CURSOR_H
#define PAINGEN_API_CURSOR_H

#include "paingen/api/edge.h"
#include "paingen/store/page.h"
#include "paingen/store/pool.h"

#include <stdbool.h>
#include <stddef.h>

#define CURSOR_MAX 160

struct cursor_key {
    char at[40]; /* RFC 3339 timestamp as the database printed it */
    char id[37]; /* UUID */
};

/* Encodes key into out (at least CURSOR_MAX bytes). */
void cursor_encode(const struct cursor_key *key, char *out);
/* Decodes a client's cursor; false when it is not one of ours. */
bool cursor_decode(const char *text, struct cursor_key *key);

/* Reads ?limit (1..100, default 20) and ?cursor into *page, whose
 * after_* fields then point into *key. Errors go to v. */
void cursor_page_parse(struct validation *v, const struct http_req *req,
                       struct store_page_req *page, struct cursor_key *key);
/* For a list operation: rejects query parameters other than limit,
 * cursor and those in extra (NULL-terminated, may be NULL), then parses
 * the page. Answers 422 and returns false on any error. */
bool cursor_page_request(const struct http_req *req, struct http_res *res, const char *const *extra,
                         struct store_page_req *page, struct cursor_key *key);
/* A store list of the rows under a parent (a patient's consultations, a
 * consultation's assessments...). */
typedef enum pg_err cursor_list_fn(struct store_pool *p, const char *clinic, const char *parent,
                                   const struct store_page_req *req, struct store_page *out);

/* GET /v1/<parents>/{id}/<rows>: the page, or 404 naming the parent
 * (label), or 422 for a bad id, limit or cursor. */
void cursor_list_under(const struct http_req *req, struct http_res *res, const char *label,
                       cursor_list_fn *list);

/* A store list of the clinic's own rows (its keys, its EHR clients). */
typedef enum pg_err cursor_clinic_list_fn(struct store_pool *p, const char *clinic,
                                          const struct store_page_req *req, struct store_page *out);
/* GET /v1/<rows>: the page of the clinic's rows, or 422 for a bad limit or
 * cursor. */
void cursor_list_clinic(const struct http_req *req, struct http_res *res,
                        cursor_clinic_list_fn *list);
/* Answers 200 {"items": [...], "next_cursor": "..." | null}, noting the
 * rows' ids for the audit row; cleans up page->items and page->ids. */
void cursor_page_reply(struct http_res *res, struct store_page *page);

#endif
