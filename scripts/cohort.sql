-- A synthetic cohort for the calibration report, drawn from known
-- probabilities (run by scripts/cohort.sh, which documents the variables;
-- as a superuser or the tables' owner with row-level security lifted).
--
-- Each of :n patients has one consultation in a region (a third each) and
-- one assessment of model :model whose ranking gives the region's four
-- sources posteriors drawn at random (a softmax of normal draws, sd 1.5).
-- What is drawn, with the probabilities it is drawn from:
--   - verification: a block follows the assessment with probability the
--     top posterior (blocks are done where the model is confident); it
--     targets the group of the top source when a block verifies it, else
--     the verifiable group the assessment found most probable; 1 in 20
--     blocks reads indeterminate;
--   - the block's reading: positive with probability
--     expit(:shift + :scale * logit(p)), p the assessment's probability of
--     the group (shift 0 and scale 1: the model is perfectly calibrated);
--   - treatment: half the patients, 4 in 5 of them at the predicted
--     source and the rest at the second-ranked one, baseline NRS 7;
--   - each of the 4 follow-ups: lost with probability 0.1, else relief of
--     50-100% with probability :efficacy * p (p the probability of the
--     treated source), 30-50% with probability 0.15, else 0-30%; the NRS
--     is what the relief leaves (rounded up: its fall is never the
--     larger);
--   - a CDS card for 1 in 5 assessments, accepted for half of them and
--     overridden for 3 in 10 ('clinical-judgement').
-- Each outcome is drawn on its own from its stated probability: a test of
-- the report's arithmetic, not a simulation of patients. What was drawn,
-- with its probability, is kept in cohort.truth for the tests to compare.
\set ON_ERROR_STOP on
BEGIN;
SET LOCAL client_min_messages = warning;
-- The triggers that keep the report's facts look rows up by index; planned
-- while the tables are still empty they would scan them, row after row.
-- The tables are analysed after each step (ANALYZE counts the rows this
-- transaction wrote), so that the next is planned for what it will find.
SET LOCAL enable_seqscan = off;
CREATE SCHEMA IF NOT EXISTS cohort;
CREATE TABLE IF NOT EXISTS cohort.truth (
    clinic_id  uuid NOT NULL,
    model      text NOT NULL,
    kind       text NOT NULL, -- 'verification', 'block', 'follow_up'
    grp        text,          -- block: the group verified
    placement  text,          -- follow_up: predicted, elsewhere
    time_point text,
    band       int,
    p          double precision, -- the assessment's probability (of the top source for 'verification')
    q          double precision, -- the probability the outcome was drawn with
    outcome    text              -- verified / unverified; positive / negative / indeterminate;
                                 -- substantial / moderate / none / lost
);

SELECT setseed(:seed);
-- every draw, in patient order, before anything else uses random()
CREATE TEMP TABLE draws AS
SELECT i, random() AS u_region,
       random() AS n1, random() AS n2, random() AS n3, random() AS n4,
       random() AS n5, random() AS n6, random() AS n7, random() AS n8,
       random() AS u_verify, random() AS u_indet, random() AS u_block,
       random() AS u_treat, random() AS u_place,
       ARRAY[random(), random(), random(), random()] AS u_lost,
       ARRAY[random(), random(), random(), random()] AS u_resp,
       ARRAY[random(), random(), random(), random()] AS u_size,
       random() AS u_card, random() AS u_fb
FROM generate_series(1, :n) AS i;

-- The region's sources in a fixed order, the groups blocks verify and
-- the block target of each (as the model's block table: GET /v1/model).
CREATE TEMP TABLE sources (region text, k int, gen text, grp text, target text);
INSERT INTO sources VALUES
    ('lumbar', 1, 'lumbar_facet', 'lumbar_facet', 'lumbar_medial_branch'),
    ('lumbar', 2, 'lumbar_disc', 'lumbar_disc', 'provocation_discography'),
    ('lumbar', 3, 'lumbar_sij', 'lumbar_sij', 'sij_intraarticular'),
    ('lumbar', 4, 'lumbar_other', NULL, NULL),
    ('knee', 1, 'knee_medial_meniscus', 'knee_intraarticular', 'knee_intraarticular'),
    ('knee', 2, 'knee_lateral_meniscus', 'knee_intraarticular', 'knee_intraarticular'),
    ('knee', 3, 'knee_cartilage_oa', 'knee_intraarticular', 'knee_intraarticular'),
    ('knee', 4, 'knee_other', NULL, NULL),
    ('shoulder', 1, 'shoulder_cuff_tear', NULL, NULL),
    ('shoulder', 2, 'shoulder_subscapularis_tear', NULL, NULL),
    ('shoulder', 3, 'shoulder_subacromial_pain', 'shoulder_subacromial_pain', 'subacromial'),
    ('shoulder', 4, 'shoulder_other', NULL, NULL);

-- Patients and their posteriors (normal draws by Box-Muller).
CREATE TEMP TABLE pts AS
SELECT d.*, gen_random_uuid() AS patient_id, gen_random_uuid() AS consultation_id,
       gen_random_uuid() AS assessment_id, gen_random_uuid() AS treatment_id,
       CASE WHEN d.u_region < 1 / 3.0 THEN 'lumbar' WHEN d.u_region < 2 / 3.0 THEN 'knee'
            ELSE 'shoulder' END AS region,
       :'start'::timestamptz + d.i * interval '1 minute' AS occurred_at,
       ARRAY[sqrt(-2 * ln(1 - d.n1)) * cos(2 * pi() * d.n2),
             sqrt(-2 * ln(1 - d.n1)) * sin(2 * pi() * d.n2),
             sqrt(-2 * ln(1 - d.n3)) * cos(2 * pi() * d.n4),
             sqrt(-2 * ln(1 - d.n3)) * sin(2 * pi() * d.n4)] AS z
FROM draws d;

CREATE TEMP TABLE post AS
SELECT p.i, s.gen, s.grp, s.target, s.k,
       exp(1.5 * p.z[s.k]) / sum(exp(1.5 * p.z[s.k])) OVER (PARTITION BY p.i) AS posterior
FROM pts p JOIN sources s ON s.region = p.region;

-- the ranking, most probable first
CREATE TEMP TABLE ranked AS
SELECT i, array_agg(gen ORDER BY posterior DESC, k) AS gens,
       array_agg(posterior ORDER BY posterior DESC, k) AS ps
FROM post GROUP BY i;
ANALYZE pts, post, ranked;

INSERT INTO patients (clinic_id, id, external_id, birth_date, sex)
SELECT :'clinic', patient_id, :'prefix' || '-' || i, '1960-01-01', 'female' FROM pts;
INSERT INTO consultations (clinic_id, id, patient_id, region, occurred_at, doc)
SELECT :'clinic', consultation_id, patient_id, region, occurred_at,
       jsonb_build_object('side', 'right', 'pain_nrs', 7, 'pain_sites', '[]'::jsonb,
                          'symptom_weeks', 30, 'prior_care', '[]'::jsonb,
                          'candidacy_facts', '[]'::jsonb)
FROM pts;
INSERT INTO assessments (clinic_id, id, consultation_id, model_version, inputs, inputs_sha256,
                         based_on, result, created_at)
SELECT :'clinic', p.assessment_id, p.consultation_id, :'model', '{}',
       encode(sha256('{}'), 'hex'), '[]',
       json_build_object('model_version', :'model', 'region', p.region, 'ranking',
           (SELECT json_agg(json_build_object('rank', n, 'generator', g, 'posterior', x) ORDER BY n)
            FROM unnest(r.gens, r.ps) WITH ORDINALITY AS u(g, x, n))),
       p.occurred_at + interval '1 hour'
FROM pts p JOIN ranked r USING (i);

ANALYZE patients, consultations, assessments, assessment_predictions;

-- Verification: the group blocked and its probability.
CREATE TEMP TABLE groups_of AS
SELECT x.i, x.grp, min(x.target) AS target, sum(x.posterior) AS p,
       bool_or(x.gen = r.gens[1]) AS has_top
FROM post x JOIN ranked r USING (i) WHERE x.grp IS NOT NULL GROUP BY x.i, x.grp;
CREATE TEMP TABLE blocked AS
SELECT DISTINCT ON (p.i) p.i, p.consultation_id, p.occurred_at, r.ps[1] AS top_p, g.grp,
       g.target, g.p, p.u_verify < r.ps[1] AS verified, p.u_indet, p.u_block
FROM pts p JOIN ranked r USING (i) JOIN groups_of g USING (i)
ORDER BY p.i, g.has_top DESC, g.p DESC;
ANALYZE blocked;

CREATE TEMP TABLE readings AS
SELECT b.*, 1 / (1 + exp(-(:shift + :scale * ln(b.p / (1 - b.p))))) AS q,
       CASE WHEN b.u_indet < 0.05 THEN 'indeterminate'
            WHEN b.u_block < 1 / (1 + exp(-(:shift + :scale * ln(b.p / (1 - b.p))))) THEN 'positive'
            ELSE 'negative' END AS reading
FROM blocked b WHERE b.verified;

INSERT INTO consultation_records (clinic_id, consultation_id, kind, doc, created_at, updated_at)
SELECT :'clinic', consultation_id, 'block',
       jsonb_build_object('target', target, 'performed_at', occurred_at + interval '1 day',
           'interpretation', jsonb_build_object('model_version', :'model', 'outcome', reading,
                                                'pair', NULL)),
       occurred_at + interval '1 day', occurred_at + interval '1 day'
FROM readings;

ANALYZE consultation_records, outcome_facts;
INSERT INTO cohort.truth (clinic_id, model, kind, grp, p, q, outcome)
SELECT :'clinic', :'model', 'block', grp, p, q, reading FROM readings;
INSERT INTO cohort.truth (clinic_id, model, kind, p, outcome)
SELECT :'clinic', :'model', 'verification', b.top_p,
       CASE WHEN NOT b.verified THEN 'unverified' WHEN r.reading = 'indeterminate'
            THEN 'indeterminate' ELSE 'verified' END
FROM blocked b LEFT JOIN readings r USING (i);

-- Treatments, and their follow-ups.
CREATE TEMP TABLE treated AS
SELECT p.i, p.consultation_id, p.assessment_id, p.treatment_id, p.occurred_at,
       CASE WHEN p.u_place < 0.8 THEN 'predicted' ELSE 'elsewhere' END AS placement,
       CASE WHEN p.u_place < 0.8 THEN r.gens[1] ELSE r.gens[2] END AS gen,
       CASE WHEN p.u_place < 0.8 THEN r.ps[1] ELSE r.ps[2] END AS p,
       p.u_lost, p.u_resp, p.u_size
FROM pts p JOIN ranked r USING (i) WHERE p.u_treat < 0.5;

INSERT INTO consultation_records (clinic_id, id, consultation_id, kind, doc, created_at, updated_at)
SELECT :'clinic', treatment_id, consultation_id, 'treatment',
       jsonb_build_object('what', 'prp', 'generator', gen, 'side', 'right',
           'performed_on', to_char(occurred_at + interval '7 days', 'YYYY-MM-DD'),
           'assessment_id', assessment_id, 'baseline_nrs', 7),
       occurred_at + interval '7 days', occurred_at + interval '7 days'
FROM treated;

ANALYZE consultation_records, outcome_facts;
CREATE TEMP TABLE followed AS
SELECT t.*, tp.n, tp.tp, tp.days,
       least(:efficacy * t.p, 0.85) AS q_sub,
       t.u_lost[tp.n] < 0.1 AS lost,
       CASE WHEN t.u_resp[tp.n] < least(:efficacy * t.p, 0.85) THEN 50 + 50 * t.u_size[tp.n]
            WHEN t.u_resp[tp.n] < least(:efficacy * t.p, 0.85) + 0.15 THEN 30 + 20 * t.u_size[tp.n]
            ELSE 30 * t.u_size[tp.n] END AS relief
FROM treated t CROSS JOIN (VALUES (1, '6w', 42), (2, '3m', 91), (3, '6m', 182), (4, '12m', 365))
    AS tp(n, tp, days);

INSERT INTO consultation_records (clinic_id, consultation_id, kind, doc, created_at, updated_at)
SELECT :'clinic', consultation_id, 'follow_up',
       jsonb_build_object('treatment_id', treatment_id, 'time_point', tp,
           'assessed_on', to_char(occurred_at + (days + 7) * interval '1 day', 'YYYY-MM-DD'),
           'lost_to_follow_up', lost,
           'lost_reason', CASE WHEN lost THEN 'synthetic' END,
           'relief_pct', CASE WHEN NOT lost THEN floor(relief * 10) / 10 END,
           'pain_nrs', CASE WHEN NOT lost THEN ceil(7 * (1 - floor(relief * 10) / 1000)) END),
       occurred_at + (days + 7) * interval '1 day', occurred_at + (days + 7) * interval '1 day'
FROM followed;

INSERT INTO cohort.truth (clinic_id, model, kind, placement, time_point, band, p, q, outcome)
SELECT :'clinic', :'model', 'follow_up', placement, tp, least(floor(p * 5), 4)::int, p, q_sub,
       CASE WHEN lost THEN 'lost' WHEN relief >= 50 THEN 'substantial'
            WHEN relief >= 30 THEN 'moderate' ELSE 'none' END
FROM followed;

-- CDS Hooks cards for 1 in 5 assessments, and the feedback on them.
CREATE TEMP TABLE carded AS
SELECT p.*, gen_random_uuid() AS card_id FROM pts p WHERE p.u_card < 0.2;
INSERT INTO cds_cards (clinic_id, id, service_id, hook, hook_instance, ehr_client_id,
                       patient_id, assessment_id, indicator, card, created_at)
SELECT :'clinic', card_id, 'paingen-workup', 'patient-view', gen_random_uuid(),
       '00000000-0000-4000-8000-0000000000ec', patient_id, assessment_id, 'info', '{}',
       occurred_at + interval '2 hours'
FROM carded;
INSERT INTO cds_feedback (clinic_id, card_id, outcome, override_system, override_code,
                          override_display, outcome_at, ehr_client_id, request_id)
SELECT :'clinic', card_id, CASE WHEN u_fb < 0.5 THEN 'accepted' ELSE 'overridden' END,
       CASE WHEN u_fb >= 0.5 THEN 'urn:paingen:codesystem:override-reason' END,
       CASE WHEN u_fb >= 0.5 THEN 'clinical-judgement' END,
       CASE WHEN u_fb >= 0.5 THEN 'Clinical judgement differs from the assessment' END,
       occurred_at + interval '3 hours', '00000000-0000-4000-8000-0000000000ec', 'cohort'
FROM carded WHERE u_fb < 0.8;
COMMIT;
