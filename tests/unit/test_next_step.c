/* Next best step: only steps not done, best first, deterministic, and a
 * step once done is no longer offered. */
#include "unit.h"

#include "paingen/scoring/next_step.h"
#include "paingen/scoring/vocabulary.h"

#include <string.h>

static bool offered(const struct next_steps *s, const char *code)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->items[i].code, code) == 0)
            return true;
    return false;
}

/* The gain of a test whose result the ranking would not apply: with a
 * stronger positive test already applied, another positive adds nothing,
 * so its gain drops. */
static double gain_of(const struct next_steps *s, const char *code)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->items[i].code, code) == 0)
            return s->items[i].expected_gain_bits;
    return 0;
}

static void done_is_not_offered(void)
{
    struct scoring_case c = {.region = REGION_KNEE, .age = 45};
    struct ranking r;
    struct next_steps before, after;
    scoring_rank(&c, &r);
    scoring_next_steps(&c, &r, &before);
    const char *best = before.items[0].code;
    const struct case_finding done = {best, true};
    c.findings = &done;
    c.n_findings = 1;
    scoring_rank(&c, &r);
    scoring_next_steps(&c, &r, &after);
    CHECK(!offered(&after, best));
    CHECK(gain_of(&after, best) == 0);
}

void test_next_step(void)
{
    done_is_not_offered();
    for (unsigned region = REGION_LUMBAR; region <= REGION_SHOULDER; region <<= 1) {
        struct scoring_case c = {.region = region, .age = 50};
        struct ranking r;
        struct next_steps a, b;
        scoring_rank(&c, &r);
        scoring_next_steps(&c, &r, &a);
        scoring_next_steps(&c, &r, &b);
        CHECK_MSG(a.n == NEXT_STEPS, "%s: %zu steps", vocab_region_name(region), a.n);
        for (size_t i = 0; i < a.n; i++) {
            CHECK(a.items[i].expected_gain_bits > 0 && a.items[i].expected_gain_bits < 3);
            CHECK(i == 0 || a.items[i - 1].expected_gain_bits >= a.items[i].expected_gain_bits);
            CHECK(a.items[i].expected_gain_bits == b.items[i].expected_gain_bits &&
                  strcmp(a.items[i].code, b.items[i].code) == 0);
        }
    }

    /* the SIJ cluster is offered while its tests are missing, not once all are done */
    struct scoring_case c = {.region = REGION_LUMBAR, .age = 50};
    struct ranking r;
    struct next_steps s;
    scoring_rank(&c, &r);
    const struct case_finding sij[] = {{"sij_distraction", true},
                                       {"sij_thigh_thrust", true},
                                       {"sij_compression", false},
                                       {"sij_sacral_thrust", false},
                                       {"sij_gaenslen", false}};
    c.findings = sij;
    c.n_findings = 5;
    scoring_rank(&c, &r);
    scoring_next_steps(&c, &r, &s);
    CHECK(!offered(&s, "sij_provocation"));
    for (size_t i = 0; i < s.n; i++)
        CHECK(strcmp(step_kind_name(s.items[i].kind), "finding") == 0 ||
              strcmp(step_kind_name(s.items[i].kind), "cluster") == 0 ||
              strcmp(step_kind_name(s.items[i].kind), "block") == 0);
}
