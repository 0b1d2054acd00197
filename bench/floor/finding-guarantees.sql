-- The guarantees' floor of POST a finding (pgbench -M prepared): the rows
-- the issue's guarantees write, at the least each can cost: the
-- Idempotency-Key with its response, the finding, its first version
-- (history) and the audit row, as plain INSERTs into tables with only a
-- primary key, in one transaction sent in one round trip. No row-level
-- security, trigger, foreign key, lock, bound or HTTP: what no design
-- with those guarantees can go below.
-- Variables (pgbench -D): clinic, doc.
\set k random(1, 2000000000)
\startpipeline
BEGIN;
INSERT INTO bench_floor.idempotency (clinic_id, key, response) VALUES (:clinic, :client_id || '-' || :k, :doc);
INSERT INTO bench_floor.findings (clinic_id, doc) VALUES (:clinic, :doc);
INSERT INTO bench_floor.versions (clinic_id, doc) VALUES (:clinic, :doc);
INSERT INTO bench_floor.audit (clinic_id, resource) VALUES (:clinic, gen_random_uuid());
COMMIT;
\endpipeline
