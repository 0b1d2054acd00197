/* Idempotent creation: claim the key, insert, save the response, commit. */
#include "paingen/api/create.h"

#include "paingen/api/app.h"
#include "paingen/api/auth.h"
#include "paingen/api/edge.h"
#include "paingen/store/idempotency.h"
#include "paingen/store/tx.h"

#include <string.h>

#define IDEMPOTENCY_KEY_MAX 255

/* 1..255 visible ASCII characters. */
static bool valid_key(const char *k)
{
    size_t n = strlen(k);
    if (n == 0 || n > IDEMPOTENCY_KEY_MAX)
        return false;
    for (const unsigned char *p = (const unsigned char *)k; *p; p++)
        if (*p < 0x21 || *p > 0x7E)
            return false;
    return true;
}

static void reply_created(struct http_res *res, int status, struct buf *json, const char *location,
                          const char *etag, bool replayed)
{
    http_res_json_buf(res, status, json);
    if (location && *location)
        http_res_header(res, "Location", "%s", location);
    if (etag && *etag)
        http_res_header(res, "ETag", "%s", etag);
    if (replayed)
        http_res_header(res, "Idempotent-Replayed", "true");
}

static void reply_key_reused(const struct http_req *req, struct http_res *res)
{
    json_t *errors = json_pack("[{s:s, s:s}]", "pointer", "header/Idempotency-Key", "detail",
                               "already used for a different request");
    http_res_problem(res, req, PG_ERR_IDEMPOTENCY_MISMATCH, json_pack("{s:o}", "errors", errors),
                     "this Idempotency-Key was first used with another method, path or body; "
                     "use a new key for a new request");
}

/* The key taken by an earlier request: the step is undone, the key read
 * (a replay, or a conflict) and, when no response is stored yet and the
 * claim now succeeds, the work done again. */
static enum pg_err claim_then_run(struct store_conn *c, struct idem_request *r, create_fn *fn,
                                  void *arg, struct created *out, bool *replay,
                                  struct stored_response *stored, bool *answered)
{
    store_tx_rollback(c);
    buf_cleanup(&out->json);
    *out = (struct created){0};
    *answered = true;
    enum pg_err err = store_tx_begin(c);
    if (err == PG_ERR_OK)
        err = store_idem_claim(c, auth_clinic(), r, replay, stored);
    if (err == PG_ERR_OK && !*replay) {
        err = fn(c, arg, out);
        *answered = err == PG_ERR_OK;
    }
    return err;
}

bool create_run(const struct http_req *req, struct http_res *res, struct store_pool *pool,
                create_fn *fn, void *arg, enum pg_err *fn_err)
{
    const char *key = http_req_header(req, "Idempotency-Key");
    if (key && !valid_key(key)) {
        http_res_problem(res, req, PG_ERR_BAD_REQUEST, NULL,
                         "Idempotency-Key must be 1 to %d visible ASCII characters",
                         IDEMPOTENCY_KEY_MAX);
        return true;
    }
    struct store_conn *c = NULL;
    struct created out = {0};
    struct stored_response stored = {0};
    struct idem_request r = {key, req->method_name, req->path, req->body};
    bool replay = false, answered = true;
    enum pg_err err = store_pool_acquire(pool, &c);
    if (err == PG_ERR_OK && key)
        store_idem_sweep(c);
    if (err == PG_ERR_OK)
        err = store_tx_begin(c);
    /* a first request's key goes out with the work; a retry's fails it */
    if (err == PG_ERR_OK && key)
        err = store_idem_claim_ahead(c, auth_clinic(), &r);
    if (err == PG_ERR_OK) {
        err = fn(c, arg, &out);
        answered = err == PG_ERR_OK;
        if (key && err == PG_ERR_CONFLICT && store_idem_claim_taken(c))
            err = claim_then_run(c, &r, fn, arg, &out, &replay, &stored, &answered);
        if (err == PG_ERR_OK && key && !replay)
            err =
                store_idem_save(c, auth_clinic(), key, 201, out.json.data, out.location, out.etag);
    }
    if (err == PG_ERR_OK)
        err = store_tx_commit(c);
    if (err != PG_ERR_OK)
        store_tx_rollback(c);
    store_pool_release(pool, c);

    if (err == PG_ERR_OK && replay)
        reply_created(res, stored.status, &stored.json, stored.location, stored.etag, true);
    else if (err == PG_ERR_OK)
        reply_created(res, 201, &out.json, out.location, out.etag, false);
    else if (!answered)
        *fn_err = err;
    else if (err == PG_ERR_IDEMPOTENCY_MISMATCH)
        reply_key_reused(req, res);
    else if (err == PG_ERR_CONFLICT && key)
        http_res_problem(res, req, err, NULL,
                         "a request with this Idempotency-Key is still being processed; retry");
    else
        edge_reply_error(req, res, err, "record");
    buf_cleanup(&out.json);
    buf_cleanup(&stored.json);
    return answered;
}
