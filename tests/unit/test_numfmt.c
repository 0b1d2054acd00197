/* Reals in decimal: numfmt_g and numfmt_f must write what snprintf's
 * "%.*g" and "%.*f" write, byte for byte, over the edges of the fast
 * path (exact ties, a carry into one more digit, the switch to exponent
 * notation), short decimals, and random values of every magnitude. */
#include "unit.h"

#include "paingen/core/numfmt.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Whether both functions agree with snprintf on v at precision p (and p
 * places); prints the first disagreements. */
static bool same_as_printf(double v, int p)
{
    static int shown;
    char want_g[NUMFMT_MAX], want_f[NUMFMT_MAX], got_g[NUMFMT_MAX], got_f[NUMFMT_MAX];
    snprintf(want_g, sizeof want_g, "%.*g", p, v);
    snprintf(want_f, sizeof want_f, "%.*f", p, v);
    numfmt_g(v, p, got_g);
    numfmt_f(v, p, got_f);
    bool same = strcmp(want_g, got_g) == 0 && strcmp(want_f, got_f) == 0;
    if (!same && shown++ < 10)
        printf("#   %.17g at %d: printf %s %s, numfmt %s %s\n", v, p, want_g, want_f, got_g, got_f);
    return same;
}

/* A double of random bits, finite. */
static double random_double(unsigned *seed)
{
    for (;;) {
        uint64_t bits =
            (uint64_t)rand_r(seed) << 33 ^ (uint64_t)rand_r(seed) << 11 ^ (uint64_t)rand_r(seed);
        double d;
        memcpy(&d, &bits, sizeof d);
        if (isfinite(d))
            return d;
    }
}

void test_numfmt(void)
{
    /* clang-format off */
    static const double edges[] = {
        0, -0.0, 1, -1, 0.5, 1.5, 2.5, 0.125, 0.375, -0.125, 9.5, 99.5, 999.5, 0.05, 0.0001,
        0.00009999, 0.000099999999, 1e-5, 9.9996, 99.996, 0.99999, 0.9994, 0.9996, 999999999,
        1e9, 1e14, 999999999999999, 1e15, 1e16, 1e20, 1e300, -1e-300, 4.9e-324, 0.1 + 0.2,
        1.0 / 3, 2.0 / 3, 0.628163868835348, 4.41666666666667, 15.2042105263158, 123456.789012,
        0.0716, 0.28, 0.72, 0.08, 0.91, 1 - 0.91, 3.14, -3.25, INFINITY, -INFINITY, NAN};
    /* clang-format on */
    bool edges_ok = true;
    for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++)
        for (int p = 0; p <= 17; p++)
            edges_ok &= same_as_printf(edges[i], p);
    CHECK(edges_ok);

    /* short decimals, the model's figures: ties of every kind among them */
    bool short_ok = true;
    unsigned seed = 11;
    for (int i = 0; i < 20000; i++) {
        long long r = rand_r(&seed) % 2000000 - 1000000;
        short_ok &= same_as_printf((double)r / pow(10, rand_r(&seed) % 9), 1 + rand_r(&seed) % 17);
    }
    CHECK(short_ok);

    /* any double, and doubles between 10^-6 and 10^16, at every precision */
    bool random_ok = true;
    for (int i = 0; i < 20000; i++) {
        random_ok &= same_as_printf(random_double(&seed), 1 + i % 17);
        double m = (double)rand_r(&seed) / RAND_MAX;
        random_ok &= same_as_printf(m * pow(10, rand_r(&seed) % 23 - 6), 1 + i % 17);
    }
    CHECK(random_ok);
}
