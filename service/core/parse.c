/* Checked parsing of numbers, sizes and ids. */
#include "paingen/core/parse.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

bool parse_i64(const char *s, int64_t *out)
{
    if (!s || !*s || (*s != '-' && (*s < '0' || *s > '9')))
        return false;
    char *end = NULL;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end != '\0')
        return false;
    *out = (int64_t)v;
    return true;
}

bool parse_i64_range(const char *s, int64_t min, int64_t max, int64_t *out)
{
    int64_t v;
    if (!parse_i64(s, &v) || v < min || v > max)
        return false;
    *out = v;
    return true;
}

bool parse_size(const char *s, int64_t *out)
{
    if (!s || *s < '0' || *s > '9')
        return false;
    char *end = NULL;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno)
        return false;
    int shift = 0;
    switch (*end) {
    case '\0': break;
    case 'K':
    case 'k':
        shift = 10;
        end++;
        break;
    case 'M':
    case 'm':
        shift = 20;
        end++;
        break;
    case 'G':
    case 'g':
        shift = 30;
        end++;
        break;
    default: return false;
    }
    if (*end != '\0' || v > (INT64_MAX >> shift))
        return false;
    *out = (int64_t)v << shift;
    return true;
}

static bool is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool parse_uuid(const char *s, char out[37])
{
    if (!s || strnlen(s, 37) != 36)
        return false;
    for (int i = 0; i < 36; i++) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? s[i] != '-' : !is_hex(s[i]))
            return false;
    }
    for (int i = 0; i < 36; i++)
        out[i] = s[i] >= 'A' && s[i] <= 'F' ? (char)(s[i] - 'A' + 'a') : s[i];
    out[36] = '\0';
    return true;
}
