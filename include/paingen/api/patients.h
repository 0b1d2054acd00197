/* /v1/patients: create, read, find by the EHR's identifier, list. */
#ifndef PAINGEN_API_PATIENTS_H
#define PAINGEN_API_PATIENTS_H

#include "paingen/http/exchange.h"

void api_patients_create(const struct http_req *req, struct http_res *res);
void api_patients_get(const struct http_req *req, struct http_res *res);
void api_patients_list(const struct http_req *req, struct http_res *res);

#endif
