/* Runs every unit test group and prints TAP lines for make test. */
#include "unit.h"

#include <stdlib.h>
#include <string.h>

int unit_failures;

int unit_each_row(const char *file, unit_row_fn *fn)
{
    char path[512];
    const char *dir = getenv("PAINGEN_UNIT_DATA");
    snprintf(path, sizeof path, "%s/%s", dir ? dir : "tests/unit/data", file);
    FILE *f = fopen(path, "r");
    if (!f) {
        printf("#   cannot open %s\n", path);
        unit_failures++;
        return -1;
    }
    char line[2048];
    int n = 0, lineno = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '\0' || line[0] == '#')
            continue;
        char *fields[8];
        int nf = 0;
        char *p = line;
        fields[nf++] = p;
        while ((p = strchr(p, '\t')) && nf < 8) {
            *p++ = '\0';
            fields[nf++] = p;
        }
        fn(fields, nf, lineno);
        n++;
    }
    fclose(f);
    return n;
}

static const struct {
    const char *name;
    void (*fn)(void);
} tests[] = {
    {"router: matching, params, 404 vs 405 (data/routes.tsv)", test_router},
    {"parse: integers and sizes (data/parse.tsv)", test_parse},
    {"config: defaults, every bad value named", test_config},
    {"buf: growth, cap, JSON string escaping", test_buf},
    {"migrations: file names and ordering", test_migrate_names},
    {"vocabulary: codes, grades, levels, regions", test_vocabulary},
    {"model: every number sourced, every code known, clusters whole", test_model},
    {"blocks: relief, durations, outcomes, pairs (data/blocks.tsv)", test_blocks},
    {"rank: worked examples, latest wins, clusters, age-weighted imaging, properties", test_rank},
    {"candidacy: every verdict, most severe wins, conventions marked", test_candidacy},
    {"plan: target, level and side, guidance, tier by severity", test_plan},
    {"next step: not yet done, best first, deterministic", test_next_step},
    {"crypto: SHA-256 test vectors, constant-time compare, random bytes", test_crypto},
    {"rate limit: burst, sustained rate, keys apart, retry time", test_ratelimit},
    {"JSON writer: structure, escaping, reals as jansson prints them", test_jsonw},
    {"key cache: lifetime, the key's expiry, forget, a racing lookup", test_keycache},
};

int main(void)
{
    int failed = 0;
    size_t n = sizeof tests / sizeof tests[0];
    for (size_t i = 0; i < n; i++) {
        unit_failures = 0;
        tests[i].fn();
        printf("%s - %s\n", unit_failures ? "not ok" : "ok", tests[i].name);
        failed += unit_failures != 0;
    }
    return failed ? 1 : 0;
}
