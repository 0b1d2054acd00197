#!/usr/bin/env bats
# The FHIR R4 export of the README's work-ups: the resources each Bundle
# holds, the codes on them, the differential as percentages and the
# working diagnosis; each Bundle validated offline by tests/fhir (the R4
# schema, the StructureDefinitions' invariants, HL7's codes), and that
# validator shown to refuse broken Bundles. Then corrections and mistakes,
# content negotiation, tenancy and the audit row.

load helpers

setup_file() {
    new_db it_fhir
    start_service
    sed -n '/<!-- workup:begin -->/,/<!-- workup:end -->/p' "$PAINGEN_ROOT/README.md" | sed '1,2d;$d' |
        sed '$d' >"$BATS_FILE_TMPDIR/workup.sh"
    env BASE="$BASE" PAINGEN_KEY="$API_KEY" bash -euo pipefail "$BATS_FILE_TMPDIR/workup.sh" >/dev/null
    # the consultation and the assessment of each work-up, by its patient
    for n in 1 2 3; do
        export "C$n=$(consultation_of "MRN-100$n")" "A$n=$(assessment_of "MRN-100$n")"
    done
}

teardown_file() { stop_service; }

consultation_of() {
    sql -c "SELECT c.id FROM consultations c JOIN patients p ON p.clinic_id = c.clinic_id AND p.id = c.patient_id
            WHERE p.external_id = '$1'"
}
assessment_of() {
    sql -c "SELECT a.id FROM assessments a JOIN consultations c ON c.clinic_id = a.clinic_id AND c.id = a.consultation_id
            JOIN patients p ON p.clinic_id = c.clinic_id AND p.id = c.patient_id WHERE p.external_id = '$1'"
}

# export PATH NAME [curl args]: GETs a FHIR export, checks it is a Bundle
# served as application/fhir+json and keeps it as $BATS_FILE_TMPDIR/NAME.json.
export_bundle() {
    req GET "$1" "${@:3}"
    expect_status 200
    [ "$(header Content-Type)" = application/fhir+json ]
    expect_json '.resourceType == "Bundle" and .type == "collection" and (.entry | length > 0)'
    printf '%s' "$BODY" >"$BATS_FILE_TMPDIR/$2.json"
}

# validate FILE...: the offline validator of tests/fhir (installed by make test from its lock).
validate() {
    [ -d "$PAINGEN_ROOT/tests/fhir/node_modules" ] ||
        { echo "tests/fhir has no node_modules: run make test, or npm ci in tests/fhir" >&2; return 1; }
    node "$PAINGEN_ROOT/tests/fhir/validate-bundle.mjs" "$@"
}

# count TYPE: how many resources of TYPE the last Bundle holds.
count() { jq "[.entry[].resource | select(.resourceType == \"$1\")] | length" <<<"$BODY"; }

@test "the lumbar work-up exports its patient, consultation, findings, MRI, blocks with relief, assessment and diagnosis" {
    export_bundle "/v1/consultations/$C1/fhir" lumbar
    [ "$(count Patient)" = 1 ]
    [ "$(count Encounter)" = 1 ]
    [ "$(count DiagnosticReport)" = 1 ]
    [ "$(count Procedure)" = 2 ]
    [ "$(count RiskAssessment)" = 1 ]
    [ "$(count Condition)" = 1 ]
    # the pain score, 6 findings, and each block's baseline, 3 readings and peak relief
    [ "$(count Observation)" = $((1 + 6 + 2 * 5)) ]
    # every fullUrl is the urn:uuid of its resource's id: references resolve inside the Bundle
    expect_json 'all(.entry[]; .fullUrl == "urn:uuid:\(.resource.id)")'
    expect_json '.entry[0].resource | .resourceType == "Patient" and .identifier == [{"value": "MRN-1001"}]'
    expect_json "[.entry[].resource | select(.resourceType == \"Encounter\")][0] | .id == \"$C1\" and .status == \"finished\" and .class.code == \"AMB\""
}

@test "the README's FHIR example prints what it says" {
    section=$(sed -n '/^### FHIR export$/,/^- \*\*What maps/p' "$PAINGEN_ROOT/README.md")
    cmd=$(grep -A1 '^    \$ curl' <<<"$section" | sed 's/^    \$ //; s/^    //')
    want=$(grep '^    {' <<<"$section" | sed 's/^    //')
    [ -n "$cmd" ]
    [ -n "$want" ]
    run env PAINGEN_KEY="$API_KEY" C1="$C1" bash -c "${cmd//localhost:8080/${BASE#http://}}"
    [ "$status" -eq 0 ]
    [ "$output" = "$want" ]
}

@test "findings carry SNOMED CT Positive / Negative, the pain score LOINC 72514-3" {
    req GET "/v1/consultations/$C1/fhir"
    expect_status 200
    exams='[.entry[].resource | select(.resourceType == "Observation" and .category[0].coding[0].code == "exam")]'
    expect_json "$exams | length == 6"
    expect_json "$exams | all(.[]; .valueCodeableConcept.coding[0].system == \"http://snomed.info/sct\")"
    expect_json "[$exams[] | select(.valueCodeableConcept.coding[0].code == \"10828004\")] | length == 4"
    expect_json "[$exams[] | select(.valueCodeableConcept.coding[0].code == \"260385009\")] | length == 2"
    expect_json "$exams | map(select(.code.coding[0].code == \"sij_gaenslen\"))[0].valueCodeableConcept.coding[0].code == \"260385009\""
    expect_json '[.entry[].resource | select(.category[0].coding[0].code == "survey")][0] | .code.coding[0] == {"system": "http://loinc.org", "code": "72514-3", "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported"} and .valueInteger == 7'
}

@test "each block's relief: its readings on the NRS and the peak relief are partOf its Procedure" {
    req GET "/v1/consultations/$C1/fhir"
    expect_status 200
    b1=$(sql -c "SELECT id FROM consultation_records WHERE consultation_id = '$C1' AND kind = 'block' AND doc->>'agent' = 'lidocaine'")
    relief="[.entry[].resource | select(.resourceType == \"Observation\" and .partOf[0].reference == \"urn:uuid:$b1\")]"
    expect_json "[$relief[] | .valueInteger | select(. != null)] == [7, 2, 1, 6]"
    expect_json "[$relief[] | .effectiveDateTime] | .[0:4] == [\"2026-11-09T10:00:00.000000Z\", \"2026-11-09T10:15:00.000000Z\", \"2026-11-09T11:00:00.000000Z\", \"2026-11-09T13:00:00.000000Z\"]"
    expect_json "$relief | map(select(.code.coding[0].code == \"block-peak-relief\"))[0] | .valueQuantity == {\"value\": 85.7, \"unit\": \"%\", \"system\": \"http://unitsofmeasure.org\", \"code\": \"%\"} and .interpretation[0].coding[0].code == \"POS\" and (.derivedFrom | length == 4)"
    # the comparative block names the one it confirms
    expect_json "[.entry[].resource | select(.resourceType == \"Procedure\" and .usedCode[0].coding[0].code == \"bupivacaine\")][0].reasonReference == [{\"reference\": \"urn:uuid:$b1\", \"type\": \"Procedure\"}]"
}

@test "the RiskAssessment: a prediction per source, probabilityDecimal a percentage summing to 100, the model and the records read" {
    req GET "/v1/consultations/$C1/fhir"
    expect_status 200
    ra='[.entry[].resource | select(.resourceType == "RiskAssessment")][0]'
    expect_json "$ra | .id == \"$A1\" and .status == \"final\""
    expect_json "$ra | .prediction | length == 4"
    expect_json "$ra | all(.prediction[]; .probabilityDecimal >= 0 and .probabilityDecimal <= 100)"
    expect_json "$ra | ([.prediction[].probabilityDecimal] | add) as \$s | \$s > 99.5 and \$s < 100.5"
    # the README's 84%: as a percentage, never as the fraction 0.84
    expect_json "$ra | .prediction[0] | .outcome.coding[0].code == \"lumbar_sij\" and .probabilityDecimal == 83.8"
    expect_json "$ra | .prediction[0].rationale | test(\"sij_provocation met x2.13\")"
    model=$(sql -c "SELECT model_version FROM assessments WHERE id = '$A1'")
    expect_json "$ra | .method.coding[0] | .system == \"urn:paingen:codesystem:model\" and .version == \"$model\""
    # basis: the 9 records the assessment read, each in the Bundle
    expect_json "$ra | .basis | length == 9"
    expect_json "[.entry[].fullUrl] as \$urls | $ra | all(.basis[]; .reference as \$r | \$urls | index(\$r) != null)"
}

@test "the Condition is the top source: confirmed by the lumbar SIJ block pair, differential below 60%" {
    req GET "/v1/consultations/$C1/fhir"
    expect_status 200
    cond='[.entry[].resource | select(.resourceType == "Condition")][0]'
    expect_json "$cond | .code.coding[0].code == \"lumbar_sij\" and .verificationStatus.coding[0].code == \"confirmed\""
    expect_json "$cond | .clinicalStatus.coding[0].code == \"active\" and .bodySite == [{\"text\": \"right\"}]"
    expect_json "$cond | .evidence[0].detail == [{\"reference\": \"urn:uuid:$A1\", \"type\": \"RiskAssessment\"}]"
    export_bundle "/v1/consultations/$C2/fhir" knee
    expect_json "$cond | .code.coding[0].code == \"knee_medial_meniscus\" and .verificationStatus.coding[0].code == \"differential\""
    [ "$(count Observation)" = $((1 + 6 + 4)) ]
    [ "$(count DiagnosticReport)" = 2 ]
    export_bundle "/v1/consultations/$C3/fhir" shoulder
    expect_json "$cond | .code.coding[0].code == \"shoulder_subacromial_pain\" and .verificationStatus.coding[0].code == \"differential\""
}

@test "an assessment exports alone: its RiskAssessment, its Condition and the records it read" {
    for n in 1 2 3; do
        a=A$n
        export_bundle "/v1/assessments/${!a}/fhir" "assessment-$n"
        [ "$(count RiskAssessment)" = 1 ]
        [ "$(count Condition)" = 1 ]
        [ "$(count Patient)" = 1 ]
        [ "$(count Encounter)" = 1 ]
        read_ids=$(sql -c "SELECT json_agg(e->>'id' ORDER BY e->>'id') FROM assessments, json_array_elements(based_on) e WHERE id = '${!a}'")
        expect_json "[.entry[].resource | select(.resourceType == \"Observation\" or .resourceType == \"DiagnosticReport\" or .resourceType == \"Procedure\") | select(.meta.versionId) | .id] | sort == $read_ids"
    done
}

@test "every exported Bundle passes the R4 schema, the invariants and the code checks" {
    for f in lumbar knee shoulder assessment-1 assessment-2 assessment-3; do
        [ -s "$BATS_FILE_TMPDIR/$f.json" ]
    done
    run validate "$BATS_FILE_TMPDIR"/{lumbar,knee,shoulder,assessment-1,assessment-2,assessment-3}.json
    echo "$output"
    [ "$status" -eq 0 ]
    [ "$(grep -c '^ok ' <<<"$output")" = 6 ]
}

@test "the validator refuses broken Bundles: a schema violation, ras-2, a fraction, a dangling reference, con-5, an unverified code" {
    good=$BATS_FILE_TMPDIR/lumbar.json
    ra='(.entry[] | select(.resource.resourceType == "RiskAssessment") | .resource)'
    jq '(.entry[1].resource.status) = "done"' "$good" >"$BATS_TEST_TMPDIR/schema.json"
    jq "$ra.prediction[0].probabilityDecimal = 120" "$good" >"$BATS_TEST_TMPDIR/ras2.json"
    jq "$ra.prediction[].probabilityDecimal |= . / 100" "$good" >"$BATS_TEST_TMPDIR/fraction.json"
    jq '.entry[2].resource.subject.reference = "urn:uuid:00000000-0000-4000-8000-000000000000"' "$good" >"$BATS_TEST_TMPDIR/dangling.json"
    jq '(.entry[] | select(.resource.resourceType == "Condition") | .resource.verificationStatus.coding[0]) |= (.code = "entered-in-error" | .display = "Entered in Error")' \
        "$good" >"$BATS_TEST_TMPDIR/con5.json"
    jq '.entry[2].resource.code.coding[0].code = "38208-5"' "$good" >"$BATS_TEST_TMPDIR/code.json"
    run validate "$BATS_TEST_TMPDIR/schema.json"
    [ "$status" -eq 1 ]
    [[ "$output" == *"schema: /entry/1/resource/status must be equal to one of the allowed values"* ]]
    run validate "$BATS_TEST_TMPDIR/ras2.json"
    [ "$status" -eq 1 ]
    [[ "$output" == *"ras-2 failed"* ]]
    run validate "$BATS_TEST_TMPDIR/fraction.json"
    [ "$status" -eq 1 ]
    [[ "$output" == *"the predictions sum to 1, not 100"* ]]
    run validate "$BATS_TEST_TMPDIR/dangling.json"
    [ "$status" -eq 1 ]
    [[ "$output" == *"does not resolve inside the Bundle"* ]]
    run validate "$BATS_TEST_TMPDIR/con5.json"
    [ "$status" -eq 1 ]
    [[ "$output" == *"con-5 failed"* ]]
    run validate "$BATS_TEST_TMPDIR/code.json"
    [ "$status" -eq 1 ]
    [[ "$output" == *"http://loinc.org|38208-5 is not a known (or verified) code"* ]]
}

@test "a correction after the assessment: the consultation exports the new version, the assessment the version it read" {
    f=$(sql -c "SELECT id FROM consultation_records WHERE consultation_id = '$C3' AND kind = 'finding' AND doc->>'code' = 'shoulder_empty_can'")
    req PUT "/v1/findings/$f" -H 'Content-Type: application/json' -H 'If-Match: "1"' \
        -d '{"code":"shoulder_empty_can","result":"negative","side":"right"}'
    expect_status 200
    req GET "/v1/consultations/$C3/fhir"
    expect_status 200
    expect_json "[.entry[].resource | select(.id == \"$f\")][0] | .meta.versionId == \"2\" and .valueCodeableConcept.coding[0].code == \"260385009\""
    req GET "/v1/assessments/$A3/fhir"
    expect_status 200
    expect_json "[.entry[].resource | select(.id == \"$f\")][0] | .meta.versionId == \"1\" and .valueCodeableConcept.coding[0].code == \"10828004\""
}

@test "a record entered in error is exported as entered-in-error, and the Bundle still validates" {
    im=$(sql -c "SELECT id FROM consultation_records WHERE consultation_id = '$C2' AND kind = 'imaging' AND doc->>'modality' = 'xr'")
    req PUT "/v1/imaging/$im" -H 'Content-Type: application/json' -H 'If-Match: "1"' \
        -d '{"modality":"xr","performed_on":"2026-10-10","findings":[{"code":"knee_osteoarthritis","side":"left","grade":"2"}],"status":"entered_in_error"}'
    expect_status 200
    export_bundle "/v1/consultations/$C2/fhir" knee-voided
    expect_json "[.entry[].resource | select(.id == \"$im\")][0] | .status == \"entered-in-error\" and .meta.versionId == \"2\""
    run validate "$BATS_FILE_TMPDIR/knee-voided.json"
    [ "$status" -eq 0 ]
}

@test "a consultation entered in error: its Encounter, pain score, assessments and Condition say so; the Bundle validates" {
    req PUT "/v1/consultations/$C3" -H 'Content-Type: application/json' -H 'If-Match: "1"' \
        -d '{"region":"shoulder","side":"right","pain_sites":["lateral_deltoid"],"pain_nrs":5,"symptom_weeks":18,
             "occurred_at":"2026-11-04T08:45:00Z","status":"entered_in_error"}'
    expect_status 200
    export_bundle "/v1/consultations/$C3/fhir" shoulder-voided
    expect_json '[.entry[].resource | select(.resourceType == "Encounter" or .resourceType == "RiskAssessment" or (.code.coding[0].code == "72514-3" and .category[0].coding[0].code == "survey")) | .status] == ["entered-in-error", "entered-in-error", "entered-in-error"]'
    expect_json '[.entry[].resource | select(.resourceType == "Condition")][0] | .verificationStatus.coding[0].code == "entered-in-error" and .clinicalStatus == null'
    # the records keep their own status
    expect_json '[.entry[].resource | select(.resourceType == "Procedure")][0].status == "completed"'
    run validate "$BATS_FILE_TMPDIR/shoulder-voided.json"
    [ "$status" -eq 0 ]
}

@test "Accept: application/fhir+json, application/json and */* are served; XML, another FHIR version or q=0 are 406" {
    for accept in 'application/fhir+json' 'application/json' '*/*' 'application/fhir+json; fhirVersion=4.0' \
        'text/html, application/*;q=0.5'; do
        req GET "/v1/consultations/$C1/fhir" -H "Accept: $accept"
        expect_status 200
        [ "$(header Content-Type)" = application/fhir+json ]
    done
    for accept in 'application/fhir+xml' 'application/fhir+json; fhirVersion=3.0' 'application/fhir+json;q=0' \
        '*/*, application/fhir+json;q=0'; do
        req GET "/v1/consultations/$C1/fhir" -H "Accept: $accept"
        expect_problem 406
        expect_json '.type == "urn:paingen:problem:not-acceptable"'
    done
}

@test "an unknown id, a malformed id and another clinic's consultation are 404; a query parameter 422" {
    req GET /v1/consultations/00000000-0000-4000-8000-000000000000/fhir
    expect_problem 404
    req GET /v1/assessments/00000000-0000-4000-8000-000000000000/fhir
    expect_problem 404
    req GET /v1/consultations/not-a-uuid/fhir
    expect_problem 404
    clinic_b=$(new_clinic "FHIR clinic B")
    API_KEY=$(new_key clinician "$clinic_b") req GET "/v1/consultations/$C1/fhir"
    expect_problem 404
    API_KEY=$(new_key clinician "$clinic_b") req GET "/v1/assessments/$A1/fhir"
    expect_problem 404
    req GET "/v1/consultations/$C1/fhir?_format=json"
    expect_problem 422
}

@test "a readonly key exports, an admin key is 403; the audit row names the consultation and the patient" {
    API_KEY=$(new_key readonly) req GET "/v1/assessments/$A1/fhir"
    expect_status 200
    API_KEY=$(new_key admin) req GET "/v1/consultations/$C1/fhir"
    expect_problem 403
    patient=$(sql -c "SELECT patient_id FROM consultations WHERE id = '$C1'")
    API_KEY=$(new_key admin) req GET "/v1/audit?resource=$patient&limit=100"
    expect_status 200
    expect_json "[.items[] | select(.route == \"/v1/consultations/{id}/fhir\" and .status == 200)] | length > 0"
    expect_json "[.items[] | select(.route == \"/v1/consultations/{id}/fhir\")][0].resource_ids | index(\"$C1\") != null"
}
