/* The FHIR export handlers: negotiate, read through store/export, map
 * with fhir/bundle, answer application/fhir+json. */
#include "paingen/fhir/export.h"

#include "paingen/api/app.h"
#include "paingen/api/auth.h"
#include "paingen/api/edge.h"
#include "paingen/fhir/accept.h"
#include "paingen/fhir/bundle.h"
#include "paingen/store/export.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

typedef enum pg_err export_read(struct store_pool *p, const char *clinic, const char *id,
                                struct buf *json);

/* Bundle.timestamp: when the Bundle was assembled, an instant. */
static void now_instant(char out[32])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The audit row names the patient too: an export discloses the
 * patient's record, and GET /v1/audit?resource=<patient> must find it. */
static void note_patient(json_t *source)
{
    const char *id = json_string_value(json_object_get(json_object_get(source, "patient"), "id"));
    char quoted[40];
    if (id && snprintf(quoted, sizeof quoted, "\"%s\"", id) < (int)sizeof quoted)
        auth_note_resources(quoted);
}

static void answer(const struct http_req *req, struct http_res *res, const char *what,
                   export_read *read)
{
    if (!edge_no_query(req, res))
        return;
    if (!fhir_accept_ok(http_req_header(req, "Accept"))) {
        http_res_problem(res, req, PG_ERR_NOT_ACCEPTABLE, NULL,
                         "the FHIR export is served as " FHIR_MEDIA_TYPE
                         " only (Accept it, application/json or */*)");
        return;
    }
    const char *id = edge_path_id(req, res, what);
    if (!id)
        return;
    struct app *app = req->ctx;
    struct buf json = {0};
    enum pg_err err = read(app->pool, auth_clinic(), id, &json);
    if (err != PG_ERR_OK) {
        edge_reply_error(req, res, err, what);
        buf_cleanup(&json);
        return;
    }
    json_t *source = json_loadb(json.data, json.len, 0, NULL);
    buf_cleanup(&json);
    if (!source)
        abort(); /* PostgreSQL built it: only out of memory gets here */
    note_patient(source);
    char timestamp[32];
    now_instant(timestamp);
    http_res_json(res, 200, fhir_bundle_build(source, timestamp));
    res->content_type = FHIR_MEDIA_TYPE;
    json_decref(source);
}

void fhir_export_consultation(const struct http_req *req, struct http_res *res)
{
    answer(req, res, "consultation", store_export_consultation);
}

void fhir_export_assessment(const struct http_req *req, struct http_res *res)
{
    answer(req, res, "assessment", store_export_assessment);
}
