/* Operational endpoints: liveness, readiness, metrics. */
#ifndef PAINGEN_API_OPS_H
#define PAINGEN_API_OPS_H

#include "paingen/http/exchange.h"

void api_ops_healthz(const struct http_req *req, struct http_res *res);
void api_ops_readyz(const struct http_req *req, struct http_res *res);
void api_ops_metrics(const struct http_req *req, struct http_res *res);

#endif
