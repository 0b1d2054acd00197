/* /healthz says the process is alive; /readyz that it can serve (the
 * database answers and is migrated); /metrics exposes counters. */
#include "paingen/api/ops.h"

#include "paingen/api/app.h"
#include "paingen/core/metrics.h"
#include "paingen/store/health.h"

void api_ops_healthz(const struct http_req *req, struct http_res *res)
{
    (void)req;
    http_res_json(res, 200, json_pack("{s:s}", "status", "ok"));
}

void api_ops_readyz(const struct http_req *req, struct http_res *res)
{
    struct app *app = req->ctx;
    char detail[256];
    enum pg_err err = store_health_ready(app->pool, app->migrations, detail, sizeof detail);
    if (err != PG_ERR_OK) {
        http_res_problem(res, req, err, NULL, "not ready: %s", detail);
        http_res_header(res, "Retry-After", "1");
        return;
    }
    http_res_json(
        res, 200,
        json_pack("{s:s, s:I}", "status", "ready", "migrations", (json_int_t)app->migrations->n));
}

void api_ops_metrics(const struct http_req *req, struct http_res *res)
{
    struct app *app = req->ctx;
    struct store_pool_stats ps;
    store_pool_stats(app->pool, &ps);
    struct metrics_gauges g = {
        .pool_size = ps.size,
        .pool_in_use = ps.in_use,
        .db_errors = ps.errors,
        .requests_in_flight = http_server_in_flight(app->server),
        .connections = http_server_connections(app->server),
        .connections_max = app->cfg->max_connections,
        .connections_refused = http_server_refused(app->server),
    };
    struct buf out;
    buf_init(&out, 0);
    metrics_render(&out, &g);
    http_res_text(res, 200, "text/plain; version=0.0.4; charset=utf-8", out.data ? out.data : "",
                  out.len);
    buf_cleanup(&out);
}
