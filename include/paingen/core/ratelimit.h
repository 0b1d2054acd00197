/* Per-key token buckets: each key may make rate requests a second,
 * sustained, and burst at once. Thread-safe. */
#ifndef PAINGEN_CORE_RATELIMIT_H
#define PAINGEN_CORE_RATELIMIT_H

#include <stdbool.h>

struct rate_limiter;

/* rate 0: no limit; below 1, a token comes back every 1 / rate seconds
 * (the backoff of failed sign-ins). */
struct rate_limiter *rate_limiter_new(double rate, int burst);
void rate_limiter_free(struct rate_limiter *r);

/* Takes a token for key at time now (seconds, monotonic). False when the
 * bucket is empty, with the seconds until the next token in
 * *retry_after. */
bool rate_limiter_take(struct rate_limiter *r, const char *key, double now, int *retry_after);
/* Gives back a token taken for key (the bucket stays within its burst):
 * for a token spent ahead of work that, once done, should not count. */
void rate_limiter_give(struct rate_limiter *r, const char *key);

#endif
