/* How well predicted probabilities match what happened, by the measures
 * Van Calster et al. recommend ("Calibration: the Achilles heel of
 * predictive analytics", BMC Med 2019;17:230): calibration-in-the-large
 * (mean predicted against observed), the calibration intercept (logistic
 * recalibration with the slope fixed at 1), the calibration slope, the
 * Brier score, and a reliability table of fixed bins with Wilson
 * intervals. No Hosmer-Lemeshow test: the paper advises against it (its
 * verdict depends on the grouping and on the sample size, and says
 * nothing of the direction or size of miscalibration). Pure: structs in,
 * structs out. */
#ifndef PAINGEN_SCORING_CALIBRATION_H
#define PAINGEN_SCORING_CALIBRATION_H

#include <stdbool.h>
#include <stddef.h>

/* One prediction and what the reference standard found. */
struct calib_obs {
    double p; /* predicted probability, 0..1 */
    bool y;   /* the event happened (e.g. the block was positive) */
};

/* The reliability table's bins: [0, 0.1), [0.1, 0.2) ... [0.9, 1]. */
#define CALIB_BINS 10

/* z of a two-sided 95% interval: the 0.975 quantile of the standard
 * normal distribution. */
#define CALIB_Z95 1.959963984540054

/* Logistic recalibration, logit P(y) = a + b logit(p), fitted by
 * Newton-Raphson (for the logistic likelihood the same as IRLS). */
struct calib_fit {
    bool ok;           /* false: no finite estimate (see why) */
    const char *why;   /* when not ok: "no observations", "every outcome the same",
                          "one predicted probability only", "did not converge" */
    double a, b;       /* b is 1 (fixed) for the intercept fit */
    double se_a, se_b; /* from the inverse information at the estimate; se_b 0 when fixed */
    int iterations;
};

struct calib_bin {
    double lo, hi; /* bounds of the predicted probability; the last bin is closed */
    size_t n, events;
    double mean_p;       /* mean predicted probability (0 when n is 0) */
    double observed;     /* events / n (0 when n is 0) */
    double ci_lo, ci_hi; /* Wilson 95% interval of observed (0, 0 when n is 0) */
};

struct calib_summary {
    size_t n, events;
    /* calibration-in-the-large: the mean prediction against the share
     * observed (a perfectly calibrated model has them equal) */
    double mean_p, observed;
    double brier; /* mean of (p - y)^2; 0 is perfect */
    /* the calibration intercept: a with b fixed at 1 (logit p as an
     * offset): 0 when predictions are right on average, above 0 when
     * they are too low */
    struct calib_fit intercept;
    /* the calibration slope: b with a free: 1 when predictions are as
     * spread as they should be, below 1 when too extreme */
    struct calib_fit slope;
    struct calib_bin bins[CALIB_BINS];
};

/* log(p / (1 - p)), p first held inside [CALIB_P_EDGE, 1 - CALIB_P_EDGE]:
 * a probability stored as exactly 0 or 1 (or rounded there) has no
 * log-odds, and only such edges are moved. */
#define CALIB_P_EDGE 1e-9
double calib_logit(double p);
/* 1 / (1 + exp(-x)), computed without overflow for any x. */
double calib_expit(double x);

/* Wilson's score interval for events of n at z (Wilson EB. J Am Stat
 * Assoc 1927;22:209-12); lo = hi = 0 when n is 0. */
void calib_wilson(size_t events, size_t n, double z, double *lo, double *hi);

/* The Brier score of n observations (0 when n is 0). */
double calib_brier(const struct calib_obs *obs, size_t n);

/* The calibration intercept (b fixed at 1) and the calibration slope (a
 * and b together) of n observations. Each fills out and returns out->ok. */
bool calib_fit_intercept(const struct calib_obs *obs, size_t n, struct calib_fit *out);
bool calib_fit_slope(const struct calib_obs *obs, size_t n, struct calib_fit *out);

/* Bin i (0 .. CALIB_BINS - 1) that probability p falls in. */
size_t calib_bin_of(double p);

/* Everything above for n observations. */
void calib_summarise(const struct calib_obs *obs, size_t n, struct calib_summary *out);

#endif
