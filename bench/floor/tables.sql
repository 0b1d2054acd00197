-- The physical floors' tables (make bench): the least PostgreSQL does for
-- a finding written, a consultation read and an assessment made, measured
-- beside the service's tables and never in them. Made by the superuser
-- in a schema of their own, for the service's role (psql variable app):
-- the floors run as that role, with its settings, as the service does,
-- and touch none of its rows (no consultation fills, no trigger runs, no
-- row-level security filters).
CREATE SCHEMA bench_floor;

-- what a finding is at the least: a uuid key, its clinic, its document
CREATE TABLE bench_floor.findings (
    clinic_id uuid NOT NULL,
    id        uuid NOT NULL DEFAULT gen_random_uuid(),
    doc       jsonb NOT NULL,
    PRIMARY KEY (clinic_id, id)
);

-- the clinic's records, copied in the order they were written, so that
-- a consultation's are found by one index as in consultation_records
CREATE TABLE bench_floor.records (
    clinic_id       uuid NOT NULL,
    id              uuid NOT NULL,
    consultation_id uuid NOT NULL,
    doc             jsonb NOT NULL,
    PRIMARY KEY (clinic_id, id)
);
INSERT INTO bench_floor.records SELECT clinic_id, id, consultation_id, doc FROM consultation_records;
CREATE INDEX ON bench_floor.records (clinic_id, consultation_id);

-- an assessment's answer: one JSON document (json, as the service keeps it)
CREATE TABLE bench_floor.assessments (
    clinic_id       uuid NOT NULL,
    id              uuid NOT NULL DEFAULT gen_random_uuid(),
    consultation_id uuid NOT NULL,
    doc             json NOT NULL,
    PRIMARY KEY (clinic_id, id)
);

-- the guarantees' floors: the rows the guarantees write beside the work,
-- each as bare as the finding above (a key, the clinic, the document)
CREATE TABLE bench_floor.idempotency (
    clinic_id uuid NOT NULL,
    key       text NOT NULL,
    response  jsonb NOT NULL,
    PRIMARY KEY (clinic_id, key)
);
CREATE TABLE bench_floor.versions (
    clinic_id uuid NOT NULL,
    id        uuid NOT NULL DEFAULT gen_random_uuid(),
    doc       jsonb NOT NULL,
    PRIMARY KEY (clinic_id, id)
);
CREATE TABLE bench_floor.audit (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    clinic_id uuid NOT NULL,
    resource  uuid NOT NULL
);

GRANT USAGE ON SCHEMA bench_floor TO :"app";
GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA bench_floor TO :"app";
