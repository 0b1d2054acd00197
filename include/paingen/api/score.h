/* POST /v1/score: a whole case in the body, its ranking out; nothing is
 * stored (for EHRs that keep their own records). */
#ifndef PAINGEN_API_SCORE_H
#define PAINGEN_API_SCORE_H

#include "paingen/api/edge.h"
#include "paingen/http/exchange.h"
#include "paingen/core/buf.h"

#include <jansson.h>

void api_score_post(const struct http_req *req, struct http_res *res);

/* Scores a case given as POST /v1/score takes it: true with the answer,
 * as served, appended to out; false with the errors added to v. body's
 * strings are borrowed while it runs. Deterministic: the same case gives
 * byte-identical text. */
bool score_case(json_t *body, struct validation *v, struct buf *out);

#endif
