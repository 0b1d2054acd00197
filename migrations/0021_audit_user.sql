-- The audit trail names the person behind a request made with a session
-- (migration 0020): user_id, and no key_id. A request made with an API
-- key or an EHR client's token names the key or client, and no person.
-- Every row names exactly one of them.
ALTER TABLE audit_events ADD COLUMN user_id uuid;
ALTER TABLE audit_events ALTER COLUMN key_id DROP NOT NULL;
ALTER TABLE audit_events ADD CONSTRAINT audit_events_principal
    CHECK ((key_id IS NULL) <> (user_id IS NULL));
