/* Consultations: recorded under a patient, read back with everything
 * recorded under them. */
#ifndef PAINGEN_API_CONSULTATIONS_H
#define PAINGEN_API_CONSULTATIONS_H

#include "paingen/http/exchange.h"

void api_consultations_create(const struct http_req *req, struct http_res *res);
void api_consultations_get(const struct http_req *req, struct http_res *res);
void api_consultations_update(const struct http_req *req, struct http_res *res);
void api_consultations_history(const struct http_req *req, struct http_res *res);
void api_consultations_list(const struct http_req *req, struct http_res *res);

#endif
