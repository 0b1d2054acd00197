/* From the EHR's patient to paingen's: the client's identifier system,
 * the prefetched Patient (or the one its FHIR server gives), the latest
 * work-up. */
#include "paingen/cds/patient.h"

#include "paingen/api/app.h"
#include "paingen/api/auth.h"
#include "paingen/api/edge.h"
#include "paingen/core/log.h"
#include "paingen/http/client.h"
#include "paingen/store/cds.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool is_type(json_t *resource, const char *type)
{
    const char *t = json_string_value(json_object_get(resource, "resourceType"));
    return t && strcmp(t, type) == 0;
}

static char *dup(const char *s)
{
    char *d = strdup(s);
    if (!d)
        abort();
    return d;
}

/* The value of patient's identifier of system, or NULL. */
static const char *identifier_of(json_t *patient, const char *system)
{
    size_t i;
    json_t *id;
    json_array_foreach(json_object_get(patient, "identifier"), i, id)
    {
        const char *s = json_string_value(json_object_get(id, "system"));
        const char *value = json_string_value(json_object_get(id, "value"));
        if (s && value && strcmp(s, system) == 0)
            return value;
    }
    return NULL;
}

/* The prefetched Patient is the context's patient, or a 422. */
static bool same_patient(const struct http_req *req, struct http_res *res,
                         const struct cds_call *call, json_t *patient)
{
    const char *id = json_string_value(json_object_get(patient, "id"));
    struct validation v = {0};
    if (!is_type(patient, "Patient"))
        validation_add(&v, "/prefetch/" CDS_PREFETCH_PATIENT,
                       "must be the Patient (or an OperationOutcome, or null)");
    else if (id && strcmp(id, call->patient_id) != 0)
        validation_add(&v, "/prefetch/" CDS_PREFETCH_PATIENT "/id", "must be context.patientId");
    if (validation_ok(&v))
        return true;
    validation_reply(&v, req, res);
    return false;
}

/* A FHIR id (R4: [A-Za-z0-9\-\.]{1,64}): what may go into a URL as it is. */
static bool fhir_id(const char *s)
{
    size_t n = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-.");
    return n >= 1 && n <= 64 && s[n] == '\0';
}

static bool id_is(json_t *resource, const char *id)
{
    const char *s = json_string_value(json_object_get(resource, "id"));
    return s && strcmp(s, id) == 0;
}

/* 412 saying why the Patient could not be had. */
static enum cds_found unobtainable(const struct http_req *req, struct http_res *res,
                                   const char *system, const char *why)
{
    http_res_problem(res, req, PG_ERR_PRECONDITION_FAILED, NULL,
                     "this EHR client names patients by the identifier system '%s': prefetch the "
                     "Patient (key \"" CDS_PREFETCH_PATIENT "\"), or send fhirServer and "
                     "fhirAuthorization for a server registered in the client's fhir_servers (%s)",
                     system, why);
    return CDS_ANSWERED;
}

/* GET [fhirServer]/Patient/[patientId] with the call's token, within the
 * request's time: the Patient into *patient (new), or a 412 saying why. */
static enum cds_found fetch_patient(const struct http_req *req, struct http_res *res,
                                    const struct cds_call *call, const char *system,
                                    json_t **patient)
{
    struct app *app = req->ctx;
    if (!fhir_id(call->patient_id))
        return unobtainable(req, res, system, "context.patientId is not a FHIR id to fetch");
    char url[HTTP_CLIENT_URL_MAX + 1];
    size_t base = strlen(call->fhir_server);
    while (base && call->fhir_server[base - 1] == '/')
        base--;
    if (snprintf(url, sizeof url, "%.*s/Patient/%s", (int)base, call->fhir_server,
                 call->patient_id) >= (int)sizeof url)
        return unobtainable(req, res, system, "the Patient's URL is too long");
    double left = auth_time_left();
    struct http_client_get get = {
        .loopback_http = app->cfg->jku_loopback_http,
        .timeout_ms = (long)(1000 * (left < CDS_FETCH_TIMEOUT_S ? left : CDS_FETCH_TIMEOUT_S)),
        .max = CDS_FETCH_MAX,
        .accept = "application/fhir+json",
        .bearer = call->fhir_token};
    struct buf body = {0};
    char why[160] = "no time left", detail[HTTP_CLIENT_URL_MAX + 256];
    long status = 0;
    bool got = get.timeout_ms > 0 && http_client_get(url, &get, &body, &status, why, sizeof why);
    *patient = got ? json_loadb(body.data, body.len, 0, NULL) : NULL;
    buf_cleanup(&body);
    /* the server and its answer, not the patient's id: logs carry no
     * patient identifiers */
    log_msg(LOG_INFO, "cds: read a Patient from %.*s: status %ld", (int)base, call->fhir_server,
            status);
    if (got && !*patient)
        snprintf(why, sizeof why, "its answer is not JSON");
    else if (*patient && (!is_type(*patient, "Patient") || !id_is(*patient, call->patient_id)))
        snprintf(why, sizeof why, "its answer is not Patient/%s", call->patient_id);
    else if (*patient)
        return CDS_FOUND;
    json_decref(*patient);
    *patient = NULL;
    snprintf(detail, sizeof detail, "GET %s: %s", url, why);
    return unobtainable(req, res, system, detail);
}

/* The external_id of the Patient: its identifier of system. */
static enum cds_found identified(json_t *patient, const char *system, char **external_id)
{
    const char *value = json_is_null(patient) ? NULL : identifier_of(patient, system);
    if (!value || strlen(value) > CDS_ID_MAX)
        return CDS_NOBODY;
    *external_id = dup(value);
    return CDS_FOUND;
}

/* A client naming patients by system, without the Patient prefetched:
 * from the call's FHIR server when the client registered it and the call
 * grants a token; otherwise 412, as the specification says. */
static enum cds_found from_server(const struct http_req *req, struct http_res *res,
                                  const struct cds_call *call,
                                  const struct cds_client_patients *client, char **external_id)
{
    if (!call->fhir_server || !call->fhir_token)
        return unobtainable(req, res, client->system, "the call did not send both");
    if (!client->server_listed)
        return unobtainable(req, res, client->system, "its fhirServer is not one of them");
    json_t *patient = NULL;
    enum cds_found found = fetch_patient(req, res, call, client->system, &patient);
    if (found == CDS_FOUND)
        found = identified(patient, client->system, external_id);
    json_decref(patient);
    return found;
}

enum cds_found cds_patient_resolve(const struct http_req *req, struct http_res *res,
                                   const struct cds_call *call, char **external_id)
{
    struct app *app = req->ctx;
    *external_id = NULL;
    json_t *patient = json_object_get(call->prefetch, CDS_PREFETCH_PATIENT);
    /* an OperationOutcome says the EHR failed to fetch it: as if absent */
    bool missing = !patient || is_type(patient, "OperationOutcome");
    if (!missing && !json_is_null(patient) && !same_patient(req, res, call, patient))
        return CDS_ANSWERED;
    struct cds_client_patients client;
    enum pg_err err = store_cds_client_patients(app->pool, auth_clinic(), auth_key_id(),
                                                call->fhir_server, &client);
    if (err != PG_ERR_OK) {
        edge_reply_error(req, res, err, "EHR client");
        return CDS_ANSWERED;
    }
    enum cds_found found;
    if (!client.system) {
        *external_id = dup(call->patient_id);
        found = CDS_FOUND;
    } else if (missing) {
        found = from_server(req, res, call, &client, external_id);
    } else {
        found = identified(patient, client.system, external_id);
    }
    free(client.system);
    return found;
}

/* The ids read, for the request's audit row. */
static void note_read(json_t *latest)
{
    const char *ids[] = {
        json_string_value(json_object_get(latest, "patient_id")),
        json_string_value(json_object_get(json_object_get(latest, "consultation"), "id")),
        json_string_value(json_object_get(json_object_get(latest, "assessment"), "id")),
    };
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        char quoted[40];
        if (ids[i] && snprintf(quoted, sizeof quoted, "\"%s\"", ids[i]) < (int)sizeof quoted)
            auth_note_resources(quoted);
    }
}

enum cds_found cds_patient_latest(const struct http_req *req, struct http_res *res,
                                  const char *external_id, const char *region, json_t **latest)
{
    struct app *app = req->ctx;
    struct buf json = {0};
    *latest = NULL;
    enum pg_err err = store_cds_latest(app->pool, auth_clinic(), external_id, region, &json);
    if (err == PG_ERR_NOT_FOUND) {
        buf_cleanup(&json);
        return CDS_NOBODY;
    }
    if (err != PG_ERR_OK) {
        buf_cleanup(&json);
        edge_reply_error(req, res, err, "patient");
        return CDS_ANSWERED;
    }
    *latest = json_loadb(json.data, json.len, 0, NULL);
    buf_cleanup(&json);
    if (!*latest)
        abort(); /* PostgreSQL built it: only out of memory gets here */
    note_read(*latest);
    return CDS_FOUND;
}
