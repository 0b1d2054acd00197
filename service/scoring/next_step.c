/* Expected information gain. Each step's result is modelled from its
 * likelihood ratios: sensitivity and specificity follow from LR+ and LR-
 * (sens = LR+ (1 - LR-) / (LR+ - LR-), spec = (LR+ - 1) / (LR+ - LR-)),
 * so a row with no usable pair of LRs offers no gain. A step that informs
 * several generators adds their gains: an approximation, since the
 * generators are scored as independent yes/no questions. */
#include "paingen/scoring/next_step.h"

#include <math.h>
#include <string.h>

static double entropy(double p)
{
    if (p <= 0 || p >= 1)
        return 0;
    return -(p * log2(p) + (1 - p) * log2(1 - p));
}

static double update(double p, double lr)
{
    double odds = p / (1 - p) * lr;
    return odds / (1 + odds);
}

/* Expected entropy reduction of one generator at posterior p for a step
 * whose results have these likelihood ratios; the posterior moves by the
 * effective ratios (what the ranking would actually apply), which may be
 * smaller. 0 when the step carries no information. */
static double gain(double p, double lr_pos, double lr_neg, double eff_pos, double eff_neg)
{
    if (!(lr_pos > 1.0 && lr_neg < 1.0 && lr_neg > 0) || p <= 0 || p >= 1)
        return 0;
    double spec = (lr_pos - 1) / (lr_pos - lr_neg);
    double sens = lr_pos * (1 - spec);
    double p_pos = p * sens + (1 - p) * (1 - spec);
    return entropy(p) -
           (p_pos * entropy(update(p, eff_pos)) + (1 - p_pos) * entropy(update(p, eff_neg)));
}

/* The strongest single-test LRs already applied to g each way (the
 * ranking applies only the most informative result each way). */
static void applied_extremes(const struct ranked_generator *g, double *up, double *down)
{
    *up = 1.0;
    *down = 1.0;
    for (size_t i = 0; i < g->n_contributions; i++) {
        const struct contribution *x = &g->contributions[i];
        if (x->kind != CONTRIB_FINDING || !x->applied)
            continue;
        if (x->lr > *up)
            *up = x->lr;
        if (x->lr < *down)
            *down = x->lr;
    }
}

static const struct ranked_generator *ranked(const struct ranking *r, const char *code)
{
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->items[i].generator->code, code) == 0)
            return &r->items[i];
    return NULL;
}

static bool recorded(const struct scoring_case *c, const char *code)
{
    for (size_t i = 0; i < c->n_findings; i++)
        if (strcmp(c->findings[i].code, code) == 0)
            return true;
    return false;
}

#define MAX_CANDIDATES 256

struct candidates {
    struct next_step items[MAX_CANDIDATES];
    size_t n;
};

/* Adds a step's gain for one generator; the same step for another
 * generator adds to it. */
static void offer(struct candidates *all, enum step_kind kind, const char *code,
                  const char *generator, double g)
{
    if (g <= 1e-12)
        return;
    for (size_t i = 0; i < all->n; i++) {
        struct next_step *s = &all->items[i];
        if (s->kind == kind && strcmp(s->code, code) == 0) {
            if (g > s->expected_gain_bits)
                s->generator = generator; /* the one it informs most */
            s->expected_gain_bits += g;
            return;
        }
    }
    if (all->n < MAX_CANDIDATES) /* the model has fewer rows */
        all->items[all->n++] = (struct next_step){kind, code, generator, g};
}

/* Best first; equal gains by code, so the answer is deterministic. */
static bool better(const struct next_step *a, const struct next_step *b)
{
    if (a->expected_gain_bits != b->expected_gain_bits)
        return a->expected_gain_bits > b->expected_gain_bits;
    return strcmp(a->code, b->code) < 0;
}

static void findings_and_clusters(const struct scoring_case *c, const struct ranking *r,
                                  struct candidates *out)
{
    size_t n;
    const struct model_cluster *cl = model_clusters(&n);
    for (size_t i = 0; i < n; i++) {
        const struct ranked_generator *g = ranked(r, cl[i].generator);
        bool missing = false;
        for (const char *const *m = cl[i].members; *m; m++)
            missing |= !recorded(c, *m);
        if (g && missing)
            offer(out, STEP_CLUSTER, cl[i].code, cl[i].generator,
                  gain(g->posterior, cl[i].lr_pos, cl[i].lr_neg, cl[i].lr_pos, cl[i].lr_neg));
    }
    const struct model_finding *mf = model_findings(&n);
    for (size_t i = 0; i < n; i++) {
        const struct ranked_generator *g = ranked(r, mf[i].generator);
        if (!g || mf[i].cluster || recorded(c, mf[i].finding))
            continue;
        double up, down;
        applied_extremes(g, &up, &down);
        /* a result weaker than one already applied that way would change nothing */
        double eff_pos = mf[i].lr_pos > up ? mf[i].lr_pos / up : 1.0;
        double eff_neg = mf[i].lr_neg < down ? mf[i].lr_neg / down : 1.0;
        offer(out, STEP_FINDING, mf[i].finding, mf[i].generator,
              gain(g->posterior, mf[i].lr_pos, mf[i].lr_neg, eff_pos, eff_neg));
    }
}

static void blocks(const struct scoring_case *c, const struct ranking *r, struct candidates *out)
{
    size_t n;
    const struct model_block *b = model_blocks(&n);
    for (size_t i = 0; i < n; i++) {
        const struct ranked_generator *g = ranked(r, b[i].generator);
        bool done = false;
        for (size_t k = 0; k < c->n_blocks; k++)
            done |= strcmp(c->blocks[k].target, b[i].target) == 0;
        if (!g)
            continue;
        /* after a single block, the comparative second one is the step */
        double lr_pos = done ? b[i].comparative_lr_pos : b[i].single_lr_pos;
        double lr_neg = done ? b[i].comparative_lr_neg : b[i].single_lr_neg;
        if (!done && lr_neg == 1.0)
            lr_neg = b[i].comparative_lr_neg; /* a negative screen fails the paradigm */
        offer(out, STEP_BLOCK, b[i].target, b[i].generator,
              gain(g->posterior, lr_pos, lr_neg, lr_pos, lr_neg));
    }
}

void scoring_next_steps(const struct scoring_case *c, const struct ranking *r,
                        struct next_steps *out)
{
    static _Thread_local struct candidates all; /* 256 steps: off the stack */
    all.n = 0;
    findings_and_clusters(c, r, &all);
    blocks(c, r, &all);
    out->n = 0;
    for (size_t i = 0; i < all.n; i++) {
        /* insert into the short best-first list */
        size_t k = out->n < NEXT_STEPS ? out->n++ : NEXT_STEPS;
        if (k == NEXT_STEPS && !better(&all.items[i], &out->items[NEXT_STEPS - 1]))
            continue;
        if (k == NEXT_STEPS)
            k = NEXT_STEPS - 1;
        while (k > 0 && better(&all.items[i], &out->items[k - 1])) {
            out->items[k] = out->items[k - 1];
            k--;
        }
        out->items[k] = all.items[i];
    }
}

const char *step_kind_name(enum step_kind k)
{
    switch (k) {
    case STEP_FINDING: return "finding";
    case STEP_CLUSTER: return "cluster";
    case STEP_BLOCK: return "block";
    }
    return "finding";
}
