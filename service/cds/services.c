/* Discovery and the dispatch of a hook call to its service: the body
 * decoded for the service's hooks and prefetch keys, the call logged
 * with its hookInstance and the request id, then the service run. */
#include "paingen/cds/services.h"

#include "paingen/api/auth.h"
#include "paingen/cds/orders.h"
#include "paingen/cds/workup.h"
#include "paingen/core/buf.h"
#include "paingen/core/log.h"

#include <string.h>

static const char *const patient_key[] = {CDS_PREFETCH_PATIENT, NULL};
static const char *const patient_template[] = {"Patient/{{context.patientId}}", NULL};

#define PATIENTS_MATCHED                                                                       \
    "The EHR client must be registered with paingen by the clinic's admin (POST "              \
    "/v1/ehr-clients). Patients are matched on paingen's external_id: context.patientId, or, " \
    "when the client registered a patient_identifier_system, the value of that identifier in " \
    "the prefetched Patient, or the one read from the call's fhirServer when the client "      \
    "registered that server (fhir_servers) and the call sends fhirAuthorization; otherwise "   \
    "412."

const struct cds_service cds_services[] = {
    {CDS_WORKUP_ID, 1u << CDS_PATIENT_VIEW | 1u << CDS_ENCOUNTER_START, "Pain generator work-up",
     "The likely sources of the patient's chronic musculoskeletal pain from paingen's latest "
     "assessment of the latest consultation: the top three sources with their probabilities, the "
     "candidacy verdict, the treatment target and the next diagnostic step, which can be ordered "
     "from the card.",
     PATIENTS_MATCHED " No card when paingen holds no assessment of the patient's latest "
                      "consultation.",
     patient_key, patient_template, cds_workup_run},
    {CDS_ORDERS_ID, 1u << CDS_ORDER_SELECT | 1u << CDS_ORDER_SIGN, "Injection order check",
     "Checks each draft injection order (PRP, cell-based therapy, a diagnostic block) against "
     "paingen's latest assessment of its region: critical for a contraindication, warning when "
     "it aims elsewhere than the probable source or treatment is not yet supported, info when "
     "conventional care comes first. No card when the order agrees with the assessment.",
     PATIENTS_MATCHED " An order names its injection in code: urn:paingen:codesystem:injection "
                      "(prp, cell_based) or urn:paingen:codesystem:block-target; and where in "
                      "bodySite: urn:paingen:codesystem:generator (the source), "
                      "urn:paingen:codesystem:side or a SNOMED CT laterality, "
                      "urn:paingen:codesystem:spinal-level.",
     patient_key, patient_template, cds_orders_run},
};

const size_t cds_n_services = sizeof cds_services / sizeof cds_services[0];

const struct cds_service *cds_service_find(const char *id)
{
    for (size_t i = 0; id && i < cds_n_services; i++)
        if (strcmp(cds_services[i].id, id) == 0)
            return &cds_services[i];
    return NULL;
}

const struct cds_service *cds_service_of(const struct http_req *req, struct http_res *res)
{
    if (!edge_no_query(req, res))
        return NULL;
    const struct cds_service *s = cds_service_find(http_req_param(req, "id"));
    if (!s)
        http_res_problem(res, req, PG_ERR_NOT_FOUND, NULL,
                         "no CDS service with this id (GET /cds-services lists them)");
    return s;
}

static json_t *service_json(const struct cds_service *s, enum cds_hook h)
{
    json_t *prefetch = json_object();
    for (size_t k = 0; s->prefetch_keys[k]; k++)
        json_object_set_new(prefetch, s->prefetch_keys[k], json_string(s->prefetch_templates[k]));
    return json_pack("{s:s, s:s, s:s, s:s, s:o, s:s}", "hook", cds_hook_name(h), "id", s->id,
                     "title", s->title, "description", s->description, "prefetch", prefetch,
                     "usageRequirements", s->usage);
}

void cds_discovery(const struct http_req *req, struct http_res *res)
{
    if (!edge_no_query(req, res))
        return;
    json_t *services = json_array();
    for (size_t i = 0; i < cds_n_services; i++)
        for (unsigned h = 0; h <= CDS_ORDER_SIGN; h++)
            if (cds_services[i].hooks & (1u << h))
                json_array_append_new(services, service_json(&cds_services[i], (enum cds_hook)h));
    http_res_json(res, 200, json_pack("{s:o}", "services", services));
}

/* One line per call: which EHR client, which hook instance, which
 * request (the hookInstance ties the EHR's log to ours). */
static void log_call(const struct http_req *req, const struct cds_service *s,
                     const struct cds_call *call)
{
    struct buf m = {0};
    buf_puts(&m, "\"request_id\":");
    buf_json_string(&m, req->request_id ? req->request_id : "");
    buf_printf(&m, ",\"service\":\"%s\",\"hook\":\"%s\",\"hook_instance\":\"%s\"", s->id,
               call->hook_name, call->hook_instance);
    buf_puts(&m, ",\"ehr_client\":");
    buf_json_string(&m, auth_key_id() ? auth_key_id() : "");
    log_json(LOG_INFO, "cds hook", m.data);
    buf_cleanup(&m);
}

void cds_service_call(const struct http_req *req, struct http_res *res)
{
    const struct cds_service *s = cds_service_of(req, res);
    if (!s)
        return;
    json_t *body = edge_body_object(req, res);
    if (!body)
        return;
    struct validation v = {0};
    struct cds_call call;
    cds_call_decode(&v, body, s->hooks, s->prefetch_keys, &call);
    if (!validation_ok(&v)) {
        validation_reply(&v, req, res);
    } else {
        log_call(req, s, &call);
        s->run(req, res, &call);
    }
    validation_cleanup(&v);
    json_decref(body);
}
