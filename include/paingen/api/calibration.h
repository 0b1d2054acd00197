/* GET /v1/calibration: how right the model was, in two questions reported
 * apart. Diagnosis: the probability an assessment gave a source against a
 * diagnostic block of it recorded afterwards, with the assessments never
 * so verified counted. Treatment response: among patients treated at the
 * predicted source, the share with a substantial response at each time
 * point, by probability band. With the CDS Hooks feedback on the cards
 * that showed the assessments; JSON, or the reliability diagram as SVG. */
#ifndef PAINGEN_API_CALIBRATION_H
#define PAINGEN_API_CALIBRATION_H

#include "paingen/http/exchange.h"

void api_calibration_get(const struct http_req *req, struct http_res *res);

#endif
