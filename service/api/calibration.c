/* GET /v1/calibration?region=&model_version=&from=&to=. The blocks that
 * verify a source are the model's own (its block table names each
 * target's generators); a target of several generators (the knee's
 * intra-articular block) verifies them together, as one group whose
 * probability is the sum of theirs. */
#include "paingen/api/calibration.h"

#include "paingen/api/app.h"
#include "paingen/api/auth.h"
#include "paingen/api/calibration_response.h"
#include "paingen/api/edge.h"
#include "paingen/api/negotiate.h"
#include "paingen/api/reliability.h"
#include "paingen/scoring/calibration.h"
#include "paingen/scoring/model.h"
#include "paingen/store/calibration.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAP_MAX     16 /* rows of the model's block table */
#define GROUPS_MAX  8
#define PER_GROUP   4  /* must match the terms of a group's sum in store/calibration.c */
#define TOP_MAX     16 /* the model's generators */
#define VERSION_MAX 32

/* The sources blocks verify, from the model's block table, built once. */
static struct {
    const char *targets[MAP_MAX], *groups[MAP_MAX], *gens[MAP_MAX];
    size_t n;
    struct group {
        const char *name;
        const char *gens[PER_GROUP], *targets[PER_GROUP];
        size_t n_gens, n_targets;
    } g[GROUPS_MAX];
    size_t n_groups;
} map;
static pthread_once_t map_once = PTHREAD_ONCE_INIT;

static void add_unique(const char **list, size_t *n, const char *s)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp(list[i], s) == 0)
            return;
    if (*n == PER_GROUP) { /* the model outgrew the report: a programmer's error */
        fprintf(stderr, "calibration: a block verifies more than %d sources\n", PER_GROUP);
        abort();
    }
    list[(*n)++] = s;
}

/* A target of one generator verifies that generator (the group is named
 * after it); a target of several verifies them as one group (named after
 * the target). */
static void build_map(void)
{
    size_t n = 0;
    const struct model_block *rows = model_blocks(&n);
    for (size_t i = 0; i < n && map.n < MAP_MAX; i++) {
        size_t of_target = 0;
        for (size_t k = 0; k < n; k++)
            of_target += strcmp(rows[k].target, rows[i].target) == 0;
        const char *name = of_target > 1 ? rows[i].target : rows[i].generator;
        map.targets[map.n] = rows[i].target;
        map.groups[map.n] = name;
        map.gens[map.n++] = rows[i].generator;
        size_t g = 0;
        while (g < map.n_groups && strcmp(map.g[g].name, name) != 0)
            g++;
        if (g == map.n_groups && map.n_groups < GROUPS_MAX)
            map.g[map.n_groups++].name = name;
        if (g < map.n_groups) {
            add_unique(map.g[g].gens, &map.g[g].n_gens, rows[i].generator);
            add_unique(map.g[g].targets, &map.g[g].n_targets, rows[i].target);
        }
    }
}

/* A growing array of observations. */
struct obs_list {
    struct calib_obs *v;
    size_t n, cap;
};

static void obs_push(struct obs_list *l, double p, bool y)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 256;
        l->v = realloc(l->v, l->cap * sizeof *l->v);
        if (!l->v)
            abort();
    }
    l->v[l->n++] = (struct calib_obs){p, y};
}

enum state { VERIFIED, INDETERMINATE, UNVERIFIED, STATES };
static const char *const state_names[STATES] = {"verified", "indeterminate", "unverified"};

/* What the diagnosis rows add up to. */
struct diagnosis {
    struct obs_list all, per[GROUPS_MAX];
    long long indeterminate[GROUPS_MAX];
    long long n[STATES];
    double sum_p[STATES];
    long long by_top[TOP_MAX][STATES]; /* by the model's generators, in its order */
};

static int group_of(const char *name)
{
    for (size_t g = 0; g < map.n_groups; g++)
        if (strcmp(map.g[g].name, name) == 0)
            return (int)g;
    return -1;
}

/* The index of a generator in the model's table, or -1. */
static int generator_index(const char *gen)
{
    size_t n = 0;
    const struct model_generator *g = model_generators(&n);
    for (size_t i = 0; gen && i < n && i < TOP_MAX; i++)
        if (strcmp(g[i].code, gen) == 0)
            return (int)i;
    return -1;
}

static void add_state(struct diagnosis *d, const struct calibration_row *row)
{
    int s = 0;
    while (s < STATES && strcmp(state_names[s], row->key) != 0)
        s++;
    if (s == STATES)
        return;
    d->n[s] += row->n;
    d->sum_p[s] += row->sum_p;
    int g = generator_index(row->gen);
    if (g >= 0)
        d->by_top[g][s] += row->n;
}

/* What one request reads: the diagnosis, the response table, the CDS
 * feedback. */
struct report {
    struct diagnosis d;
    struct response_table *responses;
    struct buf cds;
};

static void add_row(void *arg, const struct calibration_row *row)
{
    struct report *r = arg;
    struct diagnosis *d = &r->d;
    if (strcmp(row->kind, "state") == 0) {
        add_state(d, row);
    } else if (strcmp(row->kind, "response") == 0) {
        response_table_add(r->responses, row);
    } else if (strcmp(row->kind, "cds") == 0) {
        buf_puts(&r->cds, row->key);
    } else {
        int g = row->key ? group_of(row->key) : -1;
        if (g >= 0 && strcmp(row->kind, "pair") == 0) {
            obs_push(&d->per[g], row->p, row->y);
            obs_push(&d->all, row->p, row->y);
        } else if (g >= 0 && strcmp(row->kind, "indeterminate") == 0) {
            d->indeterminate[g] += row->n;
        }
    }
}

static void diagnosis_cleanup(struct diagnosis *d)
{
    free(d->all.v);
    for (size_t g = 0; g < GROUPS_MAX; g++)
        free(d->per[g].v);
}

static json_t *real_or_null(bool has, double x) { return has ? json_real(x) : json_null(); }

/* An intercept (b fixed) or a slope, with its Wald 95% interval. */
static json_t *fit_json(const struct calib_fit *f, bool slope)
{
    double est = slope ? f->b : f->a, se = slope ? f->se_b : f->se_a;
    return json_pack(
        "{s:o, s:o, s:o, s:o}", "estimate", real_or_null(f->ok, est), "se", real_or_null(f->ok, se),
        "ci", f->ok ? json_pack("[f, f]", est - CALIB_Z95 * se, est + CALIB_Z95 * se) : json_null(),
        "unavailable", f->ok ? json_null() : json_string(f->why));
}

static json_t *bins_json(const struct calib_summary *s)
{
    json_t *bins = json_array();
    for (size_t i = 0; i < CALIB_BINS; i++) {
        const struct calib_bin *b = &s->bins[i];
        json_array_append_new(
            bins,
            json_pack("{s:f, s:f, s:I, s:I, s:o, s:o, s:o}", "from", b->lo, "to", b->hi, "n",
                      (json_int_t)b->n, "events", (json_int_t)b->events, "mean_predicted",
                      real_or_null(b->n, b->mean_p), "observed", real_or_null(b->n, b->observed),
                      "ci", b->n ? json_pack("[f, f]", b->ci_lo, b->ci_hi) : json_null()));
    }
    return bins;
}

static json_t *summary_json(const struct calib_summary *s)
{
    double lo = 0, hi = 0;
    calib_wilson(s->events, s->n, CALIB_Z95, &lo, &hi);
    return json_pack("{s:I, s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "n", (json_int_t)s->n,
                     "events", (json_int_t)s->events, "mean_predicted",
                     real_or_null(s->n, s->mean_p), "observed", real_or_null(s->n, s->observed),
                     "observed_ci", s->n ? json_pack("[f, f]", lo, hi) : json_null(),
                     "calibration_in_the_large", real_or_null(s->n, s->observed - s->mean_p),
                     "intercept", fit_json(&s->intercept, false), "slope",
                     fit_json(&s->slope, true), "brier", real_or_null(s->n, s->brier), "bins",
                     bins_json(s));
}

static json_t *strings(const char *const *list, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_string(list[i]));
    return a;
}

/* The mean of a sum over n, or null for none. */
static json_t *mean_or_null(double sum, long long n)
{
    return n ? json_real(sum / (double)n) : json_null();
}

static json_t *verification_json(const struct diagnosis *d)
{
    json_t *by = json_array();
    size_t n_gens = 0;
    const struct model_generator *g = model_generators(&n_gens);
    for (size_t i = 0; i < n_gens && i < TOP_MAX; i++) {
        const long long *c = d->by_top[i];
        if (c[VERIFIED] + c[INDETERMINATE] + c[UNVERIFIED] == 0)
            continue;
        json_array_append_new(
            by,
            json_pack("{s:s, s:I, s:I, s:I, s:I}", "generator", g[i].code, "assessments",
                      (json_int_t)(c[VERIFIED] + c[INDETERMINATE] + c[UNVERIFIED]), "verified",
                      (json_int_t)c[VERIFIED], "indeterminate_only", (json_int_t)c[INDETERMINATE],
                      "never_verified", (json_int_t)c[UNVERIFIED]));
    }
    return json_pack(
        "{s:I, s:I, s:I, s:I, s:o, s:o, s:o, s:s}", "assessments",
        (json_int_t)(d->n[VERIFIED] + d->n[INDETERMINATE] + d->n[UNVERIFIED]), "verified",
        (json_int_t)d->n[VERIFIED], "indeterminate_only", (json_int_t)d->n[INDETERMINATE],
        "never_verified", (json_int_t)d->n[UNVERIFIED], "mean_predicted_verified",
        mean_or_null(d->sum_p[VERIFIED], d->n[VERIFIED]), "mean_predicted_never_verified",
        mean_or_null(d->sum_p[UNVERIFIED], d->n[UNVERIFIED]), "by_predicted_source", by, "note",
        "one assessment per consultation: the one that stood when its first block was recorded "
        "(else its latest in scope); the scope selects consultations by it. Blocks are done "
        "mostly where the model was confident, so the verified are not a random sample: the "
        "calibration below holds for them, and says nothing of the never verified (compare the "
        "mean predicted probability of the two)");
}

static json_t *diagnosis_json(struct diagnosis *d, struct calib_summary *overall)
{
    json_t *by = json_array();
    for (size_t g = 0; g < map.n_groups; g++) {
        struct calib_summary s;
        calib_summarise(d->per[g].v, d->per[g].n, &s);
        json_t *o = summary_json(&s);
        json_object_set_new(o, "source", json_string(map.g[g].name));
        json_object_set_new(o, "generators", strings(map.g[g].gens, map.g[g].n_gens));
        json_object_set_new(o, "block_targets", strings(map.g[g].targets, map.g[g].n_targets));
        json_object_set_new(o, "indeterminate", json_integer(d->indeterminate[g]));
        json_array_append_new(by, o);
    }
    calib_summarise(d->all.v, d->all.n, overall);
    return json_pack(
        "{s:s, s:o, s:o, s:o}", "reference_standard",
        "a diagnostic block of the source recorded after the assessment (the latest active one "
        "of each source decides), read by the model's criteria (GET /v1/model, blocks): "
        "positive, negative or indeterminate (left out, and counted); a block completing a "
        "pair is read as the pair: concordant, reversed (relief with both agents) and "
        "placebo-confirmed positive, discordant and negative negative, inconclusive and "
        "placebo response indeterminate. A target of several sources (the knee's "
        "intra-articular block) verifies them together, against the sum of their "
        "probabilities",
        "verification", verification_json(d), "overall", summary_json(overall), "by_source", by);
}

/* ?region, ?model_version, ?from, ?to into s (times in UTC, into from
 * and to); errors to v. */
static void read_scope(const struct http_req *req, struct validation *v,
                       struct calibration_scope *s, char from[32], char to[32])
{
    static const char *const allowed[] = {"region", "model_version", "from", "to", NULL};
    validate_known_query(v, req, allowed);
    *s = (struct calibration_scope){.region = http_req_query(req, "region"),
                                    .model_version = http_req_query(req, "model_version")};
    if (s->region && !vocab_region_parse(s->region, NULL))
        validation_add(v, "?region", "must be lumbar, knee or shoulder");
    const char *mv = s->model_version;
    if (mv &&
        (!*mv || strlen(mv) > VERSION_MAX ||
         mv[strspn(mv, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.+-_")]))
        validation_add(v, "?model_version", "must be a model version such as %s", MODEL_VERSION);
    const char *bounds[2] = {http_req_query(req, "from"), http_req_query(req, "to")};
    char *utc[2] = {from, to};
    time_t when[2] = {0, 0};
    for (int i = 0; i < 2; i++) {
        char day[40];
        const char *b = bounds[i];
        if (b && edge_valid_date(b)) { /* a day: from its first moment, UTC */
            snprintf(day, sizeof day, "%sT00:00:00Z", b);
            b = day;
        }
        if (bounds[i] && !edge_utc_timestamp(b, utc[i], &when[i]))
            validation_add(v, i ? "?to" : "?from",
                           "must be a date YYYY-MM-DD or an RFC 3339 date-time with a zone");
        else if (bounds[i])
            *(i ? &s->to : &s->from) = utc[i];
    }
    if (s->from && s->to && when[1] <= when[0])
        validation_add(v, "?to", "must be after from");
}

static void scope_words(const struct calibration_scope *s, char *out, size_t n)
{
    snprintf(out, n, "%s, model %s, from %.10s to %.10s", s->region ? s->region : "all regions",
             s->model_version ? s->model_version : "any", s->from ? s->from : "the first",
             s->to ? s->to : "now");
}

static void reply_svg(struct http_res *res, const struct calibration_scope *scope,
                      const struct diagnosis *d, const struct calib_summary *s)
{
    char where[160], counts[200], fits[200], never[200];
    scope_words(scope, where, sizeof where);
    snprintf(counts, sizeof counts,
             "%zu block-verified sources, %zu positive (%.1f%%); mean predicted %.1f%%", s->n,
             s->events, s->n ? 100.0 * s->observed : 0, s->n ? 100.0 * s->mean_p : 0);
    if (s->intercept.ok && s->slope.ok)
        snprintf(fits, sizeof fits,
                 "Calibration intercept %.2f, slope %.2f (red: the recalibration curve); "
                 "Brier %.3f",
                 s->intercept.a, s->slope.b, s->brier);
    else
        snprintf(fits, sizeof fits, "Calibration intercept and slope: %s",
                 s->intercept.ok ? s->slope.why : s->intercept.why);
    snprintf(never, sizeof never, "Never verified by a block: %lld of %lld assessments",
             d->n[UNVERIFIED], d->n[VERIFIED] + d->n[INDETERMINATE] + d->n[UNVERIFIED]);
    const char *lines[] = {where, counts, fits, never, NULL};
    struct buf svg = {0};
    reliability_svg(s, "Reliability of the predicted source (diagnosis)", lines, &svg);
    http_res_text(res, 200, "image/svg+xml", svg.data, svg.len);
    buf_cleanup(&svg);
}

static json_t *scope_json(const struct calibration_scope *s)
{
    json_t *o = json_object();
    json_object_set_new(o, "region", s->region ? json_string(s->region) : json_null());
    json_object_set_new(o, "model_version",
                        s->model_version ? json_string(s->model_version) : json_null());
    json_object_set_new(o, "from", s->from ? json_string(s->from) : json_null());
    json_object_set_new(o, "to", s->to ? json_string(s->to) : json_null());
    return o;
}

static json_t *report_json(const struct calibration_scope *scope, struct report *r)
{
    struct calib_summary overall;
    json_t *diagnosis = diagnosis_json(&r->d, &overall);
    json_t *feedback = json_loads(r->cds.data, 0, NULL);
    if (!feedback)
        abort(); /* PostgreSQL built it: only out of memory gets here */
    return json_pack(
        "{s:o, s:s, s:o, s:o, s:o, s:{s:s, s:s, s:s}}", "scope", scope_json(scope),
        "model_version_now", MODEL_VERSION, "diagnosis", diagnosis, "treatment_response",
        response_table_json(r->responses), "cds_feedback", feedback, "method", "calibration",
        "Van Calster B, McLernon DJ, van Smeden M, Wynants L, Steyerberg EW. Calibration: the "
        "Achilles heel of predictive analytics. BMC Med 2019;17:230. Calibration-in-the-large: "
        "observed minus mean predicted; intercept: logistic recalibration with logit(p) as an "
        "offset (0 ideal, above 0 predictions too low); slope: logit P(y) = a + b logit(p) (1 "
        "ideal, below 1 predictions too extreme), both by maximum likelihood with Wald 95% "
        "intervals; Brier score; no Hosmer-Lemeshow test",
        "intervals",
        "Wilson EB. Probable inference, the law of succession, and statistical inference. J Am "
        "Stat Assoc 1927;22:209-12 (95% score intervals of each share)",
        "bins", "10 fixed bins of the predicted probability, 0.1 wide (a convention)");
}

void api_calibration_get(const struct http_req *req, struct http_res *res)
{
    static const char *const offered[] = {"application/json", "image/svg+xml", NULL};
    struct app *app = req->ctx;
    struct validation v = {0};
    struct calibration_scope scope;
    char from[32], to[32];
    read_scope(req, &v, &scope, from, to);
    if (!validation_ok(&v)) {
        validation_reply(&v, req, res);
        return;
    }
    int media = negotiate_media(http_req_header(req, "Accept"), offered);
    if (media < 0) {
        http_res_problem(res, req, PG_ERR_NOT_ACCEPTABLE, NULL,
                         "the report is served as application/json or image/svg+xml");
        return;
    }
    pthread_once(&map_once, build_map);
    struct report *r = calloc(1, sizeof *r);
    if (!r)
        abort();
    r->responses = response_table_new();
    struct calibration_map m = {map.targets, map.groups, map.gens, map.n};
    enum pg_err err = store_calibration_read(app->pool, auth_clinic(), &scope, &m, add_row, r);
    if (err == PG_ERR_OK && media == 1) {
        struct calib_summary s;
        calib_summarise(r->d.all.v, r->d.all.n, &s);
        reply_svg(res, &scope, &r->d, &s);
    } else if (err == PG_ERR_OK) {
        http_res_json(res, 200, report_json(&scope, r));
    } else if (err == PG_ERR_TOO_MANY_RECORDS) {
        validation_add(&v, "?from",
                       "the scope holds more than %d block-verified sources; narrow it with "
                       "from and to",
                       STORE_CALIBRATION_MAX_PAIRS);
        validation_reply(&v, req, res);
    } else {
        edge_reply_error(req, res, err, "clinic");
    }
    http_res_header(res, "Vary", "Accept");
    buf_cleanup(&r->cds);
    response_table_free(r->responses);
    diagnosis_cleanup(&r->d);
    free(r);
}
