/* Passwords: a hash checks its own password and no other, carries the
 * parameters chosen, and one made with older parameters is still checked
 * (and asks to be made again); an unknown person's check never matches. */
#include "unit.h"

#include "paingen/core/password.h"

#include <string.h>

/* "correct horse battery", hashed with libsodium at t=2, m=19 MiB */
static const char older[] = "$argon2id$v=19$m=19456,t=2,p=1$D2+DibRQSLd7+cyNu/qUlw$"
                            "WtAC29amHTSLbw0ToFH0dhMvY7mh9cV3IZ1UeuEQ+II";

void test_password(void)
{
    CHECK(password_init());
    char a[PASSWORD_HASH_SIZE], b[PASSWORD_HASH_SIZE];
    CHECK(password_hash("correct horse battery staple", a) == PG_ERR_OK);
    CHECK(password_hash("correct horse battery staple", b) == PG_ERR_OK);
    CHECK(strncmp(a, "$argon2id$v=19$m=65536,t=3,p=1$", 31) == 0);
    CHECK(strcmp(a, b) != 0); /* a salt of its own */
    bool match = false;
    CHECK(password_verify(a, "correct horse battery staple", &match) == PG_ERR_OK && match);
    CHECK(password_verify(a, "correct horse battery stapl", &match) == PG_ERR_OK && !match);
    CHECK(password_verify(a, "", &match) == PG_ERR_OK && !match);
    CHECK(!password_needs_rehash(a));
    /* older parameters: still checked, and made again at the next sign-in */
    CHECK(password_verify(older, "correct horse battery", &match) == PG_ERR_OK && match);
    CHECK(password_verify(older, "correct horse batterY", &match) == PG_ERR_OK && !match);
    CHECK(password_needs_rehash(older));
    CHECK(password_needs_rehash("not a hash"));
    /* the unknown person's hash, and a stored value that is no hash */
    CHECK(password_verify(NULL, "correct horse battery staple", &match) == PG_ERR_OK && !match);
    CHECK(password_verify("$argon2id$nonsense", "x", &match) == PG_ERR_OK && !match);
}
