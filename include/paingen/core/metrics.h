/* Request counters and latency histograms, kept in lock-free atomics and
 * rendered in the Prometheus text exposition format. */
#ifndef PAINGEN_CORE_METRICS_H
#define PAINGEN_CORE_METRICS_H

#include "paingen/core/buf.h"

#include <stddef.h>
#include <stdint.h>

/* The most routes counted apart; the service refuses to start with more. */
#define METRICS_MAX_ROUTES 128

/* Gauges owned by other modules, sampled when /metrics renders. */
struct metrics_gauges {
    int64_t pool_size;
    int64_t pool_in_use;
    uint64_t db_errors;
    int64_t requests_in_flight;
    int64_t connections;     /* client connections open */
    int64_t connections_max; /* PAINGEN_MAX_CONNECTIONS */
    uint64_t connections_refused;
};

struct metrics_route {
    const char *method;
    const char *path; /* the route's template: a label, never a raw path */
};

/* Names the routes, by index; routes must outlive the metrics. Route
 * index n_routes (one past the last) counts requests that matched none. */
void metrics_init(const struct metrics_route *routes, size_t n_routes);
/* Records one finished request. */
void metrics_observe(size_t route, int status, double seconds);
/* Appends the exposition text. */
void metrics_render(struct buf *out, const struct metrics_gauges *g);

#endif
