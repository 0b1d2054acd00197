/* The service's own outgoing HTTP: GET of a small document (an EHR's
 * JWK Set) with libcurl, bounded in time and size. HTTPS only, but for a
 * loopback host when the configuration allows plain HTTP to it (tests); no
 * redirect is followed. */
#ifndef PAINGEN_HTTP_CLIENT_H
#define PAINGEN_HTTP_CLIENT_H

#include "paingen/core/buf.h"

#include <stdbool.h>
#include <stddef.h>

#define HTTP_CLIENT_URL_MAX 2048

/* Once, before any thread calls http_client_get. */
void http_client_init(void);
void http_client_cleanup(void);

/* Whether url may be fetched: https://host[:port]/path (at most
 * HTTP_CLIENT_URL_MAX characters, no user information, fragment or
 * white space), or http:// to 127.0.0.1, [::1] or localhost when
 * loopback_http. */
bool http_client_url_ok(const char *url, bool loopback_http);

/* GETs url (checked as above) within timeout_ms, its body at most max
 * bytes: true with a 200's body appended to *out; false with a short
 * reason in why. Blocks the calling thread. */
bool http_client_get(const char *url, bool loopback_http, long timeout_ms, size_t max,
                     struct buf *out, char *why, size_t why_len);

#endif
