-- Requests a key's rate limit refused (429) are counted in memory and
-- recorded as one audit row per key and second, not one per request: a
-- flood of them must not flood this table, nor hold a connection each.
-- count is how many requests a row stands for: 1 for every other row.
-- The rows stay append-only: a count is written once, never updated.
ALTER TABLE audit_events ADD COLUMN count bigint NOT NULL DEFAULT 1 CHECK (count >= 1);
