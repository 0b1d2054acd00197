/* Assessments: the case is read from the records inside the transaction
 * that stores the answer, so the stored inputs are exactly what was
 * scored. */
#include "paingen/api/assessments.h"

#include "paingen/api/app.h"
#include "paingen/api/auth.h"
#include "paingen/api/create.h"
#include "paingen/api/cursor.h"
#include "paingen/api/edge.h"
#include "paingen/api/score.h"
#include "paingen/scoring/model.h"
#include "paingen/store/assessments.h"

#include <stdio.h>
#include <stdlib.h>

struct assess {
    const char *consultation_id;
    struct validation *v; /* why the records could not be scored */
};

/* Scores the case text; the answer as POST /v1/score serves it (free()
 * it), or NULL with the errors in v. */
static char *score_text(const char *inputs, struct validation *v)
{
    json_t *body = json_loads(inputs, 0, NULL);
    if (!body)
        abort(); /* PostgreSQL built it: only out of memory gets here */
    struct buf out = {0};
    bool scored = score_case(body, v, &out);
    json_decref(body);
    if (!scored) {
        buf_cleanup(&out);
        return NULL;
    }
    return buf_take(&out, NULL);
}

static enum pg_err assess(struct store_conn *c, void *arg, struct created *out)
{
    struct assess *a = arg;
    struct buf inputs = {0}, based_on = {0};
    bool active = false;
    char *result = NULL;
    enum pg_err err =
        store_assessment_inputs(c, auth_clinic(), a->consultation_id, &inputs, &based_on, &active);
    if (err == PG_ERR_OK && !active)
        err = PG_ERR_CONFLICT;
    if (err == PG_ERR_OK && !(result = score_text(inputs.data, a->v)))
        err = PG_ERR_INVALID;
    if (err == PG_ERR_OK) {
        struct assessment_row row = {a->consultation_id, MODEL_VERSION, inputs.data, based_on.data,
                                     result};
        char id[37];
        err = store_assessment_insert(c, auth_clinic(), &row, id, &out->json);
        if (err == PG_ERR_OK)
            snprintf(out->location, sizeof out->location, "/v1/assessments/%s", id);
    }
    free(result);
    buf_cleanup(&inputs);
    buf_cleanup(&based_on);
    return err;
}

/* The errors are about the case read from the records: point into the
 * assessment's "inputs", not into the (empty) request body. */
static void under_inputs(struct validation *v)
{
    size_t i;
    json_t *e;
    json_array_foreach(v->errors, i, e)
    {
        char ptr[256];
        snprintf(ptr, sizeof ptr, "/inputs%s", json_string_value(json_object_get(e, "pointer")));
        json_object_set_new(e, "pointer", json_string(ptr));
    }
}

/* The body is optional; when sent, it is an empty JSON object. */
static bool empty_body(const struct http_req *req, struct http_res *res)
{
    if (req->body_len == 0)
        return true;
    json_t *body = edge_body_object(req, res);
    if (!body)
        return false;
    static const char *const none[] = {NULL};
    struct validation v = {0};
    validate_known_fields(&v, body, none);
    json_decref(body);
    if (validation_ok(&v))
        return true;
    validation_reply(&v, req, res);
    return false;
}

void api_assessments_create(const struct http_req *req, struct http_res *res)
{
    if (!edge_no_query(req, res))
        return;
    struct app *app = req->ctx;
    struct validation v = {0};
    struct assess arg = {edge_path_id(req, res, "consultation"), &v};
    if (!arg.consultation_id || !empty_body(req, res))
        return;
    enum pg_err err;
    if (!create_run(req, res, app->pool, assess, &arg, &err)) {
        if (err == PG_ERR_INVALID) {
            under_inputs(&v);
            validation_reply(&v, req, res);
        } else if (err == PG_ERR_CONFLICT)
            http_res_problem(res, req, err, NULL,
                             "the consultation is entered in error: it cannot be assessed");
        else
            edge_reply_error(req, res, err, "consultation");
    }
    validation_cleanup(&v);
}

void api_assessments_get(const struct http_req *req, struct http_res *res)
{
    if (!edge_no_query(req, res))
        return;
    struct app *app = req->ctx;
    const char *id = edge_path_id(req, res, "assessment");
    if (!id)
        return;
    struct buf json = {0};
    enum pg_err err = store_assessment_get(app->pool, auth_clinic(), id, &json);
    if (err == PG_ERR_OK)
        http_res_json_buf(res, 200, &json);
    else
        edge_reply_error(req, res, err, "assessment");
    buf_cleanup(&json);
}

void api_assessments_list(const struct http_req *req, struct http_res *res)
{
    cursor_list_under(req, res, "consultation", store_assessment_list);
}
