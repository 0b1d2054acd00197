/* Stateless scoring: validate the case, rank it, render the ranking. */
#include "paingen/api/score.h"

#include "paingen/api/edge.h"
#include "paingen/api/model.h"
#include "paingen/core/jsonw.h"
#include "paingen/scoring/candidacy.h"
#include "paingen/scoring/next_step.h"
#include "paingen/scoring/plan.h"
#include "paingen/scoring/vocabulary.h"

#include <stdio.h>
#include <string.h>

#define MAX_FINDINGS SCORING_MAX_FINDINGS
#define MAX_IMAGING  SCORING_MAX_IMAGING
#define MAX_BLOCKS   SCORING_MAX_BLOCKS
#define MAX_SITES    SCORING_MAX_SITES
#define MAX_READINGS 48
#define MAX_FACTS    40
#define MAX_CARE     20

static const char *const regions[] = {"lumbar", "knee", "shoulder", NULL};
static const char *const results[] = {"positive", "negative", NULL};

/* The case, decoded; strings borrowed from the request body. */
struct decoded {
    struct case_finding findings[MAX_FINDINGS];
    struct case_imaging imaging[MAX_IMAGING];
    struct case_block blocks[MAX_BLOCKS];
    struct case_site sites[MAX_SITES];
    struct block_reading readings[MAX_BLOCKS][MAX_READINGS];
    const char *block_ids[MAX_BLOCKS];
    struct scoring_case c;
    struct case_fact facts[MAX_FACTS];
    struct case_care care[MAX_CARE];
    struct candidacy_input candidacy;
};

static void findings(struct validation *v, json_t *body, struct decoded *d)
{
    static const char *const fields[] = {"code", "result", "side", NULL};
    json_t *in = validate_array(v, body, "findings", false, MAX_FINDINGS);
    struct validation_elements each = {.array = in, .key = "findings", .fields = fields};
    for (json_t *e; (e = validate_next_element(v, &each));) {
        const char *code = validate_string(v, e, "code", true, 64);
        const char *result = validate_enum(v, e, "result", true, results);
        const char *side = vocab_side_canonical(validate_enum(v, e, "side", false, vocab_sides));
        if (code)
            validate_code(v, "/code", code, VOCAB_FINDING, d->c.region);
        if (code && result)
            d->findings[d->c.n_findings++] =
                (struct case_finding){code, strcmp(result, "positive") == 0, side};
    }
    d->c.findings = d->findings;
}

static void imaging(struct validation *v, json_t *body, struct decoded *d)
{
    static const char *const fields[] = {"code", "grade", "level", "side", NULL};
    json_t *in = validate_array(v, body, "imaging", false, MAX_IMAGING);
    struct validation_elements each = {.array = in, .key = "imaging", .fields = fields};
    for (json_t *e; (e = validate_next_element(v, &each));) {
        const char *code = validate_string(v, e, "code", true, 64);
        const char *grade = validate_string(v, e, "grade", false, 32);
        const struct vocab_entry *entry = code ? vocab_find(VOCAB_IMAGING_FINDING, code) : NULL;
        if (code)
            validate_code(v, "/code", code, VOCAB_IMAGING_FINDING, d->c.region);
        if (entry && grade && !vocab_grade_allowed(entry, grade))
            validation_add(v, "/grade", "not a grade of '%s'", code);
        const char *level = validate_level(v, e, "level", NULL);
        const char *side = vocab_side_canonical(validate_enum(v, e, "side", false, vocab_sides));
        if (code)
            d->imaging[d->c.n_imaging++] = (struct case_imaging){code, grade, level, side};
    }
    d->c.imaging = d->imaging;
}

static void readings(struct validation *v, json_t *e, struct decoded *d, size_t k)
{
    json_t *in = validate_array(v, e, "readings", false, MAX_READINGS);
    int previous = -1;
    for (size_t i = 0; in && i < json_array_size(in); i++) {
        json_t *r = json_array_get(in, i);
        int64_t minutes = 0, nrs = 0;
        char ptr[48];
        snprintf(ptr, sizeof ptr, "/readings/%zu", i);
        bool ok = json_is_object(r) && validate_int(v, r, "minutes", true, 0, 10080, &minutes) &&
                  validate_int(v, r, "nrs", true, 0, 10, &nrs) && minutes > previous;
        if (!ok) {
            validation_add(v, ptr, "must be {minutes, nrs}, later than the one before");
            continue;
        }
        previous = (int)minutes;
        d->readings[k][d->blocks[k].n_readings++] = (struct block_reading){(int)minutes, (int)nrs};
    }
    d->blocks[k].readings = d->readings[k];
}

/* The index of the block with this id before k, or -1. */
static int block_index(const struct decoded *d, size_t k, const char *id)
{
    for (size_t i = 0; i < k; i++)
        if (d->block_ids[i] && strcmp(d->block_ids[i], id) == 0)
            return (int)i;
    return -1;
}

static void blocks(struct validation *v, json_t *body, struct decoded *d)
{
    static const char *const fields[] = {
        "id",       "target",         "agent",      "level",           "side", "baseline_nrs",
        "readings", "comparative_of", "concordant", "control_painful", NULL};
    json_t *in = validate_array(v, body, "blocks", false, MAX_BLOCKS);
    struct validation_elements each = {.array = in, .key = "blocks", .fields = fields};
    for (json_t *e; (e = validate_next_element(v, &each));) {
        struct case_block *b = &d->blocks[d->c.n_blocks];
        *b = (struct case_block){.pair_of = -1};
        d->block_ids[d->c.n_blocks] = validate_string(v, e, "id", false, 64);
        b->target = validate_string(v, e, "target", true, 64);
        if (b->target)
            validate_code(v, "/target", b->target, VOCAB_BLOCK_TARGET, d->c.region);
        const char *agent = validate_string(v, e, "agent", false, 32);
        if (agent && validate_code(v, "/agent", agent, VOCAB_BLOCK_AGENT, 0)) {
            b->placebo = strcmp(agent, "saline") == 0;
            b->agent = block_agent_duration(agent);
        }
        b->level = validate_level(v, e, "level", NULL);
        b->side = vocab_side_canonical(validate_enum(v, e, "side", false, vocab_sides));
        int64_t baseline = 0;
        if (validate_int(v, e, "baseline_nrs", false, 0, 10, &baseline))
            b->baseline_nrs = (int)baseline;
        readings(v, e, d, d->c.n_blocks);
        const char *pair = validate_string(v, e, "comparative_of", false, 64);
        if (pair && (b->pair_of = block_index(d, d->c.n_blocks, pair)) < 0)
            validation_add(v, "/comparative_of", "must be the id of an earlier block of the case");
        else if (pair && b->target && !block_pair_compatible(&d->blocks[b->pair_of], b))
            validation_add(v, "/comparative_of",
                           "must be a block of the same level and side, for the same structure");
        b->concordant = json_is_true(json_object_get(e, "concordant"));
        json_t *control = json_object_get(e, "control_painful");
        b->control_done = json_is_boolean(control);
        b->control_painful = json_is_true(control);
        if (b->target)
            d->c.n_blocks++;
    }
    d->c.blocks = d->blocks;
}

/* pain_sites: [{code, present}]: where pain is felt, and where it is not. */
static void sites(struct validation *v, json_t *body, struct decoded *d)
{
    static const char *const fields[] = {"code", "present", NULL};
    json_t *in = validate_array(v, body, "pain_sites", false, MAX_SITES);
    struct validation_elements each = {.array = in, .key = "pain_sites", .fields = fields};
    for (json_t *e; (e = validate_next_element(v, &each));) {
        const char *code = validate_string(v, e, "code", true, 64);
        json_t *present = json_object_get(e, "present");
        if (code)
            validate_code(v, "/code", code, VOCAB_PAIN_SITE, d->c.region);
        if (!json_is_boolean(present))
            validation_add(v, "/present", "required: true (felt there) or false (not felt)");
        if (code && json_is_boolean(present))
            d->sites[d->c.n_sites++] = (struct case_site){code, json_is_true(present)};
    }
    d->c.sites = d->sites;
}

/* candidacy_facts: [{code, present}] and prior_care: [{type, weeks?}]. */
static void candidacy_input(struct validation *v, json_t *body, struct decoded *d)
{
    static const char *const fact_fields[] = {"code", "present", NULL};
    static const char *const care_fields[] = {"type", "weeks", NULL};
    int64_t weeks = 0;
    if (validate_int(v, body, "symptom_weeks", true, 0, 5200, &weeks))
        d->candidacy.symptom_weeks = (int)weeks;
    json_t *in = validate_array(v, body, "candidacy_facts", false, MAX_FACTS);
    struct validation_elements fact_elements = {
        .array = in, .key = "candidacy_facts", .fields = fact_fields};
    for (json_t *e; (e = validate_next_element(v, &fact_elements));) {
        const char *code = validate_string(v, e, "code", true, 64);
        json_t *present = json_object_get(e, "present");
        if (code)
            validate_code(v, "/code", code, VOCAB_CANDIDACY_FACT, d->c.region);
        if (!json_is_boolean(present))
            validation_add(v, "/present", "required: true or false");
        if (code && json_is_boolean(present))
            d->facts[d->candidacy.n_facts++] = (struct case_fact){code, json_is_true(present)};
    }
    in = validate_array(v, body, "prior_care", false, MAX_CARE);
    struct validation_elements care_elements = {
        .array = in, .key = "prior_care", .fields = care_fields};
    for (json_t *e; (e = validate_next_element(v, &care_elements));) {
        const char *type = validate_string(v, e, "type", true, 64);
        int64_t w = -1;
        if (type)
            validate_code(v, "/type", type, VOCAB_CARE_TYPE, d->c.region);
        if (!validate_int(v, e, "weeks", false, 0, 5200, &w))
            w = -1;
        if (type)
            d->care[d->candidacy.n_care++] = (struct case_care){type, (int)w};
    }
    d->candidacy.region = d->c.region;
    d->candidacy.facts = d->facts;
    d->candidacy.care = d->care;
}

static void candidacy_write(struct jsonw *w, const struct candidacy *c)
{
    jsonw_object(w, "candidacy");
    jsonw_string(w, "verdict", verdict_name(c->verdict));
    jsonw_array(w, "reasons");
    for (size_t i = 0; i < c->n; i++) {
        const struct candidacy_reason *r = &c->reasons[i];
        jsonw_object(w, NULL);
        jsonw_string(w, "verdict", verdict_name(r->verdict));
        jsonw_string(w, "code", r->code);
        jsonw_string(w, "detail", r->detail);
        jsonw_bool(w, "convention", r->convention);
        jsonw_string(w, "source", r->source);
        jsonw_end(w);
    }
    jsonw_end(w);
    jsonw_end(w);
}

static void plan_write(struct jsonw *w, const struct treatment_plan *p)
{
    jsonw_object(w, "treatment");
    jsonw_bool(w, "proposed", p->proposed);
    jsonw_string(w, "generator", p->generator);
    jsonw_string(w, "structure", p->structure);
    jsonw_string(w, "level", p->level);
    jsonw_string(w, "side", p->side);
    jsonw_string(w, "side_from", p->side_from);
    jsonw_string(w, "guidance", p->guidance);
    api_model_source_write(w, "guidance_source", p->guidance_source);
    jsonw_string(w, "tier", p->tier);
    jsonw_string(w, "tier_reason", p->tier_reason[0] ? p->tier_reason : NULL);
    jsonw_string(w, "therapy", p->therapy);
    jsonw_string(w, "evidence_level", p->evidence_level);
    api_model_source_write(w, "therapy_source", p->therapy_source);
    jsonw_end(w);
}

static void steps_write(struct jsonw *w, const struct next_steps *s)
{
    jsonw_array(w, "next_steps");
    for (size_t i = 0; i < s->n; i++) {
        jsonw_object(w, NULL);
        jsonw_string(w, "kind", step_kind_name(s->items[i].kind));
        jsonw_string(w, "code", s->items[i].code);
        jsonw_string(w, "generator", s->items[i].generator);
        jsonw_real(w, "p_change", s->items[i].p_change);
        jsonw_real(w, "expected_gain", s->items[i].expected_gain);
        jsonw_string(w, "then", s->items[i].then);
        jsonw_end(w);
    }
    jsonw_end(w);
    jsonw_string(w, "next_steps_none", s->none);
}

static void contribution_write(struct jsonw *w, const struct contribution *c)
{
    jsonw_object(w, NULL);
    jsonw_string(w, "kind", contribution_kind_name(c->kind));
    jsonw_string(w, "code", c->code);
    jsonw_string(w, "result", c->result);
    jsonw_real(w, "lr", c->lr);
    jsonw_real(w, "factor", c->factor);
    jsonw_bool(w, "applied", c->applied);
    jsonw_string(w, "detail", c->detail[0] ? c->detail : NULL);
    api_model_source_write(w, "source", c->source);
    jsonw_end(w);
}

/* Each source with its prior (and how it was fitted), posterior, the
 * strength of its own evidence and every contribution with its source. */
static void ranking_write(struct jsonw *w, const struct ranking *r)
{
    jsonw_array(w, "ranking");
    for (size_t i = 0; i < r->n; i++) {
        const struct ranked_generator *g = &r->items[i];
        jsonw_object(w, NULL);
        jsonw_int(w, "rank", (long long)i + 1);
        jsonw_string(w, "generator", g->generator->code);
        jsonw_string(w, "label", g->generator->label);
        jsonw_bool(w, "other", g->generator->other);
        jsonw_string(w, "covers", g->generator->covers);
        jsonw_real(w, "prior", g->prior.prior);
        jsonw_string(w, "prior_basis", g->prior.basis);
        api_model_source_write(w, "prior_source", g->prior.source);
        jsonw_real(w, "posterior", g->posterior);
        jsonw_real(w, "evidence_lr", g->evidence_lr);
        jsonw_bool(w, "contributing", g->contributing);
        jsonw_array(w, "contributions");
        for (size_t k = 0; k < g->n_contributions; k++)
            contribution_write(w, &g->contributions[k]);
        jsonw_end(w);
        jsonw_end(w);
    }
    jsonw_end(w);
}

/* Every recorded item no source weighs, with the reason. */
static void unweighed_write(struct jsonw *w, const struct ranking *r)
{
    jsonw_array(w, "not_weighed");
    for (size_t i = 0; i < r->n_unweighed; i++) {
        const struct unweighed_item *u = &r->unweighed[i];
        jsonw_object(w, NULL);
        jsonw_string(w, "kind", contribution_kind_name(u->kind));
        jsonw_string(w, "code", u->code);
        jsonw_string(w, "result", u->result);
        jsonw_string(w, "reason", u->reason);
        jsonw_end(w);
    }
    jsonw_end(w);
}

bool score_case(json_t *body, struct validation *v, struct buf *out)
{
    static const char *const fields[] = {"region",          "age",        "side",   "pain_sites",
                                         "findings",        "imaging",    "blocks", "symptom_weeks",
                                         "candidacy_facts", "prior_care", NULL};
    static _Thread_local struct decoded d; /* large: kept off the stack */
    static _Thread_local struct ranking r;
    static _Thread_local struct candidacy verdict;
    d.c = (struct scoring_case){0}; /* the arrays are filled as counted */
    d.candidacy = (struct candidacy_input){0};
    validate_known_fields(v, body, fields);
    const char *region = validate_enum(v, body, "region", true, regions);
    if (region)
        vocab_region_parse(region, &d.c.region);
    int64_t age = 0;
    if (validate_int(v, body, "age", true, 0, 120, &age))
        d.c.age = (int)age;
    d.c.side = vocab_side_canonical(validate_enum(v, body, "side", false, vocab_sides));
    sites(v, body, &d);
    findings(v, body, &d);
    imaging(v, body, &d);
    blocks(v, body, &d);
    candidacy_input(v, body, &d);
    if (!validation_ok(v))
        return false;
    scoring_rank(&d.c, &r);
    if (!r.complete) { /* never an answer with evidence left out */
        validation_add(v, "", "the case holds more than the explanation can list");
        return false;
    }
    d.candidacy.ranking = &r;
    d.candidacy.c = &d.c;
    scoring_candidacy(&d.candidacy, &verdict);
    struct treatment_plan plan;
    struct next_steps steps;
    scoring_plan(&d.c, &r, verdict.verdict, &plan);
    scoring_next_steps(&d.c, &r, &steps);
    (void)buf_reserve(out, 8192); /* most answers fit: one allocation, not six doublings */
    struct jsonw w = {.out = out};
    jsonw_object(&w, NULL);
    jsonw_string(&w, "model_version", MODEL_VERSION);
    jsonw_string(&w, "region", region);
    jsonw_int(&w, "age", age);
    jsonw_string(&w, "side", d.c.side);
    ranking_write(&w, &r);
    unweighed_write(&w, &r);
    candidacy_write(&w, &verdict);
    plan_write(&w, &plan);
    steps_write(&w, &steps);
    jsonw_end(&w);
    return true;
}

void api_score_post(const struct http_req *req, struct http_res *res)
{
    if (!edge_no_query(req, res))
        return;
    json_t *body = edge_body_object(req, res);
    if (!body)
        return;
    struct validation v = {0};
    struct buf out = {0};
    if (score_case(body, &v, &out))
        http_res_json_buf(res, 200, &out);
    else
        validation_reply(&v, req, res);
    buf_cleanup(&out);
    validation_cleanup(&v);
    json_decref(body);
}
