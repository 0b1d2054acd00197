/* The refusal log: one row per key, method and route with their count
 * and the first one's details; a flush empties it; what the writer could
 * not write is counted again, earliest first; a full log counts nothing
 * more; freeing it writes what is left. */
#include "unit.h"

#include "paingen/core/refusals.h"

#include <stdio.h>
#include <string.h>

struct written {
    struct refusal rows[8];
    size_t n, calls;
    enum pg_err answer;
};

static enum pg_err write_rows(void *ctx, const struct refusal *rows, size_t n)
{
    struct written *w = ctx;
    w->calls++;
    for (size_t i = 0; w->answer == PG_ERR_OK && i < n && w->n < 8; i++)
        w->rows[w->n++] = rows[i];
    return w->answer;
}

static struct refusal refusal(const char *key, const char *route, double at, const char *id)
{
    struct refusal r = {.at = at, .count = 1};
    snprintf(r.key_id, sizeof r.key_id, "%s", key);
    snprintf(r.method, sizeof r.method, "GET");
    snprintf(r.route, sizeof r.route, "%s", route);
    snprintf(r.request_id, sizeof r.request_id, "%s", id);
    return r;
}

static bool add(struct refusal_log *l, const char *key, const char *route, double at,
                const char *id)
{
    struct refusal r = refusal(key, route, at, id);
    return refusal_log_add(l, &r);
}

static const struct refusal *row_of(const struct written *w, const char *key, const char *route)
{
    for (size_t i = 0; i < w->n; i++)
        if (strcmp(w->rows[i].key_id, key) == 0 && strcmp(w->rows[i].route, route) == 0)
            return &w->rows[i];
    return NULL;
}

static void counts_and_flushes(void)
{
    struct written w = {.answer = PG_ERR_OK};
    struct refusal_log *l = refusal_log_new(write_rows, &w);
    CHECK(refusal_log_flush(l) == PG_ERR_OK && w.calls == 0); /* nothing: no write */
    int kept = 0;
    for (int i = 0; i < 1000; i++) {
        char id[16];
        snprintf(id, sizeof id, "r%d", i);
        kept += add(l, "a", "/v1/patients", 10 + i, id);
    }
    CHECK(kept == 1000);
    CHECK(add(l, "a", "/v1/score", 20, "s"));
    CHECK(add(l, "b", "/v1/patients", 30, "b"));
    CHECK(!add(l, "", "/v1/patients", 30, "none")); /* a refusal names its key */
    CHECK(refusal_log_flush(l) == PG_ERR_OK && w.calls == 1 && w.n == 3);
    const struct refusal *a = row_of(&w, "a", "/v1/patients");
    CHECK(a && a->count == 1000 && a->at == 10 && strcmp(a->request_id, "r0") == 0);
    CHECK(row_of(&w, "a", "/v1/score") && row_of(&w, "a", "/v1/score")->count == 1);
    CHECK(row_of(&w, "b", "/v1/patients") && row_of(&w, "b", "/v1/patients")->count == 1);
    CHECK(refusal_log_flush(l) == PG_ERR_OK && w.calls == 1); /* emptied */
    refusal_log_free(l);
}

static void given_back_when_not_written(void)
{
    struct written w = {.answer = PG_ERR_DB_UNAVAILABLE};
    struct refusal_log *l = refusal_log_new(write_rows, &w);
    CHECK(add(l, "a", "/v1/patients", 10, "first") && add(l, "a", "/v1/patients", 11, "second"));
    CHECK(refusal_log_flush(l) == PG_ERR_DB_UNAVAILABLE && w.n == 0);
    CHECK(add(l, "a", "/v1/patients", 12, "third")); /* while the database was away */
    w.answer = PG_ERR_OK;
    CHECK(refusal_log_flush(l) == PG_ERR_OK && w.n == 1);
    CHECK(w.rows[0].count == 3 && w.rows[0].at == 10 && strcmp(w.rows[0].request_id, "first") == 0);
    refusal_log_free(l);
}

static void full_then_written_when_freed(void)
{
    struct written w = {.answer = PG_ERR_OK};
    struct refusal_log *l = refusal_log_new(write_rows, &w);
    int kept = 0;
    for (int i = 0; i < REFUSAL_LOG_ROWS + 10; i++) {
        char key[37];
        snprintf(key, sizeof key, "k%d", i);
        kept += add(l, key, "/v1/patients", 1, "x");
    }
    CHECK(kept == REFUSAL_LOG_ROWS);
    CHECK(add(l, "k0", "/v1/patients", 2, "y")); /* a row already waiting still counts */
    CHECK(refusal_log_flush(l) == PG_ERR_OK && w.calls == 1);
    CHECK(add(l, "k1", "/v1/score", 3, "z")); /* room again */
    refusal_log_free(l);
    CHECK(w.calls == 2); /* the last row, written as the log was freed */
}

void test_refusals(void)
{
    counts_and_flushes();
    given_back_when_not_written();
    full_then_written_when_freed();
}
