/* Treatments: {what, generator?, side?, level?, guidance?, performed_on,
 * assessment_id?, baseline_nrs?, notes?}. The source treated is named by
 * the model's own generator code, and the assessment it followed must be
 * one of the consultation's, made on or before the treatment's day, so
 * that "treated where the model pointed" is read from the records. */
#include "paingen/api/treatments.h"

#include "paingen/api/auth.h"
#include "paingen/api/records.h"
#include "paingen/core/parse.h"
#include "paingen/store/assessments.h"

#include <stdio.h>
#include <string.h>

/* What may be given without naming a structure. */
static bool needs_generator(const char *what)
{
    return what && strcmp(what, "physiotherapy") != 0 && strcmp(what, "other") != 0;
}

/* The assessment must be one of the consultation's, made no later than
 * the day of the treatment. */
static enum pg_err resolve(struct store_conn *c, struct record_draft *d,
                           const char *consultation_id, const char *self, struct validation *v)
{
    (void)self;
    const char *assessment = json_string_value(json_object_get(d->doc, "assessment_id"));
    const char *day = json_string_value(json_object_get(d->doc, "performed_on"));
    char made[11];
    enum pg_err err = store_assessment_day(c, auth_clinic(), consultation_id, assessment, made);
    if (err == PG_ERR_NOT_FOUND)
        validation_add(v, "/assessment_id", "must be an assessment of this consultation");
    else if (err == PG_ERR_OK && day && strcmp(made, day) > 0)
        validation_add(v, "/assessment_id",
                       "was made on %s, after the treatment (%s): name the assessment the "
                       "treatment followed",
                       made, day);
    return err == PG_ERR_NOT_FOUND ? PG_ERR_OK : err;
}

static void treatment_draft(struct validation *v, json_t *body, struct record_draft *d)
{
    static const char *const fields[] = {
        "what",         "generator",     "side",         "level", "guidance",
        "performed_on", "assessment_id", "baseline_nrs", "notes", NULL};
    validate_known_fields(v, body, fields);
    const char *what = validate_string(v, body, "what", true, 64);
    if (what && !validate_code(v, "/what", what, VOCAB_TREATMENT, 0))
        what = NULL;
    const char *generator = validate_string(v, body, "generator", needs_generator(what), 64);
    const struct vocab_entry *g =
        generator ? validate_code(v, "/generator", generator, VOCAB_GENERATOR, 0) : NULL;
    records_check_region(d, "/generator", g);
    const char *side = vocab_side_canonical(validate_enum(v, body, "side", false, vocab_sides));
    const char *level = validate_level(v, body, "level", NULL);
    if (level && g && g->regions != REGION_LUMBAR)
        validation_add(v, "/level", "only a lumbar source is treated at a spinal level");
    const char *guidance = validate_string(v, body, "guidance", false, 32);
    if (guidance)
        validate_code(v, "/guidance", guidance, VOCAB_GUIDANCE, 0);
    const char *performed_on = validate_date(v, body, "performed_on", true, "1900-01-01");
    if (performed_on) {
        snprintf(d->dated, sizeof d->dated, "%s", performed_on);
        d->dated_pointer = "/performed_on";
    }
    /* stored and compared in lower case, however it was sent */
    char assessment[37] = "";
    const char *a = validate_string(v, body, "assessment_id", false, 36);
    if (a && !parse_uuid(a, assessment))
        validation_add(v, "/assessment_id", "must be the id of an assessment");
    int64_t baseline = 0;
    bool has_baseline = validate_int(v, body, "baseline_nrs", false, 0, 10, &baseline);
    const char *notes = validate_string(v, body, "notes", false, 2000);

    json_t *doc = d->doc;
    json_object_set_new(doc, "what", what ? json_string(what) : json_null());
    json_object_set_new(doc, "generator", g ? json_string(g->code) : json_null());
    json_object_set_new(doc, "side", side ? json_string(side) : json_null());
    json_object_set_new(doc, "level", level ? json_string(level) : json_null());
    json_object_set_new(doc, "guidance", guidance ? json_string(guidance) : json_null());
    json_object_set_new(doc, "performed_on",
                        performed_on ? json_string(performed_on) : json_null());
    json_object_set_new(doc, "assessment_id", *assessment ? json_string(assessment) : json_null());
    json_object_set_new(doc, "baseline_nrs", has_baseline ? json_integer(baseline) : json_null());
    json_object_set_new(doc, "notes", notes ? json_string(notes) : json_null());
    if (*assessment)
        d->resolve = resolve;
}

void api_treatments_create(const struct http_req *req, struct http_res *res)
{
    records_create(req, res, RECORD_TREATMENT, treatment_draft);
}

void api_treatments_update(const struct http_req *req, struct http_res *res)
{
    records_update(req, res, RECORD_TREATMENT, treatment_draft);
}

void api_treatments_history(const struct http_req *req, struct http_res *res)
{
    records_history(req, res, "treatment", "treatment");
}

void api_treatments_get(const struct http_req *req, struct http_res *res)
{
    records_get(req, res, RECORD_TREATMENT);
}

void api_treatments_list(const struct http_req *req, struct http_res *res)
{
    records_list(req, res, RECORD_TREATMENT);
}
