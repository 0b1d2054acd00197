/* Treatment response by time point and probability band. A substantial
 * response is relief of 50% or more, a moderate one 30% or more (IMMPACT:
 * Dworkin RH et al. J Pain 2008;9(2):105-21); the shares are of the
 * patients followed up with a measure, with Wilson 95% intervals. */
#include "paingen/api/calibration_response.h"

#include "paingen/scoring/calibration.h"
#include "paingen/scoring/model.h"

#include <stdlib.h>
#include <string.h>

#define BANDS       5 /* of the probability of the treated source, 0.2 wide */
#define TIME_POINTS 4
#define SOURCES_MAX 16 /* the model's generators (12) and room to grow */

enum response { SUBSTANTIAL, MODERATE, NONE, UNKNOWN, LOST, RESPONSES };
enum placement { PREDICTED, ELSEWHERE, NO_SOURCE, PLACEMENTS };

static const char *const response_names[RESPONSES] = {"substantial", "moderate", "none", "unknown",
                                                      "lost"};
static const char *const placement_names[PLACEMENTS] = {"predicted", "elsewhere", "no_source"};
/* as the report names each placement */
static const char *const placement_keys[PLACEMENTS] = {"at_predicted_source", "elsewhere",
                                                       "without_source"};
static const char *const time_points[TIME_POINTS] = {"6w", "3m", "6m", "12m"};

/* [placement][source: 0 all, 1 + the generator's index][time point]
 * [band: 0..4, BANDS all][response] */
struct response_table {
    long long n[PLACEMENTS][1 + SOURCES_MAX][TIME_POINTS][BANDS + 1][RESPONSES];
};

struct response_table *response_table_new(void)
{
    struct response_table *t = calloc(1, sizeof *t);
    if (!t)
        abort();
    return t;
}

void response_table_free(struct response_table *t) { free(t); }

static int index_of(const char *const *names, int n, const char *name)
{
    for (int i = 0; name && i < n; i++)
        if (strcmp(names[i], name) == 0)
            return i;
    return -1;
}

/* 1 + the generator's index in the model (0: none). */
static int source_of(const char *gen)
{
    size_t n = 0;
    const struct model_generator *g = model_generators(&n);
    for (size_t i = 0; gen && i < n && i < SOURCES_MAX; i++)
        if (strcmp(g[i].code, gen) == 0)
            return (int)i + 1;
    return 0;
}

/* n more in the cell of all bands and in the band's (when there is one). */
static void count(struct response_table *t, int p, int s, int tp, int band, int r, long long n)
{
    t->n[p][s][tp][BANDS][r] += n;
    if (band >= 0)
        t->n[p][s][tp][band][r] += n;
}

void response_table_add(struct response_table *t, const struct calibration_row *row)
{
    int p = index_of(placement_names, PLACEMENTS, row->key);
    int tp = index_of(time_points, TIME_POINTS, row->time_point);
    int r = index_of(response_names, RESPONSES, row->response);
    int s = source_of(row->gen);
    if (p < 0 || tp < 0 || r < 0 || (p != NO_SOURCE && s == 0))
        return;
    int band = row->band >= 0 && row->band < BANDS ? row->band : -1;
    count(t, p, 0, tp, band, r, row->n); /* every source's */
    if (s)
        count(t, p, s, tp, band, r, row->n);
}

static json_t *share(long long k, long long n)
{
    return n ? json_real((double)k / (double)n) : json_null();
}

static json_t *interval(long long k, long long n)
{
    if (!n)
        return json_null();
    double lo, hi;
    calib_wilson((size_t)k, (size_t)n, CALIB_Z95, &lo, &hi);
    return json_pack("[f, f]", lo, hi);
}

/* One cell's counts, shares and intervals, into o. */
static void cell(json_t *o, const long long *c)
{
    long long measured = c[SUBSTANTIAL] + c[MODERATE] + c[NONE];
    long long better = c[SUBSTANTIAL] + c[MODERATE];
    json_object_set_new(o, "followed_up", json_integer(measured));
    json_object_set_new(o, "substantial", json_integer(c[SUBSTANTIAL]));
    json_object_set_new(o, "moderate_or_better", json_integer(better));
    json_object_set_new(o, "no_measure", json_integer(c[UNKNOWN]));
    json_object_set_new(o, "lost", json_integer(c[LOST]));
    json_object_set_new(o, "substantial_share", share(c[SUBSTANTIAL], measured));
    json_object_set_new(o, "substantial_ci", interval(c[SUBSTANTIAL], measured));
    json_object_set_new(o, "moderate_or_better_share", share(better, measured));
    json_object_set_new(o, "moderate_or_better_ci", interval(better, measured));
}

static bool any(const long long *c)
{
    for (int r = 0; r < RESPONSES; r++)
        if (c[r])
            return true;
    return false;
}

/* The four time points of one placement and source. */
static json_t *time_point_list(const struct response_table *t, int p, int s)
{
    json_t *list = json_array();
    for (int tp = 0; tp < TIME_POINTS; tp++) {
        json_t *o = json_pack("{s:s}", "time_point", time_points[tp]);
        cell(o, t->n[p][s][tp][BANDS]);
        json_t *bands = json_array();
        for (int b = 0; p != NO_SOURCE && b < BANDS; b++) {
            json_t *band =
                json_pack("{s:f, s:f}", "from", b / (double)BANDS, "to", (b + 1) / (double)BANDS);
            cell(band, t->n[p][s][tp][b]);
            json_array_append_new(bands, band);
        }
        json_object_set_new(o, "bands", bands);
        json_array_append_new(list, o);
    }
    return list;
}

static json_t *placement_json(const struct response_table *t, int p)
{
    json_t *by_source = json_array();
    size_t n = 0;
    const struct model_generator *g = model_generators(&n);
    for (size_t i = 0; p != NO_SOURCE && i < n && i < SOURCES_MAX; i++) {
        int s = (int)i + 1;
        bool seen = false;
        for (int tp = 0; tp < TIME_POINTS && !seen; tp++)
            seen = any(t->n[p][s][tp][BANDS]);
        if (seen)
            json_array_append_new(by_source, json_pack("{s:s, s:o}", "generator", g[i].code,
                                                       "time_points", time_point_list(t, p, s)));
    }
    return json_pack("{s:o, s:o}", "overall", time_point_list(t, p, 0), "by_source", by_source);
}

json_t *response_table_json(const struct response_table *t)
{
    json_t *out = json_pack(
        "{s:{s:i, s:i, s:s, s:s}}", "definition", "substantial_pct", 50, "moderate_pct", 30, "rule",
        "a follow-up's response is the larger of the relief the patient reports and the fall of "
        "the pain NRS from the treatment's baseline_nrs (the consultation's pain_nrs when it has "
        "none), in percent: substantial at 50 or more, moderate at 30 or more; the latest "
        "follow-up of a treatment at each time point counts; patients lost to follow-up are "
        "counted apart and left out of the shares (not imputed)",
        "source",
        "Dworkin RH, Turk DC, Wyrwich KW et al. Interpreting the clinical importance of "
        "treatment outcomes in chronic pain clinical trials: IMMPACT recommendations. "
        "J Pain 2008;9(2):105-21");
    json_object_set_new(out, "bands_of",
                        json_string("the probability the assessment the treatment followed gave "
                                    "the treated source, in 5 bands 0.2 wide (a convention: "
                                    "fewer patients are treated than assessed)"));
    for (int p = 0; p < PLACEMENTS; p++)
        json_object_set_new(out, placement_keys[p], placement_json(t, p));
    return out;
}
