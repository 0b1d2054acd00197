/* Cases several scoring tests share, so that a worked example's inputs are
 * written once. */
#ifndef PAINGEN_TESTS_FIXTURES_H
#define PAINGEN_TESTS_FIXTURES_H

#include "paingen/scoring/blocks.h"

/* 8 -> 1 at 30 min, 8 -> 2 at 90, 8 -> 6 at 180: relief of 50% or more
 * for 60 minutes (a short-acting agent's) */
extern const struct block_reading fixture_short_relief[3];
/* 8 -> 1 at 30 and 240 min, 8 -> 2 at 360: for 330 minutes */
extern const struct block_reading fixture_long_relief[3];
/* 8 -> 7 at 30 min: 12.5%, a negative block */
extern const struct block_reading fixture_no_relief[1];

/* A comparative pair of lumbar medial branch blocks at baseline 8: the
 * first (pair_of -1) with agent a and readings ra, the second naming it
 * with agent b and readings rb (each 3 readings, or 1 for no relief). */
void fixture_mbb_pair(struct case_block out[2], enum agent_duration a,
                      const struct block_reading *ra, size_t na, enum agent_duration b,
                      const struct block_reading *rb, size_t nb);

#endif
