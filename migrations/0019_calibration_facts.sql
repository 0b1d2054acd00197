-- What the calibration report reads, kept narrow and typed as records are
-- written, by triggers: reading it out of the stored documents on each
-- report (an assessment's answer is json text of several kilobytes, a
-- block's document carries its interpretation and citations) cost
-- seconds for a clinic of 100,000 assessments. Derived data: the
-- assessments and records stay the record, and each row here is written
-- by its source row's own trigger (no foreign key: a source row is never
-- deleted).

-- Per assessment: its consultation, region, model version and time, and
-- the sources of its ranking with their posteriors in ranking order (the
-- first is the predicted source). Assessments never change.
CREATE TABLE assessment_predictions (
    clinic_id       uuid NOT NULL REFERENCES clinics (id),
    assessment_id   uuid NOT NULL,
    consultation_id uuid NOT NULL,
    region          text NOT NULL,
    model_version   text NOT NULL,
    created_at      timestamptz NOT NULL,
    generators      text[] NOT NULL,
    posteriors      double precision[] NOT NULL,
    PRIMARY KEY (clinic_id, assessment_id),
    CHECK (cardinality(generators) = cardinality(posteriors))
);
CREATE INDEX assessment_predictions_scope
    ON assessment_predictions (clinic_id, region, created_at);

-- The ranking of an answer (its "ranking" member, as jsonb): sources and
-- posteriors, in order.
CREATE FUNCTION ranking_generators(ranking jsonb) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN coalesce(ARRAY(SELECT e->>'generator' FROM jsonb_array_elements(ranking)
                          WITH ORDINALITY AS t(e, n) ORDER BY n), '{}');
CREATE FUNCTION ranking_posteriors(ranking jsonb) RETURNS double precision[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN coalesce(ARRAY(SELECT (e->>'posterior')::double precision
                          FROM jsonb_array_elements(ranking) WITH ORDINALITY AS t(e, n)
                          ORDER BY n), '{}');

-- The region is the consultation's (the answer's own is the same). The
-- answer (json text) is read once.
CREATE FUNCTION assessment_predictions_add() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ranking jsonb := NEW.result::jsonb -> 'ranking';
BEGIN
    INSERT INTO assessment_predictions (clinic_id, assessment_id, consultation_id, region,
                                        model_version, created_at, generators, posteriors)
    SELECT NEW.clinic_id, NEW.id, NEW.consultation_id, c.region, NEW.model_version,
           NEW.created_at, ranking_generators(ranking), ranking_posteriors(ranking)
    FROM consultations c WHERE c.clinic_id = NEW.clinic_id AND c.id = NEW.consultation_id;
    RETURN NULL;
END
$$;
CREATE TRIGGER assessment_predictions_add AFTER INSERT ON assessments
    FOR EACH ROW EXECUTE FUNCTION assessment_predictions_add();

-- Per block, treatment and follow-up: what the report reads of it.
--   block:     code its target; reading what it says as a reference
--              standard (its pair's reading when it completes a pair:
--              concordant, reversed and placebo-confirmed positive;
--              discordant and negative negative; else indeterminate);
--              of_id the assessment that stood when it was recorded (the
--              consultation's latest before it; none before any);
--              current: the latest active block of its target in the
--              consultation; first_block: the consultation's earliest active
--              block recorded after an assessment
--   treatment: code the generator treated; of_id the assessment it
--              followed; p that assessment's probability of the source
--              treated, at_top whether it was the predicted (first)
--              source; baseline_nrs; current: active
--   follow_up: code the time point; of_id its treatment; pain_nrs,
--              relief_pct, lost; current: the latest active follow-up of
--              its treatment and time point (the same time point recorded
--              twice is kept, the latest counts); and from its treatment,
--              kept up to date with it: t_assessment, t_current, gen,
--              placement (0 at no source, 1 the predicted one, 2 another),
--              band (of p, 0.2 wide: 0..4; -1 none) and response (0
--              substantial, 1 moderate, 2 none, 3 nothing to measure it
--              by, 4 lost)
-- and, copied from the assessment a block stood on or a follow-up's
-- treatment followed (assessments never change), what the report's scope
-- reads of it, so that the report need not join it: a_region, a_model,
-- a_created; for a block, its ranking too (a_generators, a_posteriors).
-- Records of one consultation are written in turn (its row is locked),
-- so that a latest or a first is never two.
CREATE TABLE outcome_facts (
    clinic_id       uuid NOT NULL REFERENCES clinics (id),
    record_id       uuid NOT NULL,
    consultation_id uuid NOT NULL,
    kind            text NOT NULL CHECK (kind IN ('block', 'treatment', 'follow_up')),
    active          boolean NOT NULL,
    created_at      timestamptz NOT NULL,
    code            text,
    of_id           uuid,
    current         boolean NOT NULL DEFAULT false,
    first_block     boolean NOT NULL DEFAULT false,
    reading         text CHECK (reading IN ('positive', 'negative', 'indeterminate')),
    p               double precision,
    at_top          boolean,
    baseline_nrs    smallint,
    pain_nrs        smallint,
    relief_pct      double precision,
    lost            boolean,
    t_assessment    uuid,
    t_current       boolean,
    gen             text,
    placement       smallint,
    band            smallint,
    response        smallint,
    a_region        text,
    a_model         text,
    a_created       timestamptz,
    a_generators    text[],
    a_posteriors    double precision[],
    -- by consultation first: every lookup the triggers make is of one
    -- consultation's rows, so that no plan can go through a clinic's
    PRIMARY KEY (clinic_id, consultation_id, record_id)
);
CREATE INDEX outcome_facts_report ON outcome_facts (clinic_id, kind) WHERE current OR first_block;

-- A block's document as a reference standard.
CREATE FUNCTION block_reading(doc jsonb) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE WHEN jsonb_typeof(doc->'interpretation'->'pair') = 'object' THEN
               CASE doc->'interpretation'->'pair'->>'outcome'
                   WHEN 'concordant' THEN 'positive' WHEN 'reversed' THEN 'positive'
                   WHEN 'placebo_confirmed' THEN 'positive'
                   WHEN 'discordant' THEN 'negative' WHEN 'negative' THEN 'negative'
                   ELSE 'indeterminate' END
           ELSE CASE doc->'interpretation'->>'outcome'
                   WHEN 'positive' THEN 'positive' WHEN 'negative' THEN 'negative'
                   ELSE 'indeterminate' END
           END;

-- A follow-up's response: the larger of the relief reported and the fall
-- of the NRS from the baseline, in percent; substantial at 50 or more,
-- moderate at 30 or more (IMMPACT: Dworkin RH et al. J Pain
-- 2008;9(2):105-21). Plain expressions, so that PostgreSQL inlines them.
CREATE FUNCTION nrs_fall_pct(nrs int, baseline int) RETURNS double precision
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE WHEN baseline > 0 AND nrs IS NOT NULL
                THEN 100 * (baseline - nrs)::double precision / baseline END;
CREATE FUNCTION follow_up_response(lost boolean, relief double precision, nrs int, baseline int)
    RETURNS smallint LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE WHEN lost THEN 4
                WHEN greatest(relief, nrs_fall_pct(nrs, baseline)) IS NULL THEN 3
                WHEN greatest(relief, nrs_fall_pct(nrs, baseline)) >= 50 THEN 0
                WHEN greatest(relief, nrs_fall_pct(nrs, baseline)) >= 30 THEN 1
                ELSE 2 END;

-- The helpers below look a consultation's rows up by the primary key's
-- first columns; each statement is planned for its own values
-- (force_custom_plan): with a plan kept from when the table was nearly
-- empty, each write read ever more index entries as the table grew
-- (seen: 7 ms a block at 60,000 blocks, against 0.4 ms at 1,000).

-- The latest active follow-up of a treatment and time point, and the
-- latest active block of a target in a consultation: current.
CREATE FUNCTION outcome_facts_latest(in_clinic uuid, in_kind text, in_consultation uuid,
                                     in_parent uuid, in_code text) RETURNS void
    LANGUAGE plpgsql SET plan_cache_mode = force_custom_plan AS $$
BEGIN
    UPDATE outcome_facts f SET current = f.active AND f.record_id = l.record_id
    FROM (SELECT (SELECT g.record_id FROM outcome_facts g
                  WHERE g.clinic_id = in_clinic AND g.consultation_id = in_consultation
                    AND g.kind = in_kind AND g.active AND g.code = in_code
                    AND (in_kind = 'block' OR g.of_id = in_parent)
                  ORDER BY g.created_at DESC, g.record_id DESC LIMIT 1) AS record_id) l
    WHERE f.clinic_id = in_clinic AND f.consultation_id = in_consultation AND f.kind = in_kind
      AND f.code = in_code AND (in_kind = 'block' OR f.of_id = in_parent)
      AND f.current IS DISTINCT FROM (f.active AND f.record_id IS NOT DISTINCT FROM l.record_id);
END
$$;

-- The consultation's earliest active block recorded after an assessment.
CREATE FUNCTION outcome_facts_first(in_clinic uuid, in_consultation uuid) RETURNS void
    LANGUAGE plpgsql SET plan_cache_mode = force_custom_plan AS $$
BEGIN
    UPDATE outcome_facts f SET first_block = f.record_id IS NOT DISTINCT FROM e.record_id
    FROM (SELECT (SELECT g.record_id FROM outcome_facts g
                  WHERE g.clinic_id = in_clinic AND g.consultation_id = in_consultation
                    AND g.kind = 'block' AND g.active AND g.of_id IS NOT NULL
                  ORDER BY g.created_at, g.record_id LIMIT 1) AS record_id) e
    WHERE f.clinic_id = in_clinic AND f.consultation_id = in_consultation AND f.kind = 'block'
      AND f.first_block IS DISTINCT FROM (f.record_id IS NOT DISTINCT FROM e.record_id);
END
$$;

-- The consultation's follow-ups, brought up to date with their
-- treatments (and with the consultation's pain_nrs, a baseline's
-- stand-in).
CREATE FUNCTION outcome_facts_follow_ups(in_clinic uuid, in_consultation uuid) RETURNS void
    LANGUAGE plpgsql SET plan_cache_mode = force_custom_plan AS $$
BEGIN
    UPDATE outcome_facts f SET t_assessment = n.t_assessment, t_current = n.t_current,
        gen = n.gen, placement = n.placement, band = n.band, response = n.response,
        a_region = n.a_region, a_model = n.a_model, a_created = n.a_created
    FROM (SELECT u.record_id, t.of_id AS t_assessment, t.current AS t_current, t.code AS gen,
                 x.region AS a_region, x.model_version AS a_model, x.created_at AS a_created,
                 (CASE WHEN t.code IS NULL THEN 0 WHEN t.at_top THEN 1 ELSE 2 END)::smallint
                     AS placement,
                 (CASE WHEN t.p IS NULL THEN -1 ELSE least(floor(t.p * 5), 4) END)::smallint
                     AS band,
                 follow_up_response(u.lost, u.relief_pct, u.pain_nrs,
                                    coalesce(t.baseline_nrs, (c.doc->>'pain_nrs')::int))
                     AS response
          FROM outcome_facts u
          JOIN outcome_facts t ON t.clinic_id = u.clinic_id
            AND t.consultation_id = u.consultation_id AND t.record_id = u.of_id
          JOIN consultations c ON c.clinic_id = u.clinic_id AND c.id = u.consultation_id
          LEFT JOIN assessment_predictions x ON x.clinic_id = t.clinic_id
            AND x.assessment_id = t.of_id
          WHERE u.clinic_id = in_clinic AND u.consultation_id = in_consultation
            AND u.kind = 'follow_up' AND t.consultation_id = in_consultation
            AND t.kind = 'treatment') n
    WHERE f.clinic_id = in_clinic AND f.consultation_id = in_consultation
      AND f.record_id = n.record_id
      AND (f.t_assessment, f.t_current, f.gen, f.placement, f.band, f.response, f.a_region,
           f.a_model, f.a_created)
          IS DISTINCT FROM (n.t_assessment, n.t_current, n.gen, n.placement, n.band, n.response,
                            n.a_region, n.a_model, n.a_created);
END
$$;

-- The facts of one record, added or brought up to date, with those that
-- follow from them.
CREATE FUNCTION outcome_facts_put(clinic uuid, rec uuid, consultation uuid, kind text,
                                  status text, created timestamptz, d jsonb) RETURNS void
    LANGUAGE plpgsql SET plan_cache_mode = force_custom_plan AS $$
DECLARE
    link uuid;
    code text := CASE kind WHEN 'block' THEN d->>'target' WHEN 'treatment' THEN d->>'generator'
                     ELSE d->>'time_point' END;
    p double precision;
    at_top boolean;
    old_of uuid;
    old_code text;
    v_region text;
    v_model text;
    v_created timestamptz;
    v_generators text[];
    v_posteriors double precision[];
    v_t_assessment uuid;
    v_t_current boolean;
    v_gen text;
    v_placement smallint;
    v_band smallint;
    v_response smallint;
BEGIN
    SELECT f.of_id, f.code INTO old_of, old_code FROM outcome_facts f
    WHERE f.clinic_id = clinic AND f.consultation_id = consultation AND f.record_id = rec;
    IF kind = 'block' THEN
        SELECT a.id INTO link FROM assessments a
        WHERE a.clinic_id = clinic AND a.consultation_id = consultation AND a.created_at < created
        ORDER BY a.created_at DESC, a.id DESC LIMIT 1;
        SELECT x.region, x.model_version, x.created_at, x.generators, x.posteriors
        INTO v_region, v_model, v_created, v_generators, v_posteriors
        FROM assessment_predictions x
        WHERE x.clinic_id = clinic AND x.assessment_id = link;
    ELSIF kind = 'treatment' THEN
        link := (d->>'assessment_id')::uuid;
        SELECT x.posteriors[array_position(x.generators, code)], x.generators[1] = code
        INTO p, at_top FROM assessment_predictions x
        WHERE x.clinic_id = clinic AND x.assessment_id = link;
    ELSE
        link := (d->>'treatment_id')::uuid;
        -- what it carries of its treatment (outcome_facts_follow_ups
        -- brings it up to date when the treatment changes)
        SELECT t.of_id, t.current, t.code,
               CASE WHEN t.code IS NULL THEN 0 WHEN t.at_top THEN 1 ELSE 2 END,
               CASE WHEN t.p IS NULL THEN -1 ELSE least(floor(t.p * 5), 4) END,
               follow_up_response(coalesce((d->>'lost_to_follow_up')::boolean, false),
                                  (d->>'relief_pct')::double precision, (d->>'pain_nrs')::int,
                                  coalesce(t.baseline_nrs, (c.doc->>'pain_nrs')::int)),
               x.region, x.model_version, x.created_at
        INTO v_t_assessment, v_t_current, v_gen, v_placement, v_band, v_response, v_region,
             v_model, v_created
        FROM outcome_facts t
        JOIN consultations c ON c.clinic_id = t.clinic_id AND c.id = t.consultation_id
        LEFT JOIN assessment_predictions x ON x.clinic_id = t.clinic_id
            AND x.assessment_id = t.of_id
        WHERE t.clinic_id = clinic AND t.consultation_id = consultation AND t.record_id = link
          AND t.kind = 'treatment';
    END IF;
    INSERT INTO outcome_facts AS f (clinic_id, record_id, consultation_id, kind, active,
                                    current, created_at, code, reading, of_id, p, at_top,
                                    baseline_nrs, pain_nrs, relief_pct, lost, t_assessment,
                                    t_current, gen, placement, band, response, a_region, a_model,
                                    a_created, a_generators, a_posteriors)
    VALUES (clinic, rec, consultation, kind, status = 'active',
            status = 'active' AND kind = 'treatment', created, code,
            CASE WHEN kind = 'block' THEN block_reading(d) END, link, p, at_top,
            CASE WHEN kind = 'treatment' THEN (d->>'baseline_nrs')::smallint END,
            CASE WHEN kind = 'follow_up' THEN (d->>'pain_nrs')::smallint END,
            CASE WHEN kind = 'follow_up' THEN (d->>'relief_pct')::double precision END,
            CASE WHEN kind = 'follow_up'
                THEN coalesce((d->>'lost_to_follow_up')::boolean, false) END,
            v_t_assessment, v_t_current, v_gen, v_placement, v_band, v_response,
            v_region, v_model, v_created, v_generators, v_posteriors)
    ON CONFLICT (clinic_id, consultation_id, record_id) DO UPDATE SET
        active = EXCLUDED.active, current = EXCLUDED.current, code = EXCLUDED.code,
        reading = EXCLUDED.reading, of_id = EXCLUDED.of_id, p = EXCLUDED.p,
        at_top = EXCLUDED.at_top, baseline_nrs = EXCLUDED.baseline_nrs,
        pain_nrs = EXCLUDED.pain_nrs, relief_pct = EXCLUDED.relief_pct, lost = EXCLUDED.lost,
        t_assessment = EXCLUDED.t_assessment, t_current = EXCLUDED.t_current,
        gen = EXCLUDED.gen, placement = EXCLUDED.placement, band = EXCLUDED.band,
        response = EXCLUDED.response, a_region = EXCLUDED.a_region, a_model = EXCLUDED.a_model,
        a_created = EXCLUDED.a_created, a_generators = EXCLUDED.a_generators,
        a_posteriors = EXCLUDED.a_posteriors;
    IF kind = 'block' THEN
        PERFORM outcome_facts_latest(clinic, kind, consultation, NULL, code);
        IF old_code IS NOT NULL AND old_code IS DISTINCT FROM code THEN
            PERFORM outcome_facts_latest(clinic, kind, consultation, NULL, old_code);
        END IF;
        PERFORM outcome_facts_first(clinic, consultation);
    ELSIF kind = 'follow_up' THEN
        PERFORM outcome_facts_latest(clinic, kind, consultation, link, code);
        IF old_of IS NOT NULL AND (old_of, old_code) IS DISTINCT FROM (link, code) THEN
            PERFORM outcome_facts_latest(clinic, kind, consultation, old_of, old_code);
        END IF;
    ELSE
        PERFORM outcome_facts_follow_ups(clinic, consultation);
    END IF;
END
$$;

CREATE FUNCTION outcome_facts_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM outcome_facts_put(NEW.clinic_id, NEW.id, NEW.consultation_id, NEW.kind, NEW.status,
                              NEW.created_at, NEW.doc);
    RETURN NULL;
END
$$;

-- A corrected consultation's pain_nrs stands in for its treatments'
-- missing baselines.
CREATE FUNCTION outcome_facts_consultation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM outcome_facts_follow_ups(NEW.clinic_id, NEW.id);
    RETURN NULL;
END
$$;
CREATE TRIGGER outcome_facts_consultation AFTER UPDATE OF doc ON consultations
    FOR EACH ROW EXECUTE FUNCTION outcome_facts_consultation();

-- A write of what the facts depend on (not the updates of current and
-- rep alone).
CREATE TRIGGER outcome_facts_keep AFTER INSERT OR UPDATE OF doc, status ON consultation_records
    FOR EACH ROW WHEN (NEW.kind IN ('block', 'treatment', 'follow_up'))
    EXECUTE FUNCTION outcome_facts_keep();

-- The consultations entered in error, which the report leaves out: few,
-- found by an index of their own.
CREATE INDEX consultations_in_error ON consultations (clinic_id, id)
    WHERE status = 'entered_in_error';

-- The rows already kept. Row-level security is forced on the tables, for
-- their owner too: lifted for this transaction, to reach every clinic.
ALTER TABLE assessments NO FORCE ROW LEVEL SECURITY;
ALTER TABLE consultations NO FORCE ROW LEVEL SECURITY;
ALTER TABLE consultation_records NO FORCE ROW LEVEL SECURITY;
INSERT INTO assessment_predictions (clinic_id, assessment_id, consultation_id, region,
                                    model_version, created_at, generators, posteriors)
SELECT a.clinic_id, a.id, a.consultation_id, c.region, a.model_version, a.created_at,
       ranking_generators(r.ranking), ranking_posteriors(r.ranking)
FROM assessments a JOIN consultations c ON c.clinic_id = a.clinic_id AND c.id = a.consultation_id
CROSS JOIN LATERAL (SELECT a.result::jsonb -> 'ranking' AS ranking) r;
SELECT outcome_facts_put(clinic_id, id, consultation_id, kind, status, created_at, doc)
FROM consultation_records WHERE kind IN ('block', 'treatment', 'follow_up')
ORDER BY created_at, id;
ALTER TABLE assessments FORCE ROW LEVEL SECURITY;
ALTER TABLE consultations FORCE ROW LEVEL SECURITY;
ALTER TABLE consultation_records FORCE ROW LEVEL SECURITY;

DO $$
DECLARE
    t text;
    app name := (current_database() || '_app')::name;
BEGIN
    FOREACH t IN ARRAY ARRAY['assessment_predictions', 'outcome_facts']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY clinic_only ON %I USING (clinic_id = current_clinic()) '
                       'WITH CHECK (clinic_id = current_clinic())', t);
    END LOOP;
    EXECUTE format('GRANT SELECT, INSERT ON assessment_predictions TO %I', app);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE ON outcome_facts TO %I', app);
END
$$;
