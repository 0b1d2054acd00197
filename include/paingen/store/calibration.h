/* SQL for the calibration report: the predictions of a clinic's
 * assessments set against the blocks recorded after them, the follow-ups
 * of the treatments that followed them, and the CDS Hooks feedback on the
 * cards that showed them, in one statement. Rows are handed to the caller
 * as read. */
#ifndef PAINGEN_STORE_CALIBRATION_H
#define PAINGEN_STORE_CALIBRATION_H

#include "paingen/core/buf.h"
#include "paingen/core/error.h"
#include "paingen/store/pool.h"

#include <stdbool.h>
#include <stddef.h>

/* Which assessments: each bound NULL for any. from and to are RFC 3339
 * times in UTC (from inclusive, to exclusive). */
struct calibration_scope {
    const char *region;
    const char *model_version;
    const char *from, *to;
};

/* How blocks verify sources: a block of targets[i] verifies the group
 * groups[i], which holds generators[i] (a target of several generators
 * appears once for each, under one group). */
struct calibration_map {
    const char *const *targets;
    const char *const *groups;
    const char *const *generators;
    size_t n;
};

/* The most reference pairs one report reads (a clinic's size is 100,000
 * assessments, a few blocked sources each). */
#define STORE_CALIBRATION_MAX_PAIRS 1000000

/* One row of the report, by kind:
 *   "pair": key a group, p the index assessment's probability of it, y
 *           whether the reference block was positive;
 *   "indeterminate": key a group, n the consultations whose reference of
 *           it read indeterminate (no pair);
 *   "state": key "verified", "indeterminate" or "unverified", gen the
 *           index assessment's predicted source, n consultations, sum_p
 *           the sum of their predicted source's probability;
 *   "response": key the treatments' placement ("predicted": at the
 *           predicted source of the assessment they followed;
 *           "elsewhere": at another source; "no_source": at none), gen
 *           the source (NULL for none), time_point, band (the
 *           assessment's probability of the treated source times 5,
 *           0..4; -1 for none), response ("substantial", "moderate",
 *           "none", "unknown": nothing to measure it by, "lost"), n;
 *   "cds": key the CDS Hooks feedback as JSON: {cards,
 *           cards_with_feedback, accepted, overridden, override_reasons:
 *           [{system, code, display, n}]}. */
struct calibration_row {
    const char *kind;
    const char *key;
    const char *gen, *time_point, *response; /* NULL when the kind has none */
    int band;
    double p, sum_p;
    bool y;
    long long n;
};
typedef void calibration_row_fn(void *arg, const struct calibration_row *row);

/* The report's rows for the clinic's assessments in scope, handed to fn.
 *
 * Diagnosis: per consultation, its index assessment (the one that stood
 * when the first block of a mapped target was recorded after an
 * assessment in scope; else its latest in scope), and for each group
 * blocked since, the latest block's reading (a pair's when the block
 * completes a pair).
 *
 * Treatment response: the active treatments that name an assessment in
 * scope, and for each time point their latest active follow-up; a
 * response is the larger of the relief reported and the fall of the NRS
 * from the treatment's baseline (the consultation's pain_nrs when it has
 * none), in percent: substantial at 50 or more, moderate at 30 or more.
 *
 * TOO_MANY_RECORDS beyond STORE_CALIBRATION_MAX_PAIRS pairs. */
enum pg_err store_calibration_read(struct store_pool *p, const char *clinic,
                                   const struct calibration_scope *s,
                                   const struct calibration_map *m, calibration_row_fn *fn,
                                   void *arg) PG_MUST_USE;

#endif
