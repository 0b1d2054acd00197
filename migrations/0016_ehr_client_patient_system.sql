-- The identifier system an EHR client names its patients by (a URI, e.g.
-- its MRN system), for CDS Hooks calls: when set, a hook's patient is the
-- one whose external_id is the value of that identifier in the Patient
-- the EHR prefetched; when NULL, the hook's context.patientId is itself
-- the external_id. On the client, not the clinic: two EHRs of one clinic
-- may name the same patients in different systems.
ALTER TABLE ehr_clients ADD COLUMN patient_identifier_system text
    CHECK (length(patient_identifier_system) BETWEEN 1 AND 255);
