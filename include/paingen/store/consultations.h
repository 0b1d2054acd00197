/* Consultations: the SQL for recording them and reading them back, with
 * their findings, imaging and blocks embedded. */
#ifndef PAINGEN_STORE_CONSULTATIONS_H
#define PAINGEN_STORE_CONSULTATIONS_H

#include "paingen/core/buf.h"
#include "paingen/core/error.h"
#include "paingen/store/page.h"
#include "paingen/store/pool.h"

#include <stdint.h>

/* The most records of each kind a consultation's read embeds (oldest
 * first); the lists of its findings, imaging and blocks page the rest.
 * Must match openapi.yaml and README.md. */
#define STORE_EMBED_MAX 200

/* One per enum record_kind (findings, imaging, blocks, in that order). */
#define STORE_EMBED_KINDS 3

/* What a consultation's read says of one embedded list. */
struct store_embed_rest {
    int64_t total;    /* the consultation's records of the kind */
    char last_at[40]; /* sort key of the last one embedded (when total > STORE_EMBED_MAX) */
    char last_id[37];
};

/* SQL fragment for store/ modules: a consultation's representation
 * (without its records), alias c, kept with the row by a trigger
 * (migration 0014). */
#define CONSULTATION_JSON(c) "(" c ".rep)"

struct consultation_fields {
    const char *patient_id;
    const char *region;
    const char *occurred_at; /* RFC 3339 */
    const char *doc;         /* the other validated fields, as a JSON object */
};

/* Records a consultation (and its first version) on c. NOT_FOUND when the
 * clinic has no such patient; INVALID when occurred_at is before the
 * patient's birth date. On OK, id and json are filled. */
enum pg_err store_consultation_insert(struct store_conn *c, const char *clinic,
                                      const struct consultation_fields *f, char id[37],
                                      struct buf *json) PG_MUST_USE;
/* One consultation with the first STORE_EMBED_MAX records of each kind
 * recorded under it, its version (for the ETag), and for each kind how
 * many there are and where the embedded ones end; NOT_FOUND. */
enum pg_err store_consultation_get(struct store_pool *p, const char *clinic, const char *id,
                                   struct buf *json, int *version,
                                   struct store_embed_rest rest[STORE_EMBED_KINDS]) PG_MUST_USE;
/* Replaces a consultation's fields as a new version if its version is
 * still if_version (PRECONDITION_FAILED otherwise). The region cannot
 * change (INVALID_REGION) nor occurred_at precede the patient's birth
 * (INVALID). TOO_MANY_VERSIONS as for store_record_update (at
 * STORE_VERSIONS_MAX, the last only entering it in error), with
 * *version the consultation's version. On OK json is the new
 * representation, without the records under it. */
enum pg_err store_consultation_update(struct store_conn *c, const char *clinic, const char *id,
                                      int if_version, const struct consultation_fields *f,
                                      const char *status, struct buf *json,
                                      int *version) PG_MUST_USE;
/* A page of a patient's consultations (without the embedded records);
 * NOT_FOUND when the clinic has no such patient. */
enum pg_err store_consultation_list(struct store_pool *p, const char *clinic,
                                    const char *patient_id, const struct store_page_req *req,
                                    struct store_page *out) PG_MUST_USE;

#endif
