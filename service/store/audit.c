/* SQL for reading the audit trail, and for the rows of refusals. */
#include "paingen/store/audit.h"

#include "paingen/store/db.h"
#include "paingen/store/tx.h"

#include <stdio.h>

/* clang-format off */
static const char sql_list[] =
    "SELECT json_build_object('id', a.id, 'at', rfc3339(a.at), 'key_id', a.key_id, "
    "  'user_id', a.user_id, 'role', a.role, 'method', a.method, 'route', a.route, 'resource_ids', a.resource_ids, "
    "  'status', a.status, 'request_id', a.request_id, 'client_addr', a.client_addr, "
    "  'count', a.count)::text, "
    "  rfc3339(a.at), a.id "
    "FROM audit_events a WHERE a.clinic_id = $1 "
    "AND ($2::timestamptz IS NULL OR (a.at, a.id) > ($2, $3::uuid)) "
    "AND ($5::timestamptz IS NULL OR a.at >= $5) AND ($6::timestamptz IS NULL OR a.at < $6) "
    "AND ($7::text IS NULL OR a.resource_ids @> ARRAY[$7::text]) "
    "ORDER BY a.at, a.id LIMIT $4";

static const char sql_refusal[] =
    "INSERT INTO audit_events (clinic_id, key_id, user_id, role, method, route, status, "
    "  request_id, client_addr, at, count) "
    "VALUES ($1, $2, $10, $3, $4, $5, 429, $6, $7, to_timestamp($8::double precision), $9)";
/* clang-format on */

enum pg_err store_audit_list(struct store_pool *p, const char *clinic, const struct audit_filter *f,
                             const struct store_page_req *req, struct store_page *out)
{
    char limit[16];
    snprintf(limit, sizeof limit, "%d", req->limit + 1);
    const char *params[] = {clinic,   req->after_at, req->after_id, limit,
                            f->since, f->until,      f->resource};
    return store_db_page(p, "list audit events", sql_list, 7, params, NULL, req->limit, out);
}

static enum pg_err refusal_insert(struct store_conn *c, const struct refusal *r)
{
    char at[32], count[24];
    snprintf(at, sizeof at, "%.6f", r->at);
    snprintf(count, sizeof count, "%lld", (long long)r->count);
    const char *clinic[] = {r->clinic};
    const char *key = r->user ? NULL : r->key_id, *user = r->user ? r->key_id : NULL;
    const char *params[] = {r->clinic,      key, r->role, r->method, r->route, r->request_id,
                            r->client_addr, at,  count,   user};
    /* both go out with the commit */
    enum pg_err err =
        store_db_defer(c, "set clinic", "SELECT set_config('paingen.clinic', $1, true)", 1, clinic);
    return err == PG_ERR_OK ? store_db_defer(c, "write refusals", sql_refusal, 10, params) : err;
}

enum pg_err store_audit_refusals_write(struct store_pool *p, const struct refusal *rows, size_t n)
{
    struct store_conn *c = NULL;
    enum pg_err err = store_pool_acquire(p, &c);
    if (err == PG_ERR_OK)
        err = store_tx_begin(c);
    for (size_t i = 0; err == PG_ERR_OK && i < n; i++)
        err = refusal_insert(c, &rows[i]);
    if (err == PG_ERR_OK)
        err = store_tx_commit(c);
    if (err != PG_ERR_OK)
        store_tx_rollback(c);
    store_pool_release(p, c);
    return err;
}
