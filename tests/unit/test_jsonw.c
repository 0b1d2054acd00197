/* The JSON writer: commas, names, nesting, escaping, null for NULL; and
 * reals printed exactly as jansson prints them (the answers' text must
 * not depend on which of the two wrote it), over short decimals, random
 * doubles and the edges of the fast path. */
#include "unit.h"

#include "paingen/core/jsonw.h"

#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static bool same_as_jansson(double v)
{
    json_t *r = json_real(v);
    char *want = json_dumps(r, JSON_ENCODE_ANY | JSON_REAL_PRECISION(15));
    char got[32];
    jsonw_format_real(v, got);
    bool same = want && strcmp(want, got) == 0;
    if (!same)
        fprintf(stderr, "  %.17g: jansson %s, jsonw %s\n", v, want ? want : "?", got);
    free(want);
    json_decref(r);
    return same;
}

static void reals(void)
{
    /* clang-format off */
    static const double edges[] = {
        0, 1, -1, 0.1, 3.14, 4.9, 0.0001, 0.00009, 1e-5, 999999999, 1e9, 1e15, 1e16, 1e20,
        -2.5e-7, 0.628163868835348, 123456.789012, 0.1 + 0.2, 1.0 / 3, 2.13, 1e300, -1e-300,
        -0.5, -0.0001, -3.25};
    /* clang-format on */
    bool ok = true;
    for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++)
        ok &= same_as_jansson(edges[i]);
    unsigned seed = 7;
    for (int i = 0; i < 20000; i++) {
        long long r = rand_r(&seed) % 100000000 - 50000000;
        ok &= same_as_jansson((double)r / pow(10, rand_r(&seed) % 9));
        uint64_t bits =
            (uint64_t)rand_r(&seed) << 33 ^ (uint64_t)rand_r(&seed) << 11 ^ (uint64_t)rand_r(&seed);
        double d;
        memcpy(&d, &bits, sizeof d);
        if (isfinite(d))
            ok &= same_as_jansson(d);
    }
    CHECK(ok);
}

void test_jsonw(void)
{
    struct buf b = {0};
    struct jsonw w = {.out = &b};
    jsonw_object(&w, NULL);
    jsonw_string(&w, "a", "x\"y");
    jsonw_array(&w, "list");
    jsonw_int(&w, NULL, 1);
    jsonw_int(&w, NULL, -120);
    jsonw_object(&w, NULL);
    jsonw_end(&w);
    jsonw_array(&w, NULL);
    jsonw_end(&w);
    jsonw_null(&w, NULL);
    jsonw_end(&w);
    jsonw_real(&w, "r", 2.5);
    jsonw_real(&w, "nan", NAN);
    jsonw_bool(&w, "t", true);
    jsonw_string(&w, "none", NULL);
    jsonw_string(&w, "ctl", "\b\f\x01");
    jsonw_end(&w);
    CHECK(w.depth == 0);
    CHECK(strcmp(b.data, "{\"a\":\"x\\\"y\",\"list\":[1,-120,{},[],null],\"r\":2.5,\"nan\":null,"
                         "\"t\":true,\"none\":null,\"ctl\":\"\\b\\f\\u0001\"}") == 0);
    buf_cleanup(&b);
    reals();
}
