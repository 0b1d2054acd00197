/* Creation, reads and lists shared by findings, imaging and blocks. */
#include "paingen/api/records.h"

#include "paingen/api/app.h"
#include "paingen/api/create.h"
#include "paingen/api/cursor.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void records_check_region(struct record_draft *d, const char *pointer,
                          const struct vocab_entry *entry)
{
    if (!entry || d->n_checks == RECORD_MAX_CHECKS)
        return; /* the array caps in the validators keep us under the limit */
    struct region_check *c = &d->checks[d->n_checks++];
    snprintf(c->pointer, sizeof c->pointer, "%s", pointer);
    c->entry = entry;
}

struct create_arg {
    const struct record_draft *draft;
    const char *consultation_id;
    const char *doc;
    struct validation *v;
};

/* Inside the transaction: the checks that need the consultation, then
 * the insert. INVALID (errors in a->v) when a check fails. */
static enum pg_err insert(struct store_conn *c, void *arg, struct created *out)
{
    struct create_arg *a = arg;
    const struct record_draft *d = a->draft;
    char region_name[16];
    enum pg_err err =
        store_consultation_region(c, APP_DEFAULT_CLINIC, a->consultation_id, region_name);
    if (err != PG_ERR_OK)
        return err;
    unsigned region = 0;
    vocab_region_parse(region_name, &region);
    for (size_t i = 0; i < d->n_checks; i++) {
        const struct vocab_entry *e = d->checks[i].entry;
        if (!(e->regions & region))
            validation_add(a->v, d->checks[i].pointer,
                           "'%s' is not a %s %s, and this is a %s consultation", e->code,
                           region_name, vocab_kind_name(e->kind), region_name);
    }
    if (d->comparative_of) {
        bool exists = false;
        err = store_block_exists(c, APP_DEFAULT_CLINIC, a->consultation_id, d->comparative_of,
                                 &exists);
        if (err != PG_ERR_OK)
            return err;
        if (!exists)
            validation_add(a->v, "/comparative_of", "no block with this id in this consultation");
    }
    if (!validation_ok(a->v))
        return PG_ERR_INVALID;
    char id[37];
    err = store_record_insert(c, APP_DEFAULT_CLINIC, d->kind, a->consultation_id, a->doc, id,
                              &out->json);
    if (err == PG_ERR_OK)
        snprintf(out->location, sizeof out->location, "/v1/%s/%s",
                 d->kind == RECORD_FINDING ? "findings"
                 : d->kind == RECORD_BLOCK ? "blocks"
                                           : "imaging",
                 id);
    return err;
}

void records_create(const struct http_req *req, struct http_res *res, struct record_draft *d,
                    struct validation *v)
{
    struct app *app = req->ctx;
    char *doc = NULL;
    if (!validation_ok(v)) {
        validation_reply(v, req, res);
        goto out;
    }
    doc = json_dumps(d->doc, JSON_COMPACT);
    if (!doc)
        abort();
    struct create_arg arg = {d, http_req_param(req, "id"), doc, v};
    enum pg_err err;
    if (create_run(req, res, app->pool, insert, &arg, &err))
        goto out;
    if (err == PG_ERR_INVALID)
        validation_reply(v, req, res);
    else
        edge_reply_error(req, res, err, "consultation");
out:
    validation_cleanup(v);
    free(doc);
    json_decref(d->doc);
    d->doc = NULL;
}

static const char *what(enum record_kind kind)
{
    return kind == RECORD_FINDING ? "finding" : kind == RECORD_BLOCK ? "block" : "imaging study";
}

void records_get(const struct http_req *req, struct http_res *res, enum record_kind kind)
{
    struct app *app = req->ctx;
    const char *id = http_req_param(req, "id");
    struct buf json = {0};
    enum pg_err err = edge_is_uuid(id)
                          ? store_record_get(app->pool, APP_DEFAULT_CLINIC, kind, id, &json)
                          : PG_ERR_NOT_FOUND;
    if (err == PG_ERR_OK)
        http_res_json_buf(res, 200, &json);
    else
        edge_reply_error(req, res, err, what(kind));
    buf_cleanup(&json);
}

void records_list(const struct http_req *req, struct http_res *res, enum record_kind kind)
{
    static const char *const params[] = {"limit", "cursor", NULL};
    struct app *app = req->ctx;
    const char *consultation = http_req_param(req, "id");
    if (!edge_is_uuid(consultation)) {
        http_res_problem(res, req, PG_ERR_NOT_FOUND, NULL, "no consultation with this id");
        return;
    }
    struct validation v = {0};
    struct store_page_req page;
    struct cursor_key key;
    validate_known_query(&v, req, params);
    cursor_page_parse(&v, req, &page, &key);
    if (!validation_ok(&v)) {
        validation_reply(&v, req, res);
        return;
    }
    struct store_page out = {0};
    enum pg_err err =
        store_record_list(app->pool, APP_DEFAULT_CLINIC, kind, consultation, &page, &out);
    if (err == PG_ERR_OK)
        cursor_page_reply(res, &out);
    else
        edge_reply_error(req, res, err, "consultation");
    buf_cleanup(&out.items);
}
