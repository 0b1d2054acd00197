/* Follow-ups of a treatment at the usual time points: pain, relief, the
 * patient's impression of change, region scores, adverse events, further
 * treatment, or lost to follow-up. */
#ifndef PAINGEN_API_FOLLOW_UPS_H
#define PAINGEN_API_FOLLOW_UPS_H

#include "paingen/http/exchange.h"

void api_follow_ups_create(const struct http_req *req, struct http_res *res);
void api_follow_ups_get(const struct http_req *req, struct http_res *res);
void api_follow_ups_update(const struct http_req *req, struct http_res *res);
void api_follow_ups_history(const struct http_req *req, struct http_res *res);
void api_follow_ups_list(const struct http_req *req, struct http_res *res);

#endif
