/* Checked parsers for numbers and small values taken from text (the
 * environment, headers, query strings). Never atoi. */
#ifndef PAINGEN_CORE_PARSE_H
#define PAINGEN_CORE_PARSE_H

#include <stdbool.h>
#include <stdint.h>

/* Whole string as a base-10 integer; false on empty, junk or overflow. */
bool parse_i64(const char *s, int64_t *out);
/* parse_i64 and min <= value <= max. */
bool parse_i64_range(const char *s, int64_t min, int64_t max, int64_t *out);
/* A byte size: digits with an optional K, M or G suffix (powers of 1024). */
bool parse_size(const char *s, int64_t *out);
/* A UUID as text, 8-4-4-4-12 hexadecimal digits in either case, into out
 * in lower case: its one spelling, whatever the caller sent (EHRs often
 * send ids in capitals). False for anything else (s may be NULL). */
bool parse_uuid(const char *s, char out[37]);

#endif
