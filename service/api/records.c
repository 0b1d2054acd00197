/* Creation, correction, reads and lists shared by findings, imaging,
 * blocks, treatments and follow-ups. */
#include "paingen/api/records.h"

#include "paingen/api/app.h"
#include "paingen/api/auth.h"
#include "paingen/api/create.h"
#include "paingen/api/cursor.h"
#include "paingen/store/tx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The kind's collection in URLs (/v1/<plural>/{id}). */
static const char *plural(enum record_kind kind)
{
    switch (kind) {
    case RECORD_FINDING: return "findings";
    case RECORD_IMAGING: return "imaging";
    case RECORD_BLOCK: return "blocks";
    case RECORD_TREATMENT: return "treatments";
    case RECORD_FOLLOW_UP: return "follow-ups";
    }
    return "findings";
}

static const char *what(enum record_kind kind)
{
    switch (kind) {
    case RECORD_FINDING: return "finding";
    case RECORD_IMAGING: return "imaging study";
    case RECORD_BLOCK: return "block";
    case RECORD_TREATMENT: return "treatment";
    case RECORD_FOLLOW_UP: return "follow-up";
    }
    return "finding";
}

void records_check_region(struct record_draft *d, const char *pointer,
                          const struct vocab_entry *entry)
{
    if (!entry || d->n_checks == RECORD_MAX_CHECKS)
        return; /* the array caps in the validators keep us under the limit */
    struct region_check *c = &d->checks[d->n_checks++];
    snprintf(c->pointer, sizeof c->pointer, "%s", pointer);
    c->entry = entry;
}

/* The checks that need the consultation: every code of its region, and
 * comparative_of naming another block of it. INVALID with errors in v. */
static enum pg_err check_against(struct store_conn *c, struct record_draft *d,
                                 const char *consultation_id, const char *self,
                                 struct validation *v)
{
    char region_name[16], birth[11];
    enum pg_err err =
        store_consultation_region(c, auth_clinic(), consultation_id, region_name, birth);
    if (err != PG_ERR_OK)
        return err;
    unsigned region = 0;
    vocab_region_parse(region_name, &region);
    for (size_t i = 0; i < d->n_checks; i++) {
        const struct vocab_entry *e = d->checks[i].entry;
        if (!(e->regions & region))
            validation_add(v, d->checks[i].pointer,
                           "'%s' is not a %s %s, and this is a %s "
                           "consultation",
                           e->code, region_name, vocab_kind_name(e->kind), region_name);
    }
    /* ISO dates compare as strings; a time's first 10 bytes are its date */
    if (d->dated_pointer && strncmp(d->dated, birth, 10) < 0)
        validation_add(v, d->dated_pointer, "must not be before the patient's birth date (%s)",
                       birth);
    if (d->comparative_of) {
        struct buf first = {0};
        int version = 0;
        err = store_earlier_block(c, auth_clinic(), consultation_id, d->comparative_of, self,
                                  &first, &version);
        json_t *doc = err == PG_ERR_OK ? json_loads(first.data, 0, NULL) : NULL;
        buf_cleanup(&first);
        if (err == PG_ERR_NOT_FOUND)
            validation_add(v, "/comparative_of", "must be an earlier block of this consultation");
        else if (err != PG_ERR_OK)
            return err;
        if (doc && d->pair_with)
            d->pair_with(d, doc, version, v);
        json_decref(doc);
    }
    if (d->resolve && (err = d->resolve(c, d, consultation_id, self, v)) != PG_ERR_OK)
        return err;
    return validation_ok(v) ? PG_ERR_OK : PG_ERR_INVALID;
}

struct create_arg {
    enum record_kind kind;
    struct record_draft *draft;
    const char *consultation_id; /* NULL: the consultation of draft->parent_id's treatment */
    struct validation *v;
    char parent_consultation[37];
};

/* The draft's fields as stored (free() it). */
static char *doc_text(const struct record_draft *d)
{
    char *doc = json_dumps(d->doc, HTTP_JSON_FLAGS);
    if (!doc)
        abort();
    return doc;
}

/* The guard of an insert that does not read the consultation first: the
 * regions every code of d belongs to, and d's date. */
static void draft_guard(const struct record_draft *d, const char *names[3], struct record_guard *g)
{
    unsigned regions = REGION_ALL;
    for (size_t i = 0; i < d->n_checks; i++)
        regions &= d->checks[i].entry->regions;
    *g = (struct record_guard){.by_region = d->n_checks > 0,
                               .regions = names,
                               .dated = d->dated_pointer ? d->dated : NULL};
    for (unsigned bit = REGION_LUMBAR; bit <= REGION_SHOULDER; bit <<= 1)
        if (regions & bit)
            names[g->n_regions++] = vocab_region_name(bit);
}

/* The record inserted under the consultation's lock, the insert itself
 * checking the region and the date: one round trip with the statements
 * before it. Only when it refuses is the consultation read, to say why
 * (404, or 422 naming each field). A block paired with another reads
 * that one first. */
static enum pg_err insert_record(struct store_conn *c, struct create_arg *a, char id[37],
                                 struct buf *json)
{
    enum pg_err err = PG_ERR_OK;
    const char *names[3];
    struct record_guard guard, *g = NULL;
    if (a->draft->comparative_of || a->draft->resolve) { /* what it names completes the draft */
        err = check_against(c, a->draft, a->consultation_id, NULL, a->v);
    } else {
        draft_guard(a->draft, names, &guard);
        g = &guard;
        err = store_consultation_lock(c, auth_clinic(), a->consultation_id);
    }
    char *doc = err == PG_ERR_OK ? doc_text(a->draft) : NULL;
    if (err == PG_ERR_OK)
        err = store_record_insert(c, auth_clinic(), a->kind, a->consultation_id, doc, g, id, json);
    free(doc);
    if (g && err == PG_ERR_NOT_FOUND) {
        err = check_against(c, a->draft, a->consultation_id, NULL, a->v);
        if (err == PG_ERR_OK) /* refused, yet nothing to say: not expected */
            err = PG_ERR_INTERNAL;
    }
    return err;
}

static enum pg_err insert(struct store_conn *c, void *arg, struct created *out)
{
    struct create_arg *a = arg;
    char id[37];
    enum pg_err err = PG_ERR_OK;
    if (!a->consultation_id) { /* a follow-up: under its treatment's consultation */
        err = store_record_consultation(c, auth_clinic(), RECORD_TREATMENT, a->draft->parent_id,
                                        a->parent_consultation);
        a->consultation_id = a->parent_consultation;
    }
    if (err == PG_ERR_OK)
        err = insert_record(c, a, id, &out->json);
    if (err == PG_ERR_OK) {
        snprintf(out->location, sizeof out->location, "/v1/%s/%s", plural(a->kind), id);
        snprintf(out->etag, sizeof out->etag, "\"1\"");
    }
    return err;
}

/* Decodes the body and validates it into d; false when it answered. */
static bool draft_body(const struct http_req *req, struct http_res *res, record_draft_fn *draft,
                       struct validation *v, struct record_draft *d, json_t **body)
{
    *body = edge_body_object(req, res);
    if (!*body)
        return false;
    d->doc = json_object();
    draft(v, *body, d);
    if (validation_ok(v))
        return true;
    validation_reply(v, req, res);
    return false;
}

/* A new record under the consultation the path names (parent
 * "consultation"), or under the consultation of the treatment it names
 * (parent "treatment"). */
static void create_under(const struct http_req *req, struct http_res *res, enum record_kind kind,
                         record_draft_fn *draft, const char *parent)
{
    if (!edge_no_query(req, res))
        return;
    struct app *app = req->ctx;
    struct validation v = {0};
    struct record_draft d = {0};
    json_t *body = NULL;
    const char *id = edge_path_id(req, res, parent);
    if (!id)
        return;
    bool by_treatment = kind == RECORD_FOLLOW_UP;
    d.parent_id = by_treatment ? id : NULL;
    if (!draft_body(req, res, draft, &v, &d, &body))
        goto out;
    struct create_arg arg = {kind, &d, by_treatment ? NULL : id, &v, ""};
    enum pg_err err;
    if (create_run(req, res, app->pool, insert, &arg, &err))
        goto out;
    if (err == PG_ERR_INVALID)
        validation_reply(&v, req, res);
    else if (err == PG_ERR_TOO_MANY_RECORDS)
        http_res_problem(res, req, err, NULL,
                         "the consultation already holds %d records (findings, imaging, "
                         "blocks, treatments and follow-ups, entered-in-error ones included), "
                         "the most one may hold; record further ones in a new consultation",
                         STORE_RECORDS_MAX);
    else if (err == PG_ERR_CONFLICT && by_treatment)
        http_res_problem(res, req, err, NULL,
                         "the treatment was entered in error; record the follow-up under the "
                         "treatment as it was recorded again");
    else
        edge_reply_error(req, res, err, parent);
out:
    validation_cleanup(&v);
    json_decref(d.doc);
    json_decref(body);
}

void records_create(const struct http_req *req, struct http_res *res, enum record_kind kind,
                    record_draft_fn *draft)
{
    create_under(req, res, kind, draft, "consultation");
}

void records_create_follow_up(const struct http_req *req, struct http_res *res,
                              record_draft_fn *draft)
{
    create_under(req, res, RECORD_FOLLOW_UP, draft, "treatment");
}

struct update {
    enum record_kind kind;
    const char *id;
    int if_version;
    const char *status;
    struct record_draft *draft;
    struct validation *v;
    struct buf json;
    int version;
};

static enum pg_err update_tx(struct store_pool *pool, struct update *u)
{
    struct store_conn *c = NULL;
    char consultation[37];
    enum pg_err err = store_pool_acquire(pool, &c);
    if (err == PG_ERR_OK)
        err = store_tx_begin(c);
    if (err == PG_ERR_OK)
        err = store_record_consultation(c, auth_clinic(), u->kind, u->id, consultation);
    if (err == PG_ERR_OK)
        err = check_against(c, u->draft, consultation, u->id, u->v);
    if (err == PG_ERR_OK) {
        char *doc = doc_text(u->draft);
        err = store_record_update(c, auth_clinic(), u->kind, u->id, u->if_version, doc, u->status,
                                  &u->json, &u->version);
        free(doc);
    }
    if (err == PG_ERR_OK)
        err = store_tx_commit(c);
    if (err != PG_ERR_OK)
        store_tx_rollback(c);
    store_pool_release(pool, c);
    return err;
}

void records_update(const struct http_req *req, struct http_res *res, enum record_kind kind,
                    record_draft_fn *draft)
{
    if (!edge_no_query(req, res))
        return;
    struct app *app = req->ctx;
    struct validation v = {0};
    struct record_draft d = {0};
    struct update u = {
        .kind = kind, .id = edge_path_id(req, res, what(kind)), .v = &v, .draft = &d};
    json_t *body = NULL;
    if (!u.id)
        return;
    if (!edge_if_match(req, res, &u.if_version))
        return;
    body = edge_body_object(req, res);
    if (!body)
        return;
    u.status = edge_take_status(&v, body);
    d.doc = json_object();
    draft(&v, body, &d);
    if (!validation_ok(&v)) {
        validation_reply(&v, req, res);
        goto out;
    }
    enum pg_err err = update_tx(app->pool, &u);
    if (err == PG_ERR_OK) {
        http_res_json_buf(res, 200, &u.json);
        http_res_header(res, "ETag", "\"%d\"", u.version);
    } else if (err == PG_ERR_INVALID) {
        validation_reply(&v, req, res);
    } else if (err == PG_ERR_PRECONDITION_FAILED) {
        http_res_problem(res, req, err, NULL,
                         "the %s changed since version %d; read it again and retry", what(kind),
                         u.if_version);
    } else if (err == PG_ERR_TOO_MANY_VERSIONS) {
        records_reply_too_many_versions(req, res, what(kind), u.version);
    } else if (err == PG_ERR_CONFLICT) {
        http_res_problem(res, req, err, NULL, "the %s cannot be corrected so", what(kind));
    } else {
        edge_reply_error(req, res, err, what(kind));
    }
out:
    validation_cleanup(&v);
    buf_cleanup(&u.json);
    json_decref(d.doc);
    json_decref(body);
}

void records_reply_too_many_versions(const struct http_req *req, struct http_res *res,
                                     const char *what, int version)
{
    if (version >= STORE_VERSIONS_MAX)
        http_res_problem(res, req, PG_ERR_TOO_MANY_VERSIONS, NULL,
                         "the %s has %d versions, the most one may have, and cannot be "
                         "corrected again; record a new %s instead",
                         what, version, what);
    else
        http_res_problem(res, req, PG_ERR_TOO_MANY_VERSIONS, NULL,
                         "the %s has %d versions of the %d one may have, the last only to enter "
                         "it in error: send it with \"status\": \"entered_in_error\" and record "
                         "a new %s instead",
                         what, version, STORE_VERSIONS_MAX, what);
}

void records_get(const struct http_req *req, struct http_res *res, enum record_kind kind)
{
    if (!edge_no_query(req, res))
        return;
    struct app *app = req->ctx;
    const char *id = edge_path_id(req, res, what(kind));
    if (!id)
        return;
    struct buf json = {0};
    int version = 0;
    enum pg_err err = store_record_get(app->pool, auth_clinic(), kind, id, &json, &version);
    if (err == PG_ERR_OK) {
        http_res_json_buf(res, 200, &json);
        http_res_header(res, "ETag", "\"%d\"", version);
    } else {
        edge_reply_error(req, res, err, what(kind));
    }
    buf_cleanup(&json);
}

void records_history(const struct http_req *req, struct http_res *res, const char *resource,
                     const char *label)
{
    if (!edge_no_query(req, res))
        return;
    struct app *app = req->ctx;
    const char *id = edge_path_id(req, res, label);
    if (!id)
        return;
    struct buf json = {0};
    enum pg_err err = store_record_history(app->pool, auth_clinic(), resource, id, &json);
    if (err == PG_ERR_OK)
        http_res_json_buf(res, 200, &json);
    else
        edge_reply_error(req, res, err, label);
    buf_cleanup(&json);
}

static enum pg_err list_findings(struct store_pool *p, const char *clinic, const char *parent,
                                 const struct store_page_req *req, struct store_page *out)
{
    return store_record_list(p, clinic, RECORD_FINDING, parent, req, out);
}

static enum pg_err list_imaging(struct store_pool *p, const char *clinic, const char *parent,
                                const struct store_page_req *req, struct store_page *out)
{
    return store_record_list(p, clinic, RECORD_IMAGING, parent, req, out);
}

static enum pg_err list_blocks(struct store_pool *p, const char *clinic, const char *parent,
                               const struct store_page_req *req, struct store_page *out)
{
    return store_record_list(p, clinic, RECORD_BLOCK, parent, req, out);
}

static enum pg_err list_treatments(struct store_pool *p, const char *clinic, const char *parent,
                                   const struct store_page_req *req, struct store_page *out)
{
    return store_record_list(p, clinic, RECORD_TREATMENT, parent, req, out);
}

static enum pg_err list_follow_ups(struct store_pool *p, const char *clinic, const char *parent,
                                   const struct store_page_req *req, struct store_page *out)
{
    return store_follow_up_list(p, clinic, parent, req, out);
}

void records_list(const struct http_req *req, struct http_res *res, enum record_kind kind)
{
    switch (kind) {
    case RECORD_FINDING: cursor_list_under(req, res, "consultation", list_findings); break;
    case RECORD_IMAGING: cursor_list_under(req, res, "consultation", list_imaging); break;
    case RECORD_BLOCK: cursor_list_under(req, res, "consultation", list_blocks); break;
    case RECORD_TREATMENT: cursor_list_under(req, res, "consultation", list_treatments); break;
    case RECORD_FOLLOW_UP: cursor_list_under(req, res, "treatment", list_follow_ups); break;
    }
}
