/* The controlled vocabulary as one static table, drawn from the clinical evidence and
 * published sources each description names, and the lookups over it.
 * Pure: no I/O, no allocation. */
#include "paingen/scoring/vocabulary.h"

#include <string.h>

/* Grading scales, each in the spelling a radiology report uses. */
static const char *const pfirrmann[] = {"1", "2", "3", "4", "5", NULL};
static const char *const modic[] = {"1", "2", "3", NULL};
static const char *const weishaupt[] = {"0", "1", "2", "3", NULL};
static const char *const meyerding[] = {"1", "2", "3", "4", "5", NULL};
static const char *const kellgren_lawrence[] = {"0", "1", "2", "3", "4", NULL};
static const char *const icrs[] = {"0", "1", "2", "3", "4", NULL};
static const char *const partial_side[] = {"partial_articular", "partial_bursal",
                                           "partial_intrasubstance", NULL};
static const char *const meniscal_location[] = {"anterior_horn", "body", "posterior_horn", "root",
                                                NULL};
static const char *const tear_size[] = {"small", "medium", "large", "massive", NULL};
static const char *const lafosse[] = {"1", "2", "3", "4", "5", NULL};
static const char *const bigliani[] = {"1", "2", "3", NULL};
static const char *const patte[] = {"1", "2", "3", NULL};
static const char *const goutallier[] = {"0", "1", "2", "3", "4", NULL};
static const char *const samilson_prieto[] = {"1", "2", "3", NULL};

#define L   REGION_LUMBAR
#define K   REGION_KNEE
#define S   REGION_SHOULDER
#define ALL REGION_ALL

#define HISTORY     VOCAB_GROUP_HISTORY
#define INSPECTION  VOCAB_GROUP_INSPECTION
#define PROVOCATION VOCAB_GROUP_PROVOCATION

/* Ungraded, level-free entry of any kind but a finding (a finding without
 * a group is refused by the unit tests). */
#define E(kind, code, regions, label, desc)                                                    \
    {                                                                                          \
        code, sizeof code - 1, kind, regions, label, desc, NULL, NULL, false, VOCAB_GROUP_NONE \
    }
/* A finding, in the group of the examination it belongs to. */
#define F(code, regions, group, label, desc)                                                 \
    {                                                                                        \
        code, sizeof code - 1, VOCAB_FINDING, regions, label, desc, NULL, NULL, false, group \
    }
/* Imaging finding: scale and grades (or NULL, NULL), and whether it sits at a level. */
#define IMG(code, regions, label, desc, scale, grades, level)                                     \
    {                                                                                             \
        code, sizeof code - 1, VOCAB_IMAGING_FINDING, regions, label, desc, scale, grades, level, \
            VOCAB_GROUP_NONE                                                                      \
    }
#define TARGET(code, regions, label, desc, level)                                           \
    {                                                                                       \
        code, sizeof code - 1, VOCAB_BLOCK_TARGET, regions, label, desc, NULL, NULL, level, \
            VOCAB_GROUP_NONE                                                                \
    }

static const struct vocab_entry entries[] = {
    /* ---- Findings, lumbar: SIJ provocation tests. They are correlated, so the
     * scoring core uses them as a cluster (Laslett 2005), never one by one. */
    F("sij_distraction", L, PROVOCATION, "SIJ distraction test",
      "Supine; posterolateral pressure on both anterior superior iliac spines. Positive when "
      "it reproduces the patient's familiar pain."),
    F("sij_thigh_thrust", L, PROVOCATION, "SIJ thigh thrust test",
      "Supine, hip flexed to 90 degrees; axial pressure along the femur towards the table. "
      "Positive when it reproduces familiar buttock or low back pain."),
    F("sij_compression", L, PROVOCATION, "SIJ compression test",
      "Side-lying; downward pressure on the uppermost iliac crest. Positive when it "
      "reproduces familiar pain."),
    F("sij_sacral_thrust", L, PROVOCATION, "SIJ sacral thrust test",
      "Prone; anterior pressure on the centre of the sacrum. Positive when it reproduces "
      "familiar pain."),
    F("sij_gaenslen", L, PROVOCATION, "Gaenslen's test",
      "Supine at the table edge; one hip held in full flexion while the other leg drops into "
      "extension, done on each side. Positive when it reproduces familiar pain."),
    F("sij_faber", L, PROVOCATION, "FABER (Patrick) test, SIJ",
      "Supine; hip flexed, abducted and externally rotated, then pressure on the knee. Positive "
      "when it reproduces familiar posterior (SIJ-region) pain; part of the van der Wurff "
      "cluster."),
    F("sij_gillet", L, PROVOCATION, "Gillet test",
      "Standing on one leg with the other hip flexed; the examiner palpates the posterior "
      "superior iliac spine. Positive when that side fails to move down relative to the sacrum."),
    F("sij_fortin_finger", L, INSPECTION, "Fortin finger test",
      "The patient points with one finger to the area of pain. Positive when it is within 1 cm "
      "inferomedial to the posterior superior iliac spine, on repeated trials."),
    /* Lumbar: Revel's seven items (facet), each under its natural polarity. */
    F("lumbar_age_over_65", L, HISTORY, "Age over 65 (Revel item)",
      "Positive when the patient is older than 65 years; one of Revel's criteria for facet "
      "pain (counts when positive)."),
    F("lumbar_relief_recumbency", L, HISTORY, "Pain well relieved by lying down",
      "History: positive when the back pain is well relieved by recumbency. Revel item (counts "
      "when positive)."),
    F("lumbar_pain_on_cough", L, HISTORY, "Pain worsened by coughing",
      "History: positive when coughing or sneezing exacerbates the back pain. Revel item "
      "(counts when negative)."),
    F("lumbar_pain_on_forward_flexion", L, INSPECTION, "Pain on forward flexion",
      "Standing forward bending; positive when it exacerbates the pain. Revel item (counts when "
      "negative)."),
    F("lumbar_pain_rising_from_flexion", L, INSPECTION, "Pain on rising from flexion",
      "Returning upright from forward bending; positive when it exacerbates the pain. Revel "
      "item (counts when negative)."),
    F("lumbar_pain_on_hyperextension", L, INSPECTION, "Pain on hyperextension",
      "Standing backward bending; positive when it exacerbates the pain. Revel item (counts "
      "when negative)."),
    F("lumbar_pain_on_extension_rotation", L, PROVOCATION,
      "Pain on extension-rotation (Kemp / quadrant test)",
      "Standing; combined extension, rotation and side-bending to one side. Positive when it "
      "reproduces the pain; Revel item when negative, Helbig-Lee facet score item when "
      "positive."),
    /* Lumbar: other history and examination items with figures. */
    F("lumbar_paraspinal_tenderness", L, INSPECTION, "Paraspinal tenderness",
      "Palpation lateral to the spinous processes over the facet joints; positive when it is "
      "locally tender. Scored only as a Helbig-Lee scorecard item for facet pain."),
    F("lumbar_pain_rising_from_sitting", L, HISTORY, "Pain on rising from sitting",
      "History or observation; positive when standing up from a chair provokes the pain. Its "
      "absence was associated with facet-block response (Young 2003)."),
    F("lumbar_centralization", L, PROVOCATION, "Centralization phenomenon",
      "Repeated end-range movements (McKenzie assessment) in one direction; positive when the "
      "most distal referred pain retreats towards the midline and stays there. Informs disc "
      "pain."),
    F("lumbar_persistent_pain_between_episodes", L, HISTORY, "Persistent pain between episodes",
      "History: positive when pain never fully settles between flare-ups. Discogenic predictor "
      "(Laslett 2006)."),
    F("lumbar_loss_of_extension", L, INSPECTION, "Significant loss of extension",
      "Standing lumbar extension range; positive when it is markedly reduced. Discogenic "
      "predictor (Laslett 2006)."),
    F("lumbar_neutral_zone_vulnerability", L, INSPECTION, "Vulnerability in the neutral zone",
      "Positive when the patient reports the back giving way or catching in mid-range movement "
      "or on minor loads. Discogenic predictor (Laslett 2006)."),
    F("lumbar_prior_fusion_surgery", L, HISTORY, "Prior lumbar fusion / back surgery",
      "History: positive after lumbar fusion or other lumbar surgery. The SIJ is the source in "
      "about 29% of failed back surgery pain, more than in unoperated backs."),
    F("lumbar_slr", L, PROVOCATION, "Straight-leg raise",
      "Supine; the straight leg is raised passively. Positive when it reproduces the patient's "
      "leg pain below the knee (radicular pain), not back or hamstring pain alone."),
    F("lumbar_crossed_slr", L, PROVOCATION, "Crossed straight-leg raise",
      "Raising the unaffected leg reproduces pain in the affected leg. Positive points to "
      "nerve-root compression."),
    F("lumbar_pain_on_sitting", L, HISTORY, "Pain worse on sitting",
      "History: positive when prolonged sitting provokes or worsens the back pain."),

    /* ---- Findings, knee: meniscal tests and the Lowery composite items. */
    F("knee_thessaly", K, PROVOCATION, "Thessaly test (20 degrees)",
      "Standing on the affected leg with the knee flexed 20 degrees, the patient rotates the "
      "body three times each way. Positive on joint-line discomfort or locking/catching."),
    F("knee_mcmurray", K, PROVOCATION, "McMurray test",
      "Supine; from full flexion the knee is extended under tibial rotation and varus or valgus "
      "stress. Positive on a painful click or pain at the joint line."),
    F("knee_joint_line_tenderness", K, INSPECTION, "Joint-line tenderness",
      "Palpation of the medial and lateral joint lines with the knee flexed; positive when "
      "tender at the joint line."),
    F("knee_apley", K, PROVOCATION, "Apley compression test",
      "Prone, knee flexed 90 degrees; axial compression through the heel while rotating the "
      "tibia. Positive when it reproduces joint-line pain."),
    F("knee_ege", K, PROVOCATION, "Ege's test",
      "Weight-bearing squat with the feet externally (medial) or internally (lateral) rotated. "
      "Positive on pain or a click at the joint line."),
    F("knee_catching_locking", K, HISTORY, "Catching or locking (history)",
      "History: positive when the knee catches or locks. Item of the Lowery meniscal "
      "composite."),
    F("knee_pain_forced_hyperextension", K, PROVOCATION, "Pain on forced hyperextension",
      "Passive overpressure into knee hyperextension; positive when it causes pain. Item of "
      "the Lowery meniscal composite."),
    F("knee_pain_maximal_flexion", K, PROVOCATION, "Pain on maximal passive flexion",
      "Passive overpressure into full knee flexion; positive when it causes pain. Item of the "
      "Lowery meniscal composite."),
    F("knee_lachman", K, PROVOCATION, "Lachman test",
      "Knee flexed 20-30 degrees; anterior translation of the tibia on the femur. Positive on "
      "increased translation or a soft end-point (ACL tear, a competitor of meniscal pain)."),
    /* Knee: osteoarthritis competitor items (ACR clinical criteria); no figure in
     * the evidence, so they describe rather than weigh. */
    F("knee_crepitus", K, INSPECTION, "Crepitus on active motion",
      "Palpable grating during active knee flexion and extension; an ACR clinical criterion "
      "item for knee osteoarthritis."),
    F("knee_bony_enlargement", K, INSPECTION, "Bony enlargement",
      "Palpable bony swelling at the joint margins; an ACR clinical criterion item for knee "
      "osteoarthritis."),
    F("knee_morning_stiffness_short", K, HISTORY, "Morning stiffness under 30 minutes",
      "History: positive when morning stiffness lasts less than 30 minutes; an ACR clinical "
      "criterion item for knee osteoarthritis."),
    F("knee_effusion_clinical", K, INSPECTION, "Effusion on examination",
      "Patellar tap, sweep or ballottement test; positive when fluid is detected. Suggests "
      "synovitis or an intra-articular process."),
    F("knee_twisting_onset", K, HISTORY, "Onset with a twisting injury",
      "History: positive when the pain began with a twist of the loaded knee."),

    /* ---- Findings, shoulder: rotator cuff, subacromial and subscapularis tests. */
    F("shoulder_painful_arc", S, PROVOCATION, "Painful arc",
      "Active abduction in the scapular plane; positive when pain occurs between about 60 and "
      "120 degrees. Item of the Park and Michener clusters."),
    F("shoulder_drop_arm", S, PROVOCATION, "Drop-arm sign",
      "The arm is passively abducted to 90 degrees and the patient lowers it slowly; positive "
      "when it drops or cannot be lowered smoothly. Item of the Park cluster."),
    F("shoulder_er_lag", S, PROVOCATION, "External rotation lag sign",
      "Elbow flexed 90 degrees, arm at the side, shoulder passively brought to near-maximal "
      "external rotation; positive when the patient cannot hold it and the arm springs back."),
    F("shoulder_ir_lag", S, PROVOCATION, "Internal rotation lag sign",
      "Hand passively lifted off the lower back into maximal internal rotation; positive when "
      "the patient cannot hold it off the back (subscapularis)."),
    F("shoulder_infraspinatus_strength", S, PROVOCATION,
      "Infraspinatus / resisted external rotation test",
      "Arm at the side, elbow flexed 90 degrees, resisted external rotation; positive on "
      "weakness (Park) or on pain or weakness (Michener cluster)."),
    F("shoulder_empty_can", S, PROVOCATION, "Empty can (Jobe) test",
      "Arm abducted 90 degrees in the scapular plane, internally rotated (thumb down), resisted "
      "elevation; positive on weakness or pain (supraspinatus)."),
    F("shoulder_full_can", S, PROVOCATION, "Full can test",
      "As the empty can test but with the arm externally rotated (thumb up); positive on "
      "weakness or pain (supraspinatus)."),
    F("shoulder_hawkins_kennedy", S, PROVOCATION, "Hawkins-Kennedy test",
      "Shoulder and elbow flexed 90 degrees, passive internal rotation of the shoulder; "
      "positive when it reproduces the pain (subacromial impingement)."),
    F("shoulder_neer", S, PROVOCATION, "Neer sign",
      "Passive maximal forward elevation with the scapula stabilised and the arm internally "
      "rotated; positive when it reproduces the pain (subacromial impingement)."),
    F("shoulder_bear_hug", S, PROVOCATION, "Bear hug test",
      "Palm on the opposite shoulder, elbow forward; the examiner tries to lift the hand off "
      "in external rotation. Positive when the patient cannot resist (subscapularis)."),
    F("shoulder_belly_press", S, PROVOCATION, "Belly press test",
      "Palm pressed on the abdomen with the elbow kept forward; positive when the elbow falls "
      "back or the wrist flexes to keep pressing (subscapularis)."),
    F("shoulder_napoleon", S, PROVOCATION, "Napoleon test",
      "Belly press done with the wrist kept straight; positive when the patient can press only "
      "by flexing the wrist (subscapularis)."),
    F("shoulder_lift_off", S, PROVOCATION, "Lift-off test",
      "Dorsum of the hand on the lower back; positive when the patient cannot lift it off the "
      "back (subscapularis)."),
    F("shoulder_strain_injury_onset", S, HISTORY, "Onset with a strain injury",
      "History: positive when the pain began with a strain (sudden load or overreach). Item of "
      "the Cadogan subacromial-pain rule."),
    F("shoulder_pain_er_abduction_end_range", S, PROVOCATION,
      "Pain at end-range external rotation in abduction",
      "Shoulder abducted 90 degrees, passive external rotation to end range; positive when "
      "painful. Cadogan subacromial rule item (counts when negative)."),
    F("shoulder_passive_er_loss", S, INSPECTION, "Loss of passive external rotation",
      "Passive external rotation with the arm at the side, compared with the other side; "
      "positive when clearly reduced (capsulitis or glenohumeral OA rather than the cuff)."),
    F("shoulder_pain_overhead_activity", S, HISTORY, "Pain on overhead activity",
      "History: positive when reaching or working overhead provokes the pain."),
    /* Any region. */
    F("night_pain", ALL, HISTORY, "Night pain",
      "History: positive when pain wakes the patient or prevents lying on the side at night."),

    /* ---- Imaging findings, lumbar: these sit at a level. */
    IMG("lumbar_disc_degeneration", L, "Disc degeneration",
        "MRI T2 disc signal and structure, graded by Pfirrmann from 1 (normal) to 5 (collapsed "
        "disc).",
        "Pfirrmann", pfirrmann, true),
    IMG("lumbar_disc_signal_loss", L, "Disc signal loss",
        "Reduced T2 signal of the nucleus pulposus on MRI (desiccation).", NULL, NULL, true),
    IMG("lumbar_disc_height_loss", L, "Disc height loss",
        "Reduced disc space height on radiograph, CT or MRI.", NULL, NULL, true),
    IMG("lumbar_disc_bulge", L, "Disc bulge",
        "Disc material beyond the vertebral ring apophyses over more than 25% of the disc "
        "circumference.",
        NULL, NULL, true),
    IMG("lumbar_disc_protrusion", L, "Disc protrusion",
        "Focal displacement of disc material whose base is wider than its extent beyond the "
        "disc space.",
        NULL, NULL, true),
    IMG("lumbar_disc_extrusion", L, "Disc extrusion",
        "Displaced disc material wider than its base in at least one plane, or extending "
        "beyond the endplate level.",
        NULL, NULL, true),
    IMG("lumbar_annular_fissure", L, "Annular fissure",
        "Separation between annular fibres seen on MRI or CT-discography.", NULL, NULL, true),
    IMG("lumbar_hiz", L, "High-intensity zone (HIZ)",
        "Bright T2 signal within the posterior annulus, distinct from the nucleus.", NULL, NULL,
        true),
    IMG("lumbar_modic_change", L, "Modic endplate change",
        "Vertebral endplate marrow signal change on MRI: type 1 oedema, type 2 fatty, type 3 "
        "sclerosis.",
        "Modic", modic, true),
    IMG("lumbar_facet_arthropathy", L, "Facet arthropathy (degeneration)",
        "Facet joint space narrowing, osteophytes, hypertrophy or erosions on CT or MRI, graded "
        "0 (normal) to 3 (severe).",
        "Weishaupt", weishaupt, true),
    IMG("lumbar_facet_effusion", L, "Facet joint effusion",
        "Fluid signal distending the facet joint capsule on T2 MRI.", NULL, NULL, true),
    IMG("lumbar_facet_spect_uptake", L, "Facet uptake on SPECT",
        "Increased tracer uptake in a facet joint on SPECT or SPECT-CT bone scintigraphy.", NULL,
        NULL, true),
    IMG("lumbar_spondylolisthesis", L, "Spondylolisthesis",
        "Forward slip of a vertebra on the one below, graded by Meyerding 1 (up to 25%) to 5 "
        "(spondyloptosis).",
        "Meyerding", meyerding, true),
    IMG("lumbar_spondylolysis", L, "Spondylolysis",
        "Defect of the pars interarticularis on CT, MRI or oblique radiographs.", NULL, NULL, true),
    IMG("lumbar_dynamic_instability", L, "Dynamic instability",
        "Abnormal translation or angulation between flexion and extension radiographs at the "
        "level, as the report states it (e.g. with a spondylolisthesis).",
        NULL, NULL, true),
    IMG("lumbar_central_stenosis", L, "Central canal stenosis",
        "Narrowing of the central spinal canal at the level, usually from disc, facet and "
        "ligamentum flavum hypertrophy.",
        NULL, NULL, true),
    IMG("lumbar_foraminal_stenosis", L, "Foraminal stenosis",
        "Narrowing of the neural foramen at the level, with or without nerve root contact.", NULL,
        NULL, true),
    /* SIJ imaging: the joint is not at a spinal level. */
    IMG("sij_spect_uptake", L, "SIJ uptake on SPECT-CT",
        "Increased tracer uptake at the sacroiliac joint on SPECT-CT bone scintigraphy.", NULL,
        NULL, false),
    IMG("sij_arthropathy", L, "SIJ degenerative arthropathy",
        "Joint space narrowing, subchondral sclerosis or osteophytes of the sacroiliac joint on "
        "radiograph or CT.",
        NULL, NULL, false),
    IMG("sij_bone_marrow_oedema", L, "SIJ subchondral bone marrow oedema",
        "Periarticular marrow oedema of the sacroiliac joint on STIR MRI; suggests sacroiliitis "
        "(inflammatory) rather than mechanical SIJ pain.",
        NULL, NULL, false),

    /* ---- Imaging findings, knee. */
    IMG("knee_medial_meniscal_tear", K, "Medial meniscal tear",
        "Intrameniscal signal reaching an articular surface on two or more MRI slices, or "
        "distorted morphology, in the medial meniscus; graded by where it lies.",
        "location", meniscal_location, false),
    IMG("knee_lateral_meniscal_tear", K, "Lateral meniscal tear",
        "Intrameniscal signal reaching an articular surface on two or more MRI slices, or "
        "distorted morphology, in the lateral meniscus; graded by where it lies.",
        "location", meniscal_location, false),
    IMG("knee_meniscal_degeneration", K, "Meniscal degeneration without tear",
        "Intrameniscal signal that does not reach an articular surface (MRI grade 1-2).", NULL,
        NULL, false),
    IMG("knee_meniscal_extrusion", K, "Meniscal extrusion",
        "Meniscal body displaced 3 mm or more beyond the tibial plateau margin on coronal MRI "
        "or ultrasound.",
        NULL, NULL, false),
    IMG("knee_cartilage_defect_medial", K, "Cartilage defect, medial compartment",
        "Medial femorotibial cartilage loss on MRI, graded by ICRS 0 (normal) to 4 (full "
        "thickness to bone).",
        "ICRS", icrs, false),
    IMG("knee_cartilage_defect_lateral", K, "Cartilage defect, lateral compartment",
        "Lateral femorotibial cartilage loss on MRI, graded by ICRS 0 (normal) to 4 (full "
        "thickness to bone).",
        "ICRS", icrs, false),
    IMG("knee_cartilage_defect_patellofemoral", K, "Cartilage defect, patellofemoral",
        "Patellar or trochlear cartilage loss on MRI, graded by ICRS 0 (normal) to 4 (full "
        "thickness to bone).",
        "ICRS", icrs, false),
    IMG("knee_osteoarthritis", K, "Radiographic osteoarthritis",
        "Weight-bearing radiograph graded by Kellgren-Lawrence 0 (none) to 4 (marked narrowing, "
        "large osteophytes, bone deformity).",
        "Kellgren-Lawrence", kellgren_lawrence, false),
    IMG("knee_bone_marrow_lesion", K, "Bone marrow lesion",
        "Subchondral ill-defined T2/STIR hyperintensity of femur or tibia on MRI.", NULL, NULL,
        false),
    IMG("knee_osteophytes", K, "Osteophytes", "Marginal bony outgrowths on radiograph or MRI.",
        NULL, NULL, false),
    IMG("knee_effusion", K, "Joint effusion",
        "Fluid distending the suprapatellar recess or joint on MRI or ultrasound.", NULL, NULL,
        false),
    IMG("knee_synovitis", K, "Synovitis",
        "Synovial thickening (Hoffa fat pad signal, contrast enhancement or power Doppler) on "
        "MRI or ultrasound.",
        NULL, NULL, false),

    /* ---- Imaging findings, shoulder. Partial tears are graded by side,
     * full-thickness tears by size (DeOrio-Cofield). */
    IMG("shoulder_supraspinatus_partial_tear", S, "Supraspinatus partial-thickness tear",
        "Tear not through the full tendon thickness on MRI, MRA or ultrasound; graded by the "
        "surface involved.",
        "partial-thickness side", partial_side, false),
    IMG("shoulder_supraspinatus_full_tear", S, "Supraspinatus full-thickness tear",
        "Tear from the bursal to the articular surface; graded by size: small <1 cm, medium "
        "1-3 cm, large 3-5 cm, massive >5 cm.",
        "DeOrio-Cofield", tear_size, false),
    IMG("shoulder_infraspinatus_partial_tear", S, "Infraspinatus partial-thickness tear",
        "Tear not through the full tendon thickness on MRI, MRA or ultrasound; graded by the "
        "surface involved.",
        "partial-thickness side", partial_side, false),
    IMG("shoulder_infraspinatus_full_tear", S, "Infraspinatus full-thickness tear",
        "Tear from the bursal to the articular surface; graded by size: small <1 cm, medium "
        "1-3 cm, large 3-5 cm, massive >5 cm.",
        "DeOrio-Cofield", tear_size, false),
    IMG("shoulder_subscapularis_tear", S, "Subscapularis tear",
        "Subscapularis tendon tear graded by Lafosse 1 (partial upper third) to 5 (complete with "
        "head subluxation and fatty degeneration).",
        "Lafosse", lafosse, false),
    IMG("shoulder_cuff_tendinopathy", S, "Rotator cuff tendinopathy",
        "Tendon thickening with increased intrasubstance signal (MRI) or hypoechogenicity (US) "
        "without a tear.",
        NULL, NULL, false),
    IMG("shoulder_calcific_tendinopathy", S, "Calcific tendinopathy",
        "Calcium deposit within a rotator cuff tendon on radiograph or ultrasound.", NULL, NULL,
        false),
    IMG("shoulder_subacromial_bursitis", S, "Subacromial bursitis / bursal thickening",
        "Thickened subacromial-subdeltoid bursa or bursal fluid on ultrasound or MRI.", NULL, NULL,
        false),
    IMG("shoulder_acromial_spur", S, "Acromial spur",
        "Anteroinferior acromial enthesophyte on radiograph or MRI.", NULL, NULL, false),
    IMG("shoulder_acromion_type", S, "Acromion shape",
        "Acromial undersurface on the outlet view or sagittal MRI: Bigliani 1 flat, 2 curved, 3 "
        "hooked.",
        "Bigliani", bigliani, false),
    IMG("shoulder_cuff_retraction", S, "Rotator cuff tendon retraction",
        "Medial retraction of a torn tendon stump on coronal MRI: Patte 1 near the footprint, 2 "
        "at the humeral head, 3 at the glenoid.",
        "Patte", patte, false),
    IMG("shoulder_cuff_fatty_infiltration", S, "Rotator cuff fatty infiltration",
        "Fat within the cuff muscle bellies on CT or sagittal MRI, graded by Goutallier 0 "
        "(none) to 4 (more fat than muscle).",
        "Goutallier", goutallier, false),
    IMG("shoulder_ac_arthropathy", S, "Acromioclavicular arthropathy",
        "AC joint narrowing, osteophytes, capsular hypertrophy or effusion on radiograph, "
        "ultrasound or MRI.",
        NULL, NULL, false),
    IMG("shoulder_glenohumeral_oa", S, "Glenohumeral osteoarthritis",
        "Inferior humeral and glenoid osteophytes on radiograph, graded by Samilson-Prieto 1 "
        "(<3 mm) to 3 (>7 mm).",
        "Samilson-Prieto", samilson_prieto, false),
    IMG("shoulder_labral_tear", S, "Glenoid labral tear",
        "Contrast or fluid extending into or under the glenoid labrum on MRA or MRI.", NULL, NULL,
        false),

    /* ---- Imaging modalities. */
    E(VOCAB_MODALITY, "xr", ALL, "Radiograph (X-ray)",
      "Plain radiography, weight-bearing for knee osteoarthritis."),
    E(VOCAB_MODALITY, "mri", ALL, "MRI", "Magnetic resonance imaging without contrast."),
    E(VOCAB_MODALITY, "ct", ALL, "CT", "Computed tomography, including CT after discography."),
    E(VOCAB_MODALITY, "us", ALL, "Ultrasound", "Diagnostic musculoskeletal ultrasound."),
    E(VOCAB_MODALITY, "spect_ct", ALL, "SPECT-CT",
      "Bone scintigraphy with single-photon emission tomography fused to CT."),
    E(VOCAB_MODALITY, "mra", ALL, "MR arthrography",
      "MRI after intra-articular contrast injection; most accurate for rotator cuff and labral "
      "tears."),

    /* ---- Diagnostic block and provocation targets. */
    TARGET("lumbar_medial_branch", L, "Lumbar medial branch block",
           "Fluoroscopically guided anaesthetic block of the two medial branches supplying a "
           "facet joint. Single blocks are often falsely positive, so comparative or "
           "placebo-controlled blocks confirm.",
           true),
    TARGET("lumbar_facet_intraarticular", L, "Lumbar facet intra-articular block",
           "Fluoroscopically guided anaesthetic injection into the zygapophysial joint; positive "
           "on the agreed relief of the familiar pain.",
           true),
    TARGET("sij_intraarticular", L, "SIJ intra-articular block",
           "Image-guided (fluoroscopy or CT preferred; blind placement is rarely intra-articular) "
           "anaesthetic injection into the sacroiliac joint.",
           false),
    TARGET("provocation_discography", L, "Provocation discography",
           "Pressurised contrast injection into the disc; positive when it reproduces concordant "
           "pain with an annular disruption on CT and a painless control disc.",
           true),
    TARGET("subacromial", S, "Subacromial bursa injection",
           "Ultrasound-guided anaesthetic into the subacromial-subdeltoid bursa; relief suggests "
           "subacromial pain with or without a cuff tear.",
           false),
    TARGET("glenohumeral", S, "Glenohumeral intra-articular injection",
           "Image-guided anaesthetic into the glenohumeral joint; relief suggests an "
           "intra-articular source.",
           false),
    TARGET("acromioclavicular", S, "Acromioclavicular joint injection",
           "Image-guided anaesthetic into the AC joint; relief implicates the AC joint.", false),
    TARGET("knee_intraarticular", K, "Knee intra-articular block",
           "Anaesthetic injected into the knee joint, ideally image guided; relief (e.g. 70% or "
           "more) indicates an intra-articular source.",
           false),
    TARGET("knee_genicular_nerve", K, "Genicular nerve block",
           "Anaesthetic block of the superomedial, superolateral and inferomedial genicular "
           "nerves, used to select patients for genicular radiofrequency ablation.",
           false),

    /* ---- Block agents. */
    E(VOCAB_BLOCK_AGENT, "lidocaine", ALL, "Lidocaine (lignocaine)",
      "Short-acting local anaesthetic; the first block of a comparative pair."),
    E(VOCAB_BLOCK_AGENT, "bupivacaine", ALL, "Bupivacaine",
      "Long-acting local anaesthetic; the confirmatory block of a comparative pair."),
    E(VOCAB_BLOCK_AGENT, "ropivacaine", ALL, "Ropivacaine", "Long-acting local anaesthetic."),
    E(VOCAB_BLOCK_AGENT, "saline", ALL, "Normal saline (placebo)",
      "Inactive control injection of a placebo-controlled block protocol; relief with saline "
      "counts against the target."),

    /* ---- Pain sites, lumbar. */
    E(VOCAB_PAIN_SITE, "low_back_midline", L, "Low back, midline",
      "Central lumbar pain over the spinous processes. Its absence is reported to point "
      "towards the SIJ (Han 2023)."),
    E(VOCAB_PAIN_SITE, "low_back_paraspinal", L, "Low back, paraspinal",
      "Pain beside the lumbar spine, over the paraspinal muscles and facet joints."),
    E(VOCAB_PAIN_SITE, "low_back_above_l5", L, "Low back above L5",
      "Lumbar pain above the L5 level. Recorded as not painful, it says that no pain is felt "
      "above L5 (pain maximal below L5-S1, the population of Schwarzer 1995)."),
    E(VOCAB_PAIN_SITE, "sacral_sulcus", L, "Sacral sulcus / PSIS area",
      "Pain just inferomedial to the posterior superior iliac spine; the SIJ pain area of the "
      "Fortin finger test."),
    E(VOCAB_PAIN_SITE, "buttock", L, "Buttock",
      "Gluteal pain; facet, disc and SIJ can all refer here (clinical convention)."),
    E(VOCAB_PAIN_SITE, "lateral_hip", L, "Lateral hip",
      "Pain over the greater trochanter region; low back pain radiating to the hip may come "
      "from a facet joint, a disc or the SIJ (clinical convention)."),
    E(VOCAB_PAIN_SITE, "groin", L, "Groin",
      "Inguinal pain; the only referral pattern associated with SIJ block response (Schwarzer "
      "1995), and a Helbig-Lee facet score item."),
    E(VOCAB_PAIN_SITE, "posterior_thigh", L, "Posterior thigh",
      "Pain behind the thigh above the knee; thigh pain is a Helbig-Lee facet score item."),
    E(VOCAB_PAIN_SITE, "lateral_thigh", L, "Lateral thigh",
      "Pain on the outer thigh above the knee; thigh pain is a Helbig-Lee facet score item."),
    E(VOCAB_PAIN_SITE, "below_knee_leg", L, "Leg below the knee",
      "Pain in the calf or shin; counts against facet pain in the Helbig-Lee score."),
    E(VOCAB_PAIN_SITE, "foot", L, "Foot", "Pain in the foot or toes."),

    /* ---- Pain sites, knee. */
    E(VOCAB_PAIN_SITE, "medial_joint_line", K, "Medial joint line",
      "Medial knee pain; medial-compartment cartilage, a degenerating medial meniscus or "
      "synovium may generate it (clinical convention)."),
    E(VOCAB_PAIN_SITE, "lateral_joint_line", K, "Lateral joint line",
      "Lateral knee pain; lateral meniscus or lateral-compartment cartilage."),
    E(VOCAB_PAIN_SITE, "anterior_knee", K, "Anterior knee / patellofemoral",
      "Pain around or behind the patella; patellofemoral disorders are about 1 in 6 knee "
      "consulters (Wood 2011)."),
    E(VOCAB_PAIN_SITE, "posterior_knee", K, "Posterior knee", "Pain in the popliteal fossa."),
    E(VOCAB_PAIN_SITE, "diffuse_knee", K, "Diffuse knee",
      "Poorly localised whole-knee pain; more common in patients whose intra-articular block "
      "was negative (PMC3877413)."),

    /* ---- Pain sites, shoulder. */
    E(VOCAB_PAIN_SITE, "lateral_deltoid", S, "Lateral deltoid",
      "Lateral upper arm over the deltoid; the classic area of rotator cuff and subacromial "
      "pain (no published figure found)."),
    E(VOCAB_PAIN_SITE, "anterior_shoulder", S, "Anterior shoulder",
      "Front of the shoulder; anterior pain is an item of the Cadogan subacromial-pain rule."),
    E(VOCAB_PAIN_SITE, "posterior_shoulder", S, "Posterior shoulder",
      "Back of the shoulder and scapular region."),
    E(VOCAB_PAIN_SITE, "superior_shoulder", S, "Top of the shoulder / AC joint",
      "Pain on top of the shoulder at the acromioclavicular joint."),
    E(VOCAB_PAIN_SITE, "upper_arm", S, "Upper arm", "Pain in the arm between shoulder and elbow."),
    E(VOCAB_PAIN_SITE, "below_elbow", S, "Below the elbow",
      "Pain in the forearm or hand; by clinical convention suggests a cervical rather than a "
      "shoulder source."),
    E(VOCAB_PAIN_SITE, "neck_trapezius", S, "Neck / upper trapezius",
      "Pain in the neck or upper trapezius; by clinical convention suggests a cervical source."),

    /* ---- Prior conventional care. */
    E(VOCAB_CARE_TYPE, "physiotherapy", ALL, "Physiotherapy",
      "Supervised physical or restorative therapy; first-line care (clinical convention)."),
    E(VOCAB_CARE_TYPE, "home_exercise", ALL, "Home exercise programme",
      "Unsupervised prescribed exercise."),
    E(VOCAB_CARE_TYPE, "nsaid", ALL, "Oral NSAID",
      "Non-steroidal anti-inflammatory drug; gastrointestinal, renal and cardiovascular burden "
      "grows with duration."),
    E(VOCAB_CARE_TYPE, "topical_nsaid", ALL, "Topical NSAID", "NSAID gel or patch."),
    E(VOCAB_CARE_TYPE, "acetaminophen", ALL, "Acetaminophen (paracetamol)",
      "Non-opioid analgesic."),
    E(VOCAB_CARE_TYPE, "opioid", ALL, "Opioid",
      "Opioid analgesic; tolerance and dependence risk limit it over time."),
    E(VOCAB_CARE_TYPE, "neuromodulator", ALL, "Neuromodulator",
      "Duloxetine, a tricyclic or a gabapentinoid for pain."),
    E(VOCAB_CARE_TYPE, "muscle_relaxant", ALL, "Muscle relaxant",
      "Centrally acting muscle relaxant."),
    E(VOCAB_CARE_TYPE, "corticosteroid_injection", ALL, "Corticosteroid injection",
      "Corticosteroid injected at or near the painful structure; repeated intra-articular "
      "injections are associated with cartilage thinning."),
    E(VOCAB_CARE_TYPE, "epidural_steroid_injection", L, "Epidural steroid injection",
      "Interlaminar or transforaminal epidural corticosteroid."),
    E(VOCAB_CARE_TYPE, "hyaluronic_acid_injection", K | S, "Hyaluronic acid injection",
      "Intra-articular viscosupplementation."),
    E(VOCAB_CARE_TYPE, "radiofrequency_ablation", ALL, "Radiofrequency ablation",
      "Radiofrequency denervation (lumbar medial branch, SIJ lateral branch, genicular or "
      "suprascapular nerves)."),
    E(VOCAB_CARE_TYPE, "prp_injection", ALL, "Platelet-rich plasma injection",
      "Prior PRP injection at the site."),
    E(VOCAB_CARE_TYPE, "prolotherapy", ALL, "Prolotherapy",
      "Prior injection of an irritant solution (e.g. dextrose) at the site."),
    E(VOCAB_CARE_TYPE, "spinal_manipulation", L, "Spinal manipulation",
      "Chiropractic or osteopathic manipulation or mobilisation."),
    E(VOCAB_CARE_TYPE, "acupuncture", ALL, "Acupuncture", "Needle acupuncture or dry needling."),
    E(VOCAB_CARE_TYPE, "psychological_therapy", ALL, "Psychological therapy",
      "Cognitive behavioural or other pain-focused psychological treatment."),
    E(VOCAB_CARE_TYPE, "weight_loss", ALL, "Weight loss programme",
      "Structured diet or exercise programme aimed at weight reduction."),
    E(VOCAB_CARE_TYPE, "bracing", ALL, "Bracing or orthosis",
      "Unloader knee brace, lumbar support or shoulder sling/orthosis."),
    E(VOCAB_CARE_TYPE, "surgery", ALL, "Surgery", "Prior operation on the painful region."),

    /* ---- Candidacy facts: contraindications, red flags, modifiers. The source's
     * classification is in the description; the scoring core decides the effect. */
    E(VOCAB_CANDIDACY_FACT, "active_infection_near_site", ALL,
      "Active infection at or near the site",
      "Septic arthritis, overlying cellulitis or adjacent osteomyelitis (absolute; Medscape "
      "2018)."),
    E(VOCAB_CANDIDACY_FACT, "systemic_infection_sepsis", ALL, "Systemic infection / septicaemia",
      "Septicaemia or other systemic infection (absolute; Medscape 2018)."),
    E(VOCAB_CANDIDACY_FACT, "recent_fever_or_illness", ALL, "Recent fever or illness",
      "Fever or intercurrent illness in the days before the procedure (relative; Medscape 2018"
      ")."),
    E(VOCAB_CANDIDACY_FACT, "haemodynamic_instability", ALL, "Haemodynamic instability",
      "Unstable blood pressure or circulation (absolute; Medscape 2018)."),
    E(VOCAB_CANDIDACY_FACT, "critical_thrombocytopenia", ALL, "Critical thrombocytopenia",
      "Critically low platelet count (absolute; Medscape 2018)."),
    E(VOCAB_CANDIDACY_FACT, "platelet_dysfunction", ALL, "Platelet dysfunction syndrome",
      "Inherited or acquired platelet function disorder (absolute; Medscape 2018"
      ")."),
    E(VOCAB_CANDIDACY_FACT, "platelets_under_100k", ALL, "Platelets below 100 x 10^9/L",
      "Platelet count below 10^5 per microlitre (relative; Medscape 2018)."),
    E(VOCAB_CANDIDACY_FACT, "bleeding_disorder", ALL, "Bleeding disorder (coagulopathy)",
      "Haemophilia, von Willebrand disease or other coagulopathy (not classified by the sources "
      "consulted; "
      "assess bleeding risk per ASRA, Narouze 2015/2018)."),
    E(VOCAB_CANDIDACY_FACT, "anaemia_hb_under_10", ALL, "Anaemia, Hb below 10 g/dL",
      "Haemoglobin below 10 g/dL (relative; Medscape 2018)."),
    E(VOCAB_CANDIDACY_FACT, "anticoagulant_therapy", ALL, "Anticoagulant therapy",
      "Warfarin, a DOAC or heparin (hold or assess: consumer pages only; for spine procedures "
      "ASRA risk classes, facet low risk since 2018)."),
    E(VOCAB_CANDIDACY_FACT, "antiplatelet_therapy", ALL, "Antiplatelet therapy",
      "Clopidogrel, aspirin or similar (assess per ASRA risk classes, Narouze 2015/2018; no "
      "PRP-specific classification in the sources consulted)."),
    E(VOCAB_CANDIDACY_FACT, "nsaid_within_48h", ALL, "NSAID within 48 hours",
      "Regular NSAID use within 48 hours of the procedure (relative; Medscape 2018"
      ")."),
    E(VOCAB_CANDIDACY_FACT, "steroid_injection_at_site_1_month", ALL,
      "Corticosteroid injection at the site within 1 month",
      "Corticosteroid injected at the treatment site in the past month (relative; Medscape "
      "2018)."),
    E(VOCAB_CANDIDACY_FACT, "systemic_corticosteroid_2_weeks", ALL,
      "Systemic corticosteroid within 2 weeks",
      "Oral or parenteral corticosteroid in the past 2 weeks (relative; Medscape 2018"
      ")."),
    E(VOCAB_CANDIDACY_FACT, "active_malignancy", ALL, "Active malignancy",
      "Cancer, especially haematopoietic or bone (relative, oncology clearance advised; "
      "Medscape 2018)."),
    E(VOCAB_CANDIDACY_FACT, "malignancy_at_site", ALL, "Malignancy at the treatment site",
      "Primary or metastatic tumour at the structure to be injected (not in the "
      "sources consulted; stated clinical convention: exclude and refer)."),
    E(VOCAB_CANDIDACY_FACT, "tobacco_use", ALL, "Tobacco use",
      "Current smoking or tobacco use (relative; vendor page only, low "
      "authority)."),
    E(VOCAB_CANDIDACY_FACT, "pregnancy_or_breastfeeding", ALL, "Pregnancy or breastfeeding",
      "Currently pregnant or breastfeeding (avoid per consumer-level pages; no guideline "
      "source)."),
    E(VOCAB_CANDIDACY_FACT, "allergy_to_agent", ALL, "Allergy to an agent",
      "Allergy to the local anaesthetic, contrast or another injectate component (not in "
      "the sources consulted; stated clinical convention)."),
    E(VOCAB_CANDIDACY_FACT, "inflammatory_arthritis_flare", ALL,
      "Inflammatory arthritis in a flare",
      "Active systemic inflammatory arthritis in a flare (stabilise first; stated "
      "clinical convention, no guideline found)."),
    E(VOCAB_CANDIDACY_FACT, "end_stage_degeneration", ALL, "End-stage degeneration",
      "Complete joint space loss, bone-on-bone contact across the joint, e.g. "
      "Kellgren-Lawrence 4 (refer for surgical evaluation; stated clinical convention, no "
      "guideline found)."),
    E(VOCAB_CANDIDACY_FACT, "severe_deformity_or_malalignment", ALL,
      "Severe deformity or malalignment",
      "Severe joint deformity or limb/spinal malalignment (refer for surgical evaluation; "
      "stated clinical convention)."),
    E(VOCAB_CANDIDACY_FACT, "structural_instability", ALL,
      "Structural instability / ligamentous failure",
      "Joint instability from ligamentous failure (refer for surgical evaluation; "
      "stated clinical convention, no guideline found)."),
    E(VOCAB_CANDIDACY_FACT, "severe_spinal_instability", L, "Severe spinal instability",
      "Severe spinal instability or advanced structural damage of the spine (refer for "
      "surgical evaluation; stated clinical convention)."),
    E(VOCAB_CANDIDACY_FACT, "massive_retracted_cuff_tear", S, "Massive retracted cuff tear",
      "Massive rotator cuff tear with marked retraction or fatty infiltration (advanced "
      "structural damage, refer for surgical evaluation; stated clinical convention)."),
    E(VOCAB_CANDIDACY_FACT, "cauda_equina_syndrome", L, "Cauda equina syndrome",
      "Saddle anaesthesia, new bladder or bowel dysfunction (red flag: urgent referral; "
      "stated clinical convention, not in the sources consulted)."),
    E(VOCAB_CANDIDACY_FACT, "progressive_neurological_deficit", ALL,
      "Progressive neurological deficit",
      "Worsening weakness, sensory loss or reflex change (red flag: urgent referral; stated "
      "clinical convention, not in the sources consulted)."),
    E(VOCAB_CANDIDACY_FACT, "somatization_high_distress", ALL,
      "Somatization or high psychological distress",
      "Modifier: discography is falsely positive in up to 83% with somatization (Carragee "
      "2000), and distress lowers the specificity of centralization (Laslett 2006)."),

    /* ---- Treatments (outcomes): what was given. */
    E(VOCAB_TREATMENT, "prp", ALL, "Platelet-rich plasma injection",
      "Autologous platelet-rich plasma injected at the target structure."),
    E(VOCAB_TREATMENT, "cell_based", ALL, "Cell-based injection",
      "Concentrated autologous cell therapy (bone marrow aspirate or adipose-derived) injected "
      "at the target structure."),
    E(VOCAB_TREATMENT, "corticosteroid", ALL, "Corticosteroid injection",
      "Corticosteroid, with or without local anaesthetic, injected at the target structure."),
    E(VOCAB_TREATMENT, "radiofrequency_ablation", ALL, "Radiofrequency ablation",
      "Thermal or pulsed radiofrequency lesioning of the nerves supplying the target (e.g. "
      "lumbar medial branches, genicular nerves)."),
    E(VOCAB_TREATMENT, "surgery_referral", ALL, "Referral for surgery",
      "Referred for a surgical opinion on the target structure."),
    E(VOCAB_TREATMENT, "physiotherapy", ALL, "Physiotherapy",
      "A course of supervised exercise therapy or physiotherapy."),
    E(VOCAB_TREATMENT, "other", ALL, "Other treatment",
      "Any other treatment; say what in the notes."),

    /* ---- Guidance of a treatment. */
    E(VOCAB_GUIDANCE, "fluoroscopy", ALL, "Fluoroscopy",
      "X-ray guided placement, with contrast where the target needs it."),
    E(VOCAB_GUIDANCE, "ultrasound", ALL, "Ultrasound", "Ultrasound-guided placement."),
    E(VOCAB_GUIDANCE, "ct", ALL, "CT", "CT-guided placement."),
    E(VOCAB_GUIDANCE, "landmark", ALL, "Landmark (unguided)",
      "Placement by surface anatomy alone, without image guidance."),

    /* ---- The sources the model ranks (GET /v1/model: its generators, with the same codes,
     * regions and labels; a unit test keeps them equal), as what a treatment was aimed at. */
    E(VOCAB_GENERATOR, "lumbar_facet", L, "Lumbar facet (zygapophysial) joint",
      "The facet joints and their medial branch innervation."),
    E(VOCAB_GENERATOR, "lumbar_disc", L, "Lumbar disc (internal disc disruption)",
      "Discogenic pain from internal disruption of the annulus."),
    E(VOCAB_GENERATOR, "lumbar_sij", L, "Sacroiliac joint",
      "The sacroiliac joint and its posterior ligaments."),
    E(VOCAB_GENERATOR, "lumbar_other", L, "Another source (not modelled)",
      "A lumbar source the model does not rank (radicular pain, hip, myofascial ...)."),
    E(VOCAB_GENERATOR, "knee_medial_meniscus", K, "Medial meniscus (tear or degeneration)",
      "The medial meniscus."),
    E(VOCAB_GENERATOR, "knee_lateral_meniscus", K, "Lateral meniscus (tear)",
      "The lateral meniscus."),
    E(VOCAB_GENERATOR, "knee_cartilage_oa", K, "Cartilage / osteoarthritis (intra-articular)",
      "Articular cartilage and the osteoarthritic joint."),
    E(VOCAB_GENERATOR, "knee_other", K, "Another source (not modelled)",
      "A knee source the model does not rank (patellofemoral, tendon, referred ...)."),
    E(VOCAB_GENERATOR, "shoulder_cuff_tear", S, "Rotator cuff tear (supraspinatus / infraspinatus)",
      "A full-thickness supraspinatus or infraspinatus tear."),
    E(VOCAB_GENERATOR, "shoulder_subscapularis_tear", S, "Subscapularis tear",
      "A subscapularis tendon tear."),
    E(VOCAB_GENERATOR, "shoulder_subacromial_pain", S, "Subacromial pain (bursa / impingement)",
      "The subacromial bursa and the cuff under it."),
    E(VOCAB_GENERATOR, "shoulder_other", S, "Another source (not modelled)",
      "A shoulder source the model does not rank (glenohumeral, AC joint, capsulitis ...)."),

    /* ---- Region outcome scores, recorded at a follow-up as entered (0-100 each). */
    E(VOCAB_OUTCOME_SCORE, "odi", L, "Oswestry Disability Index",
      "Back-specific disability, 0-100% (higher is worse); Fairbank JC, Pynsent PB. Spine "
      "2000;25(22):2940-52."),
    E(VOCAB_OUTCOME_SCORE, "koos", K, "Knee injury and Osteoarthritis Outcome Score",
      "A KOOS subscale or summary, 0-100 (100 is no problems); Roos EM, Lohmander LS. Health "
      "Qual Life Outcomes 2003;1:64."),
    E(VOCAB_OUTCOME_SCORE, "ases", S, "American Shoulder and Elbow Surgeons score",
      "Shoulder pain and function, 0-100 (higher is better); Richards RR et al. J Shoulder "
      "Elbow Surg 1994;3(6):347-52."),
};

#undef E
#undef IMG
#undef TARGET
#undef L
#undef K
#undef S
#undef ALL

#define N_ENTRIES (sizeof entries / sizeof entries[0])

const char *const vocab_sides[] = {"left", "right", "bilateral", "midline", "central", NULL};

const char *vocab_side_canonical(const char *side)
{
    return side && strcmp(side, "central") == 0 ? "midline" : side;
}

const struct vocab_entry *vocab_find(enum vocab_kind kind, const char *code)
{
    if (!code)
        return NULL;
    size_t n = strlen(code);
    for (size_t i = 0; i < N_ENTRIES; i++)
        if (entries[i].code_len == n && entries[i].kind == kind &&
            memcmp(entries[i].code, code, n) == 0)
            return &entries[i];
    return NULL;
}

const struct vocab_entry *vocab_all(size_t *n)
{
    if (n)
        *n = N_ENTRIES;
    return entries;
}

const char *vocab_kind_name(enum vocab_kind kind)
{
    static const char *const names[VOCAB__KINDS] = {
        [VOCAB_FINDING] = "finding",         [VOCAB_IMAGING_FINDING] = "imaging_finding",
        [VOCAB_MODALITY] = "modality",       [VOCAB_BLOCK_TARGET] = "block_target",
        [VOCAB_BLOCK_AGENT] = "block_agent", [VOCAB_PAIN_SITE] = "pain_site",
        [VOCAB_CARE_TYPE] = "care_type",     [VOCAB_CANDIDACY_FACT] = "candidacy_fact",
        [VOCAB_TREATMENT] = "treatment",     [VOCAB_GUIDANCE] = "guidance",
        [VOCAB_GENERATOR] = "generator",     [VOCAB_OUTCOME_SCORE] = "outcome_score",
    };
    /* The enum may arrive from a cast integer: check the range. */
    if ((unsigned)kind >= VOCAB__KINDS)
        return NULL;
    return names[kind];
}

const char *vocab_group_name(enum vocab_group group)
{
    static const char *const names[] = {NULL, "history", "inspection", "provocation"};
    return (unsigned)group < sizeof names / sizeof names[0] ? names[group] : NULL;
}

static const struct {
    unsigned bit;
    const char *name;
} regions[] = {
    {REGION_LUMBAR, "lumbar"},
    {REGION_KNEE, "knee"},
    {REGION_SHOULDER, "shoulder"},
};

const char *vocab_region_name(unsigned region)
{
    for (size_t i = 0; i < sizeof regions / sizeof regions[0]; i++)
        if (regions[i].bit == region)
            return regions[i].name;
    return NULL;
}

bool vocab_region_parse(const char *s, unsigned *out)
{
    if (!s)
        return false;
    for (size_t i = 0; i < sizeof regions / sizeof regions[0]; i++)
        if (strcmp(regions[i].name, s) == 0) {
            if (out)
                *out = regions[i].bit;
            return true;
        }
    return false;
}

bool vocab_grade_allowed(const struct vocab_entry *e, const char *grade)
{
    if (!e || !e->grades || !grade)
        return false;
    for (const char *const *g = e->grades; *g; g++)
        if (strcmp(*g, grade) == 0)
            return true;
    return false;
}

bool vocab_level_valid(const char *level)
{
    /* A closed list: exact spelling, upper case, adjacent segments only. */
    static const char *const levels[] = {
        "L1-L2", "L2-L3", "L3-L4", "L4-L5", "L5-S1", "L5-L6", "L6-S1",
        "L1",    "L2",    "L3",    "L4",    "L5",    "L6",    "S1",
    };
    if (!level)
        return false;
    for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++)
        if (strcmp(levels[i], level) == 0)
            return true;
    return false;
}
