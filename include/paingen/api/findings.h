/* Examination and history findings: a coded test, positive or negative. */
#ifndef PAINGEN_API_FINDINGS_H
#define PAINGEN_API_FINDINGS_H

#include "paingen/http/exchange.h"

void api_findings_create(const struct http_req *req, struct http_res *res);
void api_findings_get(const struct http_req *req, struct http_res *res);
void api_findings_update(const struct http_req *req, struct http_res *res);
void api_findings_history(const struct http_req *req, struct http_res *res);
void api_findings_list(const struct http_req *req, struct http_res *res);

#endif
