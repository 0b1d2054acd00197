-- Whether a record is current is stored with it, kept right by triggers
-- in the statement that writes a record, so that reading it costs
-- nothing. It was computed on every read, for each finding a search of
-- every later finding of its consultation: a read of 4,000 findings took
-- 0.6 s. Current: active, and for a finding the latest active one
-- (created_at, then id) of its test and side in its consultation (the
-- same test recorded twice is kept; the latest wins).
ALTER TABLE consultation_records ADD COLUMN current boolean NOT NULL DEFAULT false;

-- A finding's test and side, as the triggers match them ('' for no side,
-- which no side is spelt as): the active findings of one test and side,
-- latest last.
CREATE INDEX consultation_records_latest
    ON consultation_records (clinic_id, consultation_id, (doc->>'code'),
                             (coalesce(doc->>'side', '')), created_at, id)
    WHERE kind = 'finding' AND status = 'active';

-- Before a record is written: its own flag, and for a finding that is
-- the latest of its test and side, the one it supersedes is no longer
-- current (before, so that the index below never holds two). Writes of
-- findings under one consultation take turns (the consultation's row is
-- locked until the transaction ends), so that two findings of the same
-- test recorded at once cannot both be the latest.
CREATE FUNCTION consultation_records_current() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.kind <> 'finding' THEN
        NEW.current := NEW.status = 'active';
        RETURN NEW;
    END IF;
    PERFORM 1 FROM consultations c
        WHERE c.clinic_id = NEW.clinic_id AND c.id = NEW.consultation_id FOR NO KEY UPDATE;
    NEW.current := NEW.status = 'active' AND NOT EXISTS (
        SELECT 1 FROM consultation_records l
        WHERE l.clinic_id = NEW.clinic_id AND l.consultation_id = NEW.consultation_id
          AND l.kind = 'finding' AND l.status = 'active'
          AND l.doc->>'code' = NEW.doc->>'code'
          AND coalesce(l.doc->>'side', '') = coalesce(NEW.doc->>'side', '')
          AND (l.created_at, l.id) > (NEW.created_at, NEW.id));
    IF NEW.current THEN
        UPDATE consultation_records l SET current = false
        WHERE l.clinic_id = NEW.clinic_id AND l.consultation_id = NEW.consultation_id
          AND l.kind = 'finding' AND l.current
          AND l.doc->>'code' = NEW.doc->>'code'
          AND coalesce(l.doc->>'side', '') = coalesce(NEW.doc->>'side', '')
          AND l.id <> NEW.id;
    END IF;
    RETURN NEW;
END
$$;

-- After a current finding is corrected: when it is no longer current
-- (entered in error, or moved to another test or side), the latest
-- active one of its old test and side is current again.
CREATE FUNCTION consultation_records_succeed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE consultation_records l SET current = true
    WHERE l.clinic_id = OLD.clinic_id AND l.id = (
        SELECT p.id FROM consultation_records p
        WHERE p.clinic_id = OLD.clinic_id AND p.consultation_id = OLD.consultation_id
          AND p.kind = 'finding' AND p.status = 'active'
          AND p.doc->>'code' = OLD.doc->>'code'
          AND coalesce(p.doc->>'side', '') = coalesce(OLD.doc->>'side', '')
        ORDER BY p.created_at DESC, p.id DESC LIMIT 1)
      AND NOT EXISTS (
        SELECT 1 FROM consultation_records x
        WHERE x.clinic_id = OLD.clinic_id AND x.consultation_id = OLD.consultation_id
          AND x.kind = 'finding' AND x.current
          AND x.doc->>'code' = OLD.doc->>'code'
          AND coalesce(x.doc->>'side', '') = coalesce(OLD.doc->>'side', ''));
    RETURN NULL;
END
$$;

-- Only a write of what the flag depends on fires them (the updates of
-- the flag itself do not).
CREATE TRIGGER consultation_records_current BEFORE INSERT OR UPDATE OF doc, status
    ON consultation_records FOR EACH ROW EXECUTE FUNCTION consultation_records_current();
CREATE TRIGGER consultation_records_succeed AFTER UPDATE OF doc, status
    ON consultation_records FOR EACH ROW WHEN (OLD.kind = 'finding' AND OLD.current)
    EXECUTE FUNCTION consultation_records_succeed();

-- The records already kept. Row-level security is forced on the table,
-- for its owner too: lifted for this transaction, to reach every clinic.
ALTER TABLE consultation_records NO FORCE ROW LEVEL SECURITY;
UPDATE consultation_records SET current = status = 'active' WHERE kind <> 'finding';
UPDATE consultation_records r SET current = true
FROM (SELECT DISTINCT ON (clinic_id, consultation_id, doc->>'code', coalesce(doc->>'side', ''))
             clinic_id, id
      FROM consultation_records
      WHERE kind = 'finding' AND status = 'active'
      ORDER BY clinic_id, consultation_id, doc->>'code', coalesce(doc->>'side', ''),
               created_at DESC, id DESC) AS latest
WHERE r.clinic_id = latest.clinic_id AND r.id = latest.id;
ALTER TABLE consultation_records FORCE ROW LEVEL SECURITY;

-- At most one current finding of a test and side in a consultation.
CREATE UNIQUE INDEX consultation_records_current
    ON consultation_records (clinic_id, consultation_id, (doc->>'code'),
                             (coalesce(doc->>'side', '')))
    WHERE kind = 'finding' AND current;
