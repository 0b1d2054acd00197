/* The work-up card: summary, indicator from the verdict, detail in
 * Markdown (the top three sources, the target, the next step, the
 * verdict's reasons), and a ServiceRequest to create per next step. */
#include "paingen/cds/workup.h"

#include "paingen/api/app.h"
#include "paingen/cds/card.h"
#include "paingen/cds/codes.h"
#include "paingen/cds/patient.h"
#include "paingen/cds/reply.h"
#include "paingen/cds/services.h"
#include "paingen/http/client.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *str(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static double num(json_t *o, const char *key) { return json_number_value(json_object_get(o, key)); }

static void differential(struct buf *md, json_t *latest, json_t *result)
{
    json_t *a = json_object_get(latest, "assessment");
    json_t *c = json_object_get(latest, "consultation");
    const char *side = str(c, "side"), *created = str(a, "created_at");
    buf_printf(md, "**Differential** (%s%s%s; assessed %.10s, paingen model %s)\n\n",
               str(c, "region") ? str(c, "region") : "?", side ? ", " : "", side ? side : "",
               created ? created : "?", str(a, "model_version") ? str(a, "model_version") : "?");
    buf_puts(md, "| Source | Probability |\n|:--|--:|\n");
    json_t *ranking = json_object_get(result, "ranking");
    for (size_t i = 0; i < json_array_size(ranking) && i < 3; i++) {
        json_t *g = json_array_get(ranking, i);
        char pct[8];
        cds_percent(num(g, "posterior"), pct);
        buf_puts(md, "| ");
        cds_md_text(md, str(g, "label"));
        buf_printf(md, " | %s |\n", pct);
    }
}

static void target(struct buf *md, json_t *result)
{
    json_t *t = json_object_get(result, "treatment");
    if (!str(t, "generator"))
        return;
    bool proposed = json_is_true(json_object_get(t, "proposed"));
    buf_puts(md, proposed ? "\n**Target:** " : "\n**Target, if treated:** ");
    cds_md_text(md, str(t, "structure"));
    if (str(t, "side"))
        buf_printf(md, ", %s", str(t, "side"));
    if (str(t, "level"))
        buf_printf(md, " %s", str(t, "level"));
    if (str(t, "guidance"))
        buf_printf(md, ", under %s", str(t, "guidance"));
    if (str(t, "therapy")) {
        buf_puts(md, ": ");
        cds_md_text(md, str(t, "therapy"));
    }
    const char *verdict = str(json_object_get(result, "candidacy"), "verdict");
    if (proposed)
        buf_puts(md, " (proposed).\n");
    else
        buf_printf(md, "; not proposed while the verdict is %s.\n", cds_verdict_words(verdict));
}

static void next_step(struct buf *md, json_t *result)
{
    json_t *steps = json_object_get(result, "next_steps");
    json_t *s = json_array_get(steps, 0);
    if (!s) {
        const char *none = str(result, "next_steps_none");
        buf_puts(md, "\n**Next best step:** none");
        if (none) {
            buf_puts(md, ": ");
            cds_md_text(md, none);
        }
        buf_puts(md, ".\n");
        return;
    }
    char pct[8];
    cds_percent(num(s, "p_change"), pct);
    buf_puts(md, "\n**Next best step:** ");
    cds_md_text(md, cds_step_label(str(s, "kind"), str(s, "code")));
    buf_puts(md, ", for ");
    cds_md_text(md, cds_generator_label(str(s, "generator")));
    buf_printf(md, ": its result changes the decision with probability %s", pct);
    if (str(s, "then")) {
        buf_puts(md, " (done with ");
        cds_md_text(md, cds_step_label(str(s, "kind"), str(s, "then")));
        buf_puts(md, " after it)");
    }
    buf_puts(md, ".\n");
}

static void verdict(struct buf *md, json_t *result)
{
    json_t *cand = json_object_get(result, "candidacy");
    buf_printf(md, "\n**Verdict:** %s.\n", cds_verdict_words(str(cand, "verdict")));
    size_t i;
    json_t *r;
    bool first = true;
    json_array_foreach(json_object_get(cand, "reasons"), i, r)
    {
        buf_puts(md, first ? "\n- " : "- ");
        first = false;
        cds_md_text(md, str(r, "detail") ? str(r, "detail") : str(r, "code"));
        buf_puts(md, json_is_true(json_object_get(r, "convention")) ? " (a stated convention)\n"
                                                                    : "\n");
    }
}

static char *detail(json_t *latest)
{
    json_t *a = json_object_get(latest, "assessment");
    json_t *result = json_object_get(a, "result");
    struct buf md = {0};
    differential(&md, latest, result);
    target(&md, result);
    next_step(&md, result);
    verdict(&md, result);
    if (json_is_true(json_object_get(a, "stale")))
        buf_printf(&md,
                   "\n_The consultation's records changed after this assessment: assess it again "
                   "(POST /v1/consultations/%s/assessments) for an up-to-date differential._\n",
                   str(json_object_get(latest, "consultation"), "id"));
    buf_printf(&md, "\nAssessment `%s` (GET /v1/assessments/%s; FHIR R4: /v1/assessments/%s/fhir).",
               str(a, "id"), str(a, "id"), str(a, "id"));
    return buf_take(&md, NULL);
}

static json_t *reference(const char *type, const char *id)
{
    char ref[200];
    snprintf(ref, sizeof ref, "%s/%s", type, id);
    return json_pack("{s:s}", "reference", ref);
}

/* The code of a next step: its test, cluster or block target. */
static json_t *step_code(json_t *s)
{
    const char *kind = str(s, "kind"), *code = str(s, "code");
    const char *system = !kind                          ? FHIR_CS_FINDING
                         : strcmp(kind, "cluster") == 0 ? CDS_CS_CLUSTER
                         : strcmp(kind, "block") == 0   ? FHIR_CS_BLOCK_TARGET
                                                        : FHIR_CS_FINDING;
    const char *label = cds_step_label(kind, code);
    return fhir_concept(system, code, label, label);
}

/* A ServiceRequest for step s: a draft order for the EHR's patient (and
 * encounter), its code the step's, its reason the source it tests, its
 * body site the side (and, for the treatment's own source, the level)
 * paingen would test. */
static json_t *service_request(json_t *s, json_t *result, const struct cds_call *call,
                               const char *assessment_id)
{
    json_t *sr = json_pack("{s:s, s:s, s:s, s:o, s:o}", "resourceType", "ServiceRequest", "status",
                           "draft", "intent", "order", "code", step_code(s), "subject",
                           reference("Patient", call->patient_id));
    if (call->encounter_id)
        json_object_set_new(sr, "encounter", reference("Encounter", call->encounter_id));
    const char *generator = str(s, "generator");
    char why[200];
    snprintf(why, sizeof why, "tests %s as the pain source", cds_generator_label(generator));
    json_object_set_new(sr, "reasonCode",
                        json_pack("[o]", fhir_concept(FHIR_CS_GENERATOR, generator,
                                                      cds_generator_label(generator), why)));
    json_t *t = json_object_get(result, "treatment");
    json_t *sites = json_array();
    json_t *side = cds_side_concept(str(result, "side"));
    if (side)
        json_array_append_new(sites, side);
    json_t *level = generator && str(t, "generator") && strcmp(generator, str(t, "generator")) == 0
                        ? cds_level_concept(str(t, "level"))
                        : NULL;
    if (level)
        json_array_append_new(sites, level);
    if (json_array_size(sites))
        json_object_set_new(sr, "bodySite", sites);
    else
        json_decref(sites);
    char pct[8], note[300];
    cds_percent(num(s, "p_change"), pct);
    snprintf(note, sizeof note,
             "Suggested by paingen (assessment %s, model %s): the result changes the decision "
             "with probability %s.",
             assessment_id, str(result, "model_version") ? str(result, "model_version") : "?", pct);
    json_object_set_new(sr, "note", json_pack("[{s:s}]", "text", note));
    return sr;
}

/* The clinic app's page of the assessment (web/app/main.js's route
 * #/assessments/{id}), an absolute link: the app signs people in with
 * paingen's own accounts, not with a SMART launch, so not a smart link. */
static void app_link(json_t *card, const char *public_url, const char *assessment_id)
{
    char url[HTTP_CLIENT_URL_MAX + 64];
    if (!public_url || !assessment_id ||
        snprintf(url, sizeof url, "%s/#/assessments/%s", public_url, assessment_id) >=
            (int)sizeof url)
        return;
    json_object_set_new(card, "links",
                        json_pack("[{s:s, s:s, s:s}]", "label", "Open the work-up in paingen",
                                  "url", url, "type", "absolute"));
}
/* One suggestion per next step, the first recommended; the user picks
 * at most one (they are alternatives). */
static void suggestions(json_t *card, json_t *result, const struct cds_call *call,
                        const char *assessment_id)
{
    json_t *steps = json_object_get(result, "next_steps");
    if (!json_array_size(steps))
        return;
    json_t *list = json_array();
    size_t i;
    json_t *s;
    json_array_foreach(steps, i, s)
    {
        char uuid[37], label[200], description[260];
        cds_uuid_new(uuid);
        const char *what = cds_step_label(str(s, "kind"), str(s, "code"));
        snprintf(label, sizeof label, "Order %s", what);
        snprintf(description, sizeof description,
                 "Create a draft ServiceRequest for %s, the next diagnostic step", what);
        json_t *action = json_pack("{s:s, s:s, s:o}", "type", "create", "description", description,
                                   "resource", service_request(s, result, call, assessment_id));
        json_array_append_new(list, json_pack("{s:s, s:s, s:b, s:[o]}", "label", label, "uuid",
                                              uuid, "isRecommended", i == 0, "actions", action));
    }
    json_object_set_new(card, "suggestions", list);
    json_object_set_new(card, "selectionBehavior", json_string("at-most-one"));
}

json_t *cds_workup_card(json_t *latest, const struct cds_call *call, const char *public_url)
{
    json_t *a = json_object_get(latest, "assessment");
    json_t *result = json_object_get(a, "result");
    json_t *top = json_array_get(json_object_get(result, "ranking"), 0);
    if (!top)
        return NULL;
    const char *verdict = str(json_object_get(result, "candidacy"), "verdict");
    char pct[8], summary[400];
    cds_percent(num(top, "posterior"), pct);
    snprintf(summary, sizeof summary, "Likely pain source: %s, %s; %s%s", str(top, "label"), pct,
             cds_verdict_words(verdict),
             json_is_true(json_object_get(a, "stale")) ? " (records changed since)" : "");
    char *md = detail(latest);
    json_t *card = cds_card_new(summary, cds_verdict_indicator(verdict), md, public_url,
                                str(a, "model_version") ? str(a, "model_version") : "?",
                                CDS_WORKUP_ID, "Pain generator work-up");
    free(md);
    suggestions(card, result, call, str(a, "id"));
    json_object_set_new(card, "overrideReasons", cds_reason_codings(cds_workup_reasons));
    app_link(card, public_url, str(a, "id"));
    return card;
}

void cds_workup_run(const struct http_req *req, struct http_res *res, const struct cds_call *call)
{
    struct app *app = req->ctx;
    char *external_id = NULL;
    json_t *latest = NULL;
    json_t *issued = json_array();
    enum cds_found found = cds_patient_resolve(req, res, call, &external_id);
    if (found == CDS_FOUND)
        found = cds_patient_latest(req, res, external_id, NULL, &latest);
    if (found == CDS_FOUND) {
        json_t *card = cds_workup_card(latest, call, app->cfg->public_url);
        if (card)
            cds_issue_add(issued, card, latest);
    }
    if (found != CDS_ANSWERED)
        cds_reply_cards(req, res, call, CDS_WORKUP_ID,
                        json_string_value(json_object_get(latest, "patient_id")), issued);
    json_decref(issued);
    json_decref(latest);
    free(external_id);
}
