/* The treatment target: localisation, guidance and tier. */
#include "unit.h"

#include "paingen/scoring/plan.h"
#include "paingen/scoring/vocabulary.h"

#include <string.h>

void test_plan(void)
{
    /* a knee with a medial meniscal tear: ultrasound, PRP while nothing is severe */
    const struct case_finding f[] = {{"knee_catching_locking", true, NULL},
                                     {"knee_joint_line_tenderness", true, NULL},
                                     {"knee_pain_forced_hyperextension", true, NULL},
                                     {"knee_pain_maximal_flexion", true, NULL},
                                     {"knee_mcmurray", true, NULL}};
    struct case_imaging im[] = {{.code = "knee_medial_meniscal_tear", .side = "left"},
                                {.code = "knee_osteoarthritis", .grade = "2"}};
    struct scoring_case c = {.region = REGION_KNEE,
                             .age = 45,
                             .findings = f,
                             .n_findings = 5,
                             .imaging = im,
                             .n_imaging = 2};
    struct ranking r;
    struct treatment_plan p;
    scoring_rank(&c, &r);
    scoring_plan(&c, &r, VERDICT_CANDIDATE, &p);
    CHECK(p.proposed && strcmp(p.generator, "knee_medial_meniscus") == 0);
    CHECK(p.side && strcmp(p.side, "left") == 0); /* from the MRI that weighed for it */
    CHECK(strcmp(p.guidance, "ultrasound") == 0 && p.guidance_source);
    CHECK(strcmp(p.tier, "prp") == 0 && p.therapy_source && p.evidence_level);
    /* Kellgren-Lawrence 3 is severe disease of the cartilage, not of the
     * meniscus treated: the tier stays PRP */
    im[1].grade = "3";
    scoring_plan(&c, &r, VERDICT_CANDIDATE, &p);
    CHECK(strcmp(p.tier, "prp") == 0);
    /* ... and is the cell-based tier when the cartilage is the target */
    c.n_findings = 0;
    c.imaging = &im[1];
    c.n_imaging = 1;
    scoring_rank(&c, &r);
    scoring_plan(&c, &r, VERDICT_CANDIDATE, &p);
    CHECK(strcmp(p.generator, "knee_cartilage_oa") == 0);
    CHECK(strcmp(p.tier, "cell_based") == 0 && strstr(p.tier_reason, "knee_osteoarthritis"));
    /* not a candidate: the target is shown, not proposed */
    scoring_plan(&c, &r, VERDICT_DEFER, &p);
    CHECK(!p.proposed && p.generator);

    /* an SIJ confirmed by a positive block at the right: fluoroscopy, side from the block */
    const struct block_reading relief[] = {{30, 1}};
    const struct case_finding sij[] = {{"sij_distraction", true, NULL},
                                       {"sij_thigh_thrust", true, NULL},
                                       {"sij_compression", true, NULL},
                                       {"sij_sacral_thrust", true, NULL},
                                       {"sij_gaenslen", true, NULL}};
    struct case_block b = {.target = "sij_intraarticular",
                           .side = "right",
                           .baseline_nrs = 7,
                           .readings = relief,
                           .n_readings = 1,
                           .pair_of = -1};
    struct scoring_case l = {.region = REGION_LUMBAR,
                             .age = 60,
                             .findings = sij,
                             .n_findings = 5,
                             .blocks = &b,
                             .n_blocks = 1};
    scoring_rank(&l, &r);
    scoring_plan(&l, &r, VERDICT_CANDIDATE, &p);
    CHECK_MSG(strcmp(p.generator, "lumbar_sij") == 0, "top %s", p.generator);
    CHECK(p.side && strcmp(p.side, "right") == 0 && strcmp(p.guidance, "fluoroscopy") == 0);

    /* a positive subacromial block is not weighed (no accuracy figure) but
     * still shows the side; a partial cuff tear makes it cell-based */
    const struct case_finding arc[] = {{"shoulder_painful_arc", true, NULL}};
    struct case_imaging tear = {.code = "shoulder_supraspinatus_partial_tear", .side = "left"};
    struct case_block sa = {.target = "subacromial",
                            .side = "left",
                            .baseline_nrs = 5,
                            .readings = relief,
                            .n_readings = 1,
                            .pair_of = -1};
    struct scoring_case s = {.region = REGION_SHOULDER,
                             .age = 50,
                             .findings = arc,
                             .n_findings = 1,
                             .imaging = &tear,
                             .n_imaging = 1,
                             .blocks = &sa,
                             .n_blocks = 1};
    scoring_rank(&s, &r);
    scoring_plan(&s, &r, VERDICT_CANDIDATE, &p);
    CHECK_MSG(strcmp(p.generator, "shoulder_subacromial_pain") == 0, "top %s", p.generator);
    CHECK(p.side && strcmp(p.side, "left") == 0 && strcmp(p.tier, "cell_based") == 0);
    tear.side = "right"; /* a tear of the other shoulder does not set the tier */
    scoring_plan(&s, &r, VERDICT_CANDIDATE, &p);
    CHECK(strcmp(p.tier, "prp") == 0);
    sa.readings = (const struct block_reading[]){{30, 4}}; /* 20%: negative, no site */
    scoring_rank(&s, &r);
    scoring_plan(&s, &r, VERDICT_CANDIDATE, &p);
    CHECK(!p.side);

    /* Point 7: nothing localises the target: the consultation's side, said */
    struct scoring_case bare = {
        .region = REGION_KNEE, .age = 50, .side = "right", .findings = f, .n_findings = 5};
    scoring_rank(&bare, &r);
    scoring_plan(&bare, &r, VERDICT_CANDIDATE, &p);
    CHECK(p.side && strcmp(p.side, "right") == 0 && strcmp(p.side_from, "consultation") == 0);
    scoring_plan(&l, &r, VERDICT_CANDIDATE, &p); /* l's ranking differs, but: */
    scoring_rank(&l, &r);
    scoring_plan(&l, &r, VERDICT_CANDIDATE, &p);
    CHECK(p.side_from && strcmp(p.side_from, "block") == 0);

    /* nothing ranked, nothing planned */
    struct ranking none = {.n = 0};
    scoring_plan(&l, &none, VERDICT_CANDIDATE, &p);
    CHECK(!p.proposed && !p.generator);
}
