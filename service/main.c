/* paingen: start-up, configuration, migrations, signals and graceful
 * shutdown around the HTTP server. */
#include "paingen/api/app.h"
#include "paingen/api/auth.h"
#include "paingen/api/ehr_auth.h"
#include "paingen/api/routes.h"
#include "paingen/cli/admin.h"
#include "paingen/core/config.h"
#include "paingen/core/log.h"
#include "paingen/core/metrics.h"
#include "paingen/core/password.h"
#include "paingen/http/client.h"
#include "paingen/store/audit.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifndef PAINGEN_VERSION
#define PAINGEN_VERSION "0.0.0-dev"
#endif

enum exit_code { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

static const char usage[] =
    "usage: paingen [--help | --version | --check-config | --migrate-only | --list-routes]\n"
    "       paingen keys create --clinic ID --role ROLE [--name NAME] [--expires TIME]\n"
    "       paingen keys list | keys revoke ID | clinics create NAME | clinics list\n"
    "       paingen user create --clinic ID --email EMAIL --name NAME --role ROLE\n"
    "                           (the password on standard input)\n"
    "       paingen user list | user disable ID\n"
    "\n"
    "Ranks the likely generators of chronic musculoskeletal pain from recorded\n"
    "findings, imaging and diagnostic blocks; a REST service on PostgreSQL.\n"
    "\n"
    "  (no option)      apply pending migrations, then serve\n"
    "  --check-config   validate the environment, print the effective settings\n"
    "  --migrate-only   apply pending migrations and exit\n"
    "  --list-routes    print the route table (METHOD PATH per line)\n"
    "  --version        print the version\n"
    "  --help           print this text\n"
    "  keys, clinics,   manage API keys, clinics and people's accounts (after\n"
    "  user             applying migrations)\n"
    "\n"
    "Environment (see README.md): PAINGEN_LISTEN, DATABASE_URL, PAINGEN_DB_POOL,\n"
    "PAINGEN_DB_WAIT_MS, PAINGEN_DB_START_WAIT, PAINGEN_STATEMENT_TIMEOUT_MS,\n"
    "PAINGEN_MAX_BODY, PAINGEN_LOG_LEVEL, PAINGEN_CORS_ORIGINS, PAINGEN_MAX_CONNECTIONS,\n"
    "PAINGEN_SHUTDOWN_GRACE, PAINGEN_MIGRATIONS_DIR, PAINGEN_RATE_LIMIT,\n"
    "PAINGEN_RATE_BURST, PAINGEN_METRICS_AUTH, PAINGEN_TLS_CERT, PAINGEN_TLS_KEY,\n"
    "PAINGEN_PUBLIC_URL, PAINGEN_JKU_LOOPBACK_HTTP, PAINGEN_SESSION_IDLE,\n"
    "PAINGEN_SESSION_MAX, PAINGEN_SIGNIN_FAILURES, PAINGEN_SIGNIN_ADDRESS_FAILURES,\n"
    "PAINGEN_SIGNIN_BACKOFF, PAINGEN_WEB_ROOT.\n";

static const char *getenv_fn(const char *name) { return getenv(name); }

static int load_config(struct config *c)
{
    struct buf errors;
    buf_init(&errors, 0);
    bool ok = config_load(c, getenv_fn, &errors);
    if (!ok)
        fprintf(stderr, "paingen: invalid configuration:\n%s", errors.data);
    buf_cleanup(&errors);
    return ok ? EXIT_OK : EXIT_USAGE;
}

/* Applies migrations, retrying while the database is still starting. */
static int migrate(const struct config *c, const struct migration_set *set)
{
    time_t t0 = time(NULL);
    for (bool waited = false;; waited = true) {
        struct buf errors;
        buf_init(&errors, 0);
        int applied = 0;
        enum pg_err err = store_migrations_apply(c->database_url, set, &applied, &errors);
        if (err == PG_ERR_OK) {
            log_msg(LOG_INFO, "database schema current: %zu migrations, %d applied now", set->n,
                    applied);
            buf_cleanup(&errors);
            return EXIT_OK;
        }
        char why[512];
        snprintf(why, sizeof why, "%s", errors.data ? errors.data : "unknown error");
        why[strcspn(why, "\n")] = '\0';
        if (err != PG_ERR_DB_UNAVAILABLE || time(NULL) - t0 >= c->db_start_wait_s) {
            log_msg(LOG_ERROR, "cannot start: %s", why);
            buf_cleanup(&errors);
            return EXIT_FAIL;
        }
        if (!waited)
            log_msg(LOG_WARN, "waiting up to %ds for the database: %s", c->db_start_wait_s, why);
        buf_cleanup(&errors);
        struct timespec nap = {0, 500 * 1000000L};
        nanosleep(&nap, NULL);
    }
}

/* Blocks SIGINT and SIGTERM in every thread; main takes them with sigwait. */
static void block_signals(sigset_t *set)
{
    /* A shell starts background jobs with SIGINT ignored; an ignored
     * signal never reaches sigwait, so restore the default first. */
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    sigemptyset(set);
    sigaddset(set, SIGINT);
    sigaddset(set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, set, NULL);
    signal(SIGPIPE, SIG_IGN);
}

/* The refusal log's writer. */
static enum pg_err write_refusals(void *pool, const struct refusal *rows, size_t n)
{
    return store_audit_refusals_write(pool, rows, n);
}

static int serve(const struct config *c, const struct migration_set *set)
{
    static struct metrics_route labels[METRICS_MAX_ROUTES];
    if (api_n_routes > METRICS_MAX_ROUTES) { /* a route would go uncounted: raise the bound */
        log_msg(LOG_ERROR, "cannot start: %zu routes, METRICS_MAX_ROUTES is %d", api_n_routes,
                METRICS_MAX_ROUTES);
        return EXIT_FAIL;
    }
    for (size_t i = 0; i < api_n_routes; i++)
        labels[i] =
            (struct metrics_route){http_method_name(api_routes[i].method), api_routes[i].path};
    metrics_init(labels, api_n_routes);

    char role[64] = "";
    if (!c->app_database_url && store_app_role(c->database_url, role) != PG_ERR_OK) {
        log_msg(LOG_ERROR, "cannot start: the service's database role is unknown");
        return EXIT_FAIL;
    }
    /* the hash an unknown email's password is checked against, made now
     * rather than by the first sign-in */
    if (!password_init()) {
        log_msg(LOG_ERROR, "cannot start: libsodium cannot start");
        return EXIT_FAIL;
    }
    sigset_t sigs;
    block_signals(&sigs);
    http_client_init(); /* before any thread: libcurl's global state */
    struct app app = {
        .cfg = c,
        .migrations = set,
        .pool = store_pool_new(c, role),
        .limiter = rate_limiter_new(c->rate_per_s, c->rate_burst),
        .signin_emails = rate_limiter_new(1.0 / c->signin_backoff_s, c->signin_failures),
        .signin_addresses = rate_limiter_new(1.0 / c->signin_backoff_s, c->signin_address_failures),
        .keys = key_cache_new(c->key_cache_s),
        .jwks = jwks_cache_new(EHR_JWKS_CACHE_S)};
    app.refusals = refusal_log_new(write_refusals, app.pool);
    /* app is complete before the first request can reach a handler */
    app.server = http_server_new(c, api_routes, api_n_routes, &app, api_guard);
    char err[256];
    if (!http_server_listen(app.server, err, sizeof err)) {
        log_msg(LOG_ERROR, "cannot start: %s", err);
        http_server_stop(app.server);
        refusal_log_free(app.refusals);
        store_pool_free(app.pool);
        rate_limiter_free(app.limiter);
        rate_limiter_free(app.signin_emails);
        rate_limiter_free(app.signin_addresses);
        key_cache_free(app.keys);
        jwks_cache_free(app.jwks);
        http_client_cleanup();
        return EXIT_FAIL;
    }
    refusal_log_start(app.refusals);
    log_msg(LOG_INFO, "paingen %s listening on %s port %u", PAINGEN_VERSION, c->listen_host,
            http_server_port(app.server));

    int sig = 0;
    sigwait(&sigs, &sig);
    log_msg(LOG_INFO, "%s: stopping; waiting up to %ds for %lld requests in flight",
            sig == SIGINT ? "SIGINT" : "SIGTERM", c->shutdown_grace_s,
            (long long)http_server_in_flight(app.server));
    http_server_quiesce(app.server);
    bool drained = http_server_drain(app.server, c->shutdown_grace_s);
    if (!drained)
        log_msg(LOG_WARN, "grace period over with %lld requests in flight; closing them",
                (long long)http_server_in_flight(app.server));
    http_server_stop(app.server);
    refusal_log_free(app.refusals); /* the last refusals written: the pool is still open */
    store_pool_free(app.pool);
    rate_limiter_free(app.limiter);
    rate_limiter_free(app.signin_emails);
    rate_limiter_free(app.signin_addresses);
    key_cache_free(app.keys);
    jwks_cache_free(app.jwks);
    http_client_cleanup();
    log_msg(LOG_INFO, "stopped");
    return EXIT_OK;
}

/* mode: NULL to serve, "--check-config", "--migrate-only", or an
 * administration command (argv). */
static int run(const char *mode, int argc, char **argv)
{
    struct config c;
    struct migration_set set = {0};
    int rc = load_config(&c);
    if (rc == EXIT_OK) /* the command line reports to the terminal, not the log */
        log_set_level(cli_is_admin(mode) && c.log_level < LOG_WARN ? LOG_WARN : c.log_level);
    if (rc == EXIT_OK && c.threads_ignored)
        log_msg(LOG_WARN, "PAINGEN_THREADS is no longer used: each connection has its own "
                          "thread, up to PAINGEN_MAX_CONNECTIONS");
    if (rc == EXIT_OK && mode && strcmp(mode, "--check-config") == 0) {
        struct buf out;
        buf_init(&out, 0);
        config_describe(&c, &out);
        buf_puts(&out, "DATABASE_URL=");
        store_db_describe_url(c.database_url, &out);
        buf_puts(&out, "\nPAINGEN_APP_DATABASE_URL=");
        if (c.app_database_url)
            store_db_describe_url(c.app_database_url, &out);
        buf_puts(&out, "\n");
        fputs(out.data, stdout);
        buf_cleanup(&out);
        puts("configuration is valid");
        config_cleanup(&c);
        return EXIT_OK;
    }
    if (rc == EXIT_OK) {
        struct buf errors;
        buf_init(&errors, 0);
        if (!store_migrations_load(c.migrations_dir, &set, &errors)) {
            fprintf(stderr, "paingen: %s", errors.data);
            rc = EXIT_FAIL;
        }
        buf_cleanup(&errors);
    }
    if (rc == EXIT_OK)
        rc = migrate(&c, &set);
    if (rc == EXIT_OK && !mode)
        rc = serve(&c, &set);
    else if (rc == EXIT_OK && cli_is_admin(mode))
        rc = cli_admin(&c, argc, argv);
    store_migrations_cleanup(&set);
    config_cleanup(&c);
    return rc;
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : NULL;
    if (cli_is_admin(mode))
        return run(mode, argc, argv);
    if (argc > 2 || (mode && strcmp(mode, "--check-config") != 0 &&
                     strcmp(mode, "--migrate-only") != 0 && strcmp(mode, "--help") != 0 &&
                     strcmp(mode, "--version") != 0 && strcmp(mode, "--list-routes") != 0)) {
        fprintf(stderr, "paingen: unknown arguments\n%s", usage);
        return EXIT_USAGE;
    }
    if (mode && strcmp(mode, "--help") == 0) {
        fputs(usage, stdout);
        return EXIT_OK;
    }
    if (mode && strcmp(mode, "--version") == 0) {
        printf("paingen %s\n", PAINGEN_VERSION);
        return EXIT_OK;
    }
    if (mode && strcmp(mode, "--list-routes") == 0) {
        for (size_t i = 0; i < api_n_routes; i++)
            printf("%s %s\n", http_method_name(api_routes[i].method), api_routes[i].path);
        return EXIT_OK;
    }
    return run(mode, argc, argv);
}
