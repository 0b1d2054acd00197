/* An EHR client's JWT, checked step by step: the token, its client, the
 * client's keys, the signature, the claims, the jti. Each refusal is
 * logged with its reason and answered as every other. No connection is
 * held while a key set is fetched. */
#include "paingen/api/ehr_auth.h"

#include "paingen/api/app.h"
#include "paingen/core/jose.h"
#include "paingen/core/log.h"
#include "paingen/http/client.h"
#include "paingen/store/ehr_clients.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

struct attempt {
    const struct http_req *req;
    struct app *app;
    double deadline;
    struct jose_token t;
    const char *iss; /* borrowed from the claims */
    struct ehr_client_auth client;
    struct jose_jwks *keys;
    char url[HTTP_CLIENT_URL_MAX + 1]; /* the jku the keys came from, or "" */
    bool fetched;                      /* by this request */
};

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Logs why the token is refused; UNAUTHORIZED. */
static enum pg_err refuse(const struct attempt *a, const char *reason, const char *detail)
{
    struct buf m = {0};
    buf_puts(&m, "\"request_id\":");
    buf_json_string(&m, a->req->request_id ? a->req->request_id : "");
    buf_puts(&m, ",\"reason\":");
    buf_json_string(&m, reason);
    buf_puts(&m, ",\"detail\":");
    buf_json_string(&m, detail);
    if (a->iss) {
        buf_puts(&m, ",\"iss\":");
        buf_json_string(&m, a->iss);
    }
    if (a->t.kid) {
        buf_puts(&m, ",\"kid\":");
        buf_json_string(&m, a->t.kid);
    }
    if (a->client.id[0])
        buf_printf(&m, ",\"ehr_client\":\"%s\"", a->client.id);
    log_json(LOG_WARN, "ehr token refused", m.data);
    buf_cleanup(&m);
    return PG_ERR_UNAUTHORIZED;
}

static enum pg_err refuse_jose(const struct attempt *a, enum jose_err e)
{
    return refuse(a, jose_err_name(e), jose_err_text(e));
}

static const char *bearer(const struct http_req *req)
{
    const char *h = http_req_header(req, "Authorization");
    if (!h || strncasecmp(h, "Bearer ", 7) != 0)
        return NULL;
    for (h += 7; *h == ' ';)
        h++;
    return *h ? h : NULL;
}

/* The token parsed, its iss read. */
static enum pg_err read_token(struct attempt *a)
{
    const char *token = bearer(a->req);
    if (!token)
        return refuse(a, "NO_TOKEN", "no Authorization: Bearer header");
    enum jose_err e = jose_parse(token, &a->t);
    if (e != JOSE_OK)
        return refuse_jose(a, e);
    const json_t *iss = json_object_get(a->t.claims, "iss");
    size_t n = json_string_length(iss);
    if (!json_is_string(iss) || n == 0 || n > 1024 || strlen(json_string_value(iss)) != n)
        return refuse_jose(a, JOSE_ISS);
    a->iss = json_string_value(iss);
    return PG_ERR_OK;
}

/* The active client registered for the token's iss. */
static enum pg_err find_client(struct attempt *a)
{
    struct store_conn *c = NULL;
    enum pg_err err = store_pool_acquire_by(a->app->pool, &c, a->deadline);
    if (err == PG_ERR_OK) {
        store_conn_set_deadline(c, a->deadline);
        err = store_ehr_client_authenticate(c, a->iss, &a->client);
        store_conn_set_deadline(c, 0);
    }
    store_pool_release(a->app->pool, c);
    if (err == PG_ERR_NOT_FOUND)
        return refuse(a, "UNKNOWN_ISS", "no EHR client is registered for this iss");
    if (err == PG_ERR_OK && a->client.revoked)
        return refuse(a, "REVOKED", "the EHR client of this iss is revoked");
    return err;
}

/* The keys of a JWK Set's text; a set fetched may hold keys this service
 * does not use, which are skipped. */
static enum pg_err build_keys(struct attempt *a, const char *text)
{
    jose_jwks_free(a->keys);
    a->keys = NULL;
    json_t *set = json_loads(text, JSON_REJECT_DUPLICATES, NULL);
    size_t at;
    const char *member;
    enum jose_err e = set ? jose_jwks_build(set, false, &a->keys, &at, &member) : JOSE_BAD_JWKS;
    json_decref(set);
    return e == JOSE_OK ? PG_ERR_OK : refuse_jose(a, e);
}

/* The set at a->url: from the cache, unless fresh (a kid was not found
 * in it), else fetched within the request's time and kept. */
static enum pg_err keys_from_url(struct attempt *a, bool fresh)
{
    struct app *app = a->app;
    char *text = fresh ? NULL : jwks_cache_get(app->jwks, a->url, now_s());
    if (!text) {
        struct buf body;
        buf_init(&body, EHR_JWKS_FETCH_MAX + 1);
        char why[160] = "";
        long timeout = EHR_JWKS_FETCH_TIMEOUT_MS;
        if (a->deadline && (a->deadline - now_s()) * 1000 < timeout)
            timeout = (long)((a->deadline - now_s()) * 1000);
        struct http_client_get get = {.loopback_http = app->cfg->jku_loopback_http,
                                      .timeout_ms = timeout,
                                      .max = EHR_JWKS_FETCH_MAX};
        long status;
        bool got = timeout > 0 && http_client_get(a->url, &get, &body, &status, why, sizeof why);
        a->fetched = true;
        if (!got) {
            buf_cleanup(&body);
            char detail[HTTP_CLIENT_URL_MAX + 256];
            snprintf(detail, sizeof detail, "cannot fetch the JWK Set at '%s': %s", a->url,
                     timeout > 0 ? why : "no time left");
            return refuse(a, "JWKS_FETCH", detail);
        }
        text = buf_take(&body, NULL);
        jwks_cache_put(app->jwks, a->url, text, now_s());
    }
    enum pg_err err = build_keys(a, text);
    free(text);
    return err;
}

/* The jku to use: the token's, when on the client's allowlist; else the
 * first of the list. */
static enum pg_err pick_url(struct attempt *a)
{
    json_t *list = json_loads(a->client.jku, 0, NULL);
    const json_t *want = json_object_get(a->t.header, "jku");
    const char *url = NULL;
    for (size_t i = 0; i < json_array_size(list) && !url; i++) {
        const json_t *u = json_array_get(list, i);
        if (!want || (json_is_string(want) && json_equal((json_t *)want, (json_t *)u)))
            url = json_string_value(u);
    }
    if (url)
        snprintf(a->url, sizeof a->url, "%s", url);
    json_decref(list);
    return url ? PG_ERR_OK
               : refuse(a, "JKU_NOT_ALLOWED", "the token's jku is not on the client's allowlist");
}

static enum pg_err load_keys(struct attempt *a)
{
    if (a->client.jwks) {
        if (json_object_get(a->t.header, "jku"))
            return refuse(a, "JKU_NOT_ALLOWED",
                          "the token names a jku; the client's keys are registered inline");
        return build_keys(a, a->client.jwks);
    }
    enum pg_err err = pick_url(a);
    return err == PG_ERR_OK ? keys_from_url(a, false) : err;
}

/* The signature; with a kid the cached set lacks, the set fetched again
 * (at most once in a while per URL: jwkscache.h). */
static enum pg_err verify(struct attempt *a)
{
    enum jose_err e = jose_verify(&a->t, a->keys);
    if (e == JOSE_UNKNOWN_KID && a->url[0] && !a->fetched &&
        jwks_cache_may_refetch(a->app->jwks, a->url, now_s())) {
        enum pg_err err = keys_from_url(a, true);
        if (err != PG_ERR_OK)
            return err;
        e = jose_verify(&a->t, a->keys);
    }
    return e == JOSE_OK ? PG_ERR_OK : refuse_jose(a, e);
}

static enum pg_err check_claims(struct attempt *a)
{
    struct buf aud = {0};
    buf_printf(&aud, "%s%s", a->app->cfg->public_url, a->req->path);
    struct jose_expect want = {a->iss, aud.data, (int64_t)time(NULL)};
    enum jose_err e = jose_check_claims(&a->t, &want);
    buf_cleanup(&aud);
    return e == JOSE_OK ? PG_ERR_OK : refuse_jose(a, e);
}

/* The jti recorded, unless seen: a replay is refused. */
static enum pg_err record_jti(struct attempt *a)
{
    struct store_conn *c = NULL;
    enum pg_err err = store_pool_acquire_by(a->app->pool, &c, a->deadline);
    if (err == PG_ERR_OK) {
        store_conn_set_deadline(c, a->deadline);
        err = store_ehr_jti_record(c, a->iss, jose_jti(&a->t), jose_exp(&a->t));
        if (err == PG_ERR_OK)
            store_ehr_jti_sweep(c);
        store_conn_set_deadline(c, 0);
    }
    store_pool_release(a->app->pool, c);
    return err == PG_ERR_CONFLICT ? refuse(a, "REPLAY", "this jti was already used") : err;
}

enum pg_err ehr_auth_identify(const struct http_req *req, double deadline, char client_id[37],
                              char clinic[37])
{
    struct attempt a = {.req = req, .app = req->ctx, .deadline = deadline};
    enum pg_err err = read_token(&a);
    if (err == PG_ERR_OK && !a.app->cfg->public_url)
        err = refuse(&a, "NO_PUBLIC_URL", "PAINGEN_PUBLIC_URL is not set: aud cannot be checked");
    /* the claims first: a token refused on them costs no database work
     * (checking them before the signature accepts nothing early) */
    if (err == PG_ERR_OK)
        err = check_claims(&a);
    if (err == PG_ERR_OK)
        err = find_client(&a);
    if (err == PG_ERR_OK)
        err = load_keys(&a);
    if (err == PG_ERR_OK)
        err = verify(&a);
    if (err == PG_ERR_OK)
        err = record_jti(&a);
    if (err == PG_ERR_OK) {
        snprintf(client_id, 37, "%s", a.client.id);
        snprintf(clinic, 37, "%s", a.client.clinic);
    }
    jose_jwks_free(a.keys);
    store_ehr_client_auth_cleanup(&a.client);
    jose_token_cleanup(&a.t);
    return err;
}
