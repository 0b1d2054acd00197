/* Token buckets: a burst, then the sustained rate; keys apart; the wait
 * until the next token; a token given back. */
#include "unit.h"

#include "paingen/core/ratelimit.h"

void test_ratelimit(void)
{
    struct rate_limiter *r = rate_limiter_new(2, 3); /* 2/s after a burst of 3 */
    int retry = 0, ok = 0;
    for (int i = 0; i < 5; i++)
        ok += rate_limiter_take(r, "a", 100.0, &retry);
    CHECK(ok == 3 && retry == 1);
    CHECK(rate_limiter_take(r, "b", 100.0, &retry));  /* another key has its own burst */
    CHECK(!rate_limiter_take(r, "a", 100.2, &retry)); /* 0.4 of a token back */
    CHECK(rate_limiter_take(r, "a", 100.6, &retry));  /* 1.2: one more */
    CHECK(!rate_limiter_take(r, "a", 100.6, &retry));
    CHECK(rate_limiter_take(r, "a", 110.0, &retry) && rate_limiter_take(r, "a", 110.0, &retry) &&
          rate_limiter_take(r, "a", 110.0, &retry) && !rate_limiter_take(r, "a", 110.0, &retry));
    /* a token given back is there again, never past the burst */
    CHECK(!rate_limiter_take(r, "a", 110.0, &retry));
    rate_limiter_give(r, "a");
    CHECK(rate_limiter_take(r, "a", 110.0, &retry) && !rate_limiter_take(r, "a", 110.0, &retry));
    for (int i = 0; i < 5; i++)
        rate_limiter_give(r, "c");
    rate_limiter_give(r, "b");
    rate_limiter_give(r, "b");
    ok = 0;
    for (int i = 0; i < 5; i++)
        ok += rate_limiter_take(r, "b", 100.0, &retry); /* 2 left of 3, then given 2: 3 */
    CHECK(ok == 3);
    rate_limiter_free(r);
    /* below one a second: a token each 1 / rate seconds (a backoff) */
    struct rate_limiter *slow = rate_limiter_new(1.0 / 60, 2);
    CHECK(rate_limiter_take(slow, "e", 0.0, &retry) && rate_limiter_take(slow, "e", 0.0, &retry));
    CHECK(!rate_limiter_take(slow, "e", 0.0, &retry) && retry == 60);
    CHECK(!rate_limiter_take(slow, "e", 45.0, &retry) && retry == 15);
    CHECK(rate_limiter_take(slow, "e", 60.5, &retry) &&
          !rate_limiter_take(slow, "e", 61.0, &retry));
    rate_limiter_free(slow);
    struct rate_limiter *none = rate_limiter_new(0, 1); /* 0: no limit */
    for (int i = 0; i < 1000; i++)
        CHECK(rate_limiter_take(none, "a", 1.0, &retry));
    rate_limiter_free(none);
}
