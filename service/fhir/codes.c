/* Codings and CodeableConcepts of the export, built with jansson. */
#include "paingen/fhir/codes.h"

#include <stdlib.h>
#include <string.h>

json_t *fhir_coding(const char *system, const char *code, const char *display)
{
    json_t *c = json_pack("{s:s, s:s}", "system", system, "code", code);
    if (display)
        json_object_set_new(c, "display", json_string(display));
    return c;
}

json_t *fhir_concept(const char *system, const char *code, const char *display, const char *text)
{
    json_t *cc = json_pack("{s:[o]}", "coding", fhir_coding(system, code, display));
    if (text)
        json_object_set_new(cc, "text", json_string(text));
    return cc;
}

json_t *fhir_text_concept(const char *text) { return json_pack("{s:s}", "text", text); }

const char *fhir_vocab_system(enum vocab_kind kind)
{
    switch (kind) {
    case VOCAB_FINDING: return FHIR_CS_FINDING;
    case VOCAB_IMAGING_FINDING: return FHIR_CS_IMAGING_FINDING;
    case VOCAB_MODALITY: return FHIR_CS_MODALITY;
    case VOCAB_BLOCK_TARGET: return FHIR_CS_BLOCK_TARGET;
    case VOCAB_BLOCK_AGENT: return FHIR_CS_BLOCK_AGENT;
    case VOCAB_PAIN_SITE: return FHIR_CS_PAIN_SITE;
    case VOCAB_CARE_TYPE: return FHIR_CS_PAINGEN "care-type";
    case VOCAB_CANDIDACY_FACT: return FHIR_CS_PAINGEN "candidacy-fact";
    case VOCAB_TREATMENT: return FHIR_CS_PAINGEN "treatment";
    case VOCAB_GUIDANCE: return FHIR_CS_PAINGEN "guidance";
    case VOCAB_GENERATOR: return FHIR_CS_GENERATOR;
    case VOCAB_OUTCOME_SCORE: return FHIR_CS_PAINGEN "outcome-score";
    case VOCAB__KINDS: break;
    }
    abort(); /* not a kind */
}

json_t *fhir_vocab_concept(enum vocab_kind kind, const char *code)
{
    if (!code)
        return NULL;
    const struct vocab_entry *e = vocab_find(kind, code);
    /* A stored code the vocabulary no longer has is still what was
     * recorded: sent as it is, its code as its text. */
    const char *label = e ? e->label : code;
    return fhir_concept(fhir_vocab_system(kind), code, e ? e->label : NULL, label);
}

json_t *fhir_positive_negative(const char *result)
{
    if (result && strcmp(result, "positive") == 0)
        return fhir_concept(FHIR_SNOMED, FHIR_SNOMED_POSITIVE, "Positive", "positive");
    if (result && strcmp(result, "negative") == 0)
        return fhir_concept(FHIR_SNOMED, FHIR_SNOMED_NEGATIVE, "Negative", "negative");
    return NULL;
}
