#include "paingen/core/jsonw.h"

#include "paingen/core/numfmt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

void jsonw_string_escaped(struct jsonw *w, const char *name, const char *s)
{
    if (!s) {
        jsonw_null(w, name);
        return;
    }
    char *p = jsonw_begin(w, name, 0);
    if (p) {
        jsonw_commit(w, p);
        buf_json_string(w->out, s);
    }
}

void jsonw_int(struct jsonw *w, const char *name, long long v)
{
    char text[32];
    const char *d = decimal(v, text);
    jsonw_raw(w, name, d, (size_t)(text + 31 - d));
}

/* jansson's dtostr: "%.15g", a ".0" when that reads as an integer, and
 * the exponent without its '+' or leading zeros. */
size_t jsonw_format_real(double v, char out[32])
{
    numfmt_g(v, 15, out);
    size_t n = 0, point = 0, e = 0; /* one pass over its few bytes, no calls */
    for (; out[n]; n++) {
        point = out[n] == '.' ? n : point;
        e = out[n] == 'e' ? n : e;
    }
    if (!e) {
        if (!point && n < 30) {
            memcpy(out + n, ".0", 3);
            n += 2;
        }
        return n;
    }
    char *from = out + e + 1, *to = out + e + 1;
    if (*from == '+')
        from++;
    else if (*from == '-')
        from = ++to;
    while (*from == '0' && from[1])
        from++;
    memmove(to, from, strlen(from) + 1);
    return strlen(out);
}
