/* Number parsing cases from data/parse.tsv. */
#include "unit.h"

#include "paingen/core/parse.h"

#include <inttypes.h>
#include <string.h>

/* fields: function (i64 | size), input ("<empty>" for ""), ok (1|0), value */
static void row(char **f, int n, int line)
{
    if (n < 3) {
        CHECK_MSG(0, "parse.tsv:%d: expected 3 or 4 fields", line);
        return;
    }
    const char *in = strcmp(f[1], "<empty>") == 0 ? "" : f[1];
    int64_t got = 0, want = 0;
    bool ok = strcmp(f[0], "size") == 0 ? parse_size(in, &got) : parse_i64(in, &got);
    bool want_ok = strcmp(f[2], "1") == 0;
    CHECK_MSG(ok == want_ok, "parse.tsv:%d: %s('%s') ok=%d, want %d", line, f[0], in, ok, want_ok);
    if (ok && want_ok && n > 3 && parse_i64(f[3], &want))
        CHECK_MSG(got == want, "parse.tsv:%d: %s('%s') = %" PRId64 ", want %" PRId64, line, f[0],
                  in, got, want);
}

void test_parse(void)
{
    CHECK(unit_each_row("parse.tsv", row) > 10);
    int64_t v;
    CHECK(parse_i64_range("8", 1, 256, &v) && v == 8);
    CHECK(!parse_i64_range("0", 1, 256, &v));
    CHECK(!parse_i64_range("257", 1, 256, &v));
    CHECK(!parse_i64(NULL, &v));
}
