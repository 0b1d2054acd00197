-- CDS Hooks: the cards paingen issued and the feedback EHRs post about
-- them. A card is kept as it was sent (json: byte for byte), with the
-- call that asked for it (service, hook, hookInstance, EHR client), the
-- patient and the assessment it spoke of: feedback must name a card
-- paingen issued to the same clinic, and the clinic's audit and a later
-- calibration of the model need exactly what was shown. Feedback is one
-- row per interaction the EHR reports (accepted, or overridden with the
-- reason chosen); the same interaction reported again (same card, outcome
-- and time) is kept once. Neither table is ever changed or emptied.
CREATE TABLE cds_cards (
    clinic_id      uuid NOT NULL REFERENCES clinics (id),
    id             uuid NOT NULL, -- the card's uuid, as sent
    service_id     text NOT NULL,
    hook           text NOT NULL,
    hook_instance  uuid NOT NULL,
    ehr_client_id  uuid NOT NULL,
    patient_id     uuid NOT NULL,
    assessment_id  uuid,
    indicator      text NOT NULL CHECK (indicator IN ('info', 'warning', 'critical')),
    suggestion_ids uuid[] NOT NULL DEFAULT '{}',
    card           json NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (clinic_id, id),
    FOREIGN KEY (clinic_id, patient_id) REFERENCES patients (clinic_id, id),
    FOREIGN KEY (clinic_id, assessment_id) REFERENCES assessments (clinic_id, id)
);
CREATE INDEX cds_cards_by_patient ON cds_cards (clinic_id, patient_id, created_at);

CREATE TABLE cds_feedback (
    clinic_id            uuid NOT NULL REFERENCES clinics (id),
    id                   uuid NOT NULL DEFAULT gen_random_uuid(),
    card_id              uuid NOT NULL,
    outcome              text NOT NULL CHECK (outcome IN ('accepted', 'overridden')),
    accepted_suggestions uuid[] NOT NULL DEFAULT '{}',
    override_system      text CHECK (length(override_system) BETWEEN 1 AND 255),
    override_code        text CHECK (length(override_code) BETWEEN 1 AND 255),
    override_display     text CHECK (length(override_display) BETWEEN 1 AND 255),
    user_comment         text CHECK (length(user_comment) BETWEEN 1 AND 2000),
    outcome_at           timestamptz NOT NULL,
    ehr_client_id        uuid NOT NULL,
    request_id           text NOT NULL,
    received_at          timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (clinic_id, id),
    FOREIGN KEY (clinic_id, card_id) REFERENCES cds_cards (clinic_id, id),
    UNIQUE (clinic_id, card_id, outcome, outcome_at),
    CHECK ((override_code IS NULL) = (override_system IS NULL)),
    CHECK (outcome = 'overridden' OR (override_code IS NULL AND user_comment IS NULL))
);

CREATE FUNCTION cds_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'CDS cards and feedback are append-only' USING ERRCODE = 'restrict_violation';
END
$$;

DO $$
DECLARE
    t text;
    app name := (current_database() || '_app')::name;
BEGIN
    FOREACH t IN ARRAY ARRAY['cds_cards', 'cds_feedback']
    LOOP
        EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE OR DELETE ON %I '
                       'FOR EACH ROW EXECUTE FUNCTION cds_append_only()', t || '_append_only', t);
        EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON %I '
                       'FOR EACH STATEMENT EXECUTE FUNCTION cds_append_only()', t || '_no_truncate', t);
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY clinic_only ON %I USING (clinic_id = current_clinic()) '
                       'WITH CHECK (clinic_id = current_clinic())', t);
        EXECUTE format('GRANT SELECT, INSERT ON %I TO %I', t, app);
    END LOOP;
END
$$;
