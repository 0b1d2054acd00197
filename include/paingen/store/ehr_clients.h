/* EHR clients (migration 0015): looked up by iss to authenticate a token
 * (before any clinic is known, through the authenticate_ehr_client
 * function), registered, listed, read and revoked within a clinic; and
 * the jti of every accepted token, so that none is accepted twice. */
#ifndef PAINGEN_STORE_EHR_CLIENTS_H
#define PAINGEN_STORE_EHR_CLIENTS_H

#include "paingen/core/buf.h"
#include "paingen/core/error.h"
#include "paingen/store/page.h"
#include "paingen/store/pool.h"

#include <stdbool.h>
#include <stdint.h>

struct ehr_client_auth {
    char id[37];
    char clinic[37];
    char *jwks; /* the JWK Set as JSON text, or NULL; owned */
    char *jku;  /* the allowlist as a JSON array of URLs, or NULL; owned */
    bool revoked;
};

/* The client whose iss this is (the active one, else the latest
 * revoked), whatever its clinic; NOT_FOUND. */
enum pg_err store_ehr_client_authenticate(struct store_conn *c, const char *iss,
                                          struct ehr_client_auth *out) PG_MUST_USE;
/* Frees what store_ehr_client_authenticate filled in. NULL-safe. */
void store_ehr_client_auth_cleanup(struct ehr_client_auth *a);

/* Records the jti of an accepted token of iss, expiring at exp (seconds
 * since the epoch): OK when it is new, CONFLICT when a token still valid
 * carried it already (a replay). */
enum pg_err store_ehr_jti_record(struct store_conn *c, const char *iss, const char *jti,
                                 int64_t exp) PG_MUST_USE;
/* Deletes the jtis of expired tokens, a bounded batch at most once a
 * minute across the process (at once again after a full batch); outside
 * a transaction (a failure is only logged). */
void store_ehr_jti_sweep(struct store_conn *c);

struct ehr_client_fields {
    const char *clinic;
    const char *iss;
    const char *name;
    const char *jwks; /* JSON text of the JWK Set, or NULL */
    const char *jku;  /* JSON text of the allowlist (an array of URLs), or NULL */
    /* the identifier system its patients are named by in CDS Hooks calls
     * (migration 0016), or NULL */
    const char *patient_system;
    /* JSON text of the FHIR servers' base URLs (migration 0022), or NULL */
    const char *fhir_servers;
};

/* Registers a client on c; its id and representation out. NOT_FOUND
 * when the clinic does not exist; CONFLICT when an active client (of any
 * clinic) has this iss. */
enum pg_err store_ehr_client_insert(struct store_conn *c, const struct ehr_client_fields *f,
                                    char id[37], struct buf *json) PG_MUST_USE;
/* A page of the clinic's clients, oldest first. */
enum pg_err store_ehr_client_list(struct store_pool *p, const char *clinic,
                                  const struct store_page_req *req,
                                  struct store_page *out) PG_MUST_USE;
/* One client of the clinic; NOT_FOUND. */
enum pg_err store_ehr_client_get(struct store_pool *p, const char *clinic, const char *id,
                                 struct buf *json) PG_MUST_USE;
/* What a client calling with its token is told of itself: id, name,
 * clinic_id and iss. */
enum pg_err store_ehr_client_me(struct store_pool *p, const char *clinic, const char *id,
                                struct buf *json) PG_MUST_USE;
/* Revokes a client of the clinic (already revoked: unchanged); its
 * representation out; NOT_FOUND. */
enum pg_err store_ehr_client_revoke(struct store_pool *p, const char *clinic, const char *id,
                                    struct buf *json) PG_MUST_USE;

#endif
