/* The clinic's API keys, for its admin: create (the key is shown once),
 * list, revoke. */
#ifndef PAINGEN_API_KEYS_H
#define PAINGEN_API_KEYS_H

#include "paingen/http/exchange.h"

void api_keys_create(const struct http_req *req, struct http_res *res);
void api_keys_list(const struct http_req *req, struct http_res *res);
void api_keys_revoke(const struct http_req *req, struct http_res *res);

#endif
