/* Transactions on a checked-out connection, for writes that span several
 * statements (a record, its first version, its idempotency key). */
#ifndef PAINGEN_STORE_TX_H
#define PAINGEN_STORE_TX_H

#include "paingen/core/error.h"
#include "paingen/store/pool.h"

enum pg_err store_tx_begin(struct store_conn *c) PG_MUST_USE;
enum pg_err store_tx_commit(struct store_conn *c) PG_MUST_USE;
/* Rolls back if a transaction is open; safe to call in any state. */
void store_tx_rollback(struct store_conn *c);

#endif
