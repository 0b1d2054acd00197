/* The treatment target: the most likely modelled source, localised to a
 * level and side by the block or the imaging that weighed for it (else the
 * consultation's side, and it says so); the image
 * guidance for that target and the therapy tier by severity, each with
 * its source or marked as a stated convention. Proposed only for a
 * candidate. */
#ifndef PAINGEN_SCORING_PLAN_H
#define PAINGEN_SCORING_PLAN_H

#include "paingen/scoring/candidacy.h"
#include "paingen/scoring/rank.h"

#include <stdbool.h>

struct treatment_plan {
    bool proposed;         /* the verdict is candidate */
    const char *generator; /* code of the target generator; NULL without a ranking */
    const char *structure; /* its label */
    const char *level;     /* NULL when nothing localises it */
    const char *side;
    const char *side_from; /* "block", "imaging", "consultation"; NULL without a side */
    const char *guidance;  /* "fluoroscopy" or "ultrasound" */
    const struct source *guidance_source;
    const char *tier; /* "prp" or "cell_based" */
    char tier_reason[160];
    const char *therapy;        /* e.g. "Platelet-rich plasma" */
    const char *evidence_level; /* as the source states it */
    const struct source *therapy_source;
};

void scoring_plan(const struct scoring_case *c, const struct ranking *r, enum verdict verdict,
                  struct treatment_plan *out);

#endif
