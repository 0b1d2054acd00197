/* The capped buffer and its JSON string escaping. */
#include "unit.h"

#include "paingen/core/buf.h"

#include <stdlib.h>
#include <string.h>

void test_buf(void)
{
    struct buf b;
    buf_init(&b, 16);
    CHECK(buf_puts(&b, "0123456789"));
    CHECK(buf_printf(&b, "%d", 12345));
    CHECK(!buf_puts(&b, "xx") && b.overflow);
    CHECK(b.len == 15 && strcmp(b.data, "012345678912345") == 0);
    buf_cleanup(&b);

    struct buf z = {0}; /* zeroed: default limit */
    for (int i = 0; i < 1000; i++)
        CHECK(buf_puts(&z, "abcdefgh"));
    CHECK(z.len == 8000);
    size_t len;
    char *taken = buf_take(&z, &len);
    CHECK(len == 8000 && z.data == NULL);
    free(taken);
    taken = buf_take(&z, &len);
    CHECK(len == 0 && taken[0] == '\0');
    free(taken);

    buf_init(&b, 0);
    CHECK(buf_json_string(&b, "a\"b\\c\n\x01"));
    CHECK(strcmp(b.data, "\"a\\\"b\\\\c\\n\\u0001\"") == 0);
    buf_cleanup(&b);
}
