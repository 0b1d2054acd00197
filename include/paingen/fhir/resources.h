/* One function per FHIR R4 resource the export emits, each mapping one
 * stored representation (as store/export.h reads it) to a new resource;
 * fhir/bundle.h puts them together. Every function returns a new
 * reference, or NULL where the function says so. */
#ifndef PAINGEN_FHIR_RESOURCES_H
#define PAINGEN_FHIR_RESOURCES_H

#include <jansson.h>
#include <stdbool.h>

/* "urn:uuid:" and a UUID: a reference that resolves inside the Bundle,
 * each entry's fullUrl being the same. */
#define FHIR_REF_MAX 46

/* What every resource of one export refers to. */
struct fhir_export {
    const char *patient_id;
    const char *consultation_id; /* the Encounter's id */
    const char *occurred_at;     /* the consultation's time: when its findings were made */
    bool voided;                 /* the consultation is entered in error */
    json_t *exported;            /* borrowed object: each record id in the Bundle -> true */
};

/* A new Reference {"reference": "urn:uuid:<id>", "type": type}. */
json_t *fhir_ref(const char *type, const char *id);

/* Patient: its id and the identifier as stored, nothing more. */
json_t *fhir_patient(json_t *patient);
/* Encounter: the consultation. */
json_t *fhir_encounter(json_t *consultation, const struct fhir_export *x);
/* Observation: the consultation's pain on the 0-10 NRS; NULL when it
 * has none. */
json_t *fhir_pain_nrs(json_t *consultation, const struct fhir_export *x);
/* Observation: an examination or history finding. */
json_t *fhir_finding(json_t *finding, const struct fhir_export *x);
/* DiagnosticReport: an imaging study and its coded findings. */
json_t *fhir_imaging(json_t *imaging, const struct fhir_export *x);
/* Procedure: a diagnostic block. */
json_t *fhir_block(json_t *block, const struct fhir_export *x);
/* Observations (an array, maybe empty) of a block's relief, each partOf
 * its Procedure: the baseline and each timed reading on the 0-10 NRS,
 * and the peak relief the model read from them. */
json_t *fhir_block_relief(json_t *block, const struct fhir_export *x);
/* RiskAssessment: an assessment's differential, a prediction per
 * source ranked. */
json_t *fhir_risk_assessment(json_t *assessment, const struct fhir_export *x);
/* Condition: the assessment's most likely source; NULL when that is
 * "another source" (what the model does not cover names no condition). */
json_t *fhir_condition(json_t *assessment, const struct fhir_export *x);

#endif
