/* The Accept header read for the one representation the FHIR export has. */
#include "paingen/fhir/accept.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#define RANGE_MAX 256

/* How specifically a media type names application/fhir+json: 0 not at
 * all. */
static int specificity(const char *type)
{
    static const char *const exact[] = {FHIR_MEDIA_TYPE, "application/json",
                                        "application/json+fhir"};
    for (size_t i = 0; i < sizeof exact / sizeof exact[0]; i++)
        if (strcasecmp(type, exact[i]) == 0)
            return 3;
    if (strcasecmp(type, "application/*") == 0)
        return 2;
    return strcmp(type, "*/*") == 0 ? 1 : 0;
}

/* s without leading and trailing blanks, in place. */
static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
    return s;
}

/* A qvalue (RFC 9110 12.4.2): "0" to "1" with at most three decimals;
 * *zero says whether it is 0. False when it is not one. */
static bool qvalue(const char *v, bool *zero)
{
    if ((v[0] != '0' && v[0] != '1') || (v[1] && v[1] != '.'))
        return false;
    bool nonzero_digit = false;
    size_t decimals = 0;
    for (const char *p = v[1] ? v + 2 : v + 1; *p; p++, decimals++) {
        if (!isdigit((unsigned char)*p) || decimals == 3 || (v[0] == '1' && *p != '0'))
            return false;
        nonzero_digit |= *p != '0';
    }
    *zero = v[0] == '0' && !nonzero_digit;
    return true;
}

/* One media range: its specificity for application/fhir+json (0 when it
 * does not match, or cannot be read) and whether its weight is 0. */
static int range_match(char *range, bool *zero)
{
    *zero = false;
    char *params = strchr(range, ';');
    if (params)
        *params++ = '\0';
    int spec = specificity(trim(range));
    while (spec && params) {
        char *next = strchr(params, ';');
        if (next)
            *next++ = '\0';
        char *eq = strchr(params, '=');
        if (eq) {
            *eq = '\0';
            char *name = trim(params), *value = trim(eq + 1);
            size_t n = strlen(value);
            if (n >= 2 && value[0] == '"' && value[n - 1] == '"') {
                value[n - 1] = '\0';
                value++;
            }
            if (strcasecmp(name, "q") == 0 && !qvalue(value, zero))
                return 0;
            if (strcasecmp(name, "fhirVersion") == 0 && strcmp(value, "4.0") != 0 &&
                strncmp(value, "4.0.", 4) != 0)
                return 0;
        }
        params = next;
    }
    return spec;
}

bool fhir_accept_ok(const char *accept)
{
    if (!accept || accept[strspn(accept, " \t")] == '\0')
        return true; /* none: any representation will do */
    int best = 0, ranges = 0;
    bool refused = false; /* the weight of the most specific match is 0 */
    const char *p = accept;
    while (*p) {
        size_t n = strcspn(p, ",");
        if (n > RANGE_MAX || ++ranges > FHIR_ACCEPT_MAX_RANGES)
            return false;
        char range[RANGE_MAX + 1];
        memcpy(range, p, n);
        range[n] = '\0';
        bool zero;
        int spec = range_match(range, &zero);
        if (spec > best) {
            best = spec;
            refused = zero;
        } else if (spec && spec == best) {
            refused = refused && zero; /* two ranges as specific: the higher weight wins */
        }
        p += n;
        if (*p == ',')
            p++;
    }
    return best > 0 && !refused;
}
