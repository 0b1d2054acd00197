/* Readiness query. */
#include "paingen/store/health.h"

#include "paingen/core/parse.h"
#include "paingen/store/db.h"

#include <stdio.h>

static enum pg_err migration_state(struct store_pool *p, int64_t *count, int64_t *max)
{
    PGresult *res = NULL;
    enum pg_err err = store_db_read(
        p, "check readiness", "SELECT count(*), coalesce(max(version), 0) FROM schema_migrations",
        0, NULL, &res);
    if (err == PG_ERR_OK &&
        (!parse_i64(PQgetvalue(res, 0, 0), count) || !parse_i64(PQgetvalue(res, 0, 1), max)))
        err = PG_ERR_INTERNAL;
    PQclear(res);
    return err;
}

enum pg_err store_health_ready(struct store_pool *p, const struct migration_set *set, char *detail,
                               size_t len)
{
    int64_t count = 0, max = 0;
    enum pg_err err = migration_state(p, &count, &max);
    if (err != PG_ERR_OK) {
        snprintf(detail, len, "the database cannot be queried");
        return err;
    }
    int64_t want_max = set->n ? set->items[set->n - 1].version : 0;
    if (count != (int64_t)set->n || max != want_max) {
        snprintf(detail, len, "the database has %lld of %zu migrations applied", (long long)count,
                 set->n);
        return PG_ERR_DB_UNAVAILABLE;
    }
    snprintf(detail, len, "ready");
    return PG_ERR_OK;
}
