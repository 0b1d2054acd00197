/* The route table. Must match the paths and methods in openapi.yaml; a
 * test compares the two. */
#include "paingen/api/routes.h"

#include "paingen/api/ops.h"

const struct route api_routes[] = {
    {HTTP_GET, "/healthz", api_ops_healthz},
    {HTTP_GET, "/readyz", api_ops_readyz},
    {HTTP_GET, "/metrics", api_ops_metrics},
};

const size_t api_n_routes = sizeof api_routes / sizeof api_routes[0];
