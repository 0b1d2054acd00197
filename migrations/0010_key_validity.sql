-- authenticate_key also says how long the key stays valid, so that the
-- service can keep a key it has checked for a short while (it never keeps
-- one past its expiry). The return type changes: the function is
-- replaced, with its grant.
DROP FUNCTION authenticate_key(uuid);

CREATE FUNCTION authenticate_key(key_id uuid)
    RETURNS TABLE (clinic_id uuid, role text, secret_hash bytea, expired boolean, revoked boolean,
                   valid_for_s double precision)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    BEGIN ATOMIC
        SELECT k.clinic_id, k.role, k.secret_hash,
               k.expires_at IS NOT NULL AND k.expires_at <= now(), k.revoked_at IS NOT NULL,
               extract(epoch FROM k.expires_at - now())::double precision
        FROM api_keys k WHERE k.id = key_id;
    END;
REVOKE ALL ON FUNCTION authenticate_key(uuid) FROM PUBLIC;

DO $$
BEGIN
    EXECUTE format('GRANT EXECUTE ON FUNCTION authenticate_key(uuid) TO %I',
                   current_database() || '_app');
END
$$;
