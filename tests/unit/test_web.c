/* The clinic app's file names: which are served and as what, which carry
 * their content hash, and If-None-Match (data/web_names.tsv). */
#include "unit.h"

#include "paingen/web/static.h"

#include <string.h>

static const char *field(const char *f) { return strcmp(f, "<empty>") == 0 ? "" : f; }

static void row(char **f, int n, int line)
{
    if (strcmp(f[0], "type") == 0 && n == 3) {
        const char *got = web_static_type(field(f[1]));
        const char *want = strcmp(f[2], "-") == 0 ? NULL : f[2];
        CHECK_MSG((got == NULL && want == NULL) || (got && want && strcmp(got, want) == 0),
                  "web_names.tsv:%d: type('%s') = '%s', want '%s'", line, f[1],
                  got ? got : "(not served)", want ? want : "(not served)");
    } else if (strcmp(f[0], "hashed") == 0 && n == 3) {
        bool got = web_static_hashed(f[1]), want = strcmp(f[2], "1") == 0;
        CHECK_MSG(got == want, "web_names.tsv:%d: hashed('%s') = %d, want %d", line, f[1], got,
                  want);
    } else if (strcmp(f[0], "etag") == 0 && n == 4) {
        bool got = web_static_etag_match(field(f[1]), f[2]), want = strcmp(f[3], "1") == 0;
        CHECK_MSG(got == want, "web_names.tsv:%d: match('%s', '%s') = %d, want %d", line, f[1],
                  f[2], got, want);
    } else {
        CHECK_MSG(0, "web_names.tsv:%d: not a case", line);
    }
}

void test_web(void) { CHECK(unit_each_row("web_names.tsv", row) > 40); }
