/* Patients handlers: validate, call store/patients, send its JSON. */
#include "paingen/api/patients.h"

#include "paingen/api/app.h"
#include "paingen/api/auth.h"
#include "paingen/api/create.h"
#include "paingen/api/cursor.h"
#include "paingen/api/edge.h"
#include "paingen/core/utf8.h"
#include "paingen/store/patients.h"

#include <stdio.h>

static const char *const sexes[] = {"female", "male", "other", "unknown", NULL};

struct create_arg {
    const struct patient_fields *fields;
};

static enum pg_err insert(struct store_conn *c, void *arg, struct created *out)
{
    const struct create_arg *a = arg;
    char id[37];
    enum pg_err err = store_patient_insert(c, auth_clinic(), a->fields, id, &out->json);
    if (err == PG_ERR_OK)
        snprintf(out->location, sizeof out->location, "/v1/patients/%s", id);
    return err;
}

void api_patients_create(const struct http_req *req, struct http_res *res)
{
    if (!edge_no_query(req, res))
        return;
    static const char *const fields[] = {"external_id", "birth_date", "sex", NULL};
    struct app *app = req->ctx;
    struct validation v = {0};
    json_t *body = edge_body_object(req, res);
    if (!body)
        return;
    validate_known_fields(&v, body, fields);
    struct patient_fields f = {
        .external_id = validate_string(&v, body, "external_id", true, 128),
        .birth_date = validate_date(&v, body, "birth_date", true, "1900-01-01"),
        .sex = validate_enum(&v, body, "sex", true, sexes),
    };
    if (!validation_ok(&v)) {
        validation_reply(&v, req, res);
        goto out;
    }
    struct create_arg arg = {&f};
    enum pg_err err;
    if (create_run(req, res, app->pool, insert, &arg, &err))
        goto out;
    if (err == PG_ERR_CONFLICT)
        http_res_problem(res, req, err, NULL,
                         "this clinic already has a patient with external_id '%s'", f.external_id);
    else
        edge_reply_error(req, res, err, "patient");
out:
    json_decref(body);
}

void api_patients_get(const struct http_req *req, struct http_res *res)
{
    if (!edge_no_query(req, res))
        return;
    struct app *app = req->ctx;
    const char *id = edge_path_id(req, res, "patient");
    if (!id)
        return;
    struct buf json = {0};
    enum pg_err err = store_patient_get(app->pool, auth_clinic(), id, &json);
    if (err == PG_ERR_OK)
        http_res_json_buf(res, 200, &json);
    else
        edge_reply_error(req, res, err, "patient");
    buf_cleanup(&json);
}

void api_patients_list(const struct http_req *req, struct http_res *res)
{
    static const char *const params[] = {"external_id", "limit", "cursor", NULL};
    struct app *app = req->ctx;
    struct validation v = {0};
    struct store_page_req page;
    struct cursor_key key;
    validate_known_query(&v, req, params);
    cursor_page_parse(&v, req, &page, &key);
    const char *external_id = http_req_query(req, "external_id");
    if (external_id &&
        (!*external_id || !utf8_valid(external_id) || utf8_length(external_id) > 128))
        validation_add(&v, "?external_id", "must be 1 to 128 characters of UTF-8");
    if (!validation_ok(&v)) {
        validation_reply(&v, req, res);
        return;
    }
    struct store_page out = {0};
    enum pg_err err = store_patient_list(app->pool, auth_clinic(), external_id, &page, &out);
    if (err == PG_ERR_OK)
        cursor_page_reply(res, &out);
    else
        edge_reply_error(req, res, err, "patient");
    buf_cleanup(&out.items);
}
