/* Imaging: {modality, performed_on, findings: [{code, level?, side?,
 * grade?, size_mm?, notes?}], report?}. */
#include "paingen/api/imaging.h"

#include "paingen/api/records.h"

#include <stdio.h>

#define MAX_IMAGING_FINDINGS 40

/* One coded finding of the study: e, as validate_next_element returned
 * it (v's pointers are under it). */
static json_t *imaging_finding(struct validation *v, struct record_draft *d, json_t *e)
{
    json_t *out = json_object();
    const char *code = validate_string(v, e, "code", true, 64);
    const struct vocab_entry *entry =
        code ? validate_code(v, "/code", code, VOCAB_IMAGING_FINDING, 0) : NULL;
    if (entry) {
        char ptr[VALIDATION_PREFIX_MAX + 8];
        snprintf(ptr, sizeof ptr, "%s/code", v->prefix);
        records_check_region(d, ptr, entry);
    }
    const char *level = code && !entry ? NULL : validate_level(v, e, "level", entry);
    const char *side = vocab_side_canonical(validate_enum(v, e, "side", false, vocab_sides));
    const char *grade = validate_string(v, e, "grade", false, 32);
    if (grade && entry && !entry->grades)
        validation_add(v, "/grade", "'%s' takes no grade", entry->code);
    else if (grade && entry && !vocab_grade_allowed(entry, grade))
        validation_add(v, "/grade", "not a %s grade", entry->grade_scale);
    int64_t size = 0;
    bool has_size = validate_int(v, e, "size_mm", false, 0, 500, &size);
    const char *notes = validate_string(v, e, "notes", false, 1000);
    json_object_set_new(out, "code", code ? json_string(code) : json_null());
    json_object_set_new(out, "level", level ? json_string(level) : json_null());
    json_object_set_new(out, "side", side ? json_string(side) : json_null());
    json_object_set_new(out, "grade", grade ? json_string(grade) : json_null());
    json_object_set_new(out, "size_mm", has_size ? json_integer(size) : json_null());
    json_object_set_new(out, "notes", notes ? json_string(notes) : json_null());
    return out;
}

static void imaging_draft(struct validation *v, json_t *body, struct record_draft *d)
{
    static const char *const fields[] = {"modality", "performed_on", "findings", "report", NULL};
    static const char *const finding_fields[] = {"code",    "level", "side", "grade",
                                                 "size_mm", "notes", NULL};
    validate_known_fields(v, body, fields);
    const char *modality = validate_string(v, body, "modality", true, 16);
    if (modality)
        validate_code(v, "/modality", modality, VOCAB_MODALITY, 0);
    const char *performed_on = validate_date(v, body, "performed_on", true, "1900-01-01");
    if (performed_on) {
        snprintf(d->dated, sizeof d->dated, "%s", performed_on);
        d->dated_pointer = "/performed_on";
    }
    const char *report = validate_string(v, body, "report", false, 20000);
    json_t *in = validate_array(v, body, "findings", true, MAX_IMAGING_FINDINGS);
    json_t *findings = json_array();
    struct validation_elements each = {.array = in, .key = "findings", .fields = finding_fields};
    for (json_t *e; (e = validate_next_element(v, &each));)
        json_array_append_new(findings, imaging_finding(v, d, e));
    json_object_set_new(d->doc, "modality", modality ? json_string(modality) : json_null());
    json_object_set_new(d->doc, "performed_on",
                        performed_on ? json_string(performed_on) : json_null());
    json_object_set_new(d->doc, "findings", findings);
    json_object_set_new(d->doc, "report", report ? json_string(report) : json_null());
}

void api_imaging_create(const struct http_req *req, struct http_res *res)
{
    records_create(req, res, RECORD_IMAGING, imaging_draft);
}

void api_imaging_update(const struct http_req *req, struct http_res *res)
{
    records_update(req, res, RECORD_IMAGING, imaging_draft);
}

void api_imaging_history(const struct http_req *req, struct http_res *res)
{
    records_history(req, res, "imaging", "imaging study");
}

void api_imaging_get(const struct http_req *req, struct http_res *res)
{
    records_get(req, res, RECORD_IMAGING);
}

void api_imaging_list(const struct http_req *req, struct http_res *res)
{
    records_list(req, res, RECORD_IMAGING);
}
