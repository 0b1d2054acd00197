/* The FHIR export without a server: content negotiation
 * (data/fhir_accept.tsv), the ids made for derived resources, the
 * Condition's verification status (data/fhir_condition.tsv), and a Bundle
 * built from a small source: percentages, statuses, references. */
#include "unit.h"

#include "paingen/fhir/accept.h"
#include "paingen/fhir/bundle.h"
#include "paingen/fhir/resources.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static void accept_row(char **f, int n, int line)
{
    if (n < 2)
        return;
    bool want = strcmp(f[1], "1") == 0;
    const char *header = strcmp(f[0], "-") == 0 ? NULL : f[0];
    CHECK_MSG(fhir_accept_ok(header) == want, "fhir_accept.tsv:%d: '%s' should be %s", line, f[0],
              want ? "served" : "refused");
}

static void derived_ids(void)
{
    char a[37], b[37], c[37];
    fhir_derived_id("9f25be5f-efcb-4471-92e1-a4790b1d4bcf", "pain-nrs", a);
    fhir_derived_id("9f25be5f-efcb-4471-92e1-a4790b1d4bcf", "pain-nrs", b);
    fhir_derived_id("9f25be5f-efcb-4471-92e1-a4790b1d4bcf", "nrs-15", c);
    CHECK(strcmp(a, b) == 0); /* every export names it alike */
    CHECK(strcmp(a, c) != 0);
    CHECK(strlen(a) == 36 && a[8] == '-' && a[13] == '-' && a[18] == '-' && a[23] == '-');
    CHECK(a[14] == '8');                  /* version 8 */
    CHECK(strchr("89ab", a[19]) != NULL); /* the RFC 9562 variant */
    CHECK(strspn(a, "0123456789abcdef-") == 36);
}

/* An assessment whose most likely source has this posterior and block
 * contribution ("result:applied" or "-"). */
static json_t *assessment(double posterior, const char *block, bool other)
{
    json_t *contributions = json_array();
    if (strcmp(block, "-") != 0) {
        const char *colon = strchr(block, ':');
        json_array_append_new(contributions, json_pack("{s:s, s:s%, s:b, s:f}", "kind", "block",
                                                       "result", block, (size_t)(colon - block),
                                                       "applied", colon[1] == '1', "factor", 4.89));
    }
    json_t *ranking =
        json_pack("[{s:s, s:s, s:b, s:f, s:f, s:o}, {s:s, s:s, s:b, s:f, s:f, s:[]}]", "generator",
                  "lumbar_sij", "label", "Sacroiliac joint", "other", other, "prior", 0.23,
                  "posterior", posterior, "contributions", contributions, "generator",
                  "lumbar_facet", "label", "Lumbar facet joint", "other", false, "prior", 0.4,
                  "posterior", 1 - posterior, "contributions");
    return json_pack("{s:s, s:s, s:s, s:[], s:{s:o}}", "id", "65711993-15cc-42b4-806e-bd70fc46cb97",
                     "model_version", "0.3.0", "created_at", "2026-11-30T15:31:32.454170Z",
                     "based_on", "result", "ranking", ranking);
}

static void condition_row(char **f, int n, int line)
{
    if (n < 5)
        return;
    json_t *a = assessment(strtod(f[0], NULL), f[1], strcmp(f[2], "1") == 0);
    struct fhir_export x = {.patient_id = "83580a76-5b18-496e-8fe0-72dbdf55bdb9",
                            .consultation_id = "9f25be5f-efcb-4471-92e1-a4790b1d4bcf",
                            .voided = strcmp(f[3], "1") == 0};
    json_t *c = fhir_condition(a, &x);
    const char *got =
        c ? json_string_value(json_object_get(
                json_array_get(json_object_get(json_object_get(c, "verificationStatus"), "coding"),
                               0),
                "code"))
          : "-";
    CHECK_MSG(got && strcmp(got, f[4]) == 0, "fhir_condition.tsv:%d: %s, want %s", line,
              got ? got : "(none)", f[4]);
    /* con-5: no clinicalStatus when entered in error, and one otherwise */
    if (c)
        CHECK((json_object_get(c, "clinicalStatus") == NULL) ==
              (strcmp(f[4], "entered-in-error") == 0));
    json_decref(c);
    json_decref(a);
}

/* Every "reference" anywhere in v is among the fullUrls in urls. */
static bool references_resolve(json_t *v, json_t *urls)
{
    if (json_is_array(v)) {
        size_t i;
        json_t *e;
        json_array_foreach(v, i, e) if (!references_resolve(e, urls)) return false;
    } else if (json_is_object(v)) {
        const char *k;
        json_t *e;
        json_object_foreach(v, k, e)
        {
            if (strcmp(k, "reference") == 0 && !json_object_get(urls, json_string_value(e)))
                return false;
            if (!references_resolve(e, urls))
                return false;
        }
    }
    return true;
}

static json_t *of_type(json_t *bundle, const char *type, size_t nth)
{
    size_t i, seen = 0;
    json_t *e;
    json_array_foreach(json_object_get(bundle, "entry"), i, e)
    {
        json_t *r = json_object_get(e, "resource");
        if (strcmp(json_string_value(json_object_get(r, "resourceType")), type) == 0 &&
            seen++ == nth)
            return r;
    }
    return NULL;
}

static const char *member(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static void bundle(void)
{
    json_t *a = assessment(0.838247159609282, "concordant:1", false);
    json_object_set_new(a, "based_on",
                        json_pack("[{s:s, s:s, s:i}, {s:s, s:s, s:i}]", "kind", "finding", "id",
                                  "437cba7a-375b-47a3-9e24-33e130b6630f", "version", 1, "kind",
                                  "block", "id", "e640a6bb-04f1-4f35-ac26-d2937e336121", "version",
                                  1));
    json_t *source = json_pack(
        "{s:{s:s, s:s}, s:{s:s, s:s, s:s, s:i, s:i, s:[s]}, "
        "s:[{s:s, s:s, s:s, s:s, s:s, s:i, s:s}, "
        "{s:s, s:s, s:s, s:s, s:s, s:i, s:s, s:i, s:[{s:i, s:i}, {s:i, s:i}], "
        "s:{s:s, s:f, s:i, s:s}}], s:[o]}",
        "patient", "id", "83580a76-5b18-496e-8fe0-72dbdf55bdb9", "external_id", "MRN-1001",
        "consultation", "id", "9f25be5f-efcb-4471-92e1-a4790b1d4bcf", "status", "active",
        "occurred_at", "2026-11-02T09:30:00.000000Z", "version", 1, "pain_nrs", 7, "pain_sites",
        "buttock", "records", "kind", "finding", "id", "437cba7a-375b-47a3-9e24-33e130b6630f",
        "code", "sij_gaenslen", "result", "negative", "status", "entered_in_error", "version", 2,
        "side", "right", "kind", "block", "id", "e640a6bb-04f1-4f35-ac26-d2937e336121", "target",
        "sij_intraarticular", "status", "active", "performed_at", "2026-11-09T10:00:00.000000Z",
        "version", 1, "agent", "lidocaine", "baseline_nrs", 7, "readings", "minutes", 15, "nrs", 2,
        "minutes", 60, "nrs", 1, "interpretation", "outcome", "positive", "peak_relief_pct", 85.7,
        "peak_minutes", 60, "detail", "peak relief 86%", "assessments", a);
    CHECK(source != NULL);
    json_t *b = fhir_bundle_build(source, "2026-11-30T15:31:32Z");
    CHECK(strcmp(member(b, "type"), "collection") == 0);
    /* Patient, Encounter, pain score, finding, Procedure, baseline + 2
     * readings + peak relief, RiskAssessment, Condition */
    CHECK(json_array_size(json_object_get(b, "entry")) == 11);
    json_t *urls = json_object();
    size_t i;
    json_t *e;
    bool full_urls = true;
    json_array_foreach(json_object_get(b, "entry"), i, e)
    {
        char want[64];
        snprintf(want, sizeof want, "urn:uuid:%s", member(json_object_get(e, "resource"), "id"));
        full_urls &= strcmp(member(e, "fullUrl"), want) == 0;
        json_object_set_new(urls, member(e, "fullUrl"), json_true());
    }
    CHECK(full_urls);
    CHECK(json_object_size(urls) == 11); /* each fullUrl once */
    CHECK(references_resolve(b, urls));
    /* probabilityDecimal: a percentage to a tenth, never the fraction */
    json_t *ra = of_type(b, "RiskAssessment", 0);
    json_t *p = json_object_get(ra, "prediction");
    CHECK(json_real_value(json_object_get(json_array_get(p, 0), "probabilityDecimal")) == 83.8);
    CHECK(json_real_value(json_object_get(json_array_get(p, 1), "probabilityDecimal")) == 16.2);
    CHECK(json_array_size(json_object_get(ra, "basis")) == 2);
    /* a record entered in error keeps its resource, marked so */
    json_t *finding = of_type(b, "Observation", 1);
    CHECK(strcmp(member(finding, "status"), "entered-in-error") == 0);
    CHECK(strcmp(member(json_object_get(finding, "meta"), "versionId"), "2") == 0);
    /* readings at the block's time plus their minutes */
    CHECK(strcmp(member(of_type(b, "Observation", 3), "effectiveDateTime"),
                 "2026-11-09T10:15:00.000000Z") == 0);
    json_t *cond = of_type(b, "Condition", 0);
    CHECK(cond != NULL);
    CHECK(strcmp(
              member(json_array_get(
                         json_object_get(json_object_get(cond, "verificationStatus"), "coding"), 0),
                     "code"),
              "confirmed") == 0);
    json_decref(urls);
    json_decref(b);
    json_decref(source);
}

void test_fhir(void)
{
    CHECK(unit_each_row("fhir_accept.tsv", accept_row) >= 30);
    derived_ids();
    CHECK(unit_each_row("fhir_condition.tsv", condition_row) >= 11);
    bundle();
}
