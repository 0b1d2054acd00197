/* Candidacy rules: a table of facts and their verdicts, then the
 * workflow rules (chronicity, conservative care, a probable and, for the
 * spine, block-confirmed generator). */
#include "paingen/scoring/candidacy.h"

#include "paingen/core/numfmt.h"
#include "paingen/core/parse.h"
#include "paingen/scoring/vocabulary.h"

#include <stdio.h>
#include <string.h>

#define MEDSCAPE "Le QD, DeBerardino TM (ed). Platelet-rich plasma, knee. Medscape 2018"
#define CLINIC   "Clinic workflow rules (regenerative medicine for chronic pain)"
#define ASRA     "Narouze S et al. Reg Anesth Pain Med 2015;40:182-212 (2nd ed. 2018)"

struct fact_rule {
    const char *code;
    enum verdict verdict;
    const char *source;
    bool convention;
    const char *why;
};

/* Facts that change the verdict when present. Absolute contraindications
 * per Medscape 2018; referrals and "stabilise first" per the clinic's
 * rules (no guideline figure); relative contraindications defer. */
static const struct fact_rule rules[] = {
    {"active_infection_near_site", VERDICT_CONTRAINDICATED, MEDSCAPE, false,
     "active infection at or near the site (absolute)"},
    {"systemic_infection_sepsis", VERDICT_CONTRAINDICATED, MEDSCAPE, false,
     "systemic infection or septicaemia (absolute)"},
    {"haemodynamic_instability", VERDICT_CONTRAINDICATED, MEDSCAPE, false,
     "haemodynamic instability (absolute)"},
    {"critical_thrombocytopenia", VERDICT_CONTRAINDICATED, MEDSCAPE, false,
     "critical thrombocytopenia (absolute)"},
    {"platelet_dysfunction", VERDICT_CONTRAINDICATED, MEDSCAPE, false,
     "platelet dysfunction syndrome (absolute)"},
    {"end_stage_degeneration", VERDICT_REFER_SURGERY, CLINIC, true,
     "end-stage degeneration: refer for surgical evaluation"},
    {"severe_deformity_or_malalignment", VERDICT_REFER_SURGERY, CLINIC, true,
     "severe deformity or malalignment may need surgical correction first"},
    {"structural_instability", VERDICT_REFER_SURGERY, CLINIC, true,
     "structural instability or ligamentous failure"},
    {"severe_spinal_instability", VERDICT_REFER_SURGERY, CLINIC, true,
     "severe spinal instability or advanced structural damage"},
    {"massive_retracted_cuff_tear", VERDICT_REFER_SURGERY, CLINIC, true,
     "massive retracted cuff tear"},
    {"cauda_equina_syndrome", VERDICT_REFER_SURGERY, CLINIC, true,
     "red flag: cauda equina syndrome needs urgent surgical assessment"},
    {"progressive_neurological_deficit", VERDICT_REFER_SURGERY, CLINIC, true,
     "red flag: progressive neurological deficit"},
    {"malignancy_at_site", VERDICT_REFER_SURGERY, CLINIC, true,
     "a tumour at the structure to be treated: exclude and refer"},
    {"inflammatory_arthritis_flare", VERDICT_DEFER, CLINIC, true,
     "inflammatory arthritis in a flare: stabilise first"},
    {"recent_fever_or_illness", VERDICT_DEFER, MEDSCAPE, false,
     "recent fever or illness (relative)"},
    {"platelets_under_100k", VERDICT_DEFER, MEDSCAPE, false, "platelets below 10^5/uL (relative)"},
    {"anaemia_hb_under_10", VERDICT_DEFER, MEDSCAPE, false, "haemoglobin below 10 g/dL (relative)"},
    {"nsaid_within_48h", VERDICT_DEFER, MEDSCAPE, false, "NSAID within 48 hours (relative)"},
    {"steroid_injection_at_site_1_month", VERDICT_DEFER, MEDSCAPE, false,
     "corticosteroid injected at the site within a month (relative)"},
    {"systemic_corticosteroid_2_weeks", VERDICT_DEFER, MEDSCAPE, false,
     "systemic corticosteroid within two weeks (relative)"},
    {"active_malignancy", VERDICT_DEFER, MEDSCAPE, false,
     "active cancer, especially haematopoietic or of bone (relative): oncology clearance"},
    {"bleeding_disorder", VERDICT_DEFER, ASRA, true, "bleeding disorder: assess bleeding risk"},
    {"anticoagulant_therapy", VERDICT_DEFER, ASRA, true,
     "anticoagulation: hold or assess by the procedure's bleeding-risk class"},
    {"antiplatelet_therapy", VERDICT_DEFER, ASRA, true,
     "antiplatelet therapy: assess by the procedure's bleeding-risk class"},
    {"pregnancy_or_breastfeeding", VERDICT_DEFER, CLINIC, true,
     "pregnancy or breastfeeding: no guideline source; deferred by convention"},
    {"allergy_to_agent", VERDICT_DEFER, CLINIC, true, "allergy to an injectate: choose another"},
};

static void add(struct candidacy *out, enum verdict v, const char *code, const char *source,
                bool convention, const char *detail)
{
    if (out->n == CANDIDACY_MAX_REASONS)
        return; /* the rules table and the workflow rules stay below the bound */
    struct candidacy_reason *r = &out->reasons[out->n++];
    *r = (struct candidacy_reason){v, code, source, convention, ""};
    snprintf(r->detail, sizeof r->detail, "%s", detail);
    if (v < out->verdict)
        out->verdict = v;
}

static void facts(const struct candidacy_input *in, struct candidacy *out)
{
    for (size_t r = 0; r < sizeof rules / sizeof rules[0]; r++) {
        for (size_t i = 0; i < in->n_facts; i++) {
            if (in->facts[i].present && strcmp(in->facts[i].code, rules[r].code) == 0) {
                add(out, rules[r].verdict, rules[r].code, rules[r].source, rules[r].convention,
                    rules[r].why);
                break;
            }
        }
    }
}

static bool grade_reached(const char *grade, const char *min_grade)
{
    int64_t g, m;
    if (!min_grade)
        return true;
    if (!grade)
        return false;
    if (parse_i64(grade, &g) && parse_i64(min_grade, &m))
        return g >= m;
    return strcmp(grade, min_grade) == 0;
}

/* Imaging that means end stage or instability decides as the fact it
 * establishes would (once per fact, whether or not the fact was ticked). */
static void imaging(const struct candidacy_input *in, struct candidacy *out)
{
    size_t n;
    const struct model_imaging_verdict *v = model_imaging_verdicts(&n);
    for (size_t k = 0; in->c && k < n; k++) {
        for (size_t i = 0; i < in->c->n_imaging; i++) {
            const struct case_imaging *m = &in->c->imaging[i];
            if (strcmp(m->code, v[k].finding) != 0 || !grade_reached(m->grade, v[k].min_grade) ||
                scoring_other_side(in->c->side, m->side))
                continue;
            for (size_t r = 0; r < sizeof rules / sizeof rules[0]; r++) {
                if (strcmp(rules[r].code, v[k].fact) != 0)
                    continue;
                char detail[160];
                snprintf(detail, sizeof detail, "%s%s%s: %s", v[k].why, m->level ? " at " : "",
                         m->level ? m->level : "", rules[r].why);
                add(out, rules[r].verdict, v[k].finding, v[k].source.citation, true, detail);
            }
            break;
        }
    }
}

/* Restorative therapy long enough to count as a trial of conservative care. */
static bool adequate_care(const struct candidacy_input *in)
{
    for (size_t i = 0; i < in->n_care; i++) {
        const struct case_care *c = &in->care[i];
        if ((strcmp(c->type, "physiotherapy") == 0 || strcmp(c->type, "home_exercise") == 0) &&
            c->weeks >= CANDIDACY_MIN_CARE_WEEKS)
            return true;
    }
    return false;
}

/* Whether a positive block or a concordant pair was applied to g. */
static bool block_confirmed(const struct ranked_generator *g)
{
    for (size_t i = 0; i < g->n_contributions; i++) {
        const struct contribution *c = &g->contributions[i];
        if (c->kind == CONTRIB_BLOCK && c->applied && c->lr > 1.0)
            return true;
    }
    return false;
}

static void workflow(const struct candidacy_input *in, struct candidacy *out)
{
    char detail[160];
    if (in->symptom_weeks < CANDIDACY_MIN_SYMPTOM_WEEKS) {
        snprintf(detail, sizeof detail, "%d weeks of symptoms; chronic pain is %d or more",
                 in->symptom_weeks, CANDIDACY_MIN_SYMPTOM_WEEKS);
        add(out, VERDICT_CONVENTIONAL_FIRST, "too_early", CLINIC, true, detail);
    }
    if (!adequate_care(in)) {
        snprintf(detail, sizeof detail,
                 "no trial of physiotherapy or exercise of %d weeks or more recorded",
                 CANDIDACY_MIN_CARE_WEEKS);
        add(out, VERDICT_CONVENTIONAL_FIRST, "no_conservative_trial", CLINIC, true, detail);
    }
    const struct ranked_generator *top =
        in->ranking && in->ranking->n ? &in->ranking->items[0] : NULL;
    const struct ranked_generator *modelled = in->ranking ? rank_top_modelled(in->ranking) : NULL;
    if (!top || !modelled) {
        add(out, VERDICT_NEEDS_WORKUP, "no_ranking", CLINIC, true, "no generator ranked");
        return;
    }
    /* evidence for or against any source moves them all */
    bool evidence = false;
    for (size_t g = 0; g < in->ranking->n; g++)
        for (size_t i = 0; i < in->ranking->items[g].n_contributions; i++)
            evidence |= in->ranking->items[g].contributions[i].applied;
    if (!evidence)
        add(out, VERDICT_NEEDS_WORKUP, "no_evidence", CLINIC, true,
            "nothing recorded yet moves the differential away from the priors");
    if (top->generator->other) {
        char percent[NUMFMT_MAX];
        snprintf(detail, sizeof detail,
                 "another source, not modelled, is the most likely (%s%%): look beyond %s",
                 numfmt_f(100 * top->posterior, 0, percent), modelled->generator->code);
        add(out, VERDICT_NEEDS_WORKUP, "another_source_leads", CLINIC, true, detail);
    } else if (top->posterior < CANDIDACY_MIN_TOP_POSTERIOR) {
        char percent[NUMFMT_MAX], least[NUMFMT_MAX];
        snprintf(detail, sizeof detail, "the most likely generator, %s, is at %s%% (below %s%%)",
                 top->generator->code, numfmt_f(100 * top->posterior, 0, percent),
                 numfmt_f(100 * CANDIDACY_MIN_TOP_POSTERIOR, 0, least));
        add(out, VERDICT_NEEDS_WORKUP, "not_probable_enough", CLINIC, true, detail);
    }
    if (in->region == REGION_LUMBAR && !block_confirmed(modelled)) {
        snprintf(detail, sizeof detail,
                 "a spinal generator (%s) needs confirmation by a diagnostic block",
                 modelled->generator->code);
        add(out, VERDICT_NEEDS_WORKUP, "no_block_confirmation", CLINIC, true, detail);
    }
}

void scoring_candidacy(const struct candidacy_input *in, struct candidacy *out)
{
    out->verdict = VERDICT_CANDIDATE;
    out->n = 0;
    facts(in, out);
    imaging(in, out);
    workflow(in, out);
}

const char *verdict_name(enum verdict v)
{
    switch (v) {
    case VERDICT_CONTRAINDICATED: return "contraindicated";
    case VERDICT_REFER_SURGERY: return "refer_for_surgical_evaluation";
    case VERDICT_DEFER: return "defer";
    case VERDICT_CONVENTIONAL_FIRST: return "conventional_care_first";
    case VERDICT_NEEDS_WORKUP: return "needs_work_up";
    case VERDICT_CANDIDATE: return "candidate";
    }
    return "needs_work_up";
}
