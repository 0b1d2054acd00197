/* The fast decoder of request bodies: what it decodes, jansson decodes to
 * the same tree (members in the same order); what it declines is left to
 * jansson. Named cases, then thousands of bodies mutated at random. */
#include "unit.h"

#include "paingen/api/decode.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define DEPTH 16

/* The tree as text, members in their order; NULL for no tree. */
static char *dump(json_t *v) { return v ? json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY) : NULL; }

/* Whether decode_plain_object declines text, or gives jansson's tree;
 * *decoded: whether it decoded it. */
static bool agrees(const char *text, size_t len, bool *decoded)
{
    json_t *fast = decode_plain_object(text, len, DEPTH);
    json_error_t e;
    json_t *slow = fast ? json_loadb(text, len, JSON_REJECT_DUPLICATES, &e) : NULL;
    char *a = dump(fast), *b = dump(slow);
    bool ok = !fast || (b && strcmp(a, b) == 0);
    if (!ok)
        printf("#   %.*s: decoded as %s, jansson %s\n", (int)len, text, a, b ? b : e.text);
    *decoded = fast != NULL;
    free(a);
    free(b);
    json_decref(fast);
    json_decref(slow);
    return ok;
}

static const char *const plain[] = {
    "{}",
    " \t\r\n{ } \n",
    "{\"a\":1,\"b\":-0,\"c\":-12,\"d\":123456789012345678,\"e\":0}",
    "{\"a\":true,\"b\":false,\"c\":null,\"d\":\"\",\"e\":\" ~!#$%&'()*+,-./:;<=>?@[]^_`{|}\"}",
    "{\"z\":1,\"a\":2,\"m\":{\"y\":[],\"b\":{}}}",
    "{\"a\":[1,[2,[3]],{\"b\":[true,null]}],\"\":\"empty key\"}",
    "{\"region\":\"knee\",\"age\":56,\"findings\":[{\"code\":\"knee_mcmurray\",\"result\":"
    "\"positive\"}]}",
    /* sixteen levels: as deep as a body may nest */
    "{\"a\":[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]}",
};

/* Each declined: left to jansson, which decodes some of them and refuses
 * the rest with its own words. */
static const char *const declined[] = {
    "",
    " ",
    "[]",
    "\"text\"",
    "1",
    "{",
    "{\"a\"}",
    "{\"a\":}",
    "{\"a\":1,}",
    "{,}",
    "{\"a\":1}x",
    "{\"a\":1}{}",
    "{\"a\":1,\"a\":2}",
    "{\"a\":{\"b\":1,\"b\":1}}",
    "{\"a\":1.5}",
    "{\"a\":1e3}",
    "{\"a\":1E3}",
    "{\"a\":01}",
    "{\"a\":-}",
    "{\"a\":+1}",
    "{\"a\":1234567890123456789}",
    "{\"a\":-1234567890123456789}",
    "{\"a\":\"\\n\"}",
    "{\"a\":\"\\u0041\"}",
    "{\"a\\\"\":1}",
    "{\"a\":\"tab\there\"}",
    "{\"a\":\"caf\xc3\xa9\"}",
    "{\"a\":\"\x7f\"}",
    "{\"a\":\"unterminated}",
    "{\"a\":tru}",
    "{\"a\":truex}",
    "{\"a\":nul}",
    "{\"a\":[1 2]}",
    "{\"a\":[1,]}",
    "{'a':1}",
    "\xef\xbb\xbf{}",
    "{\"a\":1}\f",
    /* seventeen levels: deeper than a body may nest */
    "{\"a\":[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]}",
};

static void named_cases(void)
{
    bool decoded;
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++)
        CHECK_MSG(agrees(plain[i], strlen(plain[i]), &decoded) && decoded, "decoded: %s", plain[i]);
    for (size_t i = 0; i < sizeof declined / sizeof declined[0]; i++)
        CHECK_MSG(agrees(declined[i], strlen(declined[i]), &decoded) && !decoded, "declined: %s",
                  declined[i]);
    /* a NUL byte inside the body's length is no JSON */
    CHECK(agrees("{}\0", 3, &decoded) && !decoded);
    CHECK(agrees("{\"a\":\"\0\"}", 9, &decoded) && !decoded);
    CHECK(decode_plain_object(NULL, 0, DEPTH) == NULL);
}

/* Bodies of the plain cases mutated byte by byte: a byte replaced by one
 * that matters to JSON, removed, or repeated. */
static void mutated(void)
{
    static const char matters[] = "{}[]\",:0123456789-+.eE \t\n\\ntfuxa\x01\x7f\x80";
    unsigned seed = 5;
    bool ok = true;
    int decoded_some = 0;
    for (int i = 0; i < 40000; i++) {
        const char *base = plain[rand_r(&seed) % (sizeof plain / sizeof plain[0])];
        char text[256];
        size_t len = strlen(base);
        memcpy(text, base, len);
        for (int edits = 1 + rand_r(&seed) % 3; edits > 0 && len > 0; edits--) {
            size_t at = (size_t)rand_r(&seed) % len;
            int kind = rand_r(&seed) % 3;
            if (kind == 0) {
                text[at] = matters[rand_r(&seed) % (sizeof matters - 1)];
            } else if (kind == 1) {
                memmove(text + at, text + at + 1, len - at - 1);
                len--;
            } else if (len < sizeof text - 1) {
                memmove(text + at + 1, text + at, len - at);
                len++;
            }
        }
        bool decoded;
        ok &= agrees(text, len, &decoded);
        decoded_some += decoded;
    }
    CHECK(ok);
    CHECK_MSG(decoded_some > 1000, "only %d mutated bodies decoded", decoded_some);
}

void test_decode(void)
{
    named_cases();
    mutated();
}
