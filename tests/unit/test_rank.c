/* The ranking: worked examples whose arithmetic is written out here, and
 * properties over many generated cases. */
#include "unit.h"

#include "paingen/scoring/rank.h"
#include "paingen/scoring/vocabulary.h"

#include <math.h>
#include <string.h>

static const struct ranked_generator *find(const struct ranking *r, const char *code)
{
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->items[i].generator->code, code) == 0)
            return &r->items[i];
    return NULL;
}

static const struct contribution *contribution(const struct ranked_generator *g, const char *code)
{
    for (size_t i = 0; g && i < g->n_contributions; i++)
        if (strcmp(g->contributions[i].code, code) == 0)
            return &g->contributions[i];
    return NULL;
}

static double posterior(const struct ranking *r, const char *code)
{
    const struct ranked_generator *g = find(r, code);
    return g ? g->posterior : -1;
}

/* SIJ prior 0.18 (odds 0.18 / 0.82 = 0.219512). Four of the five
 * provocation tests positive meets the cluster (>= 3): x LR+ 2.13 gives
 * odds 0.467561, probability 0.467561 / 1.467561 = 0.318597. The five
 * tests are listed but not multiplied. */
static void sij_cluster_met(void)
{
    const struct case_finding f[] = {
        {"sij_distraction", true},   {"sij_thigh_thrust", true}, {"sij_compression", true},
        {"sij_sacral_thrust", true}, {"sij_gaenslen", false},
    };
    struct scoring_case c = {.region = REGION_LUMBAR, .age = 50, .findings = f, .n_findings = 5};
    struct ranking r;
    scoring_rank(&c, &r);
    CHECK(r.n == 3);
    CHECK_MSG(fabs(posterior(&r, "lumbar_sij") - 0.318597) < 1e-6, "sij %.6f",
              posterior(&r, "lumbar_sij"));
    const struct contribution *cl = contribution(find(&r, "lumbar_sij"), "sij_provocation");
    CHECK(cl && cl->applied && cl->lr == 2.13 && strcmp(cl->result, "met") == 0);
    const struct contribution *t = contribution(find(&r, "lumbar_sij"), "sij_thigh_thrust");
    CHECK(t && !t->applied && t->lr == 1.0);
    CHECK(fabs(posterior(&r, "lumbar_facet") - 0.31) < 1e-12);     /* nothing about the facet */
    CHECK(strcmp(r.items[0].generator->code, "lumbar_disc") == 0); /* prior 0.42 still leads */
}

/* The same test twice counts once, latest wins: Gaenslen positive then
 * negative leaves two of five positive, the cluster not met: odds
 * 0.219512 x LR- 0.33 = 0.072439, probability 0.072439 / 1.072439 =
 * 0.067546. */
static void latest_wins(void)
{
    const struct case_finding f[] = {
        {"sij_distraction", true},    {"sij_thigh_thrust", true}, {"sij_compression", false},
        {"sij_sacral_thrust", false}, {"sij_gaenslen", true},     {"sij_gaenslen", false},
    };
    struct scoring_case c = {.region = REGION_LUMBAR, .age = 50, .findings = f, .n_findings = 6};
    struct ranking r;
    scoring_rank(&c, &r);
    CHECK_MSG(fabs(posterior(&r, "lumbar_sij") - 0.067546) < 1e-6, "sij %.6f",
              posterior(&r, "lumbar_sij"));
}

/* Two of the five tests say nothing on the cluster's terms: shown, not applied. */
static void incomplete_cluster(void)
{
    const struct case_finding f[] = {{"sij_distraction", true}, {"sij_thigh_thrust", true}};
    struct scoring_case c = {.region = REGION_LUMBAR, .age = 50, .findings = f, .n_findings = 2};
    struct ranking r;
    scoring_rank(&c, &r);
    const struct contribution *cl = contribution(find(&r, "lumbar_sij"), "sij_provocation");
    CHECK(cl && !cl->applied && strcmp(cl->result, "incomplete") == 0);
    CHECK(fabs(posterior(&r, "lumbar_sij") - 0.18) < 1e-12);
}

/* A finding that favours a generator never lowers it; one against it
 * never raises it. */
static void findings_move_the_right_way(void)
{
    size_t n;
    const struct model_finding *mf = model_findings(&n);
    for (size_t i = 0; i < n; i++) {
        if (mf[i].cluster)
            continue;
        const struct model_generator *g = model_generator_find(mf[i].generator);
        for (int positive = 0; positive <= 1; positive++) {
            struct case_finding f = {mf[i].finding, positive};
            struct scoring_case c = {
                .region = g->region, .age = 50, .findings = &f, .n_findings = 1};
            struct ranking r;
            scoring_rank(&c, &r);
            double lr = positive ? mf[i].lr_pos : mf[i].lr_neg, p = posterior(&r, g->code);
            /* other rows of the same finding may move it too: only one row each is checked */
            size_t rows = 0;
            for (size_t k = 0; k < n; k++)
                rows += strcmp(mf[k].finding, mf[i].finding) == 0 &&
                        strcmp(mf[k].generator, mf[i].generator) == 0;
            if (rows != 1)
                continue;
            bool moved_right = lr < 1   ? p < g->prior
                               : lr > 1 ? p > g->prior
                                        : fabs(p - g->prior) < 1e-12;
            CHECK_MSG(moved_right, "%s %s moved %s from %.4f to %.4f with LR %.3f", mf[i].finding,
                      positive ? "+" : "-", g->code, g->prior, p, lr);
        }
    }
}

/* A meniscal tear on MRI is commoner without pain at 60 than at 30, so it
 * weighs less at 60. */
static void imaging_weighed_by_age(void)
{
    const struct case_imaging im = {"knee_medial_meniscal_tear", NULL};
    struct scoring_case young = {.region = REGION_KNEE, .age = 30, .imaging = &im, .n_imaging = 1};
    struct scoring_case old = young;
    old.age = 60;
    struct ranking a, b;
    scoring_rank(&young, &a);
    scoring_rank(&old, &b);
    double pa = posterior(&a, "knee_medial_meniscus"), pb = posterior(&b, "knee_medial_meniscus");
    CHECK_MSG(pa >= pb && pb > 0.10, "age 30 %.4f, age 60 %.4f", pa, pb);
}

/* A single facet block positive at 8 -> 1 (87.5% >= 80%); a concordant
 * pair weighs by the comparative figures instead. */
static void blocks_single_and_pair(void)
{
    const struct block_reading good[] = {{30, 1}, {120, 2}};
    struct case_block b[] = {
        {.target = "lumbar_medial_branch",
         .baseline_nrs = 8,
         .readings = good,
         .n_readings = 2,
         .pair_of = -1},
        {.target = "lumbar_medial_branch",
         .baseline_nrs = 8,
         .readings = good,
         .n_readings = 2,
         .pair_of = 0},
    };
    struct scoring_case c = {.region = REGION_LUMBAR, .age = 55, .blocks = b, .n_blocks = 1};
    struct ranking r;
    scoring_rank(&c, &r);
    const struct contribution *x = contribution(find(&r, "lumbar_facet"), "lumbar_medial_branch");
    CHECK(x && strcmp(x->result, "positive") == 0);
    c.n_blocks = 2;
    scoring_rank(&c, &r);
    x = contribution(find(&r, "lumbar_facet"), "lumbar_medial_branch");
    CHECK(x && strcmp(x->result, "concordant") == 0);
}

/* Many generated cases: posteriors strictly inside (0, 1), the same case
 * ranked twice gives the same numbers, the list fits. */
static void generated_cases(void)
{
    size_t n;
    const struct vocab_entry *all = vocab_all(&n);
    unsigned seed = 12345;
    for (int round = 0; round < 300; round++) {
        unsigned region = 1u << (round % 3);
        struct case_finding f[40];
        size_t nf = 0;
        for (size_t i = 0; i < n && nf < 40; i++) {
            seed = seed * 1103515245u + 12345u;
            if (all[i].kind == VOCAB_FINDING && (all[i].regions & region) && (seed >> 16) % 3)
                f[nf++] = (struct case_finding){all[i].code, (seed >> 8) & 1};
        }
        struct scoring_case c = {
            .region = region, .age = 20 + round % 60, .findings = f, .n_findings = nf};
        struct ranking a, b;
        scoring_rank(&c, &a);
        scoring_rank(&c, &b);
        for (size_t i = 0; i < a.n; i++) {
            CHECK(a.items[i].posterior > 0 && a.items[i].posterior < 1);
            CHECK(a.items[i].posterior == b.items[i].posterior);
            CHECK(a.items[i].n_contributions < RANK_MAX_CONTRIBUTIONS);
            CHECK(i == 0 || a.items[i - 1].posterior >= a.items[i].posterior);
        }
    }
}

void test_rank(void)
{
    sij_cluster_met();
    latest_wins();
    incomplete_cluster();
    findings_move_the_right_way();
    imaging_weighed_by_age();
    blocks_single_and_pair();
    generated_cases();
}
