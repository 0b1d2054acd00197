/* The ranking: for each pain generator of the case's region, posterior
 * odds = prior odds x the product of the likelihood ratios of the
 * evidence, computed in log-odds, with every factor listed so that a
 * clinician can redo the arithmetic. Structs in, structs out. */
#ifndef PAINGEN_SCORING_RANK_H
#define PAINGEN_SCORING_RANK_H

#include "paingen/scoring/blocks.h"
#include "paingen/scoring/model.h"

#include <stdbool.h>
#include <stddef.h>

struct case_finding {
    const char *code; /* VOCAB_FINDING */
    bool positive;
};

struct case_imaging {
    const char *code;  /* VOCAB_IMAGING_FINDING present on the study */
    const char *grade; /* may be NULL */
    const char *level; /* "L4-L5" ..., may be NULL */
    const char *side;  /* may be NULL */
};

/* A case as recorded. Findings in recording order: the same test recorded
 * twice counts once, the latest result wins. Findings the case already
 * states (age over 65, from age) need not be recorded. */
struct scoring_case {
    unsigned region; /* one enum vocab_region bit */
    int age;         /* years; imaging is weighed by how common it is at this age */
    const struct case_finding *findings;
    size_t n_findings;
    const struct case_imaging *imaging;
    size_t n_imaging;
    const struct case_block *blocks;
    size_t n_blocks;
};

#define RANK_MAX_GENERATORS    8
#define RANK_MAX_CONTRIBUTIONS 24 /* above any generator's rows; a unit test checks */

enum contribution_kind { CONTRIB_FINDING, CONTRIB_CLUSTER, CONTRIB_IMAGING, CONTRIB_BLOCK };

/* One factor of a generator's posterior, or a piece of evidence shown but
 * not applied (applied false, lr 1, why in detail). */
struct contribution {
    enum contribution_kind kind;
    const char *code;   /* the finding, cluster, imaging finding or block target */
    const char *result; /* "positive", "negative", "concordant", "present" ... */
    const char *grade;  /* imaging: the grade of the model row applied, or NULL */
    double lr;
    bool applied;
    const struct source *source; /* NULL when nothing was applied */
    char detail[160];
};

struct ranked_generator {
    const struct model_generator *generator;
    double prior;
    double posterior;
    struct contribution contributions[RANK_MAX_CONTRIBUTIONS];
    size_t n_contributions;
};

struct ranking {
    struct ranked_generator items[RANK_MAX_GENERATORS]; /* most probable first */
    size_t n;
};

/* Ranks the generators of c->region. Deterministic: the same case gives
 * the same ranking, ties broken by generator code. */
void scoring_rank(const struct scoring_case *c, struct ranking *out);

/* "finding", "cluster", "imaging", "block". */
const char *contribution_kind_name(enum contribution_kind k);

#endif
