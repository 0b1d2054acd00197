-- The physical floor of POST a finding (pgbench -M prepared): one durable
-- INSERT of a finding's document, a transaction of its own.
-- Variables (pgbench -D): clinic, doc.
INSERT INTO bench_floor.findings (clinic_id, doc) VALUES (:clinic, :doc);
