/* Next steps by what they could change in the decision: worked examples
 * with the arithmetic written out, and the steps never offered. */
#include "fixtures.h"
#include "unit.h"

#include "paingen/scoring/next_step.h"
#include "paingen/scoring/vocabulary.h"

#include <math.h>
#include <string.h>

static const struct next_step *step(const struct next_steps *s, const char *code)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->items[i].code, code) == 0)
            return &s->items[i];
    return NULL;
}

#define NEAR(a, b) (fabs((a) - (b)) < 1e-6)

static struct ranking r;

/* A lumbar case at 50 with nothing recorded: facet 0.31, disc 0.42, SIJ
 * 0.18, another 0.09. The decision now: disc leads, cannot proceed.
 *
 * Centralization (disc, LR+ 3.06, LR- 0.66): spec = (3.06 - 1) / (3.06 -
 * 0.66) = 0.858333, sens = 3.06 x 0.141667 = 0.4335. P(positive) = 0.42 x
 * 0.4335 + 0.58 x 0.141667 = 0.264237. Positive: disc 1.2852 / 1.8652 =
 * 0.689042, still the disc, still not block-confirmed: no change. Negative
 * (0.735763): disc 0.2772 / 0.8572 = 0.323379 < facet 0.31 / 0.8572 =
 * 0.361643: the target changes. p_change = 0.735763; gain = 0.264237 x
 * 0.689042 + 0.735763 x 0.361643 - 0.42 = 0.182070 + 0.266083 - 0.42 =
 * 0.028153.
 *
 * A medial branch block (facet; single LR+ 1 / 0.38, no LR-: the model's
 * screening convention, sensitivity 1, so P(positive | another) = 0.38;
 * a negative screen weighs the paradigm's LR- 0.522727). P(positive) =
 * 0.31 + 0.69 x 0.38 = 0.5722. Positive: facet 0.815789 / 1.505789 =
 * 0.541769 leads: a change. Negative: disc 0.42 / 0.852045 = 0.492931
 * leads: none. p_change = 0.5722; gain = 0.5722 x 0.541769 + 0.4278 x
 * 0.492931 - 0.42 = 0.310000 + 0.210876 - 0.42 = 0.100876.
 *
 * Discography (disc; LR+ 1 / 0.093, no LR-): P(positive) = 0.42 + 0.58 x
 * 0.093 = 0.47394; positive: disc 4.516129 / 5.096129 = 0.886189, at
 * least 0.60 and confirmed by the block: the case may proceed, a change.
 * p_change = 0.47394.
 *
 * The SIJ cluster (LR+ 2.13, LR- 0.33) cannot change the decision: SIJ
 * 0.318597 after a positive result, the disc still first; it is not
 * offered, and its expected gain would be 0 (the leading probability's
 * expectation is its current value when the leader cannot change). */
static void worked_lumbar(void)
{
    struct scoring_case c = {.region = REGION_LUMBAR, .age = 50};
    struct next_steps s;
    scoring_rank(&c, &r);
    scoring_next_steps(&c, &r, &s);
    CHECK(s.n == 3 && !s.none);
    const char *order[] = {"lumbar_centralization", "lumbar_medial_branch",
                           "provocation_discography"};
    for (size_t i = 0; i < 3 && i < s.n; i++)
        CHECK_MSG(strcmp(s.items[i].code, order[i]) == 0, "%zu: %s", i, s.items[i].code);
    const struct next_step *x = step(&s, "lumbar_centralization");
    CHECK_MSG(x && NEAR(x->p_change, 0.735763) && NEAR(x->expected_gain, 0.028153),
              "centralization %.6f %.6f", x ? x->p_change : -1, x ? x->expected_gain : -1);
    CHECK(x && strcmp(x->generator, "lumbar_disc") == 0 && x->kind == STEP_FINDING);
    x = step(&s, "lumbar_medial_branch");
    CHECK_MSG(x && NEAR(x->p_change, 0.5722) && NEAR(x->expected_gain, 0.100876),
              "medial branch %.6f %.6f", x ? x->p_change : -1, x ? x->expected_gain : -1);
    x = step(&s, "provocation_discography");
    CHECK(x && NEAR(x->p_change, 0.47394) && x->kind == STEP_BLOCK);
    CHECK(!step(&s, "sij_provocation"));
}

/* Never a step already done: a finding recorded, a cluster decided, a
 * block pair complete; the second block of a pair after a positive first. */
static void done_is_not_offered(void)
{
    struct case_block b[2];
    fixture_mbb_pair(b, AGENT_SHORT, fixture_short_relief, 3, AGENT_LONG, fixture_long_relief, 3);
    const struct case_finding f[] = {{"lumbar_centralization", false, NULL}};
    struct scoring_case c = {.region = REGION_LUMBAR,
                             .age = 50,
                             .findings = f,
                             .n_findings = 1,
                             .blocks = b,
                             .n_blocks = 1};
    struct next_steps s;
    scoring_rank(&c, &r);
    scoring_next_steps(&c, &r, &s);
    CHECK(!step(&s, "lumbar_centralization"));
    const struct next_step *x = step(&s, "lumbar_medial_branch"); /* the second of the pair */
    CHECK(x && strcmp(x->generator, "lumbar_facet") == 0);
    c.n_blocks = 2; /* a concordant pair: no further medial branch block */
    scoring_rank(&c, &r);
    scoring_next_steps(&c, &r, &s);
    CHECK(!step(&s, "lumbar_medial_branch") && !step(&s, "lumbar_facet_intraarticular"));

    const struct case_finding knee[] = {{"knee_catching_locking", true, NULL},
                                        {"knee_joint_line_tenderness", true, NULL},
                                        {"knee_mcmurray", true, NULL}};
    struct scoring_case k = {.region = REGION_KNEE, .age = 45, .findings = knee, .n_findings = 3};
    scoring_rank(&k, &r);
    scoring_next_steps(&k, &r, &s);
    CHECK(!step(&s, "meniscal_composite")); /* met with 3 of 5: decided */
}

/* When nothing could change the decision, it says so. SIJ at 65: 0.23 x
 * cluster 2.13 x block 4.889 x midline-absent 0.871 = 2.086, facet 0.40 x
 * 0.846 = 0.338, disc 0.28 x 0.042 = 0.012, another 0.09 x 0.605 = 0.054:
 * SIJ 0.838, confirmed; no single result can bring another source level
 * or the SIJ under 0.60. */
static void nothing_would_change(void)
{
    const struct case_finding f[] = {{"sij_distraction", true, NULL},
                                     {"sij_thigh_thrust", true, NULL},
                                     {"sij_compression", true, NULL}};
    const struct block_reading good[] = {{30, 1}};
    const struct case_block b[] = {{.target = "sij_intraarticular",
                                    .baseline_nrs = 8,
                                    .readings = good,
                                    .n_readings = 1,
                                    .pair_of = -1}};
    const struct case_site site[] = {{"low_back_midline", false}};
    struct scoring_case c = {.region = REGION_LUMBAR,
                             .age = 65,
                             .findings = f,
                             .n_findings = 3,
                             .blocks = b,
                             .n_blocks = 1,
                             .sites = site,
                             .n_sites = 1};
    struct next_steps s;
    scoring_rank(&c, &r);
    CHECK_MSG(strcmp(r.items[0].generator->code, "lumbar_sij") == 0 &&
                  fabs(r.items[0].posterior - 0.838) < 0.001,
              "sij %.4f", r.items[0].posterior);
    scoring_next_steps(&c, &r, &s);
    CHECK(s.n == 0 && s.none && strstr(s.none, "no further test would change"));
}

/* A fresh knee at 30: another source leads (0.75675) so far that no
 * single test can change the decision; the pair of tests most likely to
 * change it is offered, the first naming the second. Ege (medial row:
 * sensitivity 0.67, specificity 0.81, LR+ 3.526316) and the meniscal
 * composite (LR+ 3.14; spec = 2.14 / (3.14 - 0.766667) = 0.901685, sens =
 * 0.308708) both positive take the medial meniscus to 0.0785 x 3.526316 x
 * 3.14 = 0.869188, past another source's 0.75675: the leader changes; no
 * other pair of results does. P(both positive) = 0.0785 x 0.67 x 0.308708
 * + 0.9215 x 0.19 x 0.098315 = 0.016237 + 0.017213 = 0.033450. */
static void pairs_when_no_single_step(void)
{
    struct scoring_case c = {.region = REGION_KNEE, .age = 30};
    struct next_steps s;
    scoring_rank(&c, &r);
    scoring_next_steps(&c, &r, &s);
    CHECK(s.n == 2 && !s.none);
    const struct next_step *ege = step(&s, "knee_ege");
    CHECK(ege && ege == &s.items[0] && ege->then && strcmp(ege->then, "meniscal_composite") == 0);
    CHECK_MSG(ege && fabs(ege->p_change - 0.033450) < 1e-6, "pair %.6f", ege ? ege->p_change : -1);
    const struct next_step *comp = step(&s, "meniscal_composite");
    CHECK(comp && comp->then && strcmp(comp->then, "knee_ege") == 0);
}

/* Deterministic, best first, every step able to change the decision. */
static void properties(void)
{
    for (unsigned region = REGION_LUMBAR; region <= REGION_SHOULDER; region <<= 1) {
        for (int age = 20; age <= 80; age += 15) {
            struct scoring_case c = {.region = region, .age = age};
            struct next_steps a, b;
            scoring_rank(&c, &r);
            scoring_next_steps(&c, &r, &a);
            scoring_next_steps(&c, &r, &b);
            CHECK(a.n == b.n && (a.n > 0) == !a.none);
            for (size_t i = 0; i < a.n; i++) {
                CHECK(a.items[i].p_change > 0 && a.items[i].p_change <= 1);
                CHECK(i == 0 || a.items[i - 1].p_change >= a.items[i].p_change);
                CHECK(a.items[i].p_change == b.items[i].p_change &&
                      strcmp(a.items[i].code, b.items[i].code) == 0);
            }
        }
    }
    CHECK(strcmp(step_kind_name(STEP_BLOCK), "block") == 0);
    size_t nf, nc, ng;
    model_findings(&nf);
    model_clusters(&nc);
    model_generators(&ng);
    CHECK_MSG(nf + nc + ng <= NEXT_STEP_MAX_CANDIDATES, "%zu candidate steps", nf + nc + ng);
}

void test_next_step(void)
{
    worked_lumbar();
    done_is_not_offered();
    nothing_would_change();
    pairs_when_no_single_step();
    properties();
}
