/* Configuration: defaults, validation messages, masking. */
#include "unit.h"

#include "paingen/core/config.h"

#include <string.h>

static const char *const *fake_env;

static const char *fake_getenv(const char *name)
{
    for (const char *const *p = fake_env; p && *p; p += 2)
        if (strcmp(p[0], name) == 0)
            return p[1];
    return NULL;
}

static bool load(const char *const *env, struct config *c, struct buf *errors)
{
    fake_env = env;
    buf_init(errors, 0);
    return config_load(c, fake_getenv, errors);
}

static void defaults(void)
{
    struct config c;
    struct buf e;
    static const char *const none[] = {NULL};
    CHECK(load(none, &c, &e));
    CHECK(strcmp(c.listen_host, "127.0.0.1") == 0 && c.listen_port == 8080);
    CHECK(c.max_body == 1048576 && c.db_pool == 8 && c.log_level == LOG_INFO);
    CHECK(c.database_url == NULL && c.n_cors == 0);
    CHECK(!c.db_transaction_pooling);
    CHECK(c.max_connections == 256 && !c.threads_ignored);
    CHECK(c.public_url == NULL && !c.jku_loopback_http);
    CHECK(c.session_idle_s == 1800 && c.session_max_s == 43200);
    CHECK(c.signin_failures == 5 && c.signin_address_failures == 20 && c.signin_backoff_s == 60);
    config_cleanup(&c);
    buf_cleanup(&e);
}

static void every_bad_value_named(void)
{
    struct config c;
    struct buf e;
    static const char *const bad[] = {"PAINGEN_LISTEN",
                                      "localhost:80",
                                      "PAINGEN_DB_POOL",
                                      "0",
                                      "PAINGEN_MAX_BODY",
                                      "10",
                                      "PAINGEN_LOG_LEVEL",
                                      "loud",
                                      "PAINGEN_CORS_ORIGINS",
                                      "ftp://x/y",
                                      "PAINGEN_MAX_CONNECTIONS",
                                      "0",
                                      "PAINGEN_DB_POOLING",
                                      "statement",
                                      "PAINGEN_AUDIT_READS",
                                      "never",
                                      "PAINGEN_PUBLIC_URL",
                                      "paingen.clinic.example",
                                      "PAINGEN_JKU_LOOPBACK_HTTP",
                                      "yes",
                                      "PAINGEN_SESSION_IDLE",
                                      "0",
                                      "PAINGEN_SESSION_MAX",
                                      "12h",
                                      "PAINGEN_SIGNIN_FAILURES",
                                      "0",
                                      "PAINGEN_SIGNIN_ADDRESS_FAILURES",
                                      "-1",
                                      "PAINGEN_SIGNIN_BACKOFF",
                                      "0",
                                      NULL};
    CHECK(!load(bad, &c, &e));
    const char *names[] = {"PAINGEN_LISTEN",          "PAINGEN_DB_POOL",
                           "PAINGEN_MAX_BODY",        "PAINGEN_LOG_LEVEL",
                           "PAINGEN_CORS_ORIGINS",    "PAINGEN_MAX_CONNECTIONS",
                           "PAINGEN_DB_POOLING",      "PAINGEN_AUDIT_READS",
                           "PAINGEN_PUBLIC_URL",      "PAINGEN_JKU_LOOPBACK_HTTP",
                           "PAINGEN_SESSION_IDLE",    "PAINGEN_SESSION_MAX",
                           "PAINGEN_SIGNIN_FAILURES", "PAINGEN_SIGNIN_ADDRESS_FAILURES",
                           "PAINGEN_SIGNIN_BACKOFF"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        CHECK_MSG(e.data && strstr(e.data, names[i]), "no message names %s", names[i]);
    config_cleanup(&c);
    buf_cleanup(&e);
}

/* The base of a token's aud: trailing slashes dropped; no query,
 * fragment or user. */
static void public_urls(void)
{
    static const struct {
        const char *value, *want; /* want NULL: refused */
    } cases[] = {
        {"https://paingen.clinic.example", "https://paingen.clinic.example"},
        {"https://paingen.clinic.example/", "https://paingen.clinic.example"},
        {"http://127.0.0.1:8080/pg//", "http://127.0.0.1:8080/pg"},
        {"ftp://paingen.clinic.example", NULL},
        {"https://paingen.clinic.example/?a=1", NULL},
        {"https://user@paingen.clinic.example", NULL},
        {"https:///path", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *env[] = {"PAINGEN_PUBLIC_URL", cases[i].value, "PAINGEN_JKU_LOOPBACK_HTTP",
                             "allow", NULL};
        struct config c;
        struct buf e;
        bool ok = load(env, &c, &e);
        CHECK_MSG(ok == (cases[i].want != NULL) &&
                      (!ok || (strcmp(c.public_url, cases[i].want) == 0 && c.jku_loopback_http)),
                  "PAINGEN_PUBLIC_URL=%s: %s", cases[i].value, ok ? c.public_url : e.data);
        config_cleanup(&c);
        buf_cleanup(&e);
    }
}

static void good_values(void)
{
    struct config c;
    struct buf e;
    static const char *const good[] = {"PAINGEN_LISTEN",
                                       "[::1]:0",
                                       "PAINGEN_MAX_BODY",
                                       "2M",
                                       "PAINGEN_CORS_ORIGINS",
                                       "https://a.example, http://b.example:3000",
                                       "DATABASE_URL",
                                       "postgresql://u:secret@db/paingen",
                                       "PAINGEN_DB_POOLING",
                                       "transaction",
                                       "PAINGEN_AUDIT_READS",
                                       "durable",
                                       "PAINGEN_MAX_CONNECTIONS",
                                       "1000",
                                       "PAINGEN_THREADS",
                                       "many",
                                       NULL};
    CHECK(load(good, &c, &e));
    CHECK(c.db_transaction_pooling);
    CHECK(c.audit_reads_durable);
    CHECK(c.max_connections == 1000);
    CHECK(c.threads_ignored); /* whatever its value: no longer read, only warned about */
    CHECK(strcmp(c.listen_host, "::1") == 0 && c.listen_port == 0);
    CHECK(c.max_body == 2u << 20);
    CHECK(c.n_cors == 2 && config_cors_allows(&c, "http://b.example:3000"));
    CHECK(!config_cors_allows(&c, "https://evil.example"));
    struct buf d;
    buf_init(&d, 0);
    config_describe(&c, &d);
    CHECK(d.data && strstr(d.data, "PAINGEN_MAX_BODY=2097152\n"));
    CHECK(d.data && strstr(d.data, "PAINGEN_DB_POOLING=transaction\n"));
    CHECK(d.data && strstr(d.data, "PAINGEN_AUDIT_READS=durable\n"));
    CHECK(d.data && strstr(d.data, "PAINGEN_MAX_CONNECTIONS=1000\n"));
    CHECK(d.data && !strstr(d.data, "PAINGEN_THREADS"));
    CHECK(d.data && !strstr(d.data, "secret")); /* DATABASE_URL is described by store/ */
    buf_cleanup(&d);
    config_cleanup(&c);
    buf_cleanup(&e);
}

void test_config(void)
{
    defaults();
    every_bad_value_named();
    good_values();
    public_urls();
}
