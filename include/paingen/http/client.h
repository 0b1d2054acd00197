/* The service's own outgoing HTTP: GET of a small document (an EHR's
 * JWK Set, a Patient from its FHIR server) with libcurl, bounded in time
 * and size. HTTPS only, but for a
 * loopback host when the configuration allows plain HTTP to it (tests); no
 * redirect is followed. */
#ifndef PAINGEN_HTTP_CLIENT_H
#define PAINGEN_HTTP_CLIENT_H

#include "paingen/core/buf.h"

#include <stdbool.h>
#include <stddef.h>

#define HTTP_CLIENT_URL_MAX    2048
/* The longest header line sent (an OAuth access token is a few KB). */
#define HTTP_CLIENT_HEADER_MAX 8192

/* Once, before any thread calls http_client_get. */
void http_client_init(void);
void http_client_cleanup(void);

/* Whether url may be fetched: https://host[:port]/path (at most
 * HTTP_CLIENT_URL_MAX characters, no user information, fragment or
 * white space), or http:// to 127.0.0.1, [::1] or localhost when
 * loopback_http. */
bool http_client_url_ok(const char *url, bool loopback_http);

/* One GET's bounds and headers. */
struct http_client_get {
    bool loopback_http; /* as http_client_url_ok's */
    long timeout_ms;    /* connecting and answering, in all */
    size_t max;         /* the body's most bytes */
    const char *accept; /* the Accept header, or NULL */
    /* Authorization: Bearer <bearer>, or NULL; a b64token (RFC 6750),
     * checked by the caller: no CR or LF gets into a header */
    const char *bearer;
};

/* GETs url (checked as above) as g says: true with a 200's body
 * appended to *out; false with a short reason in why (and the status in
 * *status when one came, else 0). Blocks the calling thread. */
bool http_client_get(const char *url, const struct http_client_get *g, struct buf *out,
                     long *status, char *why, size_t why_len);

#endif
