/* What every handler reaches through req->ctx: configuration, the
 * database pool, the migrations of this build and the server itself. */
#ifndef PAINGEN_API_APP_H
#define PAINGEN_API_APP_H

#include "paingen/core/config.h"
#include "paingen/core/jwkscache.h"
#include "paingen/core/keycache.h"
#include "paingen/core/ratelimit.h"
#include "paingen/core/refusals.h"
#include "paingen/http/server.h"
#include "paingen/store/migrate.h"
#include "paingen/store/pool.h"

/* The clinic migration 0002 creates, for the development key of make run. */
#define APP_DEFAULT_CLINIC "00000000-0000-0000-0000-000000000001"

struct app {
    const struct config *cfg;
    struct store_pool *pool;
    const struct migration_set *migrations;
    struct rate_limiter *limiter; /* per API key, and failed authentications per address */
    struct refusal_log *refusals; /* 429s of keys past their rate, until written */
    /* failed sign-ins per email and per address (api/sessions.h) */
    struct rate_limiter *signin_emails;
    struct rate_limiter *signin_addresses;
    struct key_cache *keys;     /* keys checked recently */
    struct jwks_cache *jwks;    /* EHR clients' key sets fetched from their jku */
    struct http_server *server; /* set once serving */
};

#endif
