/* JOSE against fixed keys and tokens (made once by
 * tests/ehr/make-unit-fixtures.mjs, data/jose_*): each refusal with its
 * own code, the claims' time bounds at their edges, JWK Set registration
 * refusing each unusable key by the member at fault, base64url. */
#include "unit.h"

#include "paingen/core/jose.h"

#include <stdlib.h>
#include <string.h>

/* As the fixtures were made. */
#define NOW 1767225600
#define ISS "https://ehr.example.org"
#define AUD "https://paingen.clinic.example/cds-services/pain-workup"

static struct jose_jwks *fixture_keys;

static json_t *load_jwks(void)
{
    char path[512];
    const char *dir = getenv("PAINGEN_UNIT_DATA");
    snprintf(path, sizeof path, "%s/jose_jwks.json", dir ? dir : "tests/unit/data");
    json_error_t e;
    json_t *j = json_load_file(path, JSON_REJECT_DUPLICATES, &e);
    CHECK_MSG(j != NULL, "cannot read %s: %s", path, e.text);
    return j;
}

/* What a token gets: its parse, then the signature, then the claims. */
static enum jose_err judge(const char *token, const struct jose_expect *want, struct jose_token *t)
{
    enum jose_err err = jose_parse(token, t);
    if (err == JOSE_OK)
        err = jose_verify(t, fixture_keys);
    if (err == JOSE_OK)
        err = jose_check_claims(t, want);
    return err;
}

static void token_row(char **f, int n, int line)
{
    CHECK_MSG(n == 3, "jose_tokens.tsv:%d: %d fields, want 3", line, n);
    if (n != 3)
        return;
    struct jose_expect want = {ISS, AUD, NOW};
    struct jose_token t;
    enum jose_err err = judge(f[2], &want, &t);
    CHECK_MSG(strcmp(jose_err_name(err), f[1]) == 0, "jose_tokens.tsv:%d %s: %s, want %s", line,
              f[0], jose_err_name(err), f[1]);
    jose_token_cleanup(&t);
}

static void bad_key_row(char **f, int n, int line)
{
    CHECK_MSG(n == 3, "jose_bad_keys.tsv:%d: %d fields, want 3", line, n);
    if (n != 3)
        return;
    json_t *jwk = json_loads(f[2], 0, NULL);
    json_t *set = json_pack("{s:[o]}", "keys", jwk);
    struct jose_jwks *k = NULL;
    size_t at = 99;
    const char *member = NULL;
    enum jose_err err = jose_jwks_build(set, true, &k, &at, &member);
    CHECK_MSG(err == JOSE_BAD_KEY && at == 0 && member && strcmp(member, f[1]) == 0,
              "jose_bad_keys.tsv:%d %s: %s at %zu '%s', want BAD_KEY at 0 '%s'", line, f[0],
              jose_err_name(err), at, member ? member : "", f[1]);
    CHECK(k == NULL);
    /* the same key in a fetched set is skipped (a private member only
     * ignored), not fatal to the others */
    json_t *mixed = load_jwks();
    json_array_append(json_object_get(mixed, "keys"), jwk);
    const char *kid = json_string_value(json_object_get(jwk, "kid"));
    CHECK(jose_jwks_build(mixed, false, &k, &at, &member) == JOSE_OK &&
          jose_jwks_has(k, "ec-1", JOSE_ES384));
    CHECK(strcmp(f[1], "d") == 0 ||
          (!jose_jwks_has(k, kid, JOSE_ES384) && !jose_jwks_has(k, kid, JOSE_RS384)));
    jose_jwks_free(k);
    json_decref(mixed);
    json_decref(set);
}

/* The strict registration of one key edited: the member at fault. */
static const char *strict_fault(const char *jwk_json)
{
    json_t *set = json_pack("{s:[o]}", "keys", json_loads(jwk_json, JSON_DECODE_ANY, NULL));
    struct jose_jwks *k = NULL;
    size_t at = 99;
    const char *member = "(accepted)";
    if (jose_jwks_build(set, true, &k, &at, &member) == JOSE_OK)
        member = "(accepted)";
    jose_jwks_free(k);
    json_decref(set);
    return member;
}

static void registration(json_t *jwks)
{
    /* the fixture holds a key of a used kid for encryption: fine to skip
     * when fetched, refused when registered */
    struct jose_jwks *k = NULL;
    size_t at = 99;
    const char *member = NULL;
    CHECK(jose_jwks_build(jwks, true, &k, &at, &member) == JOSE_BAD_KEY && at == 2 &&
          strcmp(member, "kid") == 0);
    json_t *two = json_deep_copy(jwks);
    json_array_remove(json_object_get(two, "keys"), 2);
    CHECK(jose_jwks_build(two, true, &k, &at, &member) == JOSE_OK && k);
    CHECK(jose_jwks_has(k, "ec-1", JOSE_ES384) && jose_jwks_has(k, "rsa-1", JOSE_RS384));
    CHECK(!jose_jwks_has(k, "ec-1", JOSE_RS384) && !jose_jwks_has(k, "ec-2", JOSE_ES384));
    jose_jwks_free(k);

    const char *ec = json_dumps(json_array_get(json_object_get(two, "keys"), 0), 0);
    json_t *edit = json_loads(ec, 0, NULL);
    free((void *)ec);
    struct {
        const char *member, *value, *fault;
    } edits[] = {
        {"use", "enc", "use"},
        {"alg", "RS384", "alg"},
        {"alg", "ES256", "alg"},
        {"kty", "OKP", "kty"},
        {"crv", "P-256", "crv"},
        {"x", "AAAA", "x"},
        {"y", "not base64!", "y"},
        {"kid", "", "kid"},
        {"k", "c2VjcmV0", "k"},
        {"x", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "x"},
    };
    for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
        json_t *e = json_deep_copy(edit);
        json_object_set_new(e, edits[i].member, json_string(edits[i].value));
        char *text = json_dumps(e, 0);
        const char *fault = strict_fault(text);
        CHECK_MSG(strcmp(fault, edits[i].fault) == 0, "%s=%s: fault '%s', want '%s'",
                  edits[i].member, edits[i].value, fault, edits[i].fault);
        free(text);
        json_decref(e);
    }
    json_object_del(edit, "kid");
    char *text = json_dumps(edit, 0);
    CHECK(strcmp(strict_fault(text), "kid") == 0);
    free(text);
    json_decref(edit);
    CHECK(strcmp(strict_fault("\"a string\""), "") == 0);

    /* not a set; too many keys; none usable */
    json_t *none = json_pack("{s:[{s:s}]}", "keys", "kty", "oct");
    json_t *many = json_pack("{s:[]}", "keys");
    for (int i = 0; i <= JOSE_JWKS_MAX; i++)
        json_array_append(json_object_get(many, "keys"),
                          json_array_get(json_object_get(two, "keys"), 0));
    json_t *notset = json_pack("{s:{}}", "keys");
    CHECK(jose_jwks_build(notset, false, &k, &at, &member) == JOSE_BAD_JWKS && !k);
    CHECK(jose_jwks_build(many, false, &k, &at, &member) == JOSE_BAD_JWKS && !k);
    CHECK(jose_jwks_build(none, false, &k, &at, &member) == JOSE_NO_KEYS && !k);
    json_decref(none);
    json_decref(many);
    json_decref(notset);
    json_decref(two);
}

/* The good ES384 token at the edges of its time window: iat NOW-10,
 * exp NOW+240, a skew of 60 s either way. */
static void time_edges(void)
{
    FILE *f = NULL;
    char path[512], line[2048], token[2048] = "";
    const char *dir = getenv("PAINGEN_UNIT_DATA");
    snprintf(path, sizeof path, "%s/jose_tokens.tsv", dir ? dir : "tests/unit/data");
    if ((f = fopen(path, "r"))) {
        while (fgets(line, sizeof line, f))
            if (strncmp(line, "ES384 good\tOK\t", 14) == 0)
                snprintf(token, sizeof token, "%.*s", (int)strcspn(line + 14, "\r\n"), line + 14);
        fclose(f);
    }
    CHECK(token[0]);
    struct {
        int64_t now;
        enum jose_err want;
    } cases[] = {
        {NOW, JOSE_OK},
        {NOW + 240 + 59, JOSE_OK}, /* exp passed, within the skew */
        {NOW + 240 + 60, JOSE_EXPIRED},
        {NOW - 70, JOSE_OK}, /* iat ahead by the skew */
        {NOW - 71, JOSE_IAT_FUTURE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct jose_expect want = {ISS, AUD, cases[i].now};
        struct jose_token t;
        enum jose_err err = judge(token, &want, &t);
        CHECK_MSG(err == cases[i].want, "now %+lld: %s, want %s", (long long)(cases[i].now - NOW),
                  jose_err_name(err), jose_err_name(cases[i].want));
        if (err == JOSE_OK)
            CHECK(strcmp(jose_jti(&t), "jti-0001") == 0 && jose_exp(&t) == NOW + 240);
        jose_token_cleanup(&t);
    }
    struct jose_token t;
    struct jose_expect no_iss = {NULL, AUD, NOW}, other_aud = {ISS, AUD "/", NOW};
    CHECK(judge(token, &no_iss, &t) == JOSE_ISS);
    jose_token_cleanup(&t);
    CHECK(judge(token, &other_aud, &t) == JOSE_AUD);
    jose_token_cleanup(&t);
    /* a token longer than the bound is refused before it is decoded */
    char *big = malloc(JOSE_TOKEN_MAX + 2);
    memset(big, 'A', JOSE_TOKEN_MAX + 1);
    big[JOSE_TOKEN_MAX + 1] = '\0';
    big[10] = big[20] = '.';
    CHECK(jose_parse(big, &t) == JOSE_MALFORMED && t.header == NULL);
    free(big);
}

static void base64url(void)
{
    uint8_t out[8];
    CHECK(jose_b64url_decode("", 0, out, sizeof out) == 0);
    CHECK(jose_b64url_decode("QQ", 2, out, sizeof out) == 1 && out[0] == 'A');
    CHECK(jose_b64url_decode("YWJj", 4, out, sizeof out) == 3 && memcmp(out, "abc", 3) == 0);
    CHECK(jose_b64url_decode("-_8", 3, out, sizeof out) == 2 && out[0] == 0xfb && out[1] == 0xff);
    CHECK(jose_b64url_decode("QR", 2, out, sizeof out) == -1); /* unused bits set */
    CHECK(jose_b64url_decode("Q", 1, out, sizeof out) == -1);
    CHECK(jose_b64url_decode("QQ==", 4, out, sizeof out) == -1);
    CHECK(jose_b64url_decode("+/8", 3, out, sizeof out) == -1);
    CHECK(jose_b64url_decode("YWJjZGVmZ2hp", 12, out, sizeof out) == -1); /* 9 > 8 bytes */
}

void test_jose(void)
{
    json_t *jwks = load_jwks();
    size_t at;
    const char *member;
    CHECK(jwks && jose_jwks_build(jwks, false, &fixture_keys, &at, &member) == JOSE_OK);
    CHECK(unit_each_row("jose_tokens.tsv", token_row) >= 20);
    CHECK(unit_each_row("jose_bad_keys.tsv", bad_key_row) == 3);
    if (jwks)
        registration(jwks);
    time_edges();
    base64url();
    CHECK(strcmp(jose_err_name(JOSE_ALG_HMAC), "ALG_HMAC") == 0);
    jose_jwks_free(fixture_keys);
    fixture_keys = NULL;
    json_decref(jwks);
}
