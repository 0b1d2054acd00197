/* JSON written straight into a buffer, for answers that are built once
 * and sent: no tree, no allocation per value. Output is compact and
 * formats reals as the jansson answers do (15 significant digits, always
 * with a dot or an exponent), so either way gives the same text.
 *
 *     struct jsonw w = {.out = &buf};
 *     jsonw_object(&w, NULL);
 *     jsonw_string(&w, "region", "knee");
 *     jsonw_array(&w, "ranking");  ...  jsonw_end(&w);
 *     jsonw_end(&w);
 *
 * A member's name is its key inside an object, NULL inside an array. */
#ifndef PAINGEN_CORE_JSONW_H
#define PAINGEN_CORE_JSONW_H

#include "paingen/core/buf.h"

#include <stdbool.h>

#define JSONW_MAX_DEPTH 16 /* the answers' nesting is fixed by the code: deeper aborts */

struct jsonw {
    struct buf *out;
    int depth;
    bool more[JSONW_MAX_DEPTH];  /* a value was written at this depth */
    char close[JSONW_MAX_DEPTH]; /* '}' or ']' */
};

void jsonw_object(struct jsonw *w, const char *name);
void jsonw_array(struct jsonw *w, const char *name);
void jsonw_end(struct jsonw *w);
void jsonw_string(struct jsonw *w, const char *name, const char *s); /* NULL: null */
void jsonw_int(struct jsonw *w, const char *name, long long v);
void jsonw_real(struct jsonw *w, const char *name, double v); /* not finite: null */
void jsonw_bool(struct jsonw *w, const char *name, bool v);
void jsonw_null(struct jsonw *w, const char *name);

/* v as jansson prints a real with 15 digits of precision, into out. */
void jsonw_format_real(double v, char out[32]);

#endif
