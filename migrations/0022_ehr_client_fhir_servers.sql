-- The FHIR servers an EHR client's calls may send paingen to (CDS Hooks
-- fhirServer): the base URLs registered with the client, as the
-- specification's pre-registration asks. A call whose needed data was not
-- prefetched is answered from its fhirServer only when that server is on
-- this list and the call grants a token (fhirAuthorization); otherwise
-- 412. NULL: paingen calls no FHIR server for this client.
ALTER TABLE ehr_clients ADD COLUMN fhir_servers text[]
    CHECK (cardinality(fhir_servers) BETWEEN 1 AND 5);
