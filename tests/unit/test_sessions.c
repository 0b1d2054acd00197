/* The pure parts of sign-in: the session cookie read from a Cookie
 * header (data/cookies.tsv), the service's own origin, the form of an
 * account's email (data/emails.tsv) and of a new password, the bucket of
 * an address's failed sign-ins (data/addresses.tsv). */
#include "unit.h"

#include "paingen/api/sessions.h"
#include "paingen/api/users.h"
#include "paingen/core/password.h"

#include <string.h>

static void cookie_row(char **f, int n, int line)
{
    if (n < 2) {
        CHECK_MSG(0, "cookies.tsv:%d: expected 2 or 3 fields", line);
        return;
    }
    static const char *const names[] = {"NONE", "BAD", "OK"};
    char token[AUTH_SECRET_CHARS + 1] = "";
    enum sessions_cookie got = sessions_cookie_parse(strcmp(f[0], "-") ? f[0] : NULL, token);
    CHECK_MSG(strcmp(names[got], f[1]) == 0, "cookies.tsv:%d: %s, want %s", line, names[got], f[1]);
    if (got == SESSIONS_COOKIE_OK)
        CHECK_MSG(n == 3 && strcmp(token, f[2]) == 0, "cookies.tsv:%d: token %s", line, token);
}

static void email_row(char **f, int n, int line)
{
    if (n != 2) {
        CHECK_MSG(0, "emails.tsv:%d: expected 2 fields", line);
        return;
    }
    bool want = strcmp(f[1], "yes") == 0;
    CHECK_MSG(users_email_valid(f[0]) == want, "emails.tsv:%d: '%s' should be %s", line, f[0],
              want ? "valid" : "refused");
}

static void address_row(char **f, int n, int line)
{
    if (n != 2) {
        CHECK_MSG(0, "addresses.tsv:%d: expected 2 fields", line);
        return;
    }
    char out[96];
    sessions_address_bucket(strcmp(f[0], "-") ? f[0] : NULL, out, sizeof out);
    CHECK_MSG(strcmp(out, f[1]) == 0, "addresses.tsv:%d: '%s', want '%s'", line, out, f[1]);
}

static void origins(void)
{
    struct config c = {0};
    char out[256];
    CHECK(sessions_own_origin(&c, "127.0.0.1:8080", out, sizeof out) &&
          strcmp(out, "http://127.0.0.1:8080") == 0);
    CHECK(!sessions_own_origin(&c, NULL, out, sizeof out));
    CHECK(!sessions_own_origin(&c, "", out, sizeof out));
    char cert[] = "cert.pem";
    c.tls_cert = cert; /* served over TLS: https */
    CHECK(sessions_own_origin(&c, "clinic.example", out, sizeof out) &&
          strcmp(out, "https://clinic.example") == 0);
    char url[] = "https://paingen.clinic.example:8443/pg";
    c.public_url = url; /* PAINGEN_PUBLIC_URL wins, without its path */
    CHECK(sessions_own_origin(&c, "127.0.0.1:8080", out, sizeof out) &&
          strcmp(out, "https://paingen.clinic.example:8443") == 0);
    CHECK(!sessions_own_origin(&c, NULL, out, 10)); /* does not fit */
    char bare[] = "http://paingen.test";
    c.public_url = bare;
    CHECK(sessions_own_origin(&c, NULL, out, sizeof out) &&
          strcmp(out, "http://paingen.test") == 0);
}

static void passwords(void)
{
    CHECK(users_password_problem("twelve chars") == NULL);
    CHECK(users_password_problem("eleven char") != NULL);
    /* characters, not bytes: 11 two-byte characters are too few */
    CHECK(users_password_problem("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
                                 "\xc3\xa9\xc3\xa9\xc3\xa9") != NULL);
    char longest[PASSWORD_MAX_BYTES + 2];
    memset(longest, 'x', PASSWORD_MAX_BYTES);
    longest[PASSWORD_MAX_BYTES] = '\0';
    CHECK(users_password_problem(longest) == NULL);
    longest[PASSWORD_MAX_BYTES] = 'x';
    longest[PASSWORD_MAX_BYTES + 1] = '\0';
    CHECK(users_password_problem(longest) != NULL);
}

void test_sessions(void)
{
    CHECK(unit_each_row("cookies.tsv", cookie_row) > 10);
    CHECK(unit_each_row("emails.tsv", email_row) > 10);
    CHECK(unit_each_row("addresses.tsv", address_row) > 8);
    origins();
    passwords();
}
