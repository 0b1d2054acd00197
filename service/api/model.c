/* The model's evidence as JSON, every number with its source. It is
 * compiled in, so it is rendered once and the same text is served. */
#include "paingen/api/model.h"

#include "paingen/api/edge.h"
#include "paingen/scoring/model.h"
#include "paingen/scoring/vocabulary.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static char *rendered; /* built once, lives as long as the process */
static size_t rendered_len;
static pthread_once_t once = PTHREAD_ONCE_INIT;

json_t *api_model_source_json(const struct source *s)
{
    if (!s)
        return json_null();
    return json_pack("{s:s, s:s, s:o}", "citation", s->citation, "quality",
                     model_quality_name(s->quality), "note",
                     s->note ? json_string(s->note) : json_null());
}

void api_model_source_write(struct jsonw *w, const char *name, const struct source *s)
{
    if (!s) {
        jsonw_null(w, name);
        return;
    }
    jsonw_object(w, name);
    jsonw_string(w, "citation", s->citation);
    jsonw_string(w, "quality", model_quality_name(s->quality));
    jsonw_string(w, "note", s->note);
    jsonw_end(w);
}

/* A proportion, or null when the source did not report it. */
static json_t *proportion(double p) { return p < 0 ? json_null() : json_real(p); }

static json_t *codes(const char *const *list)
{
    json_t *a = json_array();
    for (; list && *list; list++)
        json_array_append_new(a, json_string(*list));
    return a;
}

static json_t *string_or_null(const char *s) { return s ? json_string(s) : json_null(); }

static json_t *generators(void)
{
    size_t n;
    const struct model_generator *g = model_generators(&n);
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(
            a, json_pack("{s:s, s:s, s:s, s:b, s:o, s:o}", "code", g[i].code, "region",
                         vocab_region_name(g[i].region), "label", g[i].label, "other", g[i].other,
                         "covers", string_or_null(g[i].covers), "prior_source",
                         g[i].other ? api_model_source_json(model_other_prior_source())
                                    : json_null()));
    return a;
}

static const char *oa_name(enum prior_oa oa)
{
    return oa == PRIOR_OA_PRESENT ? "present" : oa == PRIOR_OA_ABSENT ? "absent" : "any";
}

static json_t *priors(void)
{
    size_t n;
    const struct model_prior *p = model_priors(&n);
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(
            a, json_pack("{s:s, s:i, s:i, s:s, s:f, s:o}", "generator", p[i].generator, "age_from",
                         p[i].age_from, "age_to", p[i].age_to, "radiographic_oa", oa_name(p[i].oa),
                         "prior", p[i].prior, "source", api_model_source_json(&p[i].source)));
    return a;
}

static json_t *oa_prevalence(void)
{
    size_t n;
    const struct model_oa_prevalence *p = model_oa_prevalence(&n);
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_pack("{s:i, s:i, s:f, s:o}", "age_from", p[i].age_from,
                                           "age_to", p[i].age_to, "prevalence", p[i].prevalence,
                                           "source", api_model_source_json(&p[i].source)));
    return a;
}

static json_t *sites(void)
{
    size_t n;
    const struct model_site *p = model_sites(&n);
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_pack("{s:s, s:s, s:f, s:o}", "site", p[i].site, "generator",
                                           p[i].generator, "p_present", p[i].p_present, "source",
                                           api_model_source_json(&p[i].source)));
    return a;
}

static json_t *unweighed(void)
{
    size_t n;
    const struct model_unweighed *u = model_unweighed(&n);
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_pack("{s:s, s:s}", "code", u[i].code, "reason", u[i].reason));
    return a;
}

static json_t *imaging_verdicts(void)
{
    size_t n;
    const struct model_imaging_verdict *v = model_imaging_verdicts(&n);
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_pack("{s:s, s:o, s:s, s:s, s:o}", "finding", v[i].finding,
                                           "min_grade", string_or_null(v[i].min_grade), "fact",
                                           v[i].fact, "why", v[i].why, "source",
                                           api_model_source_json(&v[i].source)));
    return a;
}

static json_t *findings(void)
{
    size_t n;
    const struct model_finding *f = model_findings(&n);
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_pack("{s:s, s:s, s:f, s:f, s:o, s:o, s:o, s:o}", "finding",
                                           f[i].finding, "generator", f[i].generator, "lr_pos",
                                           f[i].lr_pos, "lr_neg", f[i].lr_neg, "sensitivity",
                                           proportion(f[i].sensitivity), "specificity",
                                           proportion(f[i].specificity), "cluster",
                                           f[i].cluster ? json_string(f[i].cluster) : json_null(),
                                           "source", api_model_source_json(&f[i].source)));
    return a;
}

static json_t *clusters(void)
{
    size_t n;
    const struct model_cluster *c = model_clusters(&n);
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(
            a, json_pack("{s:s, s:s, s:s, s:o, s:o, s:i, s:i, s:f, s:f, s:o}", "code", c[i].code,
                         "generator", c[i].generator, "label", c[i].label, "members",
                         codes(c[i].members), "count_when_negative",
                         codes(c[i].count_when_negative), "threshold", c[i].threshold,
                         "min_recorded", c[i].min_recorded, "lr_pos", c[i].lr_pos, "lr_neg",
                         c[i].lr_neg, "source", api_model_source_json(&c[i].source)));
    return a;
}

static json_t *imaging(void)
{
    size_t n;
    const struct model_imaging *m = model_imaging(&n);
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(
            a, json_pack("{s:s, s:s, s:o, s:o, s:f, s:f, s:o}", "finding", m[i].finding,
                         "generator", m[i].generator, "min_grade",
                         m[i].min_grade ? json_string(m[i].min_grade) : json_null(), "sensitivity",
                         proportion(m[i].sensitivity), "lr_pos", m[i].lr_pos, "lr_neg", m[i].lr_neg,
                         "source", api_model_source_json(&m[i].source)));
    return a;
}

static json_t *asymptomatic(void)
{
    size_t n;
    const struct model_asymptomatic *m = model_asymptomatic(&n);
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_pack("{s:s, s:i, s:i, s:f, s:o}", "finding", m[i].finding,
                                           "age_from", m[i].age_from, "age_to", m[i].age_to,
                                           "prevalence", m[i].prevalence, "source",
                                           api_model_source_json(&m[i].source)));
    return a;
}

/* Discography is read by concordance and its control level, not by
 * relief: it has no threshold to show. */
static json_t *relief(const struct model_block *b)
{
    return strcmp(b->target, "provocation_discography") == 0 ? json_null()
                                                             : json_integer(b->relief_pct);
}

static json_t *blocks(void)
{
    size_t n;
    const struct model_block *b = model_blocks(&n);
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(
            a, json_pack(
                   "{s:s, s:s, s:o, s:o, s:{s:f, s:f, s:o}, s:{s:f, s:f, s:o}, "
                   "s:{s:f, s:o}}",
                   "target", b[i].target, "generator", b[i].generator, "relief_pct", relief(&b[i]),
                   "threshold_source", api_model_source_json(&b[i].threshold_source), "single",
                   "lr_pos", b[i].single_lr_pos, "lr_neg", b[i].single_lr_neg, "source",
                   api_model_source_json(&b[i].single_source), "comparative", "lr_pos",
                   b[i].comparative_lr_pos, "lr_neg", b[i].comparative_lr_neg, "source",
                   api_model_source_json(&b[i].comparative_source), "reversed", "lr_pos",
                   b[i].reversed_lr_pos, "source", api_model_source_json(&b[i].reversed_source)));
    return a;
}

static void render(void)
{
    json_t *root = json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
                             "model_version", MODEL_VERSION, "generators", generators(), "priors",
                             priors(), "oa_prevalence", oa_prevalence(), "sites", sites(),
                             "site_other_source", api_model_source_json(model_site_other_source()),
                             "findings", findings(), "clusters", clusters(), "imaging", imaging(),
                             "asymptomatic", asymptomatic(), "blocks", blocks(), "imaging_verdicts",
                             imaging_verdicts(), "not_weighed", unweighed());
    if (!root)
        abort(); /* a table entry jansson refused: a programming error in the tables */
    rendered = json_dumps(root, HTTP_JSON_FLAGS);
    json_decref(root);
    if (!rendered)
        abort();
    rendered_len = strlen(rendered);
}

void api_model_get(const struct http_req *req, struct http_res *res)
{
    if (!edge_no_query(req, res))
        return;
    pthread_once(&once, render);
    http_res_text(res, 200, "application/json", rendered, rendered_len);
    http_res_header(res, "ETag", "\"%s\"", MODEL_VERSION);
    http_res_header(res, "Cache-Control", "public, max-age=300");
}
