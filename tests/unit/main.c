/* Runs every unit test group and prints TAP for make test: a line per
 * check that ran, then the plan. */
#include "unit.h"

#include <stdlib.h>
#include <string.h>

/* The group running now, and its checks in the order first run. */
static int group = -1;
static struct unit_check *first, **last = &first;

int unit_check_run(struct unit_check *c, int ok)
{
    if (c->group != group) { /* first run in this group */
        c->group = group;
        c->runs = c->failures = 0;
        c->next = NULL;
        *last = c;
        last = &c->next;
    }
    c->runs++;
    c->failures += !ok;
    return ok;
}

int unit_each_row(const char *file, unit_row_fn *fn)
{
    char path[512];
    const char *dir = getenv("PAINGEN_UNIT_DATA");
    snprintf(path, sizeof path, "%s/%s", dir ? dir : "tests/unit/data", file);
    FILE *f = fopen(path, "r");
    CHECK_MSG(f != NULL, "cannot open %s", path);
    if (!f)
        return -1;
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
    {"parse: integers, sizes and ids (data/parse.tsv)", test_parse},
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
    {"jose: ES384/RS384 tokens, each refusal's code, time edges, JWK Set registration "
     "(data/jose_*)",
     test_jose},
    {"jku: the URLs that may be fetched, the key sets kept, an early refetch once in a while",
     test_jwkscache},
    {"password: Argon2id hashes checked, their parameters, older ones still checked",
     test_password},
    {"sessions: the cookie (data/cookies.tsv), the own origin, emails (data/emails.tsv), "
     "new passwords, address buckets (data/addresses.tsv)",
     test_sessions},
    {"rate limit: burst, sustained rate, keys apart, retry time, a token given back",
     test_ratelimit},
    {"refusal log: a row per key and route with its count, given back, full, freed", test_refusals},
    {"JSON writer: structure, escaping, reals as jansson prints them", test_jsonw},
    {"reals in decimal: as printf's %g and %f, ties, carries, every magnitude", test_numfmt},
    {"key cache: lifetime, the key's expiry, forget, a racing lookup", test_keycache},
    {"edge: pointers under array elements, the cap on listed errors and the 422's count",
     test_edge},
    {"fhir: Accept (data/fhir_accept.tsv), derived ids, the Condition (data/fhir_condition.tsv), "
     "a Bundle's percentages, statuses and references",
     test_fhir},
    {"decode: plain bodies as jansson decodes them, the rest left to jansson", test_decode},
    {"cds: hook calls per hook, percentages (data/cds_percent.tsv), summaries under 140, "
     "Markdown, sides, the work-up card, draft orders read and checked",
     test_cds},
    {"web: the app's file names, their types and hashes, If-None-Match (data/web_names.tsv)",
     test_web},
    {"calibration: worked examples (Wilson, Brier, intercept, slope), no estimate, seeded truth",
     test_calibration},
    {"negotiate: Accept against offered media types (data/negotiate.tsv), bounds", test_negotiate},
    {"reliability: the SVG's bins and counts, diagonal, curve, escaped text, nothing to draw",
     test_reliability},
};

/* Prints the TAP line of each check of the group that ended, numbered
 * from *n on; returns how many failed. */
static int report(const char *name, int *n)
{
    size_t short_len = strcspn(name, ":");
    int failed = 0;
    if (!first) { /* a group that checks nothing proves nothing */
        printf("not ok %d - %.*s: no check ran\n", ++*n, (int)short_len, name);
        return 1;
    }
    for (struct unit_check *c = first; c; c = c->next) {
        const char *file = strrchr(c->file, '/');
        printf("%s %d - %.*s: %s:%d CHECK(", c->failures ? "not ok" : "ok", ++*n, (int)short_len,
               name, file ? file + 1 : c->file, c->line);
        /* a '#' would start a TAP directive */
        for (const char *p = c->claim; *p && p - c->claim < 100; p++)
            printf("%s%c", *p == '#' ? "\\" : "", *p);
        printf("%s)", strlen(c->claim) > 100 ? "..." : "");
        if (c->failures)
            printf(", failed %lu of %lu runs\n", c->failures, c->runs);
        else if (c->runs > 1)
            printf(", %lu runs\n", c->runs);
        else
            printf("\n");
        failed += c->failures != 0;
    }
    return failed;
}

int main(void)
{
    /* line by line: what was printed stays when a sanitizer aborts */
    setvbuf(stdout, NULL, _IOLBF, 0);
    int failed = 0, n = 0;
    size_t groups = sizeof tests / sizeof tests[0];
    for (size_t i = 0; i < groups; i++) {
        group = (int)i;
        first = NULL;
        last = &first;
        printf("# %s\n", tests[i].name);
        tests[i].fn();
        failed += report(tests[i].name, &n);
    }
    printf("1..%d\n", n);
    return failed ? 1 : 0;
}
