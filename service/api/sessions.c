/* Sign-in, the current session and sign-out; a request's session by its
 * cookie, and the checks its writes must pass. A sign-in that fails
 * learns nothing about why: an unknown email, a wrong password and a
 * disabled person get the same 401 after the same work (an unknown
 * email's password is checked against a hash nobody's password matches). */
#include "paingen/api/sessions.h"

#include "paingen/api/app.h"
#include "paingen/api/edge.h"
#include "paingen/core/crypto.h"
#include "paingen/core/log.h"
#include "paingen/core/password.h"
#include "paingen/core/ratelimit.h"
#include "paingen/store/session.h"
#include "paingen/store/users.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char b64url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* ---- the cookie and the origin ---------------------------------------- */

/* A token: exactly AUTH_SECRET_CHARS base64url characters. */
static bool is_token(const char *s, size_t n)
{
    if (n != AUTH_SECRET_CHARS)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!s[i] || !strchr(b64url, s[i]))
            return false;
    return true;
}

/* A second pair of the name is BAD: a browser sends a cookie another
 * site of the same domain set (for the parent domain, or a longer path)
 * before ours, and the first would be a session of that site's choice. */
enum sessions_cookie sessions_cookie_parse(const char *cookie, char token[AUTH_SECRET_CHARS + 1])
{
    static const char name[] = SESSIONS_COOKIE;
    enum sessions_cookie found = SESSIONS_COOKIE_NONE;
    for (const char *p = cookie; p && *p;) {
        while (*p == ' ' || *p == '\t' || *p == ';')
            p++;
        size_t pair = strcspn(p, ";");
        const char *eq = memchr(p, '=', pair);
        if (eq && (size_t)(eq - p) == sizeof name - 1 && memcmp(p, name, sizeof name - 1) == 0) {
            const char *v = eq + 1;
            size_t n = pair - (size_t)(v - p);
            while (n && (v[n - 1] == ' ' || v[n - 1] == '\t'))
                n--;
            if (found != SESSIONS_COOKIE_NONE || !is_token(v, n)) {
                explicit_bzero(token, AUTH_SECRET_CHARS + 1);
                return SESSIONS_COOKIE_BAD;
            }
            memcpy(token, v, n);
            token[n] = '\0';
            found = SESSIONS_COOKIE_OK;
        }
        p += pair;
    }
    return found;
}

bool sessions_own_origin(const struct config *c, const char *host, char *out, size_t len)
{
    int n;
    if (c->public_url) {
        const char *authority = strstr(c->public_url, "://") + 3;
        size_t end = (size_t)(authority - c->public_url) + strcspn(authority, "/");
        n = snprintf(out, len, "%.*s", (int)end, c->public_url);
    } else if (host && *host) {
        n = snprintf(out, len, "%s://%s", c->tls_cert ? "https" : "http", host);
    } else {
        return false;
    }
    return n > 0 && (size_t)n < len;
}

bool sessions_origin_ok(const struct config *c, const struct http_req *req)
{
    const char *origin = http_req_header(req, "Origin");
    char own[1100];
    if (!origin)
        return true;
    return sessions_own_origin(c, http_req_header(req, "Host"), own, sizeof own) &&
           strcasecmp(origin, own) == 0;
}

static void cookie_header(const struct http_req *req, struct http_res *res, const char *value,
                          const char *extra)
{
    const struct app *app = req->ctx;
    const char *url = app->cfg->public_url;
    bool secure = app->cfg->tls_cert || (url && strncmp(url, "https://", 8) == 0);
    http_res_header(res, "Set-Cookie", SESSIONS_COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict%s%s",
                    value, extra, secure ? "; Secure" : "");
}

void sessions_clear_cookie(const struct http_req *req, struct http_res *res)
{
    cookie_header(req, res, "", "; Max-Age=0");
}

static void csrf_refused(const struct http_req *req, struct http_res *res, const char *pointer,
                         const char *why, const char *detail)
{
    json_t *errors = json_pack("[{s:s, s:s}]", "pointer", pointer, "detail", why);
    http_res_problem(res, req, PG_ERR_CSRF, json_pack("{s:o}", "errors", errors), "%s", detail);
}

bool sessions_write_allowed(const struct http_req *req, struct http_res *res,
                            const struct session_info *s)
{
    const struct app *app = req->ctx;
    if (!sessions_origin_ok(app->cfg, req)) {
        csrf_refused(req, res, "header/Origin", "is not this service's origin",
                     "a request made with a session must come from this service's own origin "
                     "(the header Origin names another)");
        return false;
    }
    const char *t = http_req_header(req, SESSIONS_CSRF_HEADER);
    if (!t || strlen(t) != AUTH_SECRET_CHARS ||
        !crypto_equal(t, s->csrf_token, AUTH_SECRET_CHARS)) {
        csrf_refused(req, res, "header/" SESSIONS_CSRF_HEADER, "must be the session's csrf_token",
                     "a write made with a session must send the header " SESSIONS_CSRF_HEADER
                     " with the session's csrf_token (from POST /v1/sessions or "
                     "GET /v1/sessions/current)");
        return false;
    }
    return true;
}

/* ---- a request's session ----------------------------------------------- */

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Logs why a session or a sign-in is refused. */
static void log_refusal(const struct http_req *req, const char *msg, const char *reason,
                        const char *user_id)
{
    struct buf m = {0};
    buf_puts(&m, "\"request_id\":");
    buf_json_string(&m, req->request_id ? req->request_id : "");
    buf_puts(&m, ",\"reason\":");
    buf_json_string(&m, reason);
    if (user_id && *user_id) {
        buf_puts(&m, ",\"user\":");
        buf_json_string(&m, user_id);
    }
    log_json(LOG_WARN, msg, m.data);
    buf_cleanup(&m);
}

static void hex_of(const uint8_t *d, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++)
        snprintf(out + 2 * i, 3, "%02x", d[i]);
}

enum pg_err sessions_identify(const struct http_req *req, double deadline, struct session_info *out,
                              char id_hex[65])
{
    struct app *app = req->ctx;
    char token[AUTH_SECRET_CHARS + 1];
    enum sessions_cookie parsed = sessions_cookie_parse(http_req_header(req, "Cookie"), token);
    if (parsed != SESSIONS_COOKIE_OK) {
        if (parsed == SESSIONS_COOKIE_BAD)
            log_refusal(req, "session refused", "malformed", NULL);
        return PG_ERR_UNAUTHORIZED;
    }
    uint8_t h[SHA256_BYTES];
    sha256(token, AUTH_SECRET_CHARS, h);
    explicit_bzero(token, sizeof token);
    hex_of(h, sizeof h, id_hex);
    struct store_conn *c = NULL;
    enum pg_err err = store_pool_acquire_by(app->pool, &c, deadline);
    if (err == PG_ERR_OK) {
        store_conn_set_deadline(c, deadline);
        err = store_sessions_authenticate(c, id_hex, out);
        store_conn_set_deadline(c, 0);
        store_pool_release(app->pool, c);
    }
    enum role role;
    if (err == PG_ERR_NOT_FOUND) {
        log_refusal(req, "session refused", "unknown", NULL);
        err = PG_ERR_UNAUTHORIZED;
    } else if (err == PG_ERR_OK && strcmp(out->state, "active") != 0) {
        log_refusal(req, "session refused", out->state, out->user_id);
        err = PG_ERR_UNAUTHORIZED;
    } else if (err == PG_ERR_OK && !auth_role_parse(out->role, &role)) {
        log_refusal(req, "session refused", "role", out->user_id);
        err = PG_ERR_UNAUTHORIZED;
    }
    return err;
}

/* ---- the handlers -------------------------------------------------------- */

/* An IPv6 client's bucket is its /64: a host is given one at least
 * (RFC 6177), and could otherwise cycle through 2^64 addresses. An IPv4
 * client of a dual-stack listener (::ffff:a.b.c.d) keeps its own. */
void sessions_address_bucket(const char *addr, char *out, size_t len)
{
    struct in6_addr a;
    char text[INET6_ADDRSTRLEN];
    if (!addr || !strchr(addr, ':') || inet_pton(AF_INET6, addr, &a) != 1) {
        snprintf(out, len, "address:%s", addr ? addr : "");
    } else if (IN6_IS_ADDR_V4MAPPED(&a)) {
        inet_ntop(AF_INET, &a.s6_addr[12], text, sizeof text);
        snprintf(out, len, "address:%s", text);
    } else {
        memset(&a.s6_addr[8], 0, 8);
        inet_ntop(AF_INET6, &a, text, sizeof text);
        snprintf(out, len, "address:%s/64", text);
    }
}

/* 200 or 201 {"user", "csrf_token", "expires_at", "idle_timeout_seconds"}. */
static void reply_session(const struct http_req *req, struct http_res *res, int status,
                          const struct session_info *s)
{
    json_t *user = s->user.data ? json_loads(s->user.data, 0, NULL) : NULL;
    if (!user) {
        http_res_problem(res, req, PG_ERR_INTERNAL, NULL, "the session could not be shown");
        return;
    }
    json_t *root =
        json_pack("{s:o, s:s, s:s, s:i}", "user", user, "csrf_token", s->csrf_token, "expires_at",
                  s->expires_at, "idle_timeout_seconds", s->idle_timeout_s);
    if (!root)
        abort(); /* every member is valid: only memory can fail */
    http_res_json(res, status, root);
}

/* The person an email names, looked up outside any transaction: OK,
 * NOT_FOUND, or a database error. */
static enum pg_err find_user(struct app *app, const char *email, double deadline,
                             struct user_auth *u)
{
    struct store_conn *c = NULL;
    enum pg_err err = store_pool_acquire_by(app->pool, &c, deadline);
    if (err == PG_ERR_OK) {
        store_conn_set_deadline(c, deadline);
        err = store_user_authenticate(c, email, u);
        store_conn_set_deadline(c, 0);
        store_pool_release(app->pool, c);
    }
    return err;
}

/* The session's row, and the sign-in's audit row naming the person, in
 * one transaction of the person's clinic; the password's hash made again
 * when its parameters are not the current ones. */
static enum pg_err open_session(const struct http_req *req, const struct user_auth *u,
                                const char *password, const struct session_fields *f,
                                double deadline, struct session_info *out)
{
    struct app *app = req->ctx;
    char rehash[PASSWORD_HASH_SIZE] = "";
    if (password_needs_rehash(u->password_hash) && password_hash(password, rehash) != PG_ERR_OK)
        rehash[0] = '\0'; /* kept as it is: it still works */
    char ids[48];
    snprintf(ids, sizeof ids, "[\"%s\"]", u->id);
    struct audit_event e = {.clinic = u->clinic,
                            .role = u->role,
                            .method = req->method_name,
                            .route = "/v1/sessions",
                            .resource_ids = ids,
                            .status = 201,
                            .request_id = req->request_id,
                            .client_addr = req->client_addr,
                            .user_id = u->id};
    struct audit_event lost = e;
    lost.status = pg_err_status(PG_ERR_DB_UNAVAILABLE);
    struct store_session s;
    enum pg_err err = store_session_begin(app->pool, &s, deadline);
    if (err != PG_ERR_OK)
        return err;
    err = store_session_clinic(&s, u->clinic);
    if (err == PG_ERR_OK && rehash[0])
        err = store_user_rehash(s.conn, u->clinic, u->id, rehash);
    if (err == PG_ERR_OK)
        err = store_sessions_insert(s.conn, f, out);
    enum pg_err end = store_session_end(&s, err == PG_ERR_OK ? &e : NULL, &lost);
    return err != PG_ERR_OK ? err : end;
}

/* A new session for u: 201 with its cookie. */
static void signed_in(const struct http_req *req, struct http_res *res, const struct user_auth *u,
                      const char *password, double deadline)
{
    struct app *app = req->ctx;
    char token[AUTH_SECRET_CHARS + 1], id_hex[2 * SHA256_BYTES + 1];
    char csrf[AUTH_SECRET_CHARS + 1], unused[2 * SHA256_BYTES + 1];
    if (!auth_secret_new(token, id_hex) || !auth_secret_new(csrf, unused)) {
        http_res_problem(res, req, PG_ERR_INTERNAL, NULL, "no random bytes for a session");
        return;
    }
    struct session_fields f = {.clinic = u->clinic,
                               .id_hex = id_hex,
                               .user_id = u->id,
                               .csrf_token = csrf,
                               .idle_timeout_s = app->cfg->session_idle_s,
                               .max_s = app->cfg->session_max_s,
                               .client_addr = req->client_addr};
    struct session_info s = {0};
    enum pg_err err = open_session(req, u, password, &f, deadline, &s);
    if (err == PG_ERR_OK) {
        reply_session(req, res, 201, &s);
        cookie_header(req, res, token, "");
    } else {
        edge_reply_error(req, res, err, "person");
    }
    explicit_bzero(token, sizeof token);
    store_sessions_info_cleanup(&s);
}

/* The password checked, for the email's person (or none): OK when it may
 * sign in, SIGN_IN_FAILED (logged with the reason) when not, or BUSY. */
static enum pg_err check_password(const struct http_req *req, enum pg_err found,
                                  const struct user_auth *u, const char *password)
{
    bool match = false;
    enum role role;
    enum pg_err err =
        password_verify(found == PG_ERR_OK ? u->password_hash : NULL, password, &match);
    const char *why = err != PG_ERR_OK                   ? NULL
                      : found != PG_ERR_OK               ? "unknown email"
                      : !match                           ? "wrong password"
                      : u->disabled                      ? "disabled"
                      : !auth_role_parse(u->role, &role) ? "role"
                                                         : NULL;
    if (why) {
        log_refusal(req, "sign-in refused", why, found == PG_ERR_OK ? u->id : NULL);
        err = PG_ERR_SIGN_IN_FAILED;
    }
    return err;
}

void api_sessions_create(const struct http_req *req, struct http_res *res)
{
    static const char *const fields[] = {"email", "password", NULL};
    struct app *app = req->ctx;
    double deadline =
        app->cfg->request_timeout_ms ? now_s() + app->cfg->request_timeout_ms / 1000.0 : 0;
    if (!edge_no_query(req, res))
        goto headers;
    if (!sessions_origin_ok(app->cfg, req)) {
        csrf_refused(req, res, "header/Origin", "is not this service's origin",
                     "sign in from this service's own origin (the header Origin names another)");
        goto headers;
    }
    json_t *body = edge_body_object(req, res);
    if (!body)
        goto headers;
    struct validation v = {0};
    validate_known_fields(&v, body, fields);
    const char *email = validate_string(&v, body, "email", true, 254);
    const char *password = validate_string(&v, body, "password", true, PASSWORD_MAX_BYTES);
    if (password && strlen(password) > PASSWORD_MAX_BYTES)
        validation_add(&v, "/password", "must be at most %d bytes", PASSWORD_MAX_BYTES);
    char by_addr[96], by_email[80];
    int retry = 1;
    struct user_auth u = {0};
    if (!validation_ok(&v)) {
        validation_reply(&v, req, res);
        goto out;
    }
    /* the address before any database work; the email by the key the
     * database gives it, the same for every spelling that finds the
     * person (ASCII lowercase alone would give 'İ' and 'i' two buckets) */
    sessions_address_bucket(req->client_addr, by_addr, sizeof by_addr);
    if (!rate_limiter_take(app->signin_addresses, by_addr, now_s(), &retry))
        goto backoff;
    enum pg_err found = find_user(app, email, deadline, &u);
    bool looked = found == PG_ERR_OK || found == PG_ERR_NOT_FOUND;
    snprintf(by_email, sizeof by_email, "email:%s", u.email_key);
    if (looked && !rate_limiter_take(app->signin_emails, by_email, now_s(), &retry)) {
        rate_limiter_give(app->signin_addresses, by_addr);
        goto backoff;
    }
    enum pg_err err = looked ? check_password(req, found, &u, password) : found;
    if (err != PG_ERR_SIGN_IN_FAILED) { /* only a failed sign-in counts */
        rate_limiter_give(app->signin_addresses, by_addr);
        if (looked)
            rate_limiter_give(app->signin_emails, by_email);
    }
    if (err == PG_ERR_OK)
        signed_in(req, res, &u, password, deadline);
    else if (err == PG_ERR_SIGN_IN_FAILED)
        http_res_problem(res, req, err, NULL, "wrong email or password");
    else
        edge_reply_error(req, res, err, "person");
    goto out;
backoff:
    http_res_problem(res, req, PG_ERR_RATE_LIMITED, NULL,
                     "too many failed sign-ins for this email or from this address; retry in %d s",
                     retry);
    http_res_header(res, "Retry-After", "%d", retry);
out:
    explicit_bzero(&u, sizeof u);
    validation_cleanup(&v);
    json_decref(body);
headers:
    http_res_header(res, "Cache-Control", "no-store");
}

/* The guard runs these two for a session alone (ACCESS_SESSION); called
 * without one, they say so rather than trust it. */
static bool have_session(const struct http_req *req, struct http_res *res)
{
    if (auth_session() && auth_session_id())
        return true;
    http_res_problem(res, req, PG_ERR_NO_SESSION, NULL,
                     "no session: sign in with POST /v1/sessions");
    return false;
}

void api_sessions_current(const struct http_req *req, struct http_res *res)
{
    if (edge_no_query(req, res) && have_session(req, res))
        reply_session(req, res, 200, auth_session());
}

void api_sessions_end(const struct http_req *req, struct http_res *res)
{
    if (!edge_no_query(req, res) || !have_session(req, res))
        return;
    struct app *app = req->ctx;
    enum pg_err err = store_sessions_end(app->pool, auth_clinic(), auth_session_id());
    if (err == PG_ERR_OK) {
        http_res_text(res, 204, NULL, "", 0);
        sessions_clear_cookie(req, res);
    } else {
        edge_reply_error(req, res, err, "session");
    }
}
