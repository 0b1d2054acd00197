/* The code systems of the FHIR export and the codes it takes from
 * others. paingen's own codes (its vocabulary, the sources it ranks, its
 * model) are in code systems of its own, one per kind, named
 * FHIR_CS_PAINGEN "<kind>"; their codes and labels are those
 * GET /v1/vocabulary and GET /v1/model serve. An external code is used
 * only where it was checked against the code system's publisher or a
 * published HL7 artefact, each named below; anything else stays a
 * paingen code with a text, never a guessed SNOMED CT or ICD-10 code. */
#ifndef PAINGEN_FHIR_CODES_H
#define PAINGEN_FHIR_CODES_H

#include "paingen/scoring/vocabulary.h"

#include <jansson.h>

/* paingen's code systems: FHIR_CS_PAINGEN "finding" etc. The same URN
 * scheme as the problem types (urn:paingen:problem:...): paingen has no
 * web address of its own. Must match README.md and openapi.yaml. */
#define FHIR_CS_PAINGEN         "urn:paingen:codesystem:"
#define FHIR_CS_FINDING         FHIR_CS_PAINGEN "finding" /* vocabulary kind finding */
#define FHIR_CS_IMAGING_FINDING FHIR_CS_PAINGEN "imaging-finding"
#define FHIR_CS_MODALITY        FHIR_CS_PAINGEN "modality"
#define FHIR_CS_BLOCK_TARGET    FHIR_CS_PAINGEN "block-target"
#define FHIR_CS_BLOCK_AGENT     FHIR_CS_PAINGEN "block-agent"
#define FHIR_CS_PAIN_SITE       FHIR_CS_PAINGEN "pain-site"
#define FHIR_CS_GENERATOR       FHIR_CS_PAINGEN "generator" /* the sources GET /v1/model ranks */
#define FHIR_CS_MODEL           FHIR_CS_PAINGEN "model" /* the scoring model, with its version */
/* What the export itself names and no external system was found for:
 * FHIR_CODE_* below. */
#define FHIR_CS_EXPORT          FHIR_CS_PAINGEN "export"

#define FHIR_CODE_MODEL         "paingen"
#define FHIR_CODE_DIFFERENTIAL  "pain-generator-differential" /* RiskAssessment.code */
#define FHIR_CODE_PEAK_RELIEF   "block-peak-relief"           /* a block's peak relief, % */
#define FHIR_CODE_FINDING_VALUE "finding-value"               /* a finding's measured value */

/* SNOMED CT, the system URI of FHIR R4's terminology page. Positive
 * 10828004 and Negative 260385009 (qualifier values), as listed in HL7's
 * published value sets "Positive, Negative value set"
 * (hl7.org/fhir/us/covid19library/ValueSet/covid19-pos-neg-vs, SNOMED CT
 * US edition 2022-03) and CH ELM's results value set (SNOMED CT Swiss
 * edition 2026-06, displays "Positive" / "Negative"). */
#define FHIR_SNOMED          "http://snomed.info/sct"
#define FHIR_SNOMED_POSITIVE "10828004"
#define FHIR_SNOMED_NEGATIVE "260385009"

/* LOINC 72514-3 "Pain severity - 0-10 verbal numeric rating [Score] -
 * Reported" (loinc.org/72514-3; used for the 0-10 NRS by HL7 Belgium's
 * patient-monitoring IG, ValueSet pain-scale). */
#define FHIR_LOINC                  "http://loinc.org"
#define FHIR_LOINC_PAIN_NRS         "72514-3"
#define FHIR_LOINC_PAIN_NRS_DISPLAY "Pain severity - 0-10 verbal numeric rating [Score] - Reported"

/* HL7's own code systems of FHIR R4 (terminology.hl7.org): the codes used
 * are those of the R4 definitions, and tests/fhir checks each code and
 * display against them. */
#define FHIR_CS_OBSERVATION_CATEGORY "http://terminology.hl7.org/CodeSystem/observation-category"
#define FHIR_CS_CONDITION_CLINICAL   "http://terminology.hl7.org/CodeSystem/condition-clinical"
#define FHIR_CS_CONDITION_VER_STATUS "http://terminology.hl7.org/CodeSystem/condition-ver-status"
#define FHIR_CS_CONDITION_CATEGORY   "http://terminology.hl7.org/CodeSystem/condition-category"
#define FHIR_CS_ACT_CODE             "http://terminology.hl7.org/CodeSystem/v3-ActCode"
#define FHIR_CS_DIAGNOSTIC_SERVICE   "http://terminology.hl7.org/CodeSystem/v2-0074"
#define FHIR_CS_INTERPRETATION       "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
#define FHIR_UCUM                    "http://unitsofmeasure.org"

/* A new Coding {system, code, display?}; display may be NULL. */
json_t *fhir_coding(const char *system, const char *code, const char *display);
/* A new CodeableConcept of one Coding, with text when not NULL. */
json_t *fhir_concept(const char *system, const char *code, const char *display, const char *text);
/* A new CodeableConcept with text alone. */
json_t *fhir_text_concept(const char *text);

/* The code system of a vocabulary kind (FHIR_CS_FINDING ...). */
const char *fhir_vocab_system(enum vocab_kind kind);
/* The CodeableConcept of a paingen vocabulary code of kind: its label as
 * display and text (the code itself as text when the vocabulary does not
 * know it). NULL when code is NULL. */
json_t *fhir_vocab_concept(enum vocab_kind kind, const char *code);

/* SNOMED CT Positive or Negative for a result "positive" or "negative";
 * NULL for anything else. */
json_t *fhir_positive_negative(const char *result);

#endif
