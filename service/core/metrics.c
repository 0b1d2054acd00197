/* Prometheus metrics: requests by route and status, latency histogram. */
#include "paingen/core/metrics.h"

#include <stdatomic.h>

/* Every status the service sends; anything else is counted as "other". */
static const int statuses[] = {200, 201, 204, 304, 400, 401, 403, 404, 405, 409,
                               412, 413, 415, 422, 428, 429, 431, 500, 503, 504};
#define N_STATUS (sizeof statuses / sizeof statuses[0] + 1)

/* Upper bounds in seconds; the last bucket is +Inf. */
static const double bounds[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                0.1,    0.25,  0.5,    1,     2.5,  5};
#define N_BOUNDS (sizeof bounds / sizeof bounds[0])

struct route_stats {
    _Atomic uint64_t by_status[N_STATUS];
    _Atomic uint64_t buckets[N_BOUNDS + 1];
    _Atomic uint64_t micros_sum;
};

static struct route_stats stats[METRICS_MAX_ROUTES + 1];
static const struct metrics_route *route_names;
static size_t n_names;

void metrics_init(const struct metrics_route *routes, size_t n_routes)
{
    route_names = routes;
    n_names = n_routes < METRICS_MAX_ROUTES ? n_routes : METRICS_MAX_ROUTES;
}

static size_t status_index(int status)
{
    for (size_t i = 0; i < N_STATUS - 1; i++)
        if (statuses[i] == status)
            return i;
    return N_STATUS - 1;
}

void metrics_observe(size_t route, int status, double seconds)
{
    struct route_stats *s = &stats[route < n_names ? route : n_names];
    atomic_fetch_add_explicit(&s->by_status[status_index(status)], 1, memory_order_relaxed);
    size_t b = 0;
    while (b < N_BOUNDS && seconds > bounds[b])
        b++;
    atomic_fetch_add_explicit(&s->buckets[b], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&s->micros_sum, (uint64_t)(seconds * 1e6), memory_order_relaxed);
}

/* Writes the method and route labels, e.g. method="GET",route="/healthz". */
static void labels(struct buf *out, size_t r)
{
    if (r < n_names)
        buf_printf(out, "method=\"%s\",route=\"%s\"", route_names[r].method, route_names[r].path);
    else
        buf_puts(out, "method=\"\",route=\"unmatched\"");
}

static void render_requests(struct buf *out)
{
    buf_puts(out, "# HELP paingen_http_requests_total HTTP requests by route and status.\n"
                  "# TYPE paingen_http_requests_total counter\n");
    for (size_t r = 0; r <= n_names; r++) {
        for (size_t i = 0; i < N_STATUS; i++) {
            uint64_t n = atomic_load_explicit(&stats[r].by_status[i], memory_order_relaxed);
            if (!n)
                continue;
            buf_puts(out, "paingen_http_requests_total{");
            labels(out, r);
            buf_puts(out, ",status=\"");
            if (i < N_STATUS - 1)
                buf_printf(out, "%d", statuses[i]);
            else
                buf_puts(out, "other");
            buf_printf(out, "\"} %llu\n", (unsigned long long)n);
        }
    }
}

static void render_latency(struct buf *out)
{
    buf_puts(out, "# HELP paingen_http_request_duration_seconds Time from the request's "
                  "headers to its response, by route.\n"
                  "# TYPE paingen_http_request_duration_seconds histogram\n");
    for (size_t r = 0; r <= n_names; r++) {
        uint64_t cum = 0;
        uint64_t counts[N_BOUNDS + 1];
        for (size_t b = 0; b <= N_BOUNDS; b++)
            counts[b] = atomic_load_explicit(&stats[r].buckets[b], memory_order_relaxed);
        for (size_t b = 0; b <= N_BOUNDS; b++)
            cum += counts[b];
        if (!cum)
            continue;
        uint64_t run = 0;
        for (size_t b = 0; b <= N_BOUNDS; b++) {
            run += counts[b];
            buf_puts(out, "paingen_http_request_duration_seconds_bucket{");
            labels(out, r);
            if (b < N_BOUNDS)
                buf_printf(out, ",le=\"%g\"} %llu\n", bounds[b], (unsigned long long)run);
            else
                buf_printf(out, ",le=\"+Inf\"} %llu\n", (unsigned long long)run);
        }
        uint64_t micros = atomic_load_explicit(&stats[r].micros_sum, memory_order_relaxed);
        buf_puts(out, "paingen_http_request_duration_seconds_sum{");
        labels(out, r);
        buf_printf(out, "} %.6f\n", (double)micros / 1e6);
        buf_puts(out, "paingen_http_request_duration_seconds_count{");
        labels(out, r);
        buf_printf(out, "} %llu\n", (unsigned long long)cum);
    }
}

void metrics_render(struct buf *out, const struct metrics_gauges *g)
{
    render_requests(out);
    render_latency(out);
    buf_printf(out,
               "# HELP paingen_http_requests_in_flight Requests being served now.\n"
               "# TYPE paingen_http_requests_in_flight gauge\n"
               "paingen_http_requests_in_flight %lld\n"
               "# HELP paingen_http_connections Client connections open, a thread each.\n"
               "# TYPE paingen_http_connections gauge\n"
               "paingen_http_connections %lld\n"
               "# HELP paingen_http_connections_max Connections open at most; more are "
               "closed at once.\n"
               "# TYPE paingen_http_connections_max gauge\n"
               "paingen_http_connections_max %lld\n"
               "# HELP paingen_http_connections_refused_total Connections closed unserved: "
               "the most were open.\n"
               "# TYPE paingen_http_connections_refused_total counter\n"
               "paingen_http_connections_refused_total %llu\n"
               "# HELP paingen_db_pool_connections Size of the database connection pool.\n"
               "# TYPE paingen_db_pool_connections gauge\n"
               "paingen_db_pool_connections %lld\n"
               "# HELP paingen_db_pool_connections_in_use Connections checked out by requests.\n"
               "# TYPE paingen_db_pool_connections_in_use gauge\n"
               "paingen_db_pool_connections_in_use %lld\n"
               "# HELP paingen_db_errors_total Database errors: failed connections, "
               "statements and timeouts.\n"
               "# TYPE paingen_db_errors_total counter\n"
               "paingen_db_errors_total %llu\n",
               (long long)g->requests_in_flight, (long long)g->connections,
               (long long)g->connections_max, (unsigned long long)g->connections_refused,
               (long long)g->pool_size, (long long)g->pool_in_use,
               (unsigned long long)g->db_errors);
}
