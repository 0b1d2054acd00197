/* printf's "%.*g" and "%.*f" for the reals the answers hold (positions
 * 10^-4 to 10^15), in exact integer arithmetic; anything else, and the
 * exact ties that printf rounds to even, is left to snprintf itself. */
#include "paingen/core/numfmt.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* 128-bit integers (GCC and Clang on 64-bit targets): a double's 53-bit
 * significand times a power of ten up to 10^19 fits, exactly. */
__extension__ typedef unsigned __int128 u128;

/* Every power of ten a uint64_t holds. */
/* clang-format off */
static const uint64_t powers[] = {
    1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000,
    10000000000, 100000000000, 1000000000000, 10000000000000, 100000000000000,
    1000000000000000, 10000000000000000, 100000000000000000, 1000000000000000000,
    10000000000000000000u};
/* clang-format on */
#define MAX_POW10 19 /* the last of them */

/* a * 10^k rounded to the nearest integer, for a positive normal a below
 * 2^53 and 0 <= k <= MAX_POW10. Exact: a is m / 2^s for an integer m of
 * 53 bits, so a * 10^k is the integer m * 10^k (at most 117 bits) over
 * 2^s, and the remainder says which way to round. *whole receives the
 * whole part, *up whether to add one. False outside that range, beyond
 * 2^63, and on an exact tie (printf rounds it to even: left to printf). */
static bool scale(double a, int k, uint64_t *whole, bool *up)
{
    uint64_t bits;
    memcpy(&bits, &a, sizeof bits);
    int biased = (int)(bits >> 52 & 0x7ff);
    if (biased == 0 || biased == 0x7ff || k < 0 || k > MAX_POW10)
        return false; /* zero, subnormal, infinite or not a number */
    uint64_t m = (bits & ((UINT64_C(1) << 52) - 1)) | UINT64_C(1) << 52;
    int s = 1075 - biased; /* a = m / 2^s */
    if (s < 1 || s > 126)
        return false;
    u128 p = (u128)m * powers[k];
    u128 q = p >> s, rem = p - (q << s), half = (u128)1 << (s - 1);
    if (rem == half || q >= (u128)1 << 63)
        return false;
    *whole = (uint64_t)q;
    *up = rem > half;
    return true;
}

/* "00" to "99": two digits a division, half the chain of divisions that
 * dominates the printing. */
static const char pairs[] = "00010203040506070809101112131415161718192021222324"
                            "25262728293031323334353637383940414243444546474849"
                            "50515253545556575859606162636465666768697071727374"
                            "75767778798081828384858687888990919293949596979899";

/* n as exactly width decimal digits (zeros in front) at out; returns the
 * end. */
static char *digits(uint64_t n, int width, char *out)
{
    int i = width;
    for (; i >= 2; i -= 2, n /= 100)
        memcpy(out + i - 2, pairs + 2 * (n % 100), 2);
    if (i == 1)
        out[0] = (char)('0' + n % 10);
    return out + width;
}

/* The decimal of n (at least one digit) at out; returns the end. */
static char *decimal(uint64_t n, char *out)
{
    int width = 1;
    while (width <= MAX_POW10 && n >= powers[width])
        width++;
    return digits(n, width, out);
}

/* "%.*g" in fixed notation: the p significant digits d of a number whose
 * first digit is at position x (10^x), trailing zeros of the fraction
 * dropped, and the point with them when none is left. */
static void fixed_g(bool negative, uint64_t d, int p, int x, char *out)
{
    char all[MAX_POW10 + 1];
    digits(d, p, all);
    int whole = x >= 0 ? x + 1 : 0, frac = p - whole;
    while (frac > 0 && all[whole + frac - 1] == '0')
        frac--;
    char *o = out;
    if (negative)
        *o++ = '-';
    if (whole) {
        memcpy(o, all, (size_t)whole);
        o += whole;
    } else {
        *o++ = '0';
    }
    if (frac) {
        *o++ = '.';
        for (int z = x + 1; z < 0; z++) /* 0.00ddd: the zeros after the point */
            *o++ = '0';
        memcpy(o, all + whole, (size_t)frac);
        o += frac;
    }
    *o = '\0';
}

/* The fixed-notation cases of "%.*g": the position x of the first digit
 * (10^x) is found by trying, from that of a's highest bit, which is x or
 * one below; then the rounding may carry into one more digit (9.996 ->
 * 10.0). */
static bool fast_g(double v, int p, char *out)
{
    double a = fabs(v);
    if (!(a >= 1e-4 && a < 1e15) || p < 1 || p > 17)
        return false;
    if (a < (double)powers[p] && a == (double)(uint64_t)a) { /* a whole number, every digit shown */
        char *o = out;
        if (v < 0)
            *o++ = '-';
        *decimal((uint64_t)a, o) = '\0';
        return true;
    }
    int x = (int)floor(ilogb(a) * 0.30102999566398120); /* log10(2) */
    for (int tries = 0; tries < 3; tries++) {
        uint64_t whole;
        bool up;
        if (!scale(a, p - 1 - x, &whole, &up))
            return false;
        if (whole < powers[p - 1]) {
            x--;
        } else if (whole >= powers[p]) {
            x++;
        } else {
            uint64_t d = whole + up;
            if (d == powers[p])
                d = powers[p - 1], x++;
            if (x < -4 || x >= p) /* printf's exponent notation */
                return false;
            fixed_g(v < 0, d, p, x, out);
            return true;
        }
    }
    return false;
}

static bool fast_f(double v, int places, char *out)
{
    double a = fabs(v);
    uint64_t whole;
    bool up;
    if (!(a < 1e15) || places < 0 || !scale(a, places, &whole, &up))
        return false;
    uint64_t n = whole + up;
    char *o = out;
    if (v < 0)
        *o++ = '-';
    o = decimal(n / powers[places], o);
    if (places > 0) {
        *o++ = '.';
        o = digits(n % powers[places], places, o);
    }
    *o = '\0';
    return true;
}

const char *numfmt_g(double v, int precision, char out[NUMFMT_MAX])
{
    if (!fast_g(v, precision, out))
        snprintf(out, NUMFMT_MAX, "%.*g", precision, v);
    return out;
}

const char *numfmt_f(double v, int places, char out[NUMFMT_MAX])
{
    if (!fast_f(v, places, out))
        snprintf(out, NUMFMT_MAX, "%.*f", places, v);
    return out;
}
