/* Assessments: the case a consultation's records make, read for scoring,
 * and the answers kept unchanged once given. Representations are built
 * by PostgreSQL; inputs and result are stored as text, byte for byte. */
#ifndef PAINGEN_STORE_ASSESSMENTS_H
#define PAINGEN_STORE_ASSESSMENTS_H

#include "paingen/core/buf.h"
#include "paingen/core/error.h"
#include "paingen/store/page.h"
#include "paingen/store/pool.h"

#include <stdbool.h>

/* The consultation's case as POST /v1/score takes it (appended to
 * inputs): region, the patient's age on the day of the consultation,
 * symptom weeks, prior care and candidacy facts (with a corticosteroid
 * injection of the past month as its candidacy fact), and its active records
 * (current findings; each imaging finding; blocks, a pair only when both
 * are active), in recording order, leaving out those of the other side
 * of a one-sided consultation. based_on receives [{kind, id, version}]
 * of those records; *active is false for a consultation entered in
 * error. Read on c, inside the caller's transaction; NOT_FOUND when the
 * clinic has no such consultation. */
enum pg_err store_assessment_inputs(struct store_conn *c, const char *clinic,
                                    const char *consultation_id, struct buf *inputs,
                                    struct buf *based_on, bool *active) PG_MUST_USE;

struct assessment_row {
    const char *consultation_id;
    const char *model_version;
    const char *inputs;   /* JSON text */
    const char *based_on; /* JSON text */
    const char *result;   /* JSON text */
};

/* Stores an assessment on c (the SHA-256 of inputs computed by
 * PostgreSQL); id and its representation (appended to json) out. */
enum pg_err store_assessment_insert(struct store_conn *c, const char *clinic,
                                    const struct assessment_row *a, char id[37],
                                    struct buf *json) PG_MUST_USE;

/* One assessment's representation (appended to json); NOT_FOUND. */
enum pg_err store_assessment_get(struct store_pool *p, const char *clinic, const char *id,
                                 struct buf *json) PG_MUST_USE;

/* The day (YYYY-MM-DD, UTC) the assessment with this id was made, read on
 * c, when it is one of the consultation's; NOT_FOUND otherwise. */
enum pg_err store_assessment_day(struct store_conn *c, const char *clinic,
                                 const char *consultation_id, const char *assessment_id,
                                 char day[11]) PG_MUST_USE;

/* A page of a consultation's assessments, oldest first, as summaries;
 * NOT_FOUND when the consultation does not exist. */
enum pg_err store_assessment_list(struct store_pool *p, const char *clinic,
                                  const char *consultation_id, const struct store_page_req *req,
                                  struct store_page *out) PG_MUST_USE;

#endif
