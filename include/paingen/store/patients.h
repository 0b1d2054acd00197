/* Patients: the SQL for creating, reading and listing them. Rows come
 * back as JSON text built by PostgreSQL, ready to send. */
#ifndef PAINGEN_STORE_PATIENTS_H
#define PAINGEN_STORE_PATIENTS_H

#include "paingen/core/buf.h"
#include "paingen/core/error.h"
#include "paingen/store/page.h"
#include "paingen/store/pool.h"

struct patient_fields {
    const char *external_id;
    const char *birth_date; /* YYYY-MM-DD */
    const char *sex;
};

/* Inserts a patient on c; on OK id holds its UUID and json its
 * representation. CONFLICT when the clinic already has that external_id. */
enum pg_err store_patient_insert(struct store_conn *c, const char *clinic,
                                 const struct patient_fields *f, char id[37],
                                 struct buf *json) PG_MUST_USE;
/* One patient as JSON; NOT_FOUND when the clinic has no such patient. */
enum pg_err store_patient_get(struct store_pool *p, const char *clinic, const char *id,
                              struct buf *json) PG_MUST_USE;
/* A page of the clinic's patients, optionally only the one with
 * external_id (NULL: all). */
enum pg_err store_patient_list(struct store_pool *p, const char *clinic, const char *external_id,
                               const struct store_page_req *req,
                               struct store_page *out) PG_MUST_USE;

#endif
