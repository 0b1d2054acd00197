/* GET /v1/audit?since=&until=&resource=&limit=&cursor= */
#include "paingen/api/audit.h"

#include "paingen/api/app.h"
#include "paingen/api/auth.h"
#include "paingen/api/cursor.h"
#include "paingen/api/edge.h"
#include "paingen/core/parse.h"
#include "paingen/store/audit.h"

void api_audit_list(const struct http_req *req, struct http_res *res)
{
    static const char *const extra[] = {"since", "until", "resource", NULL};
    struct app *app = req->ctx;
    struct store_page_req page;
    struct cursor_key key;
    if (!cursor_page_request(req, res, extra, &page, &key))
        return;
    struct validation v = {0};
    char since[32], until[32], resource[37];
    time_t t;
    /* rows keep ids in lower case: so is the one searched for */
    const char *r = http_req_query(req, "resource");
    struct audit_filter f = {.resource = r ? resource : NULL};
    const char *s = http_req_query(req, "since"), *u = http_req_query(req, "until");
    if (s && !edge_utc_timestamp(s, since, &t))
        validation_add(&v, "?since", EDGE_TIMESTAMP_HINT);
    if (u && !edge_utc_timestamp(u, until, &t))
        validation_add(&v, "?until", EDGE_TIMESTAMP_HINT);
    if (r && !parse_uuid(r, resource))
        validation_add(&v, "?resource", "must be a resource id (a UUID)");
    if (!validation_ok(&v)) {
        validation_reply(&v, req, res);
        return;
    }
    f.since = s ? since : NULL;
    f.until = u ? until : NULL;
    struct store_page out = {0};
    enum pg_err err = store_audit_list(app->pool, auth_clinic(), &f, &page, &out);
    if (err == PG_ERR_OK)
        cursor_page_reply(res, &out);
    else
        edge_reply_error(req, res, err, "clinic");
    buf_cleanup(&out.items);
}
