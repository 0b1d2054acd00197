/* Assessments: a consultation's records scored and kept. POST scores the
 * case the records make now and stores the case, the records it was read
 * from and the answer, unchanged thereafter; GET reads them back. */
#ifndef PAINGEN_API_ASSESSMENTS_H
#define PAINGEN_API_ASSESSMENTS_H

#include "paingen/http/exchange.h"

/* POST /v1/consultations/{id}/assessments: 201, 404, 409 for a
 * consultation entered in error, 422 when its records cannot be scored. */
void api_assessments_create(const struct http_req *req, struct http_res *res);
/* GET /v1/consultations/{id}/assessments: summaries, oldest first. */
void api_assessments_list(const struct http_req *req, struct http_res *res);
/* GET /v1/assessments/{id} */
void api_assessments_get(const struct http_req *req, struct http_res *res);

#endif
