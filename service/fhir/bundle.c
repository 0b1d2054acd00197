/* The export's Bundle: entries in a stable order, each with its fullUrl,
 * and the ids made for the resources paingen keeps no row for. */
#include "paingen/fhir/bundle.h"

#include "paingen/core/crypto.h"
#include "paingen/fhir/resources.h"

#include <stdio.h>
#include <string.h>

void fhir_derived_id(const char *parent_id, const char *name, char out[37])
{
    char text[160];
    int n = snprintf(text, sizeof text, "paingen-fhir:%s:%s", parent_id ? parent_id : "", name);
    uint8_t h[SHA256_BYTES];
    sha256(text, n < (int)sizeof text ? (size_t)n : sizeof text - 1, h);
    h[6] = (uint8_t)((h[6] & 0x0f) | 0x80); /* version 8: custom (RFC 9562 5.8) */
    h[8] = (uint8_t)((h[8] & 0x3f) | 0x80); /* the RFC's variant */
    int k = 0;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out[k++] = '-';
        snprintf(out + k, 3, "%02x", h[i]);
        k += 2;
    }
    out[36] = '\0';
}

/* Appends resource (taken; nothing when NULL) as an entry whose fullUrl
 * is the urn:uuid of its id: references between entries are these. */
static void add(json_t *entries, json_t *resource)
{
    if (!resource)
        return;
    char url[FHIR_REF_MAX + 1];
    snprintf(url, sizeof url, "urn:uuid:%s", json_string_value(json_object_get(resource, "id")));
    json_array_append_new(entries, json_pack("{s:s, s:o}", "fullUrl", url, "resource", resource));
}

/* Appends each element of resources (an array, taken). */
static void add_all(json_t *entries, json_t *resources)
{
    size_t i;
    json_t *r;
    json_array_foreach(resources, i, r) add(entries, json_incref(r));
    json_decref(resources);
}

static bool member_is(json_t *o, const char *key, const char *value)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s && strcmp(s, value) == 0;
}

static bool of_kind(json_t *record, const char *kind) { return member_is(record, "kind", kind); }

static bool of_status(json_t *stored, const char *status)
{
    return member_is(stored, "status", status);
}

json_t *fhir_bundle_build(json_t *source, const char *timestamp)
{
    json_t *c = json_object_get(source, "consultation");
    json_t *records = json_object_get(source, "records");
    json_t *assessments = json_object_get(source, "assessments");
    json_t *exported = json_object();
    size_t i;
    json_t *r;
    json_array_foreach(records, i, r)
    {
        const char *id = json_string_value(json_object_get(r, "id"));
        if (id)
            json_object_set_new(exported, id, json_true());
    }
    struct fhir_export x = {
        .patient_id = json_string_value(json_object_get(json_object_get(source, "patient"), "id")),
        .consultation_id = json_string_value(json_object_get(c, "id")),
        .occurred_at = json_string_value(json_object_get(c, "occurred_at")),
        .voided = of_status(c, "entered_in_error"),
        .exported = exported,
    };

    json_t *entries = json_array();
    add(entries, fhir_patient(json_object_get(source, "patient")));
    add(entries, fhir_encounter(c, &x));
    add(entries, fhir_pain_nrs(c, &x));
    json_array_foreach(records, i, r) if (of_kind(r, "finding")) add(entries, fhir_finding(r, &x));
    json_array_foreach(records, i, r) if (of_kind(r, "imaging")) add(entries, fhir_imaging(r, &x));
    json_array_foreach(records, i, r)
    {
        if (!of_kind(r, "block"))
            continue;
        add(entries, fhir_block(r, &x));
        add_all(entries, fhir_block_relief(r, &x));
    }
    json_array_foreach(assessments, i, r) add(entries, fhir_risk_assessment(r, &x));
    /* the working diagnosis is the latest assessment's: earlier ones are
     * kept as RiskAssessments, not as conditions that contradict it */
    size_t n = json_array_size(assessments);
    if (n)
        add(entries, fhir_condition(json_array_get(assessments, n - 1), &x));

    json_decref(exported);
    return json_pack("{s:s, s:s, s:s, s:o}", "resourceType", "Bundle", "type", "collection",
                     "timestamp", timestamp, "entry", entries);
}
