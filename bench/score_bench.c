/* The scoring core's benchmark: a large lumbar case (60 findings, 5
 * imaging findings, 4 blocks, 3 pain sites, one side) ranked, judged, planned and given its next
 * steps many times; prints the time per case. Not a test: nothing here
 * passes or fails on time.
 *
 *   bench/score-bench [ITERATIONS]   (default 20000) */
#include "paingen/core/parse.h"
#include "paingen/scoring/candidacy.h"
#include "paingen/scoring/next_step.h"
#include "paingen/scoring/plan.h"
#include "paingen/scoring/rank.h"
#include "paingen/scoring/vocabulary.h"

#include <stdio.h>
#include <time.h>

#define N_FINDINGS 60

static double now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

/* 60 findings: every lumbar test of the vocabulary in turn, recorded again
 * with alternating results until there are 60 (repeats exercise "latest
 * wins"). */
static size_t lumbar_findings(struct case_finding *out)
{
    size_t n_all, n = 0;
    const struct vocab_entry *all = vocab_all(&n_all);
    for (int round = 0; n < N_FINDINGS && round < 10; round++)
        for (size_t i = 0; i < n_all && n < N_FINDINGS; i++)
            if (all[i].kind == VOCAB_FINDING && (all[i].regions & REGION_LUMBAR))
                out[n++] = (struct case_finding){all[i].code, (i + (size_t)round) % 2 == 0, NULL};
    return n;
}

int main(int argc, char **argv)
{
    int64_t iterations = 20000;
    if (argc > 2 || (argc == 2 && !parse_i64_range(argv[1], 1, 100000000, &iterations))) {
        fprintf(stderr, "usage: %s [ITERATIONS]\n", argv[0]);
        return 2;
    }
    static struct case_finding findings[N_FINDINGS];
    static const struct case_imaging imaging[] = {
        {"lumbar_disc_degeneration", "3", "L4-L5", NULL},
        {"lumbar_annular_fissure", NULL, "L4-L5", NULL},
        {"lumbar_hiz", NULL, "L4-L5", NULL},
        {"lumbar_modic_change", "1", "L5-S1", NULL},
        {"lumbar_facet_spect_uptake", NULL, "L4-L5", "right"},
    };
    static const struct block_reading relief[] = {{15, 2}, {60, 1}, {180, 5}};
    static const struct case_block blocks[] = {
        {.target = "sij_intraarticular",
         .side = "right",
         .baseline_nrs = 7,
         .readings = relief,
         .n_readings = 3,
         .pair_of = -1},
        {.target = "sij_intraarticular",
         .side = "right",
         .baseline_nrs = 7,
         .readings = relief,
         .n_readings = 3,
         .pair_of = 0},
        {.target = "lumbar_medial_branch",
         .level = "L4-L5",
         .side = "right",
         .baseline_nrs = 7,
         .readings = relief,
         .n_readings = 3,
         .pair_of = -1},
        {.target = "lumbar_medial_branch",
         .level = "L4-L5",
         .side = "right",
         .baseline_nrs = 7,
         .readings = relief,
         .n_readings = 1,
         .pair_of = 2},
    };
    static const struct case_care care[] = {{"physiotherapy", 12}};
    static const struct case_fact facts[] = {{"active_infection_near_site", false}};
    static const struct case_site sites[] = {
        {"low_back_midline", false}, {"buttock", true}, {"groin", true}};
    struct scoring_case c = {.region = REGION_LUMBAR,
                             .age = 58,
                             .side = "right",
                             .sites = sites,
                             .n_sites = sizeof sites / sizeof sites[0],
                             .findings = findings,
                             .n_findings = lumbar_findings(findings),
                             .imaging = imaging,
                             .n_imaging = sizeof imaging / sizeof imaging[0],
                             .blocks = blocks,
                             .n_blocks = sizeof blocks / sizeof blocks[0]};
    static struct ranking r;
    static struct candidacy verdict;
    struct treatment_plan plan;
    struct next_steps steps;
    struct candidacy_input in = {.region = REGION_LUMBAR,
                                 .symptom_weeks = 40,
                                 .facts = facts,
                                 .n_facts = 1,
                                 .care = care,
                                 .n_care = 1,
                                 .ranking = &r,
                                 .c = &c};
    double checksum = 0, ranked_ns = 0, start = now_ns();
    for (int64_t i = 0; i < iterations; i++) {
        double t0 = now_ns();
        scoring_rank(&c, &r);
        ranked_ns += now_ns() - t0;
        scoring_candidacy(&in, &verdict);
        scoring_plan(&c, &r, verdict.verdict, &plan);
        scoring_next_steps(&c, &r, &steps);
        checksum += r.items[0].posterior; /* keeps the work observable */
    }
    double total = now_ns() - start;
    printf("case: lumbar, %zu findings, %zu imaging findings, %zu blocks; top %s %.3f, %s\n",
           c.n_findings, c.n_imaging, c.n_blocks, r.items[0].generator->code, r.items[0].posterior,
           verdict_name(verdict.verdict));
    printf("%lld cases: %.0f ns per case (ranking alone %.0f ns); checksum %.6f\n",
           (long long)iterations, total / (double)iterations, ranked_ns / (double)iterations,
           checksum / (double)iterations);
    return 0;
}
