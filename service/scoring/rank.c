/* The Bayesian ranking. Correlated evidence is never multiplied: tests of
 * a published cluster enter once through it, one structure's imaging
 * signs through the strongest of them, and a generator's blocks through
 * the latest pair or block. Whatever is not applied is still listed, with
 * the reason. */
#include "paingen/scoring/rank.h"

#include "paingen/core/parse.h"
#include "paingen/scoring/vocabulary.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An age-weighted imaging LR+ (sensitivity / prevalence without pain) is
 * kept between 1 (a finding as common without pain as with it says
 * nothing) and this bound (tiny prevalences must not yield absurd LRs);
 * a stated convention. */
#define IMAGING_LR_MAX 20.0

static double logit(double p) { return log(p / (1.0 - p)); }
static double logistic(double x) { return 1.0 / (1.0 + exp(-x)); }

const char *contribution_kind_name(enum contribution_kind k)
{
    switch (k) {
    case CONTRIB_FINDING: return "finding";
    case CONTRIB_CLUSTER: return "cluster";
    case CONTRIB_IMAGING: return "imaging";
    case CONTRIB_BLOCK: return "block";
    }
    return "finding";
}

/* The latest result of a test, or NULL when it was not recorded. */
static const struct case_finding *latest(const struct scoring_case *c, const char *code)
{
    const struct case_finding *f = NULL;
    for (size_t i = 0; i < c->n_findings; i++)
        if (strcmp(c->findings[i].code, code) == 0)
            f = &c->findings[i];
    return f;
}

/* Appends a contribution. Each is one row of the model (a finding, a
 * cluster, an imaging row, a block row), so the model's size bounds the
 * list; a unit test keeps RANK_MAX_CONTRIBUTIONS above it. */
static struct contribution *note(struct ranked_generator *r, enum contribution_kind kind,
                                 const char *code, const char *result)
{
    if (r->n_contributions == RANK_MAX_CONTRIBUTIONS)
        return NULL;
    struct contribution *c = &r->contributions[r->n_contributions++];
    *c = (struct contribution){.kind = kind, .code = code, .result = result, .lr = 1.0};
    return c;
}

/* Applies lr (when it says anything) and records why. */
static void apply(double *log_odds, struct contribution *c, double lr, const struct source *src)
{
    if (!c)
        return;
    c->lr = lr;
    c->source = src;
    c->applied = lr != 1.0;
    if (c->applied)
        *log_odds += log(lr);
    else if (!c->detail[0])
        snprintf(c->detail, sizeof c->detail, "the source gives no likelihood ratio for this");
}

static bool in_list(const char *code, const char *const *list)
{
    for (; list && *list; list++)
        if (strcmp(*list, code) == 0)
            return true;
    return false;
}

static void clusters(const struct scoring_case *c, struct ranked_generator *r, double *lo)
{
    size_t n;
    const struct model_cluster *cl = model_clusters(&n);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(cl[i].generator, r->generator->code) != 0)
            continue;
        int members = 0, recorded = 0, counting = 0;
        for (const char *const *m = cl[i].members; *m; m++, members++) {
            const struct case_finding *f = latest(c, *m);
            if (!f)
                continue;
            recorded++;
            counting += f->positive != in_list(*m, cl[i].count_when_negative);
        }
        if (recorded == 0)
            continue;
        bool met = counting >= cl[i].threshold;
        struct contribution *x = note(r, CONTRIB_CLUSTER, cl[i].code, met ? "met" : "not met");
        if (!x)
            continue;
        if (recorded < cl[i].min_recorded) {
            x->result = "incomplete";
            snprintf(x->detail, sizeof x->detail,
                     "%d of its %d tests recorded; the published figures need %d", recorded,
                     members, cl[i].min_recorded);
            continue;
        }
        snprintf(x->detail, sizeof x->detail, "%d of %d count (threshold %d)", counting, members,
                 cl[i].threshold);
        apply(lo, x, met ? cl[i].lr_pos : cl[i].lr_neg, &cl[i].source);
    }
}

static void findings(const struct scoring_case *c, struct ranked_generator *r, double *lo)
{
    size_t n;
    const struct model_finding *mf = model_findings(&n);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(mf[i].generator, r->generator->code) != 0)
            continue;
        const struct case_finding *f = latest(c, mf[i].finding);
        if (!f)
            continue;
        struct contribution *x =
            note(r, CONTRIB_FINDING, mf[i].finding, f->positive ? "positive" : "negative");
        if (x && mf[i].cluster) {
            snprintf(x->detail, sizeof x->detail, "scored through the %s cluster", mf[i].cluster);
            continue;
        }
        apply(lo, x, f->positive ? mf[i].lr_pos : mf[i].lr_neg, &mf[i].source);
    }
}

/* Grades are ranks (Pfirrmann, Kellgren-Lawrence) except Modic types,
 * which are categories: those must match exactly. */
static bool grade_matches(const struct model_imaging *row, const struct case_imaging *ci)
{
    if (!row->min_grade)
        return true;
    if (!ci->grade)
        return false;
    const struct vocab_entry *e = vocab_find(VOCAB_IMAGING_FINDING, row->finding);
    int64_t want, got;
    if ((e && e->grade_scale && strcmp(e->grade_scale, "Modic") == 0) ||
        !parse_i64(row->min_grade, &want) || !parse_i64(ci->grade, &got))
        return strcmp(row->min_grade, ci->grade) == 0;
    return got >= want;
}

static const struct model_asymptomatic *prevalence_at(const char *finding, int age)
{
    size_t n;
    const struct model_asymptomatic *a = model_asymptomatic(&n);
    for (size_t i = 0; i < n; i++)
        if (strcmp(a[i].finding, finding) == 0 && age >= a[i].age_from && age <= a[i].age_to)
            return &a[i];
    return NULL;
}

/* The LR of one imaging finding for its row, weighed by the patient's age
 * when the sensitivity and the prevalence without pain are known. */
static double imaging_lr(const struct model_imaging *row, int age, char *detail, size_t len)
{
    const struct model_asymptomatic *a = prevalence_at(row->finding, age);
    if (row->sensitivity < 0 || !a || a->prevalence <= 0) {
        snprintf(detail, len, "reported likelihood ratio (no age-specific prevalence to weigh)");
        return row->lr_pos;
    }
    double lr = row->sensitivity / a->prevalence;
    lr = lr < 1.0 ? 1.0 : lr > IMAGING_LR_MAX ? IMAGING_LR_MAX : lr;
    if (row->lr_pos > 1.0 && row->lr_pos < lr)
        lr = row->lr_pos; /* never more than the published figure */
    snprintf(detail, len, "sensitivity %.2f / prevalence without pain at %d-%d y %.3f, bounded",
             row->sensitivity, a->age_from, a->age_to, a->prevalence);
    return lr;
}

/* True when this imaging row is already among r's contributions. */
static bool listed(const struct ranked_generator *r, const char *finding, const char *grade)
{
    for (size_t i = 0; i < r->n_contributions; i++) {
        const struct contribution *x = &r->contributions[i];
        if (x->kind == CONTRIB_IMAGING && strcmp(x->code, finding) == 0 && x->grade == grade)
            return true;
    }
    return false;
}

static void imaging(const struct scoring_case *c, struct ranked_generator *r, double *lo)
{
    size_t n;
    const struct model_imaging *rows = model_imaging(&n);
    struct contribution *best = NULL;
    const struct model_imaging *best_row = NULL;
    double best_lr = 1.0;
    for (size_t k = 0; k < c->n_imaging; k++) {
        const struct model_imaging *row = NULL;
        for (size_t i = 0; i < n; i++) {
            if (strcmp(rows[i].generator, r->generator->code) != 0 ||
                strcmp(rows[i].finding, c->imaging[k].code) != 0 ||
                !grade_matches(&rows[i], &c->imaging[k]))
                continue;
            /* the most specific matching row: the highest grade it names */
            if (!row || (rows[i].min_grade &&
                         (!row->min_grade || strcmp(rows[i].min_grade, row->min_grade) > 0)))
                row = &rows[i];
        }
        if (!row || listed(r, row->finding, row->min_grade))
            continue; /* the same sign at several levels or on several studies counts once */
        struct contribution *x = note(r, CONTRIB_IMAGING, row->finding, "present");
        if (x)
            x->grade = row->min_grade;
        if (!x)
            continue;
        double lr = imaging_lr(row, c->age, x->detail, sizeof x->detail);
        x->lr = lr;
        x->source = &row->source;
        if (!best || lr > best_lr) {
            best = x;
            best_row = row;
            best_lr = lr;
        }
    }
    for (size_t i = 0; i < r->n_contributions; i++) {
        struct contribution *x = &r->contributions[i];
        if (x->kind != CONTRIB_IMAGING || x == best)
            continue;
        x->lr = 1.0;
        x->source = NULL;
        snprintf(x->detail, sizeof x->detail,
                 "signs of one structure are correlated: only the strongest is applied");
    }
    if (best)
        apply(lo, best, best_lr, &best_row->source);
}

/* Positive, negative or indeterminate for one block under its row. */
static enum block_outcome block_read(const struct case_block *b, const struct model_block *row)
{
    if (strcmp(row->target, "provocation_discography") == 0)
        return !b->concordant       ? BLOCK_NEGATIVE
               : b->control_painful ? BLOCK_INDETERMINATE /* no valid negative control */
                                    : BLOCK_POSITIVE;
    struct block_result res;
    block_interpret(b->baseline_nrs, b->readings, b->n_readings, row->relief_pct, &res);
    return res.outcome;
}

static void blocks(const struct scoring_case *c, struct ranked_generator *r, double *lo)
{
    size_t n;
    const struct model_block *rows = model_blocks(&n);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(rows[i].generator, r->generator->code) != 0)
            continue;
        /* the latest block of this target decides: alone, or with the first of its pair */
        const struct case_block *last = NULL;
        for (size_t k = 0; k < c->n_blocks; k++)
            if (strcmp(c->blocks[k].target, rows[i].target) == 0)
                last = &c->blocks[k];
        if (!last)
            continue;
        enum block_outcome o = block_read(last, &rows[i]);
        const struct case_block *first = last->pair_of >= 0 && (size_t)last->pair_of < c->n_blocks
                                             ? &c->blocks[last->pair_of]
                                             : NULL;
        if (first && strcmp(first->target, rows[i].target) == 0) {
            struct block_result a = {.outcome = block_read(first, &rows[i])}, b = {.outcome = o};
            enum pair_outcome p = block_pair(&a, &b);
            struct contribution *x = note(r, CONTRIB_BLOCK, rows[i].target, block_pair_name(p));
            if (x && p == PAIR_INCONCLUSIVE)
                snprintf(x->detail, sizeof x->detail, "an inconclusive pair is not weighed");
            else
                apply(lo, x,
                      p == PAIR_CONCORDANT ? rows[i].comparative_lr_pos
                                           : rows[i].comparative_lr_neg,
                      &rows[i].comparative_source);
            continue;
        }
        struct contribution *x = note(r, CONTRIB_BLOCK, rows[i].target, block_outcome_name(o));
        if (x && o == BLOCK_INDETERMINATE)
            snprintf(x->detail, sizeof x->detail, "an indeterminate block is not weighed");
        else
            apply(lo, x, o == BLOCK_POSITIVE ? rows[i].single_lr_pos : rows[i].single_lr_neg,
                  &rows[i].single_source);
    }
}

static int by_posterior(const void *a, const void *b)
{
    const struct ranked_generator *x = a, *y = b;
    if (x->posterior != y->posterior)
        return x->posterior > y->posterior ? -1 : 1;
    return strcmp(x->generator->code, y->generator->code);
}

void scoring_rank(const struct scoring_case *c, struct ranking *out)
{
    size_t n;
    const struct model_generator *g = model_generators(&n);
    out->n = 0;
    for (size_t i = 0; i < n && out->n < RANK_MAX_GENERATORS; i++) {
        if (g[i].region != c->region)
            continue;
        struct ranked_generator *r = &out->items[out->n++];
        *r = (struct ranked_generator){.generator = &g[i], .prior = g[i].prior};
        double lo = logit(g[i].prior);
        clusters(c, r, &lo);
        findings(c, r, &lo);
        imaging(c, r, &lo);
        blocks(c, r, &lo);
        r->posterior = logistic(lo);
    }
    qsort(out->items, out->n, sizeof out->items[0], by_posterior);
}
