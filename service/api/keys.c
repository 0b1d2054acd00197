/* Key management within the admin's clinic. A new key is returned once,
 * whole, and never stored: so no Idempotency-Key replay either (a replay
 * would have to keep the secret). */
#include "paingen/api/keys.h"

#include "paingen/api/app.h"
#include "paingen/api/auth.h"
#include "paingen/api/cursor.h"
#include "paingen/api/edge.h"
#include "paingen/store/keys.h"

#include <stdio.h>
#include <string.h>

static const char *const role_names[] = {"readonly", "clinician", "ehr", "admin", NULL};

/* The new key's representation with "key" added. */
static void reply_new_key(const struct http_req *req, struct http_res *res, struct buf *json,
                          const char *id, const char *secret)
{
    char text[AUTH_KEY_TEXT_CHARS + 1];
    auth_key_text(id, secret, text);
    json_t *k = json_loads(json->data, 0, NULL);
    if (!k) {
        http_res_problem(res, req, PG_ERR_INTERNAL, NULL, "the key could not be shown");
        return;
    }
    json_object_set_new(k, "key", json_string(text));
    explicit_bzero(text, sizeof text);
    http_res_json(res, 201, k);
    http_res_header(res, "Location", "/v1/keys/%s", id);
}

void api_keys_create(const struct http_req *req, struct http_res *res)
{
    static const char *const fields[] = {"role", "name", "expires_at", NULL};
    if (!edge_no_query(req, res))
        return;
    struct app *app = req->ctx;
    json_t *body = edge_body_object(req, res);
    if (!body)
        return;
    struct validation v = {0};
    validate_known_fields(&v, body, fields);
    char expires[32] = "";
    time_t when = 0;
    struct key_fields f = {.clinic = auth_clinic(),
                           .role = validate_enum(&v, body, "role", true, role_names),
                           .name = validate_string(&v, body, "name", true, 200)};
    const char *exp = validate_string(&v, body, "expires_at", false, 40);
    if (exp && (!edge_utc_timestamp(exp, expires, &when) || when <= time(NULL)))
        validation_add(&v, "/expires_at", "must be an RFC 3339 date-time in the future");
    f.expires_at = exp ? expires : NULL;
    char secret[AUTH_SECRET_CHARS + 1], hash[2 * SHA256_BYTES + 1];
    if (validation_ok(&v) && !auth_secret_new(secret, hash)) {
        http_res_problem(res, req, PG_ERR_INTERNAL, NULL, "no random bytes for a key");
    } else if (!validation_ok(&v)) {
        validation_reply(&v, req, res);
    } else {
        f.secret_hash_hex = hash;
        struct store_conn *c = NULL;
        struct buf json = {0};
        char id[37];
        enum pg_err err = store_pool_acquire(app->pool, &c);
        if (err == PG_ERR_OK)
            err = store_key_insert(c, &f, id, &json);
        store_pool_release(app->pool, c);
        if (err == PG_ERR_OK)
            reply_new_key(req, res, &json, id, secret);
        else
            edge_reply_error(req, res, err, "clinic");
        buf_cleanup(&json);
    }
    memset(secret, 0, sizeof secret);
    validation_cleanup(&v);
    json_decref(body);
}

void api_keys_list(const struct http_req *req, struct http_res *res)
{
    cursor_list_clinic(req, res, store_key_list);
}

void api_keys_revoke(const struct http_req *req, struct http_res *res)
{
    if (!edge_no_query(req, res))
        return;
    struct app *app = req->ctx;
    const char *id = edge_path_id(req, res, "key");
    if (!id)
        return;
    struct buf json = {0};
    enum pg_err err = store_key_revoke(app->pool, auth_clinic(), id, &json);
    if (err == PG_ERR_OK)
        auth_forget_key(id);
    if (err == PG_ERR_OK)
        http_res_json_buf(res, 200, &json);
    else
        edge_reply_error(req, res, err, "key");
    buf_cleanup(&json);
}
