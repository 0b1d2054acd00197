-- Consultations, and the version history shared by every clinical record.
--
-- A record lives in its resource's table as its current version (fast
-- reads: the representation is doc plus a few columns); every version,
-- the first included, is also kept in record_versions, so corrections
-- never lose data and GET .../history can show them all.

CREATE TABLE record_versions (
    clinic_id   uuid NOT NULL REFERENCES clinics (id),
    resource    text NOT NULL CHECK (resource IN ('patient', 'consultation', 'finding', 'imaging', 'block')),
    id          uuid NOT NULL,
    version     integer NOT NULL CHECK (version >= 1),
    status      text NOT NULL CHECK (status IN ('active', 'entered_in_error')),
    doc         jsonb NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (clinic_id, resource, id, version)
);

CREATE TABLE consultations (
    clinic_id   uuid NOT NULL REFERENCES clinics (id),
    id          uuid NOT NULL DEFAULT gen_random_uuid(),
    patient_id  uuid NOT NULL,
    region      text NOT NULL CHECK (region IN ('lumbar', 'knee', 'shoulder')),
    occurred_at timestamptz NOT NULL,
    version     integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    status      text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'entered_in_error')),
    doc         jsonb NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (clinic_id, id),
    FOREIGN KEY (clinic_id, patient_id) REFERENCES patients (clinic_id, id)
);

CREATE INDEX consultations_by_patient ON consultations (clinic_id, patient_id, created_at, id);
