/* The scoring model's evidence as static tables: generators and priors, findings and clusters,
 * imaging accuracy and prevalence without pain, block criteria; every number with its source.
 * Pure: no I/O, no allocation. */
#include "paingen/scoring/model.h"

#include "paingen/scoring/vocabulary.h"

#include <string.h>

/* Quality names the weakest link: second_hand when a figure was seen only in a secondary source
 * (even if an LR was then derived from it), else calculated when the LR was derived here from
 * sensitivity and specificity, else pooled or study. The macros keep each derivation visible. */
#define LR_POS(sens, spec) ((sens) / (1.0 - (spec)))
#define LR_NEG(sens, spec) ((1.0 - (sens)) / (spec))
#define NR                 MODEL_NOT_REPORTED

#define L REGION_LUMBAR
#define K REGION_KNEE
#define S REGION_SHOULDER

/* ---- Generators: the sources of each region's differential, and "another source" for what
 * the model does not cover. Each code is one object, by which every table below names the
 * generator of its rows: the engine compares the pointers, never the text (model.h). */
static const char lumbar_facet[] = "lumbar_facet", lumbar_disc[] = "lumbar_disc",
                  lumbar_sij[] = "lumbar_sij", lumbar_other[] = "lumbar_other";
static const char knee_medial_meniscus[] = "knee_medial_meniscus",
                  knee_lateral_meniscus[] = "knee_lateral_meniscus",
                  knee_cartilage_oa[] = "knee_cartilage_oa", knee_other[] = "knee_other";
static const char shoulder_cuff_tear[] = "shoulder_cuff_tear",
                  shoulder_subscapularis_tear[] = "shoulder_subscapularis_tear",
                  shoulder_subacromial_pain[] = "shoulder_subacromial_pain",
                  shoulder_other[] = "shoulder_other";

static const struct model_generator generators[] = {
    {lumbar_facet, L, "Lumbar facet (zygapophysial) joint", false, NULL},
    {lumbar_disc, L, "Lumbar disc (internal disc disruption)", false, NULL},
    {lumbar_sij, L, "Sacroiliac joint", false, NULL},
    {lumbar_other, L, "Another source (not modelled)", true,
     "Radicular pain (weighed here by the straight-leg raise), insufficiency fractures, "
     "interspinous ligament / Baastrup's disease, fusion hardware, hip and myofascial pain: "
     "the 9% of DePalma 2011's cohort not attributed to disc, facet or SIJ (1 - 0.91)."},

    {knee_medial_meniscus, K, "Medial meniscus (tear or degeneration)", false, NULL},
    {knee_lateral_meniscus, K, "Lateral meniscus (tear)", false, NULL},
    {knee_cartilage_oa, K, "Cartilage / osteoarthritis (intra-articular)", false, NULL},
    {knee_other, K, "Another source (not modelled)", true,
     "Patellofemoral pain (about 1 in 6 knee consulters, Wood 2011), synovitis, ligament and "
     "tendon disorders, pain referred from the hip or spine."},

    {shoulder_cuff_tear, S, "Rotator cuff tear (supraspinatus / infraspinatus)", false, NULL},
    {shoulder_subscapularis_tear, S, "Subscapularis tear", false, NULL},
    {shoulder_subacromial_pain, S, "Subacromial pain (bursa / impingement)", false, NULL},
    {shoulder_other, S, "Another source (not modelled)", true,
     "Glenohumeral osteoarthritis, adhesive capsulitis, acromioclavicular joint, instability and "
     "labral tears, calcific tendinopathy, pain referred from the neck."},
};

static const struct source other_prior = {
    "Convention: the share the modelled sources leave", SRC_CONVENTION,
    "1 minus the sum of the region's modelled priors, so that the differential sums to 1. It is "
    "not measured: it grows where the modelled sources are rare (a young knee without "
    "osteoarthritis, a shoulder under 50)."};

/* ---- Priors. Lumbar: one cohort for all three sources, so that they share a population and a
 * reference standard; its age effect is published as a direction only, so the bands' sizes are
 * a stated convention. */
#define DEPALMA_2011 "DePalma MJ, Ketchum JM, Saullo T. Pain Med 2011;12(2):224-33"
#define DEPALMA_COHORT(note)                                                                      \
    {                                                                                             \
        DEPALMA_2011, SRC_STUDY,                                                                  \
            "170 cases at an academic spine centre (mean age 54), stepwise work-up: provocation " \
            "discography, dual facet blocks, intra-articular SIJ blocks. Disc 42%, facet 31%, "   \
            "SIJ 18%; the remaining 9% is taken as another source (1 - 0.91, one source per "     \
            "case). " note                                                                        \
    }
#define DEPALMA_AGE(note)                                                                       \
    {                                                                                           \
        "Convention, from " DEPALMA_2011, SRC_CONVENTION,                                       \
            "DePalma found disc pain less likely and facet and SIJ pain more likely with age, " \
            "until about 70 (direction and significance only: the age coefficients were not "   \
            "found). The cohort's shares are kept for 40-59; the other bands move the disc's "  \
            "share to facet and SIJ in proportion, disc halving from under 40 to 60 and over, " \
            "another source kept at 9%. Not a published figure. " note                          \
    }
/* Knee: Englund's excess of meniscal tears in painful knees, split two to one medial to
 * lateral (a convention), with and without osteoarthritis; the intra-articular source measured
 * in osteoarthritic knees only. */
#define ENGLUND(note)                                                                              \
    {                                                                                              \
        "Convention, derived from Englund M et al. N Engl J Med 2008;359:1108-15", SRC_CONVENTION, \
            "Community sample aged 50-90: tears in 32% of frequently painful knees without "       \
            "osteoarthritis vs 23% of painless ones (excess attributable (0.32 - 0.23) / 0.77 = "  \
            "0.12), 63% vs 60% with osteoarthritis ((0.63 - 0.60) / 0.40 = 0.075). Split two to "  \
            "one medial to lateral (degenerative tears mostly medial; no published split). " note  \
    }
#define KNEE_IA_OA                                                                           \
    {                                                                                        \
        "SpringerPlus 2013;2:628 (PMC3877413)", SRC_STUDY,                                   \
            "103 knees with medial osteoarthritis: 61% had at least 70% relief from an "     \
            "intra-articular local-anaesthetic block. The block also relieves meniscal and " \
            "synovial pain: an upper bound, for osteoarthritic knees only."                  \
    }
#define KNEE_NO_OA                                                                            \
    {                                                                                         \
        "Convention: no published share", SRC_CONVENTION,                                     \
            "No share of chronic knee pain by source in knees without radiographic "          \
            "osteoarthritis was found. 0.10: cartilage defects are common without pain (11% " \
            "under 40, 43% from 40, Culvenor 2019), so a knee without radiographic disease "  \
            "must not default to an osteoarthritic source. Not a published figure."           \
    }
/* Shoulder: the clinic's full-thickness tear share scaled by how common such tears are at the
 * patient's decade. */
#define CUFF_BY_AGE(note)                                                                        \
    {                                                                                            \
        "Juel NG, Natvig B. BMC Musculoskelet Disord 2014;15:89, scaled by decade with "         \
        "Minagawa H et al. J Orthop 2013;10:8-12",                                               \
            SRC_CONVENTION,                                                                      \
            "Full-thickness tears were 8% of 766 secondary-care shoulder patients (Juel). In "   \
            "664 villagers (Minagawa) they were 22.1% overall: 0% in the 20s-40s, 10.7% in the " \
            "50s, 15.2% 60s, 26.5% 70s, 36.6% 80s. Prior = 0.08 x decade / 0.221 (the scaling "  \
            "is a convention). " note                                                            \
    }
#define SUBSCAP_BY_AGE(note)                                                                      \
    {                                                                                             \
        "Convention, from Barth JR et al. Arthroscopy 2006;22:1076-84 and the cuff prior",        \
            SRC_CONVENTION,                                                                       \
            "Barth found subscapularis tears in 29.4% of 68 patients scheduled for arthroscopy; " \
            "0.294 x the cuff prior of the same decade. Not a published figure. " note            \
    }

static const struct model_prior priors[] = {
    /* generator, age from, age to, osteoarthritis, prior */
    {lumbar_disc, 0, 39, PRIOR_OA_ANY, 0.58, DEPALMA_AGE("Under 40: disc 0.58.")},
    {lumbar_facet, 0, 39, PRIOR_OA_ANY, 0.21, DEPALMA_AGE("Under 40: facet 0.21.")},
    {lumbar_sij, 0, 39, PRIOR_OA_ANY, 0.12, DEPALMA_AGE("Under 40: SIJ 0.12.")},
    {lumbar_disc, 40, 59, PRIOR_OA_ANY, 0.42, DEPALMA_COHORT("")},
    {lumbar_facet, 40, 59, PRIOR_OA_ANY, 0.31,
     DEPALMA_COHORT("Manchikanti 2010 (Int J Med Sci) gives 21-41% with controlled blocks.")},
    {lumbar_sij, 40, 59, PRIOR_OA_ANY, 0.18,
     DEPALMA_COHORT("Maigne 1996 found 18.5% on double blocks; about 29% after lumbar surgery.")},
    {lumbar_disc, 60, 120, PRIOR_OA_ANY, 0.28, DEPALMA_AGE("60 and over: disc 0.28.")},
    {lumbar_facet, 60, 120, PRIOR_OA_ANY, 0.40, DEPALMA_AGE("60 and over: facet 0.40.")},
    {lumbar_sij, 60, 120, PRIOR_OA_ANY, 0.23, DEPALMA_AGE("60 and over: SIJ 0.23.")},

    {knee_medial_meniscus, 0, 120, PRIOR_OA_ABSENT, 0.08,
     ENGLUND("Without osteoarthritis: 0.12 x 2/3 = 0.08.")},
    {knee_lateral_meniscus, 0, 120, PRIOR_OA_ABSENT, 0.04,
     ENGLUND("Without osteoarthritis: 0.12 x 1/3 = 0.04.")},
    {knee_cartilage_oa, 0, 120, PRIOR_OA_ABSENT, 0.10, KNEE_NO_OA},
    {knee_medial_meniscus, 0, 120, PRIOR_OA_PRESENT, 0.05,
     ENGLUND("With osteoarthritis: 0.075 x 2/3 = 0.05.")},
    {knee_lateral_meniscus, 0, 120, PRIOR_OA_PRESENT, 0.025,
     ENGLUND("With osteoarthritis: 0.075 x 1/3 = 0.025.")},
    {knee_cartilage_oa, 0, 120, PRIOR_OA_PRESENT, 0.61, KNEE_IA_OA},

    {shoulder_cuff_tear, 0, 49, PRIOR_OA_ANY, 0.01,
     CUFF_BY_AGE("Under 50 Minagawa saw none: 0.01 is a floor for traumatic tears.")},
    {shoulder_cuff_tear, 50, 59, PRIOR_OA_ANY, 0.039, CUFF_BY_AGE("50s: 0.08 x 0.107 / 0.221.")},
    {shoulder_cuff_tear, 60, 69, PRIOR_OA_ANY, 0.055, CUFF_BY_AGE("60s: 0.08 x 0.152 / 0.221.")},
    {shoulder_cuff_tear, 70, 79, PRIOR_OA_ANY, 0.096, CUFF_BY_AGE("70s: 0.08 x 0.265 / 0.221.")},
    {shoulder_cuff_tear, 80, 120, PRIOR_OA_ANY, 0.132,
     CUFF_BY_AGE("80 and over: 0.08 x 0.366 / 0.221.")},
    {shoulder_subscapularis_tear, 0, 49, PRIOR_OA_ANY, 0.003, SUBSCAP_BY_AGE("Under 50.")},
    {shoulder_subscapularis_tear, 50, 59, PRIOR_OA_ANY, 0.011, SUBSCAP_BY_AGE("50s.")},
    {shoulder_subscapularis_tear, 60, 69, PRIOR_OA_ANY, 0.016, SUBSCAP_BY_AGE("60s.")},
    {shoulder_subscapularis_tear, 70, 79, PRIOR_OA_ANY, 0.028, SUBSCAP_BY_AGE("70s.")},
    {shoulder_subscapularis_tear, 80, 120, PRIOR_OA_ANY, 0.039, SUBSCAP_BY_AGE("80 and over.")},
    {shoulder_subacromial_pain,
     0,
     120,
     PRIOR_OA_ANY,
     0.34,
     {"Cadogan A, McNair PJ, Laslett M, Hing WA. PLoS One 2016;11:e0167738", SRC_STUDY,
      "208 new episodes of shoulder pain in primary care; positive = at least 80% relief after "
      "an ultrasound-guided subacromial lidocaine injection (block-referenced). No age effect "
      "reported. Juel & Natvig 2014 found 36% by clinical diagnosis in secondary care."}},
};

/* Radiographic osteoarthritis (KL 2 or more) in the general population: fewer than among
 * people with knee pain, so the intra-articular prior is conservative when no radiograph is
 * recorded. */
static const struct model_oa_prevalence oa_prevalence[] = {
    {0,
     44,
     0.05,
     {"Convention: no figure under 45", SRC_CONVENTION,
      "The cohorts found start at 45; 5% is a stated convention for younger adults."}},
    {45,
     69,
     0.28,
     {"Jordan JM et al. J Rheumatol 2007;34:172-80", SRC_STUDY,
      "Johnston County, 3018 people aged 45 and over: radiographic knee osteoarthritis 28% "
      "(symptomatic 16%); not reported by age band, so the figure for all from 45 is used up "
      "to 69 (Felson 1987 found 27% at 63-69, the same)."}},
    {70,
     79,
     0.35,
     {"Convention, between the figures of Felson DT et al. Arthritis Rheum 1987;30:914-8",
      SRC_CONVENTION, "Felson reports 27% under 70 and 44% at 80 and over; 0.35 between them."}},
    {80,
     120,
     0.44,
     {"Felson DT et al. Arthritis Rheum 1987;30:914-8", SRC_STUDY,
      "Framingham: 44% at 80 and over."}},
};

/* ---- Pain sites, given per source. */
#define DEPALMA_MIDLINE(note)                                                                  \
    {                                                                                          \
        "DePalma MJ, Ketchum JM, Trussell BS, Saullo TM, Slipman CW. PM&R 2011;3(1):33-9",     \
            SRC_STUDY,                                                                         \
            "Same cohort as the lumbar priors: midline low back pain was reported by 95.8% "   \
            "with disc pain, 15.4% with facet pain, 12.9% with SIJ pain (chi-square 101.4, p " \
            "< .0001). " note                                                                  \
    }
static const struct model_site sites[] = {
    {"low_back_midline", lumbar_disc, 0.958, DEPALMA_MIDLINE("")},
    {"low_back_midline", lumbar_facet, 0.154, DEPALMA_MIDLINE("")},
    {"low_back_midline", lumbar_sij, 0.129,
     DEPALMA_MIDLINE("The absence of midline pain points to the SIJ (Han 2023; Young 2003).")},
};

static const struct source site_other = {
    "Convention: another source behaves like the modelled ones on average", SRC_CONVENTION,
    "No study gives where pain is felt for the sources the model does not cover. Another "
    "source takes the mean of the modelled sources' figures, weighted by their priors, so a "
    "pain site moves it neither up nor down against them as a group."};

/* ---- Recorded items the model cannot weigh, with the reason (the explanation lists them). */
static const struct model_unweighed unweighed[] = {
    {"low_back_paraspinal", "no figure by source for paraspinal pain was found"},
    {"low_back_above_l5",
     "Schwarzer 1995 (Spine) found SIJ pain in 30% of patients whose pain was maximal below "
     "L5-S1 (single uncontrolled blocks, no comparison group): no likelihood ratio can be "
     "derived. Record midline pain too: its absence is weighed"},
    {"groin",
     "associated with SIJ block response (Schwarzer 1995) with no size reported: not weighed"},
    {"buttock", "facet, disc and SIJ all refer here: no figure separates them"},
    {"lateral_hip", "no figure by source was found"},
    {"posterior_thigh", "no figure by source was found"},
    {"lateral_thigh", "no figure by source was found"},
    {"below_knee_leg",
     "pain below the knee (38% of primary-care low back pain) has no figure against a reference "
     "standard; the straight-leg raise weighs radicular pain"},
    {"foot", "no figure by source was found"},
    {"medial_joint_line", "no figure by source was found"},
    {"lateral_joint_line", "no figure by source was found"},
    {"anterior_knee", "patellofemoral pain is under another source; no figure by source"},
    {"posterior_knee", "no figure by source was found"},
    {"diffuse_knee",
     "more common when the intra-articular block was negative (PMC3877413), with no size "
     "reported"},
    {"lateral_deltoid", "no figure by source was found"},
    {"anterior_shoulder", "an item of the Cadogan rule, which has no published cluster figure"},
    {"posterior_shoulder", "no figure by source was found"},
    {"superior_shoulder", "points to the acromioclavicular joint (another source); no figure"},
    {"upper_arm", "no figure by source was found"},
    {"below_elbow", "suggests a cervical source (another source); no figure"},
    {"neck_trapezius", "suggests a cervical source (another source); no figure"},
};

/* ---- Imaging that decides candidacy (clinic rules: end stage and instability are referred
 * for surgical evaluation; EVIDENCE 6b found no guideline figure). */
static const struct model_imaging_verdict imaging_verdicts[] = {
    {"knee_osteoarthritis",
     "4",
     "end_stage_degeneration",
     "Kellgren-Lawrence 4 on the radiograph: end-stage degeneration",
     {"Clinic rule; grade from Kellgren JH, Lawrence JS. Ann Rheum Dis 1957;16:494-502",
      SRC_CONVENTION,
      "Grade 4: marked joint-space narrowing, large osteophytes, severe sclerosis and bone "
      "deformity. End stage is referred for surgical evaluation (clinic rule); the PRP trials "
      "enrolled KL 2-3 only."}},
    {"lumbar_dynamic_instability",
     NULL,
     "severe_spinal_instability",
     "dynamic instability on flexion-extension films",
     {"Clinic rule: structural instability is referred for surgical evaluation", SRC_CONVENTION,
      "Abnormal translation or angulation on flexion-extension radiographs, as reported. No "
      "guideline on regenerative treatment with instability was found."}},
    {"shoulder_cuff_retraction",
     "3",
     "massive_retracted_cuff_tear",
     "cuff retracted to the glenoid (Patte 3)",
     {"Clinic rule; grade from Patte D. Clin Orthop Relat Res 1990;(254):81-6", SRC_CONVENTION,
      "Patte stage 3: the tendon stump retracted to the glenoid, advanced structural damage; "
      "referred for surgical evaluation (clinic rule)."}},
};

/* ---- Findings, one row per finding and generator. LRs of 1.0 with a note mark a finding the
 * evidence names but cannot weigh. Correlated tests without a published cluster (the
 * impingement tests, empty and full can, the meniscal tests outside Lowery's composite) are
 * not multiplied: the engine applies only the most informative result each way (a stated
 * convention; no published figure allows better). */
#define LASLETT_2005(note)                                                                   \
    {                                                                                        \
        "Laslett M, Aprill CN, McDonald B, Young SB. Man Ther 2005;10:207-18 (2nd-hand via " \
        "the systematic review in Chiropr Osteopat 2006;14:26; LRs calculated)",             \
            SRC_SECOND_HAND,                                                                 \
            "48 patients, intra-articular SIJ block reference. " note                        \
            "Scored through the sij_provocation cluster."                                    \
    }
#define REVEL_ITEM                                                                            \
    {                                                                                         \
        "Revel M et al. Arch Phys Med Rehabil 1992;73:824-8", SRC_STUDY,                      \
            "One of Revel's seven criteria; the item alone has no reported accuracy. Scored " \
            "only through the revel cluster."                                                 \
    }
#define LASLETT_2006                                                                          \
    {                                                                                         \
        "Laslett M et al. Eur Spine J 2006", SRC_STUDY,                                       \
            "Discogenic predictor against discography, 107 patients: specificity 83-92% and " \
            "LR+ 2.0-4.1 across the three predictors, not per item. Not weighed."             \
    }
#define LOWERY_ITEM                                                                        \
    {                                                                                      \
        "Lowery DJ et al. Arthroscopy 2006;22:1174-9 (2nd-hand)", SRC_SECOND_HAND,         \
            "Item of the composite; the item alone has no reported accuracy. Scored only " \
            "through the meniscal_composite cluster."                                      \
    }
#define AKSEKI_VIA_SMITH(note)                                                               \
    {                                                                                        \
        "Akseki D et al. Arthroscopy 2004 (2nd-hand via Smith BE, Thacker D, Crewesmith A, " \
        "Hall M. Evid Based Med 2015;20(3):88)",                                             \
            SRC_SECOND_HAND, "150 knees, arthroscopic reference. " note                      \
    }
#define PARK_2005(note)                                                                 \
    {                                                                                   \
        "Park HB, Yokota A, Gill HS, El Rassi G, McFarland EG. J Bone Joint Surg Am "   \
        "2005;87:1446-55 (2nd-hand via J Fam Pract 2010;59(3):179-81; LRs calculated)", \
            SRC_SECOND_HAND,                                                            \
            "Full-thickness tear, arthroscopic reference, 352 patients. " note          \
            "Scored through the park_triad cluster."                                    \
    }
#define HEGEDUS_2012(note)                                                                     \
    {                                                                                          \
        "Hegedus EJ, Goode AP, Cook CE, Michener L, Myer CA, Myer DM, Wright AA. Br J Sports " \
        "Med 2012;46(14):964-78 (LRs calculated from pooled sensitivity and specificity)",     \
            SRC_CALCULATED, "Meta-analysis, subacromial impingement. " note                    \
    }
#define BARTH_2006(note)                                                                 \
    {                                                                                    \
        "Barth JR et al. Arthroscopy 2006;22:1076-84 (LRs calculated)", SRC_CALCULATED,  \
            "68 patients scheduled for arthroscopy, 20 with a subscapularis tear. " note \
    }

/* Thessaly: the derivation figures were not replicated (weighed at 1.0). */
#define THESSALY                                                                               \
    {                                                                                          \
        "Convention, from Karachalios T et al. J Bone Joint Surg Am 2005;87:955-62 "           \
        "(2nd-hand) and its later studies",                                                    \
            SRC_CONVENTION,                                                                    \
            "Not weighed. The derivation study (213 patients and 197 volunteers without "      \
            "pain; medial 89% / 97%, lateral 92% / 96%, LR+ 29.7 / 23 calculated) was not "    \
            "replicated: a later study found medial sensitivity 56% against MRI and 77% "      \
            "against arthroscopy, specificity not reported (Maleki et al.), and a systematic " \
            "review reports accuracy 61-96% only (Alexanders 2016), so no validated "          \
            "likelihood ratio exists. The other meniscal tests carry the weight."              \
    }

static const struct model_finding findings[] = {
    /* finding, generator, LR+, LR-, sensitivity, specificity, cluster, source */

    /* SIJ: Laslett's five provocation tests (Dreyfuss 1996 also studied Gaenslen and thigh
     * thrust; Laslett's intra-articular reference is preferred). */
    {"sij_distraction", lumbar_sij, LR_POS(0.60, 0.81), LR_NEG(0.60, 0.81), 0.60, 0.81,
     "sij_provocation", LASLETT_2005("LR+ 3.20 reported 2nd-hand. ")},
    {"sij_thigh_thrust", lumbar_sij, LR_POS(0.88, 0.69), LR_NEG(0.88, 0.69), 0.88, 0.69,
     "sij_provocation", LASLETT_2005("")},
    {"sij_compression", lumbar_sij, LR_POS(0.69, 0.69), LR_NEG(0.69, 0.69), 0.69, 0.69,
     "sij_provocation", LASLETT_2005("")},
    {"sij_sacral_thrust", lumbar_sij, LR_POS(0.63, 0.75), LR_NEG(0.63, 0.75), 0.63, 0.75,
     "sij_provocation", LASLETT_2005("")},
    {"sij_gaenslen", lumbar_sij, LR_POS(0.53, 0.71), LR_NEG(0.53, 0.71), 0.53, 0.71,
     "sij_provocation", LASLETT_2005("")},
    {"sij_faber",
     lumbar_sij,
     1.0,
     1.0,
     0.69,
     0.16,
     NULL,
     {"Dreyfuss P et al. Spine 1996 (2nd-hand via the systematic review in Chiropr Osteopat "
      "2006;14:26)",
      SRC_SECOND_HAND,
      "85 patients, SIJ block reference: sensitivity 69%, specificity 16% (LR+ 0.82, LR- 1.94 "
      "calculated), individually uninformative. Not weighed: a provocation test correlated "
      "with the sij_provocation cluster but not in it (it belongs to van der Wurff's cluster, "
      "which overlaps Laslett's)."}},
    {"sij_gillet",
     lumbar_sij,
     LR_POS(0.43, 0.68),
     LR_NEG(0.43, 0.68),
     0.43,
     0.68,
     NULL,
     {"Dreyfuss P et al. Spine 1996 (2nd-hand via the systematic review in Chiropr Osteopat "
      "2006;14:26; LRs calculated)",
      SRC_SECOND_HAND,
      "85 patients, SIJ block reference; individually uninformative. A motion-palpation test, "
      "not a provocation test, so weighed on its own."}},
    {"sij_fortin_finger",
     lumbar_sij,
     1.0,
     1.0,
     NR,
     NR,
     NULL,
     {"Fortin JD, Falco FJ. Am J Orthop 1997;26(7):477-80", SRC_STUDY,
      "16 of 54 patients selected by a positive test were all injection-positive; test-negative "
      "patients were not injected, so sensitivity and specificity cannot be computed. Not "
      "weighed."}},

    /* Facet: Revel's seven items, each under its natural polarity. */
    {"lumbar_age_over_65", lumbar_facet, 1.0, 1.0, NR, NR, "revel", REVEL_ITEM},
    {"lumbar_relief_recumbency", lumbar_facet, 1.0, 1.0, NR, NR, "revel", REVEL_ITEM},
    {"lumbar_pain_on_cough", lumbar_facet, 1.0, 1.0, NR, NR, "revel", REVEL_ITEM},
    {"lumbar_pain_on_forward_flexion", lumbar_facet, 1.0, 1.0, NR, NR, "revel", REVEL_ITEM},
    {"lumbar_pain_rising_from_flexion", lumbar_facet, 1.0, 1.0, NR, NR, "revel", REVEL_ITEM},
    {"lumbar_pain_on_hyperextension", lumbar_facet, 1.0, 1.0, NR, NR, "revel", REVEL_ITEM},
    {"lumbar_pain_on_extension_rotation", lumbar_facet, 1.0, 1.0, NR, NR, "revel", REVEL_ITEM},
    {"lumbar_pain_rising_from_sitting",
     lumbar_facet,
     1.0,
     1.0,
     NR,
     NR,
     NULL,
     {"Young S, Aprill C, Laslett M. Spine J 2003;3:460-5", SRC_STUDY,
      "81 patients: absence of pain on rising from sitting was associated with facet-block "
      "response; no accuracy figures. Not weighed."}},

    /* Radicular pain, a part of another source. */
    {"lumbar_slr",
     lumbar_other,
     LR_POS(0.91, 0.26),
     1.0,
     0.91,
     0.26,
     NULL,
     {"Devillé WL et al. Spine 2000;25(9):1140-7 (LR calculated)", SRC_CALCULATED,
      "Disc herniation with radiculopathy in surgical series: sensitivity 91%, specificity 26% "
      "(Cochrane 2010: 92% / 28%). Radicular pain is one part of another source: the LR+ is "
      "applied to the whole group (an upper bound for it), the LR- 0.35 is not (a negative "
      "test rules out only that part). Surgical populations: spectrum bias."}},
    {"lumbar_crossed_slr",
     lumbar_other,
     LR_POS(0.29, 0.88),
     1.0,
     0.29,
     0.88,
     NULL,
     {"Devillé WL et al. Spine 2000;25(9):1140-7 (LR calculated)", SRC_CALCULATED,
      "Crossed straight-leg raise: sensitivity 29%, specificity 88% for disc herniation with "
      "radiculopathy (surgical series). Applied as the straight-leg raise is; the two are "
      "correlated, so only the stronger result is applied."}},
    {"lumbar_pain_on_sitting",
     lumbar_disc,
     1.0,
     1.0,
     NR,
     NR,
     NULL,
     {"Convention: no accuracy figure", SRC_CONVENTION,
      "Sitting intolerance is commonly read as discogenic; no figure against discography was "
      "found (Young 2003 reports pain on rising from sitting, not pain on sitting). Not "
      "weighed."}},

    /* Disc. */
    {"lumbar_centralization",
     lumbar_disc,
     3.06,
     0.66,
     NR,
     NR,
     NULL,
     {"Han CS, Hancock MJ, et al. EClinicalMedicine 2023;59:101960", SRC_POOLED,
      "Pooled against discography (LR+ 95% CI 1.44-6.50, LR- 0.52-0.84). Fewer than half of "
      "discography-positive patients centralize, and specificity falls with distress "
      "(Laslett 2006)."}},
    {"lumbar_persistent_pain_between_episodes", lumbar_disc, 1.0, 1.0, NR, NR, NULL, LASLETT_2006},
    {"lumbar_loss_of_extension", lumbar_disc, 1.0, 1.0, NR, NR, NULL, LASLETT_2006},
    {"lumbar_neutral_zone_vulnerability", lumbar_disc, 1.0, 1.0, NR, NR, NULL, LASLETT_2006},

    /* Knee. Medial and lateral figures where a study with an arthroscopic reference splits
     * them, pooled otherwise. Lowery's composite is scored for the medial meniscus, where
     * most degenerative tears sit, so its members' medial rows name it. */
    {"knee_mcmurray", knee_medial_meniscus, LR_POS(0.67, 0.69), LR_NEG(0.67, 0.69), 0.67, 0.69,
     "meniscal_composite",
     AKSEKI_VIA_SMITH("Medial tears. Pooled for any tear: sensitivity 70%, specificity 71% "
                      "(Hegedus 2007). Scored through the meniscal_composite cluster.")},
    {"knee_mcmurray", knee_lateral_meniscus, LR_POS(0.53, 0.88), LR_NEG(0.53, 0.88), 0.53, 0.88,
     NULL, AKSEKI_VIA_SMITH("Lateral tears.")},
    {"knee_joint_line_tenderness", knee_medial_meniscus, LR_POS(0.88, 0.44), LR_NEG(0.88, 0.44),
     0.88, 0.44, "meniscal_composite",
     AKSEKI_VIA_SMITH("Medial tears. Pooled for any tear: sensitivity 63%, specificity 77% "
                      "(Hegedus 2007). Scored through the meniscal_composite cluster.")},
    {"knee_joint_line_tenderness", knee_lateral_meniscus, LR_POS(0.67, 0.80), LR_NEG(0.67, 0.80),
     0.67, 0.80, NULL, AKSEKI_VIA_SMITH("Lateral tears.")},
    {"knee_ege",
     knee_medial_meniscus,
     LR_POS(0.67, 0.81),
     LR_NEG(0.67, 0.81),
     0.67,
     0.81,
     NULL,
     {"Akseki D et al. Arthroscopy 2004 (LRs calculated)", SRC_CALCULATED,
      "150 knees, arthroscopic reference; medial tears."}},
    {"knee_ege",
     knee_lateral_meniscus,
     LR_POS(0.64, 0.90),
     LR_NEG(0.64, 0.90),
     0.64,
     0.90,
     NULL,
     {"Akseki D et al. Arthroscopy 2004 (LRs calculated)", SRC_CALCULATED,
      "150 knees, arthroscopic reference; lateral tears."}},
    {"knee_thessaly", knee_medial_meniscus, 1.0, 1.0, NR, NR, NULL, THESSALY},
    {"knee_thessaly", knee_lateral_meniscus, 1.0, 1.0, NR, NR, NULL, THESSALY},
    {"knee_apley",
     knee_medial_meniscus,
     LR_POS(0.60, 0.70),
     LR_NEG(0.60, 0.70),
     0.60,
     0.70,
     NULL,
     {"Hegedus EJ, Cook C, Hasselblad V, Goode A, McCrory DC. J Orthop Sports Phys Ther "
      "2007;37(9):541-50 (LRs calculated from pooled sensitivity and specificity)",
      SRC_CALCULATED,
      "Meta-analysis, any meniscal tear. The only medial/lateral split (Karachalios) used an "
      "MRI reference, so the pooled figure is used for both menisci."}},
    {"knee_apley",
     knee_lateral_meniscus,
     LR_POS(0.60, 0.70),
     LR_NEG(0.60, 0.70),
     0.60,
     0.70,
     NULL,
     {"Hegedus EJ, Cook C, Hasselblad V, Goode A, McCrory DC. J Orthop Sports Phys Ther "
      "2007;37(9):541-50 (LRs calculated from pooled sensitivity and specificity)",
      SRC_CALCULATED,
      "Meta-analysis, any meniscal tear. The only medial/lateral split (Karachalios) used an "
      "MRI reference, so the pooled figure is used for both menisci."}},
    {"knee_catching_locking", knee_medial_meniscus, 1.0, 1.0, NR, NR, "meniscal_composite",
     LOWERY_ITEM},
    {"knee_pain_forced_hyperextension", knee_medial_meniscus, 1.0, 1.0, NR, NR,
     "meniscal_composite", LOWERY_ITEM},
    {"knee_pain_maximal_flexion", knee_medial_meniscus, 1.0, 1.0, NR, NR, "meniscal_composite",
     LOWERY_ITEM},

    /* Shoulder: full-thickness cuff tear. */
    {"shoulder_painful_arc", shoulder_cuff_tear, LR_POS(0.758, 0.618), LR_NEG(0.758, 0.618), 0.758,
     0.618, "park_triad",
     PARK_2005("Hermans 2013 (JAMA) pooled 3.7 / 0.36 for any cuff disease. ")},
    {"shoulder_drop_arm", shoulder_cuff_tear, LR_POS(0.349, 0.875), LR_NEG(0.349, 0.875), 0.349,
     0.875, "park_triad", PARK_2005("")},
    {"shoulder_infraspinatus_strength", shoulder_cuff_tear, LR_POS(0.505, 0.84),
     LR_NEG(0.505, 0.84), 0.505, 0.84, "park_triad", PARK_2005("Positive on weakness. ")},
    {"shoulder_er_lag",
     shoulder_cuff_tear,
     7.2,
     1.0,
     NR,
     NR,
     NULL,
     {"Hermans J et al. JAMA 2013;310(8):837-47 (2nd-hand via AAFP summaries 2016 and 2017)",
      SRC_SECOND_HAND,
      "Full-thickness supraspinatus or infraspinatus tear; LR- not seen, so a negative sign is "
      "not weighed."}},
    {"shoulder_empty_can",
     shoulder_cuff_tear,
     LR_POS(0.74, 0.77),
     LR_NEG(0.74, 0.77),
     0.74,
     0.77,
     NULL,
     {"Gismervik SØ, Drogset JO, Granviken F, Rø M, Leivseth G. BMC Musculoskelet Disord "
      "2017;18:41 (LRs calculated)",
      SRC_CALCULATED,
      "Meta-analysis: supraspinatus test for any full-thickness tear, DOR 9.24. Preferred to "
      "the 2nd-hand single-study 86% / 66% (Joint Bone Spine 2008)."}},
    {"shoulder_full_can",
     shoulder_cuff_tear,
     LR_POS(0.77, 0.74),
     LR_NEG(0.77, 0.74),
     0.77,
     0.74,
     NULL,
     {"Joint Bone Spine 2008 (PMID 19059801), 2nd-hand via getthediagnosis.org; LRs "
      "calculated",
      SRC_SECOND_HAND,
      "Supraspinatus tear. Nearly the same manoeuvre as the empty can test: the two are "
      "correlated."}},

    /* Shoulder: subscapularis. */
    {"shoulder_ir_lag",
     shoulder_subscapularis_tear,
     5.6,
     1.0,
     0.32,
     NR,
     NULL,
     {"Hermans J et al. JAMA 2013;310(8):837-47 (2nd-hand via AAFP summaries)", SRC_SECOND_HAND,
      "Full-thickness subscapularis tear, LR+ 5.6. The LR- 0.04 reported with it is not used: "
      "a subscapularis meta-analysis (PMC8822023, 13 studies) pooled sensitivity 32% (13-61%) "
      "with specificity above 90%, which implies an LR- of 0.68-0.76."}},
    {"shoulder_bear_hug", shoulder_subscapularis_tear, LR_POS(0.60, 0.917), LR_NEG(0.60, 0.917),
     0.60, 0.917, NULL,
     BARTH_2006("Agrees with the pooled sensitivity 55%, specificity above 90% (PMC8822023); "
                "Kilic 2024 (1122 arthroscopies, 77% tears) found 46% / 83%.")},
    {"shoulder_belly_press",
     shoulder_subscapularis_tear,
     LR_POS(0.233, 0.934),
     LR_NEG(0.233, 0.934),
     0.233,
     0.934,
     NULL,
     {"Kilic AI et al. Arthrosc Sports Med Rehabil 2024;6:100830 (LRs calculated)", SRC_CALCULATED,
      "1122 arthroscopies, 77% with a tear. Preferred to Barth 2006 (40% / 97.9%, LR+ 19), "
      "whose specificity rests on one false positive among 48 patients."}},
    {"shoulder_napoleon", shoulder_subscapularis_tear, LR_POS(0.25, 0.979), LR_NEG(0.25, 0.979),
     0.25, 0.979, NULL, BARTH_2006("One false positive among 48.")},
    /* Specificity 100% makes LR+ infinite: bounded as if one of the 48 patients without a tear
     * had tested positive, the smallest result the study could have seen. */
    {"shoulder_lift_off",
     shoulder_subscapularis_tear,
     0.176 * 48.0,
     LR_NEG(0.176, 1.0),
     0.176,
     1.0,
     NULL,
     {"Barth JR et al. Arthroscopy 2006;22:1076-84; LR+ bounded by convention", SRC_CONVENTION,
      "Sensitivity 17.6%, specificity 100% (LR+ infinite). LR+ = 0.176 / (1/48) = 8.4, as if "
      "one of the 48 patients without a tear had been positive; LR- 0.82 calculated."}},

    /* Shoulder: subacromial pain. */
    {"shoulder_neer", shoulder_subacromial_pain, LR_POS(0.72, 0.60), LR_NEG(0.72, 0.60), 0.72, 0.60,
     NULL, HEGEDUS_2012("")},
    {"shoulder_hawkins_kennedy", shoulder_subacromial_pain, LR_POS(0.79, 0.59), LR_NEG(0.79, 0.59),
     0.79, 0.59, NULL, HEGEDUS_2012("Gismervik 2017 found 58% / 67% (DOR 2.86).")},
    {"shoulder_painful_arc", shoulder_subacromial_pain, LR_POS(0.53, 0.76), LR_NEG(0.53, 0.76),
     0.53, 0.76, NULL, HEGEDUS_2012("Hermans 2013 pooled 3.7 / 0.36 for any cuff disease.")},
};

/* ---- Clusters. min_recorded is every member: the published figures were measured with the
 * whole set performed, and with members missing a count below the threshold may only mean
 * tests not done, which would apply a strong LR- to an unfinished examination. */
static const char *const sij_members[] = {"sij_distraction", "sij_thigh_thrust",
                                          "sij_compression", "sij_sacral_thrust",
                                          "sij_gaenslen",    NULL};
static const char *const revel_members[] = {"lumbar_age_over_65",
                                            "lumbar_relief_recumbency",
                                            "lumbar_pain_on_cough",
                                            "lumbar_pain_on_forward_flexion",
                                            "lumbar_pain_rising_from_flexion",
                                            "lumbar_pain_on_hyperextension",
                                            "lumbar_pain_on_extension_rotation",
                                            NULL};
/* Revel's criteria are the absence of these (per the vocabulary's descriptions). */
static const char *const revel_negative[] = {"lumbar_pain_on_cough",
                                             "lumbar_pain_on_forward_flexion",
                                             "lumbar_pain_rising_from_flexion",
                                             "lumbar_pain_on_hyperextension",
                                             "lumbar_pain_on_extension_rotation",
                                             NULL};
static const char *const meniscal_members[] = {"knee_catching_locking",
                                               "knee_joint_line_tenderness",
                                               "knee_pain_forced_hyperextension",
                                               "knee_pain_maximal_flexion",
                                               "knee_mcmurray",
                                               NULL};
static const char *const park_members[] = {"shoulder_painful_arc", "shoulder_drop_arm",
                                           "shoulder_infraspinatus_strength", NULL};

static const struct model_cluster clusters[] = {
    /* code, generator, label, members, count when negative, threshold, min recorded, LR+, LR- */
    {"sij_provocation",
     lumbar_sij,
     "SIJ provocation cluster (3 or more of 5)",
     sij_members,
     NULL,
     3,
     5,
     2.13,
     0.33,
     {"Saueressig T, Owen PJ, Diemer F, Zebisch J, Belavy DL. J Orthop Sports Phys Ther "
      "2021;51(9):422-31",
      SRC_POOLED,
      "Meta-analysis of 5 studies against SIJ blocks read at 50-100% relief (95% CI LR+ "
      "1.2-3.9, LR- 0.11-0.72; GRADE very low); at a 20% prior 35% if positive, 8% if "
      "negative. Members and threshold from Laslett 2005 (Man Ther), whose own 4.27 / 0.08 "
      "(48 patients, LRs 2nd-hand) is not used: pooled figures are preferred, and a single "
      "derivation study overstates. Hancock 2007 (Eur Spine J) gives 3.2 / 0.29."}},
    {"revel",
     lumbar_facet,
     "Revel criteria (4 or more of 7)",
     revel_members,
     revel_negative,
     4,
     7,
     1.0,
     1.0,
     {"Convention, from Laslett M et al. BMC Musculoskelet Disord 2004;5:43 and Hancock MJ et "
      "al. Eur Spine J 2007;16:1539-50",
      SRC_CONVENTION,
      "Reported, not weighed. Revel's 40-patient derivation against a single facet block "
      "(Arch Phys Med Rehabil 1992; sensitivity 81.8%, specificity 77.8%, LR+ 3.68 / LR- 0.23 "
      "calculated) was not replicated: Laslett 2004 found sensitivity under 17% and "
      "specificity about 90% (LR+ at most 1.7, LR- about 0.92), and Hancock 2007 (systematic "
      "review) found no clinical test informative for facet pain. Facet pain is weighed by "
      "blocks and imaging."}},
    {"meniscal_composite",
     knee_medial_meniscus,
     "Meniscal composite (3 or more of 5, Lowery)",
     meniscal_members,
     NULL,
     3,
     5,
     3.14,
     LR_NEG(0.31, 0.90),
     {"Lowery DJ et al. Arthroscopy 2006;22:1174-9 (2nd-hand; LR- calculated)", SRC_SECOND_HAND,
      "Arthroscopic reference, any meniscal tear: 3 or more of 5 sensitivity 31%, specificity "
      "90%; 4 or more 4.28, all five 11.2. Scored for the medial meniscus, where most "
      "degenerative tears sit; lateral tears are weighed by their own tests."}},
    {"park_triad",
     shoulder_cuff_tear,
     "Park triad (painful arc, drop arm, infraspinatus)",
     park_members,
     NULL,
     3,
     3,
     15.57,
     1.0,
     {"Park HB, Yokota A, Gill HS, El Rassi G, McFarland EG. J Bone Joint Surg Am "
      "2005;87:1446-55 (LRs 2nd-hand via J Fam Pract 2010;59(3):179-81)",
      SRC_SECOND_HAND,
      "All three positive: LR+ 15.57, post-test probability 91% in the study. The LR- 0.16 "
      "printed with it (\"LR when all 3 tests are combined\") cannot be that of fewer than "
      "three positive, which is at least 0.67 because the triad is no more sensitive than the "
      "drop-arm sign (34.9%); it is read as all three negative. No LR for fewer than three "
      "positive is reported, so LR- is 1.0."}},
};

/* ---- Imaging. Han 2023's lumbar figures are pooled LRs without sensitivity: the engine caps
 * each at 1 / its prevalence without pain at the patient's age (sensitivity is at most 1,
 * so the LR cannot be larger), and uses it as reported below the cap. min_grade counts at or above
 * on ordinal scales (Pfirrmann, ICRS); Modic types are categories, not ranks, so the engine matches
 * them exactly and the two Modic rows never both apply. One row per structure where the study
 * counted a knee or a cuff once, so one lesion is not weighed twice. */
#define HAN_2023(note)                                                             \
    {                                                                              \
        "Han CS, Hancock MJ, et al. EClinicalMedicine 2023;59:101960", SRC_POOLED, \
            "Pooled, discography reference. " note                                 \
    }

static const struct model_imaging imaging[] = {
    /* finding, generator, min grade, sensitivity, LR+, LR- */
    {"lumbar_disc_degeneration", lumbar_disc, "3", NR, 2.53, 0.15,
     HAN_2023("95% CI LR+ 1.57-4.07, LR- 0.09-0.24. Pfirrmann 3 or above is read as "
              "degenerated (the cut Hancock 2012 used; the pooled studies' definitions vary).")},
    {"lumbar_annular_fissure", lumbar_disc, NULL, NR, 2.88, 0.24,
     HAN_2023("95% CI LR+ 2.02-4.10, LR- 0.10-0.55.")},
    {"lumbar_hiz", lumbar_disc, NULL, NR, 3.10, 0.61,
     HAN_2023("95% CI LR+ 2.27-4.25, LR- 0.48-0.77. A kind of annular fissure: the two are "
              "correlated.")},
    {"lumbar_modic_change", lumbar_disc, "1", NR, 10.00, 0.84,
     HAN_2023("Modic type 1; 95% CI LR+ 4.20-23.82.")},
    {"lumbar_modic_change", lumbar_disc, "2", NR, 8.03, 0.88,
     HAN_2023("Modic type 2; 95% CI LR+ 3.23-19.97. No figure for type 3.")},
    {"lumbar_facet_spect_uptake", lumbar_facet, NULL, NR, 2.80, 1.0,
     HAN_2023("Against facet blocks; 95% CI LR+ 1.82-4.31. The LR- was truncated in every copy "
              "seen, so a negative scan is not weighed.")},

    {"knee_medial_meniscal_tear",
     knee_medial_meniscus,
     NULL,
     0.92,
     10.33,
     0.09,
     {"Meta-analysis of MRI for meniscal tears, 17 studies, 2019 (PMID 31390675; 2nd-hand via "
      "Medbullets)",
      SRC_SECOND_HAND,
      "Arthroscopic reference: sensitivity 92%, specificity 90%. A tear shows the structure, "
      "not that it hurts: the engine's age discount matters here."}},
    {"knee_lateral_meniscal_tear",
     knee_lateral_meniscus,
     NULL,
     0.80,
     16.48,
     0.21,
     {"Meta-analysis of MRI for meniscal tears, 17 studies, 2019 (PMID 31390675; 2nd-hand via "
      "Medbullets)",
      SRC_SECOND_HAND, "Arthroscopic reference: sensitivity 80%, specificity 95%."}},
    {"knee_cartilage_defect_medial",
     knee_cartilage_oa,
     "4",
     0.96,
     LR_POS(0.96, 0.69),
     LR_NEG(0.96, 0.69),
     {"MRI accuracy study, 330 knees, non-specialist readers (PMC4296071; LRs calculated)",
      SRC_CALCULATED,
      "Grade IV cartilage damage against arthroscopy. The study does not name a compartment; "
      "it is applied to the medial compartment, where the prior's population had its "
      "disease, once per knee. Radiographic Kellgren-Lawrence grade has no accuracy figure "
      "for the pain source and is not weighed."}},

    {"shoulder_supraspinatus_full_tear",
     shoulder_cuff_tear,
     NULL,
     0.87,
     LR_POS(0.87, 0.88),
     LR_NEG(0.87, 0.88),
     {"Liu F et al. Orthop J Sports Med 2020;8(2):2325967119900356 (LRs calculated)",
      SRC_CALCULATED,
      "Network meta-analysis, 144 studies: ultrasound for full-thickness tears, sensitivity "
      "87%, specificity 88% (MRI 91% / 88%). The model has no modality field; the ultrasound "
      "figures are used because the prevalence-without-pain studies used ultrasound."}},
    {"shoulder_supraspinatus_partial_tear",
     shoulder_subacromial_pain,
     NULL,
     NR,
     1.0,
     1.0,
     {"Convention, from Juel NG, Natvig B. BMC Musculoskelet Disord 2014;15:89 and Cadogan A, "
      "McNair PJ, Laslett M, Hing WA. PLoS One 2016;11:e0167738",
      SRC_CONVENTION,
      "Reported, not weighed. A partial-thickness tear is not the full-thickness lesion that "
      "shoulder_cuff_tear's prior (Juel 8%) and tests count; it falls with subacromial pain, "
      "yet against the subacromial block only a full-thickness tear raised the likelihood "
      "(LR+ 6.2, Cadogan 2016) and no partial-tear figure exists. It is also common without "
      "pain (any cuff tear on ultrasound 13% at 50-59, 51% at 80 and over, Tempelhof 1999); "
      "MRI's 78% / 97% (PMC10364937) is accuracy for the lesion, not for the pain source."}},
    {"shoulder_supraspinatus_full_tear",
     shoulder_subacromial_pain,
     NULL,
     NR,
     6.2,
     1.0,
     {"Cadogan A, McNair PJ, Laslett M, Hing WA. PLoS One 2016;11:e0167738", SRC_STUDY,
      "A full-thickness supraspinatus tear on ultrasound predicted at least 80% relief from a "
      "subacromial block: specificity 98% (94-100%), LR+ 6.2; LR- not reported."}},
};

/* ---- Prevalence without pain. Brinjikji modelled prevalence at ages 20, 30, ... 80; each
 * estimate covers the ten years centred on it (20 -> 15-24), so an age gets the nearest
 * estimate, and 80 covers 75 and over. Ages with no estimate seen (55-74, or 55 and over for
 * findings without an 80-year figure) take the nearest band's (the engine's convention), which
 * discounts less than the true older prevalence would. */
#define BRINJIKJI_ABSTRACT                                                                   \
    {                                                                                        \
        "Brinjikji W et al. AJNR Am J Neuroradiol 2015;36(4):811-6", SRC_POOLED,             \
            "Meta-analysis, 33 studies, 3110 people without back pain, CT or MRI; estimate " \
            "for the band's central age, from the abstract."                                 \
    }
#define BRINJIKJI_TABLE                                                                   \
    {                                                                                     \
        "Brinjikji W et al. AJNR Am J Neuroradiol 2015;36(4):811-6 (2nd-hand: table as "  \
        "reproduced in Scoliosis Spinal Disord 2016;11:21)",                              \
            SRC_SECOND_HAND,                                                              \
            "Meta-analysis, 33 studies, 3110 people without back pain; estimate for the " \
            "band's central age."                                                         \
    }
#define CULVENOR(note)                                                                          \
    {                                                                                           \
        "Culvenor AG et al. Br J Sports Med 2019;53:1268-78", SRC_POOLED,                       \
            "Meta-analysis, 63 studies, 5397 uninjured knees of adults without symptoms. " note \
    }
#define TEMPELHOF                                                                              \
    {                                                                                          \
        "Tempelhof S, Rupp S, Seil R. J Shoulder Elbow Surg 1999;8:296-9", SRC_STUDY,          \
            "Ultrasound, 411 people without symptoms: any cuff tear. Used for partial tears, " \
            "which overstates their own prevalence, so it discounts more, not less."           \
    }
#define MOOSMAYER                                                                       \
    {                                                                                   \
        "Moosmayer S et al. J Bone Joint Surg Br 2009;91:196-200", SRC_STUDY,           \
            "Ultrasound, 420 people without symptoms aged 50-79: full-thickness tears." \
    }

static const struct model_asymptomatic asymptomatic[] = {
    /* finding, age from, age to (inclusive), prevalence */
    {"lumbar_disc_degeneration", 15, 24, 0.37, BRINJIKJI_ABSTRACT},
    {"lumbar_disc_degeneration", 25, 34, 0.52, BRINJIKJI_TABLE},
    {"lumbar_disc_degeneration", 35, 44, 0.68, BRINJIKJI_TABLE},
    {"lumbar_disc_degeneration", 45, 54, 0.80, BRINJIKJI_TABLE},
    {"lumbar_disc_degeneration", 75, 120, 0.96, BRINJIKJI_ABSTRACT},
    {"lumbar_disc_signal_loss", 15, 24, 0.17, BRINJIKJI_ABSTRACT},
    {"lumbar_disc_signal_loss", 25, 34, 0.33, BRINJIKJI_TABLE},
    {"lumbar_disc_signal_loss", 35, 44, 0.54, BRINJIKJI_TABLE},
    {"lumbar_disc_signal_loss", 45, 54, 0.73, BRINJIKJI_TABLE},
    {"lumbar_disc_height_loss", 15, 24, 0.24, BRINJIKJI_ABSTRACT},
    {"lumbar_disc_height_loss", 25, 34, 0.34, BRINJIKJI_TABLE},
    {"lumbar_disc_height_loss", 35, 44, 0.45, BRINJIKJI_TABLE},
    {"lumbar_disc_height_loss", 45, 54, 0.56, BRINJIKJI_TABLE},
    {"lumbar_disc_bulge", 15, 24, 0.30, BRINJIKJI_ABSTRACT},
    {"lumbar_disc_bulge", 25, 34, 0.40, BRINJIKJI_TABLE},
    {"lumbar_disc_bulge", 35, 44, 0.50, BRINJIKJI_TABLE},
    {"lumbar_disc_bulge", 45, 54, 0.60, BRINJIKJI_TABLE},
    {"lumbar_disc_bulge", 75, 120, 0.84, BRINJIKJI_ABSTRACT},
    {"lumbar_disc_protrusion", 15, 24, 0.29, BRINJIKJI_ABSTRACT},
    {"lumbar_disc_protrusion", 25, 34, 0.31, BRINJIKJI_TABLE},
    {"lumbar_disc_protrusion", 35, 44, 0.33, BRINJIKJI_TABLE},
    {"lumbar_disc_protrusion", 45, 54, 0.36, BRINJIKJI_TABLE},
    {"lumbar_disc_protrusion", 75, 120, 0.43, BRINJIKJI_ABSTRACT},
    {"lumbar_annular_fissure", 15, 24, 0.19, BRINJIKJI_ABSTRACT},
    {"lumbar_annular_fissure", 25, 34, 0.20, BRINJIKJI_TABLE},
    {"lumbar_annular_fissure", 35, 44, 0.22, BRINJIKJI_TABLE},
    {"lumbar_annular_fissure", 45, 54, 0.23, BRINJIKJI_TABLE},
    {"lumbar_annular_fissure", 75, 120, 0.29, BRINJIKJI_ABSTRACT},
    {"lumbar_facet_arthropathy", 15, 24, 0.04, BRINJIKJI_ABSTRACT},
    {"lumbar_facet_arthropathy", 25, 34, 0.09, BRINJIKJI_TABLE},
    {"lumbar_facet_arthropathy", 35, 44, 0.18, BRINJIKJI_TABLE},
    {"lumbar_facet_arthropathy", 45, 54, 0.32, BRINJIKJI_TABLE},
    {"lumbar_spondylolisthesis", 15, 24, 0.03, BRINJIKJI_ABSTRACT},
    {"lumbar_spondylolisthesis", 25, 34, 0.05, BRINJIKJI_TABLE},
    {"lumbar_spondylolisthesis", 35, 44, 0.08, BRINJIKJI_TABLE},
    {"lumbar_spondylolisthesis", 45, 54, 0.14, BRINJIKJI_TABLE},
    {"lumbar_spondylolisthesis",
     55,
     64,
     0.23,
     {"Brinjikji W et al. AJNR Am J Neuroradiol 2015;36(4):811-6 (2nd-hand via a "
      "strengthscience summary)",
      SRC_SECOND_HAND, "Estimate at age 60."}},

    /* Culvenor counts a tear in either meniscus and a defect in any compartment, so each
     * figure overstates one meniscus or compartment: a stronger discount, not a weaker one. */
    {"knee_medial_meniscal_tear", 18, 39, 0.04, CULVENOR("Any meniscal tear, under 40.")},
    {"knee_medial_meniscal_tear", 40, 120, 0.19, CULVENOR("Any meniscal tear, 40 and over.")},
    {"knee_lateral_meniscal_tear", 18, 39, 0.04, CULVENOR("Any meniscal tear, under 40.")},
    {"knee_lateral_meniscal_tear", 40, 120, 0.19, CULVENOR("Any meniscal tear, 40 and over.")},
    {"knee_cartilage_defect_medial", 18, 39, 0.11, CULVENOR("Any cartilage defect, under 40.")},
    {"knee_cartilage_defect_medial", 40, 120, 0.43, CULVENOR("Any cartilage defect, 40 and over.")},
    {"knee_cartilage_defect_lateral", 18, 39, 0.11, CULVENOR("Any cartilage defect, under 40.")},
    {"knee_cartilage_defect_lateral", 40, 120, 0.43,
     CULVENOR("Any cartilage defect, 40 and over.")},
    {"knee_cartilage_defect_patellofemoral", 18, 39, 0.11,
     CULVENOR("Any cartilage defect, under 40.")},
    {"knee_cartilage_defect_patellofemoral", 40, 120, 0.43,
     CULVENOR("Any cartilage defect, 40 and over.")},
    {"knee_bone_marrow_lesion", 18, 120, 0.18, CULVENOR("All ages together.")},
    {"knee_osteophytes", 18, 120, 0.25, CULVENOR("All ages together.")},

    {"shoulder_supraspinatus_partial_tear", 50, 59, 0.13, TEMPELHOF},
    {"shoulder_supraspinatus_partial_tear", 60, 69, 0.20, TEMPELHOF},
    {"shoulder_supraspinatus_partial_tear", 70, 79, 0.31, TEMPELHOF},
    {"shoulder_supraspinatus_partial_tear", 80, 120, 0.51, TEMPELHOF},
    {"shoulder_supraspinatus_full_tear", 50, 59, 0.021, MOOSMAYER},
    {"shoulder_supraspinatus_full_tear", 60, 69, 0.057, MOOSMAYER},
    {"shoulder_supraspinatus_full_tear", 70, 79, 0.15, MOOSMAYER},
};

/* ---- Blocks. A screening design confirms only screen-positive patients, so the single-block
 * sensitivity is 1 by construction: LR+ = 1 / false-positive rate is an upper bound, and LR-
 * cannot be derived (1.0: the engine reports the block without weighing it). */
#define MANCHIKANTI_2010(note)                                                                 \
    {                                                                                          \
        "Manchikanti L et al. Pain Physician 2010;13:133-43", SRC_STUDY,                       \
            "Controlled blocks read at 80% relief: 89.5% kept the diagnosis at 2 years "       \
            "(n=152), compared with a 50% cohort (n=110). The ISIS guideline wording was not " \
            "found; MacVicar 2013 selected by complete relief, Cohen 2010 used 50%. " note     \
    }
#define SCHWARZER_1994                                                                        \
    {                                                                                         \
        "Schwarzer AC et al. Pain 1994;58(2):195-200 (LR+ calculated)", SRC_CALCULATED,       \
            "176 patients: 47% responded to a lignocaine screen, 15% were confirmed with "    \
            "bupivacaine (at least 50% relief): false-positive rate 38%, PPV 31%. LR+ = 1 / " \
            "0.38 = 2.6, an upper bound (PPV 31% at 15% prevalence gives 2.55). LR- cannot "  \
            "be derived: 1.0. Read at 50% relief; the 80% threshold should be more specific." \
    }
/* A reversed pair: relief twice, but the longer-acting agent did not give the longer relief. */
#define REVERSED_FACET                                                                            \
    {                                                                                             \
        "Convention, from Lord SM, Barnsley L, Bogduk N. Clin J Pain 1995;11:208-13 and "         \
        "Schwarzer AC et al. Pain 1994;58:195-200",                                               \
            SRC_CONVENTION,                                                                       \
            "Lord's strict criterion (the longer-acting agent gives the longer relief) has "      \
            "sensitivity 54%, specificity 88% against placebo-controlled blocks; its "            \
            "false-negative "                                                                     \
            "rate (relief with both anaesthetics in discordant durations, none with saline) was " \
            "32% (Cohen 2020 RAPM guideline, Table 9, 2nd-hand; denominator not seen). "          \
            "The lenient criterion's own figures were not found. A reversed pair "                \
            "is weighed as one positive block (LR+ 1 / 0.38 = 2.6, Schwarzer 1994): "             \
            "reproducible relief without the duration's added specificity. The duration rule "    \
            "is contested: an Interv Pain Med 2022 study (PMC11372915) and Pasuhirunnikorn "      \
            "2023 (World Neurosurg) found no lidocaine-bupivacaine duration difference."          \
    }
#define REVERSED_NOT_APPLICABLE                                                                  \
    {                                                                                            \
        "Not applicable", SRC_CONVENTION,                                                        \
            "No comparative figure for this target: a reversed pair weighs as a concordant one " \
            "(if at all)."                                                                       \
    }

#define LORD_1995(quality, note)                                                               \
    {                                                                                          \
        "Lord SM, Barnsley L, Bogduk N. Clin J Pain 1995;11:208-13 (LRs calculated)", quality, \
            "Comparative local-anaesthetic blocks against placebo-controlled blocks: "         \
            "sensitivity 54%, specificity 88%, in cervical medial branch blocks. " note        \
            "Report concordance of relief, not duration alone: 2022-2023 trials found no "     \
            "lidocaine-bupivacaine duration difference."                                       \
    }
#define KNEE_IA_THRESHOLD                                                               \
    {                                                                                   \
        "SpringerPlus 2013;2:628 (PMC3877413)", SRC_STUDY,                              \
            "At least 70% relief positive, under 50% negative; 61% positive in medial " \
            "osteoarthritis, negatives older, with longer and more diffuse pain."       \
    }
#define KNEE_IA_UNWEIGHED                                                                     \
    {                                                                                         \
        "Convention: no accuracy figure", SRC_CONVENTION,                                     \
            "An intra-articular block relieves cartilage, meniscal and synovial pain alike, " \
            "so it cannot separate the knee's intra-articular generators; it speaks against " \
            "extra-articular and referred sources, which are not modelled. Reported, not "    \
            "weighed."                                                                        \
    }

static const struct model_block blocks[] = {
    /* target, generator, relief %, threshold source, single LR+, LR-, source, comparative LR+,
     * LR-, source, reversed LR+, source */
    {"lumbar_medial_branch", lumbar_facet, 80, MANCHIKANTI_2010(""), 1.0 / 0.38, 1.0,
     SCHWARZER_1994, LR_POS(0.54, 0.88), LR_NEG(0.54, 0.88),
     LORD_1995(SRC_CALCULATED, "Applied to the lumbar joints by analogy: no lumbar figure. "),
     1.0 / 0.38, REVERSED_FACET},
    {"lumbar_facet_intraarticular", lumbar_facet, 80,
     MANCHIKANTI_2010("Measured with medial branch blocks; the same threshold is kept for "
                      "intra-articular blocks."),
     1.0 / 0.38, 1.0, SCHWARZER_1994, LR_POS(0.54, 0.88), LR_NEG(0.54, 0.88),
     LORD_1995(SRC_CALCULATED, "Applied to lumbar intra-articular blocks by analogy. "), 1.0 / 0.38,
     REVERSED_FACET},
    {"sij_intraarticular",
     lumbar_sij,
     75,
     {"Convention", SRC_CONVENTION,
      "No ISIS/SIS threshold was found. Polly 2016 (Int J Spine Surg) used 50% in fusion "
      "trials and argued 75% has no basis in evidence; a large single-vs-control block series "
      "(2015) used more than 80%. 75% is a stated convention between the two, stricter than "
      "50% because single SIJ blocks are often falsely positive (9 of 19 unconfirmed, Maigne "
      "1996). Image guidance: blind injections reached the joint in 5 of 60 (Pain Physician "
      "2003)."},
     44.0 / 9.0,
     1.0,
     {"Maigne JY, Aivaliklis A, Pfefer F. Spine 1996;21(16):1889-92 (LR+ calculated)",
      SRC_CALCULATED,
      "54 selected patients: 19 screen-positive, 10 confirmed by a second block, so 9 of 19 "
      "(47%) unconfirmed; false-positive rate 9 / 44 = 20%, LR+ = 44 / 9 = 4.9, an upper "
      "bound. LR- cannot be derived: 1.0."},
     44.0 / 9.0,
     1.0,
     {"Convention, from Maigne JY, Aivaliklis A, Pfefer F. Spine 1996;21(16):1889-92",
      SRC_CONVENTION,
      "No SIJ comparative-block accuracy was found (a concordant pair is the reference "
      "standard of the SIJ studies). A concordant pair is weighed as one positive block, its "
      "added specificity unquantified; a discordant pair is not weighed."},
     44.0 / 9.0,
     {"Convention, from Maigne JY, Aivaliklis A, Pfefer F. Spine 1996;21(16):1889-92",
      SRC_CONVENTION,
      "No duration-based SIJ figure exists: a reversed pair is two positive blocks, weighed as "
      "one positive block like a concordant pair."}},
    /* Discography is read by concordance, not relief; relief_pct (1-100 on the wire) is then
     * a placeholder the engine must not read. */
    {"provocation_discography",
     lumbar_disc,
     100,
     {"IASP criteria as applied by Schwarzer AC, Aprill CN, Derby R, Fortin J, Kine G, Bogduk "
      "N. Spine 1995;20(17):1878-83",
      SRC_STUDY,
      "Not a relief test: positive = concordant pain on provocation, an annular disruption on "
      "CT-discography and at least one painless control disc. relief_pct is a placeholder. "
      "SIS pressure-controlled criteria were not found."},
     1.0 / 0.093,
     1.0,
     {"Wolfer LR, Derby R, Lee JE, Lee SH. Pain Physician 2008;11:513-38 (LR+ calculated)",
      SRC_CALCULATED,
      "Meta-analysis: false positives 9.3% per patient (all data), so LR+ = 1 / 0.093 = 10.8, "
      "an upper bound (discography is its own reference standard). False positives reach 50% "
      "with somatization (Wolfer) and 83% (Carragee 2000, Spine), an LR+ near 1-2: see the "
      "somatization candidacy fact. LR- cannot be derived: 1.0."},
     1.0,
     1.0,
     {"Not applicable", SRC_CONVENTION,
      "Discography is not done as a comparative pair; the control disc is part of the single "
      "test's criteria."},
     1.0,
     REVERSED_NOT_APPLICABLE},
    {"subacromial",
     shoulder_subacromial_pain,
     80,
     {"Cadogan A, McNair PJ, Laslett M, Hing WA. PLoS One 2016;11:e0167738", SRC_STUDY,
      "At least 80% relief after ultrasound-guided subacromial lidocaine; 34% positive in "
      "primary care. Relief suggests subacromial pain with or without a cuff tear (Plancher "
      "2021, J Am Acad Orthop Surg)."},
     1.0,
     1.0,
     {"Convention: no accuracy figure", SRC_CONVENTION,
      "The block is the reference standard that defines subacromial pain in the study behind "
      "the prior, so its own accuracy is not reported. Reported, not weighed."},
     1.0,
     1.0,
     {"Convention: no accuracy figure", SRC_CONVENTION,
      "No comparative subacromial block figure was found. Reported, not weighed."},
     1.0,
     REVERSED_NOT_APPLICABLE},
    /* One row per intra-articular knee generator: the block confirms each alike. */
    {"knee_intraarticular", knee_cartilage_oa, 70, KNEE_IA_THRESHOLD, 1.0, 1.0, KNEE_IA_UNWEIGHED,
     1.0, 1.0, KNEE_IA_UNWEIGHED, 1.0, REVERSED_NOT_APPLICABLE},
    {"knee_intraarticular", knee_medial_meniscus, 70, KNEE_IA_THRESHOLD, 1.0, 1.0,
     KNEE_IA_UNWEIGHED, 1.0, 1.0, KNEE_IA_UNWEIGHED, 1.0, REVERSED_NOT_APPLICABLE},
    {"knee_intraarticular", knee_lateral_meniscus, 70, KNEE_IA_THRESHOLD, 1.0, 1.0,
     KNEE_IA_UNWEIGHED, 1.0, 1.0, KNEE_IA_UNWEIGHED, 1.0, REVERSED_NOT_APPLICABLE},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const struct model_generator *model_generators(size_t *n)
{
    if (n)
        *n = COUNT(generators);
    return generators;
}

const struct model_prior *model_priors(size_t *n)
{
    if (n)
        *n = COUNT(priors);
    return priors;
}

const struct model_oa_prevalence *model_oa_prevalence(size_t *n)
{
    if (n)
        *n = COUNT(oa_prevalence);
    return oa_prevalence;
}

const struct model_site *model_sites(size_t *n)
{
    if (n)
        *n = COUNT(sites);
    return sites;
}

const struct model_unweighed *model_unweighed(size_t *n)
{
    if (n)
        *n = COUNT(unweighed);
    return unweighed;
}

const struct model_imaging_verdict *model_imaging_verdicts(size_t *n)
{
    if (n)
        *n = COUNT(imaging_verdicts);
    return imaging_verdicts;
}

const struct source *model_other_prior_source(void) { return &other_prior; }
const struct source *model_site_other_source(void) { return &site_other; }

const struct model_finding *model_findings(size_t *n)
{
    if (n)
        *n = COUNT(findings);
    return findings;
}

const struct model_cluster *model_clusters(size_t *n)
{
    if (n)
        *n = COUNT(clusters);
    return clusters;
}

const struct model_imaging *model_imaging(size_t *n)
{
    if (n)
        *n = COUNT(imaging);
    return imaging;
}

const struct model_asymptomatic *model_asymptomatic(size_t *n)
{
    if (n)
        *n = COUNT(asymptomatic);
    return asymptomatic;
}

const struct model_block *model_blocks(size_t *n)
{
    if (n)
        *n = COUNT(blocks);
    return blocks;
}

const struct model_generator *model_generator_find(const char *code)
{
    if (!code)
        return NULL;
    for (size_t i = 0; i < COUNT(generators); i++)
        if (strcmp(generators[i].code, code) == 0)
            return &generators[i];
    return NULL;
}

const char *model_quality_name(enum source_quality q)
{
    /* The enum may arrive from a cast integer: out of range gives NULL. */
    switch (q) {
    case SRC_POOLED: return "pooled";
    case SRC_STUDY: return "study";
    case SRC_SECOND_HAND: return "second_hand";
    case SRC_CALCULATED: return "calculated";
    case SRC_CONVENTION: return "convention";
    }
    return NULL;
}
