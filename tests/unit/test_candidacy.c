/* Candidacy: every verdict, its reasons, and the conventions marked. */
#include "unit.h"

#include "paingen/scoring/candidacy.h"
#include "paingen/scoring/vocabulary.h"

#include <string.h>

static const struct case_care enough_care[] = {{"physiotherapy", 12}};

/* A knee case the evidence makes probable: a medial meniscal tear on MRI
 * in a 45-year-old with positive tests. Medial meniscus 0.0716 (0.28 x
 * 0.05 + 0.72 x 0.08) x composite 3.14 x MRI 0.92 / 0.19 = 4.842 x Ege
 * 3.526 = 3.838; lateral 0.0358 x Ege 6.4 = 0.229; cartilage 0.2428;
 * another source 0.6498: medial 3.838 / 4.960 = 0.774. */
static const struct case_finding knee_findings[] = {{"knee_catching_locking", true, NULL},
                                                    {"knee_joint_line_tenderness", true, NULL},
                                                    {"knee_pain_forced_hyperextension", true, NULL},
                                                    {"knee_pain_maximal_flexion", true, NULL},
                                                    {"knee_mcmurray", true, NULL},
                                                    {"knee_ege", true, NULL}};
static const struct case_imaging knee_mri[] = {{.code = "knee_medial_meniscal_tear"}};

static void knee_ranking(struct ranking *r)
{
    struct scoring_case c = {.region = REGION_KNEE,
                             .age = 45,
                             .findings = knee_findings,
                             .n_findings = 6,
                             .imaging = knee_mri,
                             .n_imaging = 1};
    scoring_rank(&c, r);
}

static const struct scoring_case *imaging_case; /* the case judge passes, or NULL */

static struct candidacy judge(const struct case_fact *facts, size_t n_facts, int weeks,
                              const struct case_care *care, size_t n_care, const struct ranking *r,
                              unsigned region)
{
    struct candidacy_input in = {.region = region,
                                 .symptom_weeks = weeks,
                                 .facts = facts,
                                 .n_facts = n_facts,
                                 .care = care,
                                 .n_care = n_care,
                                 .ranking = r,
                                 .c = imaging_case};
    struct candidacy out;
    scoring_candidacy(&in, &out);
    return out;
}

static bool has_reason(const struct candidacy *c, const char *code)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->reasons[i].code, code) == 0)
            return true;
    return false;
}

static void imaging_decides(void);
static void another_source_and_evidence(void);

void test_candidacy(void)
{
    imaging_decides();
    another_source_and_evidence();
    static struct ranking r;
    knee_ranking(&r);
    CHECK_MSG(strcmp(r.items[0].generator->code, "knee_medial_meniscus") == 0 &&
                  r.items[0].posterior >= CANDIDACY_MIN_TOP_POSTERIOR,
              "top %s %.3f", r.items[0].generator->code, r.items[0].posterior);

    /* candidate: probable, chronic, conservative care tried, nothing against */
    const struct case_fact none[] = {{"active_infection_near_site", false}};
    struct candidacy c = judge(none, 1, 30, enough_care, 1, &r, REGION_KNEE);
    CHECK_MSG(c.verdict == VERDICT_CANDIDATE, "verdict %s", verdict_name(c.verdict));
    CHECK(c.n == 0);

    /* each verdict, and the most severe wins */
    const struct case_fact infection[] = {{"active_infection_near_site", true},
                                          {"nsaid_within_48h", true}};
    c = judge(infection, 2, 30, enough_care, 1, &r, REGION_KNEE);
    CHECK(c.verdict == VERDICT_CONTRAINDICATED && has_reason(&c, "nsaid_within_48h"));
    CHECK(!c.reasons[0].convention && strstr(c.reasons[0].source, "Medscape"));
    const struct case_fact end_stage[] = {{"end_stage_degeneration", true}};
    c = judge(end_stage, 1, 30, enough_care, 1, &r, REGION_KNEE);
    CHECK(c.verdict == VERDICT_REFER_SURGERY && c.reasons[0].convention);
    const struct case_fact nsaid[] = {{"nsaid_within_48h", true}};
    c = judge(nsaid, 1, 30, enough_care, 1, &r, REGION_KNEE);
    CHECK(c.verdict == VERDICT_DEFER);
    c = judge(none, 1, 6, NULL, 0, &r, REGION_KNEE);
    CHECK(c.verdict == VERDICT_CONVENTIONAL_FIRST && has_reason(&c, "too_early") &&
          has_reason(&c, "no_conservative_trial"));
    const struct case_care short_care[] = {{"physiotherapy", 3}, {"nsaid", 20}};
    c = judge(none, 1, 30, short_care, 2, &r, REGION_KNEE);
    CHECK(c.verdict == VERDICT_CONVENTIONAL_FIRST);

    /* nothing recorded: the priors alone never make a candidate */
    struct scoring_case empty = {.region = REGION_KNEE, .age = 45};
    struct ranking bare;
    scoring_rank(&empty, &bare);
    c = judge(none, 1, 30, enough_care, 1, &bare, REGION_KNEE);
    CHECK(c.verdict == VERDICT_NEEDS_WORKUP && has_reason(&c, "no_evidence"));

    /* the spine needs a block, however probable the generator */
    const struct case_finding sij[] = {{"sij_distraction", true, NULL},
                                       {"sij_thigh_thrust", true, NULL},
                                       {"sij_compression", true, NULL},
                                       {"sij_sacral_thrust", true, NULL},
                                       {"sij_gaenslen", true, NULL}};
    struct scoring_case lumbar = {
        .region = REGION_LUMBAR, .age = 60, .findings = sij, .n_findings = 5};
    struct ranking lr;
    scoring_rank(&lumbar, &lr);
    c = judge(none, 1, 30, enough_care, 1, &lr, REGION_LUMBAR);
    CHECK(c.verdict == VERDICT_NEEDS_WORKUP && has_reason(&c, "no_block_confirmation"));

    /* every candidacy fact either leaves a candidate alone or makes the
     * verdict more severe, naming itself */
    size_t n;
    const struct vocab_entry *all = vocab_all(&n);
    for (size_t i = 0; i < n; i++) {
        if (all[i].kind != VOCAB_CANDIDACY_FACT)
            continue;
        struct case_fact f = {all[i].code, true};
        c = judge(&f, 1, 30, enough_care, 1, &r, REGION_KNEE);
        CHECK_MSG(c.verdict == VERDICT_CANDIDATE || has_reason(&c, all[i].code),
                  "%s changed the verdict without a reason", all[i].code);
    }
    CHECK(strcmp(verdict_name(VERDICT_REFER_SURGERY), "refer_for_surgical_evaluation") == 0);
}

/* Point 5: imaging that means end stage or instability decides without
 * the fact ticked: Kellgren-Lawrence 4, dynamic instability, a cuff
 * retracted to the glenoid (Patte 3); Kellgren-Lawrence 3 does not. */
static void imaging_decides(void)
{
    static struct ranking r;
    knee_ranking(&r);
    const struct case_fact none[] = {{"active_infection_near_site", false}};
    struct case_imaging kl = {"knee_osteoarthritis", "4", NULL, NULL};
    struct scoring_case c = {.region = REGION_KNEE, .age = 70, .imaging = &kl, .n_imaging = 1};
    imaging_case = &c;
    struct candidacy v = judge(none, 1, 30, enough_care, 1, &r, REGION_KNEE);
    CHECK(v.verdict == VERDICT_REFER_SURGERY && has_reason(&v, "knee_osteoarthritis"));
    kl.side = "left"; /* the other knee's end stage decides nothing for the right */
    c.side = "right";
    v = judge(none, 1, 30, enough_care, 1, &r, REGION_KNEE);
    CHECK(v.verdict == VERDICT_CANDIDATE);
    kl.side = NULL;
    kl.grade = "3";
    v = judge(none, 1, 30, enough_care, 1, &r, REGION_KNEE);
    CHECK(v.verdict == VERDICT_CANDIDATE);
    struct case_imaging unstable = {"lumbar_dynamic_instability", NULL, "L4-L5", NULL};
    c = (struct scoring_case){
        .region = REGION_LUMBAR, .age = 60, .imaging = &unstable, .n_imaging = 1};
    v = judge(none, 1, 30, enough_care, 1, &r, REGION_LUMBAR);
    CHECK(v.verdict == VERDICT_REFER_SURGERY && has_reason(&v, "lumbar_dynamic_instability"));
    for (size_t i = 0; i < v.n; i++)
        if (strcmp(v.reasons[i].code, "lumbar_dynamic_instability") == 0)
            CHECK(v.reasons[i].convention && strstr(v.reasons[i].detail, "L4-L5"));
    struct case_imaging retracted = {"shoulder_cuff_retraction", "3", NULL, NULL};
    c = (struct scoring_case){
        .region = REGION_SHOULDER, .age = 70, .imaging = &retracted, .n_imaging = 1};
    v = judge(none, 1, 30, enough_care, 1, &r, REGION_SHOULDER);
    CHECK(v.verdict == VERDICT_REFER_SURGERY && has_reason(&v, "shoulder_cuff_retraction"));
    imaging_case = NULL;
}

/* Point 1 and 8: another source leading is said; evidence about any
 * source (here a positive straight-leg raise, for another source) is
 * evidence: no "no_evidence" although the leading disc has none. */
static void another_source_and_evidence(void)
{
    static struct ranking r;
    const struct case_fact none[] = {{"active_infection_near_site", false}};
    struct scoring_case knee = {.region = REGION_KNEE, .age = 30};
    scoring_rank(&knee, &r);
    struct candidacy v = judge(none, 1, 30, enough_care, 1, &r, REGION_KNEE);
    CHECK(has_reason(&v, "another_source_leads") && has_reason(&v, "no_evidence"));
    const struct case_finding slr[] = {{"lumbar_slr", true, NULL}};
    struct scoring_case back = {
        .region = REGION_LUMBAR, .age = 30, .findings = slr, .n_findings = 1};
    scoring_rank(&back, &r);
    v = judge(none, 1, 30, enough_care, 1, &r, REGION_LUMBAR);
    CHECK(strcmp(r.items[0].generator->code, "lumbar_disc") == 0);
    CHECK(!has_reason(&v, "no_evidence") && has_reason(&v, "not_probable_enough"));
}
