/* The controlled vocabulary: every code the service accepts (examination
 * and history findings, imaging findings, block targets and agents,
 * imaging modalities, pain sites, conventional-care types, candidacy
 * facts; for outcomes: treatments, guidance, the sources a treatment is
 * aimed at, region outcome scores), with the regions it belongs to, a
 * label and a description.
 * Pure data: the edge validates against it, the scoring core keys its
 * evidence on it, GET /v1/vocabulary serves it. */
#ifndef PAINGEN_SCORING_VOCABULARY_H
#define PAINGEN_SCORING_VOCABULARY_H

#include <stdbool.h>
#include <stddef.h>

enum vocab_kind {
    VOCAB_FINDING,         /* examination test or history item: positive | negative */
    VOCAB_IMAGING_FINDING, /* coded finding inside an imaging study */
    VOCAB_MODALITY,        /* imaging modality */
    VOCAB_BLOCK_TARGET,    /* diagnostic block or provocation target */
    VOCAB_BLOCK_AGENT,     /* injectate of a block */
    VOCAB_PAIN_SITE,       /* body-map area where pain is felt */
    VOCAB_CARE_TYPE,       /* prior conventional care */
    VOCAB_CANDIDACY_FACT,  /* contraindication, red flag or candidacy modifier */
    VOCAB_TREATMENT,       /* what a treatment gave (outcomes) */
    VOCAB_GUIDANCE,        /* how a treatment was guided */
    VOCAB_GENERATOR,       /* a source the model ranks: what a treatment was aimed at */
    VOCAB_OUTCOME_SCORE,   /* a region's outcome instrument, recorded at a follow-up */
    VOCAB__KINDS
};

/* Where a finding belongs in a clinician's examination, for forms: what
 * the patient tells (history); what is seen, felt and measured
 * (inspection, palpation, range of movement); the provocation and special
 * tests (resisted and lag tests included). Findings only. */
enum vocab_group {
    VOCAB_GROUP_NONE,
    VOCAB_GROUP_HISTORY,
    VOCAB_GROUP_INSPECTION,
    VOCAB_GROUP_PROVOCATION,
};

enum vocab_region {
    REGION_LUMBAR = 1 << 0,
    REGION_KNEE = 1 << 1,
    REGION_SHOULDER = 1 << 2,
    REGION_ALL = REGION_LUMBAR | REGION_KNEE | REGION_SHOULDER,
};

struct vocab_entry {
    const char *code; /* stable snake_case identifier */
    size_t code_len;  /* strlen(code): a lookup passes over other lengths unread */
    enum vocab_kind kind;
    unsigned regions;        /* enum vocab_region bits */
    const char *label;       /* short, for a form */
    const char *description; /* one or two sentences a clinician recognises */
    /* Imaging findings: the grading scale and its allowed values
     * (NULL-terminated), or NULL when the finding takes no grade. */
    const char *grade_scale; /* e.g. "Pfirrmann", "Kellgren-Lawrence" */
    const char *const *grades;
    /* Imaging findings and block targets of the spine: a level
     * ("L4-L5", "L5-S1") is required. */
    bool needs_level;
    enum vocab_group group; /* findings; VOCAB_GROUP_NONE for every other kind */
};

/* The one side vocabulary of every resource and of POST /v1/score:
 * left, right, bilateral, midline. "central" (the imaging spelling before
 * model 0.3.0) is still accepted and read as "midline". NULL-terminated. */
extern const char *const vocab_sides[];
/* The canonical spelling of an accepted side; NULL stays NULL. */
const char *vocab_side_canonical(const char *side);

/* The entry for kind and code, or NULL. */
const struct vocab_entry *vocab_find(enum vocab_kind kind, const char *code);
/* Every entry, in a stable order (by kind, then as listed). */
const struct vocab_entry *vocab_all(size_t *n);
/* "finding", "imaging_finding", ... as used on the wire. */
const char *vocab_kind_name(enum vocab_kind kind);
/* "history", "inspection", "provocation"; NULL for VOCAB_GROUP_NONE. */
const char *vocab_group_name(enum vocab_group group);
/* "lumbar", "knee", "shoulder" for one region bit; NULL otherwise. */
const char *vocab_region_name(unsigned region);
/* Parses "lumbar" | "knee" | "shoulder" into its bit. */
bool vocab_region_parse(const char *s, unsigned *out);
/* True when grade is one of entry's allowed grades. */
bool vocab_grade_allowed(const struct vocab_entry *e, const char *grade);
/* True for a spinal level "L1-L2" .. "L5-S1" (and "L5-L6"/"L6-S1" for
 * transitional anatomy) or a single segment "L1".."L6", "S1". */
bool vocab_level_valid(const char *level);

#endif
