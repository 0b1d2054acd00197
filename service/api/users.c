/* People's accounts within the admin's clinic. A password is hashed
 * (core/password.h) before anything is stored and never shown again. No
 * Idempotency-Key replay: the key's record keeps a SHA-256 of the request
 * body, which would be a fast hash of the password; a retry of a create
 * that went through gets 409 (the email is taken). */
#include "paingen/api/users.h"

#include "paingen/api/app.h"
#include "paingen/api/auth.h"
#include "paingen/api/cursor.h"
#include "paingen/api/edge.h"
#include "paingen/core/password.h"
#include "paingen/core/utf8.h"
#include "paingen/store/users.h"

#include <string.h>

static const char *const role_names[] = {"readonly", "clinician", "ehr", "admin", NULL};

bool users_email_valid(const char *s)
{
    size_t n = strlen(s);
    const char *at = strchr(s, '@');
    if (n > USERS_EMAIL_MAX || !at || at == s || strchr(at + 1, '@'))
        return false;
    const char *domain = at + 1;
    size_t d = strlen(domain);
    if (d == 0 || domain[0] == '.' || domain[d - 1] == '.')
        return false;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p <= 0x20 || *p == 0x7f)
            return false;
    return true;
}

const char *users_password_problem(const char *password)
{
    if (strlen(password) > PASSWORD_MAX_BYTES)
        return "must be at most 1024 bytes";
    if (utf8_length(password) < PASSWORD_MIN_CHARS)
        return "must be at least 12 characters";
    return NULL;
}

_Static_assert(PASSWORD_MIN_CHARS == 12 && PASSWORD_MAX_BYTES == 1024, "the words above");

/* Stores the person: 201 with Location, or the error answered. */
static void insert(const struct http_req *req, struct http_res *res, const struct user_fields *f)
{
    struct app *app = req->ctx;
    struct store_conn *c = NULL;
    struct buf json = {0};
    char id[37];
    enum pg_err err = store_pool_acquire(app->pool, &c);
    if (err == PG_ERR_OK)
        err = store_user_insert(c, f, id, &json);
    store_pool_release(app->pool, c);
    if (err == PG_ERR_OK) {
        http_res_json_buf(res, 201, &json);
        http_res_header(res, "Location", "/v1/users/%s", id);
    } else if (err == PG_ERR_CONFLICT) {
        json_t *errors = json_pack("[{s:s, s:s}]", "pointer", "/email", "detail",
                                   "is already a person's, of this or another clinic");
        http_res_problem(res, req, err, json_pack("{s:o}", "errors", errors),
                         "a person (of this or another clinic) already signs in with this email");
    } else {
        edge_reply_error(req, res, err, "clinic");
    }
    buf_cleanup(&json);
}

void api_users_create(const struct http_req *req, struct http_res *res)
{
    static const char *const fields[] = {"email", "name", "role", "password", NULL};
    if (!edge_no_query(req, res))
        return;
    json_t *body = edge_body_object(req, res);
    if (!body)
        return;
    struct validation v = {0};
    validate_known_fields(&v, body, fields);
    struct user_fields f = {.clinic = auth_clinic(),
                            .email = validate_string(&v, body, "email", true, USERS_EMAIL_MAX),
                            .name = validate_string(&v, body, "name", true, USERS_NAME_MAX),
                            .role = validate_enum(&v, body, "role", true, role_names)};
    const char *password = validate_string(&v, body, "password", true, PASSWORD_MAX_BYTES);
    const char *problem = password ? users_password_problem(password) : NULL;
    if (f.email && !users_email_valid(f.email))
        validation_add(&v, "/email", "must be an email address such as name@clinic.example");
    if (problem)
        validation_add(&v, "/password", "%s", problem);
    char hash[PASSWORD_HASH_SIZE];
    enum pg_err err = PG_ERR_OK;
    if (!validation_ok(&v))
        validation_reply(&v, req, res);
    else if ((err = password_hash(password, hash)) != PG_ERR_OK)
        edge_reply_error(req, res, err, "person");
    else {
        f.password_hash = hash;
        insert(req, res, &f);
    }
    validation_cleanup(&v);
    json_decref(body);
}

void api_users_list(const struct http_req *req, struct http_res *res)
{
    cursor_list_clinic(req, res, store_user_list);
}

/* One person of the clinic by the path's id, read or disabled. */
static void one(const struct http_req *req, struct http_res *res, bool disable)
{
    if (!edge_no_query(req, res))
        return;
    struct app *app = req->ctx;
    const char *id = edge_path_id(req, res, "person");
    if (!id)
        return;
    struct buf json = {0};
    enum pg_err err = disable ? store_user_disable(app->pool, auth_clinic(), id, &json)
                              : store_user_get(app->pool, auth_clinic(), id, &json);
    if (err == PG_ERR_OK)
        http_res_json_buf(res, 200, &json);
    else
        edge_reply_error(req, res, err, "person");
    buf_cleanup(&json);
}

void api_users_get(const struct http_req *req, struct http_res *res) { one(req, res, false); }

void api_users_disable(const struct http_req *req, struct http_res *res) { one(req, res, true); }
