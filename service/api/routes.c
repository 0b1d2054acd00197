/* The route table. Must match the paths and methods in openapi.yaml; a
 * test compares the two. */
#include "paingen/api/routes.h"

#include "paingen/api/assessments.h"
#include "paingen/api/blocks.h"
#include "paingen/api/consultations.h"
#include "paingen/api/findings.h"
#include "paingen/api/imaging.h"
#include "paingen/api/model.h"
#include "paingen/api/ops.h"
#include "paingen/api/patients.h"
#include "paingen/api/score.h"
#include "paingen/api/vocabulary.h"

const struct route api_routes[] = {
    {HTTP_GET, "/healthz", api_ops_healthz},
    {HTTP_GET, "/readyz", api_ops_readyz},
    {HTTP_GET, "/metrics", api_ops_metrics},
    {HTTP_POST, "/v1/patients", api_patients_create},
    {HTTP_GET, "/v1/patients", api_patients_list},
    {HTTP_GET, "/v1/patients/{id}", api_patients_get},
    {HTTP_POST, "/v1/patients/{id}/consultations", api_consultations_create},
    {HTTP_GET, "/v1/patients/{id}/consultations", api_consultations_list},
    {HTTP_GET, "/v1/consultations/{id}", api_consultations_get},
    {HTTP_PUT, "/v1/consultations/{id}", api_consultations_update},
    {HTTP_GET, "/v1/consultations/{id}/history", api_consultations_history},
    {HTTP_POST, "/v1/consultations/{id}/findings", api_findings_create},
    {HTTP_GET, "/v1/consultations/{id}/findings", api_findings_list},
    {HTTP_GET, "/v1/findings/{id}", api_findings_get},
    {HTTP_PUT, "/v1/findings/{id}", api_findings_update},
    {HTTP_GET, "/v1/findings/{id}/history", api_findings_history},
    {HTTP_POST, "/v1/consultations/{id}/imaging", api_imaging_create},
    {HTTP_GET, "/v1/consultations/{id}/imaging", api_imaging_list},
    {HTTP_GET, "/v1/imaging/{id}", api_imaging_get},
    {HTTP_PUT, "/v1/imaging/{id}", api_imaging_update},
    {HTTP_GET, "/v1/imaging/{id}/history", api_imaging_history},
    {HTTP_POST, "/v1/consultations/{id}/blocks", api_blocks_create},
    {HTTP_GET, "/v1/consultations/{id}/blocks", api_blocks_list},
    {HTTP_GET, "/v1/blocks/{id}", api_blocks_get},
    {HTTP_PUT, "/v1/blocks/{id}", api_blocks_update},
    {HTTP_GET, "/v1/blocks/{id}/history", api_blocks_history},
    {HTTP_POST, "/v1/consultations/{id}/assessments", api_assessments_create},
    {HTTP_GET, "/v1/consultations/{id}/assessments", api_assessments_list},
    {HTTP_GET, "/v1/assessments/{id}", api_assessments_get},
    {HTTP_GET, "/v1/vocabulary", api_vocabulary_get},
    {HTTP_GET, "/v1/model", api_model_get},
    {HTTP_POST, "/v1/score", api_score_post},
};

const size_t api_n_routes = sizeof api_routes / sizeof api_routes[0];
