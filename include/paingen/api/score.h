/* POST /v1/score: a whole case in the body, its ranking out; nothing is
 * stored (for EHRs that keep their own records). */
#ifndef PAINGEN_API_SCORE_H
#define PAINGEN_API_SCORE_H

#include "paingen/api/edge.h"
#include "paingen/http/exchange.h"
#include "paingen/scoring/rank.h"

#include <jansson.h>

void api_score_post(const struct http_req *req, struct http_res *res);

/* Scores a case given as POST /v1/score takes it: the answer (new
 * reference; http_res_json renders it as served), or NULL with the
 * errors added to v. body's strings are borrowed while it runs. */
json_t *score_case(json_t *body, struct validation *v);

/* The ranking as JSON (new reference): each generator with its prior,
 * posterior and every contribution with its source. Deterministic: the
 * same ranking gives byte-identical text. */
json_t *score_ranking_json(const struct ranking *r);

#endif
