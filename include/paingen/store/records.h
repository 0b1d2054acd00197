/* Findings, imaging studies, diagnostic blocks, treatments and their
 * follow-ups: the records kept under a consultation, in one table told
 * apart by kind. Representations are built by PostgreSQL. */
#ifndef PAINGEN_STORE_RECORDS_H
#define PAINGEN_STORE_RECORDS_H

#include "paingen/core/buf.h"
#include "paingen/core/error.h"
#include "paingen/store/page.h"
#include "paingen/store/pool.h"

#include <stdbool.h>
#include <stddef.h>

enum record_kind {
    RECORD_FINDING,
    RECORD_IMAGING,
    RECORD_BLOCK,
    RECORD_TREATMENT,
    RECORD_FOLLOW_UP
};

/* The most records one consultation holds, findings, imaging studies,
 * blocks, treatments and follow-ups together, entered-in-error ones
 * included (each is kept and counted). Must match openapi.yaml and
 * README.md. */
#define STORE_RECORDS_MAX 1000

/* The most versions one record or consultation has, its first included,
 * the last of them only to enter it in error (so that none is ever stuck
 * active for want of a version). A correction fixes a slip, a few at
 * most; history serves every version in one document, unpaged, and this
 * keeps it to the items of one page of a list (STORE_PAGE_MAX), of the
 * same size at worst. The stored version number counts the versions: it
 * is what the bound is checked against. Must match openapi.yaml and
 * README.md. */
#define STORE_VERSIONS_MAX 100

/* SQL fragments for store/ modules that embed records (a consultation
 * read, an assessment's case): a record's representation, alias r. */
/* Whether r is current: active, and for a finding the latest active one
 * of its test and side. Stored, kept by triggers (migration 0012). */
#define RECORD_CURRENT(r) "(" r ".current)"

/* Whether r is a record a case is read from (an assessment's, and what
 * makes it stale): treatments and follow-ups are not (migration 0018). */
#define RECORD_OF_CASE(r) "(" r ".kind IN ('finding', 'imaging', 'block'))"

/* Kept with the row by a trigger (migration 0014): the document and the
 * columns the database owns (id, consultation_id, version, status,
 * current, created_at, updated_at). */
#define RECORD_JSON(r) "(" r ".rep)"

/* For store_db_page: whether the consultation ($2) exists in the clinic
 * ($1), to tell an empty list under it from a missing one. */
#define SQL_CONSULTATION_EXISTS "SELECT 1 FROM consultations WHERE clinic_id = $1 AND id = $2"

/* Whether row t (with version and status) may take one more version,
 * of status s (a parameter; NULL: t's own), under the most versions m (a
 * parameter): below m - 1 any, the m-th only entered in error. An
 * UPDATE's condition, so that PostgreSQL checks it again on the row a
 * concurrent correction leaves: no row ever passes m versions. */
#define VERSION_ROOM(t, s, m)                                                                     \
    "(" t ".version < " m "::int - CASE WHEN coalesce(" s ", " t ".status) = 'entered_in_error' " \
    "THEN 0 ELSE 1 END)"

/* "finding", "imaging", "block", "treatment", "follow_up": the kind's
 * name in the database. */
const char *store_record_kind_name(enum record_kind kind);

/* The region of a consultation ("lumbar" ...) and its patient's birth
 * date (YYYY-MM-DD), read on c inside the write's transaction; NOT_FOUND
 * when the clinic has no consultation with this id. The consultation's
 * row stays locked until the transaction ends: writes of records under
 * one consultation take turns, so that their count is exact. */
enum pg_err store_consultation_region(struct store_conn *c, const char *clinic,
                                      const char *consultation_id, char region[16],
                                      char birth_date[11]) PG_MUST_USE;
/* The stored fields (doc, appended) and version of the block with this
 * id recorded under the consultation before self (the block being
 * corrected; NULL for a new one); NOT_FOUND when there is none. */
enum pg_err store_earlier_block(struct store_conn *c, const char *clinic,
                                const char *consultation_id, const char *block_id, const char *self,
                                struct buf *doc, int *version) PG_MUST_USE;
/* Locks the consultation's row as store_consultation_region does,
 * deferred (store_db_defer): it goes out with the insert. */
enum pg_err store_consultation_lock(struct store_conn *c, const char *clinic,
                                    const char *consultation_id) PG_MUST_USE;

/* What an insert checks against the consultation itself, so that the
 * caller need not read it first: its region is one of regions (when
 * by_region), and the record's date (YYYY-MM-DD..., when not NULL) is not
 * before the patient's birth date. */
struct record_guard {
    bool by_region;
    const char *const *regions; /* plain words: lumbar, knee, shoulder */
    size_t n_regions;
    const char *dated;
};

/* Inserts a record and its first version on c, under the consultation's
 * lock (store_consultation_region or store_consultation_lock first);
 * NOT_FOUND when the consultation is missing or fails guard (NULL: no
 * guard), TOO_MANY_RECORDS when it already holds STORE_RECORDS_MAX. */
enum pg_err store_record_insert(struct store_conn *c, const char *clinic, enum record_kind kind,
                                const char *consultation_id, const char *doc,
                                const struct record_guard *guard, char id[37],
                                struct buf *json) PG_MUST_USE;
/* One record of this kind and its version (for the ETag); NOT_FOUND. */
enum pg_err store_record_get(struct store_pool *p, const char *clinic, enum record_kind kind,
                             const char *id, struct buf *json, int *version) PG_MUST_USE;
/* The consultation a record belongs to, read on c; NOT_FOUND. */
enum pg_err store_record_consultation(struct store_conn *c, const char *clinic,
                                      enum record_kind kind, const char *id,
                                      char consultation_id[37]) PG_MUST_USE;
/* A record's stored fields (doc, appended), its consultation and whether
 * it is active, read on c; NOT_FOUND. */
enum pg_err store_record_read(struct store_conn *c, const char *clinic, enum record_kind kind,
                              const char *id, struct buf *doc, char consultation_id[37],
                              bool *active) PG_MUST_USE;
/* Replaces a record's document and status (NULL: unchanged) as a new
 * version, keeping the old one in its history, if its version is still
 * if_version:
 * PRECONDITION_FAILED otherwise, NOT_FOUND when there is no such record.
 * TOO_MANY_VERSIONS, whatever if_version (no retry could succeed), when
 * it has STORE_VERSIONS_MAX versions, or one fewer and this one would
 * not leave it entered in error; *version is then the record's version.
 * On OK json is the new representation and *version its version. */
enum pg_err store_record_update(struct store_conn *c, const char *clinic, enum record_kind kind,
                                const char *id, int if_version, const char *doc, const char *status,
                                struct buf *json, int *version) PG_MUST_USE;
/* Every version of a record, oldest first, as {"items": [...]}, for
 * resource "consultation" or a kind's name (store_record_kind_name);
 * NOT_FOUND.
 * Unpaged: corrections stop at STORE_VERSIONS_MAX. */
enum pg_err store_record_history(struct store_pool *p, const char *clinic, const char *resource,
                                 const char *id, struct buf *json) PG_MUST_USE;
/* A page of a consultation's records of this kind; NOT_FOUND when the
 * clinic has no such consultation. */
enum pg_err store_record_list(struct store_pool *p, const char *clinic, enum record_kind kind,
                              const char *consultation_id, const struct store_page_req *req,
                              struct store_page *out) PG_MUST_USE;
/* A page of a treatment's follow-ups; NOT_FOUND when the clinic has no
 * such treatment. */
enum pg_err store_follow_up_list(struct store_pool *p, const char *clinic, const char *treatment_id,
                                 const struct store_page_req *req,
                                 struct store_page *out) PG_MUST_USE;

#endif
