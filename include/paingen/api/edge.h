/* The edge of every handler: decode JSON strictly, collect every
 * validation error (so a 4xx names each bad field and nothing invalid
 * reaches the store), and turn store errors into responses. */
#ifndef PAINGEN_API_EDGE_H
#define PAINGEN_API_EDGE_H

#include "paingen/http/exchange.h"

#include "paingen/scoring/vocabulary.h"

#include <jansson.h>
#include <time.h>
#include <stdbool.h>
#include <stdint.h>

/* Decodes the body as one JSON object. On success returns a new
 * reference; otherwise fills res (415 wrong media type, 400 malformed
 * JSON with line and column, 422 not an object) and returns NULL. */
json_t *edge_body_object(const struct http_req *req, struct http_res *res);

/* At most this many errors are listed: a body of a million unknown fields
 * must not earn a ten-million-byte answer. The 422's detail counts them
 * all. Must match maxItems of "errors" in openapi.yaml. */
#define VALIDATION_MAX_ERRORS 50
#define VALIDATION_PREFIX_MAX 128

/* Validation errors for one request, as RFC 9457 "errors" members
 * {"pointer": "/birth_date", "detail": "..."}. Starts zeroed. */
struct validation {
    json_t *errors; /* owned array of the first VALIDATION_MAX_ERRORS, NULL until one */
    size_t count;   /* every error added, listed or not */
    /* Prepended to pointers: "/prior_care/0" while that element's members
     * are validated. Set and restored by validate_next_element alone. */
    char prefix[VALIDATION_PREFIX_MAX];
};

void validation_add(struct validation *v, const char *pointer, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* True when no error was added. Aborts when called inside an array
 * element (a loop over validate_next_element left before its end). */
bool validation_ok(const struct validation *v);
/* Answers 422 listing the errors (the first VALIDATION_MAX_ERRORS), its
 * detail counting all of them; consumes them. Aborts as validation_ok. */
void validation_reply(struct validation *v, const struct http_req *req, struct http_res *res);
/* Releases the errors without replying. NULL-safe. */
void validation_cleanup(struct validation *v);

/* Each member of obj not in allowed (NULL-terminated) is an error. */
void validate_known_fields(struct validation *v, json_t *obj, const char *const *allowed);
/* Each query parameter not in allowed is an error. */
void validate_known_query(struct validation *v, const struct http_req *req,
                          const char *const *allowed);

/* A string member of 1..max_len characters (UTF-8 code points). Returns
 * the borrowed value, or NULL (with an error when required or mistyped). */
const char *validate_string(struct validation *v, json_t *obj, const char *key, bool required,
                            size_t max_len);
/* A string member that must be one of choices (NULL-terminated). */
const char *validate_enum(struct validation *v, json_t *obj, const char *key, bool required,
                          const char *const *choices);
/* A calendar date "YYYY-MM-DD" between min_date and today (UTC). */
const char *validate_date(struct validation *v, json_t *obj, const char *key, bool required,
                          const char *min_date);

/* The elements of the array member key (array: as validate_array
 * returned it, NULL when absent), each an object whose members are among
 * fields. Start with array, key and fields set, the rest zero:
 *     struct validation_elements it = {.array = in, .key = "readings", .fields = fields};  */
struct validation_elements {
    json_t *array;
    const char *key;
    const char *const *fields;
    size_t index; /* of the element validate_next_element returned last */
    size_t next;
    size_t outside; /* the prefix's length outside the array */
    bool inside;
};
/* The next element of it that is an object (one that is not is an error
 * at "/key/i", as is each member not in fields), with v's pointers under
 * "/key/i" until the next call; NULL at the end, with v's prefix as it
 * was before the first call. Call it until NULL:
 *     for (json_t *e; (e = validate_next_element(v, &it));)  */
json_t *validate_next_element(struct validation *v, struct validation_elements *it);
/* An integer member in [min, max]; false when absent or invalid (an
 * error is added when required or invalid). */
bool validate_int(struct validation *v, json_t *obj, const char *key, bool required, int64_t min,
                  int64_t max, int64_t *out);
/* An RFC 3339 timestamp with a time zone (offsets up to 15:59, as
 * PostgreSQL accepts), from 1900 on and not in the future (a few minutes
 * of clock skew allowed). On success utc holds it in UTC the way every
 * timestamp leaves the service: 2026-11-21T14:03:00.000000Z. */
bool validate_timestamp(struct validation *v, json_t *obj, const char *key, bool required,
                        char utc[32]);
/* s as validate_timestamp reads it, in the future too; *when its time. */
bool edge_utc_timestamp(const char *s, char utc[32], time_t *when);
#define EDGE_TIMESTAMP_HINT "must be an RFC 3339 date-time with a zone, e.g. 2026-11-21T14:03:00Z"
/* An array member of at most max elements; NULL when absent (an error
 * when required) or not an array. */
json_t *validate_array(struct validation *v, json_t *obj, const char *key, bool required,
                       size_t max);
/* An object element of an array, pointer "/key/index"; NULL (with an
 * error) when it is not an object. */
json_t *validate_object_at(struct validation *v, json_t *array, const char *key, size_t index);

/* A vocabulary code of kind at pointer ptr, belonging to region (0: the
 * region is unknown, not checked); errors name the code. Returns the
 * entry, or NULL when the code is unknown. */
const struct vocab_entry *validate_code(struct validation *v, const char *ptr, const char *code,
                                        enum vocab_kind kind, unsigned region);
/* The member key as a spinal level ("L4-L5"): required when e needs one,
 * refused when e takes none, optional when e is NULL. NULL when absent
 * or invalid (with an error). */
const char *validate_level(struct validation *v, json_t *obj, const char *key,
                           const struct vocab_entry *e);
/* The path parameter {id} when it is a UUID in lower case (the server
 * lowers every UUID of a path before routing it: router_path_canonical);
 * otherwise answers 404 "no <what> with this id" and returns NULL (a
 * malformed id names nothing). */
const char *edge_path_id(const struct http_req *req, struct http_res *res, const char *what);

/* For operations that take no query parameters: answers 422 naming any
 * that came and returns false. */
bool edge_no_query(const struct http_req *req, struct http_res *res);
/* Reads If-Match: "N" (a strong ETag this service gave out) into
 * *version. Answers 428 when it is absent and 412 when malformed (it can
 * match nothing), returning false. */
bool edge_if_match(const struct http_req *req, struct http_res *res, int *version);
/* Takes the optional "status" member out of a correction's body:
 * "active", "entered_in_error" (static storage), or NULL when absent
 * (the status stays as it was). */
const char *edge_take_status(struct validation *v, json_t *body);

/* Answers a store error: 404 naming what, 409, 503 with Retry-After,
 * 504, or 500 for anything unexpected. */
void edge_reply_error(const struct http_req *req, struct http_res *res, enum pg_err err,
                      const char *what);

/* True for exactly "YYYY-MM-DD" naming a real calendar day. */
bool edge_valid_date(const char *s);
/* True for a UUID text in lower or upper case (parse_uuid gives its
 * canonical, lower-case spelling). */
bool edge_is_uuid(const char *s);
/* Today's date in UTC as "YYYY-MM-DD". */
void edge_today(char out[11]);

#endif
