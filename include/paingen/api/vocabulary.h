/* GET /v1/vocabulary: every code the service accepts. */
#ifndef PAINGEN_API_VOCABULARY_H
#define PAINGEN_API_VOCABULARY_H

#include "paingen/http/exchange.h"

void api_vocabulary_get(const struct http_req *req, struct http_res *res);

#endif
