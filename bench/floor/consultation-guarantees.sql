-- The guarantees' floor of GET a consultation (pgbench -M prepared): the
-- read and its audit row, committed without waiting for the WAL flush as
-- the service commits reads' rows by default, in one transaction sent in
-- one round trip; the audit row a plain INSERT into a table with only a
-- primary key. No row-level security, trigger or HTTP: what no design
-- that audits every read can go below.
-- Variables (pgbench -D): clinic, consultation.
\startpipeline
BEGIN;
SELECT json_agg(doc) FROM bench_floor.records WHERE clinic_id = :clinic AND consultation_id = :consultation;
SET LOCAL synchronous_commit = off;
INSERT INTO bench_floor.audit (clinic_id, resource) VALUES (:clinic, :consultation);
COMMIT;
\endpipeline
