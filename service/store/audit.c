/* SQL for reading the audit trail. */
#include "paingen/store/audit.h"

#include "paingen/store/db.h"

#include <stdio.h>

/* clang-format off */
static const char sql_list[] =
    "SELECT json_build_object('id', a.id, 'at', rfc3339(a.at), 'key_id', a.key_id, "
    "  'role', a.role, 'method', a.method, 'route', a.route, 'resource_ids', a.resource_ids, "
    "  'status', a.status, 'request_id', a.request_id, 'client_addr', a.client_addr)::text, "
    "  rfc3339(a.at), a.id "
    "FROM audit_events a WHERE a.clinic_id = $1 "
    "AND ($2::timestamptz IS NULL OR (a.at, a.id) > ($2, $3::uuid)) "
    "AND ($5::timestamptz IS NULL OR a.at >= $5) AND ($6::timestamptz IS NULL OR a.at < $6) "
    "AND ($7::text IS NULL OR a.resource_ids @> ARRAY[$7::text]) "
    "ORDER BY a.at, a.id LIMIT $4";
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
