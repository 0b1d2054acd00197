/* Block interpretation: the cases of data/blocks.tsv, whose arithmetic
 * is written out there, and comparative pairs. */
#include "unit.h"

#include "paingen/core/parse.h"
#include "paingen/scoring/blocks.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* "15:2,60:1" into readings; "-" is none. */
static size_t parse_readings(char *text, struct block_reading *r, size_t max)
{
    size_t n = 0;
    if (strcmp(text, "-") == 0)
        return 0;
    for (char *p = text; *p && n < max;) {
        char *colon = strchr(p, ':');
        char *comma = strchr(p, ',');
        if (!colon)
            break;
        *colon = '\0';
        if (comma)
            *comma = '\0';
        int64_t m = 0, nrs = 0;
        if (!parse_i64(p, &m) || !parse_i64(colon + 1, &nrs))
            break;
        r[n++] = (struct block_reading){(int)m, (int)nrs};
        if (!comma)
            break;
        p = comma + 1;
    }
    return n;
}

static void row(char **f, int n, int line)
{
    if (n < 8) {
        CHECK_MSG(0, "blocks.tsv:%d: expected 8 fields", line);
        return;
    }
    struct block_reading r[16];
    int64_t baseline = 0, threshold = 0, peak_min = 0, m50 = 0, m80 = 0;
    size_t nr = parse_readings(f[1], r, 16);
    if (!parse_i64(f[0], &baseline) || !parse_i64(f[2], &threshold) ||
        !parse_i64(f[4], &peak_min) || !parse_i64(f[5], &m50) || !parse_i64(f[6], &m80)) {
        CHECK_MSG(0, "blocks.tsv:%d: unreadable", line);
        return;
    }
    double peak = strtod(f[3], NULL);
    struct block_result res;
    block_interpret((int)baseline, r, nr, (int)threshold, &res);
    CHECK_MSG(fabs(res.peak_relief_pct - peak) < 1e-6, "blocks.tsv:%d: peak %.7f, want %.7f", line,
              res.peak_relief_pct, peak);
    CHECK_MSG(res.peak_minutes == peak_min, "blocks.tsv:%d: peak at %d, want %lld", line,
              res.peak_minutes, (long long)peak_min);
    CHECK_MSG(res.minutes_50 == m50 && res.minutes_80 == m80,
              "blocks.tsv:%d: durations %d/%d, want %lld/%lld", line, res.minutes_50,
              res.minutes_80, (long long)m50, (long long)m80);
    CHECK_MSG(strcmp(block_outcome_name(res.outcome), f[7]) == 0, "blocks.tsv:%d: %s, want %s",
              line, block_outcome_name(res.outcome), f[7]);
}

static struct block_result with(enum block_outcome o)
{
    return (struct block_result){.outcome = o};
}

/* The model's criterion per target: the SIJ threshold, discography read
 * by concordance and its control, a target without a criterion. */
static void by_target(void)
{
    const struct block_reading r[] = {{30, 2}}; /* 8 -> 2: 75% */
    struct case_block b = {.target = "sij_intraarticular",
                           .baseline_nrs = 8,
                           .readings = r,
                           .n_readings = 1,
                           .pair_of = -1};
    struct block_reading_of o;
    block_read_target(&b, &o);
    CHECK(o.row && o.row->relief_pct == 75 && o.result.outcome == BLOCK_POSITIVE);
    b.target = "lumbar_medial_branch"; /* 80% needed */
    block_read_target(&b, &o);
    CHECK(o.row && o.result.outcome == BLOCK_INDETERMINATE);
    b.target = "glenohumeral";
    block_read_target(&b, &o);
    CHECK(!o.row && fabs(o.result.peak_relief_pct - 75.0) < 1e-9);
    struct case_block d = {.target = "provocation_discography", .pair_of = -1};
    const struct {
        bool concordant, control_done, control_painful;
        enum block_outcome want;
    } disco[] = {{false, true, false, BLOCK_NEGATIVE},
                 {true, true, false, BLOCK_POSITIVE},
                 {true, true, true, BLOCK_INDETERMINATE},
                 {true, false, false, BLOCK_INDETERMINATE}};
    for (size_t i = 0; i < sizeof disco / sizeof disco[0]; i++) {
        d.concordant = disco[i].concordant;
        d.control_done = disco[i].control_done;
        d.control_painful = disco[i].control_painful;
        block_read_target(&d, &o);
        CHECK_MSG(o.row && o.result.outcome == disco[i].want, "discography case %zu", i);
    }
}

void test_blocks(void)
{
    by_target();
    CHECK(unit_each_row("blocks.tsv", row) >= 8);
    struct block_result pos = with(BLOCK_POSITIVE), neg = with(BLOCK_NEGATIVE),
                        ind = with(BLOCK_INDETERMINATE);
    /* the strict comparative criterion (Lord 1995): both relieved, and
     * the long-acting agent's relief of 50% or more outlasted the short one's */
    const struct case_block lido = {.target = "lumbar_medial_branch",
                                    .pair_of = -1,
                                    .agent = AGENT_SHORT},
                            bupi = {.target = "lumbar_medial_branch",
                                    .pair_of = 0,
                                    .agent = AGENT_LONG},
                            unknown = {.target = "lumbar_medial_branch", .pair_of = 0};
    struct block_result short_relief = pos, long_relief = pos;
    short_relief.minutes_50 = 60;
    long_relief.minutes_50 = 330;
    CHECK(block_pair(&lido, &short_relief, &bupi, &long_relief) == PAIR_CONCORDANT);
    CHECK(block_pair(&bupi, &long_relief, &lido, &short_relief) == PAIR_CONCORDANT);
    CHECK(block_pair(&lido, &long_relief, &bupi, &short_relief) == PAIR_REVERSED);
    CHECK(block_pair(&lido, &long_relief, &bupi, &long_relief) == PAIR_REVERSED); /* equal */
    CHECK(block_pair(&lido, &short_relief, &unknown, &long_relief) == PAIR_REVERSED);
    CHECK(block_pair(&lido, &pos, &bupi, &neg) == PAIR_DISCORDANT);
    CHECK(block_pair(&lido, &neg, &bupi, &pos) == PAIR_DISCORDANT);
    CHECK(block_pair(&lido, &neg, &bupi, &neg) == PAIR_NEGATIVE);
    CHECK(block_pair(&lido, &pos, &bupi, &ind) == PAIR_INCONCLUSIVE);
    CHECK(block_pair(&lido, &ind, &bupi, &pos) == PAIR_INCONCLUSIVE);
    CHECK(strcmp(block_pair_name(PAIR_CONCORDANT), "concordant") == 0);
    CHECK(strcmp(block_pair_name(PAIR_REVERSED), "reversed") == 0);
    CHECK(block_agent_duration("lidocaine") == AGENT_SHORT);
    CHECK(block_agent_duration("bupivacaine") == AGENT_LONG);
    CHECK(block_agent_duration("ropivacaine") == AGENT_LONG);
    CHECK(block_agent_duration("saline") == AGENT_UNKNOWN);
    CHECK(block_agent_duration(NULL) == AGENT_UNKNOWN);
    /* placebo-controlled: relief with the anaesthetic and none with saline */
    const struct case_block la = {.target = "lumbar_medial_branch", .pair_of = -1},
                            saline = {
                                .target = "lumbar_medial_branch", .pair_of = -1, .placebo = true};
    /* saline read by relief: 25% none, 60% a placebo response even below
     * the target's 80% threshold */
    struct block_result s25 = {.peak_relief_pct = 25,
                               .peak_minutes = 30,
                               .outcome = BLOCK_NEGATIVE},
                        s60 = {.peak_relief_pct = 60,
                               .peak_minutes = 30,
                               .outcome = BLOCK_INDETERMINATE},
                        none = {.peak_minutes = -1, .outcome = BLOCK_INDETERMINATE};
    CHECK(block_pair_of(&la, &pos, &saline, &s25) == PAIR_PLACEBO_CONFIRMED);
    CHECK(block_pair_of(&saline, &s25, &la, &pos) == PAIR_PLACEBO_CONFIRMED);
    CHECK(block_pair_of(&la, &pos, &saline, &s60) == PAIR_PLACEBO_RESPONSE);
    CHECK(block_pair_of(&la, &neg, &saline, &s25) == PAIR_NEGATIVE);
    CHECK(block_pair_of(&la, &ind, &saline, &s25) == PAIR_INCONCLUSIVE);
    CHECK(block_pair_of(&la, &pos, &saline, &none) == PAIR_INCONCLUSIVE);
    CHECK(block_pair_of(&saline, &s25, &saline, &s25) == PAIR_INCONCLUSIVE);
    CHECK(block_pair_of(&la, &pos, &la, &neg) == PAIR_DISCORDANT);
    /* discography is never a saline control */
    const struct case_block disco = {.target = "provocation_discography", .placebo = true};
    CHECK(!block_is_placebo(&disco) && block_is_placebo(&saline));
    /* a pair: same level and side when recorded, targets of one generator */
    struct case_block x = {.target = "lumbar_facet_intraarticular",
                           .level = "L4-L5",
                           .side = "left"},
                      y = {.target = "lumbar_medial_branch", .level = "L4-L5"};
    CHECK(block_pair_compatible(&x, &y));
    y.side = "right";
    CHECK(!block_pair_compatible(&x, &y));
    y.side = "left";
    y.level = "L3-L4";
    CHECK(!block_pair_compatible(&x, &y));
    y.level = NULL;
    y.target = "sij_intraarticular";
    CHECK(!block_pair_compatible(&x, &y));
}
