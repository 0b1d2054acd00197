/* Requests refused by their key's rate limit (429), counted in memory so
 * that a flood of them costs the database nothing per request: a thread
 * hands what was counted to a writer once a second, one row per key,
 * method and route with the number refused, and what is left once more
 * when the log is freed. Thread-safe. */
#ifndef PAINGEN_CORE_REFUSALS_H
#define PAINGEN_CORE_REFUSALS_H

#include "paingen/core/error.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Rows that can wait to be written at once; a refusal that needs one more
 * is not counted, and the next flush logs how many were not. */
#define REFUSAL_LOG_ROWS 2048

/* The refusals of one key, method and route since the last write: the
 * other details are those of the first of them. */
struct refusal {
    char clinic[37];
    char key_id[37]; /* the key's, the EHR client's, or the person's id (user) */
    bool user;       /* key_id is a person's (a session's request) */
    char role[16];
    char method[16];
    char route[128]; /* the route template */
    char request_id[65];
    char client_addr[64];
    double at;     /* wall-clock seconds since the epoch */
    int64_t count; /* requests refused */
};

/* Writes rows (n > 0) to the database: OK when all of them are. */
typedef enum pg_err refusal_write_fn(void *ctx, const struct refusal *rows, size_t n);

struct refusal_log;

/* An empty log whose rows go to write(ctx, ...); nothing is written until
 * refusal_log_start or refusal_log_flush. */
struct refusal_log *refusal_log_new(refusal_write_fn *write, void *ctx);
/* Starts the thread that flushes the log once a second. */
void refusal_log_start(struct refusal_log *l);
/* Stops the thread, flushes once more and frees the log; the writer's ctx
 * must still be usable. NULL-safe. */
void refusal_log_free(struct refusal_log *l);

/* Counts r->count refusals of r's key, method and route; the first since
 * the last write keeps r's details (the earliest, when rows are given
 * back). False when REFUSAL_LOG_ROWS other rows wait already: not
 * counted. */
bool refusal_log_add(struct refusal_log *l, const struct refusal *r);

/* Hands everything counted to the writer; what it could not write is
 * counted again, for the next flush. Returns the writer's result (OK when
 * there was nothing to write). */
enum pg_err refusal_log_flush(struct refusal_log *l);

#endif
