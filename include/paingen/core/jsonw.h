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

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define JSONW_MAX_DEPTH 16 /* the answers' nesting is fixed by the code: deeper aborts */
#define JSONW_MAX_NAME  64 /* so are their names: a longer one aborts */

struct jsonw {
    struct buf *out;
    int depth;
    bool more[JSONW_MAX_DEPTH];  /* a value was written at this depth */
    char close[JSONW_MAX_DEPTH]; /* '}' or ']' */
};

/* The comma and the name before a value, and room for extra bytes of
 * value after them: write the value at the returned pointer and end it
 * with jsonw_commit. NULL when the buffer is full (nothing to end). */
static inline char *jsonw_begin(struct jsonw *w, const char *name, size_t extra)
{
    size_t n = name ? strlen(name) : 0; /* a literal where inlined: known when compiled */
    if (n > JSONW_MAX_NAME)
        abort();
    if (!buf_reserve(w->out, n + 4 + extra))
        return NULL;
    char *p = w->out->data + w->out->len;
    if (w->depth > 0) {
        if (w->more[w->depth - 1])
            *p++ = ',';
        w->more[w->depth - 1] = true;
    }
    if (name) {
        *p++ = '"';
        memcpy(p, name, n);
        p += n;
        *p++ = '"';
        *p++ = ':';
    }
    return p;
}

/* Ends what jsonw_begin began, at end. */
static inline void jsonw_commit(struct jsonw *w, char *end)
{
    w->out->len = (size_t)(end - w->out->data);
    *end = '\0';
}

/* The writers below are inline for the same reason as jsonw_begin: an
 * answer writes hundreds of members. */

static inline void jsonw_open(struct jsonw *w, const char *name, char open, char close)
{
    if (w->depth == JSONW_MAX_DEPTH)
        abort();
    char *p = jsonw_begin(w, name, 1);
    if (p) {
        *p = open;
        jsonw_commit(w, p + 1);
    }
    w->more[w->depth] = false;
    w->close[w->depth++] = close;
}

static inline void jsonw_object(struct jsonw *w, const char *name)
{
    jsonw_open(w, name, '{', '}');
}
static inline void jsonw_array(struct jsonw *w, const char *name) { jsonw_open(w, name, '[', ']'); }

static inline void jsonw_end(struct jsonw *w)
{
    if (w->depth == 0)
        abort();
    buf_append(w->out, &w->close[--w->depth], 1);
}

/* A member whose value is the text[0..n), as it is. */
static inline void jsonw_raw(struct jsonw *w, const char *name, const char *text, size_t n)
{
    char *p = jsonw_begin(w, name, n);
    if (p) {
        memcpy(p, text, n);
        jsonw_commit(w, p + n);
    }
}

static inline void jsonw_null(struct jsonw *w, const char *name) { jsonw_raw(w, name, "null", 4); }

static inline void jsonw_bool(struct jsonw *w, const char *name, bool v)
{
    jsonw_raw(w, name, v ? "true" : "false", v ? 4 : 5);
}

/* A string that needs escaping (jsonw_string's rare case). */
void jsonw_string_escaped(struct jsonw *w, const char *name, const char *s);

/* NULL: null. */
static inline void jsonw_string(struct jsonw *w, const char *name, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (!s || !buf_json_plain(s, n)) {
        jsonw_string_escaped(w, name, s);
        return;
    }
    char *p = jsonw_begin(w, name, n + 2);
    if (p) {
        *p = '"';
        memcpy(p + 1, s, n);
        p[n + 1] = '"';
        jsonw_commit(w, p + n + 2);
    }
}

void jsonw_int(struct jsonw *w, const char *name, long long v);

/* v as jansson prints a real with 15 digits of precision, into out;
 * returns its length. */
size_t jsonw_format_real(double v, char out[32]);

/* Not finite: null. */
static inline void jsonw_real(struct jsonw *w, const char *name, double v)
{
    if (!isfinite(v)) {
        jsonw_null(w, name);
        return;
    }
    char *p = jsonw_begin(w, name, 32);
    if (p)
        jsonw_commit(w, p + jsonw_format_real(v, p));
}

#endif
