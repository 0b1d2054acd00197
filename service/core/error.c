/* Lookups into the error table declared in error.h. */
#include "paingen/core/error.h"

struct err_row {
    int status;
    const char *slug;
    const char *title;
};

static const struct err_row rows[PG_ERR__COUNT] = {
#define PG_ERR_ROW(name, status, slug, title) [PG_ERR_##name] = {status, slug, title},
    PG_ERR_MAP(PG_ERR_ROW)
#undef PG_ERR_ROW
};

static const struct err_row *row(enum pg_err err)
{
    return (unsigned)err < PG_ERR__COUNT ? &rows[err] : &rows[PG_ERR_INTERNAL];
}

int pg_err_status(enum pg_err err) { return row(err)->status; }
const char *pg_err_slug(enum pg_err err) { return row(err)->slug; }
const char *pg_err_title(enum pg_err err) { return row(err)->title; }
