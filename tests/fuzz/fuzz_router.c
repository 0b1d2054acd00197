/* libFuzzer target: the router, the request-target check and the cursor
 * decoder on arbitrary paths and tokens. The property: no crash, no
 * sanitizer report, a match's parameters are pieces of the path, and a
 * refused target says why. */
#include "paingen/api/cursor.h"
#include "paingen/api/routes.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    char *text = malloc(size);
    if (!text)
        abort();
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    enum http_method method = (enum http_method)(1u << (data[0] % 7));
    struct route_match m;
    enum pg_err err = router_match(api_routes, api_n_routes, method, text, &m);
    if (err == PG_ERR_OK) {
        if (m.index >= api_n_routes)
            abort();
        for (size_t i = 0; i < m.n_params; i++)
            if (!strstr(text, m.params[i].value))
                abort();
    }
    char why[160];
    if (!router_check_target(text, why, sizeof why) && why[0] == '\0')
        abort();
    struct cursor_key key, back;
    if (cursor_decode(text, &key)) { /* what decodes encodes back to the same key */
        char again[CURSOR_MAX + 1];
        cursor_encode(&key, again);
        if (!cursor_decode(again, &back) || strcmp(key.at, back.at) != 0 ||
            strcmp(key.id, back.id) != 0)
            abort();
    }
    free(text);
    return 0;
}
