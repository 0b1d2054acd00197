/* The next best diagnostic step: for each test, cluster or block of the
 * region not yet done, the expected reduction in the entropy of the
 * ranking (the sum of the generators' binary entropies, in bits) if it
 * were done, from its accuracy and the current posteriors. */
#ifndef PAINGEN_SCORING_NEXT_STEP_H
#define PAINGEN_SCORING_NEXT_STEP_H

#include "paingen/scoring/rank.h"

#define NEXT_STEPS 3

/* Imaging is not offered: the engine weighs only signs present (their
 * absence has no figure applied yet), so its expected gain is not
 * comparable. */
enum step_kind { STEP_FINDING, STEP_CLUSTER, STEP_BLOCK };

struct next_step {
    enum step_kind kind;
    const char *code;      /* the test, cluster, block target or imaging finding */
    const char *generator; /* the generator it informs most */
    double expected_gain_bits;
};

struct next_steps {
    struct next_step items[NEXT_STEPS]; /* best first */
    size_t n;
};

/* Ranks the steps not yet done for the case, given its ranking. */
void scoring_next_steps(const struct scoring_case *c, const struct ranking *r,
                        struct next_steps *out);

/* "finding", "cluster", "block". */
const char *step_kind_name(enum step_kind k);

#endif
