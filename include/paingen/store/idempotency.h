/* Idempotency keys: claim a key inside the transaction that creates the
 * record, save the response with it, replay it to retries. */
#ifndef PAINGEN_STORE_IDEMPOTENCY_H
#define PAINGEN_STORE_IDEMPOTENCY_H

#include "paingen/core/buf.h"
#include "paingen/core/error.h"
#include "paingen/store/pool.h"

#include <stdbool.h>

struct idem_request {
    const char *key;
    const char *method;
    const char *path;
    const char *body; /* NUL-terminated */
};

struct stored_response {
    int status;
    struct buf json; /* caller cleans up */
    char location[256];
    char etag[16];
};

/* Inside an open transaction: claims key for this request. OK with
 * *replay false: the key is new, go on and save the response. OK with
 * *replay true: an identical earlier request's response is in *out.
 * IDEMPOTENCY_MISMATCH: the key was used for a different request. A
 * concurrent request with the same key waits here until the first
 * commits or rolls back. */
enum pg_err store_idem_claim(struct store_conn *c, const char *clinic, const struct idem_request *r,
                             bool *replay, struct stored_response *out) PG_MUST_USE;
/* Claims the key for a first request, deferred to go out with the work's
 * first statement (store_db_defer): a request that is not a retry takes
 * no round trip of its own for its key. When the key was taken, that
 * statement fails (CONFLICT) and store_idem_claim_taken says why: undo
 * the step and store_idem_claim it, for a replay. */
enum pg_err store_idem_claim_ahead(struct store_conn *c, const char *clinic,
                                   const struct idem_request *r) PG_MUST_USE;
/* Whether the last failure on c was the claim ahead finding its key taken. */
bool store_idem_claim_taken(const struct store_conn *c);
/* Saves the response of a claimed key, in the same transaction: deferred
 * to go out with the commit, which fails if it does. */
enum pg_err store_idem_save(struct store_conn *c, const char *clinic, const char *key, int status,
                            const char *json, const char *location, const char *etag) PG_MUST_USE;
/* Deletes expired keys, at most once every few minutes across the
 * process; call it outside a transaction (its failure is only logged). */
void store_idem_sweep(struct store_conn *c);

#endif
