-- The physical floor of POST an assessment (pgbench -M prepared): read
-- the consultation's records as JSON, then durably write the answer, in
-- one transaction. The answer is computed from what was read, so two
-- round trips are the least: BEGIN and the read in one pipeline, the
-- write and COMMIT in the next.
-- Variables (pgbench -D): clinic, consultation, answer.
\startpipeline
BEGIN;
SELECT json_agg(doc) FROM bench_floor.records WHERE clinic_id = :clinic AND consultation_id = :consultation;
\endpipeline
\startpipeline
INSERT INTO bench_floor.assessments (clinic_id, consultation_id, doc) VALUES (:clinic, :consultation, :answer);
COMMIT;
\endpipeline
