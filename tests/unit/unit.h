/* A minimal test harness: CHECK records a failure and goes on; each test
 * prints one TAP line ("ok - name" / "not ok - name"). */
#ifndef PAINGEN_TESTS_UNIT_H
#define PAINGEN_TESTS_UNIT_H

#include <stdio.h>

extern int unit_failures; /* failures in the running test */

#define CHECK(cond)                                                                    \
    do {                                                                               \
        if (!(cond)) {                                                                 \
            unit_failures++;                                                           \
            printf("#   %s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond);        \
        }                                                                              \
    } while (0)

#define CHECK_MSG(cond, ...)                                                           \
    do {                                                                               \
        if (!(cond)) {                                                                 \
            unit_failures++;                                                           \
            printf("#   %s:%d: ", __FILE__, __LINE__);                                 \
            printf(__VA_ARGS__);                                                       \
            printf("\n");                                                              \
        }                                                                              \
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
void test_ratelimit(void);
void test_keycache(void);
void test_jsonw(void);

#endif
