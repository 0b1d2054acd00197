/* Blocks: {target, level?, side?, agent, volume_ml?, performed_at,
 * baseline_nrs, readings: [{minutes, nrs}], comparative_of?, notes?};
 * provocation discography instead records concordance and a control
 * level. Each block is stored with the model's reading of it
 * ("interpretation"), and a comparative block with the reading of its
 * pair against the earlier block as that block then stood. */
#include "paingen/api/blocks.h"

#include "paingen/api/model.h"
#include "paingen/api/records.h"
#include "paingen/core/parse.h"
#include "paingen/scoring/blocks.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define MAX_READINGS  48
#define MAX_MINUTES   10080 /* a week */
#define MAX_VOLUME_ML 50

/* readings: [{minutes, nrs}], minutes strictly increasing. */
static json_t *readings(struct validation *v, json_t *body, bool required)
{
    static const char *const fields[] = {"minutes", "nrs", NULL};
    json_t *in = validate_array(v, body, "readings", required, MAX_READINGS);
    json_t *out = json_array();
    if (in && required && json_array_size(in) == 0)
        validation_add(v, "/readings", "at least one timed pain reading is needed");
    int64_t previous = -1;
    struct validation_elements each = {.array = in, .key = "readings", .fields = fields};
    for (json_t *e; (e = validate_next_element(v, &each));) {
        int64_t minutes = 0, nrs = 0;
        bool ok_min = validate_int(v, e, "minutes", true, 0, MAX_MINUTES, &minutes);
        bool ok_nrs = validate_int(v, e, "nrs", true, 0, 10, &nrs);
        if (ok_min && minutes <= previous)
            validation_add(v, "/minutes", "must be later than the previous reading (%lld min)",
                           (long long)previous);
        if (ok_min)
            previous = minutes;
        if (ok_min && ok_nrs)
            json_array_append_new(out, json_pack("{s:I, s:I}", "minutes", (json_int_t)minutes,
                                                 "nrs", (json_int_t)nrs));
    }
    return out;
}

static json_t *boolean(struct validation *v, json_t *body, const char *key, bool required)
{
    json_t *b = json_object_get(body, key);
    if (json_is_boolean(b))
        return json_copy(b);
    if ((b && !json_is_null(b)) || required) {
        char ptr[64];
        snprintf(ptr, sizeof ptr, "/%s", key);
        validation_add(v, ptr, "%s: true or false", required ? "required" : "must be");
    }
    return json_null();
}

/* Discography: concordant pain at the level, and a negative control. */
static void discography(struct validation *v, json_t *body, json_t *doc, const char *level)
{
    json_object_set_new(doc, "concordant", boolean(v, body, "concordant", true));
    const char *control = validate_string(v, body, "control_level", true, 8);
    if (control && !vocab_level_valid(control))
        validation_add(v, "/control_level", "must be a lumbar level such as L3-L4");
    else if (control && level && strcmp(control, level) == 0)
        validation_add(v, "/control_level", "must differ from the tested level");
    json_object_set_new(doc, "control_level", control ? json_string(control) : json_null());
    json_object_set_new(doc, "control_painful", boolean(v, body, "control_painful", true));
}

/* A block that is not discography has no concordance nor control. */
static void not_discography(struct validation *v, json_t *body)
{
    static const char *const only[] = {"concordant", "control_level", "control_painful"};
    for (size_t i = 0; i < sizeof only / sizeof only[0]; i++) {
        json_t *x = json_object_get(body, only[i]);
        char ptr[32];
        snprintf(ptr, sizeof ptr, "/%s", only[i]);
        if (x && !json_is_null(x))
            validation_add(v, ptr, "only provocation discography records this");
    }
}

/* A stored or validated block as the model's struct; r holds the readings. */
static void case_of(json_t *doc, struct case_block *b, struct block_reading r[MAX_READINGS])
{
    *b = (struct case_block){.target = json_string_value(json_object_get(doc, "target")),
                             .level = json_string_value(json_object_get(doc, "level")),
                             .side = json_string_value(json_object_get(doc, "side")),
                             .pair_of = -1};
    b->baseline_nrs = (int)json_integer_value(json_object_get(doc, "baseline_nrs"));
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(doc, "readings"), i, x)
    {
        if (b->n_readings == MAX_READINGS)
            break;
        r[b->n_readings++] =
            (struct block_reading){(int)json_integer_value(json_object_get(x, "minutes")),
                                   (int)json_integer_value(json_object_get(x, "nrs"))};
    }
    b->readings = r;
    b->concordant = json_is_true(json_object_get(doc, "concordant"));
    json_t *control = json_object_get(doc, "control_painful");
    b->control_done = json_is_boolean(control);
    b->control_painful = json_is_true(control);
    const char *agent = json_string_value(json_object_get(doc, "agent"));
    b->placebo = agent && strcmp(agent, "saline") == 0;
    b->agent = block_agent_duration(agent);
}

static bool is_discography(const struct model_block *row)
{
    return row && strcmp(row->target, "provocation_discography") == 0;
}

/* Why the outcome is what it is, in words a clinician can check. */
static void explain(const struct case_block *b, const struct block_reading_of *o, char *out,
                    size_t size)
{
    const struct block_result *r = &o->result;
    if (block_is_placebo(b) && r->peak_minutes >= 0)
        snprintf(out, size,
                 "a saline control: peak relief %.0f%%; read with the anaesthetic block it "
                 "controls (relief of 50%% or more here is a placebo response)",
                 r->peak_relief_pct);
    else if (!o->row)
        snprintf(out, size,
                 "the model has no criterion for this target: relief is reported, "
                 "not read");
    else if (is_discography(o->row))
        snprintf(out, size, "%s",
                 r->outcome == BLOCK_POSITIVE   ? "concordant pain with a painless control level"
                 : r->outcome == BLOCK_NEGATIVE ? "no concordant pain"
                                                : "concordant pain, but the control level was "
                                                  "painful");
    else if (r->peak_minutes < 0)
        snprintf(out, size, "no relief can be measured (baseline 0 or no reading)");
    else if (r->outcome == BLOCK_POSITIVE)
        snprintf(out, size, "peak relief %.0f%% reached the %d%% threshold", r->peak_relief_pct,
                 o->row->relief_pct);
    else if (r->outcome == BLOCK_NEGATIVE)
        snprintf(out, size, "peak relief %.0f%% is below 50%%", r->peak_relief_pct);
    else
        snprintf(out, size, "peak relief %.0f%% is at least 50%% but below the %d%% threshold",
                 r->peak_relief_pct, o->row->relief_pct);
}

static json_t *minutes_or_null(int m) { return m >= 0 ? json_integer(m) : json_null(); }

/* The model's reading of a block (new reference); o receives it. */
static json_t *interpretation(json_t *doc, struct block_reading_of *o)
{
    struct case_block b;
    struct block_reading r[MAX_READINGS];
    case_of(doc, &b, r);
    block_read_target(&b, o);
    bool disco = is_discography(o->row);
    bool relief = !disco && o->result.peak_minutes >= 0;
    char why[160];
    explain(&b, o, why, sizeof why);
    return json_pack(
        "{s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:s, s:o}", "model_version", MODEL_VERSION,
        "criterion",
        o->row ? json_string(disco ? "concordant_pain_painless_control" : "relief") : json_null(),
        "threshold_pct", o->row && !disco ? json_integer(o->row->relief_pct) : json_null(),
        "criterion_source", api_model_source_json(o->row ? &o->row->threshold_source : NULL),
        "peak_relief_pct",
        relief ? json_real(round(o->result.peak_relief_pct * 10) / 10) : json_null(),
        "peak_minutes", relief ? json_integer(o->result.peak_minutes) : json_null(), "minutes_50",
        minutes_or_null(o->result.minutes_50), "minutes_80", minutes_or_null(o->result.minutes_80),
        "outcome",
        o->row && !block_is_placebo(&b) ? json_string(block_outcome_name(o->result.outcome))
                                        : json_null(),
        "detail", why, "pair", json_null());
}

/* The pair read against the earlier block as it is stored now. */
static void pair_with(struct record_draft *d, json_t *first, int first_version,
                      struct validation *v)
{
    struct block_reading_of a, b;
    struct case_block ca, cb;
    struct block_reading ra[MAX_READINGS], rb[MAX_READINGS];
    case_of(first, &ca, ra);
    case_of(d->doc, &cb, rb);
    if (!ca.target || !block_pair_compatible(&ca, &cb)) {
        validation_add(v, "/comparative_of",
                       "must be a block of the same level and side, for the same structure");
        return;
    }
    json_decref(interpretation(first, &a));
    json_t *self = interpretation(d->doc, &b);
    json_t *pair = json_pack(
        "{s:s, s:i, s:o, s:o}", "comparative_of", d->comparative_of, "first_version", first_version,
        "first_outcome", a.row ? json_string(block_outcome_name(a.result.outcome)) : json_null(),
        "outcome",
        a.row && b.row ? json_string(block_pair_name(block_pair_of(&ca, &a.result, &cb, &b.result)))
                       : json_null());
    json_object_set_new(self, "pair", pair);
    json_object_set_new(d->doc, "interpretation", self);
}

static void block_draft(struct validation *v, json_t *body, struct record_draft *d)
{
    static const char *const fields[] = {"target",         "level",
                                         "side",           "agent",
                                         "volume_ml",      "performed_at",
                                         "baseline_nrs",   "readings",
                                         "comparative_of", "concordant",
                                         "control_level",  "control_painful",
                                         "notes",          NULL};
    validate_known_fields(v, body, fields);
    const char *target = validate_string(v, body, "target", true, 64);
    const struct vocab_entry *e =
        target ? validate_code(v, "/target", target, VOCAB_BLOCK_TARGET, 0) : NULL;
    records_check_region(d, "/target", e);
    bool disco = e && strcmp(e->code, "provocation_discography") == 0;
    const char *level = target && !e ? NULL : validate_level(v, body, "level", e);
    const char *side = vocab_side_canonical(validate_enum(v, body, "side", false, vocab_sides));
    const char *agent = validate_string(v, body, "agent", !disco, 32);
    if (agent)
        validate_code(v, "/agent", agent, VOCAB_BLOCK_AGENT, 0);
    json_t *volume = json_object_get(body, "volume_ml");
    if (volume && !json_is_null(volume) &&
        (!json_is_number(volume) || json_number_value(volume) <= 0 ||
         json_number_value(volume) > MAX_VOLUME_ML))
        validation_add(v, "/volume_ml", "must be a number above 0 and at most %d", MAX_VOLUME_ML);
    char performed_at[32];
    bool has_performed = validate_timestamp(v, body, "performed_at", true, performed_at);
    if (has_performed) {
        snprintf(d->dated, sizeof d->dated, "%s", performed_at);
        d->dated_pointer = "/performed_at";
    }
    int64_t baseline = 0;
    bool has_baseline = validate_int(v, body, "baseline_nrs", !disco, 0, 10, &baseline);
    /* stored, compared and audited in lower case, however it was sent */
    const char *pair = validate_string(v, body, "comparative_of", false, 36);
    d->comparative_of = pair && parse_uuid(pair, d->comparative_id) ? d->comparative_id : NULL;
    if (pair && !d->comparative_of)
        validation_add(v, "/comparative_of", "must be the id of an earlier block");
    const char *notes = validate_string(v, body, "notes", false, 2000);

    json_t *doc = d->doc;
    json_object_set_new(doc, "target", target ? json_string(target) : json_null());
    json_object_set_new(doc, "level", level ? json_string(level) : json_null());
    json_object_set_new(doc, "side", side ? json_string(side) : json_null());
    json_object_set_new(doc, "agent", agent ? json_string(agent) : json_null());
    json_object_set_new(doc, "volume_ml", volume ? json_copy(volume) : json_null());
    json_object_set_new(doc, "performed_at",
                        has_performed ? json_string(performed_at) : json_null());
    json_object_set_new(doc, "baseline_nrs", has_baseline ? json_integer(baseline) : json_null());
    json_object_set_new(doc, "readings", readings(v, body, !disco));
    json_object_set_new(doc, "comparative_of",
                        d->comparative_of ? json_string(d->comparative_of) : json_null());
    if (disco)
        discography(v, body, doc, level);
    else
        not_discography(v, body);
    json_object_set_new(doc, "notes", notes ? json_string(notes) : json_null());
    if (validation_ok(v)) {
        struct block_reading_of o;
        json_object_set_new(doc, "interpretation", interpretation(doc, &o));
        d->pair_with = pair_with;
    }
}

void api_blocks_create(const struct http_req *req, struct http_res *res)
{
    records_create(req, res, RECORD_BLOCK, block_draft);
}

void api_blocks_update(const struct http_req *req, struct http_res *res)
{
    records_update(req, res, RECORD_BLOCK, block_draft);
}

void api_blocks_history(const struct http_req *req, struct http_res *res)
{
    records_history(req, res, "block", "block");
}

void api_blocks_get(const struct http_req *req, struct http_res *res)
{
    records_get(req, res, RECORD_BLOCK);
}

void api_blocks_list(const struct http_req *req, struct http_res *res)
{
    records_list(req, res, RECORD_BLOCK);
}
