/* Decision-focused next steps. A test aimed at source t is modelled from
 * its likelihood ratios as target against the rest: sensitivity and
 * specificity follow from LR+ and LR- (spec = (LR+ - 1) / (LR+ - LR-),
 * sens = LR+ (1 - spec)), so P(positive | t) = sens and P(positive | any
 * other) = 1 - spec; a row without a usable pair of LRs is not offered.
 * After each result t's weight moves by the effective ratio (what the
 * ranking would actually apply, which may be smaller), and the region is
 * normalised again. */
#include "paingen/scoring/next_step.h"

#include "paingen/scoring/candidacy.h"
#include "paingen/scoring/vocabulary.h"

#include <math.h>
#include <string.h>

/* What the clinician would do now: which source leads and whether the case
 * may proceed on it. */
struct decision {
    size_t top;
    bool proceed;
};

struct state {
    double p[RANK_MAX_GENERATORS];
    bool other[RANK_MAX_GENERATORS];
    bool confirmed[RANK_MAX_GENERATORS]; /* a block applied for it (lumbar rule) */
    size_t n;
    bool lumbar;
};

static struct decision decide(const struct state *s, const double *p, size_t confirmed_by)
{
    struct decision d = {0, false};
    for (size_t i = 1; i < s->n; i++)
        if (p[i] > p[d.top])
            d.top = i;
    bool confirmed = s->confirmed[d.top] || confirmed_by == d.top;
    d.proceed =
        !s->other[d.top] && p[d.top] >= CANDIDACY_MIN_TOP_POSTERIOR && (!s->lumbar || confirmed);
    return d;
}

/* One hypothetical step: it tests source t; sens and fpr (P(positive | t),
 * P(positive | any other)) give the chance of each result, the effective
 * ratios how far t's weight moves. */
struct trial {
    size_t t;
    double sens, fpr;
    double eff_pos, eff_neg;
    bool block; /* a positive result confirms t by a block */
};

/* sens and fpr from a pair of likelihood ratios; false when the pair
 * cannot give them (a ratio not reported, or none informative). */
static bool from_lrs(double lr_pos, double lr_neg, double *sens, double *fpr)
{
    if (!(lr_pos > 1.0 && lr_neg < 1.0 && lr_neg > 0))
        return false;
    double spec = (lr_pos - 1) / (lr_pos - lr_neg);
    *sens = lr_pos * (1 - spec);
    *fpr = 1 - spec;
    return true;
}

/* Fills the probability that the step changes the decision and its
 * expected gain. */
static void evaluate(const struct state *s, const struct trial *x, double *p_change, double *gain)
{
    struct decision now = decide(s, s->p, s->n);
    double p_pos = s->p[x->t] * x->sens + (1 - s->p[x->t]) * x->fpr;
    *p_change = 0;
    *gain = -s->p[now.top];
    for (int positive = 1; positive >= 0; positive--) {
        double q[RANK_MAX_GENERATORS], sum = 0, factor = positive ? x->eff_pos : x->eff_neg;
        for (size_t i = 0; i < s->n; i++)
            sum += q[i] = s->p[i] * (i == x->t ? factor : 1.0);
        for (size_t i = 0; i < s->n; i++)
            q[i] /= sum;
        struct decision then = decide(s, q, positive && x->block ? x->t : s->n);
        double p_result = positive ? p_pos : 1 - p_pos;
        if (then.top != now.top || then.proceed != now.proceed)
            *p_change += p_result;
        *gain += p_result * q[then.top];
    }
    if (fabs(*gain) < 1e-12)
        *gain = 0; /* rounding, not a loss */
}

/* Every step that could be done, before any is judged. */

struct candidate {
    struct trial x;
    enum step_kind kind;
    const char *code;
    const char *generator;
};

struct candidates {
    struct candidate items[NEXT_STEP_MAX_CANDIDATES];
    size_t n;
};

static void collect(struct candidates *all, const struct trial *x, enum step_kind kind,
                    const char *code, const char *generator)
{
    if (all->n < NEXT_STEP_MAX_CANDIDATES)
        all->items[all->n++] = (struct candidate){*x, kind, code, generator};
}

/* The place in the ranking of a row's generator, or r->n. */
static size_t index_of(const struct ranking *r, const char *code)
{
    for (size_t i = 0; i < r->n; i++)
        if (model_same_generator(r->items[i].generator->code, code))
            return i;
    return r->n;
}

/* The contribution of code on source g, or NULL. */
static const struct contribution *listed(const struct ranked_generator *g,
                                         enum contribution_kind kind, const char *code)
{
    for (size_t i = 0; i < g->n_contributions; i++)
        if (g->contributions[i].kind == kind && strcmp(g->contributions[i].code, code) == 0)
            return &g->contributions[i];
    return NULL;
}

/* The most likely to change the decision first, then the larger gain,
 * then by code: deterministic. */
static bool better(const struct next_step *a, const struct next_step *b)
{
    if (a->p_change != b->p_change)
        return a->p_change > b->p_change;
    if (a->expected_gain != b->expected_gain)
        return a->expected_gain > b->expected_gain;
    return strcmp(a->code, b->code) < 0;
}

/* Keeps the NEXT_STEPS best (a step already offered keeps its best row). */
static void offer(struct next_steps *out, struct next_step st)
{
    if (st.p_change <= 1e-12)
        return;
    const char *code = st.code;
    enum step_kind kind = st.kind;
    for (size_t i = 0; i < out->n; i++) {
        if (out->items[i].kind == kind && strcmp(out->items[i].code, code) == 0) {
            if (!better(&st, &out->items[i]))
                return;
            for (size_t k = i; k + 1 < out->n; k++) /* removed, then inserted anew */
                out->items[k] = out->items[k + 1];
            out->n--;
            break;
        }
    }
    size_t k = out->n < NEXT_STEPS ? out->n++ : NEXT_STEPS;
    if (k == NEXT_STEPS) {
        if (!better(&st, &out->items[NEXT_STEPS - 1]))
            return;
        k = NEXT_STEPS - 1;
    }
    while (k > 0 && better(&st, &out->items[k - 1])) {
        out->items[k] = out->items[k - 1];
        k--;
    }
    out->items[k] = st;
}

/* A cluster not yet decided, for the cluster's LRs. */
static void clusters(const struct ranking *r, struct candidates *out)
{
    size_t n;
    const struct model_cluster *cl = model_clusters(&n);
    for (size_t i = 0; i < n; i++) {
        size_t t = index_of(r, cl[i].generator);
        if (t == r->n)
            continue;
        const struct contribution *done = listed(&r->items[t], CONTRIB_CLUSTER, cl[i].code);
        if (done && strcmp(done->result, "incomplete") != 0)
            continue; /* met or not met: decided */
        struct trial x = {t, 0, 0, cl[i].lr_pos, cl[i].lr_neg, false};
        if (from_lrs(cl[i].lr_pos, cl[i].lr_neg, &x.sens, &x.fpr))
            collect(out, &x, STEP_CLUSTER, cl[i].code, cl[i].generator);
    }
}

/* The strongest single-test LRs already applied to g each way (the ranking
 * applies only the most informative result each way). */
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

static void findings(const struct ranking *r, struct candidates *out)
{
    size_t n;
    const struct model_finding *mf = model_findings(&n);
    for (size_t i = 0; i < n; i++) {
        size_t t = index_of(r, mf[i].generator);
        /* recorded on this case's side: the ranking lists it on its source */
        if (t == r->n || mf[i].cluster || listed(&r->items[t], CONTRIB_FINDING, mf[i].finding))
            continue;
        double up, down;
        applied_extremes(&r->items[t], &up, &down);
        /* a result weaker than one already applied that way changes nothing */
        struct trial x = {t,
                          0,
                          0,
                          mf[i].lr_pos > up ? mf[i].lr_pos / up : 1.0,
                          mf[i].lr_neg < down ? mf[i].lr_neg / down : 1.0,
                          false};
        if (from_lrs(mf[i].lr_pos, mf[i].lr_neg, &x.sens, &x.fpr))
            collect(out, &x, STEP_FINDING, mf[i].finding, mf[i].generator);
    }
}

/* The deciding block contribution of g, or NULL (listed first among its
 * blocks: earlier ones are "superseded" or "saline"). */
static const struct contribution *deciding_block(const struct ranked_generator *g)
{
    for (size_t i = 0; i < g->n_contributions; i++) {
        const struct contribution *x = &g->contributions[i];
        if (x->kind == CONTRIB_BLOCK && strcmp(x->result, "superseded") != 0 &&
            strcmp(x->result, "saline") != 0)
            return x;
    }
    return NULL;
}

/* One block step per source: the first block of the paradigm when none
 * was done (or it was indeterminate), the comparative second after a
 * positive first; nothing after a negative first block or a complete pair. */
static void blocks(const struct ranking *r, struct candidates *out)
{
    size_t n;
    const struct model_block *b = model_blocks(&n);
    for (size_t t = 0; t < r->n; t++) {
        const struct ranked_generator *g = &r->items[t];
        const struct contribution *done = deciding_block(g);
        const struct model_block *row = NULL;
        for (size_t i = 0; i < n && !row; i++)
            if (model_same_generator(b[i].generator, g->generator->code) &&
                (!done || strcmp(b[i].target, done->code) == 0))
                row = &b[i];
        if (!row)
            continue;
        struct trial x = {t, 0, 0, 0, 0, true};
        bool usable;
        if (!done || strcmp(done->result, "indeterminate") == 0) {
            x.eff_pos = row->single_lr_pos;
            /* a negative screen fails the comparative paradigm */
            x.eff_neg = row->single_lr_neg != 1.0 ? row->single_lr_neg : row->comparative_lr_neg;
            usable = from_lrs(x.eff_pos, row->single_lr_neg, &x.sens, &x.fpr);
            if (!usable && row->single_lr_pos > 1.0) {
                /* the model's screening convention: sensitivity 1 by
                 * construction, so P(positive | any other) = 1 / LR+ */
                x.sens = 1.0;
                x.fpr = 1.0 / row->single_lr_pos;
                usable = true;
            }
        } else if (strcmp(done->result, "positive") == 0 && done->lr > 0) {
            x.eff_pos = row->comparative_lr_pos / done->lr; /* the pair replaces the single */
            x.eff_neg = row->comparative_lr_neg / done->lr;
            usable = from_lrs(row->comparative_lr_pos, row->comparative_lr_neg, &x.sens, &x.fpr);
        } else {
            continue; /* a negative first block, or a pair already complete */
        }
        if (usable)
            collect(out, &x, STEP_BLOCK, row->target, row->generator);
    }
}

static void state_of(const struct scoring_case *c, const struct ranking *r, struct state *s)
{
    s->n = r->n;
    s->lumbar = c->region == REGION_LUMBAR;
    for (size_t i = 0; i < r->n; i++) {
        const struct ranked_generator *g = &r->items[i];
        s->p[i] = g->posterior;
        s->other[i] = g->generator->other;
        s->confirmed[i] = false;
        for (size_t k = 0; k < g->n_contributions; k++)
            s->confirmed[i] |= g->contributions[k].kind == CONTRIB_BLOCK &&
                               g->contributions[k].applied && g->contributions[k].lr > 1.0;
    }
}

/* The factor two results put on their source: single tests of one source
 * combine as the ranking combines them (only the most informative result
 * each way), anything else multiplies. */
static double combined(const struct candidate *a, bool ra, const struct candidate *b, bool rb)
{
    double fa = ra ? a->x.eff_pos : a->x.eff_neg, fb = rb ? b->x.eff_pos : b->x.eff_neg;
    if (a->kind != STEP_FINDING || b->kind != STEP_FINDING || ra != rb)
        return fa * fb;
    return ra ? fmax(fa, fb) : fmin(fa, fb);
}

/* The chance that doing a and then b changes the decision, their results
 * independent given the source: P(ra, rb) = sum over sources of p x P(ra |
 * source) x P(rb | source). */
static double pair_change(const struct state *s, const struct candidate *ca,
                          const struct candidate *cb)
{
    const struct trial *a = &ca->x, *b = &cb->x;
    struct decision now = decide(s, s->p, s->n);
    double change = 0;
    for (int ra = 0; ra < 2; ra++) {
        for (int rb = 0; rb < 2; rb++) {
            double q[RANK_MAX_GENERATORS], sum = 0, chance = 0;
            for (size_t i = 0; i < s->n; i++) {
                double pa = i == a->t ? a->sens : a->fpr, pb = i == b->t ? b->sens : b->fpr;
                chance += s->p[i] * (ra ? pa : 1 - pa) * (rb ? pb : 1 - pb);
                double f = a->t == b->t ? (i == a->t ? combined(ca, ra, cb, rb) : 1.0)
                                        : (i == a->t ? (ra ? a->eff_pos : a->eff_neg) : 1.0) *
                                              (i == b->t ? (rb ? b->eff_pos : b->eff_neg) : 1.0);
                sum += q[i] = s->p[i] * f;
            }
            for (size_t i = 0; i < s->n; i++)
                q[i] /= sum;
            size_t confirmed = ra && a->block ? a->t : rb && b->block ? b->t : s->n;
            struct decision then = decide(s, q, confirmed);
            if (then.top != now.top || then.proceed != now.proceed)
                change += chance;
        }
    }
    return change;
}

/* When no single step can change the decision of an unfinished work-up
 * (a fresh case whose leader is far ahead), the first of the pair of steps
 * most likely to change it together, naming its companion. */
static void pairs(const struct state *s, const struct candidates *all, struct next_steps *out)
{
    for (size_t i = 0; i < all->n; i++) {
        struct next_step best = {
            all->items[i].kind, all->items[i].code, all->items[i].generator, 0, 0, NULL};
        for (size_t k = 0; k < all->n; k++) {
            if (k == i || strcmp(all->items[k].code, all->items[i].code) == 0)
                continue;
            double p = pair_change(s, &all->items[i], &all->items[k]);
            if (p > best.p_change + 1e-12 || (fabs(p - best.p_change) <= 1e-12 && best.then &&
                                              strcmp(all->items[k].code, best.then) < 0))
                best.p_change = p, best.then = all->items[k].code;
        }
        if (best.then) {
            double unused;
            evaluate(s, &all->items[i].x, &unused, &best.expected_gain);
        }
        offer(out, best);
    }
}

void scoring_next_steps(const struct scoring_case *c, const struct ranking *r,
                        struct next_steps *out)
{
    struct state s;
    out->n = 0;
    out->none = NULL;
    if (r->n == 0) {
        out->none = "no source ranked";
        return;
    }
    state_of(c, r, &s);
    static _Thread_local struct candidates all; /* off the stack */
    all.n = 0;
    clusters(r, &all);
    findings(r, &all);
    blocks(r, &all);
    for (size_t i = 0; i < all.n; i++) {
        struct candidate *k = &all.items[i];
        struct next_step st = {k->kind, k->code, k->generator, 0, 0, NULL};
        evaluate(&s, &k->x, &st.p_change, &st.expected_gain);
        offer(out, st);
    }
    if (out->n == 0 && !decide(&s, s.p, s.n).proceed)
        pairs(&s, &all, out);
    if (out->n == 0)
        out->none = "no further test would change the target or the verdict";
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
