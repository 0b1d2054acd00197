/* Treatments given under a consultation: what, at which source, side and
 * level, with what guidance, on which day, after which assessment. */
#ifndef PAINGEN_API_TREATMENTS_H
#define PAINGEN_API_TREATMENTS_H

#include "paingen/http/exchange.h"

void api_treatments_create(const struct http_req *req, struct http_res *res);
void api_treatments_get(const struct http_req *req, struct http_res *res);
void api_treatments_update(const struct http_req *req, struct http_res *res);
void api_treatments_history(const struct http_req *req, struct http_res *res);
void api_treatments_list(const struct http_req *req, struct http_res *res);

#endif
