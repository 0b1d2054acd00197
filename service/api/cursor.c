/* Cursor encoding: base64url without padding of "timestamp|uuid". */
#include "paingen/api/cursor.h"

#include "paingen/api/app.h"
#include "paingen/api/auth.h"

#include "paingen/core/parse.h"

#include <stdio.h>
#include <string.h>

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

void cursor_encode(const struct cursor_key *key, char *out)
{
    char raw[80];
    int n = snprintf(raw, sizeof raw, "%s|%s", key->at, key->id);
    size_t len = n > 0 ? (size_t)n : 0, o = 0;
    for (size_t i = 0; i < len; i += 3) {
        unsigned v = (unsigned char)raw[i] << 16;
        if (i + 1 < len)
            v |= (unsigned char)raw[i + 1] << 8;
        if (i + 2 < len)
            v |= (unsigned char)raw[i + 2];
        out[o++] = alphabet[(v >> 18) & 63];
        out[o++] = alphabet[(v >> 12) & 63];
        if (i + 1 < len)
            out[o++] = alphabet[(v >> 6) & 63];
        if (i + 2 < len)
            out[o++] = alphabet[v & 63];
    }
    out[o] = '\0';
}

static int sextet(char c)
{
    const char *p = c ? strchr(alphabet, c) : NULL;
    return p ? (int)(p - alphabet) : -1;
}

/* A timestamp as rfc3339() prints it, 2026-11-21T15:04:05.123456Z, with
 * every field in range: whatever passes must be accepted by PostgreSQL. */
static bool valid_timestamp(const char *s)
{
    static const char shape[] = "dddd-dd-ddTdd:dd:dd.ddddddZ";
    if (strlen(s) != sizeof shape - 1)
        return false;
    for (size_t i = 0; shape[i]; i++) {
        if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != shape[i])
            return false;
    }
    char date[11];
    memcpy(date, s, 10);
    date[10] = '\0';
    int hour = (s[11] - '0') * 10 + (s[12] - '0');
    int min = (s[14] - '0') * 10 + (s[15] - '0');
    int sec = (s[17] - '0') * 10 + (s[18] - '0');
    return edge_valid_date(date) && strncmp(date, "0000", 4) != 0 && hour < 24 && min < 60 &&
           sec < 60;
}

bool cursor_decode(const char *text, struct cursor_key *key)
{
    char raw[96];
    size_t len = strlen(text), o = 0;
    if (len == 0 || len > CURSOR_MAX || len % 4 == 1)
        return false;
    unsigned acc = 0;
    int bits = 0;
    for (size_t i = 0; i < len; i++) {
        int s = sextet(text[i]);
        if (s < 0)
            return false;
        acc = (acc << 6) | (unsigned)s;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            if (o + 1 >= sizeof raw)
                return false;
            raw[o++] = (char)((acc >> bits) & 0xFF);
        }
    }
    raw[o] = '\0';
    char *bar = memchr(raw, '|', o);
    if (!bar || strlen(raw) != o)
        return false;
    *bar = '\0';
    if (!valid_timestamp(raw) || !parse_uuid(bar + 1, key->id))
        return false;
    memcpy(key->at, raw, strlen(raw) + 1);
    return true;
}

void cursor_page_parse(struct validation *v, const struct http_req *req,
                       struct store_page_req *page, struct cursor_key *key)
{
    *page = (struct store_page_req){.limit = 20};
    const char *limit = http_req_query(req, "limit");
    int64_t n;
    if (limit) {
        if (parse_i64_range(limit, 1, STORE_PAGE_MAX, &n))
            page->limit = (int)n;
        else
            validation_add(v, "?limit", "must be a whole number from 1 to %d", STORE_PAGE_MAX);
    }
    const char *cursor = http_req_query(req, "cursor");
    if (!cursor)
        return;
    if (!cursor_decode(cursor, key)) {
        validation_add(v, "?cursor", "is not a cursor this service gave out");
        return;
    }
    page->after_at = key->at;
    page->after_id = key->id;
}

bool cursor_page_request(const struct http_req *req, struct http_res *res, const char *const *extra,
                         struct store_page_req *page, struct cursor_key *key)
{
    const char *allowed[8] = {"limit", "cursor"};
    for (size_t i = 2; extra && *extra && i < 7; i++)
        allowed[i] = *extra++;
    struct validation v = {0};
    validate_known_query(&v, req, allowed);
    cursor_page_parse(&v, req, page, key);
    if (validation_ok(&v))
        return true;
    validation_reply(&v, req, res);
    return false;
}

void cursor_page_reply(struct http_res *res, struct store_page *page)
{
    struct buf out;
    buf_init(&out, 0);
    buf_puts(&out, "{\"items\":[");
    if (page->items.len)
        buf_append(&out, page->items.data, page->items.len);
    buf_puts(&out, "],\"next_cursor\":");
    if (page->more) {
        struct cursor_key key;
        char text[CURSOR_MAX + 1];
        snprintf(key.at, sizeof key.at, "%s", page->last_at);
        snprintf(key.id, sizeof key.id, "%s", page->last_id);
        cursor_encode(&key, text);
        buf_printf(&out, "\"%s\"}", text);
    } else {
        buf_puts(&out, "null}");
    }
    auth_note_resources(page->ids.data);
    buf_cleanup(&page->items);
    buf_cleanup(&page->ids);
    http_res_json_buf(res, 200, &out);
}

void cursor_list_under(const struct http_req *req, struct http_res *res, const char *label,
                       cursor_list_fn *list)
{
    struct app *app = req->ctx;
    const char *parent = edge_path_id(req, res, label);
    if (!parent)
        return;
    struct store_page_req page;
    struct cursor_key key;
    if (!cursor_page_request(req, res, NULL, &page, &key))
        return;
    struct store_page out = {0};
    enum pg_err err = list(app->pool, auth_clinic(), parent, &page, &out);
    if (err == PG_ERR_OK)
        cursor_page_reply(res, &out);
    else
        edge_reply_error(req, res, err, label);
    buf_cleanup(&out.items);
    buf_cleanup(&out.ids);
}

void cursor_list_clinic(const struct http_req *req, struct http_res *res,
                        cursor_clinic_list_fn *list)
{
    struct app *app = req->ctx;
    struct store_page_req page;
    struct cursor_key key;
    if (!cursor_page_request(req, res, NULL, &page, &key))
        return;
    struct store_page out = {0};
    enum pg_err err = list(app->pool, auth_clinic(), &page, &out);
    if (err == PG_ERR_OK)
        cursor_page_reply(res, &out);
    else
        edge_reply_error(req, res, err, "clinic");
    buf_cleanup(&out.items);
    buf_cleanup(&out.ids);
}
