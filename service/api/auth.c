/* Authentication, rate limits, roles and the audit row, around every
 * handler. A request that fails authentication learns nothing about why:
 * a missing, malformed, unknown, revoked or expired key all get the same
 * 401, and so do the cookies of sessions that cannot be used. Limits are
 * decided in memory before any database work: the failed
 * authentications of an address before a key or a session is looked up,
 * a key's (or person's) rate before its transaction begins. */
#include "paingen/api/auth.h"

#include "paingen/api/app.h"
#include "paingen/api/edge.h"
#include "paingen/api/ehr_auth.h"
#include "paingen/api/sessions.h"
#include "paingen/core/ratelimit.h"
#include "paingen/core/refusals.h"
#include "paingen/store/keys.h"
#include "paingen/store/session.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct principal {
    char clinic[37];
    char key_id[37]; /* the key's, the EHR client's, or the person's (session) */
    enum role role;
    const struct session_info *session; /* the person's session, or NULL */
    char session_id[2 * SHA256_BYTES + 1];
};

static _Thread_local const struct principal *current;
static _Thread_local struct buf noted; /* ids a list returned, for the audit row */
static _Thread_local char forget[37];  /* a key the request revoked */

const char *auth_clinic(void) { return current ? current->clinic : NULL; }

const char *auth_key_id(void) { return current && !current->session ? current->key_id : NULL; }

const char *auth_user_id(void) { return current && current->session ? current->key_id : NULL; }

const struct session_info *auth_session(void) { return current ? current->session : NULL; }

const char *auth_session_id(void)
{
    return current && current->session ? current->session_id : NULL;
}

/* What the principal is, in messages: "a clinician key". */
static const char *kind(const struct principal *p) { return p->session ? "user" : "key"; }

static const struct {
    enum role role;
    const char *name;
} roles[] = {{ROLE_READONLY, "readonly"},
             {ROLE_CLINICIAN, "clinician"},
             {ROLE_EHR, "ehr"},
             {ROLE_ADMIN, "admin"},
             {ROLE_EHR_CLIENT, "ehr_client"}};

void auth_note_resources(const char *ids)
{
    if (!current || !ids || !*ids)
        return;
    if (noted.len)
        buf_puts(&noted, ",");
    buf_puts(&noted, ids);
}

void auth_forget_key(const char *key_id)
{
    /* as the cache holds it: the id parsed from a key, lowercase */
    size_t i = 0;
    for (; key_id[i] && i < sizeof forget - 1; i++)
        forget[i] = (char)tolower((unsigned char)key_id[i]);
    forget[i] = '\0';
}

bool auth_role_parse(const char *s, enum role *out)
{
    /* a key's role: ehr_client is a token's, never a key's */
    for (size_t i = 0; s && i < sizeof roles / sizeof roles[0]; i++) {
        if (roles[i].role != ROLE_EHR_CLIENT && strcmp(roles[i].name, s) == 0) {
            *out = roles[i].role;
            return true;
        }
    }
    return false;
}

const char *auth_role_name(enum role r)
{
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
        if (roles[i].role == r)
            return roles[i].name;
    return "readonly";
}

static const char b64url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static void hex_of(const uint8_t *d, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++)
        snprintf(out + 2 * i, 3, "%02x", d[i]);
}

bool auth_secret_new(char secret[AUTH_SECRET_CHARS + 1], char hash_hex[2 * SHA256_BYTES + 1])
{
    uint8_t raw[33] = {0}; /* 32 random bytes, a zero pad for the last group */
    if (!crypto_random(raw, 32))
        return false;
    size_t n = 0;
    for (size_t i = 0; i < 33; i += 3) {
        uint32_t v = (uint32_t)raw[i] << 16 | (uint32_t)raw[i + 1] << 8 | raw[i + 2];
        for (int k = 3; k >= 0 && n < AUTH_SECRET_CHARS; k--)
            secret[n++] = b64url[(v >> (6 * k)) & 63];
    }
    secret[AUTH_SECRET_CHARS] = '\0';
    uint8_t h[SHA256_BYTES];
    sha256(secret, AUTH_SECRET_CHARS, h);
    hex_of(h, sizeof h, hash_hex);
    return true;
}

void auth_key_text(const char *id, const char *secret, char out[AUTH_KEY_TEXT_CHARS + 1])
{
    char hex[33];
    size_t n = 0;
    for (const char *p = id; *p && n < 32; p++)
        if (*p != '-')
            hex[n++] = *p;
    hex[n] = '\0';
    snprintf(out, AUTH_KEY_TEXT_CHARS + 1, AUTH_KEY_PREFIX "%s_%s", hex, secret);
}

static bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

/* "Bearer paingen_<32 hex>_<43 base64url>" into the key's uuid and secret. */
static bool parse_bearer(const struct http_req *req, char id[37], char secret[44])
{
    const char *h = http_req_header(req, "Authorization");
    if (!h || strncasecmp(h, "Bearer ", 7) != 0)
        return false;
    const char *k = h + 7;
    while (*k == ' ')
        k++;
    if (strlen(k) != AUTH_KEY_TEXT_CHARS || strncmp(k, AUTH_KEY_PREFIX, 8) != 0 || k[40] != '_')
        return false;
    for (int i = 0, n = 0; i < 32; i++) {
        if (!is_hex(k[8 + i]))
            return false;
        if (i == 8 || i == 12 || i == 16 || i == 20)
            id[n++] = '-';
        id[n++] = k[8 + i];
        id[n] = '\0';
    }
    for (int i = 0; i < AUTH_SECRET_CHARS; i++)
        if (!strchr(b64url, k[41 + i]) || !k[41 + i])
            return false;
    memcpy(secret, k + 41, AUTH_SECRET_CHARS + 1);
    return true;
}

static void unauthorized(const struct http_req *req, struct http_res *res)
{
    http_res_problem(res, req, PG_ERR_UNAUTHORIZED, NULL,
                     "send Authorization: Bearer <key> with a valid API key");
    http_res_header(res, "WWW-Authenticate", "Bearer realm=\"paingen\"");
}

/* A JWT route's refusal (RFC 6750 §3.1): the same for every reason. */
static void unauthorized_token(const struct http_req *req, struct http_res *res)
{
    http_res_problem(res, req, PG_ERR_INVALID_TOKEN, NULL,
                     "send Authorization: Bearer <JWT>, signed by an EHR client registered with "
                     "this service, for this URL");
    bool sent = http_req_header(req, "Authorization") != NULL;
    http_res_header(res, "WWW-Authenticate", "Bearer realm=\"paingen\"%s",
                    sent ? ", error=\"invalid_token\"" : "");
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* The key's hash against the secret's, in constant time. */
static bool secret_matches(const char *secret, const uint8_t hash[SHA256_BYTES])
{
    uint8_t h[SHA256_BYTES];
    sha256(secret, AUTH_SECRET_CHARS, h);
    bool same = crypto_equal(h, hash, SHA256_BYTES);
    explicit_bzero(h, sizeof h);
    return same;
}

/* The key looked up in the database, outside any transaction of the
 * request but by its deadline, and kept when valid. */
static enum pg_err lookup(struct app *app, const char *secret, struct principal *p, double deadline)
{
    struct key_auth k = {0};
    struct store_conn *c = NULL;
    uint64_t epoch = key_cache_epoch(app->keys);
    enum pg_err err = store_pool_acquire_by(app->pool, &c, deadline);
    if (err == PG_ERR_OK) {
        store_conn_set_deadline(c, deadline);
        err = store_key_authenticate(c, p->key_id, &k);
        store_conn_set_deadline(c, 0);
        store_pool_release(app->pool, c);
    }
    bool valid = secret_matches(secret, k.secret_hash); /* also for unknown keys: same timing */
    enum role role = ROLE_READONLY;
    if (err == PG_ERR_OK && (!valid || k.expired || k.revoked || !auth_role_parse(k.role, &role)))
        err = PG_ERR_UNAUTHORIZED;
    if (err == PG_ERR_OK) {
        struct cached_key entry = {.role = (int)role};
        snprintf(entry.key_id, sizeof entry.key_id, "%s", p->key_id);
        snprintf(entry.clinic, sizeof entry.clinic, "%s", k.clinic);
        memcpy(entry.secret_hash, k.secret_hash, SHA256_BYTES);
        key_cache_put(app->keys, &entry, k.valid_for_s, now_s(), epoch);
        explicit_bzero(&entry, sizeof entry);
        snprintf(p->clinic, sizeof p->clinic, "%s", k.clinic);
        p->role = role;
    }
    explicit_bzero(k.secret_hash, sizeof k.secret_hash);
    return err == PG_ERR_NOT_FOUND ? PG_ERR_UNAUTHORIZED : err;
}

/* The key from the cache, checked against the secret without the
 * database: OK or UNAUTHORIZED. */
static enum pg_err check_cached(struct cached_key *k, const char *secret, struct principal *p)
{
    bool valid = secret_matches(secret, k->secret_hash);
    snprintf(p->clinic, sizeof p->clinic, "%s", k->clinic);
    p->role = (enum role)k->role;
    explicit_bzero(k, sizeof *k);
    return valid ? PG_ERR_OK : PG_ERR_UNAUTHORIZED;
}

/* The key named by the request, checked: OK with its clinic and role;
 * UNAUTHORIZED for any key that is not valid now; RATE_LIMITED when the
 * client's address has used up its failed authentications, with the
 * seconds to wait in *retry; a database error. A key in the cache is
 * checked in memory. Any other takes a token of the address before it is
 * looked up, given back unless the key fails: a client guessing keys gets
 * 429 before its guesses reach the database. */
static enum pg_err identify(const struct http_req *req, struct principal *p, double deadline,
                            int *retry)
{
    struct app *app = req->ctx;
    char addr[80], secret[AUTH_SECRET_CHARS + 1] = "";
    snprintf(addr, sizeof addr, "auth-failures:%s", req->client_addr ? req->client_addr : "");
    struct cached_key k;
    bool parsed = parse_bearer(req, p->key_id, secret);
    enum pg_err err = PG_ERR_UNAUTHORIZED;
    if (parsed && key_cache_get(app->keys, p->key_id, now_s(), &k)) {
        err = check_cached(&k, secret, p);
        if (err == PG_ERR_UNAUTHORIZED && !rate_limiter_take(app->limiter, addr, now_s(), retry))
            err = PG_ERR_RATE_LIMITED;
    } else if (!rate_limiter_take(app->limiter, addr, now_s(), retry)) {
        err = PG_ERR_RATE_LIMITED;
    } else if (parsed) {
        err = lookup(app, secret, p, deadline);
        if (err != PG_ERR_UNAUTHORIZED)
            rate_limiter_give(app->limiter, addr);
    }
    explicit_bzero(secret, sizeof secret);
    return err;
}

/* A person by the session cookie (api/sessions.h): OK with the person as
 * the principal. A cookie takes a token of the address's failed
 * authentications first, given back unless it fails, as a key not in the
 * cache does: sessions are never cached (a sign-out must end one at once,
 * in every instance). */
static enum pg_err identify_session(const struct http_req *req, struct principal *p,
                                    struct session_info *s, double deadline, int *retry)
{
    struct app *app = req->ctx;
    char addr[80];
    snprintf(addr, sizeof addr, "auth-failures:%s", req->client_addr ? req->client_addr : "");
    if (!rate_limiter_take(app->limiter, addr, now_s(), retry))
        return PG_ERR_RATE_LIMITED;
    enum pg_err err = sessions_identify(req, deadline, s, p->session_id);
    if (err != PG_ERR_UNAUTHORIZED)
        rate_limiter_give(app->limiter, addr);
    if (err == PG_ERR_OK && !auth_role_parse(s->role, &p->role))
        err = PG_ERR_UNAUTHORIZED; /* sessions_identify checked it */
    if (err == PG_ERR_OK) {
        snprintf(p->clinic, sizeof p->clinic, "%s", s->clinic);
        snprintf(p->key_id, sizeof p->key_id, "%s", s->user_id);
        p->session = s;
    }
    return err;
}

/* An EHR client by its JWT (api/ehr_auth.h): OK with the client as the
 * principal. Every token takes a token of the address's failed
 * authentications first, given back unless it fails, as an API key not
 * in the cache does. */
static enum pg_err identify_ehr(const struct http_req *req, struct principal *p, double deadline,
                                int *retry)
{
    struct app *app = req->ctx;
    char addr[80];
    snprintf(addr, sizeof addr, "auth-failures:%s", req->client_addr ? req->client_addr : "");
    if (!rate_limiter_take(app->limiter, addr, now_s(), retry))
        return PG_ERR_RATE_LIMITED;
    enum pg_err err = ehr_auth_identify(req, deadline, p->key_id, p->clinic);
    if (err != PG_ERR_UNAUTHORIZED)
        rate_limiter_give(app->limiter, addr);
    p->role = ROLE_EHR_CLIENT;
    return err;
}

static double wall_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* A key past its rate: 429, decided and counted in memory, before any
 * database work. The refusal log writes, about once a second, one audit
 * row per key, method and route with how many were refused
 * (core/refusals.h): a flood of 429s neither takes connections nor
 * floods the audit trail. */
static void refuse(const struct http_req *req, struct http_res *res, const struct route *route,
                   const struct principal *p, int retry)
{
    struct app *app = req->ctx;
    struct refusal r = {.at = wall_s(), .count = 1};
    snprintf(r.clinic, sizeof r.clinic, "%s", p->clinic);
    snprintf(r.key_id, sizeof r.key_id, "%s", p->key_id);
    r.user = p->session != NULL;
    snprintf(r.role, sizeof r.role, "%s", auth_role_name(p->role));
    snprintf(r.method, sizeof r.method, "%s", req->method_name);
    snprintf(r.route, sizeof r.route, "%s", route->path);
    snprintf(r.request_id, sizeof r.request_id, "%s", req->request_id ? req->request_id : "");
    snprintf(r.client_addr, sizeof r.client_addr, "%s", req->client_addr ? req->client_addr : "");
    (void)refusal_log_add(app->refusals, &r); /* one it cannot count, it logs */
    http_res_problem(res, req, PG_ERR_RATE_LIMITED, NULL,
                     "this %s made more than %d requests in a burst; retry in %d s", kind(p),
                     app->cfg->rate_burst, retry);
    http_res_header(res, "Retry-After", "%d", retry);
    http_res_header(res, "Cache-Control", "no-store");
}

static bool unsafe(enum http_method m)
{
    return m == HTTP_POST || m == HTTP_PUT || m == HTTP_PATCH || m == HTTP_DELETE;
}

/* The role may call the route (and a session's write passes its CSRF
 * checks): run it; else 403. */
static void admit(struct http_req *req, struct http_res *res, const struct route *route,
                  unsigned access, const struct principal *p)
{
    if (p->session && unsafe(req->method) && !sessions_write_allowed(req, res, p->session))
        return;
    if (access & p->role)
        route->handler(req, res);
    else
        http_res_problem(res, req, PG_ERR_FORBIDDEN, NULL, "a %s %s cannot %s %s",
                         auth_role_name(p->role), kind(p), req->method_name, route->path);
}

/* The ids the request touched, as a JSON array: its path parameters, the
 * rows a list returned and, unless it failed, what it created. */
static char *resource_ids(const struct http_req *req, const struct http_res *res, bool created)
{
    struct buf b = {0};
    buf_puts(&b, "[");
    for (size_t i = 0; i < req->n_params; i++) {
        buf_puts(&b, i ? "," : "");
        buf_json_string(&b, req->params[i].value);
    }
    if (noted.len)
        buf_printf(&b, "%s%s", req->n_params ? "," : "", noted.data);
    for (size_t i = 0; created && i < res->n_headers; i++) {
        const char *slash = strrchr(res->headers[i].value, '/');
        if (strcmp(res->headers[i].name, "Location") == 0 && slash) {
            buf_puts(&b, b.len > 1 ? "," : "");
            buf_json_string(&b, slash + 1);
        }
    }
    buf_puts(&b, "]");
    return buf_take(&b, NULL);
}

static bool has_header(const struct http_res *res, const char *name)
{
    for (size_t i = 0; i < res->n_headers; i++)
        if (strcasecmp(res->headers[i].name, name) == 0)
            return true;
    return false;
}

/* Commits the request's work with its audit row; a success that could
 * not be committed becomes a 503. */
static void finish(struct store_session *s, const struct http_req *req, struct http_res *res,
                   const struct route *route, const struct principal *p, bool audited)
{
    char *ids = audited ? resource_ids(req, res, true) : NULL;
    char *lost_ids = audited ? resource_ids(req, res, false) : NULL;
    struct app *app = req->ctx;
    bool read = strcmp(req->method_name, "GET") == 0 || strcmp(req->method_name, "HEAD") == 0;
    struct audit_event e = {p->clinic,
                            p->session ? NULL : p->key_id,
                            auth_role_name(p->role),
                            req->method_name,
                            route->path,
                            ids,
                            res->status,
                            req->request_id,
                            req->client_addr,
                            read && !app->cfg->audit_reads_durable,
                            p->session ? p->key_id : NULL};
    /* the row written instead when the work does not commit */
    struct audit_event lost = e;
    lost.resource_ids = lost_ids;
    lost.status = res->status < 400 ? pg_err_status(PG_ERR_DB_UNAVAILABLE) : res->status;
    enum pg_err err = store_session_end(s, audited ? &e : NULL, audited ? &lost : NULL);
    free(ids);
    free(lost_ids);
    if (err != PG_ERR_OK && res->status < 400) {
        res->n_headers = 0;
        http_res_problem(res, req, PG_ERR_DB_UNAVAILABLE, NULL,
                         "the change could not be committed; nothing was saved, retry");
        http_res_header(res, "Retry-After", "1");
    }
}

/* When database work begun at t must end: PAINGEN_REQUEST_TIMEOUT_MS
 * later (0: no bound). */
static double deadline_after(const struct app *app, double t)
{
    int ms = app->cfg->request_timeout_ms;
    return ms ? t + ms / 1000.0 : 0;
}

/* The request's transaction, for the key's clinic, its work ending by
 * deadline. */
static enum pg_err begin(struct app *app, struct store_session *s, const struct principal *p,
                         double deadline)
{
    enum pg_err err = store_session_begin(app->pool, s, deadline);
    if (err == PG_ERR_OK && (err = store_session_clinic(s, p->clinic)) != PG_ERR_OK)
        (void)!store_session_end(s, NULL, NULL);
    return err;
}

/* Runs the route for p, a key within its rate: in the request's
 * transaction, or for a route that reads and stores no record, with
 * none; a 403 of such a route still gets its audit row. */
static void run(struct http_req *req, struct http_res *res, const struct route *route,
                unsigned access, const struct principal *p, double deadline)
{
    struct app *app = req->ctx;
    struct store_session s;
    bool stateless = access & ACCESS_STATELESS;
    enum pg_err err = stateless ? PG_ERR_OK : begin(app, &s, p, deadline);
    if (err == PG_ERR_OK) {
        current = p;
        admit(req, res, route, access, p);
        current = NULL;
    }
    bool refused = res->status == 403; /* a role that may not */
    bool audited = (access & ACCESS_AUDITED) || refused;
    if (err == PG_ERR_OK && stateless && audited)
        err = begin(app, &s, p, deadline_after(app, now_s()));
    if (err != PG_ERR_OK) {
        res->n_headers = 0;
        edge_reply_error(req, res, err, "key");
    } else if (!stateless || audited) {
        finish(&s, req, res, route, p, audited);
    }
    if (!has_header(res, "Cache-Control"))
        http_res_header(res, "Cache-Control", "no-store");
    if (forget[0]) /* committed or not: forgetting costs one lookup */
        key_cache_forget(app->keys, forget);
    forget[0] = '\0';
    buf_cleanup(&noted);
}

/* A session's cookie authenticates the request: on the session's own
 * routes, and on any other when no Authorization header is sent. */
static bool by_cookie(const struct http_req *req, unsigned access)
{
    if (access & ACCESS_JWT)
        return false;
    if (access & ACCESS_SESSION)
        return true;
    char token[AUTH_SECRET_CHARS + 1];
    bool sent =
        !http_req_header(req, "Authorization") &&
        sessions_cookie_parse(http_req_header(req, "Cookie"), token) != SESSIONS_COOKIE_NONE;
    explicit_bzero(token, sizeof token);
    return sent;
}

/* A session's refusal: the same for every reason; the cookie removed. */
static void unauthorized_session(const struct http_req *req, struct http_res *res, unsigned access)
{
    http_res_problem(res, req, PG_ERR_NO_SESSION, NULL,
                     "no valid session (signed out, expired or unknown): sign in with "
                     "POST /v1/sessions");
    if (!(access & ACCESS_SESSION)) /* the route takes keys too */
        http_res_header(res, "WWW-Authenticate", "Bearer realm=\"paingen\"");
    if (http_req_header(req, "Cookie"))
        sessions_clear_cookie(req, res);
}

void api_guard(struct http_req *req, struct http_res *res, const struct route *route)
{
    struct app *app = req->ctx;
    unsigned access = route->access;
    if (access & ACCESS_METRICS)
        access = app->cfg->metrics_need_key ? ACCESS_ADMIN : ACCESS_OPEN;
    if (access == ACCESS_OPEN) {
        route->handler(req, res);
        return;
    }
    double deadline = deadline_after(app, now_s());
    struct principal p = {0};
    struct session_info session = {0};
    int retry = 1;
    bool jwt = access & ACCESS_JWT, cookie = by_cookie(req, access);
    enum pg_err err = jwt      ? identify_ehr(req, &p, deadline, &retry)
                      : cookie ? identify_session(req, &p, &session, deadline, &retry)
                               : identify(req, &p, deadline, &retry);
    if (err == PG_ERR_RATE_LIMITED) {
        http_res_problem(res, req, PG_ERR_RATE_LIMITED, NULL,
                         "too many failed authentications from this address; retry in %d s", retry);
        http_res_header(res, "Retry-After", "%d", retry);
    } else if (err == PG_ERR_UNAUTHORIZED && jwt) {
        unauthorized_token(req, res);
    } else if (err == PG_ERR_UNAUTHORIZED && cookie) {
        unauthorized_session(req, res, access);
    } else if (err == PG_ERR_UNAUTHORIZED) {
        unauthorized(req, res);
    } else if (err != PG_ERR_OK) {
        edge_reply_error(req, res, err, "key");
    } else if (!rate_limiter_take(app->limiter, p.key_id, now_s(), &retry)) {
        refuse(req, res, route, &p, retry);
    } else {
        run(req, res, route, access, &p, deadline);
    }
    store_sessions_info_cleanup(&session);
}
