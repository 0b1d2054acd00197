/* API keys: looked up for authentication (before any clinic is known,
 * through the authenticate_key function), created, listed and revoked
 * within a clinic. Only the SHA-256 of a key's secret is stored. */
#ifndef PAINGEN_STORE_KEYS_H
#define PAINGEN_STORE_KEYS_H

#include "paingen/core/buf.h"
#include "paingen/core/crypto.h"
#include "paingen/core/error.h"
#include "paingen/store/page.h"
#include "paingen/store/pool.h"

#include <stdbool.h>
#include <stdint.h>

struct key_auth {
    char clinic[37];
    char role[16];
    uint8_t secret_hash[SHA256_BYTES];
    bool expired;
    bool revoked;
    double valid_for_s; /* seconds until it expires; < 0: never */
};

/* The key with this id, whatever its clinic; NOT_FOUND. */
enum pg_err store_key_authenticate(struct store_conn *c, const char *key_id,
                                   struct key_auth *out) PG_MUST_USE;

struct key_fields {
    const char *clinic;
    const char *role;
    const char *name;
    const char *secret_hash_hex; /* 64 hex digits */
    const char *expires_at;      /* RFC 3339, or NULL for never */
};

/* Stores a key on c; its id and representation (without any secret)
 * out. NOT_FOUND when the clinic does not exist. */
enum pg_err store_key_insert(struct store_conn *c, const struct key_fields *f, char id[37],
                             struct buf *json) PG_MUST_USE;

/* A page of the clinic's keys, oldest first. */
enum pg_err store_key_list(struct store_pool *p, const char *clinic,
                           const struct store_page_req *req, struct store_page *out) PG_MUST_USE;

/* Revokes the clinic's key (already revoked: unchanged); its
 * representation out; NOT_FOUND. */
enum pg_err store_key_revoke(struct store_pool *p, const char *clinic, const char *id,
                             struct buf *json) PG_MUST_USE;

/* For the command line, on a connection that owns the tables: the ids and
 * names of the clinics, and a new clinic. */
enum pg_err store_clinic_insert(struct store_conn *c, const char *name, char id[37]) PG_MUST_USE;
enum pg_err store_clinic_list(struct store_conn *c, struct buf *text) PG_MUST_USE;
/* Every key of every clinic, one line each (no secret). */
enum pg_err store_key_list_all(struct store_conn *c, struct buf *text) PG_MUST_USE;
/* Revokes a key of any clinic; NOT_FOUND. */
enum pg_err store_key_revoke_any(struct store_conn *c, const char *id) PG_MUST_USE;

#endif
