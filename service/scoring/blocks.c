/* Block interpretation: arithmetic on the pain readings, read against the
 * model's criterion for the target. */
#include "paingen/scoring/blocks.h"

#include <string.h>

/* Relief below this is a negative block whatever the target's threshold
 * (the lowest criterion in use, e.g. Polly 2016 for the SIJ; Cohen 2010
 * for facet blocks). */
#define NEGATIVE_BELOW_PCT 50.0

static double relief_pct(int baseline, int nrs)
{
    double r = 100.0 * (double)(baseline - nrs) / (double)baseline;
    return r < 0 ? 0 : r; /* pain worse than baseline is no relief, not negative relief */
}

/* Minutes of the unbroken run of readings at or above pct, from the first
 * one; -1 when none reaches it. */
static int duration(int baseline, const struct block_reading *r, size_t n, double pct)
{
    size_t first = n;
    for (size_t i = 0; i < n; i++) {
        if (relief_pct(baseline, r[i].nrs) >= pct) {
            first = i;
            break;
        }
    }
    if (first == n)
        return -1;
    size_t last = first;
    while (last + 1 < n && relief_pct(baseline, r[last + 1].nrs) >= pct)
        last++;
    return r[last].minutes - r[first].minutes;
}

void block_interpret(int baseline_nrs, const struct block_reading *readings, size_t n,
                     int threshold_pct, struct block_result *out)
{
    *out = (struct block_result){
        .peak_minutes = -1, .minutes_50 = -1, .minutes_80 = -1, .outcome = BLOCK_INDETERMINATE};
    if (baseline_nrs <= 0 || n == 0)
        return;
    for (size_t i = 0; i < n; i++) {
        double r = relief_pct(baseline_nrs, readings[i].nrs);
        if (i == 0 || r > out->peak_relief_pct) {
            out->peak_relief_pct = r;
            out->peak_minutes = readings[i].minutes;
        }
    }
    out->minutes_50 = duration(baseline_nrs, readings, n, 50.0);
    out->minutes_80 = duration(baseline_nrs, readings, n, 80.0);
    if (out->peak_relief_pct >= threshold_pct)
        out->outcome = BLOCK_POSITIVE;
    else if (out->peak_relief_pct < NEGATIVE_BELOW_PCT)
        out->outcome = BLOCK_NEGATIVE;
}

enum agent_duration block_agent_duration(const char *agent)
{
    if (!agent)
        return AGENT_UNKNOWN;
    if (strcmp(agent, "lidocaine") == 0)
        return AGENT_SHORT;
    if (strcmp(agent, "bupivacaine") == 0 || strcmp(agent, "ropivacaine") == 0)
        return AGENT_LONG;
    return AGENT_UNKNOWN;
}

/* Both relieved: the long-acting agent must have given the longer run of
 * relief of 50% or more. */
static bool expected_durations(const struct case_block *a, const struct block_result *ra,
                               const struct case_block *b, const struct block_result *rb)
{
    if (a->agent == AGENT_UNKNOWN || b->agent == AGENT_UNKNOWN || a->agent == b->agent)
        return false;
    const struct block_result *lng = a->agent == AGENT_LONG ? ra : rb;
    const struct block_result *shrt = a->agent == AGENT_LONG ? rb : ra;
    return lng->minutes_50 > shrt->minutes_50;
}

enum pair_outcome block_pair(const struct case_block *a, const struct block_result *ra,
                             const struct case_block *b, const struct block_result *rb)
{
    if (ra->outcome == BLOCK_INDETERMINATE || rb->outcome == BLOCK_INDETERMINATE)
        return PAIR_INCONCLUSIVE;
    if (ra->outcome == BLOCK_POSITIVE && rb->outcome == BLOCK_POSITIVE)
        return expected_durations(a, ra, b, rb) ? PAIR_CONCORDANT : PAIR_REVERSED;
    if (ra->outcome != rb->outcome)
        return PAIR_DISCORDANT;
    return PAIR_NEGATIVE;
}

static bool is_discography(const char *target)
{
    return strcmp(target, "provocation_discography") == 0;
}

bool block_is_placebo(const struct case_block *b)
{
    return b->placebo && !is_discography(b->target);
}

enum pair_outcome block_pair_of(const struct case_block *a, const struct block_result *ra,
                                const struct case_block *b, const struct block_result *rb)
{
    bool pa = block_is_placebo(a), pb = block_is_placebo(b);
    if (pa == pb)
        return pa ? PAIR_INCONCLUSIVE : block_pair(a, ra, b, rb);
    const struct block_result *active = pa ? rb : ra, *saline = pa ? ra : rb;
    if (saline->peak_minutes < 0 || active->outcome == BLOCK_INDETERMINATE)
        return PAIR_INCONCLUSIVE;
    /* "none with saline": any relief of 50% or more is a placebo response,
     * whatever the target's threshold for an anaesthetic */
    if (saline->peak_relief_pct >= NEGATIVE_BELOW_PCT)
        return PAIR_PLACEBO_RESPONSE;
    return active->outcome == BLOCK_POSITIVE ? PAIR_PLACEBO_CONFIRMED : PAIR_NEGATIVE;
}

/* Whether two targets are read for a common generator. */
static bool share_generator(const char *x, const char *y)
{
    size_t n;
    const struct model_block *rows = model_blocks(&n);
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < n; k++)
            if (model_same_generator(rows[i].generator, rows[k].generator) &&
                strcmp(rows[i].target, x) == 0 && strcmp(rows[k].target, y) == 0)
                return true;
    return false;
}

static bool same_or_unknown(const char *x, const char *y) { return !x || !y || strcmp(x, y) == 0; }

bool block_pair_compatible(const struct case_block *a, const struct case_block *b)
{
    return same_or_unknown(a->level, b->level) && same_or_unknown(a->side, b->side) &&
           (strcmp(a->target, b->target) == 0 || share_generator(a->target, b->target));
}

enum block_outcome block_read(const struct case_block *b, const struct model_block *row,
                              struct block_result *out)
{
    if (is_discography(row->target)) {
        *out = (struct block_result){.peak_minutes = -1, .minutes_50 = -1, .minutes_80 = -1};
        out->outcome = !b->concordant                           ? BLOCK_NEGATIVE
                       : b->control_done && !b->control_painful ? BLOCK_POSITIVE
                                                                : BLOCK_INDETERMINATE;
    } else {
        block_interpret(b->baseline_nrs, b->readings, b->n_readings, row->relief_pct, out);
    }
    return out->outcome;
}

void block_read_target(const struct case_block *b, struct block_reading_of *out)
{
    size_t n;
    const struct model_block *rows = model_blocks(&n);
    out->row = NULL;
    for (size_t i = 0; i < n && !out->row; i++)
        if (strcmp(rows[i].target, b->target) == 0)
            out->row = &rows[i];
    if (out->row)
        block_read(b, out->row, &out->result);
    else /* relief at a threshold nothing reaches: the numbers without a verdict */
        block_interpret(b->baseline_nrs, b->readings, b->n_readings, 101, &out->result);
}

const char *block_outcome_name(enum block_outcome o)
{
    switch (o) {
    case BLOCK_POSITIVE: return "positive";
    case BLOCK_NEGATIVE: return "negative";
    case BLOCK_INDETERMINATE: return "indeterminate";
    }
    return "indeterminate";
}

const char *block_pair_name(enum pair_outcome o)
{
    switch (o) {
    case PAIR_CONCORDANT: return "concordant";
    case PAIR_REVERSED: return "reversed";
    case PAIR_DISCORDANT: return "discordant";
    case PAIR_NEGATIVE: return "negative";
    case PAIR_INCONCLUSIVE: return "inconclusive";
    case PAIR_PLACEBO_CONFIRMED: return "placebo_confirmed";
    case PAIR_PLACEBO_RESPONSE: return "placebo_response";
    }
    return "inconclusive";
}
