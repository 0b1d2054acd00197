-- EHR clients: the systems that call the service with the JWTs of CDS
-- Hooks 2.0, each signed with a key of its JWK Set. A client belongs to
-- one clinic; its iss names it, and so the clinic, in every token: no two
-- active clients share an iss (a revoked one keeps its row, and its iss
-- may be registered again). Its keys are either held here (jwks) or
-- fetched from the URLs of its allowlist (jku_allowlist), never both.
CREATE TABLE ehr_clients (
    clinic_id     uuid NOT NULL REFERENCES clinics (id),
    id            uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE,
    iss           text NOT NULL CHECK (length(iss) BETWEEN 1 AND 255),
    name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    jwks          jsonb,
    jku_allowlist text[] CHECK (cardinality(jku_allowlist) BETWEEN 1 AND 5),
    created_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    revoked_at    timestamptz,
    PRIMARY KEY (clinic_id, id),
    CHECK ((jwks IS NULL) <> (jku_allowlist IS NULL))
);
CREATE UNIQUE INDEX ehr_clients_active_iss ON ehr_clients (iss) WHERE revoked_at IS NULL;
CREATE INDEX ehr_clients_page ON ehr_clients (clinic_id, created_at, id);

ALTER TABLE ehr_clients ENABLE ROW LEVEL SECURITY;
CREATE POLICY clinic_only ON ehr_clients USING (clinic_id = current_clinic())
    WITH CHECK (clinic_id = current_clinic());

-- A token is authenticated before any clinic is known, as an API key is
-- (migration 0009): this one function reads ehr_clients past the policy,
-- as the table's owner, for the client a token's iss names (the active
-- one, else the latest revoked, so that the log can tell the two apart).
CREATE FUNCTION authenticate_ehr_client(client_iss text)
    RETURNS TABLE (id uuid, clinic_id uuid, name text, jwks text, jku_allowlist text[],
                   revoked boolean)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    BEGIN ATOMIC
        SELECT c.id, c.clinic_id, c.name, c.jwks::text, c.jku_allowlist, c.revoked_at IS NOT NULL
        FROM ehr_clients c WHERE c.iss = client_iss
        ORDER BY c.revoked_at IS NULL DESC, c.revoked_at DESC LIMIT 1;
    END;
REVOKE ALL ON FUNCTION authenticate_ehr_client(text) FROM PUBLIC;
ALTER TABLE ehr_clients NO FORCE ROW LEVEL SECURITY;

-- The jti of every token accepted, until the token has expired: a token
-- sent again is refused. Rows are the service's, not a clinic's, and only
-- the two functions below reach them. A jti is remembered until its
-- token's exp plus the minute of clock skew the service allows; after
-- that the token is refused as expired anyway, so a later token may carry
-- the same jti.
CREATE TABLE ehr_jtis (
    iss        text NOT NULL,
    jti        text NOT NULL CHECK (length(jti) BETWEEN 1 AND 255),
    expires_at timestamptz NOT NULL,
    PRIMARY KEY (iss, jti)
);
CREATE INDEX ehr_jtis_expiry ON ehr_jtis (expires_at);

-- true when the jti is new for this issuer (and now recorded), NULL when
-- a token still valid already carried it.
CREATE FUNCTION ehr_jti_record(client_iss text, token_jti text, token_exp double precision)
    RETURNS boolean
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
    BEGIN ATOMIC
        INSERT INTO ehr_jtis AS j (iss, jti, expires_at)
        VALUES (client_iss, token_jti, to_timestamp(token_exp))
        ON CONFLICT (iss, jti) DO UPDATE SET expires_at = excluded.expires_at
            WHERE j.expires_at < now() - interval '1 minute'
        RETURNING true;
    END;
REVOKE ALL ON FUNCTION ehr_jti_record(text, text, double precision) FROM PUBLIC;

-- Deletes up to 1,000 rows past their use; bounded, so that a backlog
-- never makes one request slow. Returns how many.
CREATE FUNCTION ehr_jti_sweep() RETURNS bigint
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
    BEGIN ATOMIC
        WITH gone AS (
            DELETE FROM ehr_jtis WHERE ctid IN (
                SELECT ctid FROM ehr_jtis WHERE expires_at < now() - interval '1 minute' LIMIT 1000)
            RETURNING 1)
        SELECT count(*) FROM gone;
    END;
REVOKE ALL ON FUNCTION ehr_jti_sweep() FROM PUBLIC;

DO $$
DECLARE
    app name := (current_database() || '_app')::name;
BEGIN
    EXECUTE format('GRANT SELECT, INSERT, UPDATE (revoked_at) ON ehr_clients TO %I', app);
    EXECUTE format('GRANT EXECUTE ON FUNCTION authenticate_ehr_client(text), '
                   'ehr_jti_record(text, text, double precision), ehr_jti_sweep() TO %I', app);
END
$$;
