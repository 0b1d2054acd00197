/* The CDS service's codings: sides (paingen's and SNOMED CT's), levels,
 * override reasons. */
#include "paingen/cds/codes.h"

#include "paingen/scoring/vocabulary.h"

#include <string.h>

static const struct {
    const char *system, *code, *side;
} sides[] = {
    {CDS_CS_SIDE, "left", "left"},
    {CDS_CS_SIDE, "right", "right"},
    {CDS_CS_SIDE, "bilateral", "bilateral"},
    {CDS_CS_SIDE, "midline", "midline"},
    {FHIR_SNOMED, CDS_SNOMED_LEFT, "left"},
    {FHIR_SNOMED, CDS_SNOMED_RIGHT, "right"},
    {FHIR_SNOMED, CDS_SNOMED_BILATERAL, "bilateral"},
    {FHIR_SNOMED, CDS_SNOMED_UNI_LEFT, "left"},
    {FHIR_SNOMED, CDS_SNOMED_UNI_RIGHT, "right"},
};

const char *cds_side_of_coding(const char *system, const char *code)
{
    for (size_t i = 0; system && code && i < sizeof sides / sizeof sides[0]; i++)
        if (strcmp(sides[i].system, system) == 0 && strcmp(sides[i].code, code) == 0)
            return sides[i].side;
    return NULL;
}

json_t *cds_side_concept(const char *side)
{
    static const struct {
        const char *side, *display, *snomed, *snomed_display;
    } written[] = {
        {"left", "Left", CDS_SNOMED_LEFT, "Left"},
        {"right", "Right", CDS_SNOMED_RIGHT, "Right"},
        {"bilateral", "Bilateral", CDS_SNOMED_BILATERAL, "Right and left"},
        {"midline", "Midline", NULL, NULL},
    };
    for (size_t i = 0; side && i < sizeof written / sizeof written[0]; i++) {
        if (strcmp(written[i].side, side) != 0)
            continue;
        json_t *cc = fhir_concept(CDS_CS_SIDE, written[i].side, written[i].display, side);
        if (written[i].snomed)
            json_array_append_new(
                json_object_get(cc, "coding"),
                fhir_coding(FHIR_SNOMED, written[i].snomed, written[i].snomed_display));
        return cc;
    }
    return NULL;
}

json_t *cds_level_concept(const char *level)
{
    if (!level || !vocab_level_valid(level))
        return NULL;
    return fhir_concept(CDS_CS_LEVEL, level, level, level);
}

const struct cds_reason cds_workup_reasons[] = {
    {"already-addressed", "Already addressed in the care plan"},
    {"clinical-judgement", "Clinical judgement differs from the assessment"},
    {"records-incomplete", "paingen's records are incomplete or out of date"},
    {"patient-preference", "Patient's informed preference"},
    {NULL, NULL},
};

const struct cds_reason cds_order_reasons[] = {
    {"clinical-judgement", "Clinical judgement: the examination supports this target"},
    {"diagnostic-intent", "Ordered to test another source"},
    {"records-incomplete", "paingen's records are incomplete or out of date"},
    {"contraindication-resolved", "The contraindication has resolved"},
    {"patient-preference", "Patient's informed preference"},
    {NULL, NULL},
};

json_t *cds_reason_codings(const struct cds_reason *reasons)
{
    json_t *a = json_array();
    for (const struct cds_reason *r = reasons; r->code; r++)
        json_array_append_new(a, fhir_coding(CDS_CS_OVERRIDE, r->code, r->display));
    return a;
}
