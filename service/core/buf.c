/* Growable, capped byte buffer. Out of memory aborts: the supervisor
 * restarts us, and no caller has a better plan. */
#include "paingen/core/buf.h"

#include "paingen/core/utf8.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BUF_DEFAULT_LIMIT ((size_t)64 << 20)

void buf_init(struct buf *b, size_t limit)
{
    *b = (struct buf){.limit = limit ? limit : BUF_DEFAULT_LIMIT};
}

void buf_cleanup(struct buf *b)
{
    if (!b)
        return;
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->overflow = false;
}

/* Grown by doubling, but never past the limit and its NUL: room within
 * the capacity is then room within the limit (buf_reserve). */
bool buf_grow(struct buf *b, size_t extra)
{
    size_t limit = b->limit ? b->limit : BUF_DEFAULT_LIMIT; /* zeroed buffers too */
    if (extra > limit || b->len + extra > limit) {
        b->overflow = true;
        return false;
    }
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need)
        cap *= 2;
    if (cap > limit + 1)
        cap = limit + 1;
    char *p = realloc(b->data, cap);
    if (!p) {
        fputs("out of memory\n", stderr);
        abort();
    }
    b->data = p;
    b->cap = cap;
    return true;
}

bool buf_append(struct buf *b, const void *data, size_t len)
{
    if (!buf_reserve(b, len))
        return false;
    if (len)
        memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
    return true;
}

bool buf_puts(struct buf *b, const char *s) { return buf_append(b, s, strlen(s)); }

bool buf_printf(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !buf_reserve(b, (size_t)n))
        return false;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return true;
}

bool buf_utf8(struct buf *b, const char *s, size_t max_bytes)
{
    bool ok = true;
    size_t used = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p && ok;) {
        size_t n = utf8_seq_len(p);
        if (used + (n ? n : 3) > max_bytes)
            return buf_puts(b, "\xE2\x80\xA6"); /* ... marks the cut */
        ok = n ? buf_append(b, p, n) : buf_append(b, "\xEF\xBF\xBD", 3);
        used += n ? n : 3;
        p += n ? n : 1;
    }
    return ok;
}

/* Printable ASCII other than the quote and the backslash: copied as is. */
static bool json_plain(unsigned char c) { return c >= 0x20 && c < 0x7f && c != '"' && c != '\\'; }

/* The whole of s plain: quoted in one copy. */
static bool json_string_plain(struct buf *b, const char *s, size_t n)
{
    if (!buf_reserve(b, n + 2))
        return false;
    char *p = b->data + b->len;
    *p = '"';
    memcpy(p + 1, s, n);
    p[n + 1] = '"';
    b->len += n + 2;
    b->data[b->len] = '\0';
    return true;
}

/* Whether each of the eight bytes of w is plain. The bit-twiddling
 * tests for "some byte is zero" and "some byte is below n" may mark the
 * wrong byte, but never miss nor invent one: enough to know whether all
 * eight are plain. */
static bool json_plain8(uint64_t w)
{
    const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
    uint64_t quote = w ^ (ones * '"'), backslash = w ^ (ones * '\\');
    uint64_t control = (w - ones * 0x20) & ~w;              /* a byte below 0x20 */
    uint64_t not_ascii = (w + ones) | w;                    /* 0x7f and above */
    uint64_t quotes = (quote - ones) & ~quote;              /* a '"' */
    uint64_t backslashes = (backslash - ones) & ~backslash; /* a '\\' */
    return !((control | not_ascii | quotes | backslashes) & high);
}

/* The length of the plain bytes s starts with, eight at a time: an
 * answer is kilobytes of plain text, tested byte by byte otherwise. */
static size_t json_plain_prefix(const char *s, size_t n)
{
    uint64_t w;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        memcpy(&w, s + i, sizeof w);
        if (!json_plain8(w))
            break;
    }
    if (i + 8 > n && n >= 8) { /* the tail as the last word, a few bytes tested twice */
        memcpy(&w, s + n - 8, sizeof w);
        if (json_plain8(w))
            return n;
    }
    while (i < n && json_plain((unsigned char)s[i]))
        i++;
    return i;
}

bool buf_json_plain(const char *s, size_t n) { return json_plain_prefix(s, n) == n; }

bool buf_json_string(struct buf *b, const char *s)
{
    size_t len = strlen(s);
    if (buf_json_plain(s, len)) /* most text */
        return json_string_plain(b, s, len);
    bool ok = buf_append(b, "\"", 1);
    for (const unsigned char *p = (const unsigned char *)s; *p && ok;) {
        const unsigned char *run = p;
        while (json_plain(*p))
            p++;
        if (p > run) { /* most text: one copy per run */
            ok = buf_append(b, run, (size_t)(p - run));
            continue;
        }
        size_t n = utf8_seq_len(p);
        switch (*p) {
        case '"': ok = buf_append(b, "\\\"", 2); break;
        case '\\': ok = buf_append(b, "\\\\", 2); break;
        case '\n': ok = buf_append(b, "\\n", 2); break;
        case '\r': ok = buf_append(b, "\\r", 2); break;
        case '\t': ok = buf_append(b, "\\t", 2); break;
        case '\b': ok = buf_append(b, "\\b", 2); break;
        case '\f': ok = buf_append(b, "\\f", 2); break;
        default:
            if (!n)
                ok = buf_append(b, "\\ufffd", 6);
            else if (*p < 0x20)
                ok = buf_printf(b, "\\u%04x", *p);
            else
                ok = buf_append(b, p, n);
        }
        p += n ? n : 1;
    }
    return ok && buf_append(b, "\"", 1);
}

char *buf_take(struct buf *b, size_t *len)
{
    if (!b->data) {
        buf_reserve(b, 0); /* cannot fail: nothing is added */
        b->data[0] = '\0';
    }
    char *p = b->data;
    if (len)
        *len = b->len;
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}
