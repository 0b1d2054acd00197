/* The Accept header read against a list of offered media types. */
#include "paingen/api/negotiate.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#define RANGE_MAX 256

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
    return s;
}

/* A qvalue (RFC 9110 12.4.2), "0" to "1" with at most three decimals, in
 * thousandths; -1 when it is not one. */
static int qvalue(const char *v)
{
    if ((v[0] != '0' && v[0] != '1') || (v[1] && v[1] != '.'))
        return -1;
    int q = (v[0] - '0') * 1000, scale = 100;
    size_t decimals = 0;
    for (const char *p = v[1] ? v + 2 : v + 1; *p; p++, decimals++) {
        if (!isdigit((unsigned char)*p) || decimals == 3 || (v[0] == '1' && *p != '0'))
            return -1;
        q += (*p - '0') * scale;
        scale /= 10;
    }
    return q;
}

/* How specifically range (type/subtype, without parameters) names type:
 * 3 exactly, 2 by its type's wildcard, 1 by the wildcard of all, 0 not. */
static int specificity(const char *range, const char *type)
{
    if (strcasecmp(range, type) == 0)
        return 3;
    const char *slash = strchr(type, '/');
    size_t n = slash ? (size_t)(slash - type) : 0;
    if (n && strncasecmp(range, type, n) == 0 && strcmp(range + n, "/*") == 0)
        return 2;
    return strcmp(range, "*/*") == 0 ? 1 : 0;
}

/* One media range, split in place: its type and weight (thousandths; -1
 * when its q cannot be read). */
static const char *range_read(char *range, int *q)
{
    *q = 1000;
    char *params = strchr(range, ';');
    if (params)
        *params++ = '\0';
    while (params) {
        char *next = strchr(params, ';');
        if (next)
            *next++ = '\0';
        char *eq = strchr(params, '=');
        if (eq) {
            *eq = '\0';
            if (strcasecmp(trim(params), "q") == 0)
                *q = qvalue(trim(eq + 1));
        }
        params = next;
    }
    return trim(range);
}

int negotiate_media(const char *accept, const char *const *offered)
{
    if (!accept || accept[strspn(accept, " \t")] == '\0')
        return 0;
    int spec[8] = {0}, weight[8] = {0}, n_offered = 0;
    while (offered[n_offered] && n_offered < 8)
        n_offered++;
    int ranges = 0;
    for (const char *p = accept; *p;) {
        size_t n = strcspn(p, ",");
        if (n > RANGE_MAX || ++ranges > NEGOTIATE_MAX_RANGES)
            return -1;
        char range[RANGE_MAX + 1];
        memcpy(range, p, n);
        range[n] = '\0';
        int q;
        const char *type = range_read(range, &q);
        for (int i = 0; q >= 0 && i < n_offered; i++) {
            int s = specificity(type, offered[i]);
            if (s > spec[i] || (s && s == spec[i] && q > weight[i])) {
                spec[i] = s;
                weight[i] = q;
            }
        }
        p += n;
        if (*p == ',')
            p++;
    }
    int best = -1;
    for (int i = 0; i < n_offered; i++)
        if (spec[i] && weight[i] > 0 && (best < 0 || weight[i] > weight[best]))
            best = i;
    return best;
}
