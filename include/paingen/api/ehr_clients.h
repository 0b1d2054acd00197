/* The clinic's EHR clients, for its admin: register (with its JWK Set
 * inline, or an allowlist of jku URLs to fetch it from; the FHIR servers
 * its CDS Hooks calls may send paingen to), list, read,
 * revoke; and, for a client calling with its JWT, what the service knows
 * it as (GET /v1/ehr-clients/me). */
#ifndef PAINGEN_API_EHR_CLIENTS_H
#define PAINGEN_API_EHR_CLIENTS_H

#include "paingen/http/exchange.h"

/* URLs of a jku_allowlist or fhir_servers list; as migrations 0015, 0022 */
#define EHR_URLS_MAX      5
#define EHR_JWKS_TEXT_MAX (64 * 1024) /* bytes of a registered JWK Set */

void api_ehr_clients_create(const struct http_req *req, struct http_res *res);
void api_ehr_clients_list(const struct http_req *req, struct http_res *res);
void api_ehr_clients_get(const struct http_req *req, struct http_res *res);
void api_ehr_clients_revoke(const struct http_req *req, struct http_res *res);
void api_ehr_clients_me(const struct http_req *req, struct http_res *res);

#endif
