/* The controlled vocabulary: table invariants, the codes the scoring core
 * depends on, and the small parsers (levels, grades, regions). */
#include "unit.h"

#include "paingen/scoring/model.h"
#include "paingen/scoring/vocabulary.h"

#include <string.h>

static bool code_well_formed(const char *s)
{
    if (!s || !(*s >= 'a' && *s <= 'z'))
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
            return false;
    return true;
}

static bool non_empty(const char *s) { return s && *s; }

static void check_entries(const struct vocab_entry *all, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const struct vocab_entry *e = &all[i];
        CHECK_MSG(code_well_formed(e->code), "entry %zu: bad code \"%s\"", i,
                  e->code ? e->code : "(null)");
        if (!e->code)
            continue;
        CHECK_MSG((unsigned)e->kind < VOCAB__KINDS, "%s: bad kind", e->code);
        CHECK_MSG(i == 0 || all[i - 1].kind <= e->kind, "%s: table not ordered by kind", e->code);
        CHECK_MSG(non_empty(e->label), "%s: no label", e->code);
        CHECK_MSG(non_empty(e->description), "%s: no description", e->code);
        CHECK_MSG(e->regions != 0 && (e->regions & ~(unsigned)REGION_ALL) == 0,
                  "%s: bad regions mask %u", e->code, e->regions);
        CHECK_MSG(e->code_len == strlen(e->code), "%s: code_len %zu", e->code, e->code_len);
        CHECK_MSG(vocab_find(e->kind, e->code) == e, "%s: not found, or a duplicate", e->code);
        for (size_t j = i + 1; j < n; j++)
            CHECK_MSG(all[j].kind != e->kind || !all[j].code || strcmp(all[j].code, e->code) != 0,
                      "%s: duplicate code in kind %s", e->code, vocab_kind_name(e->kind));

        /* Scale and grades come together, and only on imaging findings. */
        CHECK_MSG((e->grade_scale == NULL) == (e->grades == NULL), "%s: scale without grades",
                  e->code);
        if (e->grades) {
            CHECK_MSG(e->kind == VOCAB_IMAGING_FINDING, "%s: grades on a non-imaging entry",
                      e->code);
            CHECK_MSG(non_empty(e->grade_scale), "%s: empty scale name", e->code);
            CHECK_MSG(e->grades[0] != NULL, "%s: empty grades list", e->code);
            for (const char *const *g = e->grades; *g; g++) {
                CHECK_MSG(non_empty(*g), "%s: empty grade", e->code);
                CHECK_MSG(vocab_grade_allowed(e, *g), "%s: own grade %s refused", e->code, *g);
            }
        } else {
            CHECK_MSG(!vocab_grade_allowed(e, "1"), "%s: ungraded entry took a grade", e->code);
        }

        /* Every finding has its place in the examination; nothing else has one. */
        CHECK_MSG((e->kind == VOCAB_FINDING) == (vocab_group_name(e->group) != NULL),
                  "%s: group %d on kind %s", e->code, (int)e->group, vocab_kind_name(e->kind));

        /* Levels belong to lumbar imaging findings and block targets only. */
        if (e->needs_level)
            CHECK_MSG((e->kind == VOCAB_IMAGING_FINDING || e->kind == VOCAB_BLOCK_TARGET) &&
                          e->regions == REGION_LUMBAR,
                      "%s: needs_level on a non-spinal entry", e->code);
    }
}

static void check_region_counts(const struct vocab_entry *all, size_t n)
{
    static const unsigned regs[] = {REGION_LUMBAR, REGION_KNEE, REGION_SHOULDER};
    for (size_t r = 0; r < sizeof regs / sizeof regs[0]; r++) {
        int findings = 0, targets = 0, sites = 0;
        for (size_t i = 0; i < n; i++) {
            if (!(all[i].regions & regs[r]))
                continue;
            findings += all[i].kind == VOCAB_FINDING;
            targets += all[i].kind == VOCAB_BLOCK_TARGET;
            sites += all[i].kind == VOCAB_PAIN_SITE;
        }
        const char *name = vocab_region_name(regs[r]);
        CHECK_MSG(findings >= 10, "%s: only %d findings", name, findings);
        CHECK_MSG(targets >= 1, "%s: no block target", name);
        CHECK_MSG(sites >= 4, "%s: only %d pain sites", name, sites);
    }
}

static void expect(enum vocab_kind kind, const char *code, unsigned region)
{
    const struct vocab_entry *e = vocab_find(kind, code);
    CHECK_MSG(e != NULL, "%s %s missing", vocab_kind_name(kind), code);
    if (e)
        CHECK_MSG(e->regions & region, "%s: not in region %s", code, vocab_region_name(region));
}

static void check_named_codes(void)
{
    static const char *const lumbar[] = {
        "sij_distraction",          "sij_thigh_thrust",     "sij_compression",
        "sij_sacral_thrust",        "sij_gaenslen",         "lumbar_centralization",
        "lumbar_relief_recumbency", "lumbar_pain_on_cough", "lumbar_pain_on_extension_rotation",
    };
    static const char *const knee[] = {
        "knee_thessaly", "knee_mcmurray", "knee_joint_line_tenderness", "knee_apley", "knee_ege",
    };
    static const char *const shoulder[] = {
        "shoulder_painful_arc",     "shoulder_drop_arm",  "shoulder_er_lag",
        "shoulder_ir_lag",          "shoulder_empty_can", "shoulder_full_can",
        "shoulder_hawkins_kennedy", "shoulder_neer",      "shoulder_bear_hug",
        "shoulder_belly_press",     "shoulder_lift_off",  "shoulder_infraspinatus_strength",
    };
    for (size_t i = 0; i < sizeof lumbar / sizeof lumbar[0]; i++)
        expect(VOCAB_FINDING, lumbar[i], REGION_LUMBAR);
    for (size_t i = 0; i < sizeof knee / sizeof knee[0]; i++)
        expect(VOCAB_FINDING, knee[i], REGION_KNEE);
    for (size_t i = 0; i < sizeof shoulder / sizeof shoulder[0]; i++)
        expect(VOCAB_FINDING, shoulder[i], REGION_SHOULDER);

    static const char *const modalities[] = {"xr", "mri", "ct", "us", "spect_ct", "mra"};
    for (size_t i = 0; i < sizeof modalities / sizeof modalities[0]; i++) {
        const struct vocab_entry *e = vocab_find(VOCAB_MODALITY, modalities[i]);
        CHECK_MSG(e && e->regions == REGION_ALL, "modality %s missing or not all regions",
                  modalities[i]);
    }
    static const char *const agents[] = {"lidocaine", "bupivacaine", "ropivacaine", "saline"};
    for (size_t i = 0; i < sizeof agents / sizeof agents[0]; i++)
        expect(VOCAB_BLOCK_AGENT, agents[i], REGION_ALL);

    const struct vocab_entry *mbb = vocab_find(VOCAB_BLOCK_TARGET, "lumbar_medial_branch");
    CHECK(mbb && mbb->needs_level);
    const struct vocab_entry *sij = vocab_find(VOCAB_BLOCK_TARGET, "sij_intraarticular");
    CHECK(sij && !sij->needs_level);
    expect(VOCAB_BLOCK_TARGET, "subacromial", REGION_SHOULDER);
    expect(VOCAB_BLOCK_TARGET, "knee_intraarticular", REGION_KNEE);
    expect(VOCAB_CANDIDACY_FACT, "active_infection_near_site", REGION_KNEE);
    expect(VOCAB_CANDIDACY_FACT, "nsaid_within_48h", REGION_SHOULDER);

    /* A code of one kind is not found under another. */
    CHECK(vocab_find(VOCAB_IMAGING_FINDING, "sij_distraction") == NULL);
    CHECK(vocab_find(VOCAB_FINDING, "lumbar_disc_degeneration") == NULL);
    CHECK(vocab_find(VOCAB_MODALITY, "lidocaine") == NULL);
    CHECK(vocab_find(VOCAB_FINDING, "no_such_test") == NULL);
    CHECK(vocab_find(VOCAB_FINDING, "") == NULL);
    /* a code's beginning, or a code and more, is no code */
    CHECK(vocab_find(VOCAB_FINDING, "knee_mcmurra") == NULL);
    CHECK(vocab_find(VOCAB_FINDING, "knee_mcmurrayy") == NULL);
    CHECK(vocab_find(VOCAB_FINDING, NULL) == NULL);
    CHECK(vocab_find(VOCAB_FINDING, "SIJ_DISTRACTION") == NULL);
}

static void check_levels(void)
{
    static const char *const good[] = {"L1-L2", "L3-L4", "L4-L5", "L5-S1", "L5-L6",
                                       "L6-S1", "L1",    "L5",    "L6",    "S1"};
    static const char *const bad[] = {"L4-L6", "l4-l5", "L7", "",     "L4-L5x", "L4 -L5",
                                      "L5-L4", "S1-S2", "L0", "L4L5", " L4-L5", "T12-L1"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        CHECK_MSG(vocab_level_valid(good[i]), "level %s refused", good[i]);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK_MSG(!vocab_level_valid(bad[i]), "level \"%s\" accepted", bad[i]);
    CHECK(!vocab_level_valid(NULL));
}

static void check_grades(void)
{
    const struct vocab_entry *disc = vocab_find(VOCAB_IMAGING_FINDING, "lumbar_disc_degeneration");
    CHECK(disc && disc->needs_level && disc->grade_scale &&
          strcmp(disc->grade_scale, "Pfirrmann") == 0);
    CHECK(vocab_grade_allowed(disc, "1") && vocab_grade_allowed(disc, "5"));
    CHECK(!vocab_grade_allowed(disc, "0") && !vocab_grade_allowed(disc, "6"));
    CHECK(!vocab_grade_allowed(disc, "III") && !vocab_grade_allowed(disc, ""));
    CHECK(!vocab_grade_allowed(disc, NULL));

    const struct vocab_entry *oa = vocab_find(VOCAB_IMAGING_FINDING, "knee_osteoarthritis");
    CHECK(oa && !oa->needs_level && oa->grade_scale &&
          strcmp(oa->grade_scale, "Kellgren-Lawrence") == 0);
    CHECK(vocab_grade_allowed(oa, "0") && vocab_grade_allowed(oa, "4"));
    CHECK(!vocab_grade_allowed(oa, "5") && !vocab_grade_allowed(oa, "KL2"));

    const struct vocab_entry *hiz = vocab_find(VOCAB_IMAGING_FINDING, "lumbar_hiz");
    CHECK(hiz && hiz->grades == NULL && !vocab_grade_allowed(hiz, "1"));
    CHECK(!vocab_grade_allowed(NULL, "1"));

    const struct vocab_entry *ft =
        vocab_find(VOCAB_IMAGING_FINDING, "shoulder_supraspinatus_full_tear");
    CHECK(ft && vocab_grade_allowed(ft, "massive") && !vocab_grade_allowed(ft, "partial_bursal"));
    const struct vocab_entry *meniscus =
        vocab_find(VOCAB_IMAGING_FINDING, "knee_medial_meniscal_tear");
    CHECK(meniscus && !meniscus->needs_level);
}

static void check_names(void)
{
    static const char *const kinds[VOCAB__KINDS] = {
        "finding",   "imaging_finding", "modality",  "block_target", "block_agent", "pain_site",
        "care_type", "candidacy_fact",  "treatment", "guidance",     "generator",   "outcome_score",
    };
    for (int k = 0; k < VOCAB__KINDS; k++) {
        const char *name = vocab_kind_name((enum vocab_kind)k);
        CHECK_MSG(name && strcmp(name, kinds[k]) == 0, "kind %d named %s", k,
                  name ? name : "(null)");
    }
    CHECK(vocab_kind_name(VOCAB__KINDS) == NULL);

    static const unsigned regs[] = {REGION_LUMBAR, REGION_KNEE, REGION_SHOULDER};
    for (size_t i = 0; i < sizeof regs / sizeof regs[0]; i++) {
        const char *name = vocab_region_name(regs[i]);
        unsigned back = 0;
        CHECK_MSG(name && vocab_region_parse(name, &back) && back == regs[i],
                  "region %u does not round-trip", regs[i]);
    }
    CHECK(vocab_region_name(0) == NULL && vocab_region_name(REGION_ALL) == NULL);
    unsigned out = 12345;
    CHECK(!vocab_region_parse("Lumbar", &out) && !vocab_region_parse("", &out));
    CHECK(!vocab_region_parse("all", &out) && !vocab_region_parse(NULL, &out));
    CHECK(out == 12345); /* untouched on failure */
}

/* A treatment names its source by the model's generator codes: the
 * vocabulary's generators are the model's, with their regions and labels,
 * and nothing more. */
static void check_generators(const struct vocab_entry *all, size_t n)
{
    size_t ng = 0, seen = 0;
    const struct model_generator *g = model_generators(&ng);
    for (size_t i = 0; i < ng; i++) {
        const struct vocab_entry *e = vocab_find(VOCAB_GENERATOR, g[i].code);
        CHECK_MSG(e != NULL, "generator %s is not in the vocabulary", g[i].code);
        if (!e)
            continue;
        CHECK_MSG(e->regions == g[i].region, "%s: regions differ from the model's", e->code);
        CHECK_MSG(strcmp(e->label, g[i].label) == 0, "%s: label differs from the model's", e->code);
    }
    for (size_t i = 0; i < n; i++)
        seen += all[i].kind == VOCAB_GENERATOR;
    CHECK_MSG(seen == ng, "%zu generators in the vocabulary, %zu in the model", seen, ng);

    static const char *const treatments[] = {"prp",
                                             "cell_based",
                                             "corticosteroid",
                                             "radiofrequency_ablation",
                                             "surgery_referral",
                                             "physiotherapy",
                                             "other"};
    for (size_t i = 0; i < sizeof treatments / sizeof treatments[0]; i++)
        expect(VOCAB_TREATMENT, treatments[i], REGION_ALL);
    expect(VOCAB_OUTCOME_SCORE, "odi", REGION_LUMBAR);
    expect(VOCAB_OUTCOME_SCORE, "koos", REGION_KNEE);
    expect(VOCAB_OUTCOME_SCORE, "ases", REGION_SHOULDER);
    CHECK(vocab_find(VOCAB_OUTCOME_SCORE, "odi")->regions == REGION_LUMBAR);
}

void test_vocabulary(void)
{
    size_t n = 0;
    const struct vocab_entry *all = vocab_all(&n);
    CHECK(all != NULL && n > 0);
    if (!all)
        return;
    check_entries(all, n);
    check_region_counts(all, n);
    check_named_codes();
    check_levels();
    check_grades();
    check_names();
    check_generators(all, n);
}
