/* Patients SQL. The JSON shape of a patient is defined once, here. */
#include "paingen/store/patients.h"

#include "paingen/store/db.h"

#include <stdio.h>
#include <string.h>

#define PATIENT_JSON                                                             \
    "json_build_object('id', p.id, 'external_id', p.external_id, 'birth_date', " \
    "p.birth_date, 'sex', p.sex, 'created_at', rfc3339(p.created_at))::text"

static const char sql_insert[] =
    "INSERT INTO patients AS p (clinic_id, external_id, birth_date, sex) "
    "VALUES ($1, $2, $3, $4) RETURNING p.id, " PATIENT_JSON;

static const char sql_get[] = "SELECT " PATIENT_JSON " FROM patients p "
                              "WHERE p.clinic_id = $1 AND p.id = $2";

static const char sql_list[] =
    "SELECT " PATIENT_JSON ", rfc3339(p.created_at), p.id FROM patients p "
    "WHERE p.clinic_id = $1 AND ($2::text IS NULL OR p.external_id = $2) "
    "AND ($3::timestamptz IS NULL OR (p.created_at, p.id) > ($3, $4::uuid)) "
    "ORDER BY p.created_at, p.id LIMIT $5";

enum pg_err store_patient_insert(struct store_conn *c, const char *clinic,
                                 const struct patient_fields *f, char id[37], struct buf *json)
{
    const char *params[] = {clinic, f->external_id, f->birth_date, f->sex};
    return store_db_insert_json(c, "insert patient", sql_insert, 4, params, id, json);
}

enum pg_err store_patient_get(struct store_pool *p, const char *clinic, const char *id,
                              struct buf *json)
{
    const char *params[] = {clinic, id};
    return store_db_read_json(p, "read patient", sql_get, 2, params, json);
}

enum pg_err store_patient_list(struct store_pool *p, const char *clinic, const char *external_id,
                               const struct store_page_req *req, struct store_page *out)
{
    char limit[16];
    snprintf(limit, sizeof limit, "%d", req->limit + 1);
    const char *params[] = {clinic, external_id, req->after_at, req->after_id, limit};
    PGresult *res = NULL;
    enum pg_err err = store_db_read(p, "list patients", sql_list, 5, params, &res);
    if (err == PG_ERR_OK)
        store_page_collect(res, req->limit, out);
    PQclear(res);
    return err;
}
