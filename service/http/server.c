/* libmicrohttpd glue: the only file that knows the HTTP library. */
#include "paingen/http/server.h"

#include "paingen/core/log.h"
#include "paingen/core/metrics.h"
#include "paingen/core/parse.h"
#include "paingen/http/cors.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

/* Each connection thread's stack. The deepest measured under the
 * sanitizers: 190 KiB for any handler the tests run, 340 KiB to parse a
 * body nested to jansson's depth limit (2048) before the handler refuses
 * it; a release build needs less. glibc would give each 8 MiB. */
#define HTTP_THREAD_STACK ((size_t)1 << 20)

struct http_server {
    struct MHD_Daemon *daemon;
    const struct config *cfg;
    const struct route *routes;
    size_t n_routes;
    void *ctx;
    http_guard *guard;
    char *tls_cert; /* PEM, read at listen; owned */
    char *tls_key;
    _Atomic int64_t in_flight;
    _Atomic int64_t connections; /* open, each with its thread */
    _Atomic uint64_t refused;    /* connections closed at once: max_connections were open */
    _Atomic bool at_limit;       /* refusing now; logged once per spell */
    _Atomic bool quiescing;
    MHD_socket listen_fd; /* given back by quiesce; closed after stop */
    uint16_t port;
};

/* Per-request state, created when the library has read the request line
 * (on_target), filled in on the first call of the access handler and
 * freed in the completion callback. */
struct request_state {
    struct http_server *srv;
    bool started;      /* the access handler has been called */
    char *sent_path;   /* the path as sent, when refused for its escapes; owned */
    char refusal[160]; /* why the request target is refused; "" when it is not */
    struct http_req req;
    struct http_res res;
    struct buf body;
    struct route_match match;
    struct timespec start;
    size_t route_index; /* for metrics; n_routes when unmatched */
    bool too_large;
    bool too_many_query;
    bool too_many_headers;
    bool preflight;  /* answered by cors_preflight, which set the CORS headers */
    size_t received; /* body bytes seen, kept or not */
    bool responded;
    char request_id[HTTP_REQUEST_ID_MAX + 1];
    char client_addr[INET6_ADDRSTRLEN];
    char path[ROUTER_MAX_PATH + 1]; /* the URL's path, its ids in lower case */
};

static double seconds_since(const struct timespec *t0)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

static enum http_method parse_method(const char *m)
{
    static const enum http_method all[] = {HTTP_GET,    HTTP_POST, HTTP_PUT,    HTTP_PATCH,
                                           HTTP_DELETE, HTTP_HEAD, HTTP_OPTIONS};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (strcmp(m, http_method_name(all[i])) == 0)
            return all[i];
    return 0;
}

/* A caller's X-Request-Id is kept when it is short and plain, so it can
 * be logged and echoed safely; otherwise we make a UUID. */
/* Random bytes for request ids, drawn from the kernel 4 KiB at a time for
 * each HTTP thread: one getrandom a request was a system call on every
 * request, as costly as a small answer's whole work. */
static void request_id_random(unsigned char *out, size_t n)
{
    static _Thread_local unsigned char pool[4096];
    static _Thread_local size_t left;
    if (left < n) {
        if (getrandom(pool, sizeof pool, 0) != (ssize_t)sizeof pool)
            abort(); /* the kernel's entropy source failing is not recoverable */
        left = sizeof pool;
    }
    memcpy(out, pool + sizeof pool - left, n);
    left -= n;
}

static void set_request_id(struct request_state *st)
{
    const char *given = http_req_header(&st->req, "X-Request-Id");
    size_t n = given ? strlen(given) : 0;
    if (n > 0 && n <= HTTP_REQUEST_ID_MAX &&
        strspn(given, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:-") == n) {
        memcpy(st->request_id, given, n + 1);
    } else {
        unsigned char r[16];
        request_id_random(r, sizeof r);
        r[6] = (unsigned char)((r[6] & 0x0F) | 0x40);
        r[8] = (unsigned char)((r[8] & 0x3F) | 0x80);
        static const char hex[] = "0123456789abcdef";
        char *p = st->request_id;
        for (int i = 0; i < 16; i++) { /* a UUID v4, 8-4-4-4-12 */
            if (i == 4 || i == 6 || i == 8 || i == 10)
                *p++ = '-';
            *p++ = hex[r[i] >> 4];
            *p++ = hex[r[i] & 15];
        }
        *p = '\0';
    }
    st->req.request_id = st->request_id;
}

static enum MHD_Result collect_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                      const char *value)
{
    (void)kind;
    struct request_state *st = cls;
    if (st->req.n_headers == HTTP_MAX_HEADERS) {
        st->too_many_headers = true; /* refused: a header we need could be past the cut */
        return MHD_NO;
    }
    st->req.headers[st->req.n_headers++] = (struct http_kv){key, value ? value : ""};
    return MHD_YES;
}

static enum MHD_Result collect_query(void *cls, enum MHD_ValueKind kind, const char *key,
                                     const char *value)
{
    (void)kind;
    struct request_state *st = cls;
    if (st->req.n_query == HTTP_MAX_QUERY) {
        st->too_many_query = true;
        return MHD_NO;
    }
    st->req.query[st->req.n_query++] = (struct http_kv){key, value ? value : ""};
    return MHD_YES;
}

static void client_address(struct MHD_Connection *conn, char *out, size_t len)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    out[0] = '\0';
    if (!info || !info->client_addr)
        return;
    const struct sockaddr *sa = info->client_addr;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out, (socklen_t)len);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, out, (socklen_t)len);
}

/* The library's URI log callback: the request target as sent, before the
 * library decodes it and so cuts the path at an encoded NUL. Whatever it
 * returns is the request's *con_cls, even when the library then refuses
 * the request itself; on_completed frees it either way. */
static void *on_target(void *cls, const char *uri, struct MHD_Connection *conn)
{
    (void)conn;
    struct request_state *st = calloc(1, sizeof *st);
    if (!st)
        abort();
    st->srv = cls;
    if (!router_check_target(uri, st->refusal, sizeof st->refusal)) {
        /* the decoded path would be shortened or split: log and answer this */
        st->sent_path = strndup(uri, strcspn(uri, "?"));
        if (!st->sent_path)
            abort();
    }
    return st;
}

/* Fills in the request from the library on the first call of the access
 * handler. */
static void state_start(struct request_state *st, struct MHD_Connection *conn, const char *url,
                        const char *method)
{
    struct http_server *srv = st->srv;
    st->started = true;
    clock_gettime(CLOCK_MONOTONIC, &st->start);
    st->route_index = srv->n_routes;
    st->req.method = parse_method(method);
    st->req.method_name = method;
    /* every later use (routing, idempotency, audit row, log) sees the
     * canonical path; a refused target (sent_path) and one too long for
     * any route stay as they came */
    st->req.path = st->sent_path                          ? st->sent_path
                   : router_path_canonical(url, st->path) ? st->path
                                                          : url;
    st->req.ctx = srv->ctx;
    client_address(conn, st->client_addr, sizeof st->client_addr);
    st->req.client_addr = st->client_addr;
    buf_init(&st->body, srv->cfg->max_body);
    MHD_get_connection_values(conn, MHD_HEADER_KIND, collect_header, st);
    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, collect_query, st);
    set_request_id(st);
    const char *len = http_req_header(&st->req, "Content-Length");
    int64_t n;
    if (len && parse_i64(len, &n) && n > (int64_t)srv->cfg->max_body)
        st->too_large = true;
    atomic_fetch_add(&srv->in_flight, 1);
}

/* Routes the request and runs its handler, or answers the error. */
static void dispatch(struct request_state *st)
{
    struct http_server *srv = st->srv;
    struct http_req *req = &st->req;
    struct http_res *res = &st->res;
    char allow[96];
    if (st->too_many_headers) {
        http_res_problem(res, req, PG_ERR_HEADERS_TOO_LARGE, NULL, "more than %d header fields",
                         HTTP_MAX_HEADERS);
        return;
    }
    if (st->too_large) {
        http_res_problem(res, req, PG_ERR_TOO_LARGE, NULL,
                         "the request body is larger than the limit of %zu bytes",
                         srv->cfg->max_body);
        return;
    }
    if (st->refusal[0]) {
        http_res_problem(res, req, PG_ERR_BAD_REQUEST, NULL, "%s", st->refusal);
        return;
    }
    enum pg_err err = router_match(srv->routes, srv->n_routes, req->method, req->path, &st->match);
    if (err == PG_ERR_NOT_FOUND) {
        http_res_problem(res, req, err, NULL, "no resource at this path");
        return;
    }
    if (req->method == HTTP_OPTIONS) {
        cors_preflight(srv->cfg, req, st->match.allow, res);
        st->preflight = true;
        return;
    }
    if (err == PG_ERR_METHOD_NOT_ALLOWED) {
        router_allow_string(st->match.allow, allow, sizeof allow);
        http_res_problem(res, req, err, NULL, "%s is not allowed here; allowed: %s",
                         req->method_name, allow);
        http_res_header(res, "Allow", "%s", allow);
        return;
    }
    if (st->too_many_query) {
        http_res_problem(res, req, PG_ERR_BAD_REQUEST, NULL, "more than %d query parameters",
                         HTTP_MAX_QUERY);
        return;
    }
    st->route_index = st->match.index;
    memcpy(req->params, st->match.params, sizeof req->params);
    req->n_params = st->match.n_params;
    req->body = st->body.data;
    req->body_len = st->body.len;
    const struct route *route = &srv->routes[st->match.index];
    if (srv->guard)
        srv->guard(req, res, route);
    else
        route->handler(req, res);
    if (res->status == 0) {
        log_msg(LOG_ERROR, "handler for %s %s set no response", req->method_name, req->path);
        http_res_problem(res, req, PG_ERR_INTERNAL, NULL, "the handler gave no response");
    }
}

static enum MHD_Result respond(struct request_state *st, struct MHD_Connection *conn)
{
    struct http_server *srv = st->srv;
    struct http_res *res = &st->res;
    dispatch(st);
    if (!st->preflight)
        cors_decorate(srv->cfg, &st->req, res);
    size_t len = 0;
    char *body = buf_take(&res->body, &len);
    struct MHD_Response *r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
    if (!r) {
        free(body);
        return MHD_NO;
    }
    if (res->content_type)
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, res->content_type);
    MHD_add_response_header(r, "X-Request-Id", st->request_id);
    for (size_t i = 0; i < res->n_headers; i++)
        MHD_add_response_header(r, res->headers[i].name, res->headers[i].value);
    if (atomic_load(&srv->quiescing) || st->too_large)
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
    enum MHD_Result ok = MHD_queue_response(conn, (unsigned)res->status, r);
    MHD_destroy_response(r);
    st->responded = true;
    return ok;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    (void)version;
    (void)cls;
    struct request_state *st = *con_cls;
    if (!st) { /* the URI log callback runs first for every request */
        log_msg(LOG_ERROR, "the HTTP library called the handler before on_target");
        abort();
    }
    if (!st->started) {
        state_start(st, conn, url, method);
        /* Refuse an announced oversize body before reading it. Anything
         * else is answered on a later call: answering on this first call
         * would make the library close the connection. */
        return st->too_large ? respond(st, conn) : MHD_YES;
    }
    if (*upload_data_size) {
        st->received += *upload_data_size;
        if (!st->too_large && !buf_append(&st->body, upload_data, *upload_data_size))
            st->too_large = true;
        *upload_data_size = 0;
        /* The 413 can only be sent once the body ends; a sender that goes
         * on far past the cap loses the connection instead. */
        return st->received > 4 * st->srv->cfg->max_body ? MHD_NO : MHD_YES;
    }
    return st->responded ? MHD_YES : respond(st, conn);
}

static void access_log(const struct request_state *st, double secs)
{
    if (!log_enabled(LOG_INFO))
        return;
    const struct http_server *srv = st->srv;
    const char *route =
        st->route_index < srv->n_routes ? srv->routes[st->route_index].path : "unmatched";
    struct buf m = {0}, path = {0};
    buf_utf8(&path, st->req.path, 1024); /* a log line stays short and valid */
    buf_puts(&m, "\"method\":");
    buf_json_string(&m, st->req.method_name);
    buf_puts(&m, ",\"route\":");
    buf_json_string(&m, route);
    buf_puts(&m, ",\"path\":");
    buf_json_string(&m, path.data ? path.data : "");
    buf_cleanup(&path);
    buf_printf(&m, ",\"status\":%d,\"duration_ms\":%.3f,\"request_id\":", st->res.status,
               secs * 1e3);
    buf_json_string(&m, st->request_id);
    log_json(LOG_INFO, "request", m.data);
    buf_cleanup(&m);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode code)
{
    (void)conn;
    (void)code;
    struct http_server *srv = cls;
    struct request_state *st = *con_cls;
    *con_cls = NULL;
    if (!st)
        return;
    if (!st->started) { /* refused by the library itself (README), or the client left */
        free(st->sent_path);
        free(st);
        return;
    }
    double secs = seconds_since(&st->start);
    metrics_observe(st->route_index, st->res.status, secs);
    access_log(st, secs);
    buf_cleanup(&st->body);
    buf_cleanup(&st->res.body);
    free(st->sent_path);
    free(st);
    atomic_fetch_sub(&srv->in_flight, 1);
}

/* Counts open connections. The library reports both ends, and asks
 * on_accept, from its listening thread. */
static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
    (void)conn;
    (void)socket_context;
    struct http_server *srv = cls;
    atomic_fetch_add(&srv->connections, code == MHD_CONNECTION_NOTIFY_STARTED ? 1 : -1);
}

/* With max_connections open (a thread each), a new connection is closed
 * at once: the client sees it reset and can try again or elsewhere. The
 * library would log every one; this counts them and logs the first of
 * each spell at the limit. */
static enum MHD_Result on_accept(void *cls, const struct sockaddr *addr, socklen_t addrlen)
{
    (void)addr;
    (void)addrlen;
    struct http_server *srv = cls;
    if (atomic_load(&srv->connections) < srv->cfg->max_connections) {
        atomic_store(&srv->at_limit, false);
        return MHD_YES;
    }
    atomic_fetch_add(&srv->refused, 1);
    if (!atomic_exchange(&srv->at_limit, true))
        log_msg(LOG_WARN,
                "connection limit reached: %d open (PAINGEN_MAX_CONNECTIONS); closing new "
                "connections until one ends",
                srv->cfg->max_connections);
    return MHD_NO;
}

/* The library's messages; fmt is its own format string. */
__attribute__((format(printf, 2, 0))) static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    msg[strcspn(msg, "\n")] = '\0';
    log_msg(LOG_WARN, "http: %s", msg);
}

struct http_server *http_server_new(const struct config *c, const struct route *routes,
                                    size_t n_routes, void *ctx, http_guard *guard)
{
    struct http_server *s = calloc(1, sizeof *s);
    if (!s)
        abort();
    *s = (struct http_server){.cfg = c,
                              .routes = routes,
                              .n_routes = n_routes,
                              .ctx = ctx,
                              .guard = guard,
                              .listen_fd = MHD_INVALID_SOCKET};
    return s;
}

/* A PEM file into memory (libmicrohttpd takes the text, not the path). */
static bool read_pem(const char *path, char **out, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    struct buf b = {0};
    char chunk[4096];
    size_t n;
    while (f && (n = fread(chunk, 1, sizeof chunk, f)) > 0 && buf_append(&b, chunk, n)) {
    }
    bool ok = f && !ferror(f) && b.len > 0 && !b.overflow;
    if (f)
        fclose(f);
    if (!ok) {
        snprintf(err, errlen, "cannot read the TLS file %s", path);
        buf_cleanup(&b);
        return false;
    }
    *out = buf_take(&b, NULL);
    return true;
}

bool http_server_listen(struct http_server *s, char *err, size_t errlen)
{
    const struct config *c = s->cfg;
    struct sockaddr_storage addr = {0};
    /* A thread per connection: a handler waits on PostgreSQL in its
     * connection's thread, so it holds up no other client. With a thread
     * pool each connection belongs to the thread that accepted it (up to
     * ten in one go), and a handler blocked there stalls all of them. */
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION |
                     MHD_USE_POLL | MHD_USE_ITC | MHD_USE_ERROR_LOG;
    if (strchr(c->listen_host, ':')) {
        struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&addr;
        a6->sin6_family = AF_INET6;
        a6->sin6_port = htons(c->listen_port);
        inet_pton(AF_INET6, c->listen_host, &a6->sin6_addr);
        flags |= MHD_USE_IPv6;
    } else {
        struct sockaddr_in *a4 = (struct sockaddr_in *)&addr;
        a4->sin_family = AF_INET;
        a4->sin_port = htons(c->listen_port);
        inet_pton(AF_INET, c->listen_host, &a4->sin_addr);
    }
    struct MHD_OptionItem tls[] = {{MHD_OPTION_END, 0, NULL},
                                   {MHD_OPTION_END, 0, NULL},
                                   {MHD_OPTION_END, 0, NULL},
                                   {MHD_OPTION_END, 0, NULL}};
    if (c->tls_cert) {
        if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
            snprintf(err, errlen, "this libmicrohttpd was built without TLS");
            return false;
        }
        if (!read_pem(c->tls_cert, &s->tls_cert, err, errlen) ||
            !read_pem(c->tls_key, &s->tls_key, err, errlen))
            return false;
        flags |= MHD_USE_TLS;
        tls[0] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_CERT, 0, s->tls_cert};
        tls[1] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_KEY, 0, s->tls_key};
        /* TLS 1.2 and 1.3 only */
        tls[2] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_PRIORITIES, 0,
                                         (void *)"NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2"};
    }
    /* the library's own limit, one above ours, is never reached: on_accept
     * refuses first */
    s->daemon = MHD_start_daemon(
        flags, c->listen_port, on_accept, s, on_request, s, MHD_OPTION_EXTERNAL_LOGGER, mhd_log,
        NULL, MHD_OPTION_URI_LOG_CALLBACK, on_target, s, MHD_OPTION_SOCK_ADDR,
        (struct sockaddr *)&addr, MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
        MHD_OPTION_NOTIFY_CONNECTION, on_connection, s, MHD_OPTION_CONNECTION_LIMIT,
        (unsigned)c->max_connections + 1, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
        MHD_OPTION_THREAD_STACK_SIZE, HTTP_THREAD_STACK, MHD_OPTION_ARRAY, tls, MHD_OPTION_END);
    if (!s->daemon) {
        snprintf(err, errlen, "cannot listen on %s port %u (in use, or not an address here)",
                 c->listen_host, c->listen_port);
        return false;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info ? info->port : c->listen_port;
    return true;
}

uint16_t http_server_port(const struct http_server *s) { return s->port; }

int64_t http_server_in_flight(const struct http_server *s) { return atomic_load(&s->in_flight); }

int64_t http_server_connections(const struct http_server *s)
{
    return atomic_load(&s->connections);
}

uint64_t http_server_refused(const struct http_server *s) { return atomic_load(&s->refused); }

void http_server_quiesce(struct http_server *s)
{
    atomic_store(&s->quiescing, true);
    /* the library's rule: the socket stays open until the daemon stops */
    s->listen_fd = MHD_quiesce_daemon(s->daemon);
}

bool http_server_drain(struct http_server *s, int timeout_s)
{
    struct timespec t0, nap = {0, 20 * 1000000L};
    clock_gettime(CLOCK_MONOTONIC, &t0);
    while (atomic_load(&s->in_flight) > 0) {
        if (seconds_since(&t0) >= timeout_s)
            return false;
        nanosleep(&nap, NULL);
    }
    return true;
}

void http_server_stop(struct http_server *s)
{
    if (!s)
        return;
    if (s->daemon)
        MHD_stop_daemon(s->daemon);
    if (s->listen_fd != MHD_INVALID_SOCKET)
        close(s->listen_fd);
    free(s->tls_cert);
    if (s->tls_key) /* the private key does not outlive the server in memory */
        explicit_bzero(s->tls_key, strlen(s->tls_key));
    free(s->tls_key);
    free(s);
}
