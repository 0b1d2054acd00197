/* What a FHIR export reads: a consultation or an assessment with the
 * patient, the records and the assessments that go with it, as one JSON
 * document built by PostgreSQL (fhir/bundle.h maps it). */
#ifndef PAINGEN_STORE_EXPORT_H
#define PAINGEN_STORE_EXPORT_H

#include "paingen/core/buf.h"
#include "paingen/core/error.h"
#include "paingen/store/pool.h"

/* The most assessments a consultation's export carries: the newest, so
 * that a consultation assessed again and again still exports in one
 * bounded answer (each assessment exports alone too). Must match
 * openapi.yaml and README.md. */
#define STORE_EXPORT_ASSESSMENTS_MAX 50

/* Both reads append to json one object:
 *   {"patient": {"id", "external_id"},
 *    "consultation": its representation (GET /v1/consultations/{id}
 *                    without the records),
 *    "records": [each record's representation plus "kind": "finding",
 *                "imaging" or "block"], oldest first,
 *    "assessments": [{"id", "model_version", "created_at", "based_on",
 *                     "result"}], oldest first}  */

/* A consultation's export: every record recorded under it (at most
 * STORE_RECORDS_MAX, entered-in-error ones included) as it is now, and
 * its newest STORE_EXPORT_ASSESSMENTS_MAX assessments; NOT_FOUND. */
enum pg_err store_export_consultation(struct store_pool *p, const char *clinic, const char *id,
                                      struct buf *json) PG_MUST_USE;

/* An assessment's export: the assessment alone, its consultation as it
 * is now, and the records it was read from, each at the version it read
 * (record_versions), in the order of its based_on; NOT_FOUND. */
enum pg_err store_export_assessment(struct store_pool *p, const char *clinic, const char *id,
                                    struct buf *json) PG_MUST_USE;

#endif
