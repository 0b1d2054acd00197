/* GET /v1/model: the whole evidence table of the scoring model. */
#ifndef PAINGEN_API_MODEL_H
#define PAINGEN_API_MODEL_H

#include "paingen/http/exchange.h"

void api_model_get(const struct http_req *req, struct http_res *res);

#endif
