/* Reading the audit trail (rows are written by store/session.c, in the
 * transaction of the request they record). */
#ifndef PAINGEN_STORE_AUDIT_H
#define PAINGEN_STORE_AUDIT_H

#include "paingen/core/error.h"
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

#endif
