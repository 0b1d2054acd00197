/* SHA-256 against the FIPS 180-4 / NIST test vectors; the comparison
 * and the random source. */
#include "unit.h"

#include "paingen/core/crypto.h"

#include <stdlib.h>
#include <string.h>

static void hex(const uint8_t *d, char out[2 * SHA256_BYTES + 1])
{
    for (int i = 0; i < SHA256_BYTES; i++)
        snprintf(out + 2 * i, 3, "%02x", d[i]);
}

static void vector(const char *msg, size_t len, const char *want)
{
    uint8_t d[SHA256_BYTES];
    char got[2 * SHA256_BYTES + 1];
    sha256(msg, len, d);
    hex(d, got);
    CHECK_MSG(strcmp(got, want) == 0, "sha256 of %zu bytes: %s, want %s", len, got, want);
}

void test_crypto(void)
{
    vector("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    vector("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    vector(two, strlen(two), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    char *million = malloc(1000000);
    if (million) {
        memset(million, 'a', 1000000);
        vector(million, 1000000,
               "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
        free(million);
    }
    /* 55, 56 and 64 bytes: the padding's one- and two-block edges */
    vector("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 55,
           "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
    vector("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 64,
           "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
    CHECK(crypto_equal("abcd", "abcd", 4) && !crypto_equal("abcd", "abce", 4));
    uint8_t a[32] = {0}, b[32] = {0};
    CHECK(crypto_random(a, sizeof a) && crypto_random(b, sizeof b) && memcmp(a, b, 32) != 0);
}
