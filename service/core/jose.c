/* Compact JWS parsing, JWK Set keys and ES384 / RS384 verification with
 * libcrypto (EVP_PKEY_fromdata, EVP_DigestVerify), and the claims an
 * EHR's token must carry. Only the two asymmetric algorithms CDS Hooks
 * names are ever verified: "none" and HMAC are refused by name, before
 * any key is looked at, so that a public key can never serve as an HMAC
 * secret. */
#include "paingen/core/jose.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define EC_COORD_BYTES 48   /* P-384 */
#define RSA_MIN_BITS   2048 /* RFC 7518 §3.3 */
#define RSA_MAX_BYTES  1024 /* 8192 bits: bounds the work one token costs */
#define RSA_E_MAX      8    /* bytes */

struct jose_key {
    char kid[JOSE_KID_MAX + 1];
    enum jose_alg alg; /* the one its kty signs with here */
    EVP_PKEY *pkey;
};

struct jose_jwks {
    size_t n;
    struct jose_key keys[JOSE_JWKS_MAX];
};

static const struct {
    const char *name, *text;
} errs[] = {
#define JOSE_ERR_ROW(name, text) {#name, text},
    JOSE_ERR_MAP(JOSE_ERR_ROW)
#undef JOSE_ERR_ROW
};

const char *jose_err_name(enum jose_err e)
{
    return (size_t)e < sizeof errs / sizeof errs[0] ? errs[e].name : "UNKNOWN";
}

const char *jose_err_text(enum jose_err e)
{
    return (size_t)e < sizeof errs / sizeof errs[0] ? errs[e].text : "unknown error";
}

static int b64url_value(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    return c == '-' ? 62 : c == '_' ? 63 : -1;
}

long jose_b64url_decode(const char *s, size_t len, uint8_t *out, size_t cap)
{
    if (len % 4 == 1)
        return -1;
    size_t n = len / 4 * 3 + (len % 4 ? len % 4 - 1 : 0);
    if (n > cap)
        return -1;
    uint32_t acc = 0;
    int bits = 0;
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        int v = b64url_value(s[i]);
        if (v < 0)
            return -1;
        acc = ((acc << 6) | (uint32_t)v) & 0xffffu;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[o++] = (uint8_t)(acc >> bits);
        }
    }
    /* one spelling per value: the bits left over must be zero */
    if (bits && (acc & ((1u << bits) - 1)))
        return -1;
    return (long)o;
}

/* A base64url member of obj decoded into out (at most cap bytes); -1
 * when absent, not a string or not base64url. */
static long member_b64(const json_t *obj, const char *key, uint8_t *out, size_t cap)
{
    const json_t *v = json_object_get(obj, key);
    if (!json_is_string(v))
        return -1;
    return jose_b64url_decode(json_string_value(v), json_string_length(v), out, cap);
}

/* A string member without NUL of 1..max bytes, or NULL. */
static const char *member_string(const json_t *obj, const char *key, size_t max)
{
    const json_t *v = json_object_get(obj, key);
    if (!json_is_string(v))
        return NULL;
    size_t n = json_string_length(v);
    const char *s = json_string_value(v);
    return n >= 1 && n <= max && strlen(s) == n ? s : NULL;
}

/* A JSON object decoded from one base64url part. */
static enum jose_err decode_object(const char *part, size_t len, json_t **out)
{
    uint8_t raw[JOSE_PART_MAX];
    long n = jose_b64url_decode(part, len, raw, sizeof raw);
    if (n < 0)
        return JOSE_BAD_BASE64;
    json_error_t e;
    json_t *v = json_loadb((const char *)raw, (size_t)n, JSON_REJECT_DUPLICATES, &e);
    if (!json_is_object(v)) {
        json_decref(v);
        return JOSE_BAD_JSON;
    }
    *out = v;
    return JOSE_OK;
}

/* The header's alg, typ, crit and kid. */
static enum jose_err check_header(struct jose_token *t)
{
    const char *alg = member_string(t->header, "alg", 32);
    if (alg && strcasecmp(alg, "none") == 0)
        return JOSE_ALG_NONE;
    if (alg && strncasecmp(alg, "HS", 2) == 0)
        return JOSE_ALG_HMAC;
    if (alg && strcmp(alg, "ES384") == 0)
        t->alg = JOSE_ES384;
    else if (alg && strcmp(alg, "RS384") == 0)
        t->alg = JOSE_RS384;
    else
        return JOSE_ALG_UNSUPPORTED;
    const json_t *typ = json_object_get(t->header, "typ");
    if (typ && (!json_is_string(typ) || strcasecmp(json_string_value(typ), "JWT") != 0))
        return JOSE_BAD_TYP;
    if (json_object_get(t->header, "crit"))
        return JOSE_CRIT;
    t->kid = member_string(t->header, "kid", JOSE_KID_MAX);
    return t->kid ? JOSE_OK : JOSE_NO_KID;
}

static enum jose_err parse(const char *compact, struct jose_token *t)
{
    size_t len = strnlen(compact, JOSE_TOKEN_MAX + 1);
    const char *d1 = memchr(compact, '.', len);
    const char *d2 = d1 ? memchr(d1 + 1, '.', len - (size_t)(d1 + 1 - compact)) : NULL;
    if (len > JOSE_TOKEN_MAX || !d2 || d1 == compact || d2 == d1 + 1 ||
        memchr(d2 + 1, '.', len - (size_t)(d2 + 1 - compact)))
        return JOSE_MALFORMED;
    enum jose_err err = decode_object(compact, (size_t)(d1 - compact), &t->header);
    if (err == JOSE_OK)
        err = decode_object(d1 + 1, (size_t)(d2 - d1 - 1), &t->claims);
    if (err == JOSE_OK)
        err = check_header(t);
    if (err != JOSE_OK)
        return err;
    size_t sig_chars = len - (size_t)(d2 + 1 - compact);
    t->signature = malloc(RSA_MAX_BYTES);
    t->signing_len = (size_t)(d2 - compact);
    t->signing_input = strndup(compact, t->signing_len);
    if (!t->signature || !t->signing_input)
        abort();
    long n = jose_b64url_decode(d2 + 1, sig_chars, t->signature, RSA_MAX_BYTES);
    if (n <= 0)
        return n < 0 ? JOSE_BAD_BASE64 : JOSE_BAD_SIGNATURE;
    t->signature_len = (size_t)n;
    return JOSE_OK;
}

enum jose_err jose_parse(const char *compact, struct jose_token *t)
{
    *t = (struct jose_token){0};
    enum jose_err err = parse(compact, t);
    if (err != JOSE_OK)
        jose_token_cleanup(t);
    return err;
}

void jose_token_cleanup(struct jose_token *t)
{
    if (!t)
        return;
    json_decref(t->header);
    json_decref(t->claims);
    free(t->signing_input);
    free(t->signature);
    *t = (struct jose_token){0};
}

/* A public key from OSSL_PARAMs, checked (an EC point on the curve). */
static EVP_PKEY *from_params(const char *type, OSSL_PARAM *params)
{
    EVP_PKEY *pkey = NULL;
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, type, NULL);
    if (ctx && EVP_PKEY_fromdata_init(ctx) == 1)
        (void)EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params);
    EVP_PKEY_CTX_free(ctx);
    ctx = pkey ? EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL) : NULL;
    if (pkey && (!ctx || EVP_PKEY_public_check(ctx) != 1)) {
        EVP_PKEY_free(pkey);
        pkey = NULL;
    }
    EVP_PKEY_CTX_free(ctx);
    ERR_clear_error();
    return pkey;
}

/* kty EC: crv P-384, x and y of 48 bytes each, a point on the curve. */
static EVP_PKEY *ec_key(const json_t *jwk, const char **bad)
{
    uint8_t point[1 + 2 * EC_COORD_BYTES] = {0x04}; /* uncompressed: 04 || x || y */
    const char *crv = member_string(jwk, "crv", 16);
    if (!crv || strcmp(crv, "P-384") != 0) {
        *bad = "crv";
        return NULL;
    }
    if (member_b64(jwk, "x", point + 1, EC_COORD_BYTES) != EC_COORD_BYTES) {
        *bad = "x";
        return NULL;
    }
    if (member_b64(jwk, "y", point + 1 + EC_COORD_BYTES, EC_COORD_BYTES) != EC_COORD_BYTES) {
        *bad = "y";
        return NULL;
    }
    char group[] = "secp384r1";
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, group, 0),
        OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, point, sizeof point),
        OSSL_PARAM_construct_end()};
    EVP_PKEY *k = from_params("EC", params);
    if (!k)
        *bad = "x"; /* not a point of the curve */
    return k;
}

/* kty RSA: n of 2048 to 8192 bits, e odd and at least 3. */
static EVP_PKEY *rsa_key(const json_t *jwk, const char **bad)
{
    uint8_t nb[RSA_MAX_BYTES], eb[RSA_E_MAX];
    long nn = member_b64(jwk, "n", nb, sizeof nb);
    long en = member_b64(jwk, "e", eb, sizeof eb);
    BIGNUM *n = nn > 0 ? BN_bin2bn(nb, (int)nn, NULL) : NULL;
    BIGNUM *e = en > 0 ? BN_bin2bn(eb, (int)en, NULL) : NULL;
    EVP_PKEY *k = NULL;
    if (!n || BN_num_bits(n) < RSA_MIN_BITS) {
        *bad = "n";
    } else if (!e || !BN_is_odd(e) || BN_is_one(e)) {
        *bad = "e";
    } else {
        OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
        OSSL_PARAM *params = NULL;
        if (bld && OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n) == 1 &&
            OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e) == 1)
            params = OSSL_PARAM_BLD_to_param(bld);
        k = params ? from_params("RSA", params) : NULL;
        if (!k)
            *bad = "n";
        OSSL_PARAM_free(params);
        OSSL_PARAM_BLD_free(bld);
    }
    BN_free(n);
    BN_free(e);
    return k;
}

/* Members that only a private or symmetric key has. */
static const char *private_member(const json_t *jwk)
{
    static const char *const names[] = {"d", "p", "q", "dp", "dq", "qi", "oth", "k"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (json_object_get(jwk, names[i]))
            return names[i];
    return NULL;
}

static bool has_kid(const struct jose_jwks *k, const char *kid)
{
    for (size_t i = 0; i < k->n; i++)
        if (strcmp(k->keys[i].kid, kid) == 0)
            return true;
    return false;
}

/* One JWK into out: NULL, or the member at fault ("" for the key). */
static const char *build_key(const json_t *jwk, const struct jose_jwks *set, bool strict,
                             struct jose_key *out)
{
    if (!json_is_object(jwk))
        return "";
    const char *priv = private_member(jwk);
    if (priv && strict)
        return priv;
    const char *kid = member_string(jwk, "kid", JOSE_KID_MAX);
    if (!kid || (strict && has_kid(set, kid)))
        return "kid";
    const json_t *use = json_object_get(jwk, "use");
    if (use && (!json_is_string(use) || strcmp(json_string_value(use), "sig") != 0))
        return "use";
    const char *kty = member_string(jwk, "kty", 8);
    enum jose_alg alg = 0;
    if (kty && strcmp(kty, "EC") == 0)
        alg = JOSE_ES384;
    else if (kty && strcmp(kty, "RSA") == 0)
        alg = JOSE_RS384;
    else
        return "kty";
    const json_t *a = json_object_get(jwk, "alg");
    if (a && (!json_is_string(a) ||
              strcmp(json_string_value(a), alg == JOSE_ES384 ? "ES384" : "RS384") != 0))
        return "alg";
    const char *bad = "";
    out->pkey = alg == JOSE_ES384 ? ec_key(jwk, &bad) : rsa_key(jwk, &bad);
    if (!out->pkey)
        return bad;
    out->alg = alg;
    snprintf(out->kid, sizeof out->kid, "%s", kid);
    return NULL;
}

enum jose_err jose_jwks_build(const json_t *jwks, bool strict, struct jose_jwks **out,
                              size_t *bad_index, const char **bad_member)
{
    *out = NULL;
    const json_t *keys = json_object_get(jwks, "keys");
    if (!json_is_array(keys) || json_array_size(keys) > JOSE_JWKS_MAX)
        return JOSE_BAD_JWKS;
    struct jose_jwks *set = calloc(1, sizeof *set);
    if (!set)
        abort();
    for (size_t i = 0; i < json_array_size(keys); i++) {
        const char *bad = build_key(json_array_get(keys, i), set, strict, &set->keys[set->n]);
        if (!bad) {
            set->n++;
        } else if (strict) {
            *bad_index = i;
            *bad_member = bad;
            jose_jwks_free(set);
            return JOSE_BAD_KEY;
        }
    }
    if (set->n == 0) {
        jose_jwks_free(set);
        return JOSE_NO_KEYS;
    }
    *out = set;
    return JOSE_OK;
}

void jose_jwks_free(struct jose_jwks *k)
{
    if (!k)
        return;
    for (size_t i = 0; i < k->n; i++)
        EVP_PKEY_free(k->keys[i].pkey);
    free(k);
}

static const struct jose_key *find_key(const struct jose_jwks *k, const char *kid,
                                       enum jose_alg alg)
{
    for (size_t i = 0; k && i < k->n; i++)
        if (k->keys[i].alg == alg && strcmp(k->keys[i].kid, kid) == 0)
            return &k->keys[i];
    return NULL;
}

bool jose_jwks_has(const struct jose_jwks *k, const char *kid, enum jose_alg alg)
{
    return find_key(k, kid, alg) != NULL;
}

/* EVP_DigestVerify with SHA-384 (PKCS #1 v1.5 padding for RSA). */
static enum jose_err digest_verify(EVP_PKEY *key, bool rsa, const uint8_t *sig, size_t sig_len,
                                   const char *input, size_t len)
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    EVP_PKEY_CTX *pctx = NULL;
    int rc = ctx ? EVP_DigestVerifyInit(ctx, &pctx, EVP_sha384(), NULL, key) : 0;
    if (rc == 1 && rsa)
        rc = EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING);
    if (rc == 1)
        rc = EVP_DigestVerify(ctx, sig, sig_len, (const unsigned char *)input, len);
    EVP_MD_CTX_free(ctx);
    ERR_clear_error();
    return rc == 1 ? JOSE_OK : rc == 0 || rc == -1 ? JOSE_BAD_SIGNATURE : JOSE_CRYPTO;
}

/* The JWS form of an ECDSA signature (r || s, 48 bytes each) as the DER
 * that libcrypto verifies. */
static enum jose_err verify_es384(EVP_PKEY *key, const struct jose_token *t)
{
    if (t->signature_len != 2 * EC_COORD_BYTES)
        return JOSE_BAD_SIGNATURE;
    ECDSA_SIG *sig = ECDSA_SIG_new();
    BIGNUM *r = BN_bin2bn(t->signature, EC_COORD_BYTES, NULL);
    BIGNUM *s = BN_bin2bn(t->signature + EC_COORD_BYTES, EC_COORD_BYTES, NULL);
    unsigned char *der = NULL;
    int der_len = -1;
    if (sig && r && s && ECDSA_SIG_set0(sig, r, s) == 1) {
        r = s = NULL; /* the signature owns them now */
        der_len = i2d_ECDSA_SIG(sig, &der);
    }
    enum jose_err err = der_len > 0 ? digest_verify(key, false, der, (size_t)der_len,
                                                    t->signing_input, t->signing_len)
                                    : JOSE_CRYPTO;
    OPENSSL_free(der);
    BN_free(r);
    BN_free(s);
    ECDSA_SIG_free(sig);
    return err;
}

enum jose_err jose_verify(const struct jose_token *t, const struct jose_jwks *keys)
{
    const struct jose_key *k = find_key(keys, t->kid, t->alg);
    if (!k)
        return JOSE_UNKNOWN_KID;
    if (t->alg == JOSE_ES384)
        return verify_es384(k->pkey, t);
    if (t->signature_len != (size_t)EVP_PKEY_get_size(k->pkey))
        return JOSE_BAD_SIGNATURE;
    return digest_verify(k->pkey, true, t->signature, t->signature_len, t->signing_input,
                         t->signing_len);
}

/* A string JSON value equal to s (whole: no NUL inside). */
static bool string_is(const json_t *v, const char *s)
{
    return json_is_string(v) && json_string_length(v) == strlen(s) &&
           strcmp(json_string_value(v), s) == 0;
}

static bool aud_holds(const json_t *aud, const char *url)
{
    if (json_is_array(aud)) {
        for (size_t i = 0; i < json_array_size(aud); i++)
            if (string_is(json_array_get(aud, i), url))
                return true;
        return false;
    }
    return string_is(aud, url);
}

enum jose_err jose_check_claims(const struct jose_token *t, const struct jose_expect *e)
{
    const json_t *c = t->claims;
    if (!e->iss || !string_is(json_object_get(c, "iss"), e->iss))
        return JOSE_ISS;
    if (!e->aud || !aud_holds(json_object_get(c, "aud"), e->aud))
        return JOSE_AUD;
    const json_t *exp = json_object_get(c, "exp"), *iat = json_object_get(c, "iat");
    const json_t *nbf = json_object_get(c, "nbf");
    double now = (double)e->now;
    if (!json_is_number(exp))
        return JOSE_NO_EXP;
    if (json_number_value(exp) <= now - JOSE_CLOCK_SKEW_S)
        return JOSE_EXPIRED;
    if (json_number_value(exp) > now + JOSE_EXP_MAX_S + JOSE_CLOCK_SKEW_S)
        return JOSE_EXP_TOO_FAR;
    if (!json_is_number(iat))
        return JOSE_NO_IAT;
    if (json_number_value(iat) > now + JOSE_CLOCK_SKEW_S)
        return JOSE_IAT_FUTURE;
    if (nbf && (!json_is_number(nbf) || json_number_value(nbf) > now + JOSE_CLOCK_SKEW_S))
        return JOSE_NOT_YET;
    if (!member_string(c, "jti", JOSE_JTI_MAX))
        return JOSE_NO_JTI;
    return JOSE_OK;
}

const char *jose_jti(const struct jose_token *t)
{
    return member_string(t->claims, "jti", JOSE_JTI_MAX);
}

int64_t jose_exp(const struct jose_token *t)
{
    return (int64_t)json_number_value(json_object_get(t->claims, "exp"));
}
