/* libFuzzer target: the fast decoder of request bodies against jansson.
 * The property: whatever decode_plain_object decodes, json_loadb decodes
 * too, to the same tree with its members in the same order (a body that
 * the fast path took must get the answer jansson's tree would get). The
 * input is the body. */
#include "paingen/api/decode.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    json_t *fast = decode_plain_object(text, size, 16);
    if (!fast)
        return 0;
    json_error_t e;
    json_t *slow = json_loadb(text, size, JSON_REJECT_DUPLICATES, &e);
    char *a = json_dumps(fast, JSON_COMPACT), *b = slow ? json_dumps(slow, JSON_COMPACT) : NULL;
    if (!b || strcmp(a, b) != 0) {
        fprintf(stderr, "decoded as %s, jansson %s\n", a, b ? b : e.text);
        abort();
    }
    free(a);
    free(b);
    json_decref(fast);
    json_decref(slow);
    return 0;
}
