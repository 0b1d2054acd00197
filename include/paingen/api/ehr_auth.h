/* Authentication of an EHR client by the JWT it signs for each call (CDS
 * Hooks 2.0): "Authorization: Bearer <JWT>" of a client registered for
 * the token's iss (store/ehr_clients.h) and active, signed ES384 or
 * RS384 by the key its kid names in the client's JWK Set (registered
 * inline, or fetched from a jku URL on the client's allowlist: from the
 * token's jku header when it has one, else the first of the list; kept
 * JWKS cache seconds, fetched again once when a kid is not found in it),
 * aud the exact URL called (PAINGEN_PUBLIC_URL followed by the path), exp
 * at most 5 minutes ahead, iat not in the future, a jti not seen before
 * (recorded once the rest holds). */
#ifndef PAINGEN_API_EHR_AUTH_H
#define PAINGEN_API_EHR_AUTH_H

#include "paingen/core/error.h"
#include "paingen/http/exchange.h"

/* How long a JWK Set fetched from a jku is used, and the bounds of a
 * fetch. */
#define EHR_JWKS_CACHE_S          300
#define EHR_JWKS_FETCH_TIMEOUT_MS 3000
#define EHR_JWKS_FETCH_MAX        (64 * 1024)

/* The request's token checked, with database work ending by deadline
 * (monotonic seconds; 0: none): OK with the client's id and clinic;
 * UNAUTHORIZED for any token that is not good, why logged (with the
 * request id, and the iss and kid when known) and never answered; a
 * database error. */
enum pg_err ehr_auth_identify(const struct http_req *req, double deadline, char client_id[37],
                              char clinic[37]) PG_MUST_USE;

#endif
