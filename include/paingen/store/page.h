/* Keyset pages of JSON rows: each list query returns (json, created_at,
 * id) ordered by (created_at, id), one row more than the limit to know
 * whether another page follows. */
#ifndef PAINGEN_STORE_PAGE_H
#define PAINGEN_STORE_PAGE_H

#include "paingen/core/buf.h"

#include <stdbool.h>
#include <stddef.h>

#define STORE_PAGE_MAX 100

struct store_page_req {
    const char *after_at; /* NULL for the first page */
    const char *after_id;
    int limit; /* 1..STORE_PAGE_MAX */
};

struct store_page {
    struct buf items; /* the rows' JSON joined with commas; caller cleans up */
    struct buf ids;   /* the rows' ids as JSON strings joined with commas; likewise */
    size_t n;
    bool more;        /* another page follows */
    char last_at[40]; /* sort key of the last row, when more */
    char last_id[37];
};

#endif
