/* Diagnostic blocks and provocation discography. */
#ifndef PAINGEN_API_BLOCKS_H
#define PAINGEN_API_BLOCKS_H

#include "paingen/http/exchange.h"

void api_blocks_create(const struct http_req *req, struct http_res *res);
void api_blocks_get(const struct http_req *req, struct http_res *res);
void api_blocks_update(const struct http_req *req, struct http_res *res);
void api_blocks_history(const struct http_req *req, struct http_res *res);
void api_blocks_list(const struct http_req *req, struct http_res *res);

#endif
