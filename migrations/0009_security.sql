-- Security: API keys, the audit trail, and tenancy enforced by the
-- database.
--
-- Requests run on connections that log in as "<database>_app" (for the
-- database paingen: paingen_app), a role that owns nothing, is no
-- superuser and cannot bypass row-level security; migrations and the
-- command line use the owner's connection. Every table that holds a
-- clinic's data has row-level security forced, and each request's
-- transaction names its clinic with set_config('paingen.clinic', <id>,
-- true) (SET LOCAL), so a query that forgets its clinic filter still sees
-- one clinic only. The role is per database because roles are per
-- cluster: another database's owner must not be able to use this one's.

-- The request's clinic: NULL (so no row at all) when none was set.
CREATE FUNCTION current_clinic() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN nullif(current_setting('paingen.clinic', true), '')::uuid;

-- Keys: paingen_<32 hex of id>_<43 base64url of 32 random bytes>. Only
-- the SHA-256 of the secret part is kept; the key is shown once.
CREATE TABLE api_keys (
    clinic_id   uuid NOT NULL REFERENCES clinics (id),
    id          uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE,
    role        text NOT NULL CHECK (role IN ('readonly', 'clinician', 'ehr', 'admin')),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    secret_hash bytea NOT NULL CHECK (length(secret_hash) = 32),
    created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    expires_at  timestamptz,
    revoked_at  timestamptz,
    PRIMARY KEY (clinic_id, id)
);
CREATE INDEX api_keys_page ON api_keys (clinic_id, created_at, id);

-- Who did what to which patient data, one row per request, written in
-- the transaction of the request itself. Nothing may change or remove a
-- row: the service's role may only add and read, and triggers stop the
-- owner too.
CREATE TABLE audit_events (
    clinic_id   uuid NOT NULL REFERENCES clinics (id),
    id          uuid NOT NULL DEFAULT gen_random_uuid(),
    at          timestamptz NOT NULL DEFAULT clock_timestamp(),
    key_id      uuid NOT NULL,
    role        text NOT NULL,
    method      text NOT NULL,
    route       text NOT NULL,
    resource_ids text[] NOT NULL DEFAULT '{}',
    status      integer NOT NULL,
    request_id  text NOT NULL,
    client_addr text,
    PRIMARY KEY (clinic_id, id)
);
CREATE INDEX audit_events_page ON audit_events (clinic_id, at, id);
CREATE INDEX audit_events_resource ON audit_events USING gin (resource_ids);

CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only' USING ERRCODE = 'restrict_violation';
END
$$;
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();

-- Row-level security on every table that holds a clinic's data, and on
-- the clinics themselves.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['patients', 'consultations', 'record_versions',
                             'consultation_records', 'assessments', 'idempotency_keys',
                             'audit_events', 'api_keys']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY clinic_only ON %I USING (clinic_id = current_clinic()) '
                       'WITH CHECK (clinic_id = current_clinic())', t);
    END LOOP;
END
$$;
ALTER TABLE clinics ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_clinic ON clinics USING (id = current_clinic());
-- Expired idempotency keys (kept 24 h at least, swept after 48 h) hold no
-- answer anyone may still replay: any request may sweep them, whichever
-- clinic they were for.
CREATE POLICY sweep_expired ON idempotency_keys FOR DELETE
    USING (created_at < now() - interval '48 hours');

-- Authentication must find a key before any clinic is known: this one
-- function reads api_keys past the policy (as its owner, with the table's
-- policies bypassed for the owner below) and returns what the service
-- needs to check the secret itself.
CREATE FUNCTION authenticate_key(key_id uuid)
    RETURNS TABLE (clinic_id uuid, role text, secret_hash bytea, expired boolean, revoked boolean)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    BEGIN ATOMIC
        SELECT k.clinic_id, k.role, k.secret_hash,
               k.expires_at IS NOT NULL AND k.expires_at <= now(), k.revoked_at IS NOT NULL
        FROM api_keys k WHERE k.id = key_id;
    END;
REVOKE ALL ON FUNCTION authenticate_key(uuid) FROM PUBLIC;
-- The owner reads api_keys for authentication (and for the command line);
-- the service's role stays under the policy.
ALTER TABLE api_keys NO FORCE ROW LEVEL SECURITY;

-- The service's role, and what it may do.
DO $$
DECLARE
    app name := (current_database() || '_app')::name;
    db name := current_database();
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = app) THEN
        EXECUTE format('CREATE ROLE %I LOGIN NOINHERIT', app);
    END IF;
    -- short queries: compiling them (JIT) once a table grows costs far
    -- more than running them (seen: 0.7 s for a 3 ms consultation read)
    EXECUTE format('ALTER ROLE %I IN DATABASE %I SET jit = off', app, db);
    -- only this database's roles may connect to it (when we own it)
    IF (SELECT datdba FROM pg_database WHERE datname = db) =
       (SELECT oid FROM pg_roles WHERE rolname = current_user) THEN
        EXECUTE format('REVOKE CONNECT, TEMPORARY ON DATABASE %I FROM PUBLIC', db);
    END IF;
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', db, app);
    EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', app);
    EXECUTE format('GRANT SELECT ON clinics, schema_migrations TO %I', app);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE ON patients, consultations, '
                   'consultation_records TO %I', app);
    EXECUTE format('GRANT SELECT, INSERT ON record_versions, assessments, audit_events TO %I',
                   app);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON idempotency_keys TO %I', app);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE (revoked_at) ON api_keys TO %I', app);
    EXECUTE format('GRANT EXECUTE ON FUNCTION authenticate_key(uuid) TO %I', app);
END
$$;
