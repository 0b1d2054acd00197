/* SQL for EHR clients and the jtis of their tokens. */
#include "paingen/store/ehr_clients.h"

#include "paingen/store/db.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The jtis of expired tokens are swept at most this often, this many at
 * a time (as ehr_jti_sweep of migration 0015). */
#define SWEEP_EVERY_S 60
#define SWEEP_BATCH   "1000"

/* clang-format off */
#define CLIENT_JSON(e)                                                                       \
    "json_build_object('id', " e ".id, 'clinic_id', " e ".clinic_id, 'iss', " e ".iss, "     \
    "'name', " e ".name, 'jwks', " e ".jwks, 'jku_allowlist', " e ".jku_allowlist, "         \
    "'patient_identifier_system', " e ".patient_identifier_system, "                         \
    "'fhir_servers', " e ".fhir_servers, "                                                   \
    "'status', CASE WHEN " e ".revoked_at IS NULL THEN 'active' ELSE 'revoked' END, "        \
    "'created_at', rfc3339(" e ".created_at), 'revoked_at', rfc3339(" e ".revoked_at))"

static const char sql_authenticate[] =
    "SELECT id, clinic_id, jwks, array_to_json(jku_allowlist)::text, revoked "
    "FROM authenticate_ehr_client($1)";

static const char sql_jti[] = "SELECT ehr_jti_record($1, $2, $3::double precision)";

static const char sql_sweep[] = "SELECT ehr_jti_sweep()";

static const char sql_insert[] =
    "INSERT INTO ehr_clients AS e (clinic_id, iss, name, jwks, jku_allowlist, patient_identifier_system, "
    "  fhir_servers) "
    "SELECT c.id, $2, $3, $4::jsonb, "
    "  CASE WHEN $5::json IS NULL THEN NULL ELSE ARRAY(SELECT json_array_elements_text($5::json)) END, $6, "
    "  CASE WHEN $7::json IS NULL THEN NULL ELSE ARRAY(SELECT json_array_elements_text($7::json)) END "
    "FROM clinics c WHERE c.id = $1 "
    "RETURNING e.id, " CLIENT_JSON("e") "::text";

static const char sql_list[] =
    "SELECT " CLIENT_JSON("e") "::text, rfc3339(e.created_at), e.id FROM ehr_clients e "
    "WHERE e.clinic_id = $1 AND ($2::timestamptz IS NULL OR (e.created_at, e.id) > ($2, $3::uuid)) "
    "ORDER BY e.created_at, e.id LIMIT $4";

static const char sql_get[] =
    "SELECT " CLIENT_JSON("e") "::text FROM ehr_clients e WHERE e.clinic_id = $1 AND e.id = $2";

static const char sql_me[] =
    "SELECT json_build_object('id', e.id, 'name', e.name, 'clinic_id', e.clinic_id, 'iss', e.iss)::text "
    "FROM ehr_clients e WHERE e.clinic_id = $1 AND e.id = $2";

static const char sql_revoke[] =
    "UPDATE ehr_clients e SET revoked_at = coalesce(e.revoked_at, clock_timestamp()) "
    "WHERE e.clinic_id = $1 AND e.id = $2 RETURNING " CLIENT_JSON("e") "::text";
/* clang-format on */

static char *dup_or_null(const PGresult *res, int col)
{
    if (PQgetisnull(res, 0, col))
        return NULL;
    char *s = strdup(PQgetvalue(res, 0, col));
    if (!s)
        abort();
    return s;
}

enum pg_err store_ehr_client_authenticate(struct store_conn *c, const char *iss,
                                          struct ehr_client_auth *out)
{
    const char *params[] = {iss};
    PGresult *res = NULL;
    *out = (struct ehr_client_auth){0};
    enum pg_err err =
        store_db_exec(c, "authenticate ehr client", sql_authenticate, 1, params, &res);
    if (err == PG_ERR_OK && PQntuples(res) == 0)
        err = PG_ERR_NOT_FOUND;
    if (err == PG_ERR_OK) {
        snprintf(out->id, sizeof out->id, "%s", PQgetvalue(res, 0, 0));
        snprintf(out->clinic, sizeof out->clinic, "%s", PQgetvalue(res, 0, 1));
        out->jwks = dup_or_null(res, 2);
        out->jku = dup_or_null(res, 3);
        out->revoked = PQgetvalue(res, 0, 4)[0] == 't';
    }
    PQclear(res);
    return err;
}

void store_ehr_client_auth_cleanup(struct ehr_client_auth *a)
{
    if (!a)
        return;
    free(a->jwks);
    free(a->jku);
    a->jwks = a->jku = NULL;
}

enum pg_err store_ehr_jti_record(struct store_conn *c, const char *iss, const char *jti,
                                 int64_t exp)
{
    char when[24];
    snprintf(when, sizeof when, "%lld", (long long)exp);
    const char *params[] = {iss, jti, when};
    PGresult *res = NULL;
    enum pg_err err = store_db_exec(c, "record ehr token jti", sql_jti, 3, params, &res);
    if (err == PG_ERR_OK && (PQntuples(res) != 1 || PQgetisnull(res, 0, 0)))
        err = PG_ERR_CONFLICT;
    PQclear(res);
    return err;
}

static _Atomic long last_sweep;

void store_ehr_jti_sweep(struct store_conn *c)
{
    long now = (long)time(NULL), last = atomic_load(&last_sweep);
    if (now - last < SWEEP_EVERY_S || !atomic_compare_exchange_strong(&last_sweep, &last, now))
        return;
    PGresult *res = NULL;
    if (store_db_exec(c, "sweep ehr token jtis", sql_sweep, 0, NULL, &res) != PG_ERR_OK)
        return;
    /* a full batch: more are due, and the next token sweeps again (one
     * batch a minute would fall behind a busy service) */
    if (PQntuples(res) == 1 && strcmp(PQgetvalue(res, 0, 0), SWEEP_BATCH) == 0)
        atomic_store(&last_sweep, 0);
    PQclear(res);
}

enum pg_err store_ehr_client_insert(struct store_conn *c, const struct ehr_client_fields *f,
                                    char id[37], struct buf *json)
{
    const char *params[] = {f->clinic,         f->iss,         f->name, f->jwks, f->jku,
                            f->patient_system, f->fhir_servers};
    return store_db_insert_json(c, "insert ehr client", sql_insert, 7, params, id, json);
}

enum pg_err store_ehr_client_list(struct store_pool *p, const char *clinic,
                                  const struct store_page_req *req, struct store_page *out)
{
    char limit[16];
    snprintf(limit, sizeof limit, "%d", req->limit + 1);
    const char *params[] = {clinic, req->after_at, req->after_id, limit};
    return store_db_page(p, "list ehr clients", sql_list, 4, params, NULL, req->limit, out);
}

enum pg_err store_ehr_client_get(struct store_pool *p, const char *clinic, const char *id,
                                 struct buf *json)
{
    const char *params[] = {clinic, id};
    return store_db_read_json(p, "read ehr client", sql_get, 2, params, json);
}

enum pg_err store_ehr_client_me(struct store_pool *p, const char *clinic, const char *id,
                                struct buf *json)
{
    const char *params[] = {clinic, id};
    return store_db_read_json(p, "read ehr client", sql_me, 2, params, json);
}

enum pg_err store_ehr_client_revoke(struct store_pool *p, const char *clinic, const char *id,
                                    struct buf *json)
{
    const char *params[] = {clinic, id};
    return store_db_read_json(p, "revoke ehr client", sql_revoke, 2, params, json);
}
