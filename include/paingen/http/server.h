/* The HTTP server: libmicrohttpd with a thread per connection.
 * Accumulates bodies under the size cap, routes, calls handlers, adds
 * X-Request-Id and CORS, writes the access log and the metrics. */
#ifndef PAINGEN_HTTP_SERVER_H
#define PAINGEN_HTTP_SERVER_H

#include "paingen/core/config.h"
#include "paingen/http/router.h"

#include <stdbool.h>
#include <stdint.h>

struct http_server;

/* A server for c's listen address, not yet listening. routes and ctx
 * (handed to handlers as req->ctx) are borrowed and must outlive it;
 * every matched route goes through guard (NULL: straight to its
 * handler). HTTPS when c names a certificate and key. */
struct http_server *http_server_new(const struct config *c, const struct route *routes,
                                    size_t n_routes, void *ctx, http_guard *guard);
/* Starts serving; false with a reason in err when it cannot listen. */
bool http_server_listen(struct http_server *s, char *err, size_t errlen);
/* The bound port (useful when the configured port was 0). */
uint16_t http_server_port(const struct http_server *s);
/* Requests being served now. */
int64_t http_server_in_flight(const struct http_server *s);
/* Client connections open now (at most c's max_connections). */
int64_t http_server_connections(const struct http_server *s);
/* Connections closed unserved since start: max_connections were open. */
uint64_t http_server_refused(const struct http_server *s);
/* Stops accepting connections; requests in flight go on. */
void http_server_quiesce(struct http_server *s);
/* Waits up to timeout_s for in-flight requests; true if all finished. */
bool http_server_drain(struct http_server *s, int timeout_s);
/* Stops the server (if listening) and frees it. NULL-safe. */
void http_server_stop(struct http_server *s);

#endif
