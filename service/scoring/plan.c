/* Treatment target, guidance and tier. The tier rule (PRP for mild
 * degeneration, cell-based for severe disease or partial disruption) is
 * the clinic's stated convention; the evidence levels are those the
 * sources give for each target. */
#include "paingen/scoring/plan.h"

#include "paingen/core/parse.h"

#include <stdio.h>
#include <string.h>

static const struct source klessinger = {
    "Klessinger S. Tech Orthop 2013;28:18-22", SRC_STUDY,
    "Fluoroscopic medial branch blocks are the standard of every cited diagnostic study; CT "
    "guidance is not supported by guidelines."};
static const struct source jee = {
    "Jee H et al. Arch Phys Med Rehabil 2014;95:330-7", SRC_STUDY,
    "SIJ injection intra-articular in 98.2% under fluoroscopy vs 87.3% under ultrasound (RCT, "
    "n=120); blind placement about 12% (Pain Physician 2003;6:155-8)."};
static const struct source disc_convention = {
    "Clinical convention (provocation discography is done under fluoroscopy)", SRC_CONVENTION,
    "No guideline statement on image guidance for intradiscal injection was found."};
static const struct source daniels = {
    "Review of image-guided vs landmark injections, 13 studies (PMC3324992)", SRC_POOLED,
    "Knee intra-articular: ultrasound 95.8% vs landmark 77.8% accurate; shoulder "
    "intra-articular: image-guided 97.3% vs 65.4%."};
static const struct source navani = {
    "Navani A et al. Pain Pract 2020 (narrative review of regenerative medicine for spine pain)",
    SRC_SECOND_HAND, "Evidence levels as summarised in clinical guidance pages; small samples."};
static const struct source french_consensus = {
    "French-speaking expert consensus on PRP for knee osteoarthritis (PMC8458198)", SRC_STUDY,
    "Intra-articular PRP effective for early to moderate knee OA (level of evidence 1A), "
    "leukocyte-poor preferred. An RCT in KL 2-3 (PMC8611484) found no benefit over saline."};
static const struct source tier_convention = {
    "Clinic rule: severity decides the level of intervention", SRC_CONVENTION,
    "Mild degeneration: PRP; severe disease or partial disruption: concentrated cell-based "
    "therapy. No published threshold."};

struct target_row {
    const char *generator;
    const char *guidance;
    const struct source *guidance_source;
    const char *prp_level;   /* the evidence level stated for PRP at this target */
    const char *cells_level; /* for cell-based therapy */
    const struct source *therapy_source;
};

static const struct target_row targets[] = {
    {"lumbar_facet", "fluoroscopy", &klessinger, "stronger than traditional steroid treatment",
     "no level given", &navani},
    {"lumbar_sij", "fluoroscopy", &jee, "efficacy demonstrated; may outlast steroid",
     "no level given", &navani},
    {"lumbar_disc", "fluoroscopy", &disc_convention, "Level I-IV", "Level I-IV (MSC)", &navani},
    {"knee_cartilage_oa", "ultrasound", &daniels, "level 1A for early to moderate OA",
     "no level given", &french_consensus},
    {"knee_medial_meniscus", "ultrasound", &daniels, "no level given", "no level given",
     &tier_convention},
    {"knee_lateral_meniscus", "ultrasound", &daniels, "no level given", "no level given",
     &tier_convention},
    {"shoulder_cuff_tear", "ultrasound", &daniels, "no level given", "no level given",
     &tier_convention},
    {"shoulder_subscapularis_tear", "ultrasound", &daniels, "no level given", "no level given",
     &tier_convention},
    {"shoulder_subacromial_pain", "ultrasound", &daniels, "no level given", "no level given",
     &tier_convention},
};

/* Imaging that marks severe disease or partial disruption of a
 * generator's structure (clinic rule): the tier follows the structure
 * treated, not a sign elsewhere in the region. Cuff tears count for
 * subacromial pain too (the model weighs a full-thickness tear for it and
 * places partial tears with it). */
static const struct {
    const char *code;
    int min_grade; /* 0: any */
    const char *generators[2];
} severe[] = {
    {"lumbar_disc_degeneration", 4, {"lumbar_disc"}},
    {"lumbar_disc_extrusion", 0, {"lumbar_disc"}},
    {"knee_osteoarthritis", 3, {"knee_cartilage_oa"}},
    {"knee_cartilage_defect_medial", 3, {"knee_cartilage_oa"}},
    {"knee_cartilage_defect_lateral", 3, {"knee_cartilage_oa"}},
    {"shoulder_supraspinatus_partial_tear", 0, {"shoulder_cuff_tear", "shoulder_subacromial_pain"}},
    {"shoulder_supraspinatus_full_tear", 0, {"shoulder_cuff_tear", "shoulder_subacromial_pain"}},
    {"shoulder_infraspinatus_partial_tear", 0, {"shoulder_cuff_tear", "shoulder_subacromial_pain"}},
    {"shoulder_infraspinatus_full_tear", 0, {"shoulder_cuff_tear", "shoulder_subacromial_pain"}},
    {"shoulder_subscapularis_tear", 0, {"shoulder_subscapularis_tear"}},
};

static const struct target_row *target_of(const char *generator)
{
    for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++)
        if (strcmp(targets[i].generator, generator) == 0)
            return &targets[i];
    return NULL;
}

static bool concerns(size_t row, const char *generator)
{
    for (size_t g = 0; g < 2; g++)
        if (severe[row].generators[g] && strcmp(severe[row].generators[g], generator) == 0)
            return true;
    return false;
}

/* Whether an imaging sign lies where the target is: the same level and
 * side when both are known (a bilateral sign is on either side). */
static bool at_target(const struct case_imaging *m, const struct treatment_plan *p)
{
    if (m->level && p->level && strcmp(m->level, p->level) != 0)
        return false;
    return !m->side || !p->side || strcmp(m->side, p->side) == 0 ||
           strcmp(m->side, "bilateral") == 0;
}

/* The first imaging sign of severe disease of the target's structure. */
static const struct case_imaging *severe_sign(const struct scoring_case *c, const char *generator,
                                              const struct treatment_plan *p)
{
    for (size_t i = 0; i < c->n_imaging; i++) {
        for (size_t k = 0; k < sizeof severe / sizeof severe[0]; k++) {
            int64_t grade = 0;
            if (strcmp(c->imaging[i].code, severe[k].code) != 0 || !concerns(k, generator) ||
                !at_target(&c->imaging[i], p))
                continue;
            if (severe[k].min_grade == 0 ||
                (c->imaging[i].grade && parse_i64(c->imaging[i].grade, &grade) &&
                 grade >= severe[k].min_grade))
                return &c->imaging[i];
        }
    }
    return NULL;
}

/* The latest block of a target: where it was aimed. */
static void block_site(const struct scoring_case *c, const char *target, struct treatment_plan *out)
{
    for (size_t k = c->n_blocks; k-- > 0;) {
        if (strcmp(c->blocks[k].target, target) == 0) {
            out->level = c->blocks[k].level;
            out->side = c->blocks[k].side;
            out->side_from = out->side ? "block" : NULL;
            return;
        }
    }
}

/* A positive block of g that the model does not weigh (no accuracy
 * figure) still shows where the pain was relieved. */
static void localise_unweighed(const struct scoring_case *c, const struct ranked_generator *g,
                               struct treatment_plan *out)
{
    for (size_t i = 0; i < g->n_contributions; i++) {
        const struct contribution *x = &g->contributions[i];
        if (x->kind == CONTRIB_BLOCK &&
            (strcmp(x->result, "positive") == 0 || strcmp(x->result, "concordant") == 0)) {
            block_site(c, x->code, out);
            return;
        }
    }
}

/* Level and side from the evidence applied to g: its deciding block, else
 * the imaging sign that weighed for it, else a positive block not weighed. */
static void localise(const struct scoring_case *c, const struct ranked_generator *g,
                     struct treatment_plan *out)
{
    for (size_t i = 0; i < g->n_contributions; i++) {
        const struct contribution *x = &g->contributions[i];
        if (!x->applied || (x->kind != CONTRIB_BLOCK && x->kind != CONTRIB_IMAGING))
            continue;
        if (x->kind == CONTRIB_BLOCK) {
            block_site(c, x->code, out);
            return;
        }
        for (size_t k = 0; k < c->n_imaging && !out->level; k++) {
            if (strcmp(c->imaging[k].code, x->code) == 0) {
                out->level = c->imaging[k].level;
                out->side = c->imaging[k].side;
                out->side_from = out->side ? "imaging" : NULL;
            }
        }
    }
    if (!out->level && !out->side)
        localise_unweighed(c, g, out);
    if (!out->side && c->side) {
        out->side = c->side;
        out->side_from = "consultation";
    }
}

void scoring_plan(const struct scoring_case *c, const struct ranking *r, enum verdict verdict,
                  struct treatment_plan *out)
{
    *out = (struct treatment_plan){0};
    if (!r || r->n == 0)
        return;
    const struct ranked_generator *top = rank_top_modelled(r);
    if (!top)
        return;
    const struct target_row *t = target_of(top->generator->code);
    out->proposed = verdict == VERDICT_CANDIDATE;
    out->generator = top->generator->code;
    out->structure = top->generator->label;
    localise(c, top, out);
    if (!t)
        return;
    out->guidance = t->guidance;
    out->guidance_source = t->guidance_source;
    const struct case_imaging *sign = severe_sign(c, top->generator->code, out);
    out->tier = sign ? "cell_based" : "prp";
    out->therapy =
        sign ? "Concentrated cell-based therapy (bone marrow or adipose)" : "Platelet-rich plasma";
    out->evidence_level = sign ? t->cells_level : t->prp_level;
    out->therapy_source = t->therapy_source;
    if (sign)
        snprintf(out->tier_reason, sizeof out->tier_reason,
                 "severe disease or partial disruption on imaging (%s%s%s): %s", sign->code,
                 sign->grade ? " grade " : "", sign->grade ? sign->grade : "",
                 tier_convention.citation);
    else
        snprintf(out->tier_reason, sizeof out->tier_reason,
                 "no imaging sign of severe disease or disruption: %s", tier_convention.citation);
}
