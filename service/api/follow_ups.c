/* Follow-ups: {time_point, assessed_on, pain_nrs?, relief_pct?, pgic?,
 * region_scores?: [{instrument, value, subscale?}], adverse_events?:
 * [{description, serious?}], repeat_intervention?, surgery?,
 * lost_to_follow_up?, lost_reason?, notes?}. A follow-up names its
 * treatment (treatment_id, from the path when it is recorded, kept when it
 * is corrected) and is dated no earlier than the treatment. */
#include "paingen/api/follow_ups.h"

#include "paingen/api/auth.h"
#include "paingen/api/records.h"

#include <stdio.h>
#include <string.h>

#define MAX_REGION_SCORES  10
#define MAX_ADVERSE_EVENTS 20

/* The usual time points of pain trials' follow-up. */
static const char *const time_points[] = {"6w", "3m", "6m", "12m", NULL};

/* A boolean member, or null when absent; an error when it is neither. */
static json_t *flag(struct validation *v, json_t *body, const char *key)
{
    json_t *b = json_object_get(body, key);
    if (json_is_boolean(b))
        return json_copy(b);
    if (b && !json_is_null(b)) {
        char ptr[64];
        snprintf(ptr, sizeof ptr, "/%s", key);
        validation_add(v, ptr, "must be true or false");
    }
    return json_null();
}

/* A number member in [0, 100], or null when absent. */
static json_t *percent(struct validation *v, json_t *obj, const char *key, bool required)
{
    json_t *x = json_object_get(obj, key);
    char ptr[32];
    snprintf(ptr, sizeof ptr, "/%s", key);
    if (x && !json_is_null(x) &&
        (!json_is_number(x) || json_number_value(x) < 0 || json_number_value(x) > 100)) {
        validation_add(v, ptr, "must be a number from 0 to 100");
        return json_null();
    }
    if ((!x || json_is_null(x)) && required)
        validation_add(v, ptr, "required");
    return x ? json_copy(x) : json_null();
}

/* region_scores: each instrument of the consultation's region (ODI for
 * the back, KOOS for the knee, ASES for the shoulder), its value as
 * entered on the instrument's 0-100 scale. */
static json_t *region_scores(struct validation *v, json_t *body, struct record_draft *d)
{
    static const char *const fields[] = {"instrument", "value", "subscale", NULL};
    json_t *in = validate_array(v, body, "region_scores", false, MAX_REGION_SCORES);
    json_t *out = json_array();
    struct validation_elements each = {.array = in, .key = "region_scores", .fields = fields};
    for (json_t *e; (e = validate_next_element(v, &each));) {
        const char *code = validate_string(v, e, "instrument", true, 16);
        const struct vocab_entry *entry =
            code ? validate_code(v, "/instrument", code, VOCAB_OUTCOME_SCORE, 0) : NULL;
        if (entry) {
            char ptr[VALIDATION_PREFIX_MAX + 16];
            snprintf(ptr, sizeof ptr, "%s/instrument", v->prefix);
            records_check_region(d, ptr, entry);
        }
        json_t *value = percent(v, e, "value", true);
        const char *subscale = validate_string(v, e, "subscale", false, 32);
        json_array_append_new(out, json_pack("{s:o, s:o, s:o}", "instrument",
                                             code ? json_string(code) : json_null(), "value", value,
                                             "subscale",
                                             subscale ? json_string(subscale) : json_null()));
    }
    return out;
}

static json_t *adverse_events(struct validation *v, json_t *body)
{
    static const char *const fields[] = {"description", "serious", NULL};
    json_t *in = validate_array(v, body, "adverse_events", false, MAX_ADVERSE_EVENTS);
    json_t *out = json_array();
    struct validation_elements each = {.array = in, .key = "adverse_events", .fields = fields};
    for (json_t *e; (e = validate_next_element(v, &each));) {
        const char *description = validate_string(v, e, "description", true, 500);
        json_array_append_new(out, json_pack("{s:o, s:o}", "description",
                                             description ? json_string(description) : json_null(),
                                             "serious", flag(v, e, "serious")));
    }
    return out;
}

/* The treatment followed up: from the path (a new follow-up, whose
 * treatment must be active) or from the stored follow-up (a
 * correction); the follow-up is dated no earlier than the treatment. */
static enum pg_err resolve(struct store_conn *c, struct record_draft *d,
                           const char *consultation_id, const char *self, struct validation *v)
{
    (void)consultation_id;
    struct buf stored = {0}, treatment = {0};
    char id[37] = "", consultation[37];
    bool active = false;
    json_t *doc = NULL;
    enum pg_err err = PG_ERR_OK;
    if (self) {
        err = store_record_read(c, auth_clinic(), RECORD_FOLLOW_UP, self, &stored, consultation,
                                &active);
        doc = err == PG_ERR_OK ? json_loads(stored.data, 0, NULL) : NULL;
        const char *of = json_string_value(json_object_get(doc, "treatment_id"));
        snprintf(id, sizeof id, "%s", of ? of : "");
        json_decref(doc);
        if (err == PG_ERR_OK && !of) /* every follow-up is stored with it */
            err = PG_ERR_INTERNAL;
    } else {
        snprintf(id, sizeof id, "%s", d->parent_id);
    }
    if (err == PG_ERR_OK)
        err = store_record_read(c, auth_clinic(), RECORD_TREATMENT, id, &treatment, consultation,
                                &active);
    if (err == PG_ERR_OK && !self && !active)
        err = PG_ERR_CONFLICT;
    doc = err == PG_ERR_OK ? json_loads(treatment.data, 0, NULL) : NULL;
    const char *given = json_string_value(json_object_get(doc, "performed_on"));
    const char *seen = json_string_value(json_object_get(d->doc, "assessed_on"));
    /* ISO dates compare as strings */
    if (given && seen && strcmp(seen, given) < 0)
        validation_add(v, "/assessed_on", "must not be before the treatment (%s)", given);
    if (err == PG_ERR_OK)
        json_object_set_new(d->doc, "treatment_id", json_string(id));
    json_decref(doc);
    buf_cleanup(&stored);
    buf_cleanup(&treatment);
    return err;
}

/* What a follow-up measured: required unless the patient was lost, and
 * then refused. */
static void measures(struct validation *v, json_t *body, json_t *doc, bool lost)
{
    static const char *const measured[] = {"pain_nrs", "relief_pct", "pgic", "region_scores"};
    if (lost) {
        for (size_t i = 0; i < sizeof measured / sizeof measured[0]; i++) {
            json_t *x = json_object_get(body, measured[i]);
            char ptr[32];
            snprintf(ptr, sizeof ptr, "/%s", measured[i]);
            if (x && !json_is_null(x) && !(json_is_array(x) && json_array_size(x) == 0))
                validation_add(v, ptr, "a patient lost to follow-up has no measure");
        }
    } else if (json_is_null(json_object_get(doc, "pain_nrs")) &&
               json_is_null(json_object_get(doc, "relief_pct")) &&
               json_is_null(json_object_get(doc, "pgic"))) {
        validation_add(v, "/pain_nrs",
                       "a follow-up records pain_nrs, relief_pct or pgic, or lost_to_follow_up "
                       "with its lost_reason");
    }
}

static void follow_up_draft(struct validation *v, json_t *body, struct record_draft *d)
{
    static const char *const fields[] = {
        "time_point", "assessed_on",       "pain_nrs",       "relief_pct",
        "pgic",       "region_scores",     "adverse_events", "repeat_intervention",
        "surgery",    "lost_to_follow_up", "lost_reason",    "notes",
        NULL};
    validate_known_fields(v, body, fields);
    const char *time_point = validate_enum(v, body, "time_point", true, time_points);
    const char *assessed_on = validate_date(v, body, "assessed_on", true, "1900-01-01");
    if (assessed_on) {
        snprintf(d->dated, sizeof d->dated, "%s", assessed_on);
        d->dated_pointer = "/assessed_on";
    }
    json_t *lost = flag(v, body, "lost_to_follow_up");
    const char *reason = validate_string(v, body, "lost_reason", json_is_true(lost), 500);
    if (reason && !json_is_true(lost))
        validation_add(v, "/lost_reason", "only a patient lost to follow-up has a lost_reason");
    int64_t nrs = 0, pgic = 0;
    bool has_nrs = validate_int(v, body, "pain_nrs", false, 0, 10, &nrs);
    /* Farrar JT et al. Pain 2001;94:149-58: 1 very much improved, 4 no
     * change, 7 very much worse */
    bool has_pgic = validate_int(v, body, "pgic", false, 1, 7, &pgic);
    const char *notes = validate_string(v, body, "notes", false, 2000);

    json_t *doc = d->doc;
    json_object_set_new(doc, "time_point", time_point ? json_string(time_point) : json_null());
    json_object_set_new(doc, "assessed_on", assessed_on ? json_string(assessed_on) : json_null());
    json_object_set_new(doc, "pain_nrs", has_nrs ? json_integer(nrs) : json_null());
    json_object_set_new(doc, "relief_pct", percent(v, body, "relief_pct", false));
    json_object_set_new(doc, "pgic", has_pgic ? json_integer(pgic) : json_null());
    json_object_set_new(doc, "region_scores", region_scores(v, body, d));
    json_object_set_new(doc, "adverse_events", adverse_events(v, body));
    json_object_set_new(doc, "repeat_intervention", flag(v, body, "repeat_intervention"));
    json_object_set_new(doc, "surgery", flag(v, body, "surgery"));
    json_object_set_new(doc, "lost_to_follow_up", json_boolean(json_is_true(lost)));
    json_object_set_new(doc, "lost_reason", reason ? json_string(reason) : json_null());
    json_object_set_new(doc, "notes", notes ? json_string(notes) : json_null());
    measures(v, body, doc, json_is_true(lost));
    json_decref(lost);
    d->resolve = resolve;
}

void api_follow_ups_create(const struct http_req *req, struct http_res *res)
{
    records_create_follow_up(req, res, follow_up_draft);
}

void api_follow_ups_update(const struct http_req *req, struct http_res *res)
{
    records_update(req, res, RECORD_FOLLOW_UP, follow_up_draft);
}

void api_follow_ups_history(const struct http_req *req, struct http_res *res)
{
    records_history(req, res, "follow_up", "follow-up");
}

void api_follow_ups_get(const struct http_req *req, struct http_res *res)
{
    records_get(req, res, RECORD_FOLLOW_UP);
}

void api_follow_ups_list(const struct http_req *req, struct http_res *res)
{
    records_list(req, res, RECORD_FOLLOW_UP);
}
