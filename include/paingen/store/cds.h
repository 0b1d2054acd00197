/* What the CDS Hooks service reads and keeps: the identifier system an
 * EHR client names patients by, a patient's latest assessed work-up, the
 * cards it issued and the feedback on them. */
#ifndef PAINGEN_STORE_CDS_H
#define PAINGEN_STORE_CDS_H

#include "paingen/core/buf.h"
#include "paingen/core/error.h"
#include "paingen/store/pool.h"

#include <stdbool.h>

/* How an EHR client's patients are found. */
struct cds_client_patients {
    char *system;       /* patient_identifier_system (migration 0016), or NULL */
    bool server_listed; /* the call's fhirServer is one of its fhir_servers (0022) */
};

/* The client's settings into *out (out->system new, free() it); whether
 * fhir_server (NULL: none) is on its list, compared without a trailing
 * slash. NOT_FOUND without such a client in the clinic. */
enum pg_err store_cds_client_patients(struct store_pool *p, const char *clinic,
                                      const char *client_id, const char *fhir_server,
                                      struct cds_client_patients *out) PG_MUST_USE;

/* The patient of the clinic whose external_id this is, with its latest
 * active consultation (of region, when not NULL: "lumbar" ...) and that
 * consultation's latest assessment, appended to json as one object:
 *   {"patient_id",
 *    "consultation": null | {"id", "region", "side", "occurred_at"},
 *    "assessment": null | {"id", "created_at", "model_version", "result",
 *                          "stale": whether the consultation or a record
 *                          of it changed after the assessment}}
 * NOT_FOUND when the clinic has no such patient. */
enum pg_err store_cds_latest(struct store_pool *p, const char *clinic, const char *external_id,
                             const char *region, struct buf *json) PG_MUST_USE;

/* The call a hook's cards answered. */
struct cds_issue {
    const char *clinic;
    const char *service_id;
    const char *hook;
    const char *hook_instance;
    const char *client_id;
    const char *patient_id; /* paingen's */
};

/* Records the cards issued for the call, inside the request's
 * transaction: cards is the JSON text of an array of {"card": the card as
 * sent, "assessment_id": the assessment it spoke of, or null}. */
enum pg_err store_cds_cards_insert(struct store_pool *p, const struct cds_issue *issue,
                                   const char *cards) PG_MUST_USE;

/* The clinic's cards among ids (JSON text of an array of uuids), appended
 * to json as one object keyed by card uuid: {"<uuid>": {"service_id",
 * "patient_id", "suggestions": [uuids]}}. */
enum pg_err store_cds_cards_find(struct store_pool *p, const char *clinic, const char *ids,
                                 struct buf *json) PG_MUST_USE;

/* Stores feedback, inside the request's transaction: rows is the JSON
 * text of an array of {"card", "outcome", "accepted": [uuids], "system",
 * "code", "display", "comment", "outcome_at"} (absent members null), each
 * naming a card of the clinic. An interaction already stored (card,
 * outcome and time) is skipped: *stored counts the new rows. */
enum pg_err store_cds_feedback_insert(struct store_pool *p, const char *clinic,
                                      const char *client_id, const char *request_id,
                                      const char *rows, int *stored) PG_MUST_USE;

#endif
