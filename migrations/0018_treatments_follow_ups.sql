-- Outcomes: treatments given under a consultation, and the follow-ups of
-- each treatment. They are records of the consultation like findings,
-- imaging and blocks (versions, history, entered in error, the
-- consultation's lock and its bound on records), told apart by kind. A
-- follow-up names its treatment in doc->>'treatment_id' (the treatment's
-- consultation is its own); a treatment names the assessment it followed
-- in doc->>'assessment_id'. Neither is read into an assessment's case.
ALTER TABLE consultation_records DROP CONSTRAINT consultation_records_kind_check;
ALTER TABLE consultation_records ADD CONSTRAINT consultation_records_kind_check
    CHECK (kind IN ('finding', 'imaging', 'block', 'treatment', 'follow_up'));

ALTER TABLE record_versions DROP CONSTRAINT record_versions_resource_check;
ALTER TABLE record_versions ADD CONSTRAINT record_versions_resource_check
    CHECK (resource IN ('patient', 'consultation', 'finding', 'imaging', 'block', 'treatment',
                        'follow_up'));

-- A treatment's follow-ups, oldest first (GET /v1/treatments/{id}/follow-ups).
CREATE INDEX consultation_records_follow_ups
    ON consultation_records (clinic_id, (doc->>'treatment_id'), created_at, id)
    WHERE kind = 'follow_up';
