/* The ranking: a differential over the sources of the case's region and
 * "another source" (what the model does not cover), with probabilities
 * that sum to 1. Each source starts from a prior fitted to the patient;
 * each piece of evidence is applied as its target against the rest (the
 * target's weight times its likelihood ratio, the others' unchanged) or,
 * where the study gives it per source, as each source's own likelihood;
 * then the weights are normalised. Every factor is listed so that a
 * clinician can redo the arithmetic. Structs in, structs out. */
#ifndef PAINGEN_SCORING_RANK_H
#define PAINGEN_SCORING_RANK_H

#include "paingen/scoring/blocks.h"
#include "paingen/scoring/model.h"
#include "paingen/scoring/priors.h"

#include <stdbool.h>
#include <stddef.h>

/* The most a case may hold; the edge refuses more (422). */
#define SCORING_MAX_FINDINGS 200
#define SCORING_MAX_IMAGING  100
#define SCORING_MAX_BLOCKS   20
#define SCORING_MAX_SITES    40

struct case_finding {
    const char *code; /* VOCAB_FINDING */
    bool positive;
    const char *side; /* left, right, bilateral, midline; NULL: not recorded */
};

struct case_imaging {
    const char *code;  /* VOCAB_IMAGING_FINDING present on the study */
    const char *grade; /* may be NULL */
    const char *level; /* "L4-L5" ..., may be NULL */
    const char *side;  /* may be NULL */
};

/* Where pain is felt, or (present false) checked and not felt. */
struct case_site {
    const char *code; /* VOCAB_PAIN_SITE */
    bool present;
};

/* A case as recorded. Findings in recording order: the same test recorded
 * twice counts once, the latest result wins (sites likewise). Findings the
 * case already states (age over 65, from age) need not be recorded.
 * Findings, imaging and blocks recorded on the side opposite to the case's
 * (left against right) are listed, not weighed. */
struct scoring_case {
    unsigned region;  /* one enum vocab_region bit */
    int age;          /* years: the priors and the imaging's weight follow it */
    const char *side; /* the consultation's: left, right, bilateral, midline; may be NULL */
    const struct case_finding *findings;
    size_t n_findings;
    const struct case_imaging *imaging;
    size_t n_imaging;
    const struct case_block *blocks;
    size_t n_blocks;
    const struct case_site *sites;
    size_t n_sites;
};

#define RANK_MAX_GENERATORS    8
/* Above every source's model rows plus SCORING_MAX_BLOCKS (each block of a
 * source is listed); a unit test checks the sum. */
#define RANK_MAX_CONTRIBUTIONS 64
#define RANK_MAX_UNWEIGHED \
    (SCORING_MAX_FINDINGS + SCORING_MAX_IMAGING + SCORING_MAX_BLOCKS + SCORING_MAX_SITES)

enum contribution_kind {
    CONTRIB_FINDING,
    CONTRIB_CLUSTER,
    CONTRIB_IMAGING,
    CONTRIB_BLOCK,
    CONTRIB_SITE,
};

/* One factor of a source's weight, or a piece of evidence shown but not
 * applied (applied false, lr and factor 1, why in detail). factor is what
 * multiplies the source's weight (lr for a target-against-the-rest test,
 * the source's own likelihood for a pain site); lr is the evidence for
 * this source against the rest at the priors. */
struct contribution {
    enum contribution_kind kind;
    const char *code;   /* the finding, cluster, imaging finding, block target or site */
    const char *result; /* "positive", "negative", "concordant", "present", "absent" ... */
    const char *grade;  /* imaging: the grade of the model row applied, or NULL */
    double lr;
    double factor;
    bool applied;
    const struct source *source; /* NULL when nothing was applied */
    char detail[160];
};

struct ranked_generator {
    const struct model_generator *generator;
    struct prior_fit prior;
    double posterior;
    /* the strength of its own evidence: the product of the likelihood
     * ratios applied to it */
    double evidence_lr;
    /* not the main generator, yet its own evidence reaches
     * MODEL_CONTRIBUTING_LR: it may contribute too */
    bool contributing;
    struct contribution *contributions; /* into the ranking's pool */
    size_t n_contributions;
};

/* A recorded item that no source weighs, with the reason. */
struct unweighed_item {
    enum contribution_kind kind;
    const char *code;
    const char *result; /* "positive", "present", "absent", a grade, ... */
    const char *reason;
};

/* A ranking refers into itself (each source's contributions live in its
 * pool, so that sorting moves only the small headers): do not copy one. */
struct ranking {
    struct ranked_generator items[RANK_MAX_GENERATORS]; /* most probable first */
    size_t n;
    struct contribution pool[RANK_MAX_GENERATORS][RANK_MAX_CONTRIBUTIONS];
    struct unweighed_item unweighed[RANK_MAX_UNWEIGHED]; /* in recording order */
    size_t n_unweighed;
    struct prior_oa_basis oa; /* knee: what the priors were conditioned on */
    /* false if an item could not be listed (a bound too small): the
     * answer would hide evidence, so callers must refuse it */
    bool complete;
};

/* Ranks the sources of c->region. Deterministic: the same case gives the
 * same ranking, ties broken by generator code. */
void scoring_rank(const struct scoring_case *c, struct ranking *out);

/* Whether an item recorded on item_side lies on the other side of a case
 * on case_side (left against right); bilateral, midline and unrecorded
 * sides count for either. */
bool scoring_other_side(const char *case_side, const char *item_side);

/* The modelled source (not "another source") ranked highest, or NULL. */
const struct ranked_generator *rank_top_modelled(const struct ranking *r);

/* "finding", "cluster", "imaging", "block", "site". */
const char *contribution_kind_name(enum contribution_kind k);

#endif
