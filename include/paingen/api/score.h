/* POST /v1/score: a whole case in the body, its ranking out; nothing is
 * stored (for EHRs that keep their own records). */
#ifndef PAINGEN_API_SCORE_H
#define PAINGEN_API_SCORE_H

#include "paingen/http/exchange.h"
#include "paingen/scoring/rank.h"

#include <jansson.h>

void api_score_post(const struct http_req *req, struct http_res *res);

/* The ranking as JSON (new reference): each generator with its prior,
 * posterior and every contribution with its source. Deterministic: the
 * same ranking gives byte-identical text. */
json_t *score_ranking_json(const struct ranking *r);

#endif
