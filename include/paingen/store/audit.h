/* Reading the audit trail (rows are written by store/session.c, in the
 * transaction of the request they record), and writing the rows that
 * count requests refused by a key's rate limit (core/refusals.h). */
#ifndef PAINGEN_STORE_AUDIT_H
#define PAINGEN_STORE_AUDIT_H

#include "paingen/core/error.h"
#include "paingen/core/refusals.h"
#include "paingen/store/page.h"
#include "paingen/store/pool.h"

struct audit_filter {
    const char *since;    /* RFC 3339 or NULL */
    const char *until;    /* RFC 3339 or NULL: before this time */
    const char *resource; /* a resource id (uuid) or NULL */
};

/* A page of the clinic's audit events, oldest first. */
enum pg_err store_audit_list(struct store_pool *p, const char *clinic, const struct audit_filter *f,
                             const struct store_page_req *req, struct store_page *out) PG_MUST_USE;

/* One audit row (status 429) for each of rows, in one transaction on a
 * connection of p, each under its own clinic (row-level security). */
enum pg_err store_audit_refusals_write(struct store_pool *p, const struct refusal *rows,
                                       size_t n) PG_MUST_USE;

#endif
