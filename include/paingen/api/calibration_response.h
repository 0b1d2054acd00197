/* The treatment-response half of the calibration report: the follow-ups
 * of treatments counted by where the treatment was aimed (the source the
 * assessment it followed predicted, another, none), the source, the time
 * point and the assessment's probability of the treated source in five
 * bands, then rendered with shares and Wilson intervals. */
#ifndef PAINGEN_API_CALIBRATION_RESPONSE_H
#define PAINGEN_API_CALIBRATION_RESPONSE_H

#include "paingen/store/calibration.h"

#include <jansson.h>

struct response_table;

/* A new, empty table (free with response_table_free). */
struct response_table *response_table_new(void);
void response_table_free(struct response_table *t);
/* Counts one "response" row of store_calibration_read into t; rows
 * naming no known placement, source, time point or response are left
 * out. */
void response_table_add(struct response_table *t, const struct calibration_row *row);
/* The table as the report's "treatment_response" (a new reference). */
json_t *response_table_json(const struct response_table *t);

#endif
