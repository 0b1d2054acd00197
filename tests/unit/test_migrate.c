/* Migration files: names, order, duplicates, a missing folder. */
#include "unit.h"

#include "paingen/store/migrate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static void remove_dir(const char *dir)
{
    static const char *const names[] = {"0002_b.sql", "0001_a.sql", "README", "0002_dup.sql",
                                        "1_bad.sql"};
    char path[512];
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        unlink(path);
    }
    rmdir(dir);
}

void test_migrate_names(void)
{
    char dir[] = "/tmp/paingen-unit.XXXXXX";
    if (!mkdtemp(dir)) {
        CHECK_MSG(0, "mkdtemp failed");
        return;
    }
    struct migration_set set;
    struct buf e;
    write_file(dir, "0002_b.sql", "SELECT 2;");
    write_file(dir, "0001_a.sql", "SELECT 1;");
    write_file(dir, "README", "not a migration");
    buf_init(&e, 0);
    CHECK(store_migrations_load(dir, &set, &e));
    CHECK(set.n == 2 && set.items[0].version == 1 && set.items[1].version == 2);
    CHECK(set.n == 2 && strcmp(set.items[1].name, "b") == 0);
    CHECK(set.n == 2 && strcmp(set.items[0].sql, "SELECT 1;") == 0);
    store_migrations_cleanup(&set);
    buf_cleanup(&e);

    write_file(dir, "0002_dup.sql", "SELECT 3;");
    CHECK(!store_migrations_load(dir, &set, &e) && e.data && strstr(e.data, "0002"));
    store_migrations_cleanup(&set);
    buf_cleanup(&e);

    write_file(dir, "1_bad.sql", "SELECT 1;");
    CHECK(!store_migrations_load(dir, &set, &e) && e.data && strstr(e.data, "1_bad.sql"));
    store_migrations_cleanup(&set);
    buf_cleanup(&e);

    CHECK(!store_migrations_load("/nonexistent/paingen", &set, &e));
    store_migrations_cleanup(&set);
    buf_cleanup(&e);
    remove_dir(dir);
}
