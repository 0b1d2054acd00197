/* The codes of the CDS Hooks service: how an order names the injection
 * and where it aims (read from draft orders, written into suggested
 * ServiceRequests), the cards' topics and override reasons. paingen's
 * own code systems follow the export's scheme (fhir/codes.h:
 * urn:paingen:codesystem:<kind>); an external code is used only where it
 * was checked, as named below. Must match README.md and openapi.yaml. */
#ifndef PAINGEN_CDS_CODES_H
#define PAINGEN_CDS_CODES_H

#include "paingen/fhir/codes.h"

#include <jansson.h>
#include <stdbool.h>

/* A regenerative injection: "prp" or "cell_based" (the assessment's
 * treatment tiers). A diagnostic block is coded in FHIR_CS_BLOCK_TARGET. */
#define CDS_CS_INJECTION FHIR_CS_PAINGEN "injection"
/* Where an order aims, as bodySite codings: the source it treats
 * (FHIR_CS_GENERATOR), the side and the spinal level. */
#define CDS_CS_SIDE      FHIR_CS_PAINGEN "side"         /* left, right, bilateral, midline */
#define CDS_CS_LEVEL     FHIR_CS_PAINGEN "spinal-level" /* "L4-L5", "L5-S1", "L5" ... */
/* A next step that is a published cluster of tests (GET /v1/model's
 * clusters), as a suggested ServiceRequest's code. */
#define CDS_CS_CLUSTER   FHIR_CS_PAINGEN "cluster"
/* Card.source.topic and card.overrideReasons. */
#define CDS_CS_TOPIC     FHIR_CS_PAINGEN "cds-topic"
#define CDS_CS_OVERRIDE  FHIR_CS_PAINGEN "cds-override-reason"

/* SNOMED CT laterality qualifiers, as HL7's value set
 * http://hl7.org/fhir/ValueSet/bodystructure-laterality lists them
 * (expansion of SNOMED CT International 2025-02 on tx.fhir.org: 7771000
 * Left, 24028007 Right, 51440002 "Right and left", Bilateral). Read in
 * orders and written beside paingen's side. The R4-era value set
 * bodysite-laterality (HL7, 2018) listed 419161000 "Unilateral left" and
 * 419465000 "Unilateral right": read too, never written. */
#define CDS_SNOMED_LEFT      "7771000"
#define CDS_SNOMED_RIGHT     "24028007"
#define CDS_SNOMED_BILATERAL "51440002"
#define CDS_SNOMED_UNI_LEFT  "419161000"
#define CDS_SNOMED_UNI_RIGHT "419465000"

/* The side a coding names (paingen's side or a SNOMED CT laterality), in
 * paingen's spelling (static storage), or NULL. */
const char *cds_side_of_coding(const char *system, const char *code);
/* The bodySite CodeableConcept of a side: paingen's coding and, for
 * left, right and bilateral, SNOMED CT's. NULL for NULL or another side. */
json_t *cds_side_concept(const char *side);
/* The bodySite CodeableConcept of a spinal level, or NULL. */
json_t *cds_level_concept(const char *level);

struct cds_reason {
    const char *code, *display;
};
/* The override reasons a card offers, NULL-terminated: of the work-up
 * card, and of an order check's card. */
extern const struct cds_reason cds_workup_reasons[];
extern const struct cds_reason cds_order_reasons[];
/* A new array of Codings {system, code, display} of reasons. */
json_t *cds_reason_codings(const struct cds_reason *reasons);

#endif
