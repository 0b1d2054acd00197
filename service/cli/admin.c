/* Clinics, keys and people's accounts from the command line, for the
 * clinic's operators and for make run's development key and user. */
#include "paingen/cli/admin.h"

#include "paingen/api/auth.h"
#include "paingen/api/edge.h"
#include "paingen/api/users.h"
#include "paingen/core/parse.h"
#include "paingen/core/password.h"
#include "paingen/store/keys.h"
#include "paingen/store/users.h"

#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

enum { OK = 0, FAIL = 1, USAGE = 2 };

static const char usage[] =
    "usage: paingen clinics create NAME | clinics list\n"
    "       paingen keys create --clinic ID --role readonly|clinician|ehr|admin\n"
    "                           [--name NAME] [--expires RFC3339-TIME]\n"
    "       paingen keys list | keys revoke ID\n"
    "       paingen user create --clinic ID --email EMAIL --name NAME\n"
    "                           --role readonly|clinician|ehr|admin\n"
    "                           (the password: the first line of standard input)\n"
    "       paingen user list | user disable ID\n";

int cli_is_admin(const char *command)
{
    return command && (strcmp(command, "keys") == 0 || strcmp(command, "clinics") == 0 ||
                       strcmp(command, "user") == 0);
}

static int bad_usage(const char *why)
{
    fprintf(stderr, "paingen: %s\n%s", why, usage);
    return USAGE;
}

/* The value after --name in argv, or NULL. */
static const char *option(int argc, char **argv, const char *name)
{
    for (int i = 3; i + 1 < argc; i += 2)
        if (strcmp(argv[i], name) == 0)
            return argv[i + 1];
    return NULL;
}

static bool only_options(int argc, char **argv, const char *const *allowed)
{
    if ((argc - 3) % 2 != 0)
        return false;
    for (int i = 3; i < argc; i += 2) {
        bool known = false;
        for (const char *const *a = allowed; *a; a++)
            known |= strcmp(argv[i], *a) == 0;
        if (!known)
            return false;
    }
    return true;
}

static int key_create(struct store_conn *c, int argc, char **argv)
{
    static const char *const allowed[] = {"--clinic", "--role", "--name", "--expires", NULL};
    const char *given = option(argc, argv, "--clinic"), *role = option(argc, argv, "--role");
    const char *name = option(argc, argv, "--name"), *expires = option(argc, argv, "--expires");
    enum role r;
    char utc[32];
    time_t when;
    char clinic[37];
    if (!only_options(argc, argv, allowed) || !given || !role)
        return bad_usage("keys create needs --clinic and --role");
    if (!parse_uuid(given, clinic))
        return bad_usage("--clinic must be a clinic id (see paingen clinics list)");
    if (!auth_role_parse(role, &r))
        return bad_usage("--role must be readonly, clinician, ehr or admin");
    if (expires && (!edge_utc_timestamp(expires, utc, &when) || when <= time(NULL)))
        return bad_usage("--expires must be an RFC 3339 date-time in the future, e.g. "
                         "2030-01-01T00:00:00Z");
    char secret[AUTH_SECRET_CHARS + 1], hash[2 * SHA256_BYTES + 1], id[37];
    if (!auth_secret_new(secret, hash)) {
        fputs("paingen: no random bytes from the kernel\n", stderr);
        return FAIL;
    }
    struct key_fields f = {clinic, role, name ? name : role, hash, expires ? utc : NULL};
    struct buf json = {0};
    enum pg_err err = store_key_insert(c, &f, id, &json);
    buf_cleanup(&json);
    if (err == PG_ERR_NOT_FOUND) {
        fprintf(stderr, "paingen: no clinic %s (see paingen clinics list)\n", clinic);
        return FAIL;
    }
    if (err != PG_ERR_OK) {
        fputs("paingen: the key could not be stored\n", stderr);
        return FAIL;
    }
    char text[AUTH_KEY_TEXT_CHARS + 1];
    auth_key_text(id, secret, text);
    puts(text);
    explicit_bzero(text, sizeof text);
    explicit_bzero(secret, sizeof secret);
    return OK;
}

static int print_text(enum pg_err err, struct buf *text)
{
    if (err == PG_ERR_OK && text->len)
        fputs(text->data, stdout);
    buf_cleanup(text);
    return err == PG_ERR_OK ? OK : FAIL;
}

static int keys(struct store_conn *c, int argc, char **argv)
{
    struct buf text = {0};
    if (argc >= 3 && strcmp(argv[2], "create") == 0)
        return key_create(c, argc, argv);
    if (argc == 3 && strcmp(argv[2], "list") == 0)
        return print_text(store_key_list_all(c, &text), &text);
    char id[37];
    if (argc == 4 && strcmp(argv[2], "revoke") == 0 && parse_uuid(argv[3], id)) {
        enum pg_err err = store_key_revoke_any(c, id);
        if (err == PG_ERR_NOT_FOUND)
            fprintf(stderr, "paingen: no key %s\n", id);
        else if (err == PG_ERR_OK)
            printf("revoked %s\n", id);
        return err == PG_ERR_OK ? OK : FAIL;
    }
    return bad_usage("unknown keys command");
}

/* The first line of standard input (its end of line dropped), read with
 * the echo off when it is a terminal; false when there is none or it is
 * longer than a password may be. */
static bool read_password(char *out, size_t len)
{
    struct termios before, quiet;
    bool tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &before) == 0;
    if (tty) {
        fputs("password: ", stderr);
        quiet = before;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    bool ok = fgets(out, (int)len, stdin) != NULL;
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &before);
        fputs("\n", stderr);
    }
    size_t n = ok ? strcspn(out, "\r\n") : 0;
    ok = ok && (out[n] != '\0' || feof(stdin)); /* a whole line, or the last */
    out[n] = '\0';
    return ok;
}

static int user_create(struct store_conn *c, int argc, char **argv)
{
    static const char *const allowed[] = {"--clinic", "--email", "--name", "--role", NULL};
    const char *given = option(argc, argv, "--clinic"), *role = option(argc, argv, "--role");
    const char *email = option(argc, argv, "--email"), *name = option(argc, argv, "--name");
    char clinic[37], password[PASSWORD_MAX_BYTES + 2], hash[PASSWORD_HASH_SIZE], id[37];
    enum role r;
    if (!only_options(argc, argv, allowed) || !given || !role || !email || !name)
        return bad_usage("user create needs --clinic, --email, --name and --role");
    if (!parse_uuid(given, clinic))
        return bad_usage("--clinic must be a clinic id (see paingen clinics list)");
    if (!auth_role_parse(role, &r))
        return bad_usage("--role must be readonly, clinician, ehr or admin");
    if (!users_email_valid(email))
        return bad_usage("--email must be an email address such as name@clinic.example");
    if (!*name || strlen(name) > 4 * USERS_NAME_MAX)
        return bad_usage("--name must be 1 to 200 characters");
    const char *problem = NULL, *why = NULL;
    if (!read_password(password, sizeof password))
        problem = "no password on standard input (one line of at most 1024 bytes)";
    else if ((why = users_password_problem(password)))
        problem = "the password is too short or too long";
    else if (password_hash(password, hash) != PG_ERR_OK)
        problem = "the password could not be hashed";
    explicit_bzero(password, sizeof password);
    if (problem) {
        fprintf(stderr, "paingen: %s%s%s\n", problem, why ? ": it " : "", why ? why : "");
        return FAIL;
    }
    struct user_fields f = {clinic, email, name, role, hash};
    struct buf json = {0};
    enum pg_err err = store_user_insert(c, &f, id, &json);
    buf_cleanup(&json);
    if (err == PG_ERR_NOT_FOUND)
        fprintf(stderr, "paingen: no clinic %s (see paingen clinics list)\n", clinic);
    else if (err == PG_ERR_CONFLICT)
        fprintf(stderr, "paingen: a person (of any clinic) already signs in with %s\n", email);
    else if (err != PG_ERR_OK)
        fputs("paingen: the person could not be stored\n", stderr);
    else
        puts(id);
    return err == PG_ERR_OK ? OK : FAIL;
}

static int users(struct store_conn *c, int argc, char **argv)
{
    struct buf text = {0};
    if (argc >= 3 && strcmp(argv[2], "create") == 0)
        return user_create(c, argc, argv);
    if (argc == 3 && strcmp(argv[2], "list") == 0)
        return print_text(store_user_list_all(c, &text), &text);
    char id[37];
    if (argc == 4 && strcmp(argv[2], "disable") == 0 && parse_uuid(argv[3], id)) {
        enum pg_err err = store_user_disable_any(c, id);
        if (err == PG_ERR_NOT_FOUND)
            fprintf(stderr, "paingen: no person %s\n", id);
        else if (err == PG_ERR_OK)
            printf("disabled %s\n", id);
        return err == PG_ERR_OK ? OK : FAIL;
    }
    return bad_usage("unknown user command");
}

static int clinics(struct store_conn *c, int argc, char **argv)
{
    struct buf text = {0};
    char id[37];
    if (argc == 4 && strcmp(argv[2], "create") == 0 && *argv[3] && strlen(argv[3]) <= 200) {
        enum pg_err err = store_clinic_insert(c, argv[3], id);
        if (err == PG_ERR_OK)
            puts(id);
        return err == PG_ERR_OK ? OK : FAIL;
    }
    if (argc == 3 && strcmp(argv[2], "list") == 0)
        return print_text(store_clinic_list(c, &text), &text);
    return bad_usage("unknown clinics command");
}

int cli_admin(const struct config *cfg, int argc, char **argv)
{
    char err[512];
    struct store_conn *c = store_conn_open(cfg->database_url, err, sizeof err);
    if (!c) {
        fprintf(stderr, "paingen: cannot connect to the database: %s\n", err);
        return FAIL;
    }
    int rc = strcmp(argv[1], "keys") == 0   ? keys(c, argc, argv)
             : strcmp(argv[1], "user") == 0 ? users(c, argc, argv)
                                            : clinics(c, argc, argv);
    store_conn_close(c);
    return rc;
}
