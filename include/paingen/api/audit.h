/* GET /v1/audit: the clinic's audit trail, for its admin. */
#ifndef PAINGEN_API_AUDIT_H
#define PAINGEN_API_AUDIT_H

#include "paingen/http/exchange.h"

void api_audit_list(const struct http_req *req, struct http_res *res);

#endif
