/* Priors by patient: table lookups by age band and, for the knee, a mixture
 * over radiographic osteoarthritis. Pure: no I/O, no allocation. */
#include "paingen/scoring/priors.h"

#include "paingen/core/numfmt.h"
#include "paingen/core/parse.h"
#include "paingen/scoring/rank.h"
#include "paingen/scoring/vocabulary.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const struct model_prior *row_of(const char *generator, int age, enum prior_oa oa)
{
    size_t n;
    const struct model_prior *rows = model_priors(&n);
    for (size_t i = 0; i < n; i++)
        if (model_same_generator(rows[i].generator, generator) && rows[i].oa == oa &&
            age >= rows[i].age_from && age <= rows[i].age_to)
            return &rows[i];
    return NULL; /* a unit test checks every age of every source has a row */
}

/* The prevalence band of radiographic osteoarthritis at this age. */
static const struct model_oa_prevalence *oa_row(int age)
{
    size_t k;
    const struct model_oa_prevalence *p = model_oa_prevalence(&k);
    for (size_t i = 0; i < k; i++)
        if (age >= p[i].age_from && age <= p[i].age_to)
            return &p[i];
    return NULL;
}

/* The latest graded knee radiograph decides; without one, the prevalence of
 * radiographic osteoarthritis at this age. */
static void knee_oa(int age, const char *side, const struct case_imaging *im, size_t n,
                    struct prior_oa_basis *b)
{
    *b = (struct prior_oa_basis){.oa = PRIOR_OA_ANY};
    for (size_t i = 0; i < n; i++) {
        int64_t kl;
        if (strcmp(im[i].code, "knee_osteoarthritis") == 0 && im[i].grade &&
            !scoring_other_side(side, im[i].side) && parse_i64(im[i].grade, &kl))
            b->radiograph = &im[i], b->oa = kl >= 2 ? PRIOR_OA_PRESENT : PRIOR_OA_ABSENT;
    }
    if (b->oa != PRIOR_OA_ANY) {
        b->p_oa = b->oa == PRIOR_OA_PRESENT ? 1.0 : 0.0;
        return;
    }
    const struct model_oa_prevalence *band = oa_row(age);
    b->p_oa = band ? band->prevalence : 0;
}

/* What the bases of a knee's sources share when no radiograph was
 * graded, formatted once per case: the mixture's weights and its lead,
 * "no graded radiograph: osteoarthritis at age 56 taken as 0.28 (...): ". */
struct mixture {
    char share[NUMFMT_MAX], rest[NUMFMT_MAX];
    char lead[160];
};

static void mixture_init(struct mixture *m, int age, double q)
{
    const struct model_oa_prevalence *r = oa_row(age);
    numfmt_f(q, 2, m->share);
    numfmt_f(1 - q, 2, m->rest);
    snprintf(m->lead, sizeof m->lead,
             "no graded radiograph: osteoarthritis at age %d taken as %s (%.40s): ", age, m->share,
             r ? r->source.citation : "");
}

/* texts[0..n) one after another into out (len bytes), cut where snprintf
 * would cut: for the bases built for every source of every case, where
 * printf's reading of a format costs more than the ranking. */
static void join(char *out, size_t len, const char *const *texts, size_t n)
{
    size_t used = 0;
    for (size_t i = 0; i < n && used + 1 < len; i++) {
        size_t k = strlen(texts[i]);
        if (k > len - 1 - used)
            k = len - 1 - used;
        memcpy(out + used, texts[i], k);
        used += k;
    }
    out[used] = '\0';
}

static void knee_prior(const char *code, int age, const struct prior_oa_basis *b,
                       const struct mixture *m, struct prior_fit *out)
{
    const struct model_prior *with = row_of(code, age, PRIOR_OA_PRESENT);
    const struct model_prior *without = row_of(code, age, PRIOR_OA_ABSENT);
    if (!with || !without)
        return;
    double q = b->p_oa;
    out->prior = q * with->prior + (1 - q) * without->prior;
    /* the reals through numfmt: printf's own digits cost more than the ranking */
    char w[NUMFMT_MAX], wo[NUMFMT_MAX], mix[NUMFMT_MAX];
    numfmt_g(with->prior, 3, w);
    numfmt_g(without->prior, 3, wo);
    if (b->oa == PRIOR_OA_PRESENT) {
        out->source = &with->source;
        join(out->basis, sizeof out->basis,
             (const char *[]){"radiographic osteoarthritis (Kellgren-Lawrence ",
                              b->radiograph->grade, "): ", w},
             4);
    } else if (b->oa == PRIOR_OA_ABSENT) {
        out->source = &without->source;
        join(out->basis, sizeof out->basis,
             (const char *[]){"no radiographic osteoarthritis (Kellgren-Lawrence ",
                              b->radiograph->grade, "): ", wo},
             4);
    } else {
        out->source = q >= 0.5 ? &with->source : &without->source;
        numfmt_g(out->prior, 4, mix);
        join(out->basis, sizeof out->basis,
             (const char *[]){m->lead, m->share, " x ", w, " + ", m->rest, " x ", wo, " = ", mix},
             10);
    }
}

void scoring_priors(const struct model_generator *const *g, size_t n, int age, const char *side,
                    const struct case_imaging *imaging, size_t n_imaging, struct prior_fit *out,
                    struct prior_oa_basis *oa)
{
    struct prior_oa_basis b = {.oa = PRIOR_OA_ANY};
    struct mixture m = {{0}, {0}, {0}}; /* read for the knee without a graded radiograph */
    bool knee = n > 0 && g[0]->region == REGION_KNEE;
    if (knee)
        knee_oa(age, side, imaging, n_imaging, &b);
    if (knee && b.oa == PRIOR_OA_ANY)
        mixture_init(&m, age, b.p_oa);
    double sum = 0;
    size_t other = n;
    for (size_t i = 0; i < n; i++) {
        out[i] = (struct prior_fit){0};
        if (g[i]->other) {
            other = i;
            continue;
        }
        if (knee) {
            knee_prior(g[i]->code, age, &b, &m, &out[i]);
        } else {
            const struct model_prior *r = row_of(g[i]->code, age, PRIOR_OA_ANY);
            if (r) {
                out[i].prior = r->prior;
                out[i].source = &r->source;
                if (r->age_from == 0 && r->age_to >= 120)
                    snprintf(out[i].basis, sizeof out[i].basis, "any age (no age effect reported)");
                else
                    snprintf(out[i].basis, sizeof out[i].basis, "age %d: band %d-%d", age,
                             r->age_from, r->age_to);
            }
        }
        sum += out[i].prior;
    }
    if (other < n) {
        /* rounded to 1e-12 so that 1 - 0.91 reads 0.09, not 0.0900000000000001 */
        out[other].prior = round((1.0 - sum) * 1e12) / 1e12;
        out[other].source = model_other_prior_source();
        char modelled[NUMFMT_MAX], left[NUMFMT_MAX];
        snprintf(out[other].basis, sizeof out[other].basis, "1 - %s (the modelled sources) = %s",
                 numfmt_g(sum, 4, modelled), numfmt_g(1.0 - sum, 4, left));
    }
    if (oa)
        *oa = b;
}
