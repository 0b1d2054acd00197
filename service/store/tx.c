/* BEGIN, COMMIT, ROLLBACK; inside a request's session (store/session.h)
 * a savepoint, so that a step can fail and be undone while the request's
 * transaction, and its audit row, go on. */
#include "paingen/store/tx.h"

#include "paingen/store/db.h"
#include "paingen/store/session.h"

static enum pg_err simple(struct store_conn *c, const char *what, const char *sql)
{
    PGresult *res = NULL;
    enum pg_err err = store_db_exec(c, what, sql, 0, NULL, &res);
    PQclear(res);
    return err;
}

enum pg_err store_tx_begin(struct store_conn *c)
{
    return c->in_session ? simple(c, "savepoint", "SAVEPOINT step") : store_db_begin(c);
}

enum pg_err store_tx_commit(struct store_conn *c)
{
    return c->in_session ? simple(c, "release savepoint", "RELEASE SAVEPOINT step")
                         : simple(c, "commit", "COMMIT");
}

void store_tx_rollback(struct store_conn *c)
{
    if (c && c->pg && PQtransactionStatus(c->pg) != PQTRANS_IDLE) {
        PGresult *res = PQexec(c->pg, c->in_session ? "ROLLBACK TO SAVEPOINT step" : "ROLLBACK");
        PQclear(res);
    }
}
