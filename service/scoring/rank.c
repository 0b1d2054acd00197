/* The differential. Correlated evidence is never multiplied: tests of a
 * published cluster enter once through it, one structure's imaging signs
 * through the strongest of them, and a source's blocks through the latest
 * pair or block. Each source's factors are summed in log space, added to
 * its log prior, and the region is normalised. Whatever is not applied is
 * still listed, with the reason, on its source or among the unweighed. */
#include "paingen/scoring/rank.h"

#include "paingen/core/numfmt.h"
#include "paingen/core/parse.h"
#include "paingen/scoring/vocabulary.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An age-weighted imaging LR+ (sensitivity / prevalence without pain) is
 * kept between 1 (a finding as common without pain as with it says
 * nothing) and this bound (tiny prevalences must not yield absurd LRs);
 * a stated convention. */
#define IMAGING_LR_MAX 20.0

const char *contribution_kind_name(enum contribution_kind k)
{
    switch (k) {
    case CONTRIB_FINDING: return "finding";
    case CONTRIB_CLUSTER: return "cluster";
    case CONTRIB_IMAGING: return "imaging";
    case CONTRIB_BLOCK: return "block";
    case CONTRIB_SITE: return "site";
    }
    return "finding";
}

/* Which recorded findings and imaging findings some source listed: the
 * others are reported as not weighed. Marked as the sources read them, so
 * that no second pass over the model is needed. */
static _Thread_local bool finding_used[SCORING_MAX_FINDINGS];
static _Thread_local bool imaging_used[SCORING_MAX_IMAGING];

/* Whether an item recorded on side lies on the other side of a one-sided
 * case (left against right); bilateral and midline items count for any. */
bool scoring_other_side(const char *case_side, const char *item_side)
{
    if (!case_side || !item_side)
        return false;
    return (strcmp(case_side, "left") == 0 && strcmp(item_side, "right") == 0) ||
           (strcmp(case_side, "right") == 0 && strcmp(item_side, "left") == 0);
}

static bool other_side(const struct scoring_case *c, const char *side)
{
    return scoring_other_side(c->side, side);
}

/* The case's findings by code, then recording order: each model row finds
 * its results by binary search instead of a pass over the whole case (the
 * ranking asks once per row and source). */
static _Thread_local uint16_t by_code[SCORING_MAX_FINDINGS];
static _Thread_local const struct case_finding *sorting; /* for the comparator */

static int code_then_order(const void *a, const void *b)
{
    uint16_t x = *(const uint16_t *)a, y = *(const uint16_t *)b;
    int d = strcmp(sorting[x].code, sorting[y].code);
    return d ? d : (x > y) - (x < y);
}

static void index_findings(const struct scoring_case *c)
{
    for (size_t i = 0; i < c->n_findings; i++)
        by_code[i] = (uint16_t)i;
    sorting = c->findings;
    qsort(by_code, c->n_findings, sizeof by_code[0], code_then_order);
}

/* The latest result of a test on the case's side (true when recorded). A
 * finding the case states already, age over 65, comes from the age unless
 * recorded. */
static bool result_of(const struct scoring_case *c, const char *code, bool *positive)
{
    size_t lo = 0, hi = c->n_findings; /* the first entry not before code */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(c->findings[by_code[mid]].code, code) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    bool found = false;
    for (; lo < c->n_findings && strcmp(c->findings[by_code[lo]].code, code) == 0; lo++) {
        const struct case_finding *f = &c->findings[by_code[lo]];
        if (other_side(c, f->side))
            continue;
        finding_used[by_code[lo]] = true;
        *positive = f->positive; /* in recording order: the latest wins */
        found = true;
    }
    if (!found && strcmp(code, "lumbar_age_over_65") == 0 && c->age > 0) {
        *positive = c->age > 65;
        found = true;
    }
    return found;
}

/* Set when a list was full: the ranking is then refused, never served
 * with evidence missing. */
static _Thread_local bool overflowed;

/* Appends a contribution. Each is one row of the model (a finding, a
 * cluster, an imaging row, a site) or one block of the case, so the model's
 * size and SCORING_MAX_BLOCKS bound the list; a unit test keeps
 * RANK_MAX_CONTRIBUTIONS above it. */
static struct contribution *note(struct ranked_generator *r, enum contribution_kind kind,
                                 const char *code, const char *result)
{
    if (r->n_contributions == RANK_MAX_CONTRIBUTIONS) {
        overflowed = true;
        return NULL;
    }
    struct contribution *c = &r->contributions[r->n_contributions++];
    *c = (struct contribution){
        .kind = kind, .code = code, .result = result, .lr = 1.0, .factor = 1.0};
    return c;
}

/* Applies lr (when it says anything) and records why. */
static void apply(double *log_odds, struct contribution *c, double lr, const struct source *src)
{
    if (!c)
        return;
    if (!isfinite(lr) || lr <= 0) { /* a table error must not turn into NaN */
        snprintf(c->detail, sizeof c->detail, "not a usable likelihood ratio");
        return;
    }
    c->lr = lr;
    c->factor = lr;
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
        if (!model_same_generator(cl[i].generator, r->generator->code))
            continue;
        int members = 0, recorded = 0, counting = 0;
        for (const char *const *m = cl[i].members; *m; m++, members++) {
            bool positive;
            if (!result_of(c, *m, &positive))
                continue;
            recorded++;
            counting += positive != in_list(*m, cl[i].count_when_negative);
        }
        if (recorded == 0)
            continue;
        bool met = counting >= cl[i].threshold;
        /* the tests not done cannot change a result already certain */
        bool decided = met || counting + (members - recorded) < cl[i].threshold;
        struct contribution *x = note(r, CONTRIB_CLUSTER, cl[i].code, met ? "met" : "not met");
        if (!x)
            continue;
        if (recorded < cl[i].min_recorded && !decided) {
            x->result = "incomplete";
            snprintf(x->detail, sizeof x->detail,
                     "%d of its %d tests recorded, %d count: undecided until more are done",
                     recorded, members, counting);
            continue;
        }
        snprintf(x->detail, sizeof x->detail, "%d of %d count (threshold %d), %d recorded",
                 counting, members, cl[i].threshold, recorded);
        apply(lo, x, met ? cl[i].lr_pos : cl[i].lr_neg, &cl[i].source);
    }
}

/* Single tests of one structure are correlated too. Where no published
 * cluster joins them, only the most informative result each way (the
 * largest LR above 1, the smallest below 1) is applied; the rest are
 * listed. A stated convention: multiplying them would overstate the
 * evidence. */
static void findings(const struct scoring_case *c, struct ranked_generator *r, double *lo)
{
    size_t n;
    const struct model_finding *mf = model_findings(&n);
    struct contribution *up = NULL, *down = NULL;
    const struct source *up_src = NULL, *down_src = NULL;
    double up_lr = 1.0, down_lr = 1.0;
    for (size_t i = 0; i < n; i++) {
        bool positive;
        if (!model_same_generator(mf[i].generator, r->generator->code) ||
            !result_of(c, mf[i].finding, &positive))
            continue;
        struct contribution *x =
            note(r, CONTRIB_FINDING, mf[i].finding, positive ? "positive" : "negative");
        if (!x)
            continue;
        if (mf[i].cluster) {
            snprintf(x->detail, sizeof x->detail, "scored through the %s cluster", mf[i].cluster);
            continue;
        }
        double lr = positive ? mf[i].lr_pos : mf[i].lr_neg;
        x->lr = lr;
        x->source = &mf[i].source;
        if (lr > up_lr) {
            up = x, up_lr = lr, up_src = &mf[i].source;
        } else if (lr < down_lr) {
            down = x, down_lr = lr, down_src = &mf[i].source;
        }
    }
    for (size_t i = 0; i < r->n_contributions; i++) {
        struct contribution *x = &r->contributions[i];
        if (x->kind != CONTRIB_FINDING || x == up || x == down || x->detail[0])
            continue;
        if (x->lr == 1.0)
            snprintf(x->detail, sizeof x->detail, "not weighed: no usable figure for this result");
        else
            snprintf(x->detail, sizeof x->detail,
                     "correlated with %s: only the most informative result each way is applied",
                     x->lr > 1.0 ? up->code : down->code);
        x->lr = 1.0;
        x->source = NULL;
    }
    if (up)
        apply(lo, up, up_lr, up_src);
    if (down)
        apply(lo, down, down_lr, down_src);
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

/* The prevalence band of a finding at this age, or the nearest band when
 * the age falls outside or between the reported ones. */
static const struct model_asymptomatic *prevalence_at(const char *finding, int age)
{
    size_t n;
    const struct model_asymptomatic *a = model_asymptomatic(&n);
    const struct model_asymptomatic *best = NULL;
    int best_gap = 0;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(a[i].finding, finding) != 0)
            continue;
        int gap = age < a[i].age_from ? a[i].age_from - age
                  : age > a[i].age_to ? age - a[i].age_to
                                      : 0;
        if (!best || gap < best_gap)
            best = &a[i], best_gap = gap;
    }
    return best;
}

/* The LR of one imaging finding for its row, weighed by the patient's age
 * when the sensitivity and the prevalence without pain are known; within
 * [1, IMAGING_LR_MAX] either way. */
static double imaging_lr(const struct model_imaging *row, int age, char *detail, size_t len)
{
    const struct model_asymptomatic *a = prevalence_at(row->finding, age);
    double lr;
    if (row->sensitivity < 0 && row->lr_pos == 1.0) {
        lr = 1.0;
        snprintf(detail, len, "not weighed: no likelihood ratio for the pain source (see source)");
    } else if (!a || a->prevalence <= 0) {
        lr = row->lr_pos;
        snprintf(detail, len, "reported likelihood ratio (no prevalence without pain to weigh)");
    } else if (row->sensitivity < 0) {
        /* sensitivity is at most 1, so LR+ = sens / false-positive rate can
         * never exceed 1 / the prevalence without pain at this age */
        double bound = 1.0 / a->prevalence;
        lr = row->lr_pos < bound ? row->lr_pos : bound;
        char reported[NUMFMT_MAX], prevalence[NUMFMT_MAX], most[NUMFMT_MAX];
        snprintf(detail, len,
                 "reported LR+ %s, at most 1 / prevalence without pain at %d-%d y %s = %s",
                 numfmt_g(row->lr_pos, 3, reported), a->age_from, a->age_to,
                 numfmt_f(a->prevalence, 3, prevalence), numfmt_g(bound, 3, most));
    } else {
        lr = row->sensitivity / a->prevalence;
        if (row->lr_pos > 1.0 && row->lr_pos < lr)
            lr = row->lr_pos; /* never more than the published figure */
        char sensitivity[NUMFMT_MAX], prevalence[NUMFMT_MAX];
        snprintf(detail, len, "sensitivity %s / prevalence without pain at %d-%d y %s",
                 numfmt_f(row->sensitivity, 2, sensitivity), a->age_from, a->age_to,
                 numfmt_f(a->prevalence, 3, prevalence));
    }
    return lr < 1.0 ? 1.0 : lr > IMAGING_LR_MAX ? IMAGING_LR_MAX : lr;
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

/* An imaging finding the model has figures for, but not at its grade
 * (or without one): listed, not weighed. */
static void unmatched(struct ranked_generator *r, const char *code, size_t k,
                      const struct model_imaging *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (model_same_generator(rows[i].generator, r->generator->code) &&
            strcmp(rows[i].finding, code) == 0) {
            imaging_used[k] = true;
            if (listed(r, rows[i].finding, NULL))
                return;
            struct contribution *x = note(r, CONTRIB_IMAGING, rows[i].finding, "present");
            if (x)
                snprintf(x->detail, sizeof x->detail,
                         "no published figure at this grade (or without a grade)");
            return;
        }
    }
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
        if (other_side(c, c->imaging[k].side))
            continue;
        for (size_t i = 0; i < n; i++) {
            if (!model_same_generator(rows[i].generator, r->generator->code) ||
                strcmp(rows[i].finding, c->imaging[k].code) != 0 ||
                !grade_matches(&rows[i], &c->imaging[k]))
                continue;
            /* the most specific matching row: the highest grade it names */
            if (!row || (rows[i].min_grade &&
                         (!row->min_grade || strcmp(rows[i].min_grade, row->min_grade) > 0)))
                row = &rows[i];
        }
        if (!row) {
            unmatched(r, c->imaging[k].code, k, rows, n);
            continue;
        }
        imaging_used[k] = true;
        if (listed(r, row->finding, row->min_grade))
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

/* The model's row for a block target and generator, or NULL. */
static const struct model_block *block_row(const char *target, const char *generator)
{
    size_t n;
    const struct model_block *rows = model_blocks(&n);
    for (size_t i = 0; i < n; i++)
        if (model_same_generator(rows[i].generator, generator) &&
            strcmp(rows[i].target, target) == 0)
            return &rows[i];
    return NULL;
}

/* A block read alone. */
static void single(double *lo, struct contribution *x, enum block_outcome o,
                   const struct model_block *row)
{
    if (x && o == BLOCK_INDETERMINATE) {
        snprintf(x->detail, sizeof x->detail, "an indeterminate block is not weighed");
    } else if (o == BLOCK_POSITIVE) {
        apply(lo, x, row->single_lr_pos, &row->single_source);
    } else if (row->single_lr_neg != 1.0) {
        apply(lo, x, row->single_lr_neg, &row->single_source);
    } else {
        /* no figure for a negative single block: it fails the comparative
         * paradigm at its first step, so the pair's LR- applies */
        if (x)
            snprintf(x->detail, sizeof x->detail,
                     "a negative screening block: the comparative "
                     "paradigm's LR- applies");
        apply(lo, x, row->comparative_lr_neg, &row->comparative_source);
    }
}

/* A pair read together: concordant (or confirmed against saline) weighs
 * as the comparative paradigm's LR+, discordant or negative as its LR-;
 * an inconclusive pair or a placebo response is not weighed. */
static void pair(double *lo, struct contribution *x, enum pair_outcome p,
                 const struct model_block *row)
{
    if (x)
        x->result = block_pair_name(p);
    switch (p) {
    case PAIR_CONCORDANT: apply(lo, x, row->comparative_lr_pos, &row->comparative_source); break;
    case PAIR_REVERSED:
        apply(lo, x, row->reversed_lr_pos, &row->reversed_source);
        if (x && x->applied)
            snprintf(x->detail, sizeof x->detail,
                     "relieved twice, but the longer-acting agent did not give the longer relief "
                     "(or the agents cannot be compared): weighed as one positive block");
        break;
    case PAIR_PLACEBO_CONFIRMED:
        apply(lo, x, row->comparative_lr_pos, &row->comparative_source);
        if (x)
            snprintf(x->detail, sizeof x->detail,
                     "placebo-controlled (the reference protocol, Bogduk 2010): weighed as a "
                     "concordant comparative pair, a lower bound");
        break;
    case PAIR_DISCORDANT:
    case PAIR_NEGATIVE: apply(lo, x, row->comparative_lr_neg, &row->comparative_source); break;
    case PAIR_INCONCLUSIVE:
        if (x)
            snprintf(x->detail, sizeof x->detail, "an inconclusive pair is not weighed");
        break;
    case PAIR_PLACEBO_RESPONSE:
        if (x)
            snprintf(x->detail, sizeof x->detail,
                     "relief after saline: the anaesthetic's relief is not specific, not weighed");
        break;
    }
}

/* A block of this source, on the case's side. */
static bool block_of(const struct scoring_case *c, size_t k, const char *generator)
{
    return block_row(c->blocks[k].target, generator) && !other_side(c, c->blocks[k].side);
}

/* A saline control without the anaesthetic block it controls says
 * nothing, and must not supersede the blocks before it. */
static bool unpaired_saline(const struct scoring_case *c, size_t k)
{
    const struct case_block *b = &c->blocks[k];
    return block_is_placebo(b) && (b->pair_of < 0 || (size_t)b->pair_of >= k);
}

/* One block factor per generator: the latest block of any of its targets
 * decides, as a comparative pair when it names an earlier block of the
 * generator. Earlier blocks are listed, not multiplied. */
static void blocks(const struct scoring_case *c, struct ranked_generator *r, double *lo)
{
    size_t last = c->n_blocks;
    for (size_t k = 0; k < c->n_blocks; k++)
        if (block_of(c, k, r->generator->code) && !unpaired_saline(c, k))
            last = k;
    if (last == c->n_blocks)
        return;
    const struct case_block *b = &c->blocks[last];
    const struct model_block *row = block_row(b->target, r->generator->code);
    const struct case_block *first = NULL;
    const struct model_block *first_row = NULL;
    if (b->pair_of >= 0 && (size_t)b->pair_of < last &&
        block_of(c, (size_t)b->pair_of, r->generator->code)) {
        first = &c->blocks[b->pair_of];
        first_row = block_row(first->target, r->generator->code);
    }
    struct block_result res;
    enum block_outcome o = block_read(b, row, &res);
    bool paired = first_row && !(row->comparative_lr_pos == 1.0 && row->comparative_lr_neg == 1.0);
    if (paired) {
        struct block_result fr;
        block_read(first, first_row, &fr);
        pair(lo, note(r, CONTRIB_BLOCK, b->target, NULL), block_pair_of(first, &fr, b, &res), row);
    } else if (block_is_placebo(b)) {
        struct contribution *x = note(r, CONTRIB_BLOCK, b->target, "saline");
        if (x)
            snprintf(x->detail, sizeof x->detail,
                     "a saline control is read only with the anaesthetic block it controls");
        first = NULL;
    } else {
        single(lo, note(r, CONTRIB_BLOCK, b->target, block_outcome_name(o)), o, row);
        first = NULL; /* not read as a pair: listed with the others */
    }
    /* listed after the decisive one, so a long history can only crowd out itself */
    for (size_t k = 0; k < c->n_blocks; k++) {
        if (k == last || &c->blocks[k] == first || !block_of(c, k, r->generator->code))
            continue;
        bool alone = unpaired_saline(c, k);
        struct contribution *x =
            note(r, CONTRIB_BLOCK, c->blocks[k].target, alone ? "saline" : "superseded");
        if (x)
            snprintf(x->detail, sizeof x->detail, "%s",
                     alone ? "a saline control without the anaesthetic block it controls"
                           : "a later block of this structure decides");
    }
}

/* ---- Pain sites: each source's own likelihood. */

/* The latest record of each site: true when this is it. */
static bool latest_site(const struct scoring_case *c, size_t k)
{
    for (size_t i = k + 1; i < c->n_sites; i++)
        if (strcmp(c->sites[i].code, c->sites[k].code) == 0)
            return false;
    return true;
}

static const struct model_site *site_row(const char *site, const char *generator)
{
    size_t n;
    const struct model_site *rows = model_sites(&n);
    for (size_t i = 0; i < n; i++)
        if (model_same_generator(rows[i].generator, generator) && strcmp(rows[i].site, site) == 0)
            return &rows[i];
    return NULL;
}

/* P(site as recorded | source g) by the model's row; -1 when it has none
 * (another source always: it takes the others' mean, see site()). */
static double site_likelihood(const char *site, bool present, const struct model_generator *g)
{
    const struct model_site *row = site_row(site, g->code);
    if (!row)
        return -1;
    return present ? row->p_present : 1.0 - row->p_present;
}

/* Applies one site to every source of the region: factor = its likelihood;
 * lr = that likelihood against the prior-weighted mean of the others.
 * False when the model has no figure for the site. */
static bool site(const struct case_site *s, struct ranking *out, double *lo)
{
    double l[RANK_MAX_GENERATORS], w[RANK_MAX_GENERATORS];
    double num = 0, den = 0;
    bool any = false;
    for (size_t i = 0; i < out->n; i++) {
        const struct model_generator *g = out->items[i].generator;
        w[i] = out->items[i].prior.prior;
        l[i] = g->other ? -1 : site_likelihood(s->code, s->present, g);
        if (l[i] >= 0) {
            num += w[i] * l[i];
            den += w[i];
            any = true;
        }
    }
    if (!any || den <= 0)
        return false;
    for (size_t i = 0; i < out->n; i++)
        if (out->items[i].generator->other)
            l[i] = num / den; /* the convention for another source */
    for (size_t i = 0; i < out->n; i++) {
        struct ranked_generator *r = &out->items[i];
        if (l[i] < 0) /* a modelled source without a figure: weighed like another source */
            l[i] = num / den;
        double rest = 0, rest_w = 0;
        for (size_t k = 0; k < out->n; k++)
            if (k != i)
                rest += w[k] * l[k], rest_w += w[k];
        struct contribution *x = note(r, CONTRIB_SITE, s->code, s->present ? "present" : "absent");
        if (!x)
            continue;
        const struct model_site *row = site_row(s->code, r->generator->code);
        x->factor = l[i];
        x->lr = rest > 0 && l[i] > 0 ? l[i] / (rest / rest_w) : 1.0;
        x->applied = l[i] > 0;
        x->source = row ? &row->source : model_site_other_source();
        /* the numbers are factor and lr: words only here (formatting reals
         * for every source of every site would cost more than the ranking) */
        snprintf(x->detail, sizeof x->detail, "%s",
                 s->present ? "factor: P(pain felt here | this source); lr: against the rest "
                              "at their priors"
                            : "factor: P(no pain here | this source); lr: against the rest at "
                              "their priors");
        if (l[i] > 0)
            lo[i] += log(l[i]);
    }
    return true;
}

/* ---- What no source weighs. */

static void unweigh(struct ranking *out, enum contribution_kind kind, const char *code,
                    const char *result, const char *reason)
{
    if (out->n_unweighed == RANK_MAX_UNWEIGHED) {
        overflowed = true;
        return;
    }
    out->unweighed[out->n_unweighed++] = (struct unweighed_item){kind, code, result, reason};
}

static const char *unweighed_reason(const char *code, const char *otherwise)
{
    size_t n;
    const struct model_unweighed *u = model_unweighed(&n);
    for (size_t i = 0; i < n; i++)
        if (strcmp(u[i].code, code) == 0)
            return u[i].reason;
    return otherwise;
}

static bool block_modelled(const struct ranking *r, const char *target)
{
    for (size_t k = 0; k < r->n; k++)
        if (block_row(target, r->items[k].generator->code))
            return true;
    return false;
}

#define OTHER_SIDE "recorded on the other side of a one-sided consultation"

static void unweighed_records(const struct scoring_case *c, struct ranking *out)
{
    for (size_t i = 0; i < c->n_findings; i++) {
        const struct case_finding *f = &c->findings[i];
        const char *res = f->positive ? "positive" : "negative";
        if (other_side(c, f->side))
            unweigh(out, CONTRIB_FINDING, f->code, res, OTHER_SIDE);
        else if (!finding_used[i])
            unweigh(out, CONTRIB_FINDING, f->code, res,
                    unweighed_reason(f->code, "the model has no figure for this finding"));
    }
    for (size_t i = 0; i < c->n_imaging; i++) {
        const struct case_imaging *m = &c->imaging[i];
        if (other_side(c, m->side))
            unweigh(out, CONTRIB_IMAGING, m->code, m->grade ? m->grade : "present", OTHER_SIDE);
        else if (out->oa.radiograph == m)
            unweigh(out, CONTRIB_IMAGING, m->code, m->grade,
                    "sets the knee's priors (radiographic osteoarthritis), not weighed again");
        else if (!imaging_used[i])
            unweigh(out, CONTRIB_IMAGING, m->code, m->grade ? m->grade : "present",
                    unweighed_reason(m->code, "no published figure relates this finding to a "
                                              "pain source"));
    }
    for (size_t i = 0; i < c->n_blocks; i++) {
        const struct case_block *b = &c->blocks[i];
        if (other_side(c, b->side))
            unweigh(out, CONTRIB_BLOCK, b->target, "recorded", OTHER_SIDE);
        else if (!block_modelled(out, b->target))
            unweigh(out, CONTRIB_BLOCK, b->target, "recorded",
                    "no source of the model is read by this block: its relief is reported only");
    }
}

static int by_posterior(const void *a, const void *b)
{
    const struct ranked_generator *x = a, *y = b;
    if (x->posterior != y->posterior)
        return x->posterior > y->posterior ? -1 : 1;
    return strcmp(x->generator->code, y->generator->code);
}

/* The region's sources in the model's order, each with its fitted prior. */
static void sources(const struct scoring_case *c, struct ranking *out)
{
    size_t n;
    const struct model_generator *g = model_generators(&n);
    const struct model_generator *mine[RANK_MAX_GENERATORS];
    struct prior_fit fit[RANK_MAX_GENERATORS];
    size_t k = 0;
    for (size_t i = 0; i < n && k < RANK_MAX_GENERATORS; i++)
        if (g[i].region == c->region)
            mine[k++] = &g[i];
    scoring_priors(mine, k, c->age, c->side, c->imaging, c->n_imaging, fit, &out->oa);
    for (size_t i = 0; i < k; i++) {
        struct ranked_generator *r = &out->items[i];
        r->generator = mine[i];
        r->prior = fit[i];
        r->contributions = out->pool[i];
        r->n_contributions = 0;
        r->contributing = false;
    }
    out->n = k;
}

static void normalise(struct ranking *out, const double *lo)
{
    double w[RANK_MAX_GENERATORS], top = -INFINITY, sum = 0;
    for (size_t i = 0; i < out->n; i++) {
        double p = out->items[i].prior.prior;
        /* a prior of 0 (a table error) must not turn into -inf - -inf = NaN */
        w[i] = (p > 1e-12 ? log(p) : log(1e-12)) + lo[i];
        if (w[i] > top)
            top = w[i];
    }
    for (size_t i = 0; i < out->n; i++)
        sum += w[i] = exp(w[i] - top); /* shifted by the largest: no overflow */
    for (size_t i = 0; i < out->n; i++)
        out->items[i].posterior = w[i] / sum;
}

/* The product of the likelihood ratios applied to each source, and whether
 * a source other than the first may contribute too. */
static void strengths(struct ranking *out)
{
    for (size_t i = 0; i < out->n; i++) {
        struct ranked_generator *r = &out->items[i];
        double log_lr = 0;
        for (size_t k = 0; k < r->n_contributions; k++)
            if (r->contributions[k].applied)
                log_lr += log(r->contributions[k].lr);
        r->evidence_lr = exp(log_lr);
        r->contributing = i > 0 && !r->generator->other && r->evidence_lr >= MODEL_CONTRIBUTING_LR;
    }
}

void scoring_rank(const struct scoring_case *c, struct ranking *out)
{
    /* the edge refuses more; a caller that did not is refused here */
    overflowed = c->n_findings > SCORING_MAX_FINDINGS || c->n_imaging > SCORING_MAX_IMAGING ||
                 c->n_blocks > SCORING_MAX_BLOCKS || c->n_sites > SCORING_MAX_SITES;
    out->n_unweighed = 0;
    out->n = 0;
    if (overflowed) {
        out->complete = false;
        return;
    }
    memset(finding_used, 0, c->n_findings * sizeof finding_used[0]);
    index_findings(c);
    memset(imaging_used, 0, c->n_imaging * sizeof imaging_used[0]);
    sources(c, out);
    double lo[RANK_MAX_GENERATORS] = {0};
    for (size_t i = 0; i < out->n; i++) {
        struct ranked_generator *r = &out->items[i];
        clusters(c, r, &lo[i]);
        findings(c, r, &lo[i]);
        imaging(c, r, &lo[i]);
        blocks(c, r, &lo[i]);
    }
    for (size_t k = 0; k < c->n_sites; k++) {
        if (!latest_site(c, k))
            continue;
        if (!site(&c->sites[k], out, lo))
            unweigh(out, CONTRIB_SITE, c->sites[k].code, c->sites[k].present ? "present" : "absent",
                    unweighed_reason(c->sites[k].code, "no figure by source was found"));
    }
    unweighed_records(c, out);
    normalise(out, lo);
    qsort(out->items, out->n, sizeof out->items[0], by_posterior);
    strengths(out);
    out->complete = !overflowed;
}

const struct ranked_generator *rank_top_modelled(const struct ranking *r)
{
    for (size_t i = 0; i < r->n; i++)
        if (!r->items[i].generator->other)
            return &r->items[i];
    return NULL;
}
