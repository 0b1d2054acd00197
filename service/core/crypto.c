/* SHA-256 from libcrypto (OpenSSL 3), the comparison of secrets and the
 * kernel's random bytes. */
#include "paingen/core/crypto.h"

#include <errno.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <sys/random.h>

void sha256(const void *data, size_t len, uint8_t out[SHA256_BYTES])
{
    unsigned int n = 0;
    /* fails only when the library cannot allocate: as out of memory */
    if (EVP_Digest(data, len, out, &n, EVP_sha256(), NULL) != 1 || n != SHA256_BYTES)
        abort();
}

bool crypto_equal(const void *a, const void *b, size_t n)
{
    const volatile uint8_t *x = a, *y = b;
    uint8_t diff = 0;
    for (size_t i = 0; i < n; i++)
        diff |= x[i] ^ y[i];
    return diff == 0;
}

bool crypto_random(void *buf, size_t n)
{
    uint8_t *p = buf;
    while (n > 0) {
        ssize_t got = getrandom(p, n, 0);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return false;
        p += got;
        n -= (size_t)got;
    }
    return true;
}
