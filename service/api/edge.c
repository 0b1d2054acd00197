/* Strict JSON decoding, field validation, error replies. */
#include "paingen/api/edge.h"

#include "paingen/api/decode.h"
#include "paingen/core/log.h"
#include "paingen/core/parse.h"
#include "paingen/core/utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* application/json or any application/...+json, parameters ignored. */
static bool is_json_media(const char *ct)
{
    if (!ct)
        return false;
    size_t n = strcspn(ct, ";");
    while (n && ct[n - 1] == ' ')
        n--;
    if (n == 16 && strncasecmp(ct, "application/json", 16) == 0)
        return true;
    return n > 17 && strncasecmp(ct, "application/", 12) == 0 &&
           strncasecmp(ct + n - 5, "+json", 5) == 0;
}

/* No request of this API nests deeper than a few levels; a body that
 * does is refused before any handler walks it. */
#define MAX_JSON_DEPTH 16

/* Whether v nests at most depth levels of arrays and objects. */
static bool shallow(json_t *v, int depth)
{
    if (!json_is_object(v) && !json_is_array(v))
        return true;
    if (depth == 0)
        return false;
    size_t i;
    const char *key;
    json_t *x;
    bool ok = true;
    if (json_is_array(v)) {
        json_array_foreach(v, i, x) ok = ok && shallow(x, depth - 1);
    } else {
        json_object_foreach(v, key, x) ok = ok && shallow(x, depth - 1);
    }
    return ok;
}

json_t *edge_body_object(const struct http_req *req, struct http_res *res)
{
    if (!is_json_media(http_req_header(req, "Content-Type"))) {
        http_res_problem(res, req, PG_ERR_UNSUPPORTED_MEDIA, NULL,
                         "send the body as application/json");
        return NULL;
    }
    json_t *root = decode_plain_object(req->body, req->body_len, MAX_JSON_DEPTH);
    if (root) /* an object, and shallow enough */
        return root;
    json_error_t e;
    root = json_loadb(req->body ? req->body : "", req->body_len, JSON_REJECT_DUPLICATES, &e);
    if (!root) {
        http_res_problem(res, req, PG_ERR_BAD_JSON,
                         json_pack("{s:i, s:i}", "line", e.line, "column", e.column),
                         "line %d, column %d: %s", e.line, e.column, e.text);
        return NULL;
    }
    if (!json_is_object(root) || !shallow(root, MAX_JSON_DEPTH)) {
        struct validation v = {0};
        validation_add(&v, "",
                       json_is_object(root) ? "nested deeper than %d levels"
                                            : "the body must be a JSON object",
                       MAX_JSON_DEPTH);
        json_decref(root);
        validation_reply(&v, req, res);
        return NULL;
    }
    return root;
}

void validation_add(struct validation *v, const char *pointer, const char *fmt, ...)
{
    char detail[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    if (!v->errors)
        v->errors = json_array();
    if (v->count++ >= VALIDATION_MAX_ERRORS)
        return;
    /* pointers quote request keys, which may be any bytes */
    char full[320];
    snprintf(full, sizeof full, "%s%s", v->prefix, pointer);
    json_t *e = json_object();
    json_object_set_new(e, "pointer", http_json_text(full, 256));
    json_object_set_new(e, "detail", http_json_text(detail, sizeof detail));
    json_array_append_new(v->errors, e);
}

/* A validation asked for its result inside an array element: the loop
 * over the elements was left before validate_next_element ended it. */
static void check_outside(const struct validation *v)
{
    if (v->prefix[0] == '\0')
        return;
    log_msg(LOG_ERROR, "validation ended inside '%s': a loop over its elements left early",
            v->prefix);
    abort();
}

bool validation_ok(const struct validation *v)
{
    check_outside(v);
    return !v->errors;
}

void validation_reply(struct validation *v, const struct http_req *req, struct http_res *res)
{
    check_outside(v);
    size_t n = v->count, listed = json_array_size(v->errors);
    const char *first = json_string_value(json_object_get(json_array_get(v->errors, 0), "pointer"));
    char more[48] = "";
    if (n > listed)
        snprintf(more, sizeof more, " (the first %zu listed)", listed);
    json_t *extra = json_pack("{s:o}", "errors", v->errors ? v->errors : json_array());
    v->errors = NULL;
    v->count = 0;
    http_res_problem(res, req, PG_ERR_INVALID, extra, "%zu invalid field%s%s, first '%s'", n,
                     n == 1 ? "" : "s", more, first && *first ? first : "/");
}

void validation_cleanup(struct validation *v)
{
    if (!v)
        return;
    json_decref(v->errors);
    v->errors = NULL;
    v->count = 0;
}

/* The first byte decides most comparisons, without a call: every member
 * of every element of a body is looked up here. */
static bool in_list(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (s[0] == (*list)[0] && strcmp(s, *list) == 0)
            return true;
    return false;
}

/* A JSON pointer for a top-level member ("/" + key, with ~ and / escaped). */
static void pointer_of(const char *key, char *out, size_t len)
{
    size_t used = 0;
    out[used++] = '/';
    for (const char *p = key; *p && used + 3 < len; p++) {
        if (*p == '~' || *p == '/') {
            out[used++] = '~';
            out[used++] = *p == '~' ? '0' : '1';
        } else {
            out[used++] = *p;
        }
    }
    out[used] = '\0';
}

/* obj's member key, or NULL when absent or null ("required" noted when
 * it must be there); ptr receives the member's pointer. */
static json_t *member(struct validation *v, json_t *obj, const char *key, bool required, char *ptr,
                      size_t len)
{
    pointer_of(key, ptr, len);
    json_t *value = json_object_get(obj, key);
    if (value && !json_is_null(value))
        return value;
    if (required)
        validation_add(v, ptr, "required");
    return NULL;
}

void validate_known_fields(struct validation *v, json_t *obj, const char *const *allowed)
{
    const char *key;
    json_t *value;
    json_object_foreach(obj, key, value)
    {
        if (!in_list(key, allowed)) {
            char ptr[160];
            pointer_of(key, ptr, sizeof ptr);
            validation_add(v, ptr, "unknown field");
        }
    }
}

void validate_known_query(struct validation *v, const struct http_req *req,
                          const char *const *allowed)
{
    for (size_t i = 0; i < req->n_query; i++) {
        if (!in_list(req->query[i].key, allowed)) {
            char where[160];
            snprintf(where, sizeof where, "?%s", req->query[i].key);
            validation_add(v, where, "unknown query parameter");
        }
    }
}

const char *validate_string(struct validation *v, json_t *obj, const char *key, bool required,
                            size_t max_len)
{
    char ptr[160];
    json_t *value = member(v, obj, key, required, ptr, sizeof ptr);
    if (!value)
        return NULL;
    const char *s = json_string_value(value);
    if (!s) {
        validation_add(v, ptr, "must be a string");
        return NULL;
    }
    size_t n = utf8_length(s);
    if (n == 0 || n > max_len || strlen(s) != json_string_length(value)) {
        validation_add(v, ptr, "must be 1 to %zu characters, without NUL", max_len);
        return NULL;
    }
    return s;
}

const char *validate_enum(struct validation *v, json_t *obj, const char *key, bool required,
                          const char *const *choices)
{
    const char *s = validate_string(v, obj, key, required, 64);
    if (!s || in_list(s, choices))
        return s;
    char ptr[160], list[512];
    size_t used = 0;
    for (const char *const *c = choices; *c && used < sizeof list; c++) {
        int w = snprintf(list + used, sizeof list - used, "%s%s", used ? ", " : "", *c);
        if (w < 0)
            break;
        used += (size_t)w;
    }
    pointer_of(key, ptr, sizeof ptr);
    validation_add(v, ptr, "must be one of: %s", list);
    return NULL;
}

static bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

bool edge_valid_date(const char *s)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (strnlen(s, 11) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return false;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    int d = (s[8] - '0') * 10 + (s[9] - '0');
    if (m < 1 || m > 12 || d < 1)
        return false;
    return d <= days[m - 1] + (m == 2 && leap(y));
}

void edge_today(char out[11])
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

const char *validate_date(struct validation *v, json_t *obj, const char *key, bool required,
                          const char *min_date)
{
    const char *s = validate_string(v, obj, key, required, 10);
    if (!s)
        return NULL;
    char ptr[160], today[11];
    pointer_of(key, ptr, sizeof ptr);
    edge_today(today);
    if (!edge_valid_date(s)) {
        validation_add(v, ptr, "must be a calendar date YYYY-MM-DD");
        return NULL;
    }
    /* ISO dates compare as strings */
    if (strcmp(s, today) > 0) {
        validation_add(v, ptr, "must not be in the future (today is %s UTC)", today);
        return NULL;
    }
    if (min_date && strcmp(s, min_date) < 0) {
        validation_add(v, ptr, "must not be before %s", min_date);
        return NULL;
    }
    return s;
}

bool validate_int(struct validation *v, json_t *obj, const char *key, bool required, int64_t min,
                  int64_t max, int64_t *out)
{
    char ptr[160];
    json_t *value = member(v, obj, key, required, ptr, sizeof ptr);
    if (!value)
        return false;
    json_int_t n = json_integer_value(value);
    if (!json_is_integer(value) || n < min || n > max) {
        validation_add(v, ptr, "must be a whole number from %lld to %lld", (long long)min,
                       (long long)max);
        return false;
    }
    *out = (int64_t)n;
    return true;
}

/* Seconds since the epoch of an RFC 3339 date-time and its fraction in
 * microseconds (extra digits dropped), or false. */
static bool parse_rfc3339(const char *s, time_t *out, long *micros)
{
    char date[11];
    size_t n = strlen(s);
    if (n < 20 || (s[10] != 'T' && s[10] != 't') || s[13] != ':' || s[16] != ':')
        return false;
    memcpy(date, s, 10);
    date[10] = '\0';
    if (!edge_valid_date(date))
        return false;
    int f[3];
    for (int i = 0; i < 3; i++) {
        const char *d = s + 11 + 3 * i;
        if (d[0] < '0' || d[0] > '9' || d[1] < '0' || d[1] > '9')
            return false;
        f[i] = (d[0] - '0') * 10 + (d[1] - '0');
    }
    if (f[0] > 23 || f[1] > 59 || f[2] > 60) /* :60 is a leap second */
        return false;
    if (strncmp(s, "1900", 4) < 0)
        return false; /* the floor of every date here; PostgreSQL has no year 0 */
    const char *p = s + 19;
    *micros = 0;
    if (*p == '.') {
        size_t digits = strspn(p + 1, "0123456789");
        if (digits == 0 || digits > 9)
            return false;
        for (size_t i = 0; i < 6; i++)
            *micros = *micros * 10 + (i < digits ? p[1 + i] - '0' : 0);
        p += 1 + digits;
    }
    long offset = 0;
    if (*p == 'Z' || *p == 'z') {
        p++;
    } else if ((*p == '+' || *p == '-') && strlen(p) == 6 && p[3] == ':' &&
               strspn(p + 1, "0123456789") == 2 && strspn(p + 4, "0123456789") == 2) {
        int hh = (p[1] - '0') * 10 + (p[2] - '0'), mm = (p[4] - '0') * 10 + (p[5] - '0');
        if (hh > 15 || mm > 59) /* PostgreSQL's limit on zone offsets */
            return false;
        offset = (*p == '+' ? 1 : -1) * (hh * 3600L + mm * 60L);
        p += 6;
    } else {
        return false;
    }
    if (*p)
        return false;
    struct tm tm = {.tm_year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
                               (s[3] - '0') - 1900,
                    .tm_mon = (s[5] - '0') * 10 + (s[6] - '0') - 1,
                    .tm_mday = (s[8] - '0') * 10 + (s[9] - '0'),
                    .tm_hour = f[0],
                    .tm_min = f[1],
                    .tm_sec = f[2]};
    *out = timegm(&tm) - offset;
    return true;
}

/* Clocks of the EHR and of this host differ a little. */
#define CLOCK_SKEW_S 300

bool edge_utc_timestamp(const char *s, char utc[32], time_t *when)
{
    time_t t;
    long micros;
    if (!s || strlen(s) > 40 || !parse_rfc3339(s, &t, &micros))
        return false;
    struct tm tm;
    gmtime_r(&t, &tm);
    size_t n = strftime(utc, 32, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(utc + n, 32 - n, ".%06ldZ", micros);
    *when = t;
    return true;
}

bool validate_timestamp(struct validation *v, json_t *obj, const char *key, bool required,
                        char utc[32])
{
    const char *s = validate_string(v, obj, key, required, 40);
    if (!s)
        return false;
    char ptr[160];
    pointer_of(key, ptr, sizeof ptr);
    time_t t;
    if (!edge_utc_timestamp(s, utc, &t)) {
        validation_add(v, ptr, EDGE_TIMESTAMP_HINT);
        return false;
    }
    if (t > time(NULL) + CLOCK_SKEW_S) {
        validation_add(v, ptr, "must not be in the future");
        return false;
    }
    return true;
}

json_t *validate_array(struct validation *v, json_t *obj, const char *key, bool required,
                       size_t max)
{
    char ptr[160];
    json_t *value = member(v, obj, key, required, ptr, sizeof ptr);
    if (!value)
        return NULL;
    if (!json_is_array(value) || json_array_size(value) > max) {
        validation_add(v, ptr, "must be an array of at most %zu elements", max);
        return NULL;
    }
    return value;
}

json_t *validate_object_at(struct validation *v, json_t *array, const char *key, size_t index)
{
    json_t *e = json_array_get(array, index);
    if (json_is_object(e))
        return e;
    char ptr[160], at[200];
    pointer_of(key, ptr, sizeof ptr);
    snprintf(at, sizeof at, "%s/%zu", ptr, index);
    validation_add(v, at, "must be an object");
    return NULL;
}

/* "<ptr>/<i>" at v->prefix + at, as snprintf would write it but at a
 * tenth of its cost (this runs for each element of every array); false
 * when it does not fit. */
static bool prefix_element(struct validation *v, size_t at, const char *ptr, size_t i)
{
    char digits[24], *d = digits + sizeof digits;
    do
        *--d = (char)('0' + i % 10);
    while ((i /= 10) > 0);
    size_t n = strlen(ptr), k = (size_t)(digits + sizeof digits - d);
    if (at + n + 1 + k >= sizeof v->prefix)
        return false;
    char *p = v->prefix + at;
    memcpy(p, ptr, n);
    p[n] = '/';
    memcpy(p + n + 1, d, k);
    p[n + 1 + k] = '\0';
    return true;
}

json_t *validate_next_element(struct validation *v, struct validation_elements *it)
{
    if (it->inside) /* leave the element returned last */
        v->prefix[it->outside] = '\0';
    else
        it->outside = strlen(v->prefix);
    it->inside = false;
    while (it->array && it->next < json_array_size(it->array)) {
        size_t i = it->next++;
        json_t *e = validate_object_at(v, it->array, it->key, i);
        if (!e)
            continue;
        char ptr[160];
        pointer_of(it->key, ptr, sizeof ptr);
        /* our keys are short, and nest twice at most */
        if (!prefix_element(v, it->outside, ptr, i)) {
            log_msg(LOG_ERROR, "validation prefix too long under '%s'", ptr);
            abort();
        }
        it->index = i;
        it->inside = true;
        validate_known_fields(v, e, it->fields);
        return e;
    }
    return NULL;
}

bool edge_is_uuid(const char *s)
{
    char canonical[37];
    return parse_uuid(s, canonical);
}

bool edge_if_match(const struct http_req *req, struct http_res *res, int *version)
{
    const char *h = http_req_header(req, "If-Match");
    if (!h) {
        http_res_problem(res, req, PG_ERR_PRECONDITION_REQUIRED, NULL,
                         "send If-Match with the ETag of the version you are correcting");
        return false;
    }
    char digits[16];
    size_t n = strlen(h);
    int64_t v = 0;
    if (n < 3 || n - 2 >= sizeof digits || h[0] != '"' || h[n - 1] != '"') {
        http_res_problem(res, req, PG_ERR_PRECONDITION_FAILED, NULL,
                         "If-Match must be an ETag such as \"3\"");
        return false;
    }
    memcpy(digits, h + 1, n - 2);
    digits[n - 2] = '\0';
    if (!parse_i64_range(digits, 1, INT32_MAX, &v)) {
        http_res_problem(res, req, PG_ERR_PRECONDITION_FAILED, NULL,
                         "If-Match must be an ETag such as \"3\"");
        return false;
    }
    *version = (int)v;
    return true;
}

const struct vocab_entry *validate_code(struct validation *v, const char *ptr, const char *code,
                                        enum vocab_kind kind, unsigned region)
{
    const struct vocab_entry *e = vocab_find(kind, code);
    if (!e)
        validation_add(v, ptr, "unknown %s code '%s' (see GET /v1/vocabulary)",
                       vocab_kind_name(kind), code);
    else if (region && !(e->regions & region))
        validation_add(v, ptr, "'%s' is not a %s %s", code, vocab_region_name(region),
                       vocab_kind_name(kind));
    return e;
}

const char *validate_level(struct validation *v, json_t *obj, const char *key,
                           const struct vocab_entry *e)
{
    const char *level = validate_string(v, obj, key, e && e->needs_level, 8);
    char ptr[160];
    pointer_of(key, ptr, sizeof ptr);
    if (level && !vocab_level_valid(level))
        validation_add(v, ptr, "must be a lumbar level such as L4-L5 or L5-S1");
    else if (level && e && !e->needs_level)
        validation_add(v, ptr, "'%s' takes no spinal level", e->code);
    else
        return level;
    return NULL;
}

const char *edge_path_id(const struct http_req *req, struct http_res *res, const char *what)
{
    const char *id = http_req_param(req, "id");
    /* the server gave it in lower case (router_path_canonical): an id in
     * capitals that got here would escape the audit trail's search */
    char canonical[37];
    if (parse_uuid(id, canonical) && strcmp(id, canonical) == 0)
        return id;
    http_res_problem(res, req, PG_ERR_NOT_FOUND, NULL, "no %s with this id", what);
    return NULL;
}

bool edge_no_query(const struct http_req *req, struct http_res *res)
{
    static const char *const none[] = {NULL};
    struct validation v = {0};
    validate_known_query(&v, req, none);
    if (validation_ok(&v))
        return true;
    validation_reply(&v, req, res);
    return false;
}

const char *edge_take_status(struct validation *v, json_t *body)
{
    static const char *const statuses[] = {"active", "entered_in_error", NULL};
    const char *status = validate_enum(v, body, "status", false, statuses);
    /* answer with static storage: the body's string dies with the del */
    if (status)
        status = strcmp(status, statuses[1]) == 0 ? statuses[1] : statuses[0];
    json_object_del(body, "status");
    return status;
}

void edge_reply_error(const struct http_req *req, struct http_res *res, enum pg_err err,
                      const char *what)
{
    switch (err) {
    case PG_ERR_NOT_FOUND: http_res_problem(res, req, err, NULL, "no %s with this id", what); break;
    case PG_ERR_DB_UNAVAILABLE:
    case PG_ERR_BUSY:
        http_res_problem(res, req, err, NULL, "try again shortly");
        http_res_header(res, "Retry-After", "1");
        break;
    case PG_ERR_BAD_REQUEST:
        http_res_problem(res, req, err, NULL, "a value was refused by the database");
        break;
    case PG_ERR_DB_TIMEOUT:
        http_res_problem(res, req, err, NULL, "the database did not answer in time");
        break;
    default:
        http_res_problem(res, req, PG_ERR_INTERNAL, NULL,
                         "unexpected error; the request id identifies it in the log");
    }
}
