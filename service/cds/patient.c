/* From the EHR's patient to paingen's: the client's identifier system,
 * the prefetched Patient, the latest work-up. */
#include "paingen/cds/patient.h"

#include "paingen/api/app.h"
#include "paingen/api/auth.h"
#include "paingen/api/edge.h"
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
    char *system = NULL;
    enum pg_err err = store_cds_patient_system(app->pool, auth_clinic(), auth_key_id(), &system);
    if (err != PG_ERR_OK) {
        edge_reply_error(req, res, err, "EHR client");
        return CDS_ANSWERED;
    }
    enum cds_found found = CDS_FOUND;
    if (!system) {
        *external_id = dup(call->patient_id);
    } else if (missing) {
        http_res_problem(res, req, PG_ERR_PRECONDITION_FAILED, NULL,
                         "this EHR client names patients by the identifier system '%s': prefetch "
                         "the Patient (key \"" CDS_PREFETCH_PATIENT "\"); paingen does not call "
                         "the EHR's FHIR server",
                         system);
        found = CDS_ANSWERED;
    } else {
        const char *value = json_is_null(patient) ? NULL : identifier_of(patient, system);
        if (value && strlen(value) <= CDS_ID_MAX)
            *external_id = dup(value);
        else
            found = CDS_NOBODY;
    }
    free(system);
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
