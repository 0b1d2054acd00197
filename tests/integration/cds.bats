#!/usr/bin/env bats
# CDS Hooks 2.0: a test EHR (tests/ehr: JWTs it signs, the specification's
# rules for what a service answers) discovers paingen's services and calls
# them for the README's work-ups, recorded and assessed by the clinic.

load helpers

PUBLIC=https://paingen.test
WORKUP=pain-generator-workup
MRN_SYSTEM=urn:oid:1.2.36.146.595.217.0.1

setup_file() {
    new_db it_cds
    # plain http to loopback: the test FHIR server's
    start_service PAINGEN_PUBLIC_URL="$PUBLIC/" PAINGEN_JKU_LOOPBACK_HTTP=allow
    ADMIN=$(new_key admin)
    CLINIC_B=$(new_clinic "Clinic B")
    ADMIN_B=$(new_key admin "$CLINIC_B")
    KEYS=$BATS_FILE_TMPDIR/ehr
    mkdir -p "$KEYS"
    node "$PAINGEN_ROOT/tests/ehr/mint.mjs" keys "$KEYS"
    # a client whose context.patientId is paingen's external_id, one that
    # names patients by its MRN system, and one of another clinic
    ISS=https://ehr.example/ward
    ISS_MRN=https://ehr.example/mrn
    ISS_B=https://ehr.example/clinic-b
    register "$ADMIN" "$ISS" '{}'
    CLIENT=$REGISTERED
    register "$ADMIN" "$ISS_MRN" "{\"patient_identifier_system\":\"$MRN_SYSTEM\"}"
    CLIENT_MRN=$REGISTERED
    register "$ADMIN_B" "$ISS_B" '{}'
    # the EHR's FHIR server, and a client (by MRN) registered with it
    FHIR=$BATS_FILE_TMPDIR/fhir
    mkdir -p "$FHIR"
    echo "ehr-token.1" >"$FHIR/token"
    node "$PAINGEN_ROOT/tests/ehr/fhir-server.mjs" "$FHIR" "$FHIR/port" 3>&- &
    echo $! >"$FHIR/server.pid"
    wait_for 10 test -s "$FHIR/port"
    FHIR_URL=http://127.0.0.1:$(cat "$FHIR/port")/fhir
    ISS_FHIR=https://ehr.example/fhir
    register "$ADMIN" "$ISS_FHIR" "{\"patient_identifier_system\":\"$MRN_SYSTEM\",\"fhir_servers\":[\"$FHIR_URL/\"]}"
    CLIENT_FHIR=$REGISTERED
    # the README's work-ups: MRN-1001 lumbar, MRN-1002 knee, MRN-1003 shoulder, each assessed
    sed -n '/<!-- workup:begin -->/,/<!-- workup:end -->/p' "$PAINGEN_ROOT/README.md" | sed '1,2d;$d' |
        sed '$d' >"$BATS_FILE_TMPDIR/workup.sh"
    env BASE="$BASE" PAINGEN_KEY="$API_KEY" bash -euo pipefail "$BATS_FILE_TMPDIR/workup.sh" >/dev/null
    export ADMIN CLINIC_B ADMIN_B KEYS ISS ISS_MRN ISS_B CLIENT CLIENT_MRN FHIR FHIR_URL ISS_FHIR CLIENT_FHIR
}

teardown_file() {
    kill -TERM "$(cat "$FHIR/server.pid")" 2>/dev/null || true
    stop_service
}

# register ADMIN-KEY ISS EXTRA-JSON: an EHR client with the test keys; its id in REGISTERED.
register() {
    API_KEY=$1 req POST /v1/ehr-clients -H 'Content-Type: application/json' \
        -d "$(jq -cn --arg iss "$2" --slurpfile k "$KEYS/jwks.json" --argjson x "$3" '{iss:$iss, name:"EHR", jwks:$k[0]} + $x')"
    expect_status 201
    REGISTERED=$(jq -r .id <<<"$BODY")
}

mint() { node "$PAINGEN_ROOT/tests/ehr/mint.mjs" token "$KEYS" "$@"; }

# hook SERVICE BODY [ISS]: the call, with a token of ISS (default the ward client) for its URL.
hook() {
    API_KEY=$(mint iss="${3:-$ISS}" aud="$PUBLIC/cds-services/$1") \
        req POST "/cds-services/$1" -H 'Content-Type: application/json' -d "$2"
}

uuid() { cat /proc/sys/kernel/random/uuid; }

# call HOOK PATIENT-ID [JQ-FILTER]: a hook call's body, the filter applied to it.
call() {
    jq -cn --arg h "$1" --arg p "$2" --arg i "$(uuid)" \
        "{hook:\$h, hookInstance:\$i, context:{userId:\"Practitioner/7\", patientId:\$p}} | ${3:-.}"
}

# spec_ok KIND: the last answer keeps the specification's rules (tests/ehr/cds.mjs).
spec_ok() {
    printf '%s' "$BODY" >"$BATS_TEST_TMPDIR/answer.json"
    node "$PAINGEN_ROOT/tests/ehr/cds.mjs" "$1" "$BATS_TEST_TMPDIR/answer.json"
}

# card_of PATIENT-ID: the work-up card of the README patient, by patient-view; in CARD.
card_of() {
    hook $WORKUP "$(call patient-view "$1")"
    expect_status 200
    spec_ok response
    CARD=$(jq -c '.cards[0]' <<<"$BODY")
}

card_json() { jq -e "$1" <<<"$CARD" >/dev/null || { echo "jq '$1' failed on: $CARD" >&2; return 1; }; }

@test "discovery lists the work-up on patient-view and encounter-start, by the specification's rules" {
    API_KEY=$(mint iss=$ISS aud=$PUBLIC/cds-services) req GET /cds-services
    expect_status 200
    spec_ok discovery
    expect_json '[.services[] | select(.id == "pain-generator-workup") | .hook] == ["patient-view", "encounter-start"]'
    expect_json '.services[0].prefetch == {"patient": "Patient/{{context.patientId}}"}'
    expect_json '.services[0].title == "Pain generator work-up"'
    expect_json '.services | all(.description != "" and (.usageRequirements | contains("patient_identifier_system")))'
}

@test "discovery needs a token for its own URL: an API key, none, or one for another URL is 401" {
    req GET /cds-services
    expect_problem 401
    API_KEY=$(mint iss=$ISS aud=$PUBLIC/cds-services/$WORKUP) req GET /cds-services
    expect_problem 401
    expect_json '.type == "urn:paingen:problem:invalid-token"'
    NO_AUTH=1 req GET /cds-services
    expect_problem 401
}

@test "patient-view, lumbar: the SIJ at 84%, a candidate; the target, no next step, no suggestion" {
    card_of MRN-1001
    card_json '.summary == "Likely pain source: Sacroiliac joint, 84%; candidate for treatment"'
    card_json '.indicator == "info"'
    card_json ".source.url == \"$PUBLIC/v1/model\" and (.source.label | test(\"^paingen pain-generator model [0-9.]+$\"))"
    card_json '.source.topic == {"system":"urn:paingen:codesystem:cds-topic","code":"pain-generator-workup","display":"Pain generator work-up"}'
    card_json '.detail | contains("| Sacroiliac joint | 84% |\n| Lumbar facet (zygapophysial) joint |")'
    card_json '.detail | contains("**Target:** Sacroiliac joint, right, under fluoroscopy: Platelet\\-rich plasma (proposed).") | not'
    card_json '.detail | contains("**Target:** Sacroiliac joint, right, under fluoroscopy: Platelet-rich plasma (proposed).")'
    card_json '.detail | contains("**Next best step:** none: no further test would change the target or the verdict.")'
    card_json '.detail | contains("**Verdict:** candidate for treatment.")'
    card_json 'has("suggestions") | not'
    card_json 'has("selectionBehavior") | not'
    # the clinic app's page of the assessment the card speaks of
    card_json '.links | length == 1'
    card_json '.links[0] | .label == "Open the work-up in paingen" and .type == "absolute" and has("appContext") == false'
    card_json ".links[0].url | test(\"^$PUBLIC/#/assessments/[0-9a-f-]{36}\$\")"
    card_json '[.overrideReasons[] | .system == "urn:paingen:codesystem:cds-override-reason" and (.display | length > 0)] | all'
}

@test "patient-view, knee: the work-up is not finished; Ege's test is the recommended suggestion, a valid R4 ServiceRequest" {
    card_of MRN-1002
    card_json '.summary == "Likely pain source: Medial meniscus (tear or degeneration), 42%; work-up not finished"'
    card_json '.indicator == "info"'
    card_json '.selectionBehavior == "at-most-one"'
    card_json '[.suggestions[].isRecommended] == [true, false]'
    card_json '.suggestions[0].label == "Order Ege'"'"'s test"'
    card_json '.detail | contains("**Next best step:** Ege'"'"'s test, for Medial meniscus (tear or degeneration): its result changes the decision with probability 100%.")'
    sr=$(jq -c '.suggestions[0].actions[0]' <<<"$CARD")
    jq -e '.type == "create" and .resource.resourceType == "ServiceRequest"' <<<"$sr"
    jq -e '.resource | .status == "draft" and .intent == "order" and .subject.reference == "Patient/MRN-1002"' <<<"$sr"
    jq -e '.resource.code.coding[0] | .system == "urn:paingen:codesystem:finding" and .code == "knee_ege"' <<<"$sr"
    jq -e '.resource.reasonCode[0].coding[0].code == "knee_medial_meniscus"' <<<"$sr"
    jq -e '.resource.bodySite[0].coding == [{"system":"urn:paingen:codesystem:side","code":"left","display":"Left"},{"system":"http://snomed.info/sct","code":"7771000","display":"Left"}]' <<<"$sr"
    jq -e '.resource | has("encounter") | not' <<<"$sr"
    jq '.resource' <<<"$sr" >"$BATS_TEST_TMPDIR/sr.json"
    node "$PAINGEN_ROOT/tests/fhir/validate-bundle.mjs" --resource "$BATS_TEST_TMPDIR/sr.json"
    suggestion_uuids=$(jq -r '[.suggestions[].uuid] | unique | length' <<<"$CARD")
    [ "$suggestion_uuids" = 2 ]
}

@test "patient-view, shoulder: conventional care first, with the verdict's reasons in the detail" {
    card_of MRN-1003
    card_json '.summary == "Likely pain source: Subacromial pain (bursa / impingement), 49%; conventional care first"'
    card_json '.indicator == "info"'
    card_json '.detail | contains("**Target, if treated:** Subacromial pain (bursa / impingement), right, under ultrasound")'
    card_json '.detail | contains("not proposed while the verdict is conventional care first.")'
    card_json '.detail | contains("- no trial of physiotherapy or exercise of 6 weeks or more recorded (a stated convention)")'
    card_json '.suggestions[0].label == "Order Neer sign" or (.suggestions[0].actions[0].resource.code.coding[0].code == "shoulder_neer")'
}

@test "a contraindication makes the card critical" {
    req POST /v1/patients -H 'Content-Type: application/json' \
        -d '{"external_id":"MRN-2001","birth_date":"1970-03-01","sex":"male"}'
    p=$(jq -r .id <<<"$BODY")
    req POST "/v1/patients/$p/consultations" -H 'Content-Type: application/json' -d '{"region":"knee","side":"right",
        "pain_sites":["medial_joint_line"],"pain_nrs":6,"symptom_weeks":30,
        "candidacy_facts":[{"code":"active_infection_near_site","present":true}],"occurred_at":"2026-11-05T10:00:00Z"}'
    expect_status 201
    c=$(jq -r .id <<<"$BODY")
    req POST "/v1/consultations/$c/assessments"
    expect_status 201
    card_of MRN-2001
    card_json '.indicator == "critical"'
    card_json '.summary | endswith("; contraindicated")'
    card_json '.detail | contains("**Verdict:** contraindicated.")'
}

@test "no card when paingen does not know the patient, or holds no assessment of the latest consultation" {
    hook $WORKUP "$(call patient-view MRN-9999)"
    expect_status 200
    expect_json '.cards == []'
    spec_ok response
    req POST /v1/patients -H 'Content-Type: application/json' \
        -d '{"external_id":"MRN-3001","birth_date":"1980-01-01","sex":"female"}'
    p=$(jq -r .id <<<"$BODY")
    hook $WORKUP "$(call patient-view MRN-3001)"
    expect_json '.cards == []'
    req POST "/v1/patients/$p/consultations" -H 'Content-Type: application/json' \
        -d '{"region":"lumbar","side":"right","pain_sites":["buttock"],"pain_nrs":5,"symptom_weeks":20,"occurred_at":"2026-11-06T10:00:00Z"}'
    expect_status 201
    hook $WORKUP "$(call patient-view MRN-3001)"
    expect_status 200
    expect_json '.cards == []'
}

@test "the card names the latest consultation's assessment; records added after it are flagged" {
    req POST /v1/patients -H 'Content-Type: application/json' \
        -d '{"external_id":"MRN-4001","birth_date":"1960-01-01","sex":"female"}'
    p=$(jq -r .id <<<"$BODY")
    for when in 2026-10-01 2026-11-01; do
        req POST "/v1/patients/$p/consultations" -H 'Content-Type: application/json' \
            -d "{\"region\":\"knee\",\"side\":\"left\",\"pain_sites\":[\"medial_joint_line\"],\"pain_nrs\":5,\"symptom_weeks\":20,\"occurred_at\":\"${when}T10:00:00Z\"}"
        c=$(jq -r .id <<<"$BODY")
        req POST "/v1/consultations/$c/assessments"
        expect_status 201
    done
    latest=$(jq -r .id <<<"$BODY")
    card_of MRN-4001
    card_json ".detail | contains(\"Assessment \`$latest\`\")"
    card_json '.summary | contains("records changed since") | not'
    req POST "/v1/consultations/$c/findings" -H 'Content-Type: application/json' \
        -d '{"code":"knee_mcmurray","result":"positive","side":"left"}'
    expect_status 201
    card_of MRN-4001
    card_json '.summary | endswith(" (records changed since)")'
    card_json ".detail | contains(\"assess it again (POST /v1/consultations/$c/assessments)\")"
}

@test "encounter-start: the same card, its ServiceRequest for the encounter; encounterId is required" {
    hook $WORKUP "$(call encounter-start MRN-1002)"
    expect_problem 422
    expect_json '[.errors[].pointer] == ["/context/encounterId"]'
    hook $WORKUP "$(call encounter-start MRN-1002 '.context.encounterId = "E-77"')"
    expect_status 200
    spec_ok response
    expect_json '.cards[0].summary | startswith("Likely pain source: Medial meniscus")'
    expect_json '.cards[0].suggestions[0].actions[0].resource.encounter == {"reference": "Encounter/E-77"}'
}

@test "a client naming patients by its MRN system: the prefetched Patient's identifier finds them" {
    patient='{"resourceType":"Patient","id":"ehr-88","identifier":[{"system":"urn:other","value":"MRN-1003"},{"system":"'$MRN_SYSTEM'","value":"MRN-1001"}]}'
    hook $WORKUP "$(call patient-view ehr-88 ".prefetch.patient = $patient")" "$ISS_MRN"
    expect_status 200
    spec_ok response
    expect_json '.cards[0].summary | startswith("Likely pain source: Sacroiliac joint, 84%")'
    expect_json '.cards[0].suggestions == null'
    # without the Patient: 412, as the specification says (paingen does not fetch it)
    hook $WORKUP "$(call patient-view ehr-88)" "$ISS_MRN"
    expect_problem 412
    expect_json '.type == "urn:paingen:problem:precondition-failed"'
    expect_json ".detail | contains(\"$MRN_SYSTEM\")"
    # an OperationOutcome in its place: the EHR could not fetch it, as if absent
    hook $WORKUP "$(call patient-view ehr-88 '.prefetch.patient = {"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"timeout"}]}')" "$ISS_MRN"
    expect_problem 412
    # null: the EHR has no data; a Patient without the identifier: nobody paingen knows
    hook $WORKUP "$(call patient-view ehr-88 '.prefetch.patient = null')" "$ISS_MRN"
    expect_status 200
    expect_json '.cards == []'
    hook $WORKUP "$(call patient-view ehr-88 '.prefetch.patient = {"resourceType":"Patient","id":"ehr-88","identifier":[{"system":"urn:other","value":"MRN-1001"}]}')" "$ISS_MRN"
    expect_status 200
    expect_json '.cards == []'
    # another patient's record prefetched: refused
    hook $WORKUP "$(call patient-view ehr-88 '.prefetch.patient = {"resourceType":"Patient","id":"ehr-99"}')" "$ISS_MRN"
    expect_problem 422
    expect_json '[.errors[].pointer] == ["/prefetch/patient/id"]'
    # the client that sends external_ids may prefetch the Patient too: ignored but for its id
    hook $WORKUP "$(call patient-view MRN-1001 '.prefetch.patient = {"resourceType":"Patient","id":"MRN-1001"}')"
    expect_status 200
    expect_json '.cards | length == 1'
}

# fhir_call PATIENT-ID SERVER TOKEN: a patient-view call without prefetch, granting TOKEN on SERVER.
fhir_call() {
    call patient-view "$1" ".fhirServer = \"$2\" | .fhirAuthorization = {access_token:\"$3\", token_type:\"Bearer\", expires_in:300, scope:\"patient/Patient.read\", subject:\"paingen\"}"
}

@test "without the Patient prefetched, a client's registered FHIR server is read with the call's token" {
    API_KEY=$ADMIN req GET "/v1/ehr-clients/$CLIENT_FHIR"
    expect_status 200
    expect_json ".fhir_servers == [\"$FHIR_URL/\"]"
    echo '{"resourceType":"Patient","id":"ehr-88","identifier":[{"system":"'$MRN_SYSTEM'","value":"MRN-1001"}]}' >"$FHIR/Patient-ehr-88.json"
    : >"$FHIR/requests.log"
    hook $WORKUP "$(fhir_call ehr-88 "$FHIR_URL" ehr-token.1)" "$ISS_FHIR"
    expect_status 200
    spec_ok response
    expect_json '.cards[0].summary | startswith("Likely pain source: Sacroiliac joint, 84%")'
    # one read, of that Patient, as FHIR JSON, with the token the call granted
    run jq -sc '[.[] | {path, accept, authorization}]' "$FHIR/requests.log"
    [ "$output" = '[{"path":"/fhir/Patient/ehr-88","accept":"application/fhir+json","authorization":"Bearer ehr-token.1"}]' ]
    # the Patient read without the client's identifier: nobody paingen knows, no card
    echo '{"resourceType":"Patient","id":"ehr-77","identifier":[{"system":"urn:other","value":"MRN-1001"}]}' >"$FHIR/Patient-ehr-77.json"
    hook $WORKUP "$(fhir_call ehr-77 "$FHIR_URL" ehr-token.1)" "$ISS_FHIR"
    expect_status 200
    expect_json '.cards == []'
}

@test "a FHIR server that cannot give the Patient, or is not the client's, is 412 saying why; a prefetch needs no server" {
    echo '{"resourceType":"Patient","id":"ehr-99","identifier":[{"system":"'$MRN_SYSTEM'","value":"MRN-1001"}]}' >"$FHIR/Patient-ehr-66.json"
    : >"$FHIR/requests.log"
    # the server refuses the token
    hook $WORKUP "$(fhir_call ehr-88 "$FHIR_URL" wrong-token)" "$ISS_FHIR"
    expect_problem 412
    expect_json '.detail | contains("GET '"$FHIR_URL"'/Patient/ehr-88: status 401")'
    # the server has no such Patient
    hook $WORKUP "$(fhir_call ehr-55 "$FHIR_URL" ehr-token.1)" "$ISS_FHIR"
    expect_problem 412
    expect_json '.detail | contains("status 404")'
    # the server answers another Patient
    hook $WORKUP "$(fhir_call ehr-66 "$FHIR_URL" ehr-token.1)" "$ISS_FHIR"
    expect_problem 412
    expect_json '.detail | contains("its answer is not Patient/ehr-66")'
    run jq -sc 'length' "$FHIR/requests.log"
    [ "$output" = 3 ]
    # a server the client did not register, or a client with none: not called
    hook $WORKUP "$(fhir_call ehr-88 "http://127.0.0.1:9/fhir" ehr-token.1)" "$ISS_FHIR"
    expect_problem 412
    expect_json '.detail | contains("its fhirServer is not one of them")'
    hook $WORKUP "$(fhir_call ehr-88 "$FHIR_URL" ehr-token.1)" "$ISS_MRN"
    expect_problem 412
    expect_json '.detail | contains("its fhirServer is not one of them")'
    # a fhirServer without fhirAuthorization: no token, no read
    hook $WORKUP "$(call patient-view ehr-88 ".fhirServer = \"$FHIR_URL\"")" "$ISS_FHIR"
    expect_problem 412
    expect_json '.detail | contains("the call did not send both")'
    run jq -sc 'length' "$FHIR/requests.log"
    [ "$output" = 3 ]
    # the Patient prefetched: the server is not read
    hook $WORKUP "$(fhir_call ehr-88 "$FHIR_URL" ehr-token.1 | jq -c '.prefetch.patient = {"resourceType":"Patient","id":"ehr-88","identifier":[{"system":"'$MRN_SYSTEM'","value":"MRN-1001"}]}')" "$ISS_FHIR"
    expect_status 200
    expect_json '.cards | length == 1'
    run jq -sc 'length' "$FHIR/requests.log"
    [ "$output" = 3 ]
}

@test "a token that is not a bearer token, or a patientId that is not a FHIR id, is refused before any read" {
    : >"$FHIR/requests.log"
    hook $WORKUP "$(fhir_call ehr-88 "$FHIR_URL" 'a b')" "$ISS_FHIR"
    expect_problem 422
    expect_json '[.errors[].pointer] == ["/fhirAuthorization/access_token"]'
    hook $WORKUP "$(fhir_call ehr-88 "$FHIR_URL" 'x\r\nX-Injected: 1')" "$ISS_FHIR"
    expect_problem 422
    expect_json '[.errors[].pointer] == ["/fhirAuthorization/access_token"]'
    hook $WORKUP "$(fhir_call 'ehr_88' "$FHIR_URL" ehr-token.1)" "$ISS_FHIR"
    expect_problem 412
    expect_json '.detail | contains("not a FHIR id")'
    [ ! -s "$FHIR/requests.log" ]
}

@test "another clinic's client learns nothing of this clinic's patients" {
    hook $WORKUP "$(call patient-view MRN-1001)" "$ISS_B"
    expect_status 200
    expect_json '.cards == []'
}

@test "bad calls: unknown service 404; wrong hook, bad hookInstance, missing or unknown context fields, unknown prefetch key 422" {
    hook no-such-service "$(call patient-view MRN-1001)"
    expect_problem 404
    check() { # BODY POINTER
        hook $WORKUP "$1"
        expect_problem 422
        expect_json "[.errors[].pointer] | index(\"$2\") != null"
    }
    check "$(call order-sign MRN-1001)" /hook
    check "$(call no-such-hook MRN-1001)" /hook
    check "$(call patient-view MRN-1001 '.hookInstance = "42"')" /hookInstance
    check "$(call patient-view MRN-1001 'del(.hookInstance)')" /hookInstance
    check "$(call patient-view MRN-1001 'del(.context.patientId)')" /context/patientId
    check "$(call patient-view MRN-1001 'del(.context.userId)')" /context/userId
    check "$(call patient-view MRN-1001 '.context.draftOrders = {}')" /context/draftOrders
    check "$(call patient-view MRN-1001 '.context.patientId = 7')" /context/patientId
    check "$(call patient-view MRN-1001 '.prefetch.conditions = null')" /prefetch/conditions
    check "$(call patient-view MRN-1001 '.prefetch.patient = [1]')" /prefetch/patient
    check "$(call patient-view MRN-1001 '.colour = "red"')" /colour
    check "$(call patient-view MRN-1001 'del(.context)')" /context
    check "$(call patient-view MRN-1001 '.fhirAuthorization = {"access_token":"x","token_type":"Bearer","expires_in":300,"scope":"patient/*.read","subject":"paingen"}')" /fhirServer
    hook $WORKUP '{"hook":'
    expect_problem 400
}

@test "a hook call needs a token for its own URL: one for discovery, or an API key, is 401" {
    API_KEY=$(mint iss=$ISS aud=$PUBLIC/cds-services) req POST /cds-services/$WORKUP \
        -H 'Content-Type: application/json' -d "$(call patient-view MRN-1001)"
    expect_problem 401
    [ "$(header WWW-Authenticate)" = 'Bearer realm="paingen", error="invalid_token"' ]
    req POST /cds-services/$WORKUP -H 'Content-Type: application/json' -d "$(call patient-view MRN-1001)"
    expect_problem 401
}

@test "each call is logged with its hookInstance and request id, and audited as the EHR client's" {
    instance=$(uuid)
    hook $WORKUP "$(call patient-view MRN-1001 ".hookInstance = \"$instance\"")"
    expect_status 200
    rid=$(header X-Request-Id)
    card=$(jq -r '.cards[0].uuid' <<<"$BODY")
    wait_for 5 grep -q "\"msg\":\"cds hook\".*\"request_id\":\"$rid\".*\"hook_instance\":\"$instance\".*\"ehr_client\":\"$CLIENT\"" "$SERVICE_LOG"
    row=$(sql -c "SELECT role, key_id, route, status FROM audit_events WHERE request_id = '$rid'")
    [ "$row" = "ehr_client|$CLIENT|/cds-services/{id}|200" ]
    patient=$(sql -c "SELECT id FROM patients WHERE external_id = 'MRN-1001'")
    [ "$(sql -c "SELECT count(*) FROM audit_events WHERE request_id = '$rid' AND '$patient' = ANY(resource_ids) AND '$card' = ANY(resource_ids)")" = 1 ]
}

@test "the card's numbers are the assessment's: its FHIR export gives the same probability" {
    card_of MRN-1001
    assessment=$(jq -r '.detail | capture("Assessment `(?<id>[0-9a-f-]{36})`").id' <<<"$CARD")
    req GET "/v1/assessments/$assessment/fhir"
    expect_status 200
    printf '%s' "$BODY" >"$BATS_TEST_TMPDIR/bundle.json"
    node "$PAINGEN_ROOT/tests/fhir/validate-bundle.mjs" "$BATS_TEST_TMPDIR/bundle.json"
    top=$(jq -r '[.entry[].resource | select(.resourceType == "RiskAssessment")][0].prediction[0] | .probabilityDecimal | round' <<<"$BODY")
    card_json ".summary | contains(\", ${top}%;\")"
}

# feedback SERVICE BODY [ISS]: POST /cds-services/SERVICE/feedback with a token for that URL.
feedback() {
    API_KEY=$(mint iss="${3:-$ISS}" aud="$PUBLIC/cds-services/$1/feedback") \
        req POST "/cds-services/$1/feedback" -H 'Content-Type: application/json' -d "$2"
}

now() { date -u +%Y-%m-%dT%H:%M:%SZ; }

@test "every card issued is recorded as sent, with its call, patient and assessment; the record cannot be changed" {
    instance=$(uuid)
    hook $WORKUP "$(call patient-view MRN-1002 ".hookInstance = \"$instance\"")"
    expect_status 200
    card=$(jq -r '.cards[0].uuid' <<<"$BODY")
    sent=$(jq -cS '.cards[0]' <<<"$BODY")
    row=$(sql -c "SELECT service_id, hook, hook_instance, ehr_client_id, indicator, cardinality(suggestion_ids) FROM cds_cards WHERE id = '$card'")
    [ "$row" = "$WORKUP|patient-view|$instance|$CLIENT|info|2" ]
    [ "$(sql -c "SELECT card FROM cds_cards WHERE id = '$card'" | jq -cS .)" = "$sent" ]
    [ "$(sql -c "SELECT p.external_id FROM cds_cards c JOIN patients p ON p.id = c.patient_id WHERE c.id = '$card'")" = MRN-1002 ]
    [ "$(sql -c "SELECT count(*) FROM cds_cards c JOIN assessments a ON a.id = c.assessment_id WHERE c.id = '$card'")" = 1 ]
    run sql -c "UPDATE cds_cards SET indicator = 'critical' WHERE id = '$card'"
    [ "$status" -ne 0 ]
    [[ "$output" == *"append-only"* ]]
    # no card, no row
    before=$(sql -c "SELECT count(*) FROM cds_cards")
    hook $WORKUP "$(call patient-view MRN-9999)"
    expect_json '.cards == []'
    [ "$(sql -c "SELECT count(*) FROM cds_cards")" = "$before" ]
}

@test "the EHR follows the suggestion and says so: accepted feedback is stored once per interaction" {
    card_of MRN-1002
    card=$(jq -r .uuid <<<"$CARD")
    suggestion=$(jq -r '.suggestions[0].uuid' <<<"$CARD")
    # the test EHR creates what the suggestion holds: a valid R4 ServiceRequest
    jq '.suggestions[0].actions[0].resource' <<<"$CARD" >"$BATS_TEST_TMPDIR/order.json"
    node "$PAINGEN_ROOT/tests/fhir/validate-bundle.mjs" --resource "$BATS_TEST_TMPDIR/order.json"
    at=$(now)
    body=$(jq -cn --arg c "$card" --arg s "$suggestion" --arg t "$at" \
        '{feedback:[{card:$c, outcome:"accepted", acceptedSuggestions:[{id:$s}], outcomeTimestamp:$t}]}')
    feedback $WORKUP "$body"
    expect_status 200
    expect_json '.stored == 1 and .already_stored == 0'
    row=$(sql -c "SELECT outcome, accepted_suggestions[1], ehr_client_id FROM cds_feedback WHERE card_id = '$card'")
    [ "$row" = "accepted|$suggestion|$CLIENT" ]
    # reported again (a retry): kept once
    feedback $WORKUP "$body"
    expect_status 200
    expect_json '.stored == 0 and .already_stored == 1'
    [ "$(sql -c "SELECT count(*) FROM cds_feedback WHERE card_id = '$card'")" = 1 ]
    rid=$(header X-Request-Id)
    patient=$(sql -c "SELECT id FROM patients WHERE external_id = 'MRN-1002'")
    [ "$(sql -c "SELECT count(*) FROM audit_events WHERE request_id = '$rid' AND route = '/cds-services/{id}/feedback' AND role = 'ehr_client' AND '$card' = ANY(resource_ids) AND '$patient' = ANY(resource_ids)")" = 1 ]
}

@test "overridden, with one of the card's reasons and a comment, or with none" {
    card_of MRN-1003
    card=$(jq -r .uuid <<<"$CARD")
    reason=$(jq -c '.overrideReasons[1]' <<<"$CARD")
    body=$(jq -cn --arg c "$card" --argjson r "$reason" --arg t "$(now)" \
        '{feedback:[{card:$c, outcome:"overridden", overrideReason:{reason:$r, userComment:"Seen by the surgeon last week."}, outcomeTimestamp:$t},
                    {card:$c, outcome:"overridden", outcomeTimestamp:"2026-11-30T08:00:00+01:00"}]}')
    feedback $WORKUP "$body"
    expect_status 200
    expect_json '.stored == 2'
    row=$(sql -c "SELECT override_system, override_code, override_display, user_comment FROM cds_feedback WHERE card_id = '$card' AND override_code IS NOT NULL")
    [ "$row" = "urn:paingen:codesystem:cds-override-reason|clinical-judgement|Clinical judgement differs from the assessment|Seen by the surgeon last week." ]
    [ "$(sql -c "SELECT outcome_at AT TIME ZONE 'UTC' FROM cds_feedback WHERE card_id = '$card' AND override_code IS NULL")" = "2026-11-30 07:00:00" ]
}

@test "feedback naming no card of this clinic, or a suggestion the card lacks, is 422 and stores nothing" {
    card_of MRN-1002
    card=$(jq -r .uuid <<<"$CARD")
    good=$(jq -cn --arg c "$card" --arg t "$(now)" '{card:$c, outcome:"overridden", outcomeTimestamp:$t}')
    before=$(sql -c "SELECT count(*) FROM cds_feedback")
    check() { # BODY POINTER [ISS]
        feedback $WORKUP "$1" "${3:-$ISS}"
        expect_problem 422
        expect_json "[.errors[].pointer] | index(\"$2\") != null"
    }
    check "{\"feedback\":[$good,{\"card\":\"$(uuid)\",\"outcome\":\"overridden\",\"outcomeTimestamp\":\"$(now)\"}]}" /feedback/1/card
    check "{\"feedback\":[$good]}" /feedback/0/card "$ISS_B" # another clinic's client
    check "$(jq -cn --arg c "$card" --arg t "$(now)" '{feedback:[{card:$c, outcome:"accepted", acceptedSuggestions:[{id:"6f1c1a4e-1c2b-4c1d-8e3f-0a1b2c3d4e5f"}], outcomeTimestamp:$t}]}')" /feedback/0/acceptedSuggestions/0/id
    check "$(jq -cn --arg c "$card" --arg t "$(now)" '{feedback:[{card:$c, outcome:"accepted", outcomeTimestamp:$t}]}')" /feedback/0/acceptedSuggestions
    check "$(jq -cn --arg c "$card" --arg t "$(now)" '{feedback:[{card:$c, outcome:"accepted", acceptedSuggestions:[{id:"x"}], overrideReason:{userComment:"no"}, outcomeTimestamp:$t}]}')" /feedback/0/overrideReason
    check "$(jq -cn --arg c "$card" --arg t "$(now)" '{feedback:[{card:$c, outcome:"overridden", overrideReason:{reason:{code:"x"}}, outcomeTimestamp:$t}]}')" /feedback/0/overrideReason/reason/system
    check "$(jq -cn --arg c "$card" '{feedback:[{card:$c, outcome:"overridden", outcomeTimestamp:"yesterday"}]}')" /feedback/0/outcomeTimestamp
    check "$(jq -cn --arg c "$card" '{feedback:[{card:$c, outcome:"overridden", outcomeTimestamp:"2999-01-01T00:00:00Z"}]}')" /feedback/0/outcomeTimestamp
    check "$(jq -cn --arg c "$card" --arg t "$(now)" '{feedback:[{card:$c, outcome:"ignored", outcomeTimestamp:$t}]}')" /feedback/0/outcome
    check "$(jq -cn --arg t "$(now)" '{feedback:[{card:"not-a-uuid", outcome:"overridden", outcomeTimestamp:$t}]}')" /feedback/0/card
    check '{"feedback":[]}' /feedback
    check '{"cards":[]}' /cards
    [ "$(sql -c "SELECT count(*) FROM cds_feedback")" = "$before" ]
    feedback no-such-service "{\"feedback\":[$good]}"
    expect_problem 404
    API_KEY=$(mint iss=$ISS aud=$PUBLIC/cds-services/$WORKUP) req POST /cds-services/$WORKUP/feedback \
        -H 'Content-Type: application/json' -d "{\"feedback\":[$good]}"
    expect_problem 401
}

ORDERS=injection-order-check
INJ=urn:paingen:codesystem:injection
BLOCK=urn:paingen:codesystem:block-target

# order ID SYSTEM CODE [CODINGS]: a draft ServiceRequest, CODINGS (a JSON array) its bodySite.
order() {
    jq -cn --arg id "$1" --arg s "$2" --arg c "$3" --argjson sites "${4:-[]}" \
        '{resourceType:"ServiceRequest", id:$id, status:"draft", intent:"order", subject:{reference:"Patient/x"},
          code:{coding:[{system:$s, code:$c}]}} + (if ($sites | length) > 0 then {bodySite:[{coding:$sites}]} else {} end)'
}
gen() { printf '{"system":"urn:paingen:codesystem:generator","code":"%s"}' "$1"; }
side() { printf '{"system":"urn:paingen:codesystem:side","code":"%s"}' "$1"; }
level() { printf '{"system":"urn:paingen:codesystem:spinal-level","code":"%s"}' "$1"; }
SNOMED_LEFT='{"system":"http://snomed.info/sct","code":"7771000","display":"Left"}'

# check_orders HOOK PATIENT ORDER... : the injection-order check of these draft orders (order-select
# selects them all).
check_orders() {
    local hook=$1 patient=$2
    shift 2
    local orders
    orders=$(printf '%s\n' "$@" | jq -cs .)
    hook $ORDERS "$(call "$hook" "$patient" ".context.draftOrders = {resourceType:\"Bundle\", type:\"collection\",
        entry: ($orders | map({resource: .}))} | if .hook == \"order-select\" then
        .context.selections = ($orders | map(.resourceType + \"/\" + .id)) else . end")"
}

@test "discovery lists the injection-order check on order-select and order-sign" {
    API_KEY=$(mint iss=$ISS aud=$PUBLIC/cds-services) req GET /cds-services
    expect_status 200
    spec_ok discovery
    expect_json '[.services[] | select(.id == "injection-order-check") | .hook] == ["order-select", "order-sign"]'
    expect_json '.services[] | select(.id == "injection-order-check") | .usageRequirements | contains("urn:paingen:codesystem:injection")'
}

@test "orders at the lumbar work-up's probable source say nothing; elsewhere, the other side or another source is a warning" {
    check_orders order-sign MRN-1001 "$(order sr-1 $INJ prp "[$(gen lumbar_sij), $(side right)]")"
    expect_status 200
    expect_json '.cards == []'
    check_orders order-sign MRN-1001 "$(order sr-2 $INJ prp "[$(gen lumbar_facet), $(side right), $(level L4-L5)]")"
    expect_status 200
    spec_ok response
    expect_json '.cards | length == 1'
    expect_json '.cards[0].indicator == "warning"'
    expect_json '.cards[0].summary == "PRP injection aims elsewhere: likely source Sacroiliac joint, right (84%)"'
    expect_json '.cards[0].detail | contains("- It aims at Lumbar facet (zygapophysial) joint, not at the probable source, Sacroiliac joint.")'
    expect_json '.cards[0].detail | contains("**Order:** PRP injection for Lumbar facet (zygapophysial) joint, right L4-L5 (`ServiceRequest/sr-2`).")'
    expect_json '.cards[0].source.topic.code == "injection-order-check"'
    expect_json '[.cards[0].overrideReasons[] | has("display")] | all'
    expect_json '.cards[0] | has("suggestions") | not'
    # the left side, by SNOMED CT laterality: the source is on the right
    check_orders order-sign MRN-1001 "$(order sr-3 $INJ prp "[$(gen lumbar_sij), $SNOMED_LEFT]")"
    expect_json '.cards[0].indicator == "warning"'
    expect_json '.cards[0].detail | contains("- It is on the left side; the source is on the right.")'
    # a diagnostic block of another source, not proposed as a next step
    check_orders order-sign MRN-1001 "$(order sr-4 $BLOCK lumbar_medial_branch "[$(side right), $(level L4-L5)]")"
    expect_json '.cards[0].indicator == "warning"'
    expect_json '.cards[0].summary | startswith("Lumbar medial branch block aims elsewhere")'
}

@test "a therapy before the work-up is done is a warning; conventional care first is info; a block the work-up needs says nothing" {
    check_orders order-sign MRN-1002 "$(order k-1 $INJ prp "[$(gen knee_medial_meniscus), $(side left)]")"
    expect_json '.cards[0].indicator == "warning"'
    expect_json '.cards[0].summary == "PRP injection not supported yet: work-up not finished (Medial meniscus (tear or degeneration), left (42%))"'
    expect_json '.cards[0].detail | contains("**Reasons:**")'
    # an intra-articular block tests the meniscus among others: at the source
    check_orders order-sign MRN-1002 "$(order k-2 $BLOCK knee_intraarticular "[$(side left)]")"
    expect_json '.cards == []'
    check_orders order-sign MRN-1003 "$(order s-1 $INJ cell_based "[$(gen shoulder_subacromial_pain), $(side right)]")"
    expect_json '.cards[0].indicator == "info"'
    expect_json '.cards[0].summary == "Conventional care comes first: no trial of physiotherapy or exercise of 6 weeks or more recorded"'
    # an order of another region than any consultation: nothing to compare it with
    check_orders order-sign MRN-1003 "$(order s-2 $INJ prp "[$(gen knee_cartilage_oa), $(side right)]")"
    expect_status 200
    expect_json '.cards == []'
}

@test "a contraindicated injection is critical; orders that inject nothing are passed over" {
    req POST /v1/patients -H 'Content-Type: application/json' \
        -d '{"external_id":"MRN-5001","birth_date":"1968-04-01","sex":"female"}'
    p=$(jq -r .id <<<"$BODY")
    req POST "/v1/patients/$p/consultations" -H 'Content-Type: application/json' -d '{"region":"knee","side":"left",
        "pain_sites":["medial_joint_line"],"pain_nrs":6,"symptom_weeks":30,
        "candidacy_facts":[{"code":"active_infection_near_site","present":true}],"occurred_at":"2026-11-05T10:00:00Z"}'
    c=$(jq -r .id <<<"$BODY")
    req POST "/v1/consultations/$c/assessments"
    expect_status 201
    verdict=$(jq -r .result.candidacy.verdict <<<"$BODY")
    [ "$verdict" = contraindicated ]
    medication='{"resourceType":"MedicationRequest","id":"m-1","status":"draft","intent":"order","subject":{"reference":"Patient/x"},"medicationCodeableConcept":{"text":"paracetamol"}}'
    check_orders order-sign MRN-5001 "$medication" "$(order k-9 $BLOCK knee_intraarticular "[$(side left)]")" \
        "$(order k-10 http://loinc.org 24558-9)"
    expect_status 200
    spec_ok response
    expect_json '.cards | length == 1'
    expect_json '.cards[0].indicator == "critical"'
    expect_json '.cards[0].summary | startswith("Knee intra-articular block contraindicated: ")'
    expect_json '.cards[0].detail | contains("`ServiceRequest/k-9`")'
}

@test "order-select checks the selected orders only; the suggested next-step block, placed as an order, draws no card" {
    req POST /v1/patients -H 'Content-Type: application/json' \
        -d '{"external_id":"MRN-6001","birth_date":"1972-02-02","sex":"male"}'
    p=$(jq -r .id <<<"$BODY")
    req POST "/v1/patients/$p/consultations" -H 'Content-Type: application/json' -d '{"region":"lumbar","side":"right",
        "pain_sites":["buttock"],"pain_nrs":6,"symptom_weeks":40,"prior_care":[{"type":"physiotherapy","weeks":12}],
        "occurred_at":"2026-11-05T10:00:00Z"}'
    c=$(jq -r .id <<<"$BODY")
    for t in sij_distraction sij_thigh_thrust sij_compression sij_sacral_thrust; do
        req POST "/v1/consultations/$c/findings" -H 'Content-Type: application/json' -d "{\"code\":\"$t\",\"result\":\"positive\",\"side\":\"right\"}"
    done
    req POST "/v1/consultations/$c/assessments"
    expect_status 201
    # the work-up card suggests a medial branch block, among other steps
    card_of MRN-6001
    suggested=$(jq -c '.suggestions[] | .actions[0].resource | select(.code.coding[0].code == "lumbar_medial_branch") | .id = "mbb-1"' <<<"$CARD")
    [ -n "$suggested" ]
    jq -e '.bodySite[0].coding[0].code == "right"' <<<"$suggested"
    # the EHR places it: a next step, though not of the probable source (the disc): no card
    check_orders order-select MRN-6001 "$suggested"
    expect_status 200
    expect_json '.cards == []'
    # two draft orders, one selected: only that one is checked
    left=$(order sij-left $BLOCK sij_intraarticular "[$SNOMED_LEFT]")
    prp=$(order prp-1 $INJ prp "[$(gen lumbar_disc), $(side right)]")
    body=$(call order-select MRN-6001 ".context.draftOrders = {resourceType:\"Bundle\", entry:[{resource:$left},{resource:$prp}]}
        | .context.selections = [\"ServiceRequest/prp-1\"]")
    hook $ORDERS "$body"
    expect_status 200
    expect_json '.cards | length == 1'
    expect_json '.cards[0].summary | startswith("PRP injection not supported yet: work-up not finished (Lumbar disc")'
    body=$(jq -c '.context.selections = ["ServiceRequest/sij-left", "ServiceRequest/prp-1"] | .hookInstance = "'"$(uuid)"'"' <<<"$body")
    hook $ORDERS "$body"
    expect_json '.cards | length == 2'
    expect_json '[.cards[].indicator] == ["warning", "warning"]'
    expect_json '.cards[0].detail | contains("- It is on the left side; the source is on the right.")'
}

@test "order cards take feedback at their own service only" {
    check_orders order-sign MRN-1001 "$(order fb-1 $INJ prp "[$(gen lumbar_facet), $(side right)]")"
    card=$(jq -r '.cards[0].uuid' <<<"$BODY")
    item=$(jq -cn --arg c "$card" --arg t "$(now)" '{feedback:[{card:$c, outcome:"overridden", overrideReason:{reason:{system:"urn:paingen:codesystem:cds-override-reason", code:"diagnostic-intent", display:"Ordered to test another source"}}, outcomeTimestamp:$t}]}')
    feedback $WORKUP "$item"
    expect_problem 422
    expect_json '.errors[0].detail == "was issued by the service '"'"'injection-order-check'"'"': post its feedback there"'
    feedback $ORDERS "$item"
    expect_status 200
    expect_json '.stored == 1'
    [ "$(sql -c "SELECT c.service_id || ' ' || c.hook || ' ' || f.override_code FROM cds_feedback f JOIN cds_cards c ON c.id = f.card_id WHERE c.id = '$card'")" = "injection-order-check order-sign diagnostic-intent" ]
}

@test "orders naming what paingen does not know are 422, each named" {
    check() { # POINTER ORDER
        check_orders order-sign MRN-1001 "$2"
        expect_problem 422
        expect_json "[.errors[].pointer] | index(\"$1\") != null"
    }
    at=/context/draftOrders/entry/0/resource
    check $at/code/coding/0/code "$(order x $INJ botox)"
    check $at/code/coding/0/code "$(order x $BLOCK knee_magic)"
    check $at/bodySite/0/coding/0/code "$(order x $INJ prp "[$(gen lumbar_tooth)]")"
    check $at/bodySite/0/coding/1/code "$(order x $INJ prp "[$(gen lumbar_sij), $(gen lumbar_facet)]")"
    check $at/bodySite/0/coding/1/code "$(order x $INJ prp "[$(side left), $(side right)]")"
    check $at/bodySite/0/coding/0/code "$(order x $INJ prp "[$(side sideways)]")"
    check $at/bodySite/0/coding/0/code "$(order x $INJ prp "[$(level L9-X)]")"
    check $at/bodySite "$(order x $BLOCK sij_intraarticular "[$(gen lumbar_facet)]")"
    check $at/code "$(jq -c '.code.coding += [{"system":"urn:paingen:codesystem:block-target","code":"sij_intraarticular"}]' <<<"$(order x $INJ prp)")"
    hook $ORDERS "$(call order-sign MRN-1001 '.context.draftOrders = {"resourceType":"Patient"}')"
    expect_problem 422
    expect_json '[.errors[].pointer] == ["/context/draftOrders"]'
    hook $ORDERS "$(call order-select MRN-1001 '.context.draftOrders = {"resourceType":"Bundle"}')"
    expect_problem 422
    expect_json '[.errors[].pointer] == ["/context/selections"]'
}

@test "the README's EHR integration example prints what it says" {
    script=$BATS_TEST_TMPDIR/cds.sh
    sed -n '/<!-- cds:begin -->/,/<!-- cds:end -->/p' "$PAINGEN_ROOT/README.md" | sed '1,2d;$d' | sed '$d' >"$script"
    grep -q '^BASE=' "$script"
    expected=$(sed -n '/<!-- cds:end -->/,/^`tests\/integration\/cds.bats`/p' "$PAINGEN_ROOT/README.md" | sed -n 's/^    //p')
    [ -n "$expected" ]
    cd "$PAINGEN_ROOT"
    run env BASE="$BASE" PUBLIC="$PUBLIC" EHR_KEYS="$KEYS" bash -euo pipefail "$script"
    [ "$status" -eq 0 ]
    [ "$output" = "$expected" ]
}
