/* People signed in, for the clinic app: POST /v1/sessions signs in with
 * an email and a password and sets the session cookie; GET and DELETE
 * /v1/sessions/current read and end it. And what the guard (api/auth.h)
 * needs to authenticate a request by its cookie and to let its writes
 * through: the header X-CSRF-Token equal to the session's csrf_token,
 * and no Origin other than the service's own.
 *
 * The cookie holds a token of 32 random bytes (43 base64url characters);
 * the database keeps its SHA-256 (store/sessions.h). A session ends when
 * signed out, after PAINGEN_SESSION_IDLE seconds unused, PAINGEN_SESSION_MAX
 * seconds after the sign-in, or when its person is disabled. Failed
 * sign-ins are limited per email (as the database changes its case) and
 * per address (429 with Retry-After), whether or not the email is known. */
#ifndef PAINGEN_API_SESSIONS_H
#define PAINGEN_API_SESSIONS_H

#include "paingen/api/auth.h"
#include "paingen/core/config.h"
#include "paingen/http/exchange.h"
#include "paingen/store/sessions.h"

#include <stddef.h>

#define SESSIONS_COOKIE      "paingen_session"
#define SESSIONS_CSRF_HEADER "X-CSRF-Token"

void api_sessions_create(const struct http_req *req, struct http_res *res);
void api_sessions_current(const struct http_req *req, struct http_res *res);
void api_sessions_end(const struct http_req *req, struct http_res *res);

enum sessions_cookie { SESSIONS_COOKIE_NONE, SESSIONS_COOKIE_BAD, SESSIONS_COOKIE_OK };

/* The session token of a Cookie header value: NONE when the header
 * (NULL) or the paingen_session pair is absent, BAD when its value is not
 * a token or the pair comes more than once, OK with it in token. */
enum sessions_cookie sessions_cookie_parse(const char *cookie, char token[AUTH_SECRET_CHARS + 1]);

/* The service's own origin (scheme://host[:port]), into out: that of
 * PAINGEN_PUBLIC_URL when set, else the scheme served (https with TLS)
 * and host (the Host header). False when neither is known or it does not
 * fit. */
bool sessions_own_origin(const struct config *c, const char *host, char *out, size_t len);

/* The name of the bucket of failed sign-ins of a client's address (NULL:
 * unknown), into out (cut when it does not fit): an IPv6 address's /64. */
void sessions_address_bucket(const char *addr, char *out, size_t len);

/* Whether the request may act on a session: no Origin header, or the
 * service's own. */
bool sessions_origin_ok(const struct config *c, const struct http_req *req);

/* The request's session by its cookie, checked: OK with *out filled and
 * its id (the token's SHA-256, hex) in id_hex; UNAUTHORIZED for a missing,
 * malformed, unknown, ended or expired one, or a disabled person's (the
 * log says which); a database error. */
enum pg_err sessions_identify(const struct http_req *req, double deadline, struct session_info *out,
                              char id_hex[65]) PG_MUST_USE;

/* A request by session with an unsafe method (POST, PUT, PATCH, DELETE):
 * true when its Origin and X-CSRF-Token allow it; otherwise false, with
 * the 403 in res. */
bool sessions_write_allowed(const struct http_req *req, struct http_res *res,
                            const struct session_info *s);

/* Adds the Set-Cookie that removes the session cookie. */
void sessions_clear_cookie(const struct http_req *req, struct http_res *res);

#endif
