/* Who may call what. Every /v1 request carries "Authorization: Bearer
 * <key>"; the key names its clinic and role (or, on the routes that take
 * them, an EHR client's JWT names the client and so its clinic; or, with
 * no Authorization header, a person's session cookie names the person,
 * and so the clinic and role: see api/sessions.h). api_guard authenticates it
 * (an address past its failed authentications gets 429 before a key is
 * looked up), checks the key's rate in memory (a 429 is counted by the
 * refusal log, core/refusals.h, and costs no database work), opens the
 * request's transaction for that clinic (store/session.h), checks the
 * role, runs the handler and writes the audit row of a request that
 * touched patient data. A key checked in the database is trusted for
 * PAINGEN_KEY_CACHE_SECONDS (core/keycache.h). */
#ifndef PAINGEN_API_AUTH_H
#define PAINGEN_API_AUTH_H

#include "paingen/core/crypto.h"
#include "paingen/http/router.h"

#include <stdbool.h>

enum role {
    ROLE_READONLY = 1 << 0,  /* GET only */
    ROLE_CLINICIAN = 1 << 1, /* records and assessments */
    ROLE_EHR = 1 << 2,       /* the same, for a system */
    ROLE_ADMIN = 1 << 3,     /* the clinic's keys and audit trail */
    /* an EHR client (api/ehr_auth.h) by a JWT it signed, never by an API
     * key: only the routes marked ACCESS_JWT name it */
    ROLE_EHR_CLIENT = 1 << 4,
};

/* route.access: the roles allowed, and what the route is. */
#define ACCESS_OPEN      0u
#define ACCESS_READ      (ROLE_READONLY | ROLE_CLINICIAN | ROLE_EHR)
#define ACCESS_WRITE     (ROLE_CLINICIAN | ROLE_EHR)
#define ACCESS_ADMIN     ROLE_ADMIN
#define ACCESS_ANY       (ACCESS_READ | ROLE_ADMIN)
#define ACCESS_AUDITED   (1u << 8) /* patient data: one audit row per request */
#define ACCESS_METRICS   (1u << 9) /* open, or admin with PAINGEN_METRICS_AUTH=admin */
/* reads and stores no record: no transaction, no audit row unless refused */
#define ACCESS_STATELESS (1u << 10)
/* authenticated by an EHR client's JWT (CDS Hooks 2.0), not by an API
 * key: the principal is the client's clinic in the role ehr_client; every
 * refusal is 401 with WWW-Authenticate: Bearer error="invalid_token" */
#define ACCESS_JWT       (1u << 11)
/* authenticated by a person's session cookie alone (the session itself:
 * GET and DELETE /v1/sessions/current) */
#define ACCESS_SESSION   (1u << 12)

/* A key: "paingen_" + 32 hex digits of its id + "_" + the secret, 43
 * base64url characters (32 random bytes). */
#define AUTH_KEY_PREFIX     "paingen_"
#define AUTH_SECRET_CHARS   43
#define AUTH_KEY_TEXT_CHARS (8 + 32 + 1 + AUTH_SECRET_CHARS)

void api_guard(struct http_req *req, struct http_res *res, const struct route *route);

/* The clinic and key of the request this thread is serving (NULL outside
 * one): handlers pass the clinic to every store call. */
const char *auth_clinic(void);
/* The key's or EHR client's id; NULL for a person's session. */
const char *auth_key_id(void);
/* The person's id, their session and its id (the SHA-256 of its token,
 * hex), for a request made with a session; else NULL. */
const char *auth_user_id(void);
struct session_info;
const struct session_info *auth_session(void);
const char *auth_session_id(void);

/* Adds ids (JSON strings joined with commas, or NULL) to the resources the
 * request's audit row names: the rows a list returned. */
void auth_note_resources(const char *ids);

/* The request changed this key (revoked it): it is forgotten by the key
 * cache once the change is committed. */
void auth_forget_key(const char *key_id);

/* A key's role by name (never ehr_client); the name of any role. */
bool auth_role_parse(const char *s, enum role *out);
const char *auth_role_name(enum role r);

/* A new secret (AUTH_SECRET_CHARS + 1 bytes) and the hex SHA-256 stored
 * for it; false when the kernel gave no random bytes. */
bool auth_secret_new(char secret[AUTH_SECRET_CHARS + 1], char hash_hex[2 * SHA256_BYTES + 1]);
/* The key text for an id (a uuid) and its secret. */
void auth_key_text(const char *id, const char *secret, char out[AUTH_KEY_TEXT_CHARS + 1]);

#endif
