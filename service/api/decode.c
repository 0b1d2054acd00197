/* Plain JSON into jansson's tree, by recursive descent over the bytes. It
 * declines whatever it does not handle exactly as jansson does; the
 * caller then asks jansson, so every body still gets jansson's verdict. */
#include "paingen/api/decode.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

struct reader {
    const char *p, *end;
    int depth, max_depth;
};

/* JSON's whitespace, exactly: jansson takes no other. */
static void skip_space(struct reader *r)
{
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
        r->p++;
}

static bool next_is(struct reader *r, char c)
{
    skip_space(r);
    if (r->p == r->end || *r->p != c)
        return false;
    r->p++;
    return true;
}

/* A string of printable ASCII without escapes, its opening quote already
 * read: *text and *len receive where its text lies in the body. */
static bool plain_string(struct reader *r, const char **text, size_t *len)
{
    const char *start = r->p;
    while (r->p < r->end && *r->p != '"') {
        unsigned char c = (unsigned char)*r->p;
        if (c < 0x20 || c >= 0x7f || c == '\\')
            return false;
        r->p++;
    }
    if (r->p == r->end)
        return false;
    *text = start;
    *len = (size_t)(r->p++ - start);
    return true;
}

/* -?(0|[1-9][0-9]*) of at most 18 digits, which no int64_t overflows; a
 * fraction or an exponent (a real) is jansson's to read. */
static json_t *integer(struct reader *r)
{
    bool negative = r->p < r->end && *r->p == '-';
    r->p += negative;
    const char *digits = r->p;
    int64_t v = 0;
    while (r->p < r->end && *r->p >= '0' && *r->p <= '9' && r->p - digits < 18)
        v = v * 10 + (*r->p++ - '0');
    size_t n = (size_t)(r->p - digits);
    if (n == 0 || (n > 1 && digits[0] == '0'))
        return NULL;
    if (r->p < r->end &&
        ((*r->p >= '0' && *r->p <= '9') || *r->p == '.' || *r->p == 'e' || *r->p == 'E'))
        return NULL;
    return json_integer(negative ? -v : v);
}

/* One of the three names, spelled out in full. */
static json_t *literal(struct reader *r, const char *word, size_t n, json_t *value)
{
    if ((size_t)(r->end - r->p) < n || memcmp(r->p, word, n) != 0)
        return NULL;
    r->p += n;
    return value;
}

static json_t *value(struct reader *r);

/* One "key": value of an object into obj. A key given twice is declined:
 * jansson refuses it (JSON_REJECT_DUPLICATES). */
static bool member(struct reader *r, json_t *obj)
{
    const char *key;
    size_t key_len;
    if (!next_is(r, '"') || !plain_string(r, &key, &key_len) || !next_is(r, ':'))
        return false;
    json_t *v = value(r);
    if (!v)
        return false;
    if (json_object_getn(obj, key, key_len)) {
        json_decref(v);
        return false;
    }
    return json_object_setn_new_nocheck(obj, key, key_len, v) == 0; /* takes v, even on failure */
}

/* An object, its '{' already read: members in the order sent. */
static json_t *object(struct reader *r)
{
    json_t *obj = json_object();
    if (next_is(r, '}'))
        return obj;
    do {
        if (!member(r, obj)) {
            json_decref(obj);
            return NULL;
        }
    } while (next_is(r, ','));
    if (next_is(r, '}'))
        return obj;
    json_decref(obj);
    return NULL;
}

/* An array, its '[' already read. */
static json_t *array(struct reader *r)
{
    json_t *arr = json_array();
    if (next_is(r, ']'))
        return arr;
    do {
        json_t *v = value(r);
        if (!v || json_array_append_new(arr, v) != 0) {
            json_decref(arr);
            return NULL;
        }
    } while (next_is(r, ','));
    if (next_is(r, ']'))
        return arr;
    json_decref(arr);
    return NULL;
}

/* An array or object (at its '[' or '{') one level deeper than the
 * reader is, if allowed. */
static json_t *nested(struct reader *r, json_t *(*read)(struct reader *))
{
    if (r->depth == r->max_depth)
        return NULL;
    r->depth++;
    r->p++;
    json_t *v = read(r);
    r->depth--;
    return v;
}

static json_t *value(struct reader *r)
{
    skip_space(r);
    if (r->p == r->end)
        return NULL;
    const char *text;
    size_t len;
    switch (*r->p) {
    case '{': return nested(r, object);
    case '[': return nested(r, array);
    case '"': r->p++; return plain_string(r, &text, &len) ? json_stringn_nocheck(text, len) : NULL;
    case 't': return literal(r, "true", 4, json_true());
    case 'f': return literal(r, "false", 5, json_false());
    case 'n': return literal(r, "null", 4, json_null());
    default: return integer(r);
    }
}

json_t *decode_plain_object(const char *text, size_t len, int max_depth)
{
    if (!text)
        return NULL;
    struct reader r = {text, text + len, 0, max_depth};
    skip_space(&r);
    if (r.p == r.end || *r.p != '{')
        return NULL;
    json_t *root = nested(&r, object);
    skip_space(&r);
    if (root && r.p != r.end) { /* something after the object */
        json_decref(root);
        return NULL;
    }
    return root;
}
