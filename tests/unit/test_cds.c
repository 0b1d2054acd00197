/* The CDS Hooks service without a server: a call's body checked per hook,
 * the wording of numbers (data/cds_percent.tsv), summaries cut under 140
 * characters, Markdown escaped, sides coded, and the work-up card built
 * from a stored assessment. */
#include "unit.h"

#include "paingen/cds/call.h"
#include "paingen/cds/card.h"
#include "paingen/cds/codes.h"
#include "paingen/cds/orders.h"
#include "paingen/cds/workup.h"
#include "paingen/core/parse.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static void percent_row(char **f, int n, int line)
{
    if (n < 2)
        return;
    char out[8];
    cds_percent(strtod(f[0], NULL), out);
    CHECK_MSG(strcmp(out, f[1]) == 0, "cds_percent.tsv:%d: %s gave '%s', want '%s'", line, f[0],
              out, f[1]);
}

static size_t chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xc0) != 0x80;
    return n;
}

static void summaries(void)
{
    char long_text[400];
    memset(long_text, 'a', sizeof long_text - 1);
    long_text[sizeof long_text - 1] = '\0';
    json_t *card = cds_card_new(long_text, "info", NULL, "https://p.test", "0.3.0", "t", "T");
    const char *s = json_string_value(json_object_get(card, "summary"));
    CHECK(chars(s) == CDS_SUMMARY_MAX);
    CHECK(strcmp(s + strlen(s) - 3, "...") == 0);
    json_decref(card);
    /* two-byte characters: cut at a character's boundary, still 139 */
    char wide[401];
    for (int i = 0; i < 200; i++)
        memcpy(wide + 2 * i, "\xc3\xa9", 2); /* é */
    wide[400] = '\0';
    card = cds_card_new(wide, "info", NULL, "https://p.test", "0.3.0", "t", "T");
    s = json_string_value(json_object_get(card, "summary"));
    CHECK(s != NULL && chars(s) == CDS_SUMMARY_MAX);
    json_decref(card);
    /* a summary of exactly 139 characters is kept whole */
    long_text[CDS_SUMMARY_MAX] = '\0';
    card = cds_card_new(long_text, "warning", "d", "https://p.test", "0.3.0", "t", "T");
    CHECK(strcmp(json_string_value(json_object_get(card, "summary")), long_text) == 0);
    char uuid[37];
    CHECK(parse_uuid(cds_card_uuid(card), uuid));
    CHECK(uuid[14] == '4'); /* version 4 */
    CHECK(strcmp(json_string_value(json_object_get(json_object_get(card, "source"), "url")),
                 "https://p.test/v1/model") == 0);
    json_decref(card);
}

static void markdown(void)
{
    struct buf md = {0};
    cds_md_text(&md, "a|b *c* _d_ [e](f) <g> work-up (x)");
    CHECK(strcmp(md.data, "a\\|b \\*c\\* \\_d\\_ \\[e\\](f) \\<g\\> work-up (x)") == 0);
    buf_cleanup(&md);
}

static void sides(void)
{
    CHECK(strcmp(cds_side_of_coding(CDS_CS_SIDE, "left"), "left") == 0);
    CHECK(strcmp(cds_side_of_coding(FHIR_SNOMED, CDS_SNOMED_RIGHT), "right") == 0);
    CHECK(strcmp(cds_side_of_coding(FHIR_SNOMED, CDS_SNOMED_UNI_LEFT), "left") == 0);
    CHECK(strcmp(cds_side_of_coding(FHIR_SNOMED, CDS_SNOMED_BILATERAL), "bilateral") == 0);
    CHECK(cds_side_of_coding(FHIR_SNOMED, FHIR_SNOMED_POSITIVE) == NULL);
    CHECK(cds_side_of_coding(CDS_CS_SIDE, "sideways") == NULL);
    json_t *cc = cds_side_concept("bilateral");
    CHECK(json_array_size(json_object_get(cc, "coding")) == 2);
    json_decref(cc);
    cc = cds_side_concept("midline"); /* no SNOMED CT laterality for it */
    CHECK(json_array_size(json_object_get(cc, "coding")) == 1);
    json_decref(cc);
    CHECK(cds_side_concept(NULL) == NULL);
    CHECK(cds_level_concept("L9-X") == NULL);
    cc = cds_level_concept("L4-L5");
    CHECK(cc != NULL);
    json_decref(cc);
}

static void verdicts(void)
{
    CHECK(strcmp(cds_verdict_indicator("contraindicated"), "critical") == 0);
    CHECK(strcmp(cds_verdict_indicator("refer_for_surgical_evaluation"), "warning") == 0);
    CHECK(strcmp(cds_verdict_indicator("defer"), "warning") == 0);
    CHECK(strcmp(cds_verdict_indicator("conventional_care_first"), "info") == 0);
    CHECK(strcmp(cds_verdict_indicator("needs_work_up"), "info") == 0);
    CHECK(strcmp(cds_verdict_indicator("candidate"), "info") == 0);
    CHECK(strcmp(cds_verdict_words("conventional_care_first"), "conventional care first") == 0);
    CHECK(strcmp(cds_step_label("finding", "knee_ege"), "Ege's test") == 0);
    CHECK(strcmp(cds_step_label("block", "sij_intraarticular"), "SIJ intra-articular block") == 0);
}

/* decode BODY for the hooks mask: the first error's pointer, or "" */
static const char *decoded(const char *body, unsigned hooks, struct cds_call *call, char *ptr)
{
    static const char *const keys[] = {"patient", NULL};
    json_t *b = json_loads(body, 0, NULL);
    struct validation v = {0};
    cds_call_decode(&v, b, hooks, keys, call);
    const char *p = json_string_value(json_object_get(json_array_get(v.errors, 0), "pointer"));
    snprintf(ptr, 64, "%s", p ? p : "");
    validation_cleanup(&v);
    json_decref(b);
    return ptr;
}

static void calls(void)
{
    unsigned workup = 1u << CDS_PATIENT_VIEW | 1u << CDS_ENCOUNTER_START;
    struct cds_call call;
    char ptr[64];
    const char *ok =
        "{\"hook\":\"patient-view\",\"hookInstance\":\"D1577C69-DFBE-44AD-BA6D-"
        "3E05E953B2EA\",\"context\":{\"userId\":\"Practitioner/1\",\"patientId\":\"p1\"}}";
    CHECK(strcmp(decoded(ok, workup, &call, ptr), "") == 0);
    CHECK(strcmp(call.hook_instance, "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea") == 0);
    CHECK(call.hook == CDS_PATIENT_VIEW && call.encounter_id == NULL);
    const char *start = "{\"hook\":\"encounter-start\",\"hookInstance\":\"d1577c69-dfbe-44ad-ba6d-"
                        "3e05e953b2ea\",\"context\":{\"userId\":\"u\",\"patientId\":\"p1\"}}";
    CHECK(strcmp(decoded(start, workup, &call, ptr), "/context/encounterId") == 0);
    CHECK(strcmp(decoded(ok, 1u << CDS_ORDER_SIGN, &call, ptr), "/hook") == 0);
    const char *orders = "{\"hook\":\"order-select\",\"hookInstance\":\"d1577c69-dfbe-44ad-ba6d-"
                         "3e05e953b2ea\",\"context\":{\"userId\":\"u\",\"patientId\":\"p1\","
                         "\"selections\":[\"ServiceRequest/1\"],\"draftOrders\":{\"resourceType\":"
                         "\"Bundle\",\"entry\":[{\"resource\":{}}]}}}";
    CHECK(strcmp(decoded(orders, 1u << CDS_ORDER_SELECT, &call, ptr),
                 "/context/draftOrders/entry/0/resource") == 0);
}

/* A stored knee assessment as store_cds_latest reads it. */
static json_t *latest(bool stale, const char *verdict)
{
    return json_pack(
        "{s:s, s:{s:s, s:s, s:s}, s:{s:s, s:s, s:s, s:b, s:{s:s, s:s, s:["
        "{s:s, s:s, s:f}, {s:s, s:s, s:f}, {s:s, s:s, s:f}, {s:s, s:s, s:f}],"
        " s:{s:s, s:[{s:s, s:s, s:b}]}, s:{s:b, s:s, s:s, s:s, s:s, s:s},"
        " s:[{s:s, s:s, s:s, s:f}, {s:s, s:s, s:s, s:f}]}}}",
        "patient_id", "11111111-1111-4111-8111-111111111111", "consultation", "id",
        "22222222-2222-4222-8222-222222222222", "region", "knee", "side", "left", "assessment",
        "id", "33333333-3333-4333-8333-333333333333", "created_at", "2026-11-30T15:31:32Z",
        "model_version", "0.3.0", "stale", stale, "result", "model_version", "0.3.0", "side",
        "left", "ranking", "generator", "knee_medial_meniscus", "label",
        "Medial meniscus (tear or degeneration)", "posterior", 0.4234, "generator",
        "knee_cartilage_oa", "label", "Cartilage / osteoarthritis (intra-articular)", "posterior",
        0.3397, "generator", "knee_other", "label", "Another source (not modelled)", "posterior",
        0.17, "generator", "knee_lateral_meniscus", "label", "Lateral meniscus (tear)", "posterior",
        0.067, "candidacy", "verdict", verdict, "reasons", "code", "not_probable_enough", "detail",
        "the most likely generator is at 42% (below 60%)", "convention", true, "treatment",
        "proposed", false, "generator", "knee_medial_meniscus", "structure",
        "Medial meniscus (tear or degeneration)", "side", "left", "guidance", "ultrasound",
        "therapy", "Platelet-rich plasma", "next_steps", "kind", "finding", "code", "knee_ege",
        "generator", "knee_medial_meniscus", "p_change", 1.0, "kind", "block", "code",
        "knee_intraarticular", "generator", "knee_medial_meniscus", "p_change", 0.5);
}

static void workup_card(void)
{
    struct cds_call call = {.hook = CDS_PATIENT_VIEW, .patient_id = "ehr-1", .encounter_id = "E1"};
    json_t *doc = latest(false, "needs_work_up");
    CHECK(doc != NULL);
    json_t *card = cds_workup_card(doc, &call, "https://p.test");
    CHECK(card != NULL);
    const char *summary = json_string_value(json_object_get(card, "summary"));
    CHECK(summary && strcmp(summary, "Likely pain source: Medial meniscus (tear or "
                                     "degeneration), 42%; work-up not finished") == 0);
    CHECK(strcmp(json_string_value(json_object_get(card, "indicator")), "info") == 0);
    const char *md = json_string_value(json_object_get(card, "detail"));
    CHECK(md && strstr(md, "| Medial meniscus (tear or degeneration) | 42% |\n"));
    CHECK(md && strstr(md, "| Another source (not modelled) | 17% |\n"));
    CHECK(md && !strstr(md, "Lateral meniscus")); /* the top three only */
    CHECK(md && strstr(md, "**Next best step:** Ege's test"));
    CHECK(md && !strstr(md, "records changed"));
    json_t *s = json_object_get(card, "suggestions");
    CHECK(json_array_size(s) == 2);
    CHECK(json_is_true(json_object_get(json_array_get(s, 0), "isRecommended")));
    CHECK(json_is_false(json_object_get(json_array_get(s, 1), "isRecommended")));
    CHECK(strcmp(json_string_value(json_object_get(card, "selectionBehavior")), "at-most-one") ==
          0);
    json_t *sr = json_object_get(
        json_array_get(json_object_get(json_array_get(s, 1), "actions"), 0), "resource");
    CHECK(strcmp(json_string_value(json_object_get(json_object_get(sr, "subject"), "reference")),
                 "Patient/ehr-1") == 0);
    CHECK(strcmp(json_string_value(json_object_get(json_object_get(sr, "encounter"), "reference")),
                 "Encounter/E1") == 0);
    json_t *coding = json_array_get(json_object_get(json_object_get(sr, "code"), "coding"), 0);
    CHECK(strcmp(json_string_value(json_object_get(coding, "system")), FHIR_CS_BLOCK_TARGET) == 0);
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(card, "overrideReasons"), i, r)
        CHECK(json_string_length(json_object_get(r, "display")) > 0);
    /* the clinic app's page of the assessment, an absolute link */
    json_t *link = json_array_get(json_object_get(card, "links"), 0);
    CHECK(json_array_size(json_object_get(card, "links")) == 1);
    CHECK(strcmp(json_string_value(json_object_get(link, "url")),
                 "https://p.test/#/assessments/33333333-3333-4333-8333-333333333333") == 0);
    CHECK(strcmp(json_string_value(json_object_get(link, "type")), "absolute") == 0);
    json_decref(card);
    json_decref(doc);
    /* stale: said in the summary and the detail; contraindicated: critical */
    doc = latest(true, "contraindicated");
    card = cds_workup_card(doc, &call, "https://p.test");
    summary = json_string_value(json_object_get(card, "summary"));
    CHECK(summary && strstr(summary, "; contraindicated (records changed since)"));
    CHECK(strcmp(json_string_value(json_object_get(card, "indicator")), "critical") == 0);
    md = json_string_value(json_object_get(card, "detail"));
    CHECK(md && strstr(md, "records changed after this assessment"));
    json_decref(card);
    json_decref(doc);
    /* nothing to say without an assessment */
    doc = json_pack("{s:s, s:n, s:n}", "patient_id", "x", "consultation", "assessment");
    CHECK(cds_workup_card(doc, &call, "https://p.test") == NULL);
    json_decref(doc);
}

/* An order-sign call over these draft orders (a JSON array text). */
static json_t *order_call(const char *orders, struct cds_call *call)
{
    json_t *bundle = json_pack("{s:s, s:[]}", "resourceType", "Bundle", "entry");
    json_t *list = json_loads(orders, 0, NULL);
    size_t i;
    json_t *r;
    json_array_foreach(list, i, r)
    {
        json_array_append_new(json_object_get(bundle, "entry"), json_pack("{s:O}", "resource", r));
    }
    json_decref(list);
    *call = (struct cds_call){.hook = CDS_ORDER_SIGN, .patient_id = "p", .draft_orders = bundle};
    return bundle;
}

static void orders(void)
{
    struct cds_call call;
    struct cds_order o[4];
    struct validation v = {0};
    json_t *b = order_call(
        "[{\"resourceType\":\"MedicationRequest\",\"id\":\"m\"},"
        "{\"resourceType\":\"ServiceRequest\",\"id\":\"a\",\"code\":{\"coding\":[{\"system\":"
        "\"urn:paingen:codesystem:injection\",\"code\":\"prp\"}]},\"bodySite\":[{\"coding\":[{"
        "\"system\":\"urn:paingen:codesystem:generator\",\"code\":\"lumbar_facet\"},{\"system\":"
        "\"http://snomed.info/sct\",\"code\":\"24028007\"}]},{\"coding\":[{\"system\":"
        "\"urn:paingen:codesystem:spinal-level\",\"code\":\"L4-L5\"}]}]},"
        "{\"resourceType\":\"Procedure\",\"id\":\"b\",\"code\":{\"coding\":[{\"system\":\"x\","
        "\"code\":\"y\"},{\"system\":\"urn:paingen:codesystem:block-target\",\"code\":"
        "\"knee_intraarticular\"}]}},"
        "{\"resourceType\":\"ServiceRequest\",\"code\":{\"coding\":[{\"system\":\"http://"
        "loinc.org\","
        "\"code\":\"1-1\"}]}}]",
        &call);
    size_t n = cds_orders_read(&v, &call, o, 4);
    CHECK(validation_ok(&v));
    CHECK(n == 2);
    CHECK(o[0].therapy && o[0].entry == 1 && strcmp(o[0].ref, "ServiceRequest/a") == 0);
    CHECK(o[0].n_sources == 1 && strcmp(o[0].sources[0], "lumbar_facet") == 0);
    CHECK(o[0].side && strcmp(o[0].side, "right") == 0);
    CHECK(o[0].level && strcmp(o[0].level, "L4-L5") == 0);
    CHECK(o[0].region == REGION_LUMBAR);
    CHECK(!o[1].therapy && strcmp(o[1].ref, "Procedure/b") == 0);
    CHECK(o[1].n_sources == 3); /* the intra-articular block tests three knee sources */
    CHECK(o[1].region == REGION_KNEE);
    /* against a lumbar assessment: SIJ right, a candidate */
    json_t *latest =
        json_pack("{s:s, s:{s:s}, s:{s:s, s:s, s:s, s:b, s:{s:[{s:s, s:s, s:f}], s:{s:s, s:[]}, "
                  "s:{s:s, s:s, s:n}, s:[]}}}",
                  "patient_id", "x", "consultation", "region", "lumbar", "assessment", "id", "a1",
                  "created_at", "2026-11-30T00:00:00Z", "model_version", "0.3.0", "stale", false,
                  "result", "ranking", "generator", "lumbar_sij", "label", "Sacroiliac joint",
                  "posterior", 0.84, "candidacy", "verdict", "candidate", "reasons", "treatment",
                  "generator", "lumbar_sij", "side", "right", "level", "next_steps");
    json_t *card = cds_order_card(&o[0], latest, "https://p.test");
    CHECK(card && strcmp(json_string_value(json_object_get(card, "indicator")), "warning") == 0);
    CHECK(card && strcmp(json_string_value(json_object_get(card, "summary")),
                         "PRP injection aims elsewhere: likely source Sacroiliac joint, right "
                         "(84%)") == 0);
    json_decref(card);
    o[0].sources[0] = "lumbar_sij"; /* at the source, the right side: nothing to say */
    CHECK(cds_order_card(&o[0], latest, "https://p.test") == NULL);
    o[0].side = "left";
    card = cds_order_card(&o[0], latest, "https://p.test");
    CHECK(card && strstr(json_string_value(json_object_get(card, "detail")), "on the left side"));
    json_decref(card);
    json_object_set_new(
        json_object_get(json_object_get(json_object_get(latest, "assessment"), "result"),
                        "candidacy"),
        "verdict", json_string("contraindicated"));
    card = cds_order_card(&o[0], latest, "https://p.test");
    CHECK(card && strcmp(json_string_value(json_object_get(card, "indicator")), "critical") == 0);
    json_decref(card);
    json_decref(latest);
    json_decref(b);
    /* unknown codes, two sides: each named */
    b = order_call(
        "[{\"resourceType\":\"ServiceRequest\",\"id\":\"a\",\"code\":{\"coding\":[{"
        "\"system\":\"urn:paingen:codesystem:injection\",\"code\":\"botox\"}]},"
        "\"bodySite\":[{\"coding\":[{\"system\":\"urn:paingen:codesystem:side\",\"code\":"
        "\"left\"},{\"system\":\"http://snomed.info/sct\",\"code\":\"24028007\"}]}]}]",
        &call);
    cds_orders_read(&v, &call, o, 4);
    CHECK(v.count == 2);
    CHECK(strcmp(json_string_value(json_object_get(json_array_get(v.errors, 1), "pointer")),
                 "/context/draftOrders/entry/0/resource/bodySite/0/coding/1/code") == 0);
    validation_cleanup(&v);
    json_decref(b);
}

void test_cds(void)
{
    CHECK(unit_each_row("cds_percent.tsv", percent_row) > 0);
    summaries();
    markdown();
    sides();
    verdicts();
    calls();
    workup_card();
    orders();
}
