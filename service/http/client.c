/* Outgoing GETs with libcurl: one easy handle per call (a call is rare:
 * an EHR's JWK Set, cached for minutes; a Patient the EHR did not
 * prefetch), every bound set on it. */
#include "paingen/http/client.h"

#include <curl/curl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

void http_client_init(void)
{
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        fprintf(stderr, "paingen: libcurl did not initialise\n");
}

void http_client_cleanup(void) { curl_global_cleanup(); }

static bool loopback_host(const char *host, size_t n)
{
    static const char *const names[] = {"127.0.0.1", "[::1]", "localhost"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (n == strlen(names[i]) && strncasecmp(host, names[i], n) == 0)
            return true;
    return false;
}

bool http_client_url_ok(const char *url, bool loopback_http)
{
    size_t len = strnlen(url, HTTP_CLIENT_URL_MAX + 1);
    if (len > HTTP_CLIENT_URL_MAX || strpbrk(url, " \t\r\n#\\"))
        return false;
    for (const unsigned char *p = (const unsigned char *)url; *p; p++)
        if (*p < 0x21 || *p > 0x7e)
            return false;
    bool https = strncasecmp(url, "https://", 8) == 0;
    if (!https && strncasecmp(url, "http://", 7) != 0)
        return false;
    const char *host = url + (https ? 8 : 7);
    size_t authority = strcspn(host, "/?");
    if (authority == 0 || memchr(host, '@', authority))
        return false;
    /* the host alone: up to a port's colon (after an IPv6 literal's ']') */
    const char *end = host[0] == '[' ? memchr(host, ']', authority) : NULL;
    size_t host_len = end ? (size_t)(end - host + 1) : strcspn(host, ":/?");
    if (host_len == 0 || host_len > authority)
        return false;
    return https || (loopback_http && loopback_host(host, host_len));
}

struct sink {
    struct buf *out;
    size_t max;
    bool too_big;
};

static size_t write_body(char *data, size_t size, size_t n, void *arg)
{
    struct sink *s = arg;
    size_t len = size * n;
    if (s->out->len + len > s->max) {
        s->too_big = true;
        return 0; /* makes libcurl stop with CURLE_WRITE_ERROR */
    }
    buf_append(s->out, data, len);
    return len;
}

/* The request's headers (NULL when none). The bearer token is never
 * logged: libcurl's verbose mode stays off. */
static struct curl_slist *headers_of(const struct http_client_get *g, bool *ok)
{
    struct curl_slist *list = NULL, *next;
    char line[HTTP_CLIENT_HEADER_MAX];
    *ok = true;
    if (g->accept) {
        *ok = snprintf(line, sizeof line, "Accept: %s", g->accept) < (int)sizeof line &&
              (next = curl_slist_append(list, line));
        list = *ok ? next : list;
    }
    if (*ok && g->bearer) {
        *ok =
            snprintf(line, sizeof line, "Authorization: Bearer %s", g->bearer) < (int)sizeof line &&
            (next = curl_slist_append(list, line));
        list = *ok ? next : list;
    }
    return list;
}

bool http_client_get(const char *url, const struct http_client_get *g, struct buf *out,
                     long *status, char *why, size_t why_len)
{
    *status = 0;
    if (!http_client_url_ok(url, g->loopback_http)) {
        snprintf(why, why_len, "a URL that may not be fetched");
        return false;
    }
    bool headers_ok;
    struct curl_slist *headers = headers_of(g, &headers_ok);
    CURL *h = headers_ok ? curl_easy_init() : NULL;
    if (!h) {
        curl_slist_free_all(headers);
        snprintf(why, why_len,
                 headers_ok ? "libcurl could not make a handle"
                            : "a header too long or out of memory");
        return false;
    }
    struct sink s = {out, g->max, false};
    size_t start = out->len;
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, g->loopback_http ? "http,https" : "https");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L); /* no SIGALRM in a threaded server */
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, g->timeout_ms);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, g->timeout_ms);
    curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)g->max);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, write_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &s);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "paingen");
    if (headers)
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    CURLcode rc = curl_easy_perform(h);
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, status);
    curl_easy_cleanup(h);
    curl_slist_free_all(headers);
    bool ok = rc == CURLE_OK && *status == 200;
    if (s.too_big || rc == CURLE_FILESIZE_EXCEEDED)
        snprintf(why, why_len, "the response passed %zu bytes", g->max);
    else if (rc != CURLE_OK)
        snprintf(why, why_len, "%s", curl_easy_strerror(rc));
    else if (*status != 200)
        snprintf(why, why_len, "status %ld", *status);
    if (!ok)
        out->len = start; /* nothing of a failed fetch is kept */
    if (!ok && out->data)
        out->data[start] = '\0';
    return ok;
}
