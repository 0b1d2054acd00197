/* Priors that fit the patient: each source's share of the region's chronic
 * pain for the patient's age band and, for the knee, radiographic
 * osteoarthritis (recorded, or its prevalence at that age when no
 * radiograph is recorded). "Another source" takes what the modelled
 * sources leave, so the priors of a region sum to 1. */
#ifndef PAINGEN_SCORING_PRIORS_H
#define PAINGEN_SCORING_PRIORS_H

#include "paingen/scoring/model.h"

#include <stddef.h>

struct case_imaging; /* rank.h */

struct prior_fit {
    double prior;
    const struct source *source; /* the table row's, or the convention's */
    /* how the number was reached, e.g. "age 34: band 0-39" or the knee's
     * mixture "0.28 x 0.61 + 0.72 x 0.10" */
    char basis[240];
};

/* What the knee's priors were conditioned on. */
struct prior_oa_basis {
    enum prior_oa oa; /* PRIOR_OA_ANY: no radiograph graded, the age's prevalence used */
    const struct case_imaging *radiograph; /* the graded finding used, or NULL */
    double p_oa;                           /* the chance of radiographic OA used */
};

/* Fits the prior of each generator g[0..n) of one region (in the model's
 * order, another source last) for a patient of this age and imaging (a
 * radiograph of the other side of a one-sided case does not count); out[i]
 * for g[i]. oa (may be NULL) receives what the knee was conditioned on. */
void scoring_priors(const struct model_generator *const *g, size_t n, int age, const char *side,
                    const struct case_imaging *imaging, size_t n_imaging, struct prior_fit *out,
                    struct prior_oa_basis *oa);

#endif
