/* The route table: every operation of openapi.yaml and its handler. */
#ifndef PAINGEN_API_ROUTES_H
#define PAINGEN_API_ROUTES_H

#include "paingen/http/router.h"

#include <stddef.h>

extern const struct route api_routes[];
extern const size_t api_n_routes;

#endif
