/* The service's one error table: each code with its HTTP status, the
 * problem-type slug and the title sent in application/problem+json. */
#ifndef PAINGEN_CORE_ERROR_H
#define PAINGEN_CORE_ERROR_H

#define PG_ERR_MAP(X)                                                              \
    X(OK, 200, "ok", "OK")                                                         \
    X(BAD_JSON, 400, "bad-json", "Request body is not valid JSON")                 \
    X(BAD_REQUEST, 400, "bad-request", "Bad request")                              \
    X(UNAUTHORIZED, 401, "unauthorized", "A valid API key is required")            \
    X(INVALID_TOKEN, 401, "invalid-token", "A valid EHR client token is required") \
    X(NO_SESSION, 401, "unauthorized", "A valid session is required")              \
    X(SIGN_IN_FAILED, 401, "sign-in-failed", "Wrong email or password")            \
    X(FORBIDDEN, 403, "forbidden", "The key's role does not allow this")           \
    X(CSRF, 403, "csrf", "Cross-site request refused")                             \
    X(NOT_FOUND, 404, "not-found", "Not found")                                    \
    X(METHOD_NOT_ALLOWED, 405, "method-not-allowed", "Method not allowed")         \
    X(NOT_ACCEPTABLE, 406, "not-acceptable", "No acceptable representation")       \
    X(CONFLICT, 409, "conflict", "Conflict")                                       \
    X(TOO_MANY_RECORDS, 409, "too-many-records",                                   \
      "The consultation holds as many records as it may")                          \
    X(TOO_MANY_VERSIONS, 409, "too-many-versions", "Too many versions")            \
    X(PRECONDITION_FAILED, 412, "precondition-failed", "Precondition failed")      \
    X(PRECONDITION_REQUIRED, 428, "precondition-required", "If-Match required")    \
    X(TOO_LARGE, 413, "payload-too-large", "Request body too large")               \
    X(UNSUPPORTED_MEDIA, 415, "unsupported-media-type", "Unsupported media type")  \
    X(INVALID, 422, "validation", "Input failed validation")                       \
    X(INVALID_REGION, 422, "validation", "Input failed validation")                \
    X(IDEMPOTENCY_MISMATCH, 422, "idempotency-key-reused",                         \
      "Idempotency-Key was used for a different request")                          \
    X(RATE_LIMITED, 429, "rate-limited", "Too many requests")                      \
    X(HEADERS_TOO_LARGE, 431, "headers-too-large", "Too many header fields")       \
    X(INTERNAL, 500, "internal", "Internal server error")                          \
    X(DB_UNAVAILABLE, 503, "database-unavailable", "Database unavailable")         \
    X(BUSY, 503, "busy", "All database connections are busy")                      \
    X(DB_TIMEOUT, 504, "database-timeout", "Database did not answer in time")

enum pg_err {
#define PG_ERR_ENUM(name, status, slug, title) PG_ERR_##name,
    PG_ERR_MAP(PG_ERR_ENUM)
#undef PG_ERR_ENUM
        PG_ERR__COUNT
};

/* HTTP status for an error code. */
int pg_err_status(enum pg_err err);
/* Problem type slug, e.g. "bad-json"; static storage. */
const char *pg_err_slug(enum pg_err err);
/* Human title, e.g. "Request body is not valid JSON"; static storage. */
const char *pg_err_title(enum pg_err err);

#define PG_MUST_USE __attribute__((warn_unused_result))

#endif
