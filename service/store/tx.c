/* BEGIN, COMMIT, ROLLBACK; inside a request's session (store/session.h)
 * a savepoint, so that a step can fail and be undone while the request's
 * transaction, and its audit row, go on. BEGIN, SAVEPOINT and RELEASE are
 * deferred: they go out with the step's first statement, and with the
 * commit (store_db_defer). */
#include "paingen/store/tx.h"

#include "paingen/store/db.h"
#include "paingen/store/session.h"

static enum pg_err run(struct store_conn *c, const char *what, const char *sql)
{
    PGresult *res = NULL;
    enum pg_err err = store_db_exec(c, what, sql, 0, NULL, &res);
    PQclear(res);
    return err;
}

enum pg_err store_tx_begin(struct store_conn *c)
{
    return c->in_session ? store_db_defer(c, "savepoint", "SAVEPOINT step", 0, NULL)
                         : store_db_begin(c);
}

enum pg_err store_tx_commit(struct store_conn *c)
{
    return c->in_session ? store_db_defer(c, "release savepoint", "RELEASE SAVEPOINT step", 0, NULL)
                         : run(c, "commit", "COMMIT");
}

void store_tx_rollback(struct store_conn *c)
{
    if (!c || !c->pg)
        return;
    if (!c->in_session && PQtransactionStatus(c->pg) == PQTRANS_IDLE) {
        store_db_discard(c); /* its BEGIN was never sent */
        return;
    }
    /* in a session, the savepoint may still wait to be sent with what
     * went before it: rolling back to it sends them all */
    if (store_db_in_transaction(c) || PQtransactionStatus(c->pg) == PQTRANS_INERROR)
        (void)run(c, "roll back", c->in_session ? "ROLLBACK TO SAVEPOINT step" : "ROLLBACK");
}
