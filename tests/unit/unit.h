/* A minimal test harness. Each CHECK (or CHECK_MSG) written in a test
 * is one test point: it records a failure and goes on, and when its
 * group ends it prints its own TAP line ("ok 12 - buf: test_buf.c:20
 * ...", with how many times it ran when that is more than once: in a
 * loop, or once per row of a data file). main.c ends with the plan,
 * 1..N, N the checks that ran. */
#ifndef PAINGEN_TESTS_UNIT_H
#define PAINGEN_TESTS_UNIT_H

#include <stdio.h>

/* One CHECK of the source: where it is, what it claims, and its runs in
 * the group running now (static storage, one per macro use). */
struct unit_check {
    const char *file;
    int line;
    const char *claim;
    int group; /* the group its counts are of; -1 before its first run */
    unsigned long runs, failures;
    struct unit_check *next; /* the group's checks, in the order first run */
};

/* Counts one run of c, ok or not; returns ok. */
int unit_check_run(struct unit_check *c, int ok);

#define CHECK(cond)                                                                         \
    do {                                                                                    \
        static struct unit_check unit_check_ = {__FILE__, __LINE__, #cond, -1, 0, 0, NULL}; \
        if (!unit_check_run(&unit_check_, (cond) != 0))                                     \
            printf("#   %s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond);             \
    } while (0)

#define CHECK_MSG(cond, ...)                                                                \
    do {                                                                                    \
        static struct unit_check unit_check_ = {__FILE__, __LINE__, #cond, -1, 0, 0, NULL}; \
        if (!unit_check_run(&unit_check_, (cond) != 0)) {                                   \
            printf("#   %s:%d: ", __FILE__, __LINE__);                                      \
            printf(__VA_ARGS__);                                                            \
            printf("\n");                                                                   \
        }                                                                                   \
    } while (0)

/* Reads a tab-separated data file from tests/unit/data, calling fn for
 * each line that is neither empty nor a # comment, with its fields split
 * (at most 8). Returns the number of cases, or -1 if unreadable. */
typedef void unit_row_fn(char **fields, int n, int line);
int unit_each_row(const char *file, unit_row_fn *fn);

/* The test groups, one per file. */
void test_router(void);
void test_parse(void);
void test_config(void);
void test_buf(void);
void test_migrate_names(void);
void test_vocabulary(void);
void test_model(void);
void test_blocks(void);
void test_rank(void);
void test_candidacy(void);
void test_plan(void);
void test_next_step(void);
void test_crypto(void);
void test_jose(void);
void test_jwkscache(void);
void test_ratelimit(void);
void test_refusals(void);
void test_keycache(void);
void test_jsonw(void);
void test_numfmt(void);
void test_edge(void);
void test_fhir(void);
void test_decode(void);
void test_cds(void);
void test_web(void);
void test_password(void);
void test_sessions(void);
void test_calibration(void);
void test_negotiate(void);
void test_reliability(void);

#endif
