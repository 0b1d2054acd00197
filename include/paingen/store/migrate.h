/* Schema migrations: migrations/NNNN_name.sql, applied in order, each in
 * its own transaction, under an advisory lock so that two instances
 * starting together never both apply one, and recorded with a checksum in
 * schema_migrations so that an edited migration stops the service. */
#ifndef PAINGEN_STORE_MIGRATE_H
#define PAINGEN_STORE_MIGRATE_H

#include "paingen/core/buf.h"
#include "paingen/core/error.h"

#include <stddef.h>

struct migration {
    int version;
    char *name; /* owned, e.g. "init" */
    char *sql;  /* owned file text */
};

struct migration_set {
    struct migration *items; /* owned, sorted by version */
    size_t n;
};

/* Reads every NNNN_name.sql in dir. On failure appends the reason to
 * *errors and returns false; *set must still be cleaned up. */
bool store_migrations_load(const char *dir, struct migration_set *set, struct buf *errors);
void store_migrations_cleanup(struct migration_set *set);

/* Applies what the database lacks. *applied counts the migrations this
 * call applied. Fails (with the reason in *errors) when the database
 * cannot be reached, a migration fails, an applied one was edited, or the
 * database has one this build does not know. */
enum pg_err store_migrations_apply(const char *database_url, const struct migration_set *set,
                                   int *applied, struct buf *errors) PG_MUST_USE;

/* The role the service's connections log in as: "<database>_app",
 * created by migration 0009 (read on an owner's connection). */
enum pg_err store_app_role(const char *database_url, char role[64]) PG_MUST_USE;

#endif
