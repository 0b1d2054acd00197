/* A growable byte buffer with a hard cap; every text the service builds
 * (responses, log lines, metrics) goes through one. */
#ifndef PAINGEN_CORE_BUF_H
#define PAINGEN_CORE_BUF_H

#include <stdbool.h>
#include <stddef.h>

struct buf {
    char *data; /* NUL-terminated when len > 0; owned */
    size_t len;
    size_t cap;
    size_t limit;  /* appends that would pass it fail; 0 means 64 MiB */
    bool overflow; /* set once an append failed on the limit */
};

/* Empty buffer with the given limit (0: default). No allocation yet. A
 * zeroed struct buf is also a valid empty buffer with the default limit. */
void buf_init(struct buf *b, size_t limit);
/* Frees the storage; the buffer is empty and reusable. NULL-safe. */
void buf_cleanup(struct buf *b);
/* buf_reserve when the capacity falls short: grows it, by doubling. */
bool buf_grow(struct buf *b, size_t extra);
/* Room for extra more bytes (and the NUL) at data + len, for writing in
 * place; false (and overflow set) when the limit would be passed. Inline,
 * as the JSON writer reserves before every value: the capacity never
 * passes the limit, so room within it is room within the limit. */
static inline bool buf_reserve(struct buf *b, size_t extra)
{
    return extra < b->cap - b->len || buf_grow(b, extra);
}
/* Append bytes; false (and overflow set) when the limit would be passed. */
bool buf_append(struct buf *b, const void *data, size_t len);
bool buf_puts(struct buf *b, const char *s);
bool buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append s with each invalid UTF-8 byte replaced by U+FFFD, cut (on a
 * character boundary, marked with an ellipsis) after max_bytes. */
bool buf_utf8(struct buf *b, const char *s, size_t max_bytes);
/* Append s as a JSON string literal, quotes included; invalid UTF-8
 * becomes \ufffd. */
bool buf_json_string(struct buf *b, const char *s);
/* Whether s[0..n) goes into a JSON string literal as it is: printable
 * ASCII without '"' or '\\' (most text an answer holds). */
bool buf_json_plain(const char *s, size_t n);
/* Hands the storage to the caller (free() it); the buffer becomes empty.
 * Never NULL: an empty buffer yields "". */
char *buf_take(struct buf *b, size_t *len);

#endif
