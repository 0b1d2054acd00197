/* Findings: {code, result, side?, value?, notes?}. */
#include "paingen/api/findings.h"

#include "paingen/api/records.h"

static const char *const results[] = {"positive", "negative", NULL};

static void finding_draft(struct validation *v, json_t *body, struct record_draft *d)
{
    static const char *const fields[] = {"code", "result", "side", "value", "notes", NULL};
    validate_known_fields(v, body, fields);
    const char *code = validate_string(v, body, "code", true, 64);
    if (code) {
        records_check_region(d, "/code", validate_code(v, "/code", code, VOCAB_FINDING, 0));
    }
    const char *result = validate_enum(v, body, "result", true, results);
    const char *side = vocab_side_canonical(validate_enum(v, body, "side", false, vocab_sides));
    json_t *value = json_object_get(body, "value");
    if (value && !json_is_null(value) &&
        (!json_is_number(value) || json_number_value(value) < -100000 ||
         json_number_value(value) > 100000))
        validation_add(v, "/value", "must be a number from -100000 to 100000 (e.g. degrees)");
    const char *notes = validate_string(v, body, "notes", false, 2000);
    json_object_set_new(d->doc, "code", code ? json_string(code) : json_null());
    json_object_set_new(d->doc, "result", result ? json_string(result) : json_null());
    json_object_set_new(d->doc, "side", side ? json_string(side) : json_null());
    json_object_set_new(d->doc, "value", value ? json_copy(value) : json_null());
    json_object_set_new(d->doc, "notes", notes ? json_string(notes) : json_null());
}

void api_findings_create(const struct http_req *req, struct http_res *res)
{
    records_create(req, res, RECORD_FINDING, finding_draft);
}

void api_findings_update(const struct http_req *req, struct http_res *res)
{
    records_update(req, res, RECORD_FINDING, finding_draft);
}

void api_findings_history(const struct http_req *req, struct http_res *res)
{
    records_history(req, res, "finding", "finding");
}

void api_findings_get(const struct http_req *req, struct http_res *res)
{
    records_get(req, res, RECORD_FINDING);
}

void api_findings_list(const struct http_req *req, struct http_res *res)
{
    records_list(req, res, RECORD_FINDING);
}
