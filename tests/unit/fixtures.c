/* Cases several scoring tests share. */
#include "fixtures.h"

const struct block_reading fixture_short_relief[3] = {{30, 1}, {90, 2}, {180, 6}};
const struct block_reading fixture_long_relief[3] = {{30, 1}, {240, 1}, {360, 2}};
const struct block_reading fixture_no_relief[1] = {{30, 7}};

void fixture_mbb_pair(struct case_block out[2], enum agent_duration a,
                      const struct block_reading *ra, size_t na, enum agent_duration b,
                      const struct block_reading *rb, size_t nb)
{
    out[0] = (struct case_block){.target = "lumbar_medial_branch",
                                 .baseline_nrs = 8,
                                 .readings = ra,
                                 .n_readings = na,
                                 .pair_of = -1,
                                 .agent = a};
    out[1] = out[0];
    out[1].readings = rb;
    out[1].n_readings = nb;
    out[1].pair_of = 0;
    out[1].agent = b;
}
