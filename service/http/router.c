/* Path-template matching over the route table. */
#include "paingen/http/router.h"

#include "paingen/core/parse.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* Matches one template against path; on success fills params (values
 * copied into scratch). Segments are compared one by one. */
static bool match_template(const char *tmpl, const char *path, struct route_match *m)
{
    size_t used = 0;
    m->n_params = 0;
    while (*tmpl && *path) {
        if (*tmpl != '/' || *path != '/')
            return false;
        tmpl++, path++;
        size_t tl = strcspn(tmpl, "/"), pl = strcspn(path, "/");
        if (tmpl[0] == '{') {
            if (pl == 0 || m->n_params == HTTP_MAX_PARAMS || used + pl + tl > ROUTER_MAX_PATH)
                return false;
            /* the name, then the value, both NUL-terminated in scratch */
            char *name = m->scratch + used;
            memcpy(name, tmpl + 1, tl - 2);
            name[tl - 2] = '\0';
            char *value = name + tl - 1;
            memcpy(value, path, pl);
            value[pl] = '\0';
            used += tl - 1 + pl + 1;
            m->params[m->n_params++] = (struct http_kv){name, value};
        } else if (tl != pl || memcmp(tmpl, path, tl) != 0) {
            return false;
        }
        tmpl += tl, path += pl;
    }
    return *tmpl == '\0' && *path == '\0';
}

enum pg_err router_match(const struct route *table, size_t n, enum http_method method,
                         const char *path, struct route_match *m)
{
    enum http_method want = method == HTTP_HEAD ? HTTP_GET : method;
    bool found = false;
    m->allow = 0;
    if (strlen(path) > ROUTER_MAX_PATH)
        return PG_ERR_NOT_FOUND;
    for (size_t i = 0; i < n; i++) {
        struct route_match tmp;
        if (!match_template(table[i].path, path, &tmp))
            continue;
        m->allow |= table[i].method;
        if (table[i].method == want && !found) {
            found = true;
            m->index = i;
            memcpy(m->params, tmp.params, sizeof tmp.params);
            memcpy(m->scratch, tmp.scratch, sizeof tmp.scratch);
            m->n_params = tmp.n_params;
            /* the kv pointers point into tmp.scratch: rebase them */
            for (size_t k = 0; k < m->n_params; k++) {
                m->params[k].key = m->scratch + (tmp.params[k].key - tmp.scratch);
                m->params[k].value = m->scratch + (tmp.params[k].value - tmp.scratch);
            }
        }
    }
    if (!m->allow)
        return PG_ERR_NOT_FOUND;
    if (m->allow & HTTP_GET)
        m->allow |= HTTP_HEAD;
    m->allow |= HTTP_OPTIONS;
    return found ? PG_ERR_OK : PG_ERR_METHOD_NOT_ALLOWED;
}

/* Whether s[0..n) holds the escape "%" hex (hex in upper case; the
 * escape in either case). */
static bool has_escape(const char *s, size_t n, const char *hex)
{
    for (size_t i = 0; i + 2 < n; i++)
        if (s[i] == '%' && toupper((unsigned char)s[i + 1]) == hex[0] &&
            toupper((unsigned char)s[i + 2]) == hex[1])
            return true;
    return false;
}

bool router_check_target(const char *target, char *detail, size_t len)
{
    size_t path_len = strcspn(target, "?"); /* where the library splits it */
    if (has_escape(target, path_len, "00")) {
        snprintf(detail, len, "the path holds an encoded NUL (%%00)");
        return false;
    }
    if (has_escape(target, path_len, "2F")) {
        snprintf(detail, len, "the path holds an encoded '/' (%%2F), which no id here contains");
        return false;
    }
    for (const char *q = target + path_len; *q;) {
        q++; /* past the '?' or '&' */
        size_t n = strcspn(q, "&");
        if (has_escape(q, n, "00")) {
            int key = (int)strcspn(q, "=&");
            snprintf(detail, len, "query parameter '%.*s' holds an encoded NUL (%%00)",
                     key < 64 ? key : 64, q);
            return false;
        }
        q += n;
    }
    return true;
}

bool router_path_canonical(const char *path, char out[ROUTER_MAX_PATH + 1])
{
    size_t n = strlen(path);
    if (n > ROUTER_MAX_PATH)
        return false;
    memcpy(out, path, n + 1);
    for (char *seg = out; *seg; seg++) {
        size_t len = strcspn(seg, "/");
        char one[37], id[37];
        if (len == 36) {
            memcpy(one, seg, 36);
            one[36] = '\0';
            if (parse_uuid(one, id))
                memcpy(seg, id, 36);
        }
        seg += len;
        if (!*seg)
            break;
    }
    return true;
}

void router_allow_string(unsigned allow, char *out, size_t len)
{
    static const enum http_method order[] = {HTTP_GET,   HTTP_HEAD,   HTTP_POST,   HTTP_PUT,
                                             HTTP_PATCH, HTTP_DELETE, HTTP_OPTIONS};
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        if (!(allow & order[i]))
            continue;
        int w =
            snprintf(out + used, len - used, "%s%s", used ? ", " : "", http_method_name(order[i]));
        if (w < 0 || (size_t)w >= len - used)
            return;
        used += (size_t)w;
    }
}
