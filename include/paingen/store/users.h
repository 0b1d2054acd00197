/* People's accounts: found by email for a sign-in (before any clinic is
 * known, through the authenticate_user function of migration 0020),
 * created, listed, read and disabled within a clinic. Only an Argon2id
 * hash of a password is stored (core/password.h), and never shown. */
#ifndef PAINGEN_STORE_USERS_H
#define PAINGEN_STORE_USERS_H

#include "paingen/core/buf.h"
#include "paingen/core/error.h"
#include "paingen/core/password.h"
#include "paingen/store/page.h"
#include "paingen/store/pool.h"

#include <stdbool.h>

struct user_auth {
    /* the SHA-256 (hex) of the email as the database changes its case:
     * the same for every spelling that finds the person (in a UTF-8
     * locale lower() makes 'İ' an 'i'), set whether or not one is found */
    char email_key[65];
    char id[37];
    char clinic[37];
    char role[16];
    char password_hash[PASSWORD_HASH_SIZE];
    bool disabled;
};

/* The person with this email (without regard to case), whatever the
 * clinic; NOT_FOUND (with out->email_key set all the same). */
enum pg_err store_user_authenticate(struct store_conn *c, const char *email,
                                    struct user_auth *out) PG_MUST_USE;

struct user_fields {
    const char *clinic;
    const char *email;
    const char *name;
    const char *role;
    const char *password_hash;
};

/* Stores a person on c; the id and representation out. NOT_FOUND when
 * the clinic does not exist; CONFLICT when a person of any clinic has
 * the email. */
enum pg_err store_user_insert(struct store_conn *c, const struct user_fields *f, char id[37],
                              struct buf *json) PG_MUST_USE;

/* A page of the clinic's people, oldest first. */
enum pg_err store_user_list(struct store_pool *p, const char *clinic,
                            const struct store_page_req *req, struct store_page *out) PG_MUST_USE;

/* The clinic's person; NOT_FOUND. */
enum pg_err store_user_get(struct store_pool *p, const char *clinic, const char *id,
                           struct buf *json) PG_MUST_USE;

/* Disables the clinic's person (already disabled: unchanged) and ends
 * every session of theirs still open; the representation out; NOT_FOUND. */
enum pg_err store_user_disable(struct store_pool *p, const char *clinic, const char *id,
                               struct buf *json) PG_MUST_USE;

/* Replaces the person's hash (made again with the current parameters),
 * with the next statement run on c. */
enum pg_err store_user_rehash(struct store_conn *c, const char *clinic, const char *id,
                              const char *password_hash) PG_MUST_USE;

/* For the command line, on a connection that owns the tables: every
 * person of every clinic, one line each; a person of any clinic
 * disabled (with their sessions ended), NOT_FOUND. */
enum pg_err store_user_list_all(struct store_conn *c, struct buf *text) PG_MUST_USE;
enum pg_err store_user_disable_any(struct store_conn *c, const char *id) PG_MUST_USE;

#endif
