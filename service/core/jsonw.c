#include "paingen/core/jsonw.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The comma and the name before a value, in one write: names are the
 * code's own identifiers, which need no escaping. */
static void member(struct jsonw *w, const char *name)
{
    bool comma = w->depth > 0 && w->more[w->depth - 1];
    if (w->depth > 0)
        w->more[w->depth - 1] = true;
    size_t n = name ? strlen(name) : 0;
    if (!buf_reserve(w->out, n + 4))
        return;
    char *start = w->out->data + w->out->len, *p = start;
    if (comma)
        *p++ = ',';
    if (name) {
        *p++ = '"';
        memcpy(p, name, n);
        p += n;
        *p++ = '"';
        *p++ = ':';
    }
    w->out->len += (size_t)(p - start);
    w->out->data[w->out->len] = '\0';
}

/* v in decimal at the end of out (32 bytes); returns where it starts. */
static char *decimal(long long v, char *out)
{
    char *p = out + 31;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    *p = '\0';
    do
        *--p = (char)('0' + u % 10);
    while ((u /= 10) > 0);
    if (v < 0)
        *--p = '-';
    return p;
}

static void open_level(struct jsonw *w, const char *name, char open, char close)
{
    if (w->depth == JSONW_MAX_DEPTH)
        abort();
    member(w, name);
    buf_append(w->out, &open, 1);
    w->more[w->depth] = false;
    w->close[w->depth++] = close;
}

void jsonw_object(struct jsonw *w, const char *name) { open_level(w, name, '{', '}'); }

void jsonw_array(struct jsonw *w, const char *name) { open_level(w, name, '[', ']'); }

void jsonw_end(struct jsonw *w)
{
    if (w->depth == 0)
        abort();
    buf_append(w->out, &w->close[--w->depth], 1);
}

void jsonw_string(struct jsonw *w, const char *name, const char *s)
{
    member(w, name);
    if (s)
        buf_json_string(w->out, s);
    else
        buf_append(w->out, "null", 4);
}

void jsonw_int(struct jsonw *w, const char *name, long long v)
{
    member(w, name);
    char text[32];
    buf_puts(w->out, decimal(v, text));
}

/* A real that is a decimal of at most 6 places and 15 digits, exactly as
 * "%.15g" would print it (the double nearest that decimal prints as the
 * decimal), without printf's arbitrary-precision arithmetic; most of the
 * model's figures (likelihood ratios, priors) are such. False otherwise. */
static bool short_decimal(double v, char out[32])
{
    double a = fabs(v), scale = 1;
    if (!(a >= 1e-4 && a < 1e9))
        return false;
    for (int places = 0; places <= 6; places++, scale *= 10) {
        long long r = llround(a * scale);
        if ((double)r / scale != a)
            continue;
        long long whole = r / (long long)scale, frac = r % (long long)scale;
        char digits[32];
        const char *w = decimal(whole, digits);
        int n = v < 0;
        out[0] = '-';
        memcpy(out + n, w, strlen(w));
        n += (int)strlen(w);
        out[n++] = '.';
        if (places == 0) {
            out[n++] = '0';
        } else {
            for (int d = places - 1; d >= 0; d--, frac /= 10)
                out[n + d] = (char)('0' + frac % 10);
            n += places;
            while (out[n - 1] == '0' && out[n - 2] != '.') /* "%g" drops trailing zeros */
                n--;
        }
        out[n] = '\0';
        return true;
    }
    return false;
}

/* jansson's dtostr: "%.15g", a ".0" when that reads as an integer, and
 * the exponent without its '+' or leading zeros. */
void jsonw_format_real(double v, char out[32])
{
    if (short_decimal(v, out))
        return;
    int n = snprintf(out, 32, "%.15g", v);
    if (!strpbrk(out, ".e") && n > 0 && n < 30) {
        memcpy(out + n, ".0", 3);
        return;
    }
    char *e = strchr(out, 'e');
    if (!e)
        return;
    char *from = e + 1, *to = e + 1;
    if (*from == '+')
        from++;
    else if (*from == '-')
        from = ++to;
    while (*from == '0' && from[1])
        from++;
    memmove(to, from, strlen(from) + 1);
}

void jsonw_real(struct jsonw *w, const char *name, double v)
{
    member(w, name);
    if (!isfinite(v)) {
        buf_append(w->out, "null", 4);
        return;
    }
    char text[32];
    jsonw_format_real(v, text);
    buf_puts(w->out, text);
}

void jsonw_bool(struct jsonw *w, const char *name, bool v)
{
    member(w, name);
    buf_puts(w->out, v ? "true" : "false");
}

void jsonw_null(struct jsonw *w, const char *name)
{
    member(w, name);
    buf_append(w->out, "null", 4);
}
