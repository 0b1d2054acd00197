/* Consultation handlers: validate the body against the vocabulary of its
 * region, hand a normalised document to store/consultations. */
#include "paingen/api/consultations.h"

#include "paingen/api/app.h"
#include "paingen/api/auth.h"
#include "paingen/api/create.h"
#include "paingen/api/cursor.h"
#include "paingen/api/edge.h"
#include "paingen/api/records.h"
#include "paingen/scoring/vocabulary.h"
#include "paingen/store/consultations.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PAIN_SITES 20
#define MAX_PRIOR_CARE 20
#define MAX_FACTS      40
#define MAX_NOTES      10000
#define MAX_WEEKS      5200 /* a century */

static const char *const regions[] = {"lumbar", "knee", "shoulder", NULL};
static const char *const responses[] = {"none", "partial", "good", "worse", NULL};

/* pain_sites (where pain is felt) or pain_sites_absent (checked and not
 * felt): unique pain-site codes of the region. */
static json_t *pain_sites(struct validation *v, json_t *body, const char *key, unsigned region)
{
    json_t *in = validate_array(v, body, key, false, MAX_PAIN_SITES);
    json_t *out = json_array();
    for (size_t i = 0; in && i < json_array_size(in); i++) {
        char ptr[64];
        snprintf(ptr, sizeof ptr, "/%s/%zu", key, i);
        const char *code = json_string_value(json_array_get(in, i));
        if (!code) {
            validation_add(v, ptr, "must be a pain-site code");
            continue;
        }
        validate_code(v, ptr, code, VOCAB_PAIN_SITE, region);
        for (size_t j = 0; j < i; j++)
            if (json_equal(json_array_get(in, j), json_array_get(in, i)))
                validation_add(v, ptr, "'%s' is listed twice", code);
        json_array_append_new(out, json_string(code));
    }
    return out;
}

/* A site cannot be both painful and not. */
static void sites_disjoint(struct validation *v, json_t *present, json_t *absent)
{
    size_t i, k;
    json_t *a, *b;
    json_array_foreach(absent, i, a)
    {
        json_array_foreach(present, k, b)
        {
            if (json_equal(a, b)) {
                char ptr[64];
                snprintf(ptr, sizeof ptr, "/pain_sites_absent/%zu", i);
                validation_add(v, ptr, "'%s' is also in pain_sites", json_string_value(a));
            }
        }
    }
}

/* prior_care: [{type, weeks?, count?, response?, last_on?}] */
static json_t *prior_care(struct validation *v, json_t *body, unsigned region)
{
    static const char *const fields[] = {"type", "weeks", "count", "response", "last_on", NULL};
    json_t *in = validate_array(v, body, "prior_care", false, MAX_PRIOR_CARE);
    json_t *out = json_array();
    struct validation_elements each = {.array = in, .key = "prior_care", .fields = fields};
    for (json_t *e; (e = validate_next_element(v, &each));) {
        json_t *item = json_object();
        const char *type = validate_string(v, e, "type", true, 64);
        if (type) {
            validate_code(v, "/type", type, VOCAB_CARE_TYPE, region);
            json_object_set_new(item, "type", json_string(type));
        }
        int64_t n;
        if (validate_int(v, e, "weeks", false, 0, MAX_WEEKS, &n))
            json_object_set_new(item, "weeks", json_integer(n));
        if (validate_int(v, e, "count", false, 0, 1000, &n))
            json_object_set_new(item, "count", json_integer(n));
        const char *response = validate_enum(v, e, "response", false, responses);
        if (response)
            json_object_set_new(item, "response", json_string(response));
        const char *last_on = validate_date(v, e, "last_on", false, "1900-01-01");
        if (last_on)
            json_object_set_new(item, "last_on", json_string(last_on));
        json_array_append_new(out, item);
    }
    return out;
}

/* candidacy_facts: [{code, present, detail?}], each code once. */
static json_t *candidacy_facts(struct validation *v, json_t *body, unsigned region)
{
    static const char *const fields[] = {"code", "present", "detail", NULL};
    json_t *in = validate_array(v, body, "candidacy_facts", false, MAX_FACTS);
    json_t *out = json_array();
    struct validation_elements each = {.array = in, .key = "candidacy_facts", .fields = fields};
    for (json_t *e; (e = validate_next_element(v, &each));) {
        json_t *item = json_object();
        const char *code = validate_string(v, e, "code", true, 64);
        if (code) {
            validate_code(v, "/code", code, VOCAB_CANDIDACY_FACT, region);
            for (size_t j = 0; j < json_array_size(out); j++)
                if (json_equal(json_object_get(json_array_get(out, j), "code"),
                               json_object_get(e, "code")))
                    validation_add(v, "/code", "'%s' is listed twice", code);
            json_object_set_new(item, "code", json_string(code));
        }
        json_t *present = json_object_get(e, "present");
        if (!json_is_boolean(present))
            validation_add(v, "/present", "required: true or false");
        else
            json_object_set(item, "present", present);
        const char *detail = validate_string(v, e, "detail", false, 1000);
        if (detail)
            json_object_set_new(item, "detail", json_string(detail));
        json_array_append_new(out, item);
    }
    return out;
}

/* Validates the body; returns the document to store (new reference) and
 * sets the columns in *f (occurred_at: the caller's buffer, for the time
 * in UTC), or NULL with the errors in v. */
static json_t *consultation_doc(struct validation *v, json_t *body, struct consultation_fields *f,
                                char occurred_at[32])
{
    static const char *const fields[] = {
        "region",      "side",          "pain_sites", "pain_sites_absent",
        "pain_nrs",    "symptom_weeks", "prior_care", "candidacy_facts",
        "occurred_at", "notes",         NULL};
    validate_known_fields(v, body, fields);
    f->region = validate_enum(v, body, "region", true, regions);
    unsigned region = 0;
    if (f->region)
        vocab_region_parse(f->region, &region);
    if (validate_timestamp(v, body, "occurred_at", true, occurred_at))
        f->occurred_at = occurred_at;
    const char *side = vocab_side_canonical(validate_enum(v, body, "side", true, vocab_sides));
    if (side && strcmp(side, "midline") == 0 && region && region != REGION_LUMBAR)
        validation_add(v, "/side", "midline applies to the lumbar region only");
    int64_t nrs = 0, weeks = 0;
    bool has_nrs = validate_int(v, body, "pain_nrs", true, 0, 10, &nrs);
    bool has_weeks = validate_int(v, body, "symptom_weeks", true, 0, MAX_WEEKS, &weeks);
    const char *notes = validate_string(v, body, "notes", false, MAX_NOTES);

    json_t *doc = json_object();
    json_t *present = pain_sites(v, body, "pain_sites", region);
    json_t *absent = pain_sites(v, body, "pain_sites_absent", region);
    sites_disjoint(v, present, absent);
    json_object_set_new(doc, "pain_sites", present);
    json_object_set_new(doc, "pain_sites_absent", absent);
    json_object_set_new(doc, "prior_care", prior_care(v, body, region));
    json_object_set_new(doc, "candidacy_facts", candidacy_facts(v, body, region));
    if (!validation_ok(v) || !side || !has_nrs || !has_weeks) {
        json_decref(doc);
        return NULL;
    }
    json_object_set_new(doc, "side", json_string(side));
    json_object_set_new(doc, "pain_nrs", json_integer(nrs));
    json_object_set_new(doc, "symptom_weeks", json_integer(weeks));
    json_object_set_new(doc, "notes", notes ? json_string(notes) : json_null());
    return doc;
}

static enum pg_err insert(struct store_conn *c, void *arg, struct created *out)
{
    const struct consultation_fields *f = arg;
    char id[37];
    enum pg_err err = store_consultation_insert(c, auth_clinic(), f, id, &out->json);
    if (err == PG_ERR_OK) {
        snprintf(out->location, sizeof out->location, "/v1/consultations/%s", id);
        snprintf(out->etag, sizeof out->etag, "\"1\"");
    }
    return err;
}

/* A correction is one statement (the update and its version row): no
 * explicit transaction needed. */
static enum pg_err update(struct store_pool *pool, const char *id, int if_version,
                          const struct consultation_fields *f, const char *status, struct buf *json,
                          int *version)
{
    struct store_conn *c = NULL;
    enum pg_err err = store_pool_acquire(pool, &c);
    if (err == PG_ERR_OK)
        err = store_consultation_update(c, auth_clinic(), id, if_version, f, status, json, version);
    store_pool_release(pool, c);
    return err;
}

void api_consultations_update(const struct http_req *req, struct http_res *res)
{
    if (!edge_no_query(req, res))
        return;
    struct app *app = req->ctx;
    struct validation v = {0};
    struct buf json = {0};
    json_t *doc = NULL;
    char *doc_text = NULL;
    int if_version = 0, version = 0;
    const char *id = edge_path_id(req, res, "consultation");
    if (!id)
        return;
    if (!edge_if_match(req, res, &if_version))
        return;
    json_t *body = edge_body_object(req, res);
    if (!body)
        return;
    const char *status = edge_take_status(&v, body);
    struct consultation_fields f = {0};
    char occurred_at[32];
    doc = consultation_doc(&v, body, &f, occurred_at);
    if (!doc) {
        validation_reply(&v, req, res);
        goto out;
    }
    doc_text = json_dumps(doc, HTTP_JSON_FLAGS);
    f.doc = doc_text;
    enum pg_err err = update(app->pool, id, if_version, &f, status, &json, &version);
    if (err == PG_ERR_OK) {
        http_res_json_buf(res, 200, &json);
        http_res_header(res, "ETag", "\"%d\"", version);
    } else if (err == PG_ERR_INVALID_REGION) {
        validation_add(&v, "/region", "cannot change once the consultation is recorded");
        validation_reply(&v, req, res);
    } else if (err == PG_ERR_INVALID) {
        validation_add(&v, "/occurred_at", "must not be before the patient's birth date");
        validation_reply(&v, req, res);
    } else if (err == PG_ERR_PRECONDITION_FAILED) {
        http_res_problem(res, req, err, NULL,
                         "the consultation changed since version %d; read it again and retry",
                         if_version);
    } else if (err == PG_ERR_TOO_MANY_VERSIONS) {
        records_reply_too_many_versions(req, res, "consultation", version);
    } else {
        edge_reply_error(req, res, err, "consultation");
    }
out:
    validation_cleanup(&v);
    buf_cleanup(&json);
    free(doc_text);
    json_decref(doc);
    json_decref(body);
}

void api_consultations_history(const struct http_req *req, struct http_res *res)
{
    records_history(req, res, "consultation", "consultation");
}

void api_consultations_create(const struct http_req *req, struct http_res *res)
{
    if (!edge_no_query(req, res))
        return;
    struct app *app = req->ctx;
    struct validation v = {0};
    char *doc_text = NULL;
    json_t *doc = NULL;
    const char *patient = edge_path_id(req, res, "patient");
    if (!patient)
        return;
    json_t *body = edge_body_object(req, res);
    if (!body)
        return;
    struct consultation_fields f = {.patient_id = patient};
    char occurred_at[32];
    doc = consultation_doc(&v, body, &f, occurred_at);
    if (!doc) {
        validation_reply(&v, req, res);
        goto out;
    }
    doc_text = json_dumps(doc, HTTP_JSON_FLAGS);
    f.doc = doc_text;
    enum pg_err err;
    if (create_run(req, res, app->pool, insert, &f, &err))
        goto out;
    if (err == PG_ERR_INVALID) {
        validation_add(&v, "/occurred_at", "must not be before the patient's birth date");
        validation_reply(&v, req, res);
    } else {
        edge_reply_error(req, res, err, "patient");
    }
out:
    free(doc_text);
    json_decref(doc);
    json_decref(body);
}

/* The members of a consultation that embed its records, in the order of
 * enum record_kind; each is also the path of the kind's list. */
static const char *const embedded[STORE_EMBED_KINDS] = {"findings", "imaging", "blocks"};

/* Closes the representation (json, a JSON object) with "more": for each
 * kind, null when every record is embedded, else how many there are and
 * the page of the list that follows the last one embedded. */
static void append_more(struct buf *json, const char *id, const struct store_embed_rest *rest)
{
    if (json->len == 0 || json->data[json->len - 1] != '}')
        abort(); /* the database builds an object: nothing else can come */
    json->data[--json->len] = '\0';
    buf_puts(json, ",\"more\":{");
    for (int k = 0; k < STORE_EMBED_KINDS; k++) {
        buf_printf(json, "%s\"%s\":", k ? "," : "", embedded[k]);
        if (rest[k].total <= STORE_EMBED_MAX) {
            buf_puts(json, "null");
            continue;
        }
        struct cursor_key key;
        char cursor[CURSOR_MAX + 1];
        snprintf(key.at, sizeof key.at, "%s", rest[k].last_at);
        snprintf(key.id, sizeof key.id, "%s", rest[k].last_id);
        cursor_encode(&key, cursor);
        buf_printf(json,
                   "{\"total\":%" PRId64 ",\"next_cursor\":\"%s\","
                   "\"next\":\"/v1/consultations/%s/%s?limit=%d&cursor=%s\"}",
                   rest[k].total, cursor, id, embedded[k], STORE_PAGE_MAX, cursor);
    }
    buf_puts(json, "}}");
}

void api_consultations_get(const struct http_req *req, struct http_res *res)
{
    if (!edge_no_query(req, res))
        return;
    struct app *app = req->ctx;
    const char *id = edge_path_id(req, res, "consultation");
    if (!id)
        return;
    struct buf json = {0};
    struct store_embed_rest rest[STORE_EMBED_KINDS];
    int version = 0;
    enum pg_err err = store_consultation_get(app->pool, auth_clinic(), id, &json, &version, rest);
    if (err == PG_ERR_OK) {
        append_more(&json, id, rest);
        http_res_json_buf(res, 200, &json);
        http_res_header(res, "ETag", "\"%d\"", version);
    } else {
        edge_reply_error(req, res, err, "consultation");
    }
    buf_cleanup(&json);
}

void api_consultations_list(const struct http_req *req, struct http_res *res)
{
    cursor_list_under(req, res, "patient", store_consultation_list);
}
