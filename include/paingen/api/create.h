/* The create step shared by every POST that records something: one
 * transaction holding the insert and, when the caller sent an
 * Idempotency-Key, the key and the response to replay to its retries. */
#ifndef PAINGEN_API_CREATE_H
#define PAINGEN_API_CREATE_H

#include "paingen/core/buf.h"
#include "paingen/core/error.h"
#include "paingen/http/exchange.h"
#include "paingen/store/pool.h"

#include <stdbool.h>

struct created {
    struct buf json;    /* the new record's representation */
    char location[256]; /* its URL */
    char etag[16];      /* its ETag, or empty for a resource without versions */
};

/* Inserts on c, inside the open transaction; fills out on OK. */
typedef enum pg_err create_fn(struct store_conn *c, void *arg, struct created *out);

/* Runs fn as described above and answers 201 (or the replayed first
 * response, marked Idempotent-Replayed: true). Errors of the key, the
 * pool and the database are answered too. Returns false without
 * answering only when fn itself failed; *fn_err says how, for the
 * caller to phrase. */
bool create_run(const struct http_req *req, struct http_res *res, struct store_pool *pool,
                create_fn *fn, void *arg, enum pg_err *fn_err);

#endif
