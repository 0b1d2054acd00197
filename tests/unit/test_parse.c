/* Parsing cases (numbers, sizes, ids) from data/parse.tsv. */
#include "unit.h"

#include "paingen/core/parse.h"

#include <inttypes.h>
#include <string.h>

/* fields: uuid, input, ok (1|0), its canonical spelling */
static void uuid_row(char **f, int n, int line)
{
    char out[37];
    bool ok = parse_uuid(f[1], out), want_ok = strcmp(f[2], "1") == 0;
    CHECK_MSG(ok == want_ok, "parse.tsv:%d: uuid('%s') ok=%d, want %d", line, f[1], ok, want_ok);
    if (ok && want_ok && n > 3)
        CHECK_MSG(strcmp(out, f[3]) == 0, "parse.tsv:%d: uuid('%s') = '%s', want '%s'", line, f[1],
                  out, f[3]);
}

/* fields: function (i64 | size | uuid), input ("<empty>" for ""), ok
 * (1|0), value */
static void row(char **f, int n, int line)
{
    if (n < 3) {
        CHECK_MSG(0, "parse.tsv:%d: expected 3 or 4 fields", line);
        return;
    }
    if (strcmp(f[0], "uuid") == 0) {
        uuid_row(f, n, line);
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
    char id[37];
    CHECK(!parse_uuid(NULL, id));
}
