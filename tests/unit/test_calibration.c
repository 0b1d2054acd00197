/* Calibration measures: worked examples whose arithmetic is written out
 * below, the cases with no estimate, and seeded simulations whose truth is
 * known (perfectly calibrated, shifted, overconfident). */
#include "unit.h"

#include "paingen/scoring/calibration.h"

#include <math.h>
#include <stddef.h>

#define NEAR(x, want, tol) (fabs((x) - (want)) < (tol))

/* n observations of probability p, the first events of them positive. */
static size_t group(struct calib_obs *o, double p, size_t n, size_t events)
{
    for (size_t i = 0; i < n; i++)
        o[i] = (struct calib_obs){p, i < events};
    return n;
}

static void check_wilson(void)
{
    double lo, hi;
    /* 8 of 10, z = 1.959964, z^2 = 3.841459:
     *   centre = (8 + 3.841459 / 2) / (10 + 3.841459) = 9.920729 / 13.841459 = 0.716740
     *   half   = 1.959964 / 13.841459 * sqrt(8 * 2 / 10 + 3.841459 / 4)
     *          = 0.141601 * sqrt(1.6 + 0.960365) = 0.141601 * 1.600114 = 0.226578
     *   so [0.490162, 0.943318] */
    calib_wilson(8, 10, CALIB_Z95, &lo, &hi);
    CHECK(NEAR(lo, 0.490162, 1e-6) && NEAR(hi, 0.943318, 1e-6));
    /* 0 of 5: centre = half = (3.841459 / 2) / 8.841459 = 0.217241: [0, 0.434482] */
    calib_wilson(0, 5, CALIB_Z95, &lo, &hi);
    CHECK(lo == 0 && NEAR(hi, 0.434482, 1e-6));
    /* 5 of 5: the mirror image, [0.565518, 1] */
    calib_wilson(5, 5, CALIB_Z95, &lo, &hi);
    CHECK(NEAR(lo, 0.565518, 1e-6) && hi == 1);
    calib_wilson(0, 0, CALIB_Z95, &lo, &hi);
    CHECK(lo == 0 && hi == 0);
}

static void check_brier_and_bins(void)
{
    /* (0.1 - 0)^2 + (0.9 - 1)^2 + (0.5 - 1)^2 + (0.7 - 0)^2
     * = 0.01 + 0.01 + 0.25 + 0.49 = 0.76; / 4 = 0.19 */
    const struct calib_obs o[] = {{0.1, false}, {0.9, true}, {0.5, true}, {0.7, false}};
    CHECK(NEAR(calib_brier(o, 4), 0.19, 1e-12));
    CHECK(calib_brier(o, 0) == 0);
    /* [0, 0.1), [0.1, 0.2) ... [0.9, 1]: 1 is in the last bin */
    CHECK(calib_bin_of(0) == 0 && calib_bin_of(0.0999) == 0 && calib_bin_of(0.1) == 1);
    CHECK(calib_bin_of(0.95) == 9 && calib_bin_of(1) == 9 && calib_bin_of(-1) == 0);

    struct calib_summary s;
    calib_summarise(o, 4, &s);
    /* mean predicted (0.1 + 0.9 + 0.5 + 0.7) / 4 = 0.55; observed 2 / 4 = 0.5 */
    CHECK(s.n == 4 && s.events == 2 && NEAR(s.mean_p, 0.55, 1e-12) && s.observed == 0.5);
    CHECK(s.bins[1].n == 1 && s.bins[1].events == 0 && NEAR(s.bins[1].mean_p, 0.1, 1e-12));
    CHECK(s.bins[5].n == 1 && s.bins[5].observed == 1 && s.bins[3].n == 0);
    CHECK(NEAR(s.bins[3].lo, 0.3, 1e-12) && NEAR(s.bins[3].hi, 0.4, 1e-12));
}

static void check_worked_fits(void)
{
    struct calib_obs o[20];
    struct calib_fit f;

    /* Everyone predicted 0.2, half had the event. With one predicted
     * value the intercept fit matches the observed log-odds exactly:
     *   a = logit(0.5) - logit(0.2) = 0 - log(0.2 / 0.8) = log 4 = 1.386294
     * (predictions too low on average: a > 0); its SE is
     *   1 / sqrt(sum of pi (1 - pi)) = 1 / sqrt(10 * 0.5 * 0.5) = 0.632456.
     * The slope cannot be estimated from a single predicted value. */
    size_t n = group(o, 0.2, 10, 5);
    CHECK(calib_fit_intercept(o, n, &f) && NEAR(f.a, 1.386294, 1e-6) && f.b == 1);
    CHECK(NEAR(f.se_a, 0.632456, 1e-6));
    CHECK(!calib_fit_slope(o, n, &f) && f.why && f.why[0] == 'o'); /* "one predicted ..." */

    /* Two groups of 10: predicted 0.2 with 3 events, predicted 0.6 with 5.
     * Right on average: expected 10 * 0.2 + 10 * 0.6 = 8 events, observed 3
     * + 5 = 8, so the intercept is 0 (SE 1 / sqrt(10 * 0.16 + 10 * 0.24) =
     * 0.5). Too spread: with two predicted values the slope fit passes
     * through both observed shares,
     *   a + b logit(0.2) = logit(0.3), a + b logit(0.6) = logit(0.5):
     *   logit(0.2) = -1.386294, logit(0.6) = 0.405465, logit(0.3) = -0.847298
     *   b = (0 + 0.847298) / (0.405465 + 1.386294) = 0.847298 / 1.791759 = 0.472886
     *   a = 0 - 0.472886 * 0.405465 = -0.191739
     * and its information at the estimate (w = pi (1 - pi): 0.21 and 0.25)
     *   Saa = 10 * 0.21 + 10 * 0.25 = 4.6
     *   Sab = 2.1 * -1.386294 + 2.5 * 0.405465 = -1.897555
     *   Sbb = 2.1 * 1.921812 + 2.5 * 0.164402 = 4.446810
     *   det = 4.6 * 4.446810 - 1.897555^2 = 16.854610
     *   SE(b) = sqrt(4.6 / 16.854610) = 0.522420; SE(a) = sqrt(4.446810 / 16.854610)
     *   = 0.513647 */
    n = group(o, 0.2, 10, 3);
    n += group(o + n, 0.6, 10, 5);
    CHECK(calib_fit_intercept(o, n, &f) && NEAR(f.a, 0, 1e-9) && NEAR(f.se_a, 0.5, 1e-9));
    CHECK(calib_fit_slope(o, n, &f) && NEAR(f.b, 0.472886, 1e-6) && NEAR(f.a, -0.191739, 1e-6));
    CHECK(NEAR(f.se_b, 0.522420, 1e-6) && NEAR(f.se_a, 0.513647, 1e-6));

    /* The same groups with 2 and 6 events: the predictions are the
     * shares observed, so a = 0 and b = 1 exactly. */
    n = group(o, 0.2, 10, 2);
    n += group(o + n, 0.6, 10, 6);
    CHECK(calib_fit_slope(o, n, &f) && NEAR(f.a, 0, 1e-9) && NEAR(f.b, 1, 1e-9));
    CHECK(calib_fit_intercept(o, n, &f) && NEAR(f.a, 0, 1e-9));

    /* no estimate: nothing, every outcome the same, complete separation */
    CHECK(!calib_fit_intercept(o, 0, &f) && f.why && f.why[0] == 'n');
    n = group(o, 0.3, 5, 5);
    CHECK(!calib_fit_slope(o, n, &f) && !calib_fit_intercept(o, n, &f));
    n = group(o, 0.2, 5, 0);
    n += group(o + n, 0.8, 5, 5); /* events exactly where predicted higher */
    CHECK(!calib_fit_slope(o, n, &f) && f.why && f.why[0] == 'd'); /* "did not converge" */
    /* probabilities of exactly 0 and 1 keep finite log-odds */
    CHECK(NEAR(calib_logit(0), log(1e-9 / (1 - 1e-9)), 1e-9) && calib_logit(1) > 20);
    CHECK(NEAR(calib_expit(-800), 0, 1e-300) && calib_expit(800) == 1);
}

/* A deterministic generator (the C library's rand() differs by platform):
 * 64-bit LCG (Knuth's MMIX constants), the top 53 bits as a uniform. */
static double uniform(unsigned long long *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(*s >> 11) / 9007199254740992.0;
}

#define SIMULATED 20000

/* SIMULATED predictions spread over (0.02, 0.98), each outcome drawn with
 * probability expit(shift + scale * logit(p)): the truth the fits must
 * find. */
static void simulate(struct calib_obs *o, double shift, double scale, unsigned long long seed)
{
    for (size_t i = 0; i < SIMULATED; i++) {
        double p = 0.02 + 0.96 * uniform(&seed);
        double truth = calib_expit(shift + scale * calib_logit(p));
        o[i] = (struct calib_obs){p, uniform(&seed) < truth};
    }
}

static void check_simulated(void)
{
    static struct calib_obs o[SIMULATED];
    struct calib_summary s;
    /* perfectly calibrated: intercept near 0, slope near 1, each within 4
     * standard errors, and every populated bin's interval holds its mean
     * prediction but rarely (1 in 20 at most is expected outside) */
    simulate(o, 0, 1, 42);
    calib_summarise(o, SIMULATED, &s);
    CHECK(s.intercept.ok && fabs(s.intercept.a) < 4 * s.intercept.se_a);
    CHECK(s.slope.ok && fabs(s.slope.b - 1) < 4 * s.slope.se_b);
    CHECK(fabs(s.observed - s.mean_p) < 0.02);
    int outside = 0;
    for (size_t i = 0; i < CALIB_BINS; i++)
        outside += s.bins[i].mean_p < s.bins[i].ci_lo || s.bins[i].mean_p > s.bins[i].ci_hi;
    CHECK(outside <= 2);
    /* predictions one log-odds too low: intercept near 1, slope near 1 */
    simulate(o, 1, 1, 7);
    calib_summarise(o, SIMULATED, &s);
    CHECK(s.intercept.ok && fabs(s.intercept.a - 1) < 4 * s.intercept.se_a);
    CHECK(s.slope.ok && fabs(s.slope.b - 1) < 4 * s.slope.se_b && s.observed > s.mean_p);
    /* overconfident predictions (twice as extreme as the truth): slope near 0.5 */
    simulate(o, 0, 0.5, 11);
    calib_summarise(o, SIMULATED, &s);
    CHECK(s.slope.ok && fabs(s.slope.b - 0.5) < 4 * s.slope.se_b && s.slope.se_b < 0.05);
    /* the Brier score of perfect foresight is 0, of always 0.5 is 0.25 */
    for (size_t i = 0; i < 100; i++)
        o[i] = (struct calib_obs){0.5, i % 2};
    CHECK(NEAR(calib_brier(o, 100), 0.25, 1e-12));
}

void test_calibration(void)
{
    check_wilson();
    check_brier_and_bins();
    check_worked_fits();
    check_simulated();
}
