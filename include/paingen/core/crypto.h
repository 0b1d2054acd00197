/* The little cryptography API keys need: SHA-256 (FIPS 180-4, computed by
 * libcrypto), a constant-time comparison and random bytes from the
 * kernel. */
#ifndef PAINGEN_CORE_CRYPTO_H
#define PAINGEN_CORE_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SHA256_BYTES 32

void sha256(const void *data, size_t len, uint8_t out[SHA256_BYTES]);

/* Compares n bytes in a time that depends on n only. */
bool crypto_equal(const void *a, const void *b, size_t n);

/* Fills buf with n bytes from getrandom(2); false if the kernel could not. */
bool crypto_random(void *buf, size_t n);

#endif
