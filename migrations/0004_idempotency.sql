-- Idempotency-Key: the first response to each key is kept (at least 24 h)
-- and replayed to retries with the same request; the key's row is
-- inserted in the same transaction as the record, so two concurrent
-- retries can never both create it.
CREATE TABLE idempotency_keys (
    clinic_id    uuid NOT NULL REFERENCES clinics (id),
    key          text NOT NULL,
    request_hash text NOT NULL,
    status       integer,
    response     text,
    location     text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (clinic_id, key)
);

CREATE INDEX idempotency_keys_age ON idempotency_keys (created_at);
