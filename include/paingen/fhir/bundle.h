/* The FHIR R4 export: a Bundle of type collection made of what
 * store/export.h reads, in a stable order (Patient, Encounter, the pain
 * score, findings, imaging reports, blocks each with its relief, the
 * assessments, the working diagnosis). Pure: jansson in, jansson out. */
#ifndef PAINGEN_FHIR_BUNDLE_H
#define PAINGEN_FHIR_BUNDLE_H

#include <jansson.h>
#include <stdbool.h>

/* The Bundle of source (borrowed: the object store/export.h describes),
 * timestamp its Bundle.timestamp (an instant). A new reference. Every
 * resource's fullUrl is "urn:uuid:<id>", so the references between them
 * resolve inside the Bundle. */
json_t *fhir_bundle_build(json_t *source, const char *timestamp);

/* The id of a resource paingen stores no row for (the pain score of a
 * consultation, a block's readings, the Condition of an assessment):
 * a UUID (version 8, RFC 9562) made from the SHA-256 of the parent's id
 * and name, so that every export gives it the same id. */
void fhir_derived_id(const char *parent_id, const char *name, char out[37]);

#endif
