/* Calibration measures: logistic recalibration by Newton-Raphson, the
 * Brier score, fixed-bin reliability with Wilson intervals. */
#include "paingen/scoring/calibration.h"

#include <math.h>
#include <stdlib.h>

/* Newton-Raphson stops when a step moves no estimate by more than this,
 * or after MAX_ITERATIONS (a fit that needs more is diverging: complete
 * separation, whose maximum-likelihood estimate is infinite). */
#define TOLERANCE       1e-10
#define MAX_ITERATIONS  50
/* Beyond this a fitted log-odds coefficient is taken as diverging, not
 * converging (a logistic coefficient of 30 already multiplies the odds by
 * 1e13 per unit). */
#define COEFFICIENT_MAX 30.0

double calib_logit(double p)
{
    if (!(p >= CALIB_P_EDGE)) /* also NaN */
        p = CALIB_P_EDGE;
    if (p > 1.0 - CALIB_P_EDGE)
        p = 1.0 - CALIB_P_EDGE;
    return log(p / (1.0 - p));
}

double calib_expit(double x)
{
    if (x >= 0)
        return 1.0 / (1.0 + exp(-x));
    double e = exp(x);
    return e / (1.0 + e);
}

void calib_wilson(size_t events, size_t n, double z, double *lo, double *hi)
{
    *lo = *hi = 0;
    if (n == 0)
        return;
    double k = (double)events, m = (double)n, z2 = z * z;
    double centre = (k + z2 / 2) / (m + z2);
    double half = z / (m + z2) * sqrt(k * (m - k) / m + z2 / 4);
    *lo = centre - half < 0 ? 0 : centre - half;
    *hi = centre + half > 1 ? 1 : centre + half;
}

double calib_brier(const struct calib_obs *obs, size_t n)
{
    if (n == 0)
        return 0;
    double sum = 0;
    for (size_t i = 0; i < n; i++) {
        double d = obs[i].p - (obs[i].y ? 1.0 : 0.0);
        sum += d * d;
    }
    return sum / (double)n;
}

/* The log-likelihood of (a, b) for outcomes y at log-odds x and, in u
 * and info, its gradient and the information matrix (Saa, Sab, Sbb). */
static double loglik(const double *x, const struct calib_obs *obs, size_t n, double a, double b,
                     double u[2], double info[3])
{
    double ll = 0;
    u[0] = u[1] = info[0] = info[1] = info[2] = 0;
    for (size_t i = 0; i < n; i++) {
        double eta = a + b * x[i];
        double pi = calib_expit(eta), y = obs[i].y ? 1.0 : 0.0;
        /* log(1 + e^eta) without overflow */
        double softplus = eta > 0 ? eta + log1p(exp(-eta)) : log1p(exp(eta));
        ll += y * eta - softplus;
        double w = pi * (1 - pi);
        u[0] += y - pi;
        u[1] += (y - pi) * x[i];
        info[0] += w;
        info[1] += w * x[i];
        info[2] += w * x[i] * x[i];
    }
    return ll;
}

/* Why no finite estimate exists, before fitting; NULL when one may. */
static const char *not_estimable(const struct calib_obs *obs, size_t n, bool with_slope)
{
    if (n == 0)
        return "no observations";
    size_t events = 0;
    bool spread = false;
    double x0 = calib_logit(obs[0].p);
    for (size_t i = 0; i < n; i++) {
        events += obs[i].y;
        spread |= calib_logit(obs[i].p) != x0;
    }
    if (events == 0 || events == n)
        return "every outcome the same";
    if (with_slope && !spread)
        return "one predicted probability only";
    return NULL;
}

/* Maximises the likelihood over a (and b when with_slope), from a = 0,
 * b = 1 (the predictions as they are), halving a step that would lower
 * the likelihood. */
static bool fit(const struct calib_obs *obs, size_t n, bool with_slope, struct calib_fit *out)
{
    *out = (struct calib_fit){.b = 1};
    out->why = not_estimable(obs, n, with_slope);
    if (out->why)
        return false;
    /* the log-odds once, not at every iteration */
    double *x = malloc(n * sizeof *x);
    if (!x)
        abort();
    for (size_t i = 0; i < n; i++)
        x[i] = calib_logit(obs[i].p);
    double a = 0, b = 1, u[2], info[3];
    double ll = loglik(x, obs, n, a, b, u, info);
    out->why = "did not converge";
    for (int it = 1; it <= MAX_ITERATIONS; it++) {
        double da, db = 0;
        if (with_slope) {
            double det = info[0] * info[2] - info[1] * info[1];
            if (!(det > 0))
                break;
            da = (info[2] * u[0] - info[1] * u[1]) / det;
            db = (info[0] * u[1] - info[1] * u[0]) / det;
        } else {
            if (!(info[0] > 0))
                break;
            da = u[0] / info[0];
        }
        double step = 1, next = ll;
        for (int halving = 0; halving < 30; halving++, step /= 2) {
            next = loglik(x, obs, n, a + step * da, b + step * db, u, info);
            if (next >= ll - 1e-12)
                break;
        }
        a += step * da;
        b += step * db;
        ll = next;
        out->iterations = it;
        if (fabs(a) > COEFFICIENT_MAX || fabs(b) > COEFFICIENT_MAX)
            break;
        if (fabs(step * da) < TOLERANCE && fabs(step * db) < TOLERANCE) {
            /* info is at (a, b): the step's own evaluation */
            *out = (struct calib_fit){.ok = true, .a = a, .b = b, .iterations = it};
            if (with_slope) {
                double det = info[0] * info[2] - info[1] * info[1];
                out->se_a = sqrt(info[2] / det);
                out->se_b = sqrt(info[0] / det);
            } else {
                out->se_a = sqrt(1 / info[0]);
            }
            break;
        }
    }
    free(x);
    return out->ok;
}

bool calib_fit_intercept(const struct calib_obs *obs, size_t n, struct calib_fit *out)
{
    return fit(obs, n, false, out);
}

bool calib_fit_slope(const struct calib_obs *obs, size_t n, struct calib_fit *out)
{
    return fit(obs, n, true, out);
}

size_t calib_bin_of(double p)
{
    if (!(p > 0))
        return 0;
    size_t i = (size_t)(p * CALIB_BINS);
    return i >= CALIB_BINS ? CALIB_BINS - 1 : i;
}

void calib_summarise(const struct calib_obs *obs, size_t n, struct calib_summary *out)
{
    *out = (struct calib_summary){.n = n};
    double sum_p = 0, bin_p[CALIB_BINS] = {0};
    for (size_t i = 0; i < CALIB_BINS; i++) {
        out->bins[i].lo = (double)i / CALIB_BINS;
        out->bins[i].hi = (double)(i + 1) / CALIB_BINS;
    }
    for (size_t i = 0; i < n; i++) {
        struct calib_bin *bin = &out->bins[calib_bin_of(obs[i].p)];
        sum_p += obs[i].p;
        out->events += obs[i].y;
        bin->n++;
        bin->events += obs[i].y;
        bin_p[bin - out->bins] += obs[i].p;
    }
    for (size_t i = 0; i < CALIB_BINS; i++) {
        struct calib_bin *bin = &out->bins[i];
        if (bin->n == 0)
            continue;
        bin->mean_p = bin_p[i] / (double)bin->n;
        bin->observed = (double)bin->events / (double)bin->n;
        calib_wilson(bin->events, bin->n, CALIB_Z95, &bin->ci_lo, &bin->ci_hi);
    }
    if (n) {
        out->mean_p = sum_p / (double)n;
        out->observed = (double)out->events / (double)n;
    }
    out->brier = calib_brier(obs, n);
    (void)calib_fit_intercept(obs, n, &out->intercept);
    (void)calib_fit_slope(obs, n, &out->slope);
}
