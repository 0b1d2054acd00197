/* The scoring model's evidence: the pain generators of each region and
 * their priors, the likelihood ratios of examination findings and of the
 * published clusters they enter through, imaging findings (with their
 * prevalence in people of the same age without pain) and diagnostic-block
 * criteria. Every number carries its source. Pure data: the engine reads
 * it, GET /v1/model serves it. */
#ifndef PAINGEN_SCORING_MODEL_H
#define PAINGEN_SCORING_MODEL_H

#include <stdbool.h>
#include <stddef.h>

/* Changes whenever a number, a rule or a source changes. */
#define MODEL_VERSION "0.3.1"

/* How far to trust a number (see the evidence's "How to read"). */
enum source_quality {
    SRC_POOLED,      /* pooled in a meta-analysis or systematic review */
    SRC_STUDY,       /* reported by one primary study */
    SRC_SECOND_HAND, /* seen only in a secondary source: verify before relying on it */
    SRC_CALCULATED,  /* derived here from the reported sensitivity and specificity */
    SRC_CONVENTION,  /* no published figure: a stated clinical convention */
};

struct source {
    const char *citation; /* authors, year, journal (or the convention's origin) */
    enum source_quality quality;
    const char *note; /* population, reference standard, caveat; may be NULL */
};

/* Not reported by the source (sensitivity, specificity). */
#define MODEL_NOT_REPORTED (-1.0)

/* A source of the region's differential. Each region also has one
 * "another source" entry (other true): what the model does not cover. Its
 * prior is what the modelled sources leave, so a region's priors sum to 1. */
struct model_generator {
    const char *code; /* e.g. "lumbar_facet", "lumbar_other" */
    unsigned region;  /* one enum vocab_region bit */
    const char *label;
    bool other;
    /* what it covers (another source: the sources it stands for), or NULL */
    const char *covers;
};

/* Knee priors depend on radiographic osteoarthritis (Kellgren-Lawrence 2 or
 * more); the other regions' do not. */
enum prior_oa { PRIOR_OA_ANY, PRIOR_OA_PRESENT, PRIOR_OA_ABSENT };

/* A modelled source's prior for patients of an age band (and, for the
 * knee, with or without radiographic osteoarthritis). */
struct model_prior {
    const char *generator; /* a generator's own code: see model_same_generator */
    int age_from, age_to;  /* inclusive, years */
    enum prior_oa oa;
    double prior; /* share of the region's chronic pain it generates, 0..1 */
    struct source source;
};

/* Radiographic knee osteoarthritis by age: the chance that a knee whose
 * radiograph was not recorded has it. */
struct model_oa_prevalence {
    int age_from, age_to;
    double prevalence;
    struct source source;
};

/* Where pain is felt: P(the site is reported | source), given per source by
 * the study, used as each source's likelihood (1 - p when the site is
 * recorded as not painful). "Another source" takes the prior-weighted mean
 * of the modelled sources (a stated convention: see model_site_other). */
struct model_site {
    const char *site;      /* a VOCAB_PAIN_SITE code */
    const char *generator; /* a generator's own code: see model_same_generator */
    double p_present;
    struct source source;
};

/* One finding's likelihood ratios for one generator: LR+ applied when the
 * finding is positive, LR- when negative, nothing when absent. A finding
 * scored through a cluster names it; its own figures are then shown, not
 * applied (correlated tests must not be multiplied). */
struct model_finding {
    const char *finding;   /* a VOCAB_FINDING code */
    const char *generator; /* a generator's own code: see model_same_generator */
    double lr_pos;         /* 1.0 when the source gives none for a positive result */
    double lr_neg;         /* 1.0 when the source gives none for a negative result */
    double sensitivity;    /* 0..1 or MODEL_NOT_REPORTED */
    double specificity;
    const char *cluster; /* NULL, or the cluster code it is scored through */
    struct source source;
};

/* A finding with no model row: reported, not weighed, with this reason
 * (why the evidence cannot weigh it). */
struct model_unweighed {
    const char *code; /* any VOCAB code: finding, imaging finding, pain site, block target */
    const char *reason;
};

/* A published cluster: lr_pos when at least threshold of its members
 * count, lr_neg otherwise; applied once, and only when at least
 * min_recorded members were recorded. */
struct model_cluster {
    const char *code;
    const char *generator; /* a generator's own code: see model_same_generator */
    const char *label;
    const char *const *members; /* finding codes, NULL-terminated */
    /* members that count when negative (Revel's criteria), or NULL */
    const char *const *count_when_negative;
    int threshold;
    int min_recorded;
    double lr_pos, lr_neg;
    struct source source;
};

/* An imaging finding's accuracy for a generator. The engine weighs it by
 * the patient's age: LR+ = sensitivity / prevalence among people of that
 * age without pain, bounded; lr_pos and lr_neg are the reported figures. */
struct model_imaging {
    const char *finding;   /* a VOCAB_IMAGING_FINDING code */
    const char *generator; /* a generator's own code: see model_same_generator */
    const char *min_grade; /* counts at this grade or above; NULL: any grade */
    double sensitivity;    /* 0..1 or MODEL_NOT_REPORTED */
    double lr_pos, lr_neg; /* 1.0 when not reported */
    struct source source;
};

/* Prevalence of an imaging finding in people without pain, by age. */
struct model_asymptomatic {
    const char *finding;
    int age_from, age_to; /* inclusive, years */
    double prevalence;    /* 0..1 */
    struct source source;
};

/* How a diagnostic block is read for its generator: positive at a peak
 * relief of at least relief_pct; the likelihood ratios of a single block
 * and of a comparative pair whose longer-acting agent gave the longer
 * relief (concordant). A reversed pair (both relieved, the expected
 * durations not met) weighs reversed_lr_pos. */
struct model_block {
    const char *target;    /* a VOCAB_BLOCK_TARGET code */
    const char *generator; /* a generator's own code: see model_same_generator */
    int relief_pct;
    struct source threshold_source;
    double single_lr_pos, single_lr_neg;
    struct source single_source;
    double comparative_lr_pos, comparative_lr_neg; /* concordant pair / discordant */
    struct source comparative_source;
    double reversed_lr_pos;
    struct source reversed_source;
};

/* Imaging that decides candidacy by itself: end-stage disease or
 * instability (grade at or above min_grade; NULL: any). */
struct model_imaging_verdict {
    const char *finding;
    const char *min_grade;
    const char *fact; /* the candidacy fact it establishes */
    const char *why;
    struct source source;
};

/* A source whose own evidence (the product of the likelihood ratios applied
 * to it) reaches this is shown as possibly contributing, even when another
 * source is the main generator. A stated convention: about the weight of a
 * concordant comparative block (4.5) or of a met SIJ cluster and an imaging
 * sign together. */
#define MODEL_CONTRIBUTING_LR 4.0

/* The tables, each in a stable order; *n receives the count. */
const struct model_generator *model_generators(size_t *n);
const struct model_prior *model_priors(size_t *n);
const struct model_oa_prevalence *model_oa_prevalence(size_t *n);
const struct model_site *model_sites(size_t *n);
const struct model_unweighed *model_unweighed(size_t *n);
const struct model_imaging_verdict *model_imaging_verdicts(size_t *n);
/* The conventions behind "another source": its prior (what the modelled
 * sources leave) and its likelihood of a pain site. */
const struct source *model_other_prior_source(void);
const struct source *model_site_other_source(void);
const struct model_finding *model_findings(size_t *n);
const struct model_cluster *model_clusters(size_t *n);
const struct model_imaging *model_imaging(size_t *n);
const struct model_asymptomatic *model_asymptomatic(size_t *n);
const struct model_block *model_blocks(size_t *n);

/* The generator with this code, or NULL. */
const struct model_generator *model_generator_find(const char *code);

/* Whether two generator codes taken from the tables (a generator's, a
 * row's) name the same generator. Every table names a row's generator by
 * the generator's own code object, as model_generators() holds it, so
 * the pointers decide and no text is compared: the engine makes this
 * comparison for every row of every source (a unit test checks every
 * row). Codes from elsewhere, a request's, go through
 * model_generator_find. */
static inline bool model_same_generator(const char *a, const char *b) { return a == b; }
/* "pooled", "study", "second_hand", "calculated", "convention". */
const char *model_quality_name(enum source_quality q);

#endif
