/* Migrations runner. The SQL files are run as written (they are code,
 * not input); everything else is parameterised. */
#include "paingen/store/migrate.h"

#include "paingen/core/log.h"
#include "paingen/core/parse.h"
#include "paingen/store/db.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Any constant will do; every paingen instance must use the same one. */
#define MIGRATE_LOCK_KEY    "7061696e67656e"
#define MIGRATION_MAX_BYTES (16 << 20)

/* "0001_init.sql" → version 1, name "init"; false for any other shape. */
static bool parse_name(const char *file, int *version, char **name)
{
    size_t len = strlen(file);
    if (len < 10 || strcmp(file + len - 4, ".sql") != 0 || file[4] != '_')
        return false;
    char digits[5];
    memcpy(digits, file, 4);
    digits[4] = '\0';
    int64_t v;
    if (strspn(digits, "0123456789") != 4 || !parse_i64_range(digits, 1, 9999, &v))
        return false;
    for (size_t i = 5; i < len - 4; i++) {
        char ch = file[i];
        if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_'))
            return false;
    }
    *version = (int)v;
    *name = strndup(file + 5, len - 9);
    if (!*name)
        abort();
    return true;
}

static char *read_file(const char *path, struct buf *errors)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        buf_printf(errors, "cannot read migration '%s'\n", path);
        return NULL;
    }
    struct buf b;
    buf_init(&b, MIGRATION_MAX_BYTES);
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && buf_append(&b, chunk, n)) {
    }
    bool bad = ferror(f) || b.overflow;
    fclose(f);
    if (bad) {
        buf_printf(errors, "cannot read migration '%s' (error or over 16 MiB)\n", path);
        buf_cleanup(&b);
        return NULL;
    }
    return buf_take(&b, NULL);
}

static int by_version(const void *a, const void *b)
{
    return ((const struct migration *)a)->version - ((const struct migration *)b)->version;
}

static bool add_file(const char *dir, const char *file, struct migration_set *set, size_t *cap,
                     struct buf *errors)
{
    struct migration m = {0};
    if (!parse_name(file, &m.version, &m.name)) {
        buf_printf(errors, "migration file '%s' is not named NNNN_name.sql (lowercase name)\n",
                   file);
        return false;
    }
    char path[4096];
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, file) >= sizeof path ||
        !(m.sql = read_file(path, errors))) {
        free(m.name);
        return false;
    }
    if (set->n == *cap) {
        *cap = *cap ? *cap * 2 : 16;
        set->items = realloc(set->items, *cap * sizeof *set->items);
        if (!set->items)
            abort();
    }
    set->items[set->n++] = m;
    return true;
}

bool store_migrations_load(const char *dir, struct migration_set *set, struct buf *errors)
{
    *set = (struct migration_set){0};
    DIR *d = opendir(dir);
    if (!d) {
        buf_printf(errors, "cannot open migrations folder '%s' (set PAINGEN_MIGRATIONS_DIR)\n",
                   dir);
        return false;
    }
    bool ok = true;
    size_t cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len > 4 && strcmp(e->d_name + len - 4, ".sql") == 0)
            ok &= add_file(dir, e->d_name, set, &cap, errors);
    }
    closedir(d);
    if (set->n)
        qsort(set->items, set->n, sizeof *set->items, by_version);
    for (size_t i = 1; i < set->n; i++) {
        if (set->items[i].version == set->items[i - 1].version) {
            buf_printf(errors, "two migrations have version %04d\n", set->items[i].version);
            ok = false;
        }
    }
    return ok;
}

void store_migrations_cleanup(struct migration_set *set)
{
    if (!set)
        return;
    for (size_t i = 0; i < set->n; i++) {
        free(set->items[i].name);
        free(set->items[i].sql);
    }
    free(set->items);
    *set = (struct migration_set){0};
}

/* Runs sql with params; true when it succeeded. Failures go to *errors. */
static bool run(PGconn *pg, const char *sql, int n, const char *const *params, PGresult **out,
                struct buf *errors)
{
    PGresult *res = PQexecParams(pg, sql, n, NULL, params, NULL, NULL, 0);
    ExecStatusType st = PQresultStatus(res);
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
        if (out)
            *out = res;
        else
            PQclear(res);
        return true;
    }
    buf_printf(errors, "%s", PQerrorMessage(pg));
    PQclear(res);
    return false;
}

static bool checksum(PGconn *pg, const char *sql, char out[65], struct buf *errors)
{
    PGresult *res = NULL;
    const char *params[] = {sql};
    if (!run(pg, "SELECT encode(sha256(convert_to($1, 'UTF8')), 'hex')", 1, params, &res, errors))
        return false;
    snprintf(out, 65, "%s", PQgetvalue(res, 0, 0));
    PQclear(res);
    return true;
}

static const struct migration *find(const struct migration_set *set, int version)
{
    for (size_t i = 0; i < set->n; i++)
        if (set->items[i].version == version)
            return &set->items[i];
    return NULL;
}

/* Compares what the database recorded with the files. */
static bool verify_applied(PGconn *pg, PGresult *rows, const struct migration_set *set,
                           struct buf *errors)
{
    for (int r = 0; r < PQntuples(rows); r++) {
        int64_t version;
        if (!parse_i64(PQgetvalue(rows, r, 0), &version))
            return false;
        const struct migration *m = find(set, (int)version);
        if (!m) {
            buf_printf(errors,
                       "the database has migration %04d_%s.sql, which this build does not "
                       "have: run a paingen that does\n",
                       (int)version, PQgetvalue(rows, r, 1));
            return false;
        }
        char sum[65];
        if (!checksum(pg, m->sql, sum, errors))
            return false;
        if (strcmp(sum, PQgetvalue(rows, r, 2)) != 0) {
            buf_printf(errors,
                       "migration %04d_%s.sql was edited after it was applied (checksum %.12s "
                       "recorded, %.12s on disk): restore it and add a new migration instead\n",
                       m->version, m->name, PQgetvalue(rows, r, 2), sum);
            return false;
        }
    }
    return true;
}

static bool apply_one(PGconn *pg, const struct migration *m, struct buf *errors)
{
    char version[16], sum[65];
    snprintf(version, sizeof version, "%d", m->version);
    if (!checksum(pg, m->sql, sum, errors) || !run(pg, "BEGIN", 0, NULL, NULL, errors))
        return false;
    PGresult *res = PQexec(pg, m->sql);
    ExecStatusType st = PQresultStatus(res);
    bool ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
    if (!ok)
        buf_printf(errors, "migration %04d_%s.sql failed: %s", m->version, m->name,
                   PQerrorMessage(pg));
    PQclear(res);
    const char *params[] = {version, m->name, sum};
    ok =
        ok && run(pg, "INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
                  3, params, NULL, errors);
    ok = ok && run(pg, "COMMIT", 0, NULL, NULL, errors);
    if (!ok) {
        PGresult *rb = PQexec(pg, "ROLLBACK");
        PQclear(rb);
        return false;
    }
    log_msg(LOG_INFO, "applied migration %04d_%s.sql", m->version, m->name);
    return true;
}

static bool is_applied(PGresult *rows, int version)
{
    char v[16];
    snprintf(v, sizeof v, "%d", version);
    for (int r = 0; r < PQntuples(rows); r++)
        if (strcmp(PQgetvalue(rows, r, 0), v) == 0)
            return true;
    return false;
}

/* Everything after the lock is taken. */
static bool migrate_locked(PGconn *pg, const struct migration_set *set, int *applied,
                           struct buf *errors)
{
    PGresult *rows = NULL;
    if (!run(pg,
             "CREATE TABLE IF NOT EXISTS schema_migrations ("
             " version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,"
             " applied_at timestamptz NOT NULL DEFAULT now())",
             0, NULL, NULL, errors) ||
        !run(pg, "SELECT version, name, checksum FROM schema_migrations ORDER BY version", 0, NULL,
             &rows, errors))
        return false;
    bool ok = verify_applied(pg, rows, set, errors);
    for (size_t i = 0; ok && i < set->n; i++) {
        if (is_applied(rows, set->items[i].version))
            continue;
        ok = apply_one(pg, &set->items[i], errors);
        *applied += ok;
    }
    PQclear(rows);
    return ok;
}

enum pg_err store_migrations_apply(const char *database_url, const struct migration_set *set,
                                   int *applied, struct buf *errors)
{
    *applied = 0;
    char err[512];
    PGconn *pg = store_db_connect(database_url, 0, NULL, STORE_CONN_OWNER, err, sizeof err);
    if (!pg) {
        buf_printf(errors, "cannot connect to the database: %s\n", err);
        return PG_ERR_DB_UNAVAILABLE;
    }
    const char *key[] = {MIGRATE_LOCK_KEY};
    bool ok =
        run(pg, "SELECT pg_advisory_lock(('x' || $1)::bit(64)::bigint)", 1, key, NULL, errors);
    if (ok) {
        ok = migrate_locked(pg, set, applied, errors);
        PGresult *res = PQexecParams(pg, "SELECT pg_advisory_unlock(('x' || $1)::bit(64)::bigint)",
                                     1, NULL, key, NULL, NULL, 0);
        PQclear(res);
    }
    PQfinish(pg);
    return ok ? PG_ERR_OK : PG_ERR_INTERNAL;
}

enum pg_err store_app_role(const char *database_url, char role[64])
{
    char err[512];
    PGconn *pg = store_db_connect(database_url, 0, NULL, STORE_CONN_OWNER, err, sizeof err);
    if (!pg) {
        log_msg(LOG_ERROR, "cannot connect to the database: %s", err);
        return PG_ERR_DB_UNAVAILABLE;
    }
    PGresult *res = PQexec(pg, "SELECT (current_database() || '_app')::name");
    bool ok = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1;
    if (ok)
        snprintf(role, 64, "%s", PQgetvalue(res, 0, 0));
    PQclear(res);
    PQfinish(pg);
    return ok ? PG_ERR_OK : PG_ERR_DB_UNAVAILABLE;
}
