/* The FHIR R4 resources of an export, one function each. The comments say
 * which element carries what and why; the codes are in fhir/codes.h.
 * What the stored record has no element for goes into a note, never
 * into an element that means something else. */
#include "paingen/fhir/resources.h"

#include "paingen/api/edge.h"
#include "paingen/fhir/bundle.h"
#include "paingen/fhir/codes.h"
#include "paingen/scoring/blocks.h"
#include "paingen/scoring/candidacy.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* ---- small helpers over jansson ---- */

static const char *str(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static bool is(json_t *o, const char *key, const char *value)
{
    const char *s = str(o, key);
    return s && strcmp(s, value) == 0;
}

/* Sets key to v (taken) unless v is NULL. */
static void set(json_t *o, const char *key, json_t *v)
{
    if (v)
        json_object_set_new(o, key, v);
}

static void set_string(json_t *o, const char *key, const char *v)
{
    if (v)
        set(o, key, json_string(v));
}

/* Appends v (taken) to the array member key, made on first use. */
static void push(json_t *o, const char *key, json_t *v)
{
    if (!v)
        return;
    json_t *a = json_object_get(o, key);
    if (!a) {
        a = json_array();
        json_object_set_new(o, key, a);
    }
    json_array_append_new(a, v);
}

static json_t *resource(const char *type, const char *id)
{
    return json_pack("{s:s, s:s}", "resourceType", type, "id", id);
}

/* meta.versionId: the stored version of the record (or consultation)
 * the resource was made from, so that a receiver can tell a correction
 * from a repeat; meta.lastUpdated: when that version was written. */
static void set_meta(json_t *r, json_t *stored)
{
    json_t *version = json_object_get(stored, "version");
    if (!json_is_integer(version))
        return;
    char v[24];
    snprintf(v, sizeof v, "%lld", (long long)json_integer_value(version));
    json_t *meta = json_pack("{s:s}", "versionId", v);
    set_string(meta, "lastUpdated", str(stored, "updated_at"));
    set(r, "meta", meta);
}

/* A note (Annotation) of text. */
static void note(json_t *r, const char *text)
{
    if (text && *text)
        push(r, "note", json_pack("{s:s}", "text", text));
}

/* The stored status as FHIR's: a record "entered_in_error" keeps its
 * resource, with the status every one of these resources has for it
 * (an EHR that took it earlier learns it was a mistake); otherwise the
 * status of a completed record of that kind. */
static const char *status_of(json_t *stored, const char *done)
{
    return is(stored, "status", "entered_in_error") ? "entered-in-error" : done;
}

/* subject and encounter: every clinical resource is about the patient,
 * recorded at the consultation. */
static void set_context(json_t *r, const struct fhir_export *x)
{
    set(r, "subject", fhir_ref("Patient", x->patient_id));
    set(r, "encounter", fhir_ref("Encounter", x->consultation_id));
}

json_t *fhir_ref(const char *type, const char *id)
{
    char ref[FHIR_REF_MAX + 1];
    snprintf(ref, sizeof ref, "urn:uuid:%s", id);
    return json_pack("{s:s, s:s}", "reference", ref, "type", type);
}

/* "right", "left L4-L5": where on the body, as text. FHIR R4 has no
 * element for laterality alone and no SNOMED CT body structure was
 * verified for these sites, so bodySite carries text only. */
static json_t *body_site(json_t *stored)
{
    const char *side = str(stored, "side"), *level = str(stored, "level");
    if (!side && !level)
        return NULL;
    char text[64];
    snprintf(text, sizeof text, "%s%s%s", side ? side : "", side && level ? " " : "",
             level ? level : "");
    return fhir_text_concept(text);
}

/* at (RFC 3339, UTC) plus minutes, in the same form; false when at does
 * not parse. */
static bool plus_minutes(const char *at, json_int_t minutes, char out[40])
{
    char utc[32];
    time_t t;
    if (!at || !edge_utc_timestamp(at, utc, &t))
        return false;
    t += (time_t)minutes * 60;
    struct tm tm;
    gmtime_r(&t, &tm);
    /* the fraction and zone of the original ("...:00.000000Z"): minutes
     * move whole seconds only */
    size_t n = strftime(out, 40, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(out + n, 40 - n, "%s", utc + 19);
    return true;
}

/* ---- Patient ---- */

json_t *fhir_patient(json_t *patient)
{
    json_t *r = resource("Patient", str(patient, "id"));
    /* identifier: the clinic's own id for the patient (external_id), as
     * it was stored. No system: paingen does not know which of the
     * EHR's identifier systems it came from, and a value without its
     * system is what it has. Name, birth date and sex are not exported:
     * the receiving EHR holds the patient; this only names them. */
    push(r, "identifier", json_pack("{s:s}", "value", str(patient, "external_id")));
    return r;
}

/* ---- Encounter ---- */

json_t *fhir_encounter(json_t *c, const struct fhir_export *x)
{
    json_t *r = resource("Encounter", str(c, "id"));
    set_meta(r, c);
    /* a recorded consultation has happened: finished */
    set_string(r, "status", status_of(c, "finished"));
    /* class: an outpatient consultation, v3 ActCode AMB */
    set(r, "class", fhir_coding(FHIR_CS_ACT_CODE, "AMB", "ambulatory"));
    set(r, "subject", fhir_ref("Patient", x->patient_id));
    set(r, "period", json_pack("{s:s}", "start", str(c, "occurred_at")));
    /* reasonCode: where the pain is felt (the body-map areas of
     * pain_sites). The areas checked and painless (pain_sites_absent),
     * the symptom duration, prior care and candidacy facts have no
     * element here; an assessment's inputs keep them as they were read. */
    size_t i;
    json_t *site;
    json_array_foreach(json_object_get(c, "pain_sites"), i, site)
        push(r, "reasonCode", fhir_vocab_concept(VOCAB_PAIN_SITE, json_string_value(site)));
    return r;
}

/* ---- Observations: the pain score, findings ---- */

/* An Observation of the 0-10 NRS (LOINC 72514-3) as valueInteger. */
static json_t *nrs_observation(const char *id, const char *status, const char *category,
                               json_int_t nrs, const char *at, const struct fhir_export *x)
{
    json_t *r = resource("Observation", id);
    set_string(r, "status", status);
    push(r, "category",
         fhir_concept(FHIR_CS_OBSERVATION_CATEGORY, category,
                      strcmp(category, "survey") == 0 ? "Survey" : "Procedure", NULL));
    set(r, "code",
        fhir_concept(FHIR_LOINC, FHIR_LOINC_PAIN_NRS, FHIR_LOINC_PAIN_NRS_DISPLAY,
                     "Pain NRS (0-10)"));
    set_context(r, x);
    set_string(r, "effectiveDateTime", at);
    set(r, "valueInteger", json_integer(nrs));
    return r;
}

json_t *fhir_pain_nrs(json_t *c, const struct fhir_export *x)
{
    json_t *nrs = json_object_get(c, "pain_nrs");
    if (!json_is_integer(nrs))
        return NULL;
    char id[37];
    fhir_derived_id(str(c, "id"), "pain-nrs", id);
    /* category survey: a patient-reported score on a rating scale, taken
     * at the consultation; it follows the consultation's status */
    return nrs_observation(id, status_of(c, "final"), "survey", json_integer_value(nrs),
                           str(c, "occurred_at"), x);
}

json_t *fhir_finding(json_t *f, const struct fhir_export *x)
{
    json_t *r = resource("Observation", str(f, "id"));
    set_meta(r, f);
    set_string(r, "status", status_of(f, "final"));
    /* category exam: a test at the examination or an item of history
     * taken by the clinician */
    push(r, "category", fhir_concept(FHIR_CS_OBSERVATION_CATEGORY, "exam", "Exam", NULL));
    /* code: the test, a paingen vocabulary code (no SNOMED CT or LOINC
     * code was verified for these tests) */
    set(r, "code", fhir_vocab_concept(VOCAB_FINDING, str(f, "code")));
    set_context(r, x);
    /* effective: the consultation's time (a finding is made there);
     * issued: when this version of the record was written */
    set_string(r, "effectiveDateTime", x->occurred_at);
    set_string(r, "issued", str(f, "updated_at"));
    /* value: the result, SNOMED CT Positive / Negative */
    set(r, "valueCodeableConcept", fhir_positive_negative(str(f, "result")));
    set(r, "bodySite", body_site(f));
    /* a measured value that comes with the result (degrees, a distance):
     * a component, its unit unrecorded */
    json_t *value = json_object_get(f, "value");
    if (json_is_number(value))
        push(
            r, "component",
            json_pack("{s:o, s:{s:f}}", "code",
                      fhir_concept(FHIR_CS_EXPORT, FHIR_CODE_FINDING_VALUE, "Measured value", NULL),
                      "valueQuantity", "value", json_number_value(value)));
    note(r, str(f, "notes"));
    return r;
}

/* ---- DiagnosticReport: imaging ---- */

/* "Lumbar disc degeneration, L4-L5, bilateral, Pfirrmann 3, 7 mm". */
static json_t *imaging_finding(json_t *e)
{
    const char *code = str(e, "code");
    if (!code)
        return NULL;
    json_t *cc = fhir_vocab_concept(VOCAB_IMAGING_FINDING, code);
    const struct vocab_entry *v = vocab_find(VOCAB_IMAGING_FINDING, code);
    char text[512];
    int n = snprintf(text, sizeof text, "%s", v ? v->label : code);
    const char *parts[] = {str(e, "level"), str(e, "side")};
    for (size_t i = 0; i < 2; i++)
        if (parts[i] && n < (int)sizeof text)
            n += snprintf(text + n, sizeof text - n, ", %s", parts[i]);
    if (str(e, "grade") && n < (int)sizeof text)
        n += snprintf(text + n, sizeof text - n, ", %s %s",
                      v && v->grade_scale ? v->grade_scale : "grade", str(e, "grade"));
    json_t *size = json_object_get(e, "size_mm");
    if (json_is_number(size) && n < (int)sizeof text)
        n += snprintf(text + n, sizeof text - n, ", %g mm", json_number_value(size));
    if (str(e, "notes") && n < (int)sizeof text)
        snprintf(text + n, sizeof text - n, " (%s)", str(e, "notes"));
    json_object_set_new(cc, "text", json_string(text));
    return cc;
}

json_t *fhir_imaging(json_t *im, const struct fhir_export *x)
{
    json_t *r = resource("DiagnosticReport", str(im, "id"));
    set_meta(r, im);
    set_string(r, "status", status_of(im, "final"));
    /* category: radiology (HL7 v2 table 0074, RAD) */
    push(r, "category", fhir_concept(FHIR_CS_DIAGNOSTIC_SERVICE, "RAD", "Radiology", NULL));
    /* code: what kind of study, the modality */
    set(r, "code", fhir_vocab_concept(VOCAB_MODALITY, str(im, "modality")));
    set_context(r, x);
    /* effective: the day of the study (a date is a FHIR dateTime) */
    set_string(r, "effectiveDateTime", str(im, "performed_on"));
    set_string(r, "issued", str(im, "updated_at"));
    /* conclusion: the report's text; conclusionCode: each coded finding,
     * its level, side and grade in the text */
    set_string(r, "conclusion", str(im, "report"));
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(im, "findings"), i, e)
        push(r, "conclusionCode", imaging_finding(e));
    return r;
}

/* ---- Procedure: a diagnostic block, and its relief ---- */

/* outcome: the model's reading of the block (block.interpretation):
 * positive or negative against its target's threshold (SNOMED CT), else
 * text; a comparative pair's reading follows in the text. */
static json_t *block_outcome(json_t *b)
{
    json_t *in = json_object_get(b, "interpretation");
    const char *detail = str(in, "detail");
    json_t *pair = json_object_get(in, "pair");
    char text[512];
    snprintf(text, sizeof text, "%s%s%s", detail ? detail : "",
             str(pair, "outcome") ? "; comparative pair: " : "",
             str(pair, "outcome") ? str(pair, "outcome") : "");
    if (!*text)
        return NULL;
    json_t *cc = fhir_positive_negative(str(in, "outcome"));
    if (!cc)
        return fhir_text_concept(text);
    json_object_set_new(cc, "text", json_string(text));
    return cc;
}

json_t *fhir_block(json_t *b, const struct fhir_export *x)
{
    json_t *r = resource("Procedure", str(b, "id"));
    set_meta(r, b);
    set_string(r, "status", status_of(b, "completed"));
    /* code: the block's target (paingen vocabulary; CPT codes are
     * licensed, no SNOMED CT procedure was verified) */
    set(r, "code", fhir_vocab_concept(VOCAB_BLOCK_TARGET, str(b, "target")));
    set_context(r, x);
    set_string(r, "performedDateTime", str(b, "performed_at"));
    push(r, "bodySite", body_site(b));
    /* reasonReference: the block a comparative block was done to confirm
     * (comparative_of), when it is in the Bundle */
    const char *first = str(b, "comparative_of");
    if (first && json_object_get(x->exported, first))
        push(r, "reasonReference", fhir_ref("Procedure", first));
    set(r, "outcome", block_outcome(b));
    /* usedCode: the injectate */
    push(r, "usedCode", fhir_vocab_concept(VOCAB_BLOCK_AGENT, str(b, "agent")));
    json_t *volume = json_object_get(b, "volume_ml");
    if (json_is_number(volume)) {
        char text[64];
        snprintf(text, sizeof text, "volume injected: %g ml", json_number_value(volume));
        note(r, text);
    }
    /* provocation discography: its control level */
    if (str(b, "control_level")) {
        char text[96];
        snprintf(text, sizeof text, "control level %s: %s", str(b, "control_level"),
                 json_is_true(json_object_get(b, "control_painful")) ? "painful" : "painless");
        note(r, text);
    }
    note(r, str(b, "notes"));
    return r;
}

/* The peak relief the model read (interpretation.peak_relief_pct), a
 * percentage (UCUM %), derived from the readings, POS or NEG when the
 * block read positive or negative. */
static json_t *peak_relief(json_t *b, json_t *derived_from, const struct fhir_export *x)
{
    json_t *in = json_object_get(b, "interpretation");
    json_t *pct = json_object_get(in, "peak_relief_pct");
    if (!json_is_number(pct))
        return NULL;
    char id[37];
    fhir_derived_id(str(b, "id"), "peak-relief", id);
    json_t *r = resource("Observation", id);
    set_string(r, "status", status_of(b, "final"));
    push(r, "category", fhir_concept(FHIR_CS_OBSERVATION_CATEGORY, "procedure", "Procedure", NULL));
    set(r, "code",
        fhir_concept(FHIR_CS_EXPORT, FHIR_CODE_PEAK_RELIEF,
                     "Peak pain relief after a diagnostic block", NULL));
    set_context(r, x);
    char at[40];
    json_t *peak = json_object_get(in, "peak_minutes");
    if (json_is_integer(peak) && json_integer_value(peak) >= 0 &&
        plus_minutes(str(b, "performed_at"), json_integer_value(peak), at))
        set_string(r, "effectiveDateTime", at);
    set(r, "valueQuantity",
        json_pack("{s:f, s:s, s:s, s:s}", "value", json_number_value(pct), "unit", "%", "system",
                  FHIR_UCUM, "code", "%"));
    if (is(in, "outcome", "positive"))
        push(r, "interpretation", fhir_concept(FHIR_CS_INTERPRETATION, "POS", "Positive", NULL));
    else if (is(in, "outcome", "negative"))
        push(r, "interpretation", fhir_concept(FHIR_CS_INTERPRETATION, "NEG", "Negative", NULL));
    set(r, "derivedFrom", json_array_size(derived_from) ? json_incref(derived_from) : NULL);
    push(r, "partOf", fhir_ref("Procedure", str(b, "id")));
    json_t *threshold = json_object_get(in, "threshold_pct");
    if (json_is_number(threshold)) {
        char text[64];
        snprintf(text, sizeof text, "threshold %g%%", json_number_value(threshold));
        note(r, text);
    }
    note(r, str(in, "detail"));
    return r;
}

json_t *fhir_block_relief(json_t *b, const struct fhir_export *x)
{
    json_t *out = json_array(), *sources = json_array();
    const char *id = str(b, "id"), *at = str(b, "performed_at");
    const char *status = status_of(b, "final");
    /* category procedure: scores taken around an interventional
     * procedure; partOf: the block they measure (R4 allows a Procedure) */
    json_t *base = json_object_get(b, "baseline_nrs");
    if (json_is_integer(base) && at) {
        char oid[37];
        fhir_derived_id(id, "nrs-baseline", oid);
        json_t *o = nrs_observation(oid, status, "procedure", json_integer_value(base), at, x);
        push(o, "partOf", fhir_ref("Procedure", id));
        note(o, "baseline, before the block");
        json_array_append_new(sources, fhir_ref("Observation", oid));
        json_array_append_new(out, o);
    }
    size_t i;
    json_t *reading;
    json_array_foreach(json_object_get(b, "readings"), i, reading)
    {
        json_int_t minutes = json_integer_value(json_object_get(reading, "minutes"));
        char when[40], name[48], oid[37], text[64];
        if (!plus_minutes(at, minutes, when))
            continue;
        snprintf(name, sizeof name, "nrs-%lld", (long long)minutes);
        fhir_derived_id(id, name, oid);
        json_t *o = nrs_observation(oid, status, "procedure",
                                    json_integer_value(json_object_get(reading, "nrs")), when, x);
        push(o, "partOf", fhir_ref("Procedure", id));
        snprintf(text, sizeof text, "%lld minutes after the block", (long long)minutes);
        note(o, text);
        json_array_append_new(sources, fhir_ref("Observation", oid));
        json_array_append_new(out, o);
    }
    json_t *peak = peak_relief(b, sources, x);
    if (peak)
        json_array_append_new(out, peak);
    json_decref(sources);
    return out;
}

/* ---- RiskAssessment ---- */

/* FHIR R4's probabilityDecimal is a percentage (at most 100, ras-2), not
 * the 0..1 of the native API: the posterior times 100, to a tenth. */
static double percent(double posterior) { return round(posterior * 1000.0) / 10.0; }

/* rationale: the prior and each factor the model applied to this source,
 * as GET /v1/assessments/{id} lists them with their sources. */
static json_t *rationale(json_t *source)
{
    char text[2048];
    int n = snprintf(text, sizeof text, "prior %g (%s)",
                     json_number_value(json_object_get(source, "prior")),
                     str(source, "prior_basis") ? str(source, "prior_basis") : "no basis given");
    int applied = 0;
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(source, "contributions"), i, c)
    {
        if (!json_is_true(json_object_get(c, "applied")) || n >= (int)sizeof text)
            continue;
        n += snprintf(text + n, sizeof text - n, "%s %s %s x%.3g",
                      applied++ ? ";" : "; weighed:", str(c, "code") ? str(c, "code") : "?",
                      str(c, "result") ? str(c, "result") : "?",
                      json_number_value(json_object_get(c, "factor")));
    }
    if (!applied && n < (int)sizeof text)
        snprintf(text + n, sizeof text - n, "; no evidence weighed");
    return json_string(text);
}

static json_t *prediction(json_t *source)
{
    const char *label = str(source, "label");
    json_t *p = json_object();
    /* outcome: the source, a paingen generator code */
    set(p, "outcome", fhir_concept(FHIR_CS_GENERATOR, str(source, "generator"), label, label));
    set(p, "probabilityDecimal",
        json_real(percent(json_number_value(json_object_get(source, "posterior")))));
    set(p, "rationale", rationale(source));
    return p;
}

/* The FHIR resource type of a record kind of based_on. */
static const char *kind_type(const char *kind)
{
    if (kind && strcmp(kind, "finding") == 0)
        return "Observation";
    if (kind && strcmp(kind, "imaging") == 0)
        return "DiagnosticReport";
    return "Procedure";
}

/* note: the candidacy verdict and each of its reasons. */
static void candidacy_note(json_t *r, json_t *candidacy)
{
    const char *verdict = str(candidacy, "verdict");
    if (!verdict)
        return;
    char text[2048];
    int n = snprintf(text, sizeof text, "candidacy: %s", verdict);
    size_t i;
    json_t *reason;
    json_array_foreach(json_object_get(candidacy, "reasons"), i, reason) if (n < (int)sizeof text)
        n += snprintf(text + n, sizeof text - n, "; %s: %s",
                      str(reason, "code") ? str(reason, "code") : "?",
                      str(reason, "detail") ? str(reason, "detail") : "");
    note(r, text);
}

json_t *fhir_risk_assessment(json_t *a, const struct fhir_export *x)
{
    json_t *result = json_object_get(a, "result");
    json_t *r = resource("RiskAssessment", str(a, "id"));
    /* an assessment never changes: final; entered in error with its
     * consultation */
    set_string(r, "status", x->voided ? "entered-in-error" : "final");
    /* method: the scoring model and its version, so that the numbers can
     * be reproduced (GET /v1/model of that version) */
    json_t *method =
        fhir_concept(FHIR_CS_MODEL, FHIR_CODE_MODEL, "paingen pain-generator model", NULL);
    json_object_set_new(json_array_get(json_object_get(method, "coding"), 0), "version",
                        json_string(str(a, "model_version")));
    char text[96];
    snprintf(text, sizeof text, "paingen model %s", str(a, "model_version"));
    json_object_set_new(method, "text", json_string(text));
    set(r, "method", method);
    set(r, "code",
        fhir_concept(FHIR_CS_EXPORT, FHIR_CODE_DIFFERENTIAL,
                     "Differential of chronic pain generators", NULL));
    set_context(r, x);
    set_string(r, "occurrenceDateTime", str(a, "created_at"));
    /* basis: the records the assessment read (based_on), each in the
     * Bundle (a record not in it is not referred to) */
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(a, "based_on"), i,
                       e) if (str(e, "id") && json_object_get(x->exported, str(e, "id")))
        push(r, "basis", fhir_ref(kind_type(str(e, "kind")), str(e, "id")));
    /* prediction: one per source, in rank order */
    json_array_foreach(json_object_get(result, "ranking"), i, e)
        push(r, "prediction", prediction(e));
    candidacy_note(r, json_object_get(result, "candidacy"));
    return r;
}

/* ---- Condition ---- */

/* Whether the model applied a confirming comparative pair to source:
 * concordant, or confirmed against saline (scoring/blocks.h names). */
static bool confirmed_by_pair(json_t *source)
{
    size_t i;
    json_t *c;
    json_array_foreach(
        json_object_get(source, "contributions"), i,
        c) if (is(c, "kind", "block") && json_is_true(json_object_get(c, "applied")) &&
               (is(c, "result", block_pair_name(PAIR_CONCORDANT)) ||
                is(c, "result", block_pair_name(PAIR_PLACEBO_CONFIRMED)))) return true;
    return false;
}

/* verificationStatus (HL7 condition-ver-status), with its display. */
struct verification {
    const char *code, *display;
};
static const struct verification differential = {"differential", "Differential"},
                                 provisional = {"provisional", "Provisional"},
                                 confirmed = {"confirmed", "Confirmed"},
                                 in_error = {"entered-in-error", "Entered in Error"};

/* differential while the source is one of several below the candidacy
 * threshold (CANDIDACY_MIN_TOP_POSTERIOR, a stated convention);
 * provisional at or above it; confirmed only when a comparative block
 * pair confirmed it too. */
static const struct verification *verification(json_t *top, bool entered_in_error)
{
    if (entered_in_error)
        return &in_error;
    if (json_number_value(json_object_get(top, "posterior")) < CANDIDACY_MIN_TOP_POSTERIOR)
        return &differential;
    return confirmed_by_pair(top) ? &confirmed : &provisional;
}

json_t *fhir_condition(json_t *a, const struct fhir_export *x)
{
    json_t *result = json_object_get(a, "result");
    json_t *top = json_array_get(json_object_get(result, "ranking"), 0);
    if (!top || json_is_true(json_object_get(top, "other")))
        return NULL;
    char id[37];
    fhir_derived_id(str(a, "id"), "condition", id);
    json_t *r = resource("Condition", id);
    const struct verification *ver = verification(top, x->voided);
    /* clinicalStatus active; absent when entered in error (con-5) */
    if (ver != &in_error)
        set(r, "clinicalStatus",
            fhir_concept(FHIR_CS_CONDITION_CLINICAL, "active", "Active", NULL));
    set(r, "verificationStatus",
        fhir_concept(FHIR_CS_CONDITION_VER_STATUS, ver->code, ver->display, NULL));
    push(r, "category",
         fhir_concept(FHIR_CS_CONDITION_CATEGORY, "encounter-diagnosis", "Encounter Diagnosis",
                      NULL));
    /* code: the source as the generator of the pain (a paingen code: no
     * SNOMED CT or ICD-10 code was verified to mean the same) */
    char text[160];
    snprintf(text, sizeof text, "%s (pain generator)", str(top, "label") ? str(top, "label") : "?");
    set(r, "code", fhir_concept(FHIR_CS_GENERATOR, str(top, "generator"), str(top, "label"), text));
    /* bodySite: the side (and level) the model proposed to treat, when
     * its target is this source */
    json_t *treatment = json_object_get(result, "treatment");
    if (is(treatment, "generator", str(top, "generator")))
        push(r, "bodySite", body_site(treatment));
    set_context(r, x);
    set_string(r, "recordedDate", str(a, "created_at"));
    /* evidence: the assessment that ranked it (its basis lists the
     * records) */
    push(r, "evidence", json_pack("{s:[o]}", "detail", fhir_ref("RiskAssessment", str(a, "id"))));
    char why[160];
    snprintf(why, sizeof why, "most likely source at %.1f%% (paingen model %s)",
             percent(json_number_value(json_object_get(top, "posterior"))),
             str(a, "model_version") ? str(a, "model_version") : "?");
    note(r, why);
    return r;
}
