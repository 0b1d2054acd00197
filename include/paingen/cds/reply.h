/* A hook call's answer: {"cards": [...]} (an empty array when paingen has
 * nothing to say), each card's uuid noted in the request's audit row. */
#ifndef PAINGEN_CDS_REPLY_H
#define PAINGEN_CDS_REPLY_H

#include "paingen/cds/call.h"
#include "paingen/http/exchange.h"

#include <jansson.h>

/* Answers 200 with cards (borrowed), issued by service_id for the call;
 * latest is what they were made from (store_cds_latest's document, or
 * NULL). */
void cds_reply_cards(const struct http_req *req, struct http_res *res, const struct cds_call *call,
                     const char *service_id, json_t *latest, json_t *cards);

#endif
