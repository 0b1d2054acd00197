-- The physical floor of GET a consultation (pgbench -M prepared): one
-- query returning its records' documents as one JSON array.
-- Variables (pgbench -D): clinic, consultation.
SELECT json_agg(doc) FROM bench_floor.records WHERE clinic_id = :clinic AND consultation_id = :consultation;
