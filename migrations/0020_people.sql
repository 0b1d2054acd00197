-- People: the clinic's staff, who sign in to the clinic app with an
-- email and a password, in the roles API keys have; and the sessions a
-- sign-in opens. Systems (EHRs, scripts) keep their API keys.
--
-- An email names one person of the whole service (compared without
-- case), so that signing in by email alone names the clinic. Only an
-- Argon2id hash of the password is kept (libsodium's encoded form, which
-- carries its salt and parameters). A person is disabled, never deleted:
-- the audit trail names them.
CREATE TABLE users (
    clinic_id     uuid NOT NULL REFERENCES clinics (id),
    id            uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE,
    email         text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
    name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    role          text NOT NULL CHECK (role IN ('readonly', 'clinician', 'ehr', 'admin')),
    password_hash text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
    created_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    disabled_at   timestamptz,
    PRIMARY KEY (clinic_id, id)
);
CREATE UNIQUE INDEX users_email ON users (lower(email));
CREATE INDEX users_page ON users (clinic_id, created_at, id);

-- A session: the cookie holds a token of 32 random bytes; the row is
-- found by its SHA-256 (id), so that the table alone opens no session.
-- It ends when signed out (ended_at), when unused for its idle timeout
-- (last_seen_at + idle_timeout_seconds), at expires_at whatever its use,
-- and when its person is disabled. Writes made with it need its
-- csrf_token in a header: a page of another site cannot read it.
CREATE TABLE sessions (
    clinic_id            uuid NOT NULL REFERENCES clinics (id),
    id                   bytea NOT NULL UNIQUE CHECK (length(id) = 32),
    user_id              uuid NOT NULL,
    csrf_token           text NOT NULL CHECK (length(csrf_token) = 43),
    created_at           timestamptz NOT NULL DEFAULT clock_timestamp(),
    last_seen_at         timestamptz NOT NULL DEFAULT clock_timestamp(),
    idle_timeout_seconds integer NOT NULL CHECK (idle_timeout_seconds > 0),
    expires_at           timestamptz NOT NULL,
    ended_at             timestamptz,
    client_addr          text,
    PRIMARY KEY (clinic_id, id),
    FOREIGN KEY (clinic_id, user_id) REFERENCES users (clinic_id, id)
);
CREATE INDEX sessions_user ON sessions (clinic_id, user_id);

-- Row-level security as on api_keys (migration 0009): the service's role
-- sees its request's clinic alone; the owner reads past the policy, for
-- the two functions below (a sign-in and a cookie name no clinic yet)
-- and for the command line.
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE users NO FORCE ROW LEVEL SECURITY;
CREATE POLICY clinic_only ON users USING (clinic_id = current_clinic())
    WITH CHECK (clinic_id = current_clinic());
ALTER TABLE sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE sessions NO FORCE ROW LEVEL SECURITY;
CREATE POLICY clinic_only ON sessions USING (clinic_id = current_clinic())
    WITH CHECK (clinic_id = current_clinic());

-- Sign-in: the person an email names, whatever the clinic, with what the
-- service needs to check the password itself.
CREATE FUNCTION authenticate_user(user_email text)
    RETURNS TABLE (id uuid, clinic_id uuid, role text, password_hash text, disabled boolean)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    BEGIN ATOMIC
        SELECT u.id, u.clinic_id, u.role, u.password_hash, u.disabled_at IS NOT NULL
        FROM users u WHERE lower(u.email) = lower(user_email);
    END;
REVOKE ALL ON FUNCTION authenticate_user(text) FROM PUBLIC;

-- A cookie: the session whose id is the SHA-256 of its token, its person
-- and whether it may be used now (state 'active'; else 'ended',
-- 'disabled', 'expired' or 'idle', for the log). An active session's
-- last_seen_at moves to now when it is older than a tenth of the idle
-- timeout (at most a minute): a session read many times a second is
-- written once in a while, and may end that much before its idle timeout.
CREATE FUNCTION authenticate_session(session_id bytea)
    RETURNS TABLE (clinic_id uuid, user_id uuid, email text, name text, role text,
                   csrf_token text, expires_at text, idle_timeout_seconds integer, state text)
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
    BEGIN ATOMIC
        WITH found AS (
            SELECT s.clinic_id, s.id, s.user_id, u.email, u.name, u.role, s.csrf_token,
                   s.expires_at, s.idle_timeout_seconds, s.last_seen_at,
                   CASE WHEN s.ended_at IS NOT NULL THEN 'ended'
                        WHEN u.disabled_at IS NOT NULL THEN 'disabled'
                        WHEN s.expires_at <= now() THEN 'expired'
                        WHEN s.last_seen_at + make_interval(secs => s.idle_timeout_seconds) <= now()
                            THEN 'idle'
                        ELSE 'active' END AS state
            FROM sessions s JOIN users u ON u.clinic_id = s.clinic_id AND u.id = s.user_id
            WHERE s.id = session_id),
        touched AS (
            UPDATE sessions t SET last_seen_at = now() FROM found f
            WHERE t.clinic_id = f.clinic_id AND t.id = f.id AND f.state = 'active'
              AND f.last_seen_at < now() - make_interval(
                      secs => least(f.idle_timeout_seconds / 10.0, 60))
            RETURNING 1)
        SELECT f.clinic_id, f.user_id, f.email, f.name, f.role, f.csrf_token,
               rfc3339(f.expires_at), f.idle_timeout_seconds, f.state
        FROM found f;
    END;
REVOKE ALL ON FUNCTION authenticate_session(bytea) FROM PUBLIC;

DO $$
DECLARE
    app name := (current_database() || '_app')::name;
BEGIN
    EXECUTE format('GRANT SELECT, INSERT, UPDATE (disabled_at, password_hash) ON users TO %I', app);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE (ended_at), DELETE ON sessions TO %I', app);
    EXECUTE format('GRANT EXECUTE ON FUNCTION authenticate_user(text), '
                   'authenticate_session(bytea) TO %I', app);
END
$$;
