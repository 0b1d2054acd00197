/* What findings, imaging, blocks, treatments and follow-ups share: a
 * validated draft is recorded under its consultation once the
 * consultation's region has been checked against every code; reads and
 * lists by kind. */
#ifndef PAINGEN_API_RECORDS_H
#define PAINGEN_API_RECORDS_H

#include "paingen/api/edge.h"
#include "paingen/scoring/vocabulary.h"
#include "paingen/store/records.h"

#define RECORD_MAX_CHECKS 64

struct region_check {
    char pointer[64]; /* where the code is in the body */
    const struct vocab_entry *entry;
};

struct record_draft {
    json_t *doc; /* owned: the validated fields */
    struct region_check checks[RECORD_MAX_CHECKS];
    size_t n_checks;
    const char *comparative_of; /* blocks: must be a block of the same consultation */
    char comparative_id[37];    /* its lower-case spelling, as PostgreSQL prints it */
    char dated[32];             /* the record's date or time (YYYY-MM-DD...), not before birth */
    const char *dated_pointer;  /* where it is in the body; NULL: undated */
    /* blocks: checks and completes doc once the block it is paired with
     * (its stored fields and version) has been read, adding errors to v;
     * NULL for other records */
    void (*pair_with)(struct record_draft *d, json_t *first, int first_version,
                      struct validation *v);
    /* treatments and follow-ups: checks and completes doc against the
     * records it names (the assessment a treatment followed; the treatment
     * of a follow-up), read on c under the consultation's lock; self is
     * the record being corrected (NULL for a new one). Adds errors to v;
     * returns a store error, or CONFLICT for a state no body can fix.
     * NULL for other records. */
    enum pg_err (*resolve)(struct store_conn *c, struct record_draft *d,
                           const char *consultation_id, const char *self, struct validation *v);
    const char *parent_id; /* follow-ups on creation: the treatment, from the path */
};

/* Validates body (a finding, an imaging study or a block) into d,
 * adding errors to v. */
typedef void record_draft_fn(struct validation *v, json_t *body, struct record_draft *d);

/* Remembers that entry (found at pointer) must belong to the
 * consultation's region. */
void records_check_region(struct record_draft *d, const char *pointer,
                          const struct vocab_entry *entry);
/* POST /v1/consultations/{id}/<kind>: 201, 404 or 422 (with the errors of
 * the body and those found against the consultation's region). */
void records_create(const struct http_req *req, struct http_res *res, enum record_kind kind,
                    record_draft_fn *draft);
/* POST /v1/treatments/{id}/follow-ups: as records_create, under the
 * consultation of the treatment the path names (404 naming it when there
 * is none; 409 when it was entered in error). */
void records_create_follow_up(const struct http_req *req, struct http_res *res,
                              record_draft_fn *draft);
/* PUT /v1/<kind>/{id} with If-Match: a new version (200), 428 without
 * If-Match, 412 when it is stale, 409 when it has as many versions as
 * it may, 404, 422. The body may set "status" to "entered_in_error"
 * (nothing is deleted). */
void records_update(const struct http_req *req, struct http_res *res, enum record_kind kind,
                    record_draft_fn *draft);
/* The 409 of a correction refused for want of a version (what: "finding"
 * ..., "consultation"; version: its version), saying what the client can
 * still do. */
void records_reply_too_many_versions(const struct http_req *req, struct http_res *res,
                                     const char *what, int version);
/* GET /v1/<kind>/{id}, GET /v1/<kind>/{id}/history and
 * GET /v1/consultations/{id}/<kind> (follow-ups: GET
 * /v1/treatments/{id}/follow-ups). */
void records_get(const struct http_req *req, struct http_res *res, enum record_kind kind);
void records_history(const struct http_req *req, struct http_res *res, const char *resource,
                     const char *what);
void records_list(const struct http_req *req, struct http_res *res, enum record_kind kind);

#endif
