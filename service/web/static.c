/* Static files of the clinic app, read from PAINGEN_WEB_ROOT on each
 * request (a few files, small, and the page cache holds them). A name is
 * one path segment, checked against a short alphabet and a table of
 * types, and opened relative to the root's app/ folder without following
 * a symbolic link at any step, so no name can leave the folder. */
#include "paingen/web/static.h"

#include "paingen/api/app.h"
#include "paingen/core/log.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define WEB_MAX_NAME 128

static const struct {
    const char *ext;
    const char *type;
} types[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".json", "application/json"},
    {".txt", "text/plain; charset=utf-8"},
    {".woff2", "font/woff2"},
};

const char *web_static_type(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n > WEB_MAX_NAME || name[0] == '.')
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)name[i]) && !strchr(".-_", name[i]))
            return NULL;
    const char *dot = strrchr(name, '.');
    for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
        if (strcmp(dot, types[i].ext) == 0)
            return types[i].type;
    return NULL;
}

bool web_static_hashed(const char *name)
{
    const char *ext = strrchr(name, '.');
    if (!ext)
        return false;
    const char *start = ext;
    while (start > name && isxdigit((unsigned char)start[-1]))
        start--;
    size_t digits = (size_t)(ext - start);
    /* the hash is a part of its own: preceded by a '.' that is not the first character */
    return digits >= 8 && digits <= 64 && start - name >= 2 && start[-1] == '.';
}

bool web_static_etag_match(const char *if_none_match, const char *etag)
{
    size_t len = strlen(etag);
    for (const char *p = if_none_match; *p;) {
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        if (*p == '*')
            return true;
        if (strncmp(p, "W/", 2) == 0) /* If-None-Match compares weakly */
            p += 2;
        size_t n = strcspn(p, ",");
        while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
            n--;
        if (n == len && memcmp(p, etag, len) == 0)
            return true;
        p += strcspn(p, ",");
    }
    return false;
}

static void not_found(const struct http_req *req, struct http_res *res)
{
    http_res_problem(res, req, PG_ERR_NOT_FOUND, NULL, "no file of the clinic app at this path");
}

/* The whole of an open regular file into the response body. */
static bool read_body(int fd, size_t size, struct http_res *res)
{
    buf_cleanup(&res->body);
    if (!buf_reserve(&res->body, size))
        return false;
    size_t got = 0;
    while (got < size) {
        ssize_t n = pread(fd, res->body.data + got, size - got, (off_t)got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) /* an error, or the file shrank under us */
            return false;
        got += (size_t)n;
    }
    res->body.len = got;
    res->body.data[got] = '\0';
    return true;
}

/* The headers every answer of a file carries, 200 or 304. */
static void file_headers(struct http_res *res, const char *name, const char *etag)
{
    http_res_header(res, "ETag", "%s", etag);
    http_res_header(res, "Cache-Control", "%s",
                    web_static_hashed(name) ? "public, max-age=31536000, immutable" : "no-cache");
    http_res_header(res, "Content-Security-Policy", "%s", WEB_CSP);
    http_res_header(res, "X-Content-Type-Options", "nosniff");
    http_res_header(res, "Referrer-Policy", "no-referrer");
    http_res_header(res, "Cross-Origin-Opener-Policy", "same-origin");
}

/* Serves name from folder (relative to the web root; NULL: the root). */
static void serve(const struct http_req *req, struct http_res *res, const char *folder,
                  const char *name)
{
    const struct app *app = req->ctx;
    const char *type = name ? web_static_type(name) : NULL;
    int root = -1, dir = -1, fd = -1;
    struct stat st;
    char etag[80];
    if (!type) {
        not_found(req, res);
        return;
    }
    /* the root is the operator's to choose (it may be a link); below it
     * nothing is followed: O_NOFOLLOW on the folder and on the file */
    root = open(app->cfg->web_root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (root >= 0)
        dir = folder ? openat(root, folder, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                     : dup(root);
    if (dir >= 0) /* non-blocking: a FIFO planted in the folder must not hang the request */
        fd = openat(dir, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        not_found(req, res);
        goto out;
    }
    if ((size_t)st.st_size > WEB_MAX_FILE) {
        log_msg(LOG_WARN, "web file '%s' is larger than %zu bytes: not served", name, WEB_MAX_FILE);
        not_found(req, res);
        goto out;
    }
    snprintf(etag, sizeof etag, "\"%llx-%llx-%llx.%09ld\"", (unsigned long long)st.st_ino,
             (unsigned long long)st.st_size, (unsigned long long)st.st_mtim.tv_sec,
             (long)st.st_mtim.tv_nsec);
    const char *inm = http_req_header(req, "If-None-Match");
    if (inm && web_static_etag_match(inm, etag)) {
        res->status = 304;
        file_headers(res, name, etag);
        goto out;
    }
    if (!read_body(fd, (size_t)st.st_size, res)) {
        log_msg(LOG_ERROR, "cannot read web file '%s': %s", name, strerror(errno));
        res->n_headers = 0;
        http_res_problem(res, req, PG_ERR_INTERNAL, NULL, "the file could not be read");
        goto out;
    }
    res->status = 200;
    res->content_type = type;
    file_headers(res, name, etag);
out:
    if (fd >= 0)
        close(fd);
    if (dir >= 0)
        close(dir);
    if (root >= 0)
        close(root);
}

void web_static_index(const struct http_req *req, struct http_res *res)
{
    serve(req, res, NULL, "index.html");
}

void web_static_file(const struct http_req *req, struct http_res *res)
{
    serve(req, res, "app", http_req_param(req, "file"));
}
