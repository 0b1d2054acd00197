/* The CDS Hooks 2.0 services paingen offers, and their routes:
 * GET /cds-services (discovery) and POST /cds-services/{id} (a hook
 * call), both for EHR clients authenticated by their JWTs (api/auth.h,
 * ACCESS_JWT). A service answers one or more hooks; discovery lists it
 * once per hook, as the specification allows. */
#ifndef PAINGEN_CDS_SERVICES_H
#define PAINGEN_CDS_SERVICES_H

#include "paingen/cds/call.h"
#include "paingen/http/exchange.h"

#include <stddef.h>

/* Service ids. Must match openapi.yaml and README.md. */
#define CDS_WORKUP_ID "pain-generator-workup"
#define CDS_ORDERS_ID "injection-order-check"

/* Answers a call the service decoded: 200 {"cards": [...]}, or an
 * error (412 when data it needs is missing). */
typedef void cds_handler(const struct http_req *req, struct http_res *res,
                         const struct cds_call *call);

struct cds_service {
    const char *id;
    unsigned hooks; /* 1 << enum cds_hook of each hook it answers */
    const char *title;
    const char *description;
    const char *usage;                     /* usageRequirements */
    const char *const *prefetch_keys;      /* NULL-terminated */
    const char *const *prefetch_templates; /* one per key */
    cds_handler *run;
};

/* The services, in discovery's order. */
extern const struct cds_service cds_services[];
extern const size_t cds_n_services;

/* The service with this id, or NULL. */
const struct cds_service *cds_service_find(const char *id);
/* The service a call or its feedback names by the path's {id}, for a
 * request without a query; NULL when it answered instead (422 for a
 * query, 404 for an unknown id). */
const struct cds_service *cds_service_of(const struct http_req *req, struct http_res *res);

/* GET /cds-services */
void cds_discovery(const struct http_req *req, struct http_res *res);
/* POST /cds-services/{id} */
void cds_service_call(const struct http_req *req, struct http_res *res);

#endif
