/* What every handler reaches through req->ctx: configuration, the
 * database pool, the migrations of this build and the server itself. */
#ifndef PAINGEN_API_APP_H
#define PAINGEN_API_APP_H

#include "paingen/core/config.h"
#include "paingen/http/server.h"
#include "paingen/store/migrate.h"
#include "paingen/store/pool.h"

struct app {
    const struct config *cfg;
    struct store_pool *pool;
    const struct migration_set *migrations;
    struct http_server *server; /* set once serving */
};

#endif
