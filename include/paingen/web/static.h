/* The clinic app's static files: GET / answers index.html and GET
 * /app/{file} a file of the app/ folder, both under PAINGEN_WEB_ROOT.
 * Only plain names of known types are served (no path, no hidden file,
 * no symbolic link), each with a strict Content-Security-Policy, an ETag
 * and a cache lifetime by name: a content-hashed name ("main.1a2b3c4d.js")
 * is cached for a year, anything else is revalidated on every use. */
#ifndef PAINGEN_WEB_STATIC_H
#define PAINGEN_WEB_STATIC_H

#include "paingen/http/exchange.h"

#include <stdbool.h>
#include <stddef.h>

/* The largest file served; a larger one is a 404, logged. */
#define WEB_MAX_FILE ((size_t)4 << 20)

/* The Content-Security-Policy of every page and file: only this origin,
 * no inline script or style, no plug-in, no framing, no <base>. */
#define WEB_CSP                                                                 \
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; " \
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; " \
    "form-action 'self'; frame-ancestors 'none'"

void web_static_index(const struct http_req *req, struct http_res *res);
void web_static_file(const struct http_req *req, struct http_res *res);

/* The media type served for a file name, by its extension (static
 * storage), or NULL for a name that is not served: empty, over 128
 * bytes, starting with '.', or holding anything but letters, digits,
 * '.', '-' and '_'. */
const char *web_static_type(const char *name);
/* Whether the name carries its content hash: a part of 8 to 64 hex
 * digits just before the extension ("main.1a2b3c4d.js"). */
bool web_static_hashed(const char *name);
/* Whether an If-None-Match value (a list, weak tags compared weakly,
 * or "*") matches etag. */
bool web_static_etag_match(const char *if_none_match, const char *etag);

#endif
