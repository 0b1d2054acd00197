-- Patients, per clinic. Until API keys carry the clinic, every request
-- acts for the default clinic created here.
INSERT INTO clinics (id, name) VALUES ('00000000-0000-0000-0000-000000000001', 'Default clinic');

-- RFC 3339 in UTC with microseconds: how every timestamp leaves the database.
CREATE FUNCTION rfc3339(t timestamptz) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');

CREATE TABLE patients (
    clinic_id   uuid NOT NULL REFERENCES clinics (id),
    id          uuid NOT NULL DEFAULT gen_random_uuid(),
    external_id text NOT NULL CHECK (length(external_id) BETWEEN 1 AND 128),
    birth_date  date NOT NULL,
    sex         text NOT NULL CHECK (sex IN ('female', 'male', 'other', 'unknown')),
    created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (clinic_id, id),
    UNIQUE (clinic_id, external_id)
);

-- Keyset pagination: (created_at, id) within a clinic.
CREATE INDEX patients_page ON patients (clinic_id, created_at, id);
