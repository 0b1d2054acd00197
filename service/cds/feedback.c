/* Feedback: the body checked, the cards it names looked up in the
 * clinic, then every item stored in the request's transaction. */
#include "paingen/cds/feedback.h"

#include "paingen/api/app.h"
#include "paingen/api/auth.h"
#include "paingen/api/edge.h"
#include "paingen/cds/services.h"
#include "paingen/core/parse.h"
#include "paingen/store/cds.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum outcome { UNKNOWN, ACCEPTED, OVERRIDDEN };

#define MAX_ACCEPTED 20
#define COMMENT_MAX  2000

/* A uuid member of obj at key, lower case, into out; an error otherwise. */
static bool uuid_member(struct validation *v, json_t *obj, const char *key, const char *ptr,
                        char out[37])
{
    const char *s = validate_string(v, obj, key, true, 64);
    if (s && !parse_uuid(s, out))
        validation_add(v, ptr, "must be a uuid paingen sent");
    return s && out[0];
}

/* acceptedSuggestions: [{"id": uuid}], into row's "accepted". */
static void accepted(struct validation *v, json_t *item, json_t *row, enum outcome outcome)
{
    if (outcome != ACCEPTED) {
        if (outcome == OVERRIDDEN && json_object_get(item, "acceptedSuggestions"))
            validation_add(v, "/acceptedSuggestions", "only with outcome accepted");
        return;
    }
    json_t *list = validate_array(v, item, "acceptedSuggestions", false, MAX_ACCEPTED);
    if (!json_array_size(list)) {
        validation_add(v, "/acceptedSuggestions", "required with outcome accepted: at least one");
        return;
    }
    json_t *ids = json_array();
    for (size_t k = 0; k < json_array_size(list); k++) {
        json_t *s = json_array_get(list, k);
        char ptr[64], id[37] = "";
        snprintf(ptr, sizeof ptr, "/acceptedSuggestions/%zu/id", k);
        const char *text = json_string_value(json_object_get(s, "id"));
        if (!json_is_object(s) || json_object_size(s) != 1 || !text || !parse_uuid(text, id))
            validation_add(v, ptr, "must be a suggestion's uuid, as {\"id\": uuid}");
        else
            json_array_append_new(ids, json_string(id));
    }
    json_object_set_new(row, "accepted", ids);
}

/* overrideReason: {"reason": Coding, "userComment"}, into row. */
static void override_reason(struct validation *v, json_t *item, json_t *row, enum outcome outcome)
{
    static const char *const fields[] = {"reason", "userComment", NULL};
    static const char *const coding[] = {"system", "code", "display", NULL};
    json_t *o = json_object_get(item, "overrideReason");
    if (!o || outcome != OVERRIDDEN) {
        if (o && outcome == ACCEPTED)
            validation_add(v, "/overrideReason", "only with outcome overridden");
        return;
    }
    if (!json_is_object(o) || !json_object_size(o)) {
        validation_add(v, "/overrideReason", "must be an object with a reason or a userComment");
        return;
    }
    struct validation inner = {0};
    validate_known_fields(&inner, o, fields);
    json_t *reason = json_object_get(o, "reason");
    if (reason && !json_is_object(reason))
        validation_add(&inner, "/reason", "must be a Coding");
    if (json_is_object(reason)) {
        validate_known_fields(&inner, reason, coding);
        json_object_set_new(row, "system",
                            json_string(validate_string(&inner, reason, "system", true, 255)));
        json_object_set_new(row, "code",
                            json_string(validate_string(&inner, reason, "code", true, 255)));
        json_object_set_new(row, "display",
                            json_string(validate_string(&inner, reason, "display", false, 255)));
    }
    json_object_set_new(row, "comment",
                        json_string(validate_string(&inner, o, "userComment", false, COMMENT_MAX)));
    /* the inner pointers are under /overrideReason (and /reason) */
    size_t i;
    json_t *e;
    json_array_foreach(inner.errors, i, e)
    {
        const char *p = json_string_value(json_object_get(e, "pointer"));
        bool coded = p && (strcmp(p, "/system") == 0 || strcmp(p, "/code") == 0 ||
                           strcmp(p, "/display") == 0);
        char ptr[200];
        snprintf(ptr, sizeof ptr, "/overrideReason%s%s", coded ? "/reason" : "", p ? p : "");
        validation_add(v, ptr, "%s", json_string_value(json_object_get(e, "detail")));
    }
    validation_cleanup(&inner);
}

/* The items as rows for store_cds_feedback_insert (new), or NULL with
 * the errors in v. */
static json_t *decode(struct validation *v, json_t *body)
{
    static const char *const top[] = {"feedback", NULL};
    static const char *const fields[] = {
        "card",      "outcome", "acceptedSuggestions", "overrideReason", "outcomeTimestamp",
        "extension", NULL};
    static const char *const outcomes[] = {"accepted", "overridden", NULL};
    validate_known_fields(v, body, top);
    json_t *items = validate_array(v, body, "feedback", true, CDS_MAX_FEEDBACK);
    if (items && !json_array_size(items))
        validation_add(v, "/feedback", "must hold at least one item");
    json_t *rows = json_array();
    struct validation_elements it = {.array = items, .key = "feedback", .fields = fields};
    for (json_t *e; (e = validate_next_element(v, &it));) {
        char card[37] = "", at[32];
        json_t *row = json_object();
        if (uuid_member(v, e, "card", "/card", card))
            json_object_set_new(row, "card", json_string(card));
        const char *outcome = validate_enum(v, e, "outcome", true, outcomes);
        if (outcome)
            json_object_set_new(row, "outcome", json_string(outcome));
        enum outcome o = !outcome                           ? UNKNOWN
                         : strcmp(outcome, "accepted") == 0 ? ACCEPTED
                                                            : OVERRIDDEN;
        accepted(v, e, row, o);
        override_reason(v, e, row, o);
        if (validate_timestamp(v, e, "outcomeTimestamp", true, at))
            json_object_set_new(row, "outcome_at", json_string(at));
        json_array_append_new(rows, row);
    }
    if (validation_ok(v))
        return rows;
    json_decref(rows);
    return NULL;
}

/* Each row's card issued to this clinic by this service, each accepted
 * suggestion one of the card's; the cards' patients noted for the audit
 * row. */
static void check_cards(struct validation *v, json_t *rows, json_t *cards, const char *service)
{
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
    {
        char ptr[96];
        const char *id = json_string_value(json_object_get(row, "card"));
        json_t *card = json_object_get(cards, id);
        snprintf(ptr, sizeof ptr, "/feedback/%zu/card", i);
        if (!card) {
            validation_add(v, ptr, "no card paingen issued to this clinic has this uuid");
            continue;
        }
        const char *by = json_string_value(json_object_get(card, "service_id"));
        if (!by || strcmp(by, service) != 0) {
            validation_add(v, ptr, "was issued by the service '%s': post its feedback there",
                           by ? by : "?");
            continue;
        }
        char quoted[80];
        snprintf(quoted, sizeof quoted, "\"%s\",\"%s\"", id,
                 json_string_value(json_object_get(card, "patient_id")));
        auth_note_resources(quoted);
        size_t k;
        json_t *s;
        json_array_foreach(json_object_get(row, "accepted"), k, s)
        {
            bool found = false;
            size_t j;
            json_t *offered;
            json_array_foreach(json_object_get(card, "suggestions"), j, offered)
            {
                found |= json_equal(s, offered);
            }
            if (!found) {
                snprintf(ptr, sizeof ptr, "/feedback/%zu/acceptedSuggestions/%zu/id", i, k);
                validation_add(v, ptr, "not a suggestion of this card");
            }
        }
    }
}

/* The clinic's cards the rows name (store_cds_cards_find's object, new),
 * or NULL with res answered. */
static json_t *find_cards(const struct http_req *req, struct http_res *res, json_t *rows)
{
    struct app *app = req->ctx;
    json_t *ids = json_array();
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) { json_array_append(ids, json_object_get(row, "card")); }
    char *text = json_dumps(ids, JSON_COMPACT);
    json_decref(ids);
    if (!text)
        abort();
    struct buf json = {0};
    enum pg_err err = store_cds_cards_find(app->pool, auth_clinic(), text, &json);
    free(text);
    json_t *cards = err == PG_ERR_OK ? json_loadb(json.data, json.len, 0, NULL) : NULL;
    buf_cleanup(&json);
    if (err != PG_ERR_OK)
        edge_reply_error(req, res, err, "card");
    else if (!cards)
        abort(); /* PostgreSQL built it: only out of memory gets here */
    return cards;
}

static void store(const struct http_req *req, struct http_res *res, json_t *rows)
{
    struct app *app = req->ctx;
    char *text = json_dumps(rows, JSON_COMPACT);
    if (!text)
        abort();
    int stored = 0;
    enum pg_err err =
        store_cds_feedback_insert(app->pool, auth_clinic(), auth_key_id(),
                                  req->request_id ? req->request_id : "", text, &stored);
    free(text);
    if (err == PG_ERR_OK)
        http_res_json(res, 200,
                      json_pack("{s:i, s:i}", "stored", stored, "already_stored",
                                (int)json_array_size(rows) - stored));
    else
        edge_reply_error(req, res, err, "card");
}

void cds_feedback(const struct http_req *req, struct http_res *res)
{
    const struct cds_service *s = cds_service_of(req, res);
    if (!s)
        return;
    json_t *body = edge_body_object(req, res);
    if (!body)
        return;
    struct validation v = {0};
    json_t *rows = decode(&v, body), *cards = NULL;
    if (rows && (cards = find_cards(req, res, rows)))
        check_cards(&v, rows, cards, s->id);
    if (!validation_ok(&v))
        validation_reply(&v, req, res);
    else if (cards)
        store(req, res, rows);
    validation_cleanup(&v);
    json_decref(cards);
    json_decref(rows);
    json_decref(body);
}
