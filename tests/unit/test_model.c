/* The scoring model's evidence: every code known to the vocabulary under the right kind and
 * region, numbers in range, clusters consistent with their members, age bands that do not
 * overlap, and one posterior a clinician can check by hand. */
#include "unit.h"

#include "paingen/scoring/model.h"
#include "paingen/scoring/vocabulary.h"

#include <math.h>
#include <stdbool.h>
#include <string.h>

static bool non_empty(const char *s) { return s && *s; }
static bool same(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}
static double dist(double a, double b) { return a > b ? a - b : b - a; }
static bool lr_valid(double lr) { return isfinite(lr) && lr > 0; }
static bool proportion_valid(double p)
{
    return p == MODEL_NOT_REPORTED || (isfinite(p) && p >= 0 && p <= 1);
}
static const char *str(const char *s) { return s ? s : "(null)"; }

static void check_source(const struct source *s, const char *what, const char *code)
{
    CHECK_MSG(non_empty(s->citation), "%s %s: no citation", what, str(code));
    CHECK_MSG(model_quality_name(s->quality) != NULL, "%s %s: bad quality %d", what, str(code),
              (int)s->quality);
    CHECK_MSG(s->note == NULL || *s->note, "%s %s: empty note (NULL when none)", what, str(code));
}

/* The generator, which must exist; NULL after a failure. */
static const struct model_generator *generator(const char *code, const char *what, const char *row)
{
    const struct model_generator *g = model_generator_find(code);
    CHECK_MSG(g != NULL, "%s %s: unknown generator %s", what, str(row), str(code));
    return g;
}

/* code must be a vocabulary entry of kind whose regions include the generator's region. */
static void check_code(enum vocab_kind kind, const char *code, const struct model_generator *g)
{
    const struct vocab_entry *e = vocab_find(kind, code);
    CHECK_MSG(e != NULL, "%s %s: not in the vocabulary", vocab_kind_name(kind), str(code));
    if (e && g)
        CHECK_MSG(e->regions & g->region, "%s %s: not in region %s of %s", vocab_kind_name(kind),
                  code, str(vocab_region_name(g->region)), g->code);
}

static void check_generators(void)
{
    size_t n = 0;
    const struct model_generator *gs = model_generators(&n);
    CHECK(gs != NULL && n > 0);
    static const unsigned regions[] = {REGION_LUMBAR, REGION_KNEE, REGION_SHOULDER};
    int per_region[3] = {0, 0, 0};
    for (size_t i = 0; i < n; i++) {
        const struct model_generator *g = &gs[i];
        CHECK_MSG(non_empty(g->code), "generator %zu: no code", i);
        if (!g->code)
            continue;
        CHECK_MSG(model_generator_find(g->code) == g, "%s: not found, or a duplicate", g->code);
        CHECK_MSG(vocab_region_name(g->region) != NULL, "%s: region %u is not one region", g->code,
                  g->region);
        CHECK_MSG(non_empty(g->label), "%s: no label", g->code);
        for (size_t r = 0; r < 3; r++)
            per_region[r] += g->region == regions[r] && g->other;
    }
    for (size_t r = 0; r < 3; r++)
        CHECK_MSG(per_region[r] == 1, "region %s: %d 'another source' entries",
                  vocab_region_name(regions[r]), per_region[r]);
    CHECK(model_generator_find(NULL) == NULL);
    CHECK(model_generator_find("") == NULL);
    CHECK(model_generator_find("lumbar") == NULL);
    CHECK(model_generator_find("LUMBAR_FACET") == NULL);
}

static const struct model_cluster *cluster_find(const char *code)
{
    size_t n = 0;
    const struct model_cluster *cs = model_clusters(&n);
    for (size_t i = 0; code && i < n; i++)
        if (same(cs[i].code, code))
            return &cs[i];
    return NULL;
}

static bool listed(const char *const *list, const char *code)
{
    for (; list && *list; list++)
        if (same(*list, code))
            return true;
    return false;
}

static size_t list_length(const char *const *list)
{
    size_t n = 0;
    for (; list && list[n]; n++)
        ;
    return n;
}

/* Where both sensitivity and specificity are given and the row is weighed, its LRs must be
 * those they imply (within 5%, for LRs the source printed rounded). */
static void check_lr_against(const struct model_finding *f)
{
    double se = f->sensitivity, sp = f->specificity;
    if (se == MODEL_NOT_REPORTED || sp == MODEL_NOT_REPORTED)
        return;
    if (f->lr_pos == 1.0 && f->lr_neg == 1.0)
        return; /* shown, not weighed: the note says why */
    if (sp < 1) {
        double pos = se / (1 - sp);
        CHECK_MSG(dist(f->lr_pos, pos) <= 0.05 * pos, "%s/%s: LR+ %g but sens/spec give %g",
                  f->finding, f->generator, f->lr_pos, pos);
    }
    /* an LR- of exactly 1 with sens/spec given is one the model does not
     * apply on purpose (the straight-leg raise: radicular pain is only a
     * part of another source); the note says why */
    if (sp > 0 && f->lr_neg != 1.0) {
        double neg = (1 - se) / sp;
        CHECK_MSG(dist(f->lr_neg, neg) <= 0.05 * neg + 1e-12, "%s/%s: LR- %g but sens/spec give %g",
                  f->finding, f->generator, f->lr_neg, neg);
    }
}

static void check_findings(void)
{
    size_t n = 0;
    const struct model_finding *fs = model_findings(&n);
    CHECK(fs != NULL && n > 0);
    for (size_t i = 0; i < n; i++) {
        const struct model_finding *f = &fs[i];
        const struct model_generator *g = generator(f->generator, "finding", f->finding);
        check_code(VOCAB_FINDING, f->finding, g);
        CHECK_MSG(lr_valid(f->lr_pos) && lr_valid(f->lr_neg), "%s/%s: LRs %g, %g", str(f->finding),
                  str(f->generator), f->lr_pos, f->lr_neg);
        CHECK_MSG(proportion_valid(f->sensitivity) && proportion_valid(f->specificity),
                  "%s/%s: sensitivity %g, specificity %g", str(f->finding), str(f->generator),
                  f->sensitivity, f->specificity);
        check_source(&f->source, "finding", f->finding);
        if (f->finding && f->generator)
            check_lr_against(f);
        for (size_t j = i + 1; j < n; j++)
            CHECK_MSG(!same(fs[j].finding, f->finding) || !same(fs[j].generator, f->generator),
                      "%s/%s: listed twice", str(f->finding), str(f->generator));
        if (f->cluster) {
            const struct model_cluster *c = cluster_find(f->cluster);
            CHECK_MSG(c != NULL, "%s: unknown cluster %s", str(f->finding), f->cluster);
            if (c) {
                CHECK_MSG(same(c->generator, f->generator), "%s: cluster %s is for %s, not %s",
                          str(f->finding), c->code, str(c->generator), str(f->generator));
                CHECK_MSG(listed(c->members, f->finding), "%s: not a member of cluster %s",
                          str(f->finding), c->code);
            }
        }
    }
}

/* The finding row of this member for the cluster's generator. */
static const struct model_finding *member_row(const char *finding, const char *gen)
{
    size_t n = 0;
    const struct model_finding *fs = model_findings(&n);
    for (size_t i = 0; i < n; i++)
        if (same(fs[i].finding, finding) && same(fs[i].generator, gen))
            return &fs[i];
    return NULL;
}

static void check_clusters(void)
{
    size_t n = 0;
    const struct model_cluster *cs = model_clusters(&n);
    CHECK(cs != NULL && n > 0);
    for (size_t i = 0; i < n; i++) {
        const struct model_cluster *c = &cs[i];
        CHECK_MSG(non_empty(c->code), "cluster %zu: no code", i);
        CHECK_MSG(cluster_find(c->code) == c, "cluster %s: a duplicate", str(c->code));
        const struct model_generator *g = generator(c->generator, "cluster", c->code);
        CHECK_MSG(non_empty(c->label), "cluster %s: no label", str(c->code));
        size_t members = list_length(c->members);
        CHECK_MSG(members >= 2, "cluster %s: %zu members", str(c->code), members);
        for (size_t m = 0; m < members; m++) {
            const char *code = c->members[m];
            check_code(VOCAB_FINDING, code, g);
            CHECK_MSG(!listed(c->members + m + 1, code), "cluster %s: %s twice", str(c->code),
                      code);
            const struct model_finding *f = member_row(code, c->generator);
            CHECK_MSG(f && same(f->cluster, c->code),
                      "cluster %s: member %s has no finding row naming the cluster", str(c->code),
                      code);
            /* The vocabulary says which of Revel's items count when negative. */
            const struct vocab_entry *e = vocab_find(VOCAB_FINDING, code);
            if (e && e->description)
                CHECK_MSG((strstr(e->description, "when negative") != NULL) ==
                              listed(c->count_when_negative, code),
                          "cluster %s: %s: count_when_negative disagrees with the vocabulary: %s",
                          str(c->code), code, e->description);
        }
        for (const char *const *w = c->count_when_negative; w && *w; w++)
            CHECK_MSG(listed(c->members, *w),
                      "cluster %s: %s counts when negative but is no "
                      "member",
                      str(c->code), *w);
        CHECK_MSG(c->threshold >= 1 && (size_t)c->threshold <= members,
                  "cluster %s: threshold %d of %zu", str(c->code), c->threshold, members);
        CHECK_MSG(c->min_recorded >= c->threshold && (size_t)c->min_recorded <= members,
                  "cluster %s: min_recorded %d (threshold %d, %zu members)", str(c->code),
                  c->min_recorded, c->threshold, members);
        CHECK_MSG(lr_valid(c->lr_pos) && lr_valid(c->lr_neg), "cluster %s: LRs %g, %g",
                  str(c->code), c->lr_pos, c->lr_neg);
        CHECK_MSG(c->lr_pos >= 1 && c->lr_neg <= 1, "cluster %s: LRs point the wrong way",
                  str(c->code));
        check_source(&c->source, "cluster", c->code);
    }
    /* Revel's five "absence of pain" items. */
    const struct model_cluster *revel = cluster_find("revel");
    CHECK(revel && list_length(revel->members) == 7 &&
          list_length(revel->count_when_negative) == 5 && revel->threshold == 4);
}

static void check_imaging(void)
{
    size_t n = 0;
    const struct model_imaging *is = model_imaging(&n);
    CHECK(is != NULL && n > 0);
    for (size_t i = 0; i < n; i++) {
        const struct model_imaging *m = &is[i];
        const struct model_generator *g = generator(m->generator, "imaging", m->finding);
        check_code(VOCAB_IMAGING_FINDING, m->finding, g);
        const struct vocab_entry *e = vocab_find(VOCAB_IMAGING_FINDING, m->finding);
        if (e && m->min_grade)
            CHECK_MSG(vocab_grade_allowed(e, m->min_grade), "imaging %s: grade %s not allowed",
                      m->finding, m->min_grade);
        CHECK_MSG(proportion_valid(m->sensitivity), "imaging %s: sensitivity %g", str(m->finding),
                  m->sensitivity);
        CHECK_MSG(lr_valid(m->lr_pos) && lr_valid(m->lr_neg), "imaging %s: LRs %g, %g",
                  str(m->finding), m->lr_pos, m->lr_neg);
        check_source(&m->source, "imaging", m->finding);
        for (size_t j = i + 1; j < n; j++)
            CHECK_MSG(!same(is[j].finding, m->finding) || !same(is[j].generator, m->generator) ||
                          !same(is[j].min_grade, m->min_grade),
                      "imaging %s/%s: listed twice", str(m->finding), str(m->generator));
    }
}

static void check_asymptomatic(void)
{
    size_t n = 0;
    const struct model_asymptomatic *as = model_asymptomatic(&n);
    CHECK(as != NULL && n > 0);
    for (size_t i = 0; i < n; i++) {
        const struct model_asymptomatic *a = &as[i];
        CHECK_MSG(vocab_find(VOCAB_IMAGING_FINDING, a->finding) != NULL,
                  "asymptomatic %s: not an imaging finding", str(a->finding));
        CHECK_MSG(a->age_from >= 0 && a->age_from <= a->age_to, "asymptomatic %s: ages %d-%d",
                  str(a->finding), a->age_from, a->age_to);
        CHECK_MSG(isfinite(a->prevalence) && a->prevalence >= 0 && a->prevalence <= 1,
                  "asymptomatic %s: prevalence %g", str(a->finding), a->prevalence);
        check_source(&a->source, "asymptomatic", a->finding);
        for (size_t j = i + 1; j < n; j++)
            if (same(as[j].finding, a->finding))
                CHECK_MSG(as[j].age_to < a->age_from || as[j].age_from > a->age_to,
                          "asymptomatic %s: %d-%d overlaps %d-%d", a->finding, a->age_from,
                          a->age_to, as[j].age_from, as[j].age_to);
    }
}

static void check_blocks(void)
{
    size_t n = 0;
    const struct model_block *bs = model_blocks(&n);
    CHECK(bs != NULL && n > 0);
    for (size_t i = 0; i < n; i++) {
        const struct model_block *b = &bs[i];
        const struct model_generator *g = generator(b->generator, "block", b->target);
        check_code(VOCAB_BLOCK_TARGET, b->target, g);
        CHECK_MSG(b->relief_pct >= 1 && b->relief_pct <= 100, "block %s: relief %d%%",
                  str(b->target), b->relief_pct);
        CHECK_MSG(lr_valid(b->single_lr_pos) && lr_valid(b->single_lr_neg) &&
                      lr_valid(b->comparative_lr_pos) && lr_valid(b->comparative_lr_neg),
                  "block %s: LRs %g, %g, %g, %g", str(b->target), b->single_lr_pos,
                  b->single_lr_neg, b->comparative_lr_pos, b->comparative_lr_neg);
        /* A confirmed pair is never weaker evidence than one positive block (unless pairs do
         * not apply and are not weighed, as for discography). */
        if (b->comparative_lr_pos != 1.0 || b->comparative_lr_neg != 1.0)
            CHECK_MSG(b->comparative_lr_pos >= b->single_lr_pos,
                      "block %s: pair weaker than single", str(b->target));
        check_source(&b->threshold_source, "block", b->target);
        check_source(&b->single_source, "block", b->target);
        check_source(&b->comparative_source, "block", b->target);
        for (size_t j = i + 1; j < n; j++)
            CHECK_MSG(!same(bs[j].target, b->target) || !same(bs[j].generator, b->generator),
                      "block %s/%s: listed twice", str(b->target), str(b->generator));
    }
}

static void check_quality_names(void)
{
    static const char *const names[] = {
        [SRC_POOLED] = "pooled",           [SRC_STUDY] = "study",
        [SRC_SECOND_HAND] = "second_hand", [SRC_CALCULATED] = "calculated",
        [SRC_CONVENTION] = "convention",
    };
    const int n = (int)(sizeof names / sizeof names[0]);
    for (int q = 0; q < n; q++) {
        const char *name = model_quality_name((enum source_quality)q);
        CHECK_MSG(same(name, names[q]), "quality %d named %s", q, str(name));
        /* Round trip: the name leads back to its own value and no other. */
        int back = -1, matches = 0;
        for (int r = 0; r < n; r++)
            if (name && same(model_quality_name((enum source_quality)r), name)) {
                back = r;
                matches++;
            }
        CHECK_MSG(back == q && matches == 1, "quality %s does not round-trip", str(name));
    }
    CHECK(model_quality_name((enum source_quality)n) == NULL);
    CHECK(model_quality_name((enum source_quality) - 1) == NULL);
}

/* Posterior probability from a prior and one likelihood ratio, through odds. */
static double posterior(double prior, double lr)
{
    double odds = prior / (1 - prior) * lr;
    return odds / (1 + odds);
}

/* Worked example, by hand. Low back pain: SIJ prior 0.18 (DePalma 2011). The SIJ provocation
 * cluster is positive (3 or more of 5 tests): LR+ 2.13 (Saueressig 2021).
 *   prior odds      = 0.18 / (1 - 0.18)        = 0.18 / 0.82 = 0.2195...
 *   posterior odds  = 0.2195... x 2.13          = 0.4676...
 *   posterior       = 0.4676... / (1 + 0.4676...)
 *                   = (0.18 x 2.13) / (0.18 x 2.13 + 0.82)   (multiplying through by 0.82)
 *                   = 0.3834 / 1.2034 = 0.3185973076...
 * Cluster negative, LR- 0.33: 0.18 x 0.33 = 0.0594, and 0.0594 / (0.0594 + 0.82) =
 * 0.0594 / 0.8794 = 0.0675460541...
 * The review's own check at a 20% prior (odds 0.25): 0.25 x 2.13 = 0.5325, 0.5325 / 1.5325 =
 * 35%; 0.25 x 0.33 = 0.0825, 0.0825 / 1.0825 = 8%, as it reports. */
static void check_worked_example(void)
{
    const struct model_generator *sij = model_generator_find("lumbar_sij");
    const struct model_cluster *c = cluster_find("sij_provocation");
    CHECK(sij && c && same(c->generator, "lumbar_sij"));
    if (!sij || !c)
        return;
    /* the SIJ prior at 40-59; the other sources' weights sum to 0.82 */
    double pos = posterior(0.18, c->lr_pos), neg = posterior(0.18, c->lr_neg);
    CHECK_MSG(dist(pos, 0.3834 / 1.2034) < 1e-9 && dist(pos, 0.3185973076) < 1e-9,
              "SIJ posterior after a positive cluster %.10f", pos);
    CHECK_MSG(dist(neg, 0.0594 / 0.8794) < 1e-9 && dist(neg, 0.0675460541) < 1e-9,
              "SIJ posterior after a negative cluster %.10f", neg);
    CHECK_MSG(dist(posterior(0.20, c->lr_pos), 0.35) < 0.005, "20%% prior, positive: %.4f",
              posterior(0.20, c->lr_pos));
    CHECK_MSG(dist(posterior(0.20, c->lr_neg), 0.08) < 0.005, "20%% prior, negative: %.4f",
              posterior(0.20, c->lr_neg));
}

/* Every modelled source has exactly one prior row for each age from 0 to
 * 120 (the knee: one with and one without osteoarthritis), with a source;
 * the modelled priors of a region never reach 1 at any age, so another
 * source keeps a share; the osteoarthritis prevalence covers every age. */
/* code is a generator's own code object, not a copy of its text. */
static bool own_code(const char *code)
{
    size_t n;
    const struct model_generator *g = model_generators(&n);
    for (size_t i = 0; i < n; i++)
        if (g[i].code == code)
            return true;
    return false;
}

/* Every table names a row's generator by the generator's own code: the
 * engine compares the pointers (model_same_generator), so a row with a
 * copy of the text would be read for no generator. */
static void check_generator_pointers(void)
{
    size_t n;
    const struct model_prior *p = model_priors(&n);
    for (size_t i = 0; i < n; i++)
        CHECK_MSG(own_code(p[i].generator), "prior %zu: a copy of %s", i, str(p[i].generator));
    const struct model_site *s = model_sites(&n);
    for (size_t i = 0; i < n; i++)
        CHECK_MSG(own_code(s[i].generator), "site %s: a copy of %s", s[i].site, s[i].generator);
    const struct model_finding *f = model_findings(&n);
    for (size_t i = 0; i < n; i++)
        CHECK_MSG(own_code(f[i].generator), "finding %s: a copy of %s", f[i].finding,
                  str(f[i].generator));
    const struct model_cluster *c = model_clusters(&n);
    for (size_t i = 0; i < n; i++)
        CHECK_MSG(own_code(c[i].generator), "cluster %s: a copy of %s", c[i].code,
                  str(c[i].generator));
    const struct model_imaging *m = model_imaging(&n);
    for (size_t i = 0; i < n; i++)
        CHECK_MSG(own_code(m[i].generator), "imaging %s: a copy of %s", m[i].finding,
                  str(m[i].generator));
    const struct model_block *b = model_blocks(&n);
    for (size_t i = 0; i < n; i++)
        CHECK_MSG(own_code(b[i].generator), "block %s: a copy of %s", b[i].target,
                  str(b[i].generator));
    char copy[] = "lumbar_sij"; /* the same text elsewhere is not the generator's */
    CHECK(model_generator_find(copy) && !own_code(copy));
}

static void check_priors(void)
{
    size_t ng, np, no;
    const struct model_generator *g = model_generators(&ng);
    const struct model_prior *p = model_priors(&np);
    const struct model_oa_prevalence *oa = model_oa_prevalence(&no);
    for (int age = 0; age <= 120; age++) {
        double sum[3][2] = {{0}};
        for (size_t i = 0; i < ng; i++) {
            if (g[i].other)
                continue;
            int knee = g[i].region == REGION_KNEE;
            for (int want = 0; want <= knee; want++) {
                enum prior_oa kind = !knee  ? PRIOR_OA_ANY
                                     : want ? PRIOR_OA_PRESENT
                                            : PRIOR_OA_ABSENT;
                int rows = 0;
                for (size_t k = 0; k < np; k++) {
                    if (!same(p[k].generator, g[i].code) || p[k].oa != kind ||
                        age < p[k].age_from || age > p[k].age_to)
                        continue;
                    rows++;
                    CHECK(p[k].prior > 0 && p[k].prior < 1);
                    check_source(&p[k].source, "prior", p[k].generator);
                    sum[g[i].region == REGION_LUMBAR ? 0 : knee ? 1 : 2][want] += p[k].prior;
                }
                CHECK_MSG(rows == 1, "%s at %d: %d prior rows", g[i].code, age, rows);
            }
        }
        for (int r = 0; r < 3; r++)
            for (int w = 0; w < 2; w++)
                CHECK_MSG(sum[r][w] < 0.95, "region %d at %d: modelled priors sum to %.3f", r, age,
                          sum[r][w]);
        int rows = 0;
        for (size_t k = 0; k < no; k++)
            rows += age >= oa[k].age_from && age <= oa[k].age_to;
        CHECK_MSG(rows == 1, "osteoarthritis prevalence at %d: %d rows", age, rows);
    }
    size_t ns;
    const struct model_site *s = model_sites(&ns);
    for (size_t i = 0; i < ns; i++) {
        CHECK(vocab_find(VOCAB_PAIN_SITE, s[i].site) && model_generator_find(s[i].generator));
        CHECK(s[i].p_present > 0 && s[i].p_present < 1);
    }
    check_source(model_other_prior_source(), "other", "prior");
    check_source(model_site_other_source(), "other", "site");
    size_t nu;
    const struct model_unweighed *u = model_unweighed(&nu);
    for (size_t i = 0; i < nu; i++)
        CHECK_MSG(vocab_find(VOCAB_PAIN_SITE, u[i].code) || vocab_find(VOCAB_FINDING, u[i].code) ||
                      vocab_find(VOCAB_IMAGING_FINDING, u[i].code),
                  "unweighed %s: not in the vocabulary", u[i].code);
    size_t nv;
    const struct model_imaging_verdict *v = model_imaging_verdicts(&nv);
    for (size_t i = 0; i < nv; i++) {
        const struct vocab_entry *e = vocab_find(VOCAB_IMAGING_FINDING, v[i].finding);
        CHECK_MSG(e && (!v[i].min_grade || vocab_grade_allowed(e, v[i].min_grade)),
                  "imaging verdict %s", v[i].finding);
        CHECK(vocab_find(VOCAB_CANDIDACY_FACT, v[i].fact) != NULL);
    }
}

void test_model(void)
{
    check_generators();
    check_generator_pointers();
    check_priors();
    check_findings();
    check_clusters();
    check_imaging();
    check_asymptomatic();
    check_blocks();
    check_quality_names();
    check_worked_example();
}
