/* Idempotency-key SQL. The request is identified by a SHA-256 of its
 * method, path and body, computed by PostgreSQL. */
#include "paingen/store/idempotency.h"

#include "paingen/core/parse.h"
#include "paingen/store/db.h"
#include "paingen/store/tx.h"

#include <stdatomic.h>
#include <stdio.h>
#include <time.h>

/* Keys are kept at least this long (the contract says 24 h). */
#define KEEP_INTERVAL "48 hours"
/* Expired keys are swept at most this often, by whichever request comes. */
#define SWEEP_EVERY_S 600

#define REQUEST_HASH "encode(sha256(convert_to($3 || ' ' || $4 || chr(10) || $5, 'UTF8')), 'hex')"

static const char sql_claim[] =
    "INSERT INTO idempotency_keys (clinic_id, key, request_hash) "
    "VALUES ($1, $2, " REQUEST_HASH ") ON CONFLICT DO NOTHING RETURNING 1";

/* Fails (unique_violation) when the key is taken: deferred, it goes out
 * with the work that follows it, and the work is undone if it fails. */
static const char sql_claim_ahead[] = "INSERT INTO idempotency_keys (clinic_id, key, request_hash) "
                                      "VALUES ($1, $2, " REQUEST_HASH ")";
static const char what_claim_ahead[] = "claim idempotency key ahead of the work";

static const char sql_stored[] =
    "SELECT request_hash = " REQUEST_HASH ", status, response, location, etag "
    "FROM idempotency_keys WHERE clinic_id = $1 AND key = $2";

static const char sql_save[] = "UPDATE idempotency_keys SET status = $3, response = $4, "
                               "location = $5, etag = $6 WHERE clinic_id = $1 AND key = $2";

/* Bounded, so that a backlog never makes one request slow. */
static const char sql_sweep[] =
    "DELETE FROM idempotency_keys WHERE ctid IN (SELECT ctid FROM idempotency_keys "
    "WHERE created_at < now() - interval '" KEEP_INTERVAL "' LIMIT 1000)";

static _Atomic long last_sweep;

void store_idem_sweep(struct store_conn *c)
{
    long now = (long)time(NULL), last = atomic_load(&last_sweep);
    if (now - last < SWEEP_EVERY_S || !atomic_compare_exchange_strong(&last_sweep, &last, now))
        return;
    /* a step of its own: a sweep that fails must not fail the request */
    PGresult *res = NULL;
    enum pg_err err = store_tx_begin(c);
    if (err == PG_ERR_OK &&
        store_db_exec(c, "sweep idempotency keys", sql_sweep, 0, NULL, &res) == PG_ERR_OK) {
        PQclear(res);
        err = store_tx_commit(c);
    }
    if (err != PG_ERR_OK || PQtransactionStatus(c->pg) == PQTRANS_INERROR)
        store_tx_rollback(c);
}

enum pg_err store_idem_claim(struct store_conn *c, const char *clinic, const struct idem_request *r,
                             bool *replay, struct stored_response *out)
{
    const char *params[] = {clinic, r->key, r->method, r->path, r->body ? r->body : ""};
    PGresult *res = NULL;
    *replay = false;
    enum pg_err err = store_db_exec(c, "claim idempotency key", sql_claim, 5, params, &res);
    bool claimed = err == PG_ERR_OK && PQntuples(res) == 1;
    PQclear(res);
    if (err != PG_ERR_OK || claimed)
        return err;
    res = NULL;
    err = store_db_exec(c, "read idempotency key", sql_stored, 5, params, &res);
    if (err == PG_ERR_OK && PQntuples(res) == 1) {
        int64_t status = 0;
        if (PQgetvalue(res, 0, 0)[0] != 't')
            err = PG_ERR_IDEMPOTENCY_MISMATCH;
        else if (PQgetisnull(res, 0, 1) || !parse_i64(PQgetvalue(res, 0, 1), &status))
            err = PG_ERR_CONFLICT; /* claimed, but its transaction saved nothing */
        else {
            *replay = true;
            out->status = (int)status;
            buf_puts(&out->json, PQgetvalue(res, 0, 2));
            snprintf(out->location, sizeof out->location, "%s", PQgetvalue(res, 0, 3));
            snprintf(out->etag, sizeof out->etag, "%s", PQgetvalue(res, 0, 4));
        }
    } else if (err == PG_ERR_OK) {
        err = PG_ERR_CONFLICT; /* swept between the two statements: let the client retry */
    }
    PQclear(res);
    return err;
}

enum pg_err store_idem_claim_ahead(struct store_conn *c, const char *clinic,
                                   const struct idem_request *r)
{
    const char *params[] = {clinic, r->key, r->method, r->path, r->body ? r->body : ""};
    return store_db_defer(c, what_claim_ahead, sql_claim_ahead, 5, params);
}

bool store_idem_claim_taken(const struct store_conn *c) { return c->failed == what_claim_ahead; }

enum pg_err store_idem_save(struct store_conn *c, const char *clinic, const char *key, int status,
                            const char *json, const char *location, const char *etag)
{
    char code[8];
    snprintf(code, sizeof code, "%d", status);
    const char *params[] = {clinic, key, code, json, location, etag};
    /* goes out with the commit */
    return store_db_defer(c, "save idempotency key", sql_save, 6, params);
}
