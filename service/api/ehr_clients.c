/* EHR client registration within the admin's clinic. A JWK Set is
 * checked key by key with the JOSE module (core/jose.h) before it is
 * stored: a key that could never verify a token is a 422 naming it. */
#include "paingen/api/ehr_clients.h"

#include "paingen/api/app.h"
#include "paingen/api/auth.h"
#include "paingen/api/create.h"
#include "paingen/api/cursor.h"
#include "paingen/api/edge.h"
#include "paingen/core/jose.h"
#include "paingen/http/client.h"
#include "paingen/store/ehr_clients.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What a key's member must be, for the 422. */
static const char *key_rule(const char *member)
{
    static const struct {
        const char *member, *rule;
    } rules[] = {
        {"", "must be a JWK: a JSON object"},
        {"kid", "must be a string of 1 to 255 characters, unique in the set"},
        {"use", "must be \"sig\" when present"},
        {"kty", "must be \"EC\" (P-384) or \"RSA\""},
        {"alg", "must be ES384 for an EC key and RS384 for an RSA key, when present"},
        {"crv", "must be \"P-384\""},
        {"x", "must be the base64url of a 48-byte coordinate of a point on P-384"},
        {"y", "must be the base64url of a 48-byte coordinate of a point on P-384"},
        {"n", "must be the base64url of an RSA modulus of 2048 to 8192 bits"},
        {"e", "must be the base64url of an odd public exponent of at most 8 bytes"},
    };
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
        if (strcmp(rules[i].member, member) == 0)
            return rules[i].rule;
    return "is a private key's member: register the public key alone";
}

/* The JWK Set, every key usable; its text into *text (new). */
static void check_jwks(struct validation *v, json_t *jwks, char **text)
{
    struct jose_jwks *keys = NULL;
    size_t at = 0;
    const char *member = "";
    enum jose_err e =
        json_is_object(jwks) ? jose_jwks_build(jwks, true, &keys, &at, &member) : JOSE_BAD_JWKS;
    jose_jwks_free(keys);
    if (e == JOSE_BAD_KEY) {
        /* the pointer names the key and, when one is at fault, its member */
        char ptr[64];
        snprintf(ptr, sizeof ptr, member[0] ? "/jwks/keys/%zu/%s" : "/jwks/keys/%zu%s", at, member);
        validation_add(v, ptr, "%s", key_rule(member));
    } else if (e == JOSE_NO_KEYS) {
        validation_add(v, "/jwks/keys", "must hold at least one key");
    } else if (e != JOSE_OK) {
        validation_add(v, "/jwks",
                       "must be a JWK Set: an object whose \"keys\" is an array of at most %d "
                       "public keys",
                       JOSE_JWKS_MAX);
    }
    if (e != JOSE_OK)
        return;
    *text = json_dumps(jwks, JSON_COMPACT);
    if (!*text || strlen(*text) > EHR_JWKS_TEXT_MAX) {
        validation_add(v, "/jwks", "must be at most %d bytes as compact JSON", EHR_JWKS_TEXT_MAX);
        free(*text);
        *text = NULL;
    }
}

/* The member field: 1..EHR_URLS_MAX distinct URLs that may be fetched;
 * their text into *text (new). */
static void check_urls(struct validation *v, const char *field, json_t *list, bool loopback_http,
                       char **text)
{
    size_t n = json_array_size(list);
    if (!json_is_array(list) || n == 0 || n > EHR_URLS_MAX) {
        validation_add(v, field, "must be an array of 1 to %d URLs", EHR_URLS_MAX);
        return;
    }
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        json_t *u = json_array_get(list, i);
        bool seen = false;
        for (size_t k = 0; k < i; k++)
            seen |= json_equal(u, json_array_get(list, k));
        char ptr[48];
        snprintf(ptr, sizeof ptr, "%s/%zu", field, i);
        if (!json_is_string(u) || strlen(json_string_value(u)) != json_string_length(u) ||
            !http_client_url_ok(json_string_value(u), loopback_http)) {
            validation_add(v, ptr,
                           "must be an https URL of at most %d characters, without user, "
                           "fragment or white space",
                           HTTP_CLIENT_URL_MAX);
            ok = false;
        } else if (seen) {
            validation_add(v, ptr, "is listed twice");
            ok = false;
        }
    }
    if (ok)
        *text = json_dumps(list, JSON_COMPACT);
}

/* An Identifier.system as FHIR has it: an absolute URI. Only its shape
 * is checked (a scheme, then a colon; no white space or control
 * character): it is compared, never fetched. */
static bool uri_like(const char *s)
{
    size_t scheme = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-");
    if (scheme == 0 || s[scheme] != ':' || !s[scheme + 1])
        return false;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p <= 0x20 || *p == 0x7f)
            return false;
    return true;
}

struct create_arg {
    const struct ehr_client_fields *fields;
};

static enum pg_err insert(struct store_conn *c, void *arg, struct created *out)
{
    const struct create_arg *a = arg;
    char id[37];
    enum pg_err err = store_ehr_client_insert(c, a->fields, id, &out->json);
    if (err == PG_ERR_OK)
        snprintf(out->location, sizeof out->location, "/v1/ehr-clients/%s", id);
    return err;
}

void api_ehr_clients_create(const struct http_req *req, struct http_res *res)
{
    static const char *const fields[] = {
        "iss", "name", "jwks", "jku_allowlist", "patient_identifier_system", "fhir_servers", NULL};
    if (!edge_no_query(req, res))
        return;
    struct app *app = req->ctx;
    json_t *body = edge_body_object(req, res);
    if (!body)
        return;
    struct validation v = {0};
    validate_known_fields(&v, body, fields);
    char *jwks_text = NULL, *jku_text = NULL, *servers_text = NULL;
    struct ehr_client_fields f = {.clinic = auth_clinic(),
                                  .iss = validate_string(&v, body, "iss", true, 255),
                                  .name = validate_string(&v, body, "name", true, 200)};
    f.patient_system = validate_string(&v, body, "patient_identifier_system", false, 255);
    if (f.patient_system && !uri_like(f.patient_system))
        validation_add(&v, "/patient_identifier_system",
                       "must be a URI (a scheme, a colon, no white space), e.g. urn:oid:1.2.3");
    json_t *jwks = json_object_get(body, "jwks"), *jku = json_object_get(body, "jku_allowlist");
    if (jwks && jku)
        validation_add(&v, "/jku_allowlist", "give jwks or jku_allowlist, not both");
    else if (!jwks && !jku)
        validation_add(&v, "/jwks", "required, unless jku_allowlist is given");
    else if (jwks)
        check_jwks(&v, jwks, &jwks_text);
    else
        check_urls(&v, "/jku_allowlist", jku, app->cfg->jku_loopback_http, &jku_text);
    json_t *servers = json_object_get(body, "fhir_servers");
    if (servers && !json_is_null(servers))
        check_urls(&v, "/fhir_servers", servers, app->cfg->jku_loopback_http, &servers_text);
    f.jwks = jwks_text;
    f.jku = jku_text;
    f.fhir_servers = servers_text;
    if (!validation_ok(&v)) {
        validation_reply(&v, req, res);
        goto out;
    }
    struct create_arg arg = {&f};
    enum pg_err err;
    if (create_run(req, res, app->pool, insert, &arg, &err))
        goto out;
    if (err == PG_ERR_CONFLICT)
        http_res_problem(res, req, err, NULL,
                         "an active EHR client (of this or another clinic) already has this iss; "
                         "revoke it first");
    else
        edge_reply_error(req, res, err, "clinic");
out:
    free(jwks_text);
    free(jku_text);
    free(servers_text);
    validation_cleanup(&v);
    json_decref(body);
}

void api_ehr_clients_list(const struct http_req *req, struct http_res *res)
{
    cursor_list_clinic(req, res, store_ehr_client_list);
}

/* One client of the clinic by the path's id, read or revoked. */
static void one(const struct http_req *req, struct http_res *res, bool revoke)
{
    if (!edge_no_query(req, res))
        return;
    struct app *app = req->ctx;
    const char *id = edge_path_id(req, res, "EHR client");
    if (!id)
        return;
    struct buf json = {0};
    enum pg_err err = revoke ? store_ehr_client_revoke(app->pool, auth_clinic(), id, &json)
                             : store_ehr_client_get(app->pool, auth_clinic(), id, &json);
    if (err == PG_ERR_OK)
        http_res_json_buf(res, 200, &json);
    else
        edge_reply_error(req, res, err, "EHR client");
    buf_cleanup(&json);
}

void api_ehr_clients_get(const struct http_req *req, struct http_res *res) { one(req, res, false); }

/* No authentication result is kept: a client's next token, checked
 * against the database, is refused at once. */
void api_ehr_clients_revoke(const struct http_req *req, struct http_res *res)
{
    one(req, res, true);
}

void api_ehr_clients_me(const struct http_req *req, struct http_res *res)
{
    if (!edge_no_query(req, res))
        return;
    struct app *app = req->ctx;
    struct buf json = {0};
    enum pg_err err = store_ehr_client_me(app->pool, auth_clinic(), auth_key_id(), &json);
    if (err == PG_ERR_OK)
        http_res_json_buf(res, 200, &json);
    else
        edge_reply_error(req, res, err, "EHR client");
    buf_cleanup(&json);
}
