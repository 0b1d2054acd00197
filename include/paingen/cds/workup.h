/* The work-up service (patient-view, encounter-start): a card with the
 * differential of the patient's latest consultation, as paingen's latest
 * stored assessment of it gave it. A stored assessment, not one computed
 * for the call: what the card shows can then be read again, exported
 * (GET /v1/assessments/{id}/fhir) and tied to the clinician's feedback
 * for calibration, and opening a chart costs neither a write nor a
 * scoring. When the records changed after it, the card says so. */
#ifndef PAINGEN_CDS_WORKUP_H
#define PAINGEN_CDS_WORKUP_H

#include "paingen/cds/call.h"
#include "paingen/http/exchange.h"

#include <jansson.h>

/* The card of latest (store_cds_latest's document), or NULL when there
 * is nothing to say (no assessment). Its suggestions each create a
 * ServiceRequest for one of the assessment's next diagnostic steps, for
 * the call's patient and encounter (the EHR's ids). New reference. */
json_t *cds_workup_card(json_t *latest, const struct cds_call *call, const char *public_url);

/* Runs the service for a decoded call (cds/services.h). */
void cds_workup_run(const struct http_req *req, struct http_res *res, const struct cds_call *call);

#endif
