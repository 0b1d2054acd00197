/* A hook call's answer: {"cards": [...]} (an empty array when paingen has
 * nothing to say). Each card is recorded first (store/cds.h), with the
 * call, the patient and the assessment it spoke of, so that feedback can
 * name it; its uuid goes into the request's audit row. */
#ifndef PAINGEN_CDS_REPLY_H
#define PAINGEN_CDS_REPLY_H

#include "paingen/cds/call.h"
#include "paingen/http/exchange.h"

#include <jansson.h>

/* Adds card (taken) to issued, with the assessment it spoke of (its id:
 * the "id" of latest's "assessment"). */
void cds_issue_add(json_t *issued, json_t *card, json_t *latest);

/* Records the issued cards (cds_issue_add's array, borrowed) of
 * service_id for the call and the patient (paingen's id, NULL when there
 * are none) and answers 200 with them; a database error otherwise. */
void cds_reply_cards(const struct http_req *req, struct http_res *res, const struct cds_call *call,
                     const char *service_id, const char *patient_id, json_t *issued);

#endif
