/* People's sessions (migration 0020): opened by a sign-in, found by the
 * SHA-256 of a cookie's token (before any clinic is known, through the
 * authenticate_session function), ended by a sign-out. Not to be
 * confused with store/session.h, a request's transaction. */
#ifndef PAINGEN_STORE_SESSIONS_H
#define PAINGEN_STORE_SESSIONS_H

#include "paingen/core/buf.h"
#include "paingen/core/error.h"
#include "paingen/store/pool.h"

#include <stdbool.h>

/* A session and its person, as a request or a sign-in sees them. */
struct session_info {
    char clinic[37];
    char user_id[37];
    char role[16];
    char csrf_token[44];
    char expires_at[32]; /* RFC 3339: the absolute expiry */
    int idle_timeout_s;
    /* "active", or why it may not be used: "ended", "disabled",
     * "expired", "idle" */
    char state[12];
    struct buf user; /* {"id","email","name","role","clinic_id"} as JSON text */
};

void store_sessions_info_cleanup(struct session_info *s);

/* The session whose id is id_hex (64 hex digits), whatever its clinic,
 * in any state; an active one is marked as used now (at most every tenth
 * of its idle timeout). NOT_FOUND. */
enum pg_err store_sessions_authenticate(struct store_conn *c, const char *id_hex,
                                        struct session_info *out) PG_MUST_USE;

struct session_fields {
    const char *clinic;
    const char *id_hex; /* the SHA-256 of the cookie's token */
    const char *user_id;
    const char *csrf_token;
    int idle_timeout_s;
    int max_s;               /* it expires this long after now */
    const char *client_addr; /* may be NULL */
};

/* Opens a session on c, in the transaction of the clinic; *out as
 * store_sessions_authenticate gives it. The person's sessions that ended
 * more than a day ago are removed with it. */
enum pg_err store_sessions_insert(struct store_conn *c, const struct session_fields *f,
                                  struct session_info *out) PG_MUST_USE;

/* Ends the clinic's session (already ended: unchanged); NOT_FOUND. */
enum pg_err store_sessions_end(struct store_pool *p, const char *clinic,
                               const char *id_hex) PG_MUST_USE;

#endif
