/* Which paingen patient a hook call is about, and what paingen holds of
 * them. The EHR names its patient by its own FHIR id (context.patientId);
 * paingen knows a patient by external_id, unique per clinic. An EHR
 * client registered without a patient_identifier_system sends the
 * external_id as context.patientId. One registered with a system (its
 * MRN's, say) must prefetch the Patient (key "patient"): the value of its
 * identifier with that system is the external_id. Without that prefetch,
 * paingen reads the Patient from the call's fhirServer with its
 * fhirAuthorization when the client registered that server (fhir_servers,
 * migration 0022); otherwise, or when the read fails, the call is 412, as
 * the specification says of data the service cannot obtain. */
#ifndef PAINGEN_CDS_PATIENT_H
#define PAINGEN_CDS_PATIENT_H

#include "paingen/cds/call.h"
#include "paingen/http/exchange.h"

#include <jansson.h>

/* A read of the EHR's FHIR server: at most this long (and never past the
 * request's deadline), at most this many bytes. */
#define CDS_FETCH_TIMEOUT_S 3.0
#define CDS_FETCH_MAX       (256 * 1024)

enum cds_found {
    CDS_FOUND,
    CDS_NOBODY,  /* no such patient for paingen: no card to give */
    CDS_ANSWERED /* res holds the answer: an error */
};

/* The external_id the call names, into *external_id (new, free() it):
 * FOUND; NOBODY when the EHR prefetched no Patient (null) or one without
 * the client's identifier; ANSWERED with 412 when the client's system
 * needs a Patient that was not prefetched (absent, or an
 * OperationOutcome) and cannot be read from the call's FHIR server, 422
 * when the prefetched Patient is not context.patientId's, or a database
 * error. */
enum cds_found cds_patient_resolve(const struct http_req *req, struct http_res *res,
                                   const struct cds_call *call, char **external_id);

/* What paingen holds of the patient (store_cds_latest's document, a new
 * reference into *latest), their latest consultation of region (NULL:
 * any): FOUND; NOBODY when the clinic has no such patient; ANSWERED on a
 * database error. The audit row names the patient, the consultation and
 * the assessment read. */
enum cds_found cds_patient_latest(const struct http_req *req, struct http_res *res,
                                  const char *external_id, const char *region, json_t **latest);

#endif
