/* Passwords of people (not of API keys): Argon2id hashes made and checked
 * by libsodium (crypto_pwhash), in libsodium's encoded form, which
 * carries the salt and the parameters, so that a hash made with older
 * parameters is still checked, and then made again (needs_rehash).
 *
 * Parameters: 3 passes over 64 MiB, one lane (libsodium's only choice):
 * the second option of RFC 9106 section 4 (t=3, m=64 MiB, for when
 * 2 GiB per hash cannot be spared), past OWASP's least (m=19 MiB, t=2)
 * and libsodium's INTERACTIVE (t=2, m=64 MiB). Measured on this
 * project's kind of machine: about 130 ms per hash. At most
 * PASSWORD_CONCURRENT hashes run at once (64 MiB each): a burst of
 * sign-ins waits for a slot rather than taking memory without bound. */
#ifndef PAINGEN_CORE_PASSWORD_H
#define PAINGEN_CORE_PASSWORD_H

#include "paingen/core/error.h"

#include <stdbool.h>

#define PASSWORD_OPSLIMIT   3ULL
#define PASSWORD_MEMLIMIT   (64u << 20)
#define PASSWORD_CONCURRENT 2
/* how long a hash waits for a slot before BUSY */
#define PASSWORD_WAIT_S     10
/* characters (UTF-8) a new password needs, and bytes any may have */
#define PASSWORD_MIN_CHARS  12
#define PASSWORD_MAX_BYTES  1024
/* an encoded hash with its NUL (libsodium's crypto_pwhash_STRBYTES) */
#define PASSWORD_HASH_SIZE  128

/* Starts libsodium and makes the hash an unknown person's password is
 * checked against (so that a sign-in takes as long whether or not the
 * email is known). The other functions call it when nobody has; call it
 * at start-up so that no request pays for it. False when libsodium cannot
 * start. Thread-safe. */
bool password_init(void);

/* The Argon2id hash of password into out: OK; BUSY when no slot freed up
 * in PASSWORD_WAIT_S; INTERNAL when libsodium failed (no memory). */
enum pg_err password_hash(const char *password, char out[PASSWORD_HASH_SIZE]) PG_MUST_USE;

/* Checks password against hash (NULL: the unknown person's, never a
 * match): OK with *match set; BUSY or INTERNAL as password_hash. */
enum pg_err password_verify(const char *hash, const char *password, bool *match) PG_MUST_USE;

/* Whether hash was made with other parameters than these (or is not an
 * Argon2id hash): the next successful sign-in should store a new one. */
bool password_needs_rehash(const char *hash);

#endif
