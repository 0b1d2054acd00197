/* What findings, imaging and blocks share: a validated draft is recorded
 * under its consultation once the consultation's region has been checked
 * against every code; reads and lists by kind. */
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
    enum record_kind kind;
    json_t *doc; /* owned: the validated fields */
    struct region_check checks[RECORD_MAX_CHECKS];
    size_t n_checks;
    const char *comparative_of; /* blocks: must be a block of the same consultation */
};

/* Remembers that entry (found at pointer) must belong to the
 * consultation's region. */
void records_check_region(struct record_draft *d, const char *pointer,
                          const struct vocab_entry *entry);
/* Records d under the consultation in the path ({id}), answering 201, 404
 * or 422 (with v's errors and those found against the consultation).
 * Frees d->doc. */
void records_create(const struct http_req *req, struct http_res *res, struct record_draft *d,
                    struct validation *v);
/* GET /v1/<kind>/{id} and GET /v1/consultations/{id}/<kind>. */
void records_get(const struct http_req *req, struct http_res *res, enum record_kind kind);
void records_list(const struct http_req *req, struct http_res *res, enum record_kind kind);

#endif
