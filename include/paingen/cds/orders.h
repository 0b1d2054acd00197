/* The injection-order check (order-select, order-sign): each draft order
 * that injects (a regenerative therapy or a diagnostic block) compared
 * with paingen's latest assessment of its region.
 *
 * How an order names what it injects and where, in a ServiceRequest or a
 * Procedure of context.draftOrders (order-select: those its selections
 * name):
 *   code.coding     CDS_CS_INJECTION prp | cell_based (a therapy), or a
 *                   FHIR_CS_BLOCK_TARGET code (a diagnostic block, which
 *                   aims at the sources the model reads it for); not both
 *   bodySite codings  FHIR_CS_GENERATOR: the source treated (a therapy's
 *                   target; on a block it must be one of the block's);
 *                   CDS_CS_SIDE or a SNOMED CT laterality (cds/codes.h);
 *                   CDS_CS_LEVEL: a spinal level
 * Codings of other systems are passed over; a paingen code it does not
 * know, or two sides or two sources, is a 422 naming it.
 *
 * The card, when there is something to say: critical when the assessment
 * finds a contraindication; warning when the order aims elsewhere than
 * the probable source (another source, unless a block the assessment
 * proposes as a next step; the other side; another level) or, for a
 * therapy, when the verdict does not support treating yet (referral,
 * deferral, work-up not finished); info for a therapy when conventional
 * care comes first. */
#ifndef PAINGEN_CDS_ORDERS_H
#define PAINGEN_CDS_ORDERS_H

#include "paingen/api/edge.h"
#include "paingen/cds/call.h"
#include "paingen/http/exchange.h"

#include <jansson.h>
#include <stdbool.h>

#define CDS_ORDER_MAX_SOURCES 4

struct cds_order {
    size_t entry;      /* its index in draftOrders.entry */
    char ref[200];     /* "ServiceRequest/<id>", or "" without an id */
    bool therapy;      /* else a diagnostic block */
    const char *code;  /* "prp", "cell_based" or the block target (borrowed) */
    const char *label; /* what it is, in words */
    /* the sources it aims at: a therapy's bodySite source, or a block's
     * (each a model generator's code, static) */
    const char *sources[CDS_ORDER_MAX_SOURCES];
    size_t n_sources;
    unsigned region;   /* its region bit, 0 when nothing names one */
    const char *side;  /* left, right, bilateral, midline (static), or NULL */
    const char *level; /* borrowed, or NULL */
};

/* The injection orders of the call's draftOrders, at most max, into out;
 * errors into v (pointers under /context/draftOrders). Returns how many. */
size_t cds_orders_read(struct validation *v, const struct cds_call *call, struct cds_order *out,
                       size_t max);

/* The card for order o, given latest (store_cds_latest's document of its
 * region), or NULL when there is nothing to say. New reference. */
json_t *cds_order_card(const struct cds_order *o, json_t *latest, const char *public_url);

/* Runs the service for a decoded call (cds/services.h). */
void cds_orders_run(const struct http_req *req, struct http_res *res, const struct cds_call *call);

#endif
