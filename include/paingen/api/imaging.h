/* Imaging studies: a modality, a date and coded findings with level,
 * side and grade. */
#ifndef PAINGEN_API_IMAGING_H
#define PAINGEN_API_IMAGING_H

#include "paingen/http/exchange.h"

void api_imaging_create(const struct http_req *req, struct http_res *res);
void api_imaging_get(const struct http_req *req, struct http_res *res);
void api_imaging_update(const struct http_req *req, struct http_res *res);
void api_imaging_history(const struct http_req *req, struct http_res *res);
void api_imaging_list(const struct http_req *req, struct http_res *res);

#endif
