-- Assessments: the scoring model's answer for a consultation, kept as it
-- was given. inputs is the case exactly as scored (the body POST /v1/score
-- would take) and result the answer exactly as served; both are json, not
-- jsonb, so their text is kept byte for byte. based_on names the records
-- (and their versions) the inputs were read from. Nothing here changes
-- once written: later corrections of the records make new assessments.
CREATE TABLE assessments (
    clinic_id       uuid NOT NULL REFERENCES clinics (id),
    id              uuid NOT NULL DEFAULT gen_random_uuid(),
    consultation_id uuid NOT NULL,
    model_version   text NOT NULL,
    inputs          json NOT NULL,
    inputs_sha256   text NOT NULL CHECK (inputs_sha256 ~ '^[0-9a-f]{64}$'),
    based_on        json NOT NULL,
    result          json NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (clinic_id, id),
    FOREIGN KEY (clinic_id, consultation_id) REFERENCES consultations (clinic_id, id)
);

CREATE INDEX assessments_page ON assessments (clinic_id, consultation_id, created_at, id);

CREATE FUNCTION assessments_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'assessments are immutable' USING ERRCODE = 'restrict_violation';
END
$$;

CREATE TRIGGER assessments_immutable BEFORE UPDATE OR DELETE ON assessments
    FOR EACH ROW EXECUTE FUNCTION assessments_immutable();
