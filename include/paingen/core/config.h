/* Service configuration, read from the environment and validated once at
 * start. Every bad value gets its own message naming the variable. */
#ifndef PAINGEN_CORE_CONFIG_H
#define PAINGEN_CORE_CONFIG_H

#include "paingen/core/buf.h"
#include "paingen/core/log.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CONFIG_MAX_CORS 32

struct config {
    char listen_host[64];   /* numeric IPv4 or IPv6 address */
    uint16_t listen_port;   /* 0: any free port (logged at start) */
    char *database_url;     /* owned; NULL: libpq's PG* environment defaults */
    char *app_database_url; /* owned; the service's own login; NULL: DATABASE_URL as <db>_app */
    int db_pool;            /* connections */
    int db_wait_ms;         /* longest wait for a free connection before 503 */
    int db_start_wait_s;    /* how long start-up waits for the database */
    /* the service's connections go through a pooler in transaction mode
     * (PgBouncer): no named prepared statements, settings per transaction */
    bool db_transaction_pooling;
    /* PAINGEN_AUDIT_READS=durable: a read's audit row waits for the WAL
     * flush, as a write does (default async: it does not) */
    bool audit_reads_durable;
    int statement_timeout_ms;
    int request_timeout_ms; /* a request's database work ends by then (0: no bound) */
    size_t max_body;        /* bytes */
    enum log_level log_level;
    char *cors_origins[CONFIG_MAX_CORS]; /* owned; "*" alone means any */
    size_t n_cors;
    int max_connections;   /* client connections open at once, a thread each */
    bool threads_ignored;  /* PAINGEN_THREADS was set: no longer used, warned at start */
    int shutdown_grace_s;  /* wait this long for in-flight requests */
    char *migrations_dir;  /* owned */
    char *web_root;        /* owned; the clinic app's folder (index.html, app/) */
    int rate_per_s;        /* requests a key may make per second, sustained; 0: no limit */
    int rate_burst;        /* and at once */
    int key_cache_s;       /* how long a checked key is trusted without the database */
    bool metrics_need_key; /* GET /metrics with an admin key only */
    char *tls_cert;        /* owned PEM file paths; both set: HTTPS */
    char *tls_key;
    /* the URL clients call the service at, no trailing slash (owned; NULL:
     * unset, and no EHR token can be accepted): a token's aud must be it
     * followed by the path called */
    char *public_url;
    /* PAINGEN_JKU_LOOPBACK_HTTP=allow: an EHR client's jku and FHIR
     * servers may be plain http to a loopback host (for tests; default
     * deny: https only) */
    bool jku_loopback_http;
    /* people's sessions (api/sessions.h): seconds a session lives unused,
     * and at most from its sign-in */
    int session_idle_s;
    int session_max_s;
    /* failed sign-ins an email, and an address, may make at once; then
     * one attempt more each signin_backoff_s seconds (429 meanwhile) */
    int signin_failures;
    int signin_address_failures;
    int signin_backoff_s;
};

/* Looks up an environment variable; getenv in production. */
typedef const char *config_getenv_fn(const char *name);

/* Fills *c from the environment. On any bad value appends one line per
 * problem to *errors and returns false; *c must still be cleaned up. */
bool config_load(struct config *c, config_getenv_fn *get, struct buf *errors);
/* Frees what config_load allocated. NULL-safe, idempotent. */
void config_cleanup(struct config *c);
/* Writes the effective configuration as "NAME=value" lines, all but
 * DATABASE_URL (which only store/ can parse to mask its password). */
void config_describe(const struct config *c, struct buf *out);
/* True when origin is allowed by PAINGEN_CORS_ORIGINS. */
bool config_cors_allows(const struct config *c, const char *origin);

#endif
