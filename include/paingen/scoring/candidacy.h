/* Candidacy for regenerative treatment: a verdict with every reason and
 * the fact or rule that triggered it. Contraindications and referrals
 * follow their sources; where no published figure exists (how long is too
 * early, what is an adequate trial of conservative care, how probable the
 * top generator must be) the rule is a stated clinical convention and says
 * so. */
#ifndef PAINGEN_SCORING_CANDIDACY_H
#define PAINGEN_SCORING_CANDIDACY_H

#include "paingen/scoring/rank.h"

#include <stdbool.h>
#include <stddef.h>

/* From the most to the least severe: the verdict is the most severe of
 * the reasons. */
enum verdict {
    VERDICT_CONTRAINDICATED,
    VERDICT_REFER_SURGERY,
    VERDICT_DEFER,
    VERDICT_CONVENTIONAL_FIRST,
    VERDICT_NEEDS_WORKUP,
    VERDICT_CANDIDATE,
};

struct case_fact {
    const char *code; /* VOCAB_CANDIDACY_FACT */
    bool present;     /* false: checked and absent */
};

struct case_care {
    const char *type; /* VOCAB_CARE_TYPE */
    int weeks;        /* -1 when not recorded */
};

struct candidacy_input {
    unsigned region;
    int symptom_weeks;
    const struct case_fact *facts;
    size_t n_facts;
    const struct case_care *care;
    size_t n_care;
    const struct ranking *ranking; /* of the same case */
    const struct scoring_case *c;  /* its imaging can decide too; may be NULL */
};

#define CANDIDACY_MAX_REASONS 48 /* every fact rule, imaging rule and workflow rule at once */

struct candidacy_reason {
    enum verdict verdict;
    const char *code;   /* the fact, or the rule ("too_early", ...) */
    const char *source; /* citation, or the convention's origin */
    bool convention;    /* no published figure behind it */
    char detail[160];
};

struct candidacy {
    enum verdict verdict;
    struct candidacy_reason reasons[CANDIDACY_MAX_REASONS];
    size_t n;
};

void scoring_candidacy(const struct candidacy_input *in, struct candidacy *out);

/* "contraindicated", "refer_for_surgical_evaluation", "defer",
 * "conventional_care_first", "needs_work_up", "candidate". */
const char *verdict_name(enum verdict v);

/* Thresholds of the stated conventions, exposed for the explanation. */
#define CANDIDACY_MIN_SYMPTOM_WEEKS 12 /* chronic: three months */
#define CANDIDACY_MIN_CARE_WEEKS    6  /* an adequate trial of restorative therapy */
#define CANDIDACY_MIN_TOP_POSTERIOR 0.60

#endif
