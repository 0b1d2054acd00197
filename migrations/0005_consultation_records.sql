-- What is recorded under a consultation: examination findings, imaging
-- studies and diagnostic blocks. One table, told apart by kind: they are
-- read together (a consultation embeds them all) and versioned alike.
-- doc holds the validated fields; the columns hold what the database
-- owns or must index.
CREATE TABLE consultation_records (
    clinic_id       uuid NOT NULL REFERENCES clinics (id),
    id              uuid NOT NULL DEFAULT gen_random_uuid(),
    consultation_id uuid NOT NULL,
    kind            text NOT NULL CHECK (kind IN ('finding', 'imaging', 'block')),
    version         integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    status          text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'entered_in_error')),
    doc             jsonb NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (clinic_id, id),
    FOREIGN KEY (clinic_id, consultation_id) REFERENCES consultations (clinic_id, id)
);

CREATE INDEX consultation_records_page
    ON consultation_records (clinic_id, consultation_id, kind, created_at, id);
