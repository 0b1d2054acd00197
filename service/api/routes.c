/* The route table: each operation of openapi.yaml (a test compares the
 * two), its handler, and who may call it (api/auth.h). */
#include "paingen/api/routes.h"

#include "paingen/api/assessments.h"
#include "paingen/api/audit.h"
#include "paingen/api/auth.h"
#include "paingen/api/blocks.h"
#include "paingen/api/calibration.h"
#include "paingen/api/consultations.h"
#include "paingen/api/ehr_clients.h"
#include "paingen/api/findings.h"
#include "paingen/api/follow_ups.h"
#include "paingen/api/imaging.h"
#include "paingen/api/keys.h"
#include "paingen/api/model.h"
#include "paingen/api/ops.h"
#include "paingen/api/patients.h"
#include "paingen/api/score.h"
#include "paingen/api/sessions.h"
#include "paingen/api/users.h"
#include "paingen/api/treatments.h"
#include "paingen/api/vocabulary.h"
#include "paingen/cds/feedback.h"
#include "paingen/cds/services.h"
#include "paingen/fhir/export.h"
#include "paingen/web/static.h"

/* R: read patient data; W: write it; both write an audit row. */
#define R       (ACCESS_READ | ACCESS_AUDITED)
#define W       (ACCESS_WRITE | ACCESS_AUDITED)
/* CDS Hooks: EHR clients by their JWTs alone */
#define EHR     (ROLE_EHR_CLIENT | ACCESS_JWT)
/* a person's own session, by its cookie alone */
#define SESSION (ACCESS_ANY | ACCESS_SESSION)

const struct route api_routes[] = {
    {HTTP_GET, "/healthz", api_ops_healthz, ACCESS_OPEN},
    {HTTP_GET, "/readyz", api_ops_readyz, ACCESS_OPEN},
    {HTTP_GET, "/metrics", api_ops_metrics, ACCESS_METRICS},
    {HTTP_POST, "/v1/patients", api_patients_create, W},
    {HTTP_GET, "/v1/patients", api_patients_list, R},
    {HTTP_GET, "/v1/patients/{id}", api_patients_get, R},
    {HTTP_POST, "/v1/patients/{id}/consultations", api_consultations_create, W},
    {HTTP_GET, "/v1/patients/{id}/consultations", api_consultations_list, R},
    {HTTP_GET, "/v1/consultations/{id}", api_consultations_get, R},
    {HTTP_PUT, "/v1/consultations/{id}", api_consultations_update, W},
    {HTTP_GET, "/v1/consultations/{id}/history", api_consultations_history, R},
    {HTTP_GET, "/v1/consultations/{id}/fhir", fhir_export_consultation, R},
    {HTTP_POST, "/v1/consultations/{id}/findings", api_findings_create, W},
    {HTTP_GET, "/v1/consultations/{id}/findings", api_findings_list, R},
    {HTTP_GET, "/v1/findings/{id}", api_findings_get, R},
    {HTTP_PUT, "/v1/findings/{id}", api_findings_update, W},
    {HTTP_GET, "/v1/findings/{id}/history", api_findings_history, R},
    {HTTP_POST, "/v1/consultations/{id}/imaging", api_imaging_create, W},
    {HTTP_GET, "/v1/consultations/{id}/imaging", api_imaging_list, R},
    {HTTP_GET, "/v1/imaging/{id}", api_imaging_get, R},
    {HTTP_PUT, "/v1/imaging/{id}", api_imaging_update, W},
    {HTTP_GET, "/v1/imaging/{id}/history", api_imaging_history, R},
    {HTTP_POST, "/v1/consultations/{id}/blocks", api_blocks_create, W},
    {HTTP_GET, "/v1/consultations/{id}/blocks", api_blocks_list, R},
    {HTTP_GET, "/v1/blocks/{id}", api_blocks_get, R},
    {HTTP_PUT, "/v1/blocks/{id}", api_blocks_update, W},
    {HTTP_GET, "/v1/blocks/{id}/history", api_blocks_history, R},
    {HTTP_POST, "/v1/consultations/{id}/treatments", api_treatments_create, W},
    {HTTP_GET, "/v1/consultations/{id}/treatments", api_treatments_list, R},
    {HTTP_GET, "/v1/treatments/{id}", api_treatments_get, R},
    {HTTP_PUT, "/v1/treatments/{id}", api_treatments_update, W},
    {HTTP_GET, "/v1/treatments/{id}/history", api_treatments_history, R},
    {HTTP_POST, "/v1/treatments/{id}/follow-ups", api_follow_ups_create, W},
    {HTTP_GET, "/v1/treatments/{id}/follow-ups", api_follow_ups_list, R},
    {HTTP_GET, "/v1/follow-ups/{id}", api_follow_ups_get, R},
    {HTTP_PUT, "/v1/follow-ups/{id}", api_follow_ups_update, W},
    {HTTP_GET, "/v1/follow-ups/{id}/history", api_follow_ups_history, R},
    {HTTP_POST, "/v1/consultations/{id}/assessments", api_assessments_create, W},
    {HTTP_GET, "/v1/consultations/{id}/assessments", api_assessments_list, R},
    {HTTP_GET, "/v1/assessments/{id}", api_assessments_get, R},
    {HTTP_GET, "/v1/assessments/{id}/fhir", fhir_export_assessment, R},
    {HTTP_POST, "/v1/score", api_score_post, ACCESS_WRITE | ACCESS_STATELESS},
    {HTTP_GET, "/v1/calibration", api_calibration_get,
     ROLE_CLINICIAN | ROLE_ADMIN | ACCESS_AUDITED},
    {HTTP_GET, "/v1/vocabulary", api_vocabulary_get, ACCESS_ANY},
    {HTTP_GET, "/v1/model", api_model_get, ACCESS_ANY},
    {HTTP_POST, "/v1/keys", api_keys_create, ACCESS_ADMIN | ACCESS_AUDITED},
    {HTTP_GET, "/v1/keys", api_keys_list, ACCESS_ADMIN},
    {HTTP_POST, "/v1/keys/{id}/revoke", api_keys_revoke, ACCESS_ADMIN | ACCESS_AUDITED},
    {HTTP_GET, "/v1/audit", api_audit_list, ACCESS_ADMIN},
    {HTTP_POST, "/v1/ehr-clients", api_ehr_clients_create, ACCESS_ADMIN | ACCESS_AUDITED},
    {HTTP_GET, "/v1/ehr-clients", api_ehr_clients_list, ACCESS_ADMIN},
    /* before {id}: the first template that matches wins */
    {HTTP_GET, "/v1/ehr-clients/me", api_ehr_clients_me, ROLE_EHR_CLIENT | ACCESS_JWT},
    {HTTP_GET, "/v1/ehr-clients/{id}", api_ehr_clients_get, ACCESS_ADMIN},
    {HTTP_POST, "/v1/ehr-clients/{id}/revoke", api_ehr_clients_revoke,
     ACCESS_ADMIN | ACCESS_AUDITED},
    /* people: sign-in (open: the handler checks the password), the session
     * itself, and the clinic's accounts for its admin */
    {HTTP_POST, "/v1/sessions", api_sessions_create, ACCESS_OPEN},
    {HTTP_GET, "/v1/sessions/current", api_sessions_current, SESSION | ACCESS_STATELESS},
    {HTTP_DELETE, "/v1/sessions/current", api_sessions_end, SESSION | ACCESS_AUDITED},
    {HTTP_POST, "/v1/users", api_users_create, ACCESS_ADMIN | ACCESS_AUDITED},
    {HTTP_GET, "/v1/users", api_users_list, ACCESS_ADMIN},
    {HTTP_GET, "/v1/users/{id}", api_users_get, ACCESS_ADMIN},
    {HTTP_POST, "/v1/users/{id}/disable", api_users_disable, ACCESS_ADMIN | ACCESS_AUDITED},
    {HTTP_GET, "/cds-services", cds_discovery, EHR | ACCESS_STATELESS},
    {HTTP_POST, "/cds-services/{id}", cds_service_call, EHR | ACCESS_AUDITED},
    {HTTP_POST, "/cds-services/{id}/feedback", cds_feedback, EHR | ACCESS_AUDITED},
    /* the clinic app's files: open, as a page must load before signing in */
    {HTTP_GET, "/", web_static_index, ACCESS_OPEN},
    {HTTP_GET, "/app/{file}", web_static_file, ACCESS_OPEN},
};

const size_t api_n_routes = sizeof api_routes / sizeof api_routes[0];
