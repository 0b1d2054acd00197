/* POST /cds-services/{id}/feedback (CDS Hooks 2.0, "Feedback"): what the
 * clinician did with paingen's cards, accepted (with the suggestions
 * taken) or overridden (with the reason chosen and a comment), each
 * naming a card paingen issued to the client's clinic by that service.
 * Every item is checked before any is stored: one bad item is a 422 and
 * nothing is kept. The same interaction reported again (card, outcome,
 * time) is kept once. */
#ifndef PAINGEN_CDS_FEEDBACK_H
#define PAINGEN_CDS_FEEDBACK_H

#include "paingen/http/exchange.h"

/* The most items one post may carry. Must match openapi.yaml. */
#define CDS_MAX_FEEDBACK 100

void cds_feedback(const struct http_req *req, struct http_res *res);

#endif
