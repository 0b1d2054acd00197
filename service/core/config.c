/* Environment configuration: defaults, parsing and validation. */
#include "paingen/core/config.h"

#include "paingen/core/parse.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *env(config_getenv_fn *get, const char *name)
{
    const char *v = get(name);
    return v && *v ? v : NULL;
}

static char *dup_or_die(const char *s)
{
    char *p = strdup(s);
    if (!p)
        abort();
    return p;
}

/* "host:port" or "[v6]:port"; host must be a numeric address. */
static bool parse_listen(struct config *c, const char *v)
{
    const char *colon = strrchr(v, ':');
    if (!colon || colon == v)
        return false;
    const char *host = v;
    size_t hlen = (size_t)(colon - v);
    if (host[0] == '[') {
        if (hlen < 3 || host[hlen - 1] != ']')
            return false;
        host++;
        hlen -= 2;
    }
    if (hlen >= sizeof c->listen_host)
        return false;
    char tmp[sizeof c->listen_host];
    memcpy(tmp, host, hlen);
    tmp[hlen] = '\0';
    unsigned char addr[16];
    if (inet_pton(AF_INET, tmp, addr) != 1 && inet_pton(AF_INET6, tmp, addr) != 1)
        return false;
    int64_t port;
    if (!parse_i64_range(colon + 1, 0, 65535, &port))
        return false;
    memcpy(c->listen_host, tmp, hlen + 1);
    c->listen_port = (uint16_t)port;
    return true;
}

/* An origin is scheme://host[:port] with no path, or "*". */
static bool valid_origin(const char *o)
{
    if (strcmp(o, "*") == 0)
        return true;
    const char *rest = NULL;
    if (strncmp(o, "http://", 7) == 0)
        rest = o + 7;
    else if (strncmp(o, "https://", 8) == 0)
        rest = o + 8;
    return rest && *rest && !strchr(rest, '/') && !strchr(rest, ' ');
}

static bool parse_cors(struct config *c, const char *v, struct buf *errors)
{
    bool ok = true;
    const char *p = v;
    while (*p) {
        size_t n = strcspn(p, ",");
        while (n && *p == ' ')
            p++, n--;
        size_t m = n;
        while (m && p[m - 1] == ' ')
            m--;
        if (m) {
            char *o = strndup(p, m);
            if (!o)
                abort();
            if (!valid_origin(o) || c->n_cors == CONFIG_MAX_CORS) {
                buf_printf(errors,
                           "PAINGEN_CORS_ORIGINS: '%s' is not an origin like "
                           "https://app.example.org (at most %d origins, or *)\n",
                           o, CONFIG_MAX_CORS);
                free(o);
                ok = false;
            } else {
                c->cors_origins[c->n_cors++] = o;
            }
        }
        p += n;
        if (*p == ',')
            p++;
    }
    return ok;
}

static bool int_var(config_getenv_fn *get, const char *name, int64_t min, int64_t max, int *out,
                    struct buf *errors)
{
    const char *v = env(get, name);
    int64_t n;
    if (!v)
        return true;
    if (!parse_i64_range(v, min, max, &n)) {
        buf_printf(errors, "%s: '%s' is not a whole number from %lld to %lld\n", name, v,
                   (long long)min, (long long)max);
        return false;
    }
    *out = (int)n;
    return true;
}

/* PAINGEN_TLS_CERT and PAINGEN_TLS_KEY: both or neither, readable. */
static bool tls_files(struct config *c, config_getenv_fn *get, struct buf *errors)
{
    const char *cert = env(get, "PAINGEN_TLS_CERT"), *key = env(get, "PAINGEN_TLS_KEY");
    if (!cert && !key)
        return true;
    if (!cert || !key) {
        buf_printf(errors,
                   "PAINGEN_TLS_CERT and PAINGEN_TLS_KEY: set both for HTTPS, or neither\n");
        return false;
    }
    bool ok = true;
    const char *names[] = {"PAINGEN_TLS_CERT", "PAINGEN_TLS_KEY"}, *paths[] = {cert, key};
    for (int i = 0; i < 2; i++) {
        if (access(paths[i], R_OK) != 0) {
            buf_printf(errors, "%s: cannot read '%s'\n", names[i], paths[i]);
            ok = false;
        }
    }
    c->tls_cert = dup_or_die(cert);
    c->tls_key = dup_or_die(key);
    return ok;
}

/* scheme://host[:port][/prefix]: no query, fragment, user or white
 * space; the trailing slashes dropped. */
static bool public_url(struct config *c, const char *v)
{
    const char *rest = strncmp(v, "https://", 8) == 0  ? v + 8
                       : strncmp(v, "http://", 7) == 0 ? v + 7
                                                       : NULL;
    if (!rest || !*rest || *rest == '/' || strpbrk(v, "?#@ \t\r\n") || strlen(v) > 1024)
        return false;
    size_t n = strlen(v);
    while (n && v[n - 1] == '/')
        n--;
    c->public_url = strndup(v, n);
    if (!c->public_url)
        abort();
    return true;
}

bool config_load(struct config *c, config_getenv_fn *get, struct buf *errors)
{
    *c = (struct config){
        .listen_host = "127.0.0.1",
        .listen_port = 8080,
        .db_pool = 8,
        .db_wait_ms = 2000,
        .db_start_wait_s = 30,
        .statement_timeout_ms = 5000,
        .request_timeout_ms = 10000,
        .max_body = 1024 * 1024,
        .log_level = LOG_INFO,
        .max_connections = 256,
        .shutdown_grace_s = 10,
        .rate_per_s = 50,
        .rate_burst = 100,
        .key_cache_s = 10,
        .session_idle_s = 30 * 60,
        .session_max_s = 12 * 3600,
        .signin_failures = 5,
        .signin_address_failures = 20,
        .signin_backoff_s = 60,
    };
    bool ok = true;
    const char *v;

    if ((v = env(get, "PAINGEN_LISTEN")) && !parse_listen(c, v)) {
        buf_printf(errors,
                   "PAINGEN_LISTEN: '%s' is not ADDRESS:PORT with a numeric address "
                   "(e.g. 127.0.0.1:8080 or [::1]:8080)\n",
                   v);
        ok = false;
    }
    if ((v = env(get, "DATABASE_URL")))
        c->database_url = dup_or_die(v);
    if ((v = env(get, "PAINGEN_APP_DATABASE_URL")))
        c->app_database_url = dup_or_die(v);
    ok &= int_var(get, "PAINGEN_DB_POOL", 1, 256, &c->db_pool, errors);
    ok &= int_var(get, "PAINGEN_DB_WAIT_MS", 1, 60000, &c->db_wait_ms, errors);
    ok &= int_var(get, "PAINGEN_DB_START_WAIT", 0, 3600, &c->db_start_wait_s, errors);
    ok &=
        int_var(get, "PAINGEN_STATEMENT_TIMEOUT_MS", 0, 3600000, &c->statement_timeout_ms, errors);
    ok &= int_var(get, "PAINGEN_REQUEST_TIMEOUT_MS", 0, 3600000, &c->request_timeout_ms, errors);
    ok &= int_var(get, "PAINGEN_MAX_CONNECTIONS", 1, 10000, &c->max_connections, errors);
    /* the thread pool it sized is gone: a setting left from before is
     * harmless, so it is warned about, not refused */
    c->threads_ignored = env(get, "PAINGEN_THREADS") != NULL;
    ok &= int_var(get, "PAINGEN_SHUTDOWN_GRACE", 0, 600, &c->shutdown_grace_s, errors);
    ok &= int_var(get, "PAINGEN_RATE_LIMIT", 0, 1000000, &c->rate_per_s, errors);
    ok &= int_var(get, "PAINGEN_RATE_BURST", 1, 1000000, &c->rate_burst, errors);
    ok &= int_var(get, "PAINGEN_KEY_CACHE_SECONDS", 0, 300, &c->key_cache_s, errors);
    ok &= int_var(get, "PAINGEN_SESSION_IDLE", 1, 7 * 86400, &c->session_idle_s, errors);
    ok &= int_var(get, "PAINGEN_SESSION_MAX", 1, 30 * 86400, &c->session_max_s, errors);
    ok &= int_var(get, "PAINGEN_SIGNIN_FAILURES", 1, 1000, &c->signin_failures, errors);
    ok &= int_var(get, "PAINGEN_SIGNIN_ADDRESS_FAILURES", 1, 100000, &c->signin_address_failures,
                  errors);
    ok &= int_var(get, "PAINGEN_SIGNIN_BACKOFF", 1, 86400, &c->signin_backoff_s, errors);
    if ((v = env(get, "PAINGEN_METRICS_AUTH")) && strcmp(v, "none") != 0 &&
        strcmp(v, "admin") != 0) {
        buf_printf(errors, "PAINGEN_METRICS_AUTH: '%s' is not 'none' or 'admin'\n", v);
        ok = false;
    }
    c->metrics_need_key = v && strcmp(v, "admin") == 0;
    if ((v = env(get, "PAINGEN_DB_POOLING")) && strcmp(v, "session") != 0 &&
        strcmp(v, "transaction") != 0) {
        buf_printf(errors, "PAINGEN_DB_POOLING: '%s' is not 'session' or 'transaction'\n", v);
        ok = false;
    }
    c->db_transaction_pooling = v && strcmp(v, "transaction") == 0;
    if ((v = env(get, "PAINGEN_AUDIT_READS")) && strcmp(v, "async") != 0 &&
        strcmp(v, "durable") != 0) {
        buf_printf(errors, "PAINGEN_AUDIT_READS: '%s' is not 'async' or 'durable'\n", v);
        ok = false;
    }
    c->audit_reads_durable = v && strcmp(v, "durable") == 0;
    ok &= tls_files(c, get, errors);
    if ((v = env(get, "PAINGEN_PUBLIC_URL")) && !public_url(c, v)) {
        buf_printf(errors,
                   "PAINGEN_PUBLIC_URL: '%s' is not a URL like https://paingen.clinic.example "
                   "(http or https, a host, an optional path; no query or fragment)\n",
                   v);
        ok = false;
    }
    if ((v = env(get, "PAINGEN_JKU_LOOPBACK_HTTP")) && strcmp(v, "allow") != 0 &&
        strcmp(v, "deny") != 0) {
        buf_printf(errors, "PAINGEN_JKU_LOOPBACK_HTTP: '%s' is not 'allow' or 'deny'\n", v);
        ok = false;
    }
    c->jku_loopback_http = v && strcmp(v, "allow") == 0;

    int64_t size;
    if ((v = env(get, "PAINGEN_MAX_BODY"))) {
        if (!parse_size(v, &size) || size < 1024 || size > (64 << 20)) {
            buf_printf(errors,
                       "PAINGEN_MAX_BODY: '%s' is not a size from 1K to 64M "
                       "(bytes, or with a K or M suffix)\n",
                       v);
            ok = false;
        } else {
            c->max_body = (size_t)size;
        }
    }
    if ((v = env(get, "PAINGEN_LOG_LEVEL")) && !log_level_parse(v, &c->log_level)) {
        buf_printf(errors, "PAINGEN_LOG_LEVEL: '%s' is not one of debug, info, warn, error\n", v);
        ok = false;
    }
    if ((v = env(get, "PAINGEN_CORS_ORIGINS")))
        ok &= parse_cors(c, v, errors);
    v = env(get, "PAINGEN_MIGRATIONS_DIR");
    c->migrations_dir = dup_or_die(v ? v : "migrations");
    v = env(get, "PAINGEN_WEB_ROOT");
    c->web_root = dup_or_die(v ? v : "web");
    return ok;
}

void config_cleanup(struct config *c)
{
    if (!c)
        return;
    free(c->database_url);
    free(c->app_database_url);
    c->app_database_url = NULL;
    free(c->migrations_dir);
    free(c->web_root);
    c->web_root = NULL;
    free(c->tls_cert);
    free(c->tls_key);
    c->tls_cert = c->tls_key = NULL;
    free(c->public_url);
    c->public_url = NULL;
    for (size_t i = 0; i < c->n_cors; i++)
        free(c->cors_origins[i]);
    c->database_url = c->migrations_dir = NULL;
    c->n_cors = 0;
}

void config_describe(const struct config *c, struct buf *out)
{
    static const char *const levels[] = {"debug", "info", "warn", "error"};
    buf_printf(out, "PAINGEN_LISTEN=%s%s%s:%u\n", strchr(c->listen_host, ':') ? "[" : "",
               c->listen_host, strchr(c->listen_host, ':') ? "]" : "", c->listen_port);
    buf_printf(out, "PAINGEN_DB_POOL=%d\nPAINGEN_DB_WAIT_MS=%d\nPAINGEN_DB_START_WAIT=%d\n",
               c->db_pool, c->db_wait_ms, c->db_start_wait_s);
    buf_printf(out, "PAINGEN_STATEMENT_TIMEOUT_MS=%d\nPAINGEN_REQUEST_TIMEOUT_MS=%d\n",
               c->statement_timeout_ms, c->request_timeout_ms);
    buf_printf(out, "PAINGEN_MAX_BODY=%zu\nPAINGEN_LOG_LEVEL=%s\n", c->max_body,
               levels[c->log_level]);
    buf_puts(out, "PAINGEN_CORS_ORIGINS=");
    for (size_t i = 0; i < c->n_cors; i++)
        buf_printf(out, "%s%s", i ? "," : "", c->cors_origins[i]);
    buf_printf(out, "\nPAINGEN_MAX_CONNECTIONS=%d\nPAINGEN_SHUTDOWN_GRACE=%d\n", c->max_connections,
               c->shutdown_grace_s);
    buf_printf(out, "PAINGEN_MIGRATIONS_DIR=%s\nPAINGEN_WEB_ROOT=%s\n", c->migrations_dir,
               c->web_root);
    buf_printf(out, "PAINGEN_RATE_LIMIT=%d\nPAINGEN_RATE_BURST=%d\nPAINGEN_METRICS_AUTH=%s\n",
               c->rate_per_s, c->rate_burst, c->metrics_need_key ? "admin" : "none");
    buf_printf(out, "PAINGEN_KEY_CACHE_SECONDS=%d\nPAINGEN_DB_POOLING=%s\n", c->key_cache_s,
               c->db_transaction_pooling ? "transaction" : "session");
    buf_printf(out, "PAINGEN_AUDIT_READS=%s\n", c->audit_reads_durable ? "durable" : "async");
    buf_printf(out, "PAINGEN_TLS_CERT=%s\nPAINGEN_TLS_KEY=%s\n", c->tls_cert ? c->tls_cert : "",
               c->tls_key ? c->tls_key : "");
    buf_printf(out, "PAINGEN_PUBLIC_URL=%s\nPAINGEN_JKU_LOOPBACK_HTTP=%s\n",
               c->public_url ? c->public_url : "", c->jku_loopback_http ? "allow" : "deny");
    buf_printf(out, "PAINGEN_SESSION_IDLE=%d\nPAINGEN_SESSION_MAX=%d\n", c->session_idle_s,
               c->session_max_s);
    buf_printf(out,
               "PAINGEN_SIGNIN_FAILURES=%d\nPAINGEN_SIGNIN_ADDRESS_FAILURES=%d\n"
               "PAINGEN_SIGNIN_BACKOFF=%d\n",
               c->signin_failures, c->signin_address_failures, c->signin_backoff_s);
}

bool config_cors_allows(const struct config *c, const char *origin)
{
    for (size_t i = 0; i < c->n_cors; i++) {
        if (strcmp(c->cors_origins[i], "*") == 0 || strcmp(c->cors_origins[i], origin) == 0)
            return true;
    }
    return false;
}
