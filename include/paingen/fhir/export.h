/* The FHIR R4 export routes: GET /v1/consultations/{id}/fhir and
 * GET /v1/assessments/{id}/fhir answer a Bundle (fhir/bundle.h) as
 * application/fhir+json. Errors are the service's problem documents,
 * as on every other route. */
#ifndef PAINGEN_FHIR_EXPORT_H
#define PAINGEN_FHIR_EXPORT_H

#include "paingen/http/exchange.h"

/* A consultation with everything recorded under it, its newest
 * assessments and the latest one's working diagnosis. */
void fhir_export_consultation(const struct http_req *req, struct http_res *res);
/* One assessment, with the records at the versions it read. */
void fhir_export_assessment(const struct http_req *req, struct http_res *res);

#endif
