/* Content negotiation: the cases of data/negotiate.tsv, and the bounds. */
#include "unit.h"

#include "paingen/api/negotiate.h"

#include <string.h>

static const char *const offered[] = {"application/json", "image/svg+xml", NULL};

static void row(char **f, int n, int line)
{
    if (n != 2) {
        CHECK_MSG(0, "negotiate.tsv:%d: expected 2 fields", line);
        return;
    }
    int got = negotiate_media(f[0], offered);
    const char *name = got == 0 ? "json" : got == 1 ? "svg" : "406";
    CHECK_MSG(strcmp(name, f[1]) == 0, "negotiate.tsv:%d: '%s' chose %s, want %s", line, f[0], name,
              f[1]);
}

void test_negotiate(void)
{
    CHECK(unit_each_row("negotiate.tsv", row) >= 15);
    CHECK(negotiate_media(NULL, offered) == 0);
    /* past the bounds: too many ranges, a range too long */
    char many[NEGOTIATE_MAX_RANGES * 4 + 16];
    for (int i = 0; i <= NEGOTIATE_MAX_RANGES; i++)
        memcpy(many + 4 * i, "a/b,", 4);
    many[4 * (NEGOTIATE_MAX_RANGES + 1)] = '\0';
    CHECK(negotiate_media(many, offered) == -1);
    char longer[300];
    memset(longer, 'x', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    CHECK(negotiate_media(longer, offered) == -1);
}
