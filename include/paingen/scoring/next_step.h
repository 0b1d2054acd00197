/* The next diagnostic step, chosen by what it could change in the
 * decision: the treatment target (the leading source) and whether the case
 * can proceed (the leading source is modelled, at least
 * CANDIDACY_MIN_TOP_POSTERIOR and, in the lumbar spine, block-confirmed).
 * For each test, cluster or block not yet done (never one already done, a
 * cluster already decided or a block pair already complete), the
 * probability that its result changes that decision, from its accuracy and
 * the current differential; and the expected gain in the probability that
 * the leading source is the true one (the expected value of the
 * information). A step that could change nothing is not offered. When no
 * single step could change the decision of an unfinished work-up (a fresh
 * case whose leading source is far ahead), pairs of steps are judged, and
 * the first of each pair is offered naming the second (then). */
#ifndef PAINGEN_SCORING_NEXT_STEP_H
#define PAINGEN_SCORING_NEXT_STEP_H

#include "paingen/scoring/rank.h"

#define NEXT_STEPS               3
/* Steps weighed for one case: above every finding row, cluster and block
 * source of the model together (a unit test checks). */
#define NEXT_STEP_MAX_CANDIDATES 128

/* Imaging is not offered: the engine weighs only signs present (their
 * absence has no figure applied), so its value cannot be computed. */
enum step_kind { STEP_FINDING, STEP_CLUSTER, STEP_BLOCK };

struct next_step {
    enum step_kind kind;
    const char *code;      /* the test, cluster or block target */
    const char *generator; /* the source it tests */
    double p_change;       /* probability that its result changes the decision */
    /* expected rise in the leading source's probability, moving by what
     * the ranking would apply; where it applies less than a result's
     * accuracy implies (a negative screening block) it can be below 0 */
    double expected_gain;
    /* NULL, or when no single step could change the decision: the step
     * that, done after this one, makes the pair's p_change */
    const char *then;
};

struct next_steps {
    struct next_step items[NEXT_STEPS]; /* most likely to change the decision first */
    size_t n;
    /* when n is 0: why (e.g. "no further test would change the target or
     * the verdict"); NULL otherwise */
    const char *none;
};

/* Ranks the steps not yet done for the case, given its ranking. */
void scoring_next_steps(const struct scoring_case *c, const struct ranking *r,
                        struct next_steps *out);

/* "finding", "cluster", "block". */
const char *step_kind_name(enum step_kind k);

#endif
