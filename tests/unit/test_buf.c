/* The capped buffer and its JSON string escaping: every byte value, at
 * every place of words read eight bytes at a time and of their tails. */
#include "unit.h"

#include "paingen/core/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How one byte, alone among plain ones, must come out: a short escape, a
 * \u escape for the other controls, U+FFFD for a byte of no character. */
static void escaped(unsigned char c, char out[8])
{
    static const char *const shorts[][2] = {{"\"", "\\\""}, {"\\", "\\\\"}, {"\n", "\\n"},
                                            {"\r", "\\r"},  {"\t", "\\t"},  {"\b", "\\b"},
                                            {"\f", "\\f"}};
    for (size_t i = 0; i < sizeof shorts / sizeof shorts[0]; i++)
        if (c == (unsigned char)shorts[i][0][0]) {
            snprintf(out, 8, "%s", shorts[i][1]);
            return;
        }
    if (c < 0x20)
        snprintf(out, 8, "\\u%04x", c);
    else if (c >= 0x80)
        snprintf(out, 8, "\\ufffd");
    else
        snprintf(out, 8, "%c", c);
}

/* Every byte value at every place of plain strings of 1 to 20 bytes. */
static bool one_byte_escaped(void)
{
    bool ok = true;
    for (int c = 1; c < 256; c++) {
        for (int len = 1; len <= 20; len++) {
            for (int at = 0; at < len; at++) {
                char in[21], want[64], e[8];
                memset(in, 'a', (size_t)len);
                in[len] = '\0';
                in[at] = (char)c;
                escaped((unsigned char)c, e);
                snprintf(want, sizeof want, "\"%.*s%s%.*s\"", at, in, e, len - at - 1, in + at + 1);
                struct buf b = {0};
                buf_json_string(&b, in);
                if (strcmp(b.data, want) != 0) {
                    printf("#   byte 0x%02x at %d of %d: %s, not %s\n", c, at, len, b.data, want);
                    ok = false;
                }
                buf_cleanup(&b);
            }
        }
    }
    return ok;
}

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
    CHECK(one_byte_escaped());
}
