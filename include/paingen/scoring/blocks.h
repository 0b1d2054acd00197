/* Reading a diagnostic block: peak relief from the baseline and the timed
 * readings, how long relief of at least 50% and 80% lasted, and the
 * outcome against the target's threshold; a comparative pair is
 * concordant when both blocks are positive and the longer-acting agent gave
 * the longer relief, reversed when both are positive otherwise. */
#ifndef PAINGEN_SCORING_BLOCKS_H
#define PAINGEN_SCORING_BLOCKS_H

#include "paingen/scoring/model.h"

#include <stdbool.h>
#include <stddef.h>

struct block_reading {
    int minutes; /* after the injection, strictly increasing */
    int nrs;     /* 0..10 */
};

/* How long an anaesthetic acts: lidocaine is short, bupivacaine and
 * ropivacaine long (Barnsley 1993: bupivacaine relief longer, P = 0.0003). */
enum agent_duration { AGENT_UNKNOWN, AGENT_SHORT, AGENT_LONG };

/* A block as recorded. */
struct case_block {
    const char *target; /* VOCAB_BLOCK_TARGET */
    const char *level;  /* may be NULL */
    const char *side;   /* may be NULL */
    int baseline_nrs;
    const struct block_reading *readings;
    size_t n_readings;
    int pair_of;  /* index of the first block of its comparative pair, or -1 */
    bool placebo; /* a saline control injection (see block_is_placebo) */
    enum agent_duration agent;
    /* provocation discography: concordant pain at the level, and a
     * control level tested (control_done) that was not painful */
    bool concordant;
    bool control_done;
    bool control_painful;
};

enum block_outcome {
    BLOCK_POSITIVE,      /* peak relief reached the threshold */
    BLOCK_NEGATIVE,      /* peak relief below 50% */
    BLOCK_INDETERMINATE, /* between 50% and the threshold, or nothing to read */
};

struct block_result {
    double peak_relief_pct; /* 0..100 */
    int peak_minutes;       /* when the peak was first reached; -1 without readings */
    /* Minutes from the first to the last reading at or above 50% / 80%
     * relief, counting only an unbroken run from the first such reading
     * (a later rebound does not extend it); -1 when never reached. */
    int minutes_50;
    int minutes_80;
    enum block_outcome outcome;
};

/* Reads one block against a relief threshold in percent (e.g. 80). A
 * baseline of 0 has no relief to measure: indeterminate. */
void block_interpret(int baseline_nrs, const struct block_reading *readings, size_t n,
                     int threshold_pct, struct block_result *out);

enum pair_outcome {
    PAIR_CONCORDANT,   /* both positive, the longer-acting agent gave the longer relief */
    PAIR_REVERSED,     /* both positive, the expected durations not met (or not comparable) */
    PAIR_DISCORDANT,   /* one positive, one negative */
    PAIR_NEGATIVE,     /* both negative */
    PAIR_INCONCLUSIVE, /* either indeterminate */
    /* an anaesthetic block paired with a saline control (placebo-controlled) */
    PAIR_PLACEBO_CONFIRMED, /* relief with the anaesthetic, none (< 50%) with saline */
    PAIR_PLACEBO_RESPONSE,  /* relief with saline: the relief is not specific */
};

/* A comparative pair of local-anaesthetic blocks (Lord 1995's strict
 * criterion): concordant only when the long-acting agent's relief of 50%
 * or more lasted longer than the short-acting one's; two positive blocks
 * otherwise (same or unrecorded agents, equal or reversed durations) are
 * reversed. */
enum pair_outcome block_pair(const struct case_block *a, const struct block_result *ra,
                             const struct case_block *b, const struct block_result *rb);

/* The agent's duration class: "lidocaine" short; "bupivacaine",
 * "ropivacaine" long; anything else (or NULL) unknown. */
enum agent_duration block_agent_duration(const char *agent);

/* A saline control: a relief block given saline (discography is not a
 * relief test, whatever was injected). */
bool block_is_placebo(const struct case_block *b);

/* Whether b may be read as the pair of a: the same level and side (when
 * both are recorded) and targets read for a common generator. */
bool block_pair_compatible(const struct case_block *a, const struct case_block *b);

/* Any pair: comparative when both are anaesthetic, placebo-controlled when
 * one is saline (positive: relief with the anaesthetic and none, under
 * 50%, with saline: the protocol Bogduk calls the only valid one); two
 * saline injections are inconclusive. */
enum pair_outcome block_pair_of(const struct case_block *a, const struct block_result *ra,
                                const struct case_block *b, const struct block_result *rb);

/* One block read by the criterion of a model row: relief against
 * row->relief_pct, or, for provocation discography, concordant pain with
 * a painless control level (IASP). Fills out and returns its outcome. */
enum block_outcome block_read(const struct case_block *b, const struct model_block *row,
                              struct block_result *out);

/* A recorded block read by the model's criterion for its target; row is
 * NULL (and the outcome meaningless) when the model has no criterion for
 * the target: its relief is then reported, not read. */
struct block_reading_of {
    const struct model_block *row; /* the first row of the target */
    struct block_result result;
};
void block_read_target(const struct case_block *b, struct block_reading_of *out);

/* "positive", "negative", "indeterminate"; "concordant", "reversed",
 * "discordant", "negative", "inconclusive", "placebo_confirmed",
 * "placebo_response". */
const char *block_outcome_name(enum block_outcome o);
const char *block_pair_name(enum pair_outcome o);

#endif
