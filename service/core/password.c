/* Argon2id password hashes from libsodium, a few at a time. */
#include "paingen/core/password.h"

#include "paingen/core/crypto.h"

#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <sodium.h>
#include <string.h>
#include <time.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;
static bool started;
static sem_t slots;
/* the unknown person's hash: of 32 random bytes nobody knows */
static char dummy[PASSWORD_HASH_SIZE];

_Static_assert(PASSWORD_HASH_SIZE == crypto_pwhash_STRBYTES, "hash size is libsodium's");

static void start(void)
{
    if (sodium_init() < 0 || sem_init(&slots, 0, PASSWORD_CONCURRENT) != 0)
        return;
    uint8_t secret[32];
    char text[2 * sizeof secret + 1];
    if (!crypto_random(secret, sizeof secret))
        return;
    sodium_bin2hex(text, sizeof text, secret, sizeof secret);
    started =
        crypto_pwhash_str(dummy, text, strlen(text), PASSWORD_OPSLIMIT, PASSWORD_MEMLIMIT) == 0;
    sodium_memzero(text, sizeof text);
    sodium_memzero(secret, sizeof secret);
}

bool password_init(void)
{
    pthread_once(&once, start);
    return started;
}

/* Waits for a hashing slot: false after PASSWORD_WAIT_S. */
static bool take_slot(void)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += PASSWORD_WAIT_S;
    int rc;
    while ((rc = sem_timedwait(&slots, &until)) != 0 && errno == EINTR) {
    }
    return rc == 0;
}

enum pg_err password_hash(const char *password, char out[PASSWORD_HASH_SIZE])
{
    if (!password_init())
        return PG_ERR_INTERNAL;
    if (!take_slot())
        return PG_ERR_BUSY;
    int rc =
        crypto_pwhash_str(out, password, strlen(password), PASSWORD_OPSLIMIT, PASSWORD_MEMLIMIT);
    sem_post(&slots);
    return rc == 0 ? PG_ERR_OK : PG_ERR_INTERNAL;
}

enum pg_err password_verify(const char *hash, const char *password, bool *match)
{
    *match = false;
    if (!password_init())
        return PG_ERR_INTERNAL;
    if (!take_slot())
        return PG_ERR_BUSY;
    /* a stored hash too long to be one is checked as the dummy, in the
     * same time, and never matches */
    bool real = hash && strnlen(hash, PASSWORD_HASH_SIZE) < PASSWORD_HASH_SIZE;
    int rc = crypto_pwhash_str_verify(real ? hash : dummy, password, strlen(password));
    sem_post(&slots);
    *match = real && rc == 0;
    return PG_ERR_OK;
}

bool password_needs_rehash(const char *hash)
{
    return !password_init() ||
           crypto_pwhash_str_needs_rehash(hash, PASSWORD_OPSLIMIT, PASSWORD_MEMLIMIT) != 0;
}
