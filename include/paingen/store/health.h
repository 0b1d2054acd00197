/* Readiness: the database answers and holds every migration of this build. */
#ifndef PAINGEN_STORE_HEALTH_H
#define PAINGEN_STORE_HEALTH_H

#include "paingen/core/error.h"
#include "paingen/store/migrate.h"
#include "paingen/store/pool.h"

/* OK when ready; otherwise the reason, with a sentence in detail. */
enum pg_err store_health_ready(struct store_pool *p, const struct migration_set *set, char *detail,
                               size_t len) PG_MUST_USE;

#endif
