/* UTF-8 checks: request paths, headers and query strings may hold any
 * bytes; JSON text, log lines and the database must get valid UTF-8. */
#ifndef PAINGEN_CORE_UTF8_H
#define PAINGEN_CORE_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* Length of the valid UTF-8 sequence starting at p (1-4), or 0 when the
 * bytes there are not valid UTF-8 (overlong, surrogate, truncated). */
size_t utf8_seq_len(const unsigned char *p);
/* True when the whole NUL-terminated string is valid UTF-8. */
bool utf8_valid(const char *s);
/* Number of code points in a valid UTF-8 string. */
size_t utf8_length(const char *s);

#endif
