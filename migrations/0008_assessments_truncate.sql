-- TRUNCATE bypasses row triggers: assessments refuse it too.
CREATE TRIGGER assessments_no_truncate BEFORE TRUNCATE ON assessments
    FOR EACH STATEMENT EXECUTE FUNCTION assessments_immutable();
