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
    const struct case_imaging im = {.code = "knee_medial_meniscal_tear"};
    struct scoring_case young = {.region = REGION_KNEE, .age = 30, .imaging = &im, .n_imaging = 1};
    struct scoring_case old = young;
    old.age = 60;
    struct ranking a, b;
    scoring_rank(&young, &a);
    scoring_rank(&old, &b);
    double pa = posterior(&a, "knee_medial_meniscus"), pb = posterior(&b, "knee_medial_meniscus");
    CHECK_MSG(pa > pb && pb > 0.10, "age 30 %.4f, age 60 %.4f", pa, pb);
}

/* Expected posterior of a generator after one likelihood ratio. */
static double after(const char *generator, double lr)
{
    double p = model_generator_find(generator)->prior, odds = p / (1 - p) * lr;
    return odds / (1 + odds);
}

static const struct model_block *row_of(const char *target, const char *generator)
{
    size_t n;
    const struct model_block *rows = model_blocks(&n);
    for (size_t i = 0; i < n; i++)
        if (strcmp(rows[i].target, target) == 0 && strcmp(rows[i].generator, generator) == 0)
            return &rows[i];
    return NULL;
}

/* Blocks: 8 -> 1 is 87.5% relief (positive at 80%), 8 -> 6 is 25%
 * (negative). One factor per generator whatever the number of blocks. */
static void blocks_single_and_pairs(void)
{
    const struct block_reading good[] = {{30, 1}, {120, 2}}, bad[] = {{30, 6}};
    const struct model_block *mbb = row_of("lumbar_medial_branch", "lumbar_facet");
    struct case_block b[] = {
        {.target = "lumbar_facet_intraarticular",
         .baseline_nrs = 8,
         .readings = good,
         .n_readings = 2,
         .pair_of = -1},
        {.target = "lumbar_medial_branch",
         .baseline_nrs = 8,
         .readings = good,
         .n_readings = 2,
         .pair_of = 0},
        {.target = "lumbar_medial_branch",
         .baseline_nrs = 8,
         .readings = bad,
         .n_readings = 1,
         .pair_of = -1},
    };
    struct scoring_case c = {.region = REGION_LUMBAR, .age = 55, .blocks = b, .n_blocks = 1};
    struct ranking r;
    const struct model_block *ia = row_of("lumbar_facet_intraarticular", "lumbar_facet");
    scoring_rank(&c, &r);
    CHECK(fabs(posterior(&r, "lumbar_facet") - after("lumbar_facet", ia->single_lr_pos)) < 1e-9);
    /* an intra-articular block then a medial-branch block naming it: one pair, one factor */
    c.n_blocks = 2;
    scoring_rank(&c, &r);
    CHECK(fabs(posterior(&r, "lumbar_facet") - after("lumbar_facet", mbb->comparative_lr_pos)) <
          1e-9);
    /* a later negative block decides alone; its figure is the paradigm's LR- */
    b[2].pair_of = -1;
    struct case_block two[] = {b[0], b[2]};
    c.blocks = two;
    c.n_blocks = 2;
    scoring_rank(&c, &r);
    double lr = mbb->single_lr_neg != 1.0 ? mbb->single_lr_neg : mbb->comparative_lr_neg;
    CHECK(fabs(posterior(&r, "lumbar_facet") - after("lumbar_facet", lr)) < 1e-9);
    CHECK(posterior(&r, "lumbar_facet") < 0.31);
    /* both blocks of a pair negative weigh against the facet too */
    struct case_block neg[] = {
        {.target = "lumbar_medial_branch",
         .baseline_nrs = 8,
         .readings = bad,
         .n_readings = 1,
         .pair_of = -1},
        {.target = "lumbar_medial_branch",
         .baseline_nrs = 8,
         .readings = bad,
         .n_readings = 1,
         .pair_of = 0},
    };
    c.blocks = neg;
    scoring_rank(&c, &r);
    CHECK(fabs(posterior(&r, "lumbar_facet") - after("lumbar_facet", mbb->comparative_lr_neg)) <
          1e-9);
    /* a block naming itself is no pair */
    neg[0].pair_of = 0;
    neg[0].readings = good;
    c.n_blocks = 1;
    scoring_rank(&c, &r);
    CHECK(fabs(posterior(&r, "lumbar_facet") - after("lumbar_facet", mbb->single_lr_pos)) < 1e-9);
}

/* Placebo-controlled: a medial branch block with relief and a saline
 * control without weighs as a concordant pair (in either order); relief
 * after saline is not specific and weighs nothing; saline alone neither. */
static void saline_controlled(void)
{
    const struct block_reading good[] = {{30, 1}}, bad[] = {{30, 7}};
    const struct model_block *mbb = row_of("lumbar_medial_branch", "lumbar_facet");
    struct case_block b[] = {
        {.target = "lumbar_medial_branch",
         .baseline_nrs = 8,
         .readings = good,
         .n_readings = 1,
         .pair_of = -1},
        {.target = "lumbar_medial_branch",
         .baseline_nrs = 8,
         .readings = bad,
         .n_readings = 1,
         .pair_of = 0,
         .placebo = true},
    };
    struct scoring_case c = {.region = REGION_LUMBAR, .age = 55, .blocks = b, .n_blocks = 2};
    struct ranking r;
    scoring_rank(&c, &r);
    CHECK(fabs(posterior(&r, "lumbar_facet") - after("lumbar_facet", mbb->comparative_lr_pos)) <
          1e-9);
    const struct contribution *x = contribution(find(&r, "lumbar_facet"), "lumbar_medial_branch");
    CHECK(x && strcmp(x->result, "placebo_confirmed") == 0 && x->applied);
    b[1].readings = good; /* relief after saline too */
    scoring_rank(&c, &r);
    x = contribution(find(&r, "lumbar_facet"), "lumbar_medial_branch");
    CHECK(x && strcmp(x->result, "placebo_response") == 0 && !x->applied);
    CHECK(fabs(posterior(&r, "lumbar_facet") - 0.31) < 1e-12);
    /* a saline injection naming no block: the anaesthetic block before it
     * still decides, read alone */
    b[1].pair_of = -1;
    scoring_rank(&c, &r);
    CHECK(fabs(posterior(&r, "lumbar_facet") - after("lumbar_facet", mbb->single_lr_pos)) < 1e-9);
    x = contribution(find(&r, "lumbar_facet"), "lumbar_medial_branch");
    CHECK(x && strcmp(x->result, "positive") == 0);
    c.blocks = &b[1]; /* the saline injection alone */
    c.n_blocks = 1;
    scoring_rank(&c, &r);
    CHECK(fabs(posterior(&r, "lumbar_facet") - 0.31) < 1e-12);
}

/* Discography is positive only with a painless control level. */
static void discography(void)
{
    struct case_block d = {.target = "provocation_discography", .pair_of = -1, .concordant = true};
    struct scoring_case c = {.region = REGION_LUMBAR, .age = 40, .blocks = &d, .n_blocks = 1};
    struct ranking r;
    scoring_rank(&c, &r);
    CHECK(fabs(posterior(&r, "lumbar_disc") - 0.42) < 1e-12); /* no control done */
    d.control_done = true;
    scoring_rank(&c, &r);
    const struct model_block *row = row_of("provocation_discography", "lumbar_disc");
    CHECK(fabs(posterior(&r, "lumbar_disc") - after("lumbar_disc", row->single_lr_pos)) < 1e-9);
}

/* Revel: each item counts when present, or absent for those the model
 * lists in count_when_negative; the age item comes from the age. */
static void revel_counts_and_age(void)
{
    size_t n;
    const struct model_cluster *cl = model_clusters(&n);
    const struct model_cluster *revel = NULL;
    for (size_t i = 0; i < n; i++)
        if (strcmp(cl[i].code, "revel") == 0)
            revel = &cl[i];
    if (!revel) {
        CHECK_MSG(0, "no revel cluster");
        return;
    }
    struct case_finding f[16];
    size_t nf = 0;
    for (const char *const *m = revel->members; *m && nf < 16; m++) {
        if (strcmp(*m, "lumbar_age_over_65") == 0)
            continue; /* from the age */
        bool inverted = false;
        for (const char *const *w = revel->count_when_negative; w && *w; w++)
            inverted |= strcmp(*w, *m) == 0;
        f[nf++] = (struct case_finding){*m, !inverted}; /* every item counts */
    }
    struct scoring_case c = {.region = REGION_LUMBAR, .age = 70, .findings = f, .n_findings = nf};
    struct ranking r;
    scoring_rank(&c, &r);
    const struct contribution *x = contribution(find(&r, "lumbar_facet"), "revel");
    CHECK(x && strcmp(x->result, "met") == 0 && x->lr == revel->lr_pos);
    for (size_t i = 0; i < nf; i++)
        f[i].positive = !f[i].positive; /* now none counts */
    c.age = 40;
    scoring_rank(&c, &r);
    x = contribution(find(&r, "lumbar_facet"), "revel");
    CHECK(x && strcmp(x->result, "not met") == 0 && x->lr == revel->lr_neg);
}

/* Three of the five SIJ tests positive meet the cluster whatever the
 * other two would show. */
static void cluster_decided_early(void)
{
    const struct case_finding f[] = {
        {"sij_distraction", true}, {"sij_thigh_thrust", true}, {"sij_compression", true}};
    struct scoring_case c = {.region = REGION_LUMBAR, .age = 50, .findings = f, .n_findings = 3};
    struct ranking r;
    scoring_rank(&c, &r);
    const struct contribution *x = contribution(find(&r, "lumbar_sij"), "sij_provocation");
    CHECK(x && x->applied && strcmp(x->result, "met") == 0);
}

/* Every generator's rows fit the contribution list with room for blocks. */
static void contributions_fit(void)
{
    size_t ng, nf, nc, ni;
    const struct model_generator *g = model_generators(&ng);
    const struct model_finding *f = model_findings(&nf);
    const struct model_cluster *cl = model_clusters(&nc);
    const struct model_imaging *im = model_imaging(&ni);
    for (size_t i = 0; i < ng; i++) {
        size_t rows = 1; /* the deciding block */
        for (size_t k = 0; k < nf; k++)
            rows += strcmp(f[k].generator, g[i].code) == 0;
        for (size_t k = 0; k < nc; k++)
            rows += strcmp(cl[k].generator, g[i].code) == 0;
        for (size_t k = 0; k < ni; k++)
            rows += strcmp(im[k].generator, g[i].code) == 0;
        CHECK_MSG(rows < RANK_MAX_CONTRIBUTIONS, "%s has %zu rows", g[i].code, rows);
    }
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
    blocks_single_and_pairs();
    saline_controlled();
    discography();
    revel_counts_and_age();
    cluster_decided_early();
    contributions_fit();
    generated_cases();
}
