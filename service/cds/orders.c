/* The injection-order check: the draft orders read, each compared with
 * the latest assessment of its region, a card for what needs saying. */
#include "paingen/cds/orders.h"

#include "paingen/api/app.h"
#include "paingen/cds/card.h"
#include "paingen/cds/codes.h"
#include "paingen/cds/patient.h"
#include "paingen/cds/reply.h"
#include "paingen/cds/services.h"
#include "paingen/scoring/model.h"
#include "paingen/scoring/rank.h"
#include "paingen/scoring/vocabulary.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *str(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static bool same(const char *a, const char *b) { return a && b && strcmp(a, b) == 0; }

/* ---- reading the orders ---- */

static bool selected(const struct cds_call *call, const char *ref)
{
    if (call->hook != CDS_ORDER_SELECT)
        return true;
    size_t i;
    json_t *s;
    json_array_foreach(call->selections, i, s)
    {
        if (same(json_string_value(s), ref))
            return true;
    }
    return false;
}

static void add_source(struct cds_order *o, const char *generator)
{
    for (size_t i = 0; i < o->n_sources; i++)
        if (o->sources[i] == generator)
            return;
    if (o->n_sources < CDS_ORDER_MAX_SOURCES)
        o->sources[o->n_sources++] = generator;
}

/* A block's sources: those the model reads it for. */
static void block_sources(struct cds_order *o)
{
    size_t n;
    const struct model_block *b = model_blocks(&n);
    for (size_t i = 0; i < n; i++)
        if (strcmp(b[i].target, o->code) == 0)
            add_source(o, b[i].generator);
}

/* What code names: true for a therapy or a block (o filled in), false
 * for an order that injects nothing paingen knows of. */
static bool read_code(struct validation *v, const char *at, json_t *r, struct cds_order *o)
{
    bool therapy = false, block = false;
    size_t k;
    json_t *c;
    json_array_foreach(json_object_get(json_object_get(r, "code"), "coding"), k, c)
    {
        const char *system = str(c, "system"), *code = str(c, "code");
        char ptr[160];
        snprintf(ptr, sizeof ptr, "%s/code/coding/%zu/code", at, k);
        if (same(system, CDS_CS_INJECTION)) {
            therapy = true;
            o->code = code;
            if (same(code, "prp"))
                o->label = "PRP injection";
            else if (same(code, "cell_based"))
                o->label = "Cell-based injection";
            else
                validation_add(v, ptr, "must be prp or cell_based (%s)", CDS_CS_INJECTION);
        } else if (same(system, FHIR_CS_BLOCK_TARGET)) {
            block = true;
            const struct vocab_entry *e = code ? vocab_find(VOCAB_BLOCK_TARGET, code) : NULL;
            if (!e) {
                validation_add(v, ptr, "not a block target of GET /v1/vocabulary");
                continue;
            }
            o->code = e->code;
            o->label = e->label;
            o->region = e->regions;
        }
    }
    if (therapy && block) {
        char ptr[160];
        snprintf(ptr, sizeof ptr, "%s/code", at);
        validation_add(v, ptr, "names both a regenerative therapy and a diagnostic block");
    }
    o->therapy = therapy;
    if (block && !therapy && o->code)
        block_sources(o);
    return therapy || block;
}

/* One bodySite coding into o; the source it names into *generator. */
static void read_site(struct validation *v, const char *ptr, json_t *c, struct cds_order *o,
                      const struct model_generator **generator)
{
    const char *system = str(c, "system"), *code = str(c, "code");
    if (!system)
        return;
    const char *side = cds_side_of_coding(system, code);
    if (same(system, FHIR_CS_GENERATOR)) {
        const struct model_generator *g = code ? model_generator_find(code) : NULL;
        if (!g)
            validation_add(v, ptr, "not a source of GET /v1/model");
        else if (*generator && *generator != g)
            validation_add(v, ptr, "a second source: an order aims at one");
        else
            *generator = g;
    } else if (side) {
        if (o->side && strcmp(o->side, side) != 0)
            validation_add(v, ptr, "a second side: an order aims at one");
        o->side = side;
    } else if (same(system, CDS_CS_SIDE)) {
        validation_add(v, ptr, "must be left, right, bilateral or midline");
    } else if (same(system, CDS_CS_LEVEL)) {
        if (!code || !vocab_level_valid(code))
            validation_add(v, ptr, "must be a spinal level such as L4-L5 or L5-S1");
        else if (o->level && strcmp(o->level, code) != 0)
            validation_add(v, ptr, "a second level: an order aims at one");
        else
            o->level = code;
    }
}

static void read_sites(struct validation *v, const char *at, json_t *r, struct cds_order *o)
{
    const struct model_generator *generator = NULL;
    size_t j, k;
    json_t *site, *c;
    json_array_foreach(json_object_get(r, "bodySite"), j, site)
    {
        json_array_foreach(json_object_get(site, "coding"), k, c)
        {
            char ptr[200];
            snprintf(ptr, sizeof ptr, "%s/bodySite/%zu/coding/%zu/code", at, j, k);
            read_site(v, ptr, c, o, &generator);
        }
    }
    if (!generator)
        return;
    if (!o->therapy) {
        /* a block may say which of its sources it tests */
        bool one = false;
        for (size_t i = 0; i < o->n_sources; i++)
            one |= o->sources[i] == generator->code;
        if (!one) {
            char ptr[160];
            snprintf(ptr, sizeof ptr, "%s/bodySite", at);
            validation_add(v, ptr, "names a source the %s does not test", o->label);
            return;
        }
    }
    o->n_sources = 0;
    add_source(o, generator->code);
    o->region = generator->region;
}

size_t cds_orders_read(struct validation *v, const struct cds_call *call, struct cds_order *out,
                       size_t max)
{
    size_t n = 0, i;
    json_t *e;
    json_array_foreach(json_object_get(call->draft_orders, "entry"), i, e)
    {
        json_t *r = json_object_get(e, "resource");
        const char *type = str(r, "resourceType"), *id = str(r, "id");
        if (n == max || !(same(type, "ServiceRequest") || same(type, "Procedure")))
            continue;
        struct cds_order *o = &out[n];
        *o = (struct cds_order){.entry = i};
        if (id)
            snprintf(o->ref, sizeof o->ref, "%s/%s", type, id);
        if (!selected(call, o->ref))
            continue;
        char at[80];
        snprintf(at, sizeof at, "/context/draftOrders/entry/%zu/resource", i);
        if (!read_code(v, at, r, o))
            continue;
        read_sites(v, at, r, o);
        n++;
    }
    return n;
}

/* ---- the card ---- */

/* The ranking entry of generator, or NULL. */
static json_t *ranked(json_t *result, const char *generator)
{
    size_t i;
    json_t *g;
    json_array_foreach(json_object_get(result, "ranking"), i, g)
    {
        if (same(str(g, "generator"), generator))
            return g;
    }
    return NULL;
}

/* Whether the assessment proposes this block as a next step. */
static bool next_step(json_t *result, const char *target)
{
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(result, "next_steps"), i, s)
    {
        if (same(str(s, "kind"), "block") && same(str(s, "code"), target))
            return true;
    }
    return false;
}

/* "Sacroiliac joint, right L4-L5 (84%)": the probable source. */
static void probable(char *out, size_t len, json_t *result)
{
    json_t *t = json_object_get(result, "treatment");
    char pct[8] = "?";
    json_t *g = ranked(result, str(t, "generator"));
    if (g)
        cds_percent(json_number_value(json_object_get(g, "posterior")), pct);
    snprintf(out, len, "%s%s%s%s%s (%s)", cds_generator_label(str(t, "generator")),
             str(t, "side") ? ", " : "", str(t, "side") ? str(t, "side") : "",
             str(t, "level") ? " " : "", str(t, "level") ? str(t, "level") : "", pct);
}

/* Where the order aims elsewhere than the probable source: each reason
 * as a Markdown list item into md; true when there is one. */
static bool elsewhere(const struct cds_order *o, json_t *result, struct buf *md)
{
    json_t *t = json_object_get(result, "treatment");
    const char *source = str(t, "generator"), *side = str(t, "side"), *level = str(t, "level");
    bool at_source = !o->n_sources;
    for (size_t i = 0; i < o->n_sources && source; i++)
        at_source |= strcmp(o->sources[i], source) == 0;
    bool found = false;
    if (source && !at_source && !(!o->therapy && next_step(result, o->code))) {
        buf_puts(md, "- It aims at ");
        for (size_t i = 0; i < o->n_sources; i++) {
            buf_puts(md, i ? (i + 1 == o->n_sources ? " or " : ", ") : "");
            cds_md_text(md, cds_generator_label(o->sources[i]));
        }
        buf_puts(md, ", not at the probable source, ");
        cds_md_text(md, cds_generator_label(source));
        buf_puts(md, ".\n");
        found = true;
    }
    if (o->side && side && scoring_other_side(side, o->side)) {
        buf_printf(md, "- It is on the %s side; the source is on the %s.\n", o->side, side);
        found = true;
    }
    if (o->level && level && at_source && strcmp(o->level, level) != 0) {
        buf_printf(md, "- It is at %s; the source is at %s.\n", o->level, level);
        found = true;
    }
    return found;
}

/* The verdict's reasons, as a Markdown list. */
static void reasons(struct buf *md, json_t *result)
{
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(json_object_get(result, "candidacy"), "reasons"), i, r)
    {
        buf_puts(md, "- ");
        cds_md_text(md, str(r, "detail") ? str(r, "detail") : str(r, "code"));
        buf_puts(md, "\n");
    }
}

/* The first reason's detail for the verdict, or "". */
static const char *first_reason(json_t *result, const char *verdict)
{
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(json_object_get(result, "candidacy"), "reasons"), i, r)
    {
        if (same(str(r, "verdict"), verdict) && str(r, "detail"))
            return str(r, "detail");
    }
    return "";
}

static void order_line(struct buf *md, const struct cds_order *o)
{
    buf_puts(md, "**Order:** ");
    cds_md_text(md, o->label);
    for (size_t i = 0; i < o->n_sources && o->therapy; i++) {
        buf_puts(md, " for ");
        cds_md_text(md, cds_generator_label(o->sources[i]));
    }
    if (o->side || o->level)
        buf_printf(md, ", %s%s%s", o->side ? o->side : "", o->side && o->level ? " " : "",
                   o->level ? o->level : "");
    if (o->ref[0])
        buf_printf(md, " (`%s`)", o->ref);
    buf_puts(md, ".\n\n");
}

json_t *cds_order_card(const struct cds_order *o, json_t *latest, const char *public_url)
{
    json_t *a = json_object_get(latest, "assessment");
    json_t *result = json_object_get(a, "result");
    if (!result)
        return NULL;
    const char *verdict = str(json_object_get(result, "candidacy"), "verdict");
    char where[200], summary[400];
    probable(where, sizeof where, result);
    struct buf why = {0};
    const char *indicator = NULL;
    bool contraindicated = same(verdict, "contraindicated");
    bool away = elsewhere(o, result, &why);
    bool early = o->therapy && (same(verdict, "refer_for_surgical_evaluation") ||
                                same(verdict, "defer") || same(verdict, "needs_work_up"));
    bool conventional = o->therapy && same(verdict, "conventional_care_first");
    if (contraindicated) {
        indicator = "critical";
        snprintf(summary, sizeof summary, "%s contraindicated: %s", o->label,
                 first_reason(result, verdict));
    } else if (away) {
        indicator = "warning";
        snprintf(summary, sizeof summary, "%s aims elsewhere: likely source %s", o->label, where);
    } else if (early) {
        indicator = "warning";
        snprintf(summary, sizeof summary, "%s not supported yet: %s (%s)", o->label,
                 cds_verdict_words(verdict), where);
    } else if (conventional) {
        indicator = "info";
        snprintf(summary, sizeof summary, "Conventional care comes first: %s",
                 first_reason(result, verdict));
    }
    if (!indicator) {
        buf_cleanup(&why);
        return NULL;
    }
    struct buf md = {0};
    order_line(&md, o);
    json_t *c = json_object_get(latest, "consultation");
    buf_printf(&md, "**paingen's latest assessment** (%s, assessed %.10s): ",
               str(c, "region") ? str(c, "region") : "?",
               str(a, "created_at") ? str(a, "created_at") : "?");
    cds_md_text(&md, where);
    buf_printf(&md, "; verdict: %s.\n", cds_verdict_words(verdict));
    if (why.len) {
        buf_puts(&md, "\n");
        buf_puts(&md, why.data);
    }
    if (contraindicated || early || conventional) {
        buf_puts(&md, "\n**Reasons:**\n\n");
        reasons(&md, result);
    }
    if (json_is_true(json_object_get(a, "stale")))
        buf_puts(&md, "\n_The consultation's records changed after this assessment._\n");
    buf_printf(&md, "\nAssessment `%s` (GET /v1/assessments/%s).", str(a, "id"), str(a, "id"));
    json_t *card = cds_card_new(summary, indicator, md.data, public_url,
                                str(a, "model_version") ? str(a, "model_version") : "?",
                                CDS_ORDERS_ID, "Injection order check");
    json_object_set_new(card, "overrideReasons", cds_reason_codings(cds_order_reasons));
    buf_cleanup(&md);
    buf_cleanup(&why);
    return card;
}

/* ---- the service ---- */

/* The latest document of each region (and of none), read once. */
struct regions {
    json_t *latest[4];
    bool read[4];
};

static size_t region_slot(unsigned region)
{
    return region == REGION_LUMBAR     ? 1
           : region == REGION_KNEE     ? 2
           : region == REGION_SHOULDER ? 3
                                       : 0;
}

static enum cds_found latest_of(const struct http_req *req, struct http_res *res,
                                const char *external_id, unsigned region, struct regions *r,
                                json_t **latest)
{
    size_t slot = region_slot(region);
    enum cds_found found = CDS_FOUND;
    if (!r->read[slot]) {
        found = cds_patient_latest(req, res, external_id, slot ? vocab_region_name(region) : NULL,
                                   &r->latest[slot]);
        r->read[slot] = found != CDS_ANSWERED;
    }
    *latest = r->latest[slot];
    return found == CDS_FOUND && !*latest ? CDS_NOBODY : found;
}

/* The cards of the orders, added to issued; ANSWERED when res holds an
 * error. */
static enum cds_found check(const struct http_req *req, struct http_res *res,
                            const struct cds_order *orders, size_t n, const char *external_id,
                            json_t *issued, const char **patient_id, struct regions *r)
{
    struct app *app = req->ctx;
    for (size_t i = 0; i < n; i++) {
        json_t *latest = NULL;
        enum cds_found found = latest_of(req, res, external_id, orders[i].region, r, &latest);
        if (found != CDS_FOUND)
            return found;
        *patient_id = str(latest, "patient_id");
        json_t *card = cds_order_card(&orders[i], latest, app->cfg->public_url);
        if (card)
            cds_issue_add(issued, card, latest);
    }
    return CDS_FOUND;
}

void cds_orders_run(const struct http_req *req, struct http_res *res, const struct cds_call *call)
{
    struct cds_order *orders = calloc(CDS_MAX_ORDERS, sizeof *orders);
    if (!orders)
        abort();
    struct validation v = {0};
    size_t n = cds_orders_read(&v, call, orders, CDS_MAX_ORDERS);
    json_t *issued = json_array();
    char *external_id = NULL;
    const char *patient_id = NULL;
    struct regions r = {0};
    enum cds_found found = CDS_NOBODY;
    if (!validation_ok(&v)) {
        validation_reply(&v, req, res);
        found = CDS_ANSWERED;
    } else if (n) { /* no injection: nothing to check, nobody to look up */
        found = cds_patient_resolve(req, res, call, &external_id);
    }
    if (found == CDS_FOUND)
        found = check(req, res, orders, n, external_id, issued, &patient_id, &r);
    if (found != CDS_ANSWERED)
        cds_reply_cards(req, res, call, CDS_ORDERS_ID, patient_id, issued);
    for (size_t i = 0; i < 4; i++)
        json_decref(r.latest[i]);
    json_decref(issued);
    free(external_id);
    free(orders);
    validation_cleanup(&v);
}
