/* JSON Web Signatures as CDS Hooks 2.0 EHRs send them: a compact JWS
 * (RFC 7515) signed ES384 or RS384 (RFC 7518), its key chosen by kid from
 * a JWK Set (RFC 7517), and the claims an EHR's token must carry. Pure:
 * no I/O; the cryptography is OpenSSL 3's libcrypto. Every refusal has
 * its own code, so that the log can say why a token was refused (the
 * caller answers every one the same way). */
#ifndef PAINGEN_CORE_JOSE_H
#define PAINGEN_CORE_JOSE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Bounds on what an EHR may send. */
#define JOSE_TOKEN_MAX    8192 /* characters of a compact token */
#define JOSE_PART_MAX     4096 /* bytes of a decoded header or claims set */
#define JOSE_KID_MAX      255
#define JOSE_JTI_MAX      255
#define JOSE_JWKS_MAX     20  /* keys of a set */
#define JOSE_EXP_MAX_S    300 /* a token lives at most 5 minutes (CDS Hooks 2.0) */
#define JOSE_CLOCK_SKEW_S 60  /* allowed between the EHR's clock and ours */

#define JOSE_ERR_MAP(X)                                                      \
    X(OK, "ok")                                                              \
    X(MALFORMED, "not a compact JWS of three parts within the size bounds")  \
    X(BAD_BASE64, "a part is not unpadded base64url")                        \
    X(BAD_JSON, "the header or the claims are not a JSON object")            \
    X(ALG_NONE, "alg none is refused")                                       \
    X(ALG_HMAC, "an HMAC alg is refused (a public key is no shared secret)") \
    X(ALG_UNSUPPORTED, "alg is neither ES384 nor RS384")                     \
    X(BAD_TYP, "typ is present and not JWT")                                 \
    X(CRIT, "the header names critical extensions (none is understood)")     \
    X(NO_KID, "the header has no kid")                                       \
    X(UNKNOWN_KID, "no signing key of the set has this kid for this alg")    \
    X(BAD_SIGNATURE, "the signature does not verify")                        \
    X(ISS, "iss is not the expected issuer")                                 \
    X(AUD, "aud does not hold the URL called")                               \
    X(NO_EXP, "exp is missing or not a number")                              \
    X(EXPIRED, "exp has passed")                                             \
    X(EXP_TOO_FAR, "exp is more than 5 minutes ahead")                       \
    X(NO_IAT, "iat is missing or not a number")                              \
    X(IAT_FUTURE, "iat is in the future")                                    \
    X(NOT_YET, "nbf is in the future")                                       \
    X(NO_JTI, "jti is missing, empty or longer than 255 characters")         \
    X(BAD_JWKS, "not a JWK Set")                                             \
    X(BAD_KEY, "a key of the set is unusable")                               \
    X(NO_KEYS, "the set has no usable signing key")                          \
    X(CRYPTO, "the cryptographic library failed")

enum jose_err {
#define JOSE_ERR_ENUM(name, text) JOSE_##name,
    JOSE_ERR_MAP(JOSE_ERR_ENUM)
#undef JOSE_ERR_ENUM
};

/* The code's name ("BAD_SIGNATURE") and what it means; static storage. */
const char *jose_err_name(enum jose_err e);
const char *jose_err_text(enum jose_err e);

enum jose_alg { JOSE_ES384 = 1, JOSE_RS384 };

/* A parsed token. header and claims are owned; alg and kid borrow from
 * header. */
struct jose_token {
    json_t *header;
    json_t *claims;
    enum jose_alg alg;
    const char *kid;
    char *signing_input; /* "<header>.<claims>" as sent; owned */
    size_t signing_len;
    uint8_t *signature; /* decoded; owned */
    size_t signature_len;
};

/* Parses a compact JWS: three unpadded base64url parts, the header and
 * the claims JSON objects (duplicate members refused), alg ES384 or
 * RS384, typ absent or JWT, a kid. On OK *t is the caller's to clean up;
 * on an error *t holds nothing. */
enum jose_err jose_parse(const char *compact, struct jose_token *t)
    __attribute__((warn_unused_result));
/* Releases what jose_parse made. NULL-safe, idempotent. */
void jose_token_cleanup(struct jose_token *t);

/* The public keys of a JWK Set. */
struct jose_jwks;

/* Builds the keys of a JWK Set ({"keys": [...]}, at most JOSE_JWKS_MAX):
 * kty EC with crv P-384, x and y; kty RSA with n of 2048 bits or more
 * and e. strict (a set an administrator registers): every key must be
 * such a signing key with a kid of its own, no private member, use
 * absent or "sig", alg absent or the one its kty signs with; the first
 * key that is not sets *bad_index and *bad_member (the member at fault,
 * static storage, "" for the key itself) and fails BAD_KEY. Not strict
 * (a set fetched from an EHR): keys that are not usable are skipped.
 * NO_KEYS when no key is left. On OK *out is new (jose_jwks_free). */
enum jose_err jose_jwks_build(const json_t *jwks, bool strict, struct jose_jwks **out,
                              size_t *bad_index, const char **bad_member)
    __attribute__((warn_unused_result));
void jose_jwks_free(struct jose_jwks *k);
/* Whether the set has a key for kid and alg. */
bool jose_jwks_has(const struct jose_jwks *k, const char *kid, enum jose_alg alg);

/* Verifies t's signature with the key of keys named by its kid, of the
 * kty its alg signs with (a key whose use or alg says otherwise is never
 * taken): OK, UNKNOWN_KID or BAD_SIGNATURE. */
enum jose_err jose_verify(const struct jose_token *t, const struct jose_jwks *keys)
    __attribute__((warn_unused_result));

struct jose_expect {
    const char *iss; /* the issuer registered */
    const char *aud; /* the exact URL called */
    int64_t now;     /* seconds since the epoch */
};

/* Checks t's claims: iss equal; aud equal, or an array holding it; exp a
 * number, not past (now - skew) nor beyond now + 5 minutes + skew; iat a
 * number not beyond now + skew; nbf, when present, likewise; jti a
 * string of 1..JOSE_JTI_MAX characters. */
enum jose_err jose_check_claims(const struct jose_token *t, const struct jose_expect *e)
    __attribute__((warn_unused_result));
/* The claims' jti and exp, once checked. */
const char *jose_jti(const struct jose_token *t);
int64_t jose_exp(const struct jose_token *t);

/* Decodes unpadded base64url (RFC 4648 §5) strictly: no other character,
 * no padding, unused bits zero. Returns the decoded length, or -1 (also
 * when it would exceed cap). */
long jose_b64url_decode(const char *s, size_t len, uint8_t *out, size_t cap);

#endif
