#!/usr/bin/env bats
# /v1/patients: the first JSON resource, and with it the JSON edge:
# malformed JSON, media type, unknown fields, validation, pagination.

load helpers

setup_file() {
    new_db it_patients
    start_service
}

teardown_file() { stop_service; }

patient_count() { sql -c "SELECT count(*) FROM patients"; }

@test "POST /v1/patients creates a patient and GET reads it back" {
    req POST /v1/patients -H 'Content-Type: application/json' \
        -d '{"external_id":"MRN-1","birth_date":"1971-04-09","sex":"female"}'
    expect_status 201
    expect_json '.external_id == "MRN-1" and .birth_date == "1971-04-09" and .sex == "female"'
    expect_json '.created_at | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z$")'
    id=$(jq -r .id <<<"$BODY")
    [ "$(header Location)" = "/v1/patients/$id" ]
    created=$BODY
    req GET "/v1/patients/$id"
    expect_status 200
    [ "$(jq -S . <<<"$BODY")" = "$(jq -S . <<<"$created")" ]
}

@test "malformed JSON is 400 naming the line and column; nothing is written" {
    before=$(patient_count)
    req POST /v1/patients -H 'Content-Type: application/json' \
        --data-binary $'{\n  "external_id": "MRN-2",\n  "sex": female\n}'
    expect_problem 400
    expect_json '.line == 3 and .column > 0'
    expect_json '.detail | startswith("line 3, column")'
    [ "$(patient_count)" = "$before" ]
}

@test "duplicate keys in the JSON are refused" {
    req POST /v1/patients -H 'Content-Type: application/json' \
        -d '{"external_id":"MRN-3","external_id":"MRN-4","birth_date":"1980-01-01","sex":"male"}'
    expect_problem 400
    expect_json '.detail | contains("duplicate")'
}

@test "a body that is not application/json is 415" {
    req POST /v1/patients -H 'Content-Type: text/plain' -d 'external_id=MRN-5'
    expect_problem 415
}

@test "every invalid field is listed in one 422; nothing is written" {
    before=$(patient_count)
    req POST /v1/patients -H 'Content-Type: application/json' \
        -d '{"external_id":"","birth_date":"2999-01-01","sex":"robot","eye_colour":"blue"}'
    expect_problem 422
    expect_json '[.errors[].pointer] | sort == ["/birth_date", "/external_id", "/eye_colour", "/sex"]'
    expect_json '.errors[] | select(.pointer == "/sex") | .detail | contains("female")'
    expect_json '.errors[] | select(.pointer == "/birth_date") | .detail | contains("future")'
    [ "$(patient_count)" = "$before" ]
}

@test "wrong types, impossible dates and missing fields are 422 with the field named" {
    req POST /v1/patients -H 'Content-Type: application/json' \
        -d '{"external_id":42,"birth_date":"1990-02-30"}'
    expect_problem 422
    expect_json '[.errors[].pointer] | sort == ["/birth_date", "/external_id", "/sex"]'
    req POST /v1/patients -H 'Content-Type: application/json' -d '[1,2]'
    expect_problem 422
}

@test "the same external_id twice in a clinic is 409" {
    req POST /v1/patients -H 'Content-Type: application/json' \
        -d '{"external_id":"MRN-DUP","birth_date":"1960-12-31","sex":"other"}'
    expect_status 201
    req POST /v1/patients -H 'Content-Type: application/json' \
        -d '{"external_id":"MRN-DUP","birth_date":"1960-12-31","sex":"other"}'
    expect_problem 409
    [ "$(sql -c "SELECT count(*) FROM patients WHERE external_id = 'MRN-DUP'")" = 1 ]
}

@test "SQL metacharacters and non-ASCII text are stored and returned verbatim" {
    ext="O'Brien\"; DROP TABLE patients; -- Müller 患者"
    payload=$(jq -cn --arg e "$ext" '{external_id:$e, birth_date:"1955-06-15", sex:"unknown"}')
    req POST /v1/patients -H 'Content-Type: application/json' -d "$payload"
    expect_status 201
    [ "$(jq -r .external_id <<<"$BODY")" = "$ext" ]
    req GET "/v1/patients?external_id=$(jq -rn --arg e "$ext" '$e|@uri')"
    expect_status 200
    expect_json '.items | length == 1'
    [ "$(jq -r '.items[0].external_id' <<<"$BODY")" = "$ext" ]
}

@test "GET of a missing or malformed id is 404" {
    req GET /v1/patients/00000000-0000-4000-8000-000000000000
    expect_problem 404
    req GET /v1/patients/not-a-uuid
    expect_problem 404
}

@test "listing pages through every patient once, in a stable order" {
    for i in 1 2 3 4 5; do
        req POST /v1/patients -H 'Content-Type: application/json' \
            -d "{\"external_id\":\"PAGE-$i\",\"birth_date\":\"1970-01-0$i\",\"sex\":\"male\"}"
        expect_status 201
    done
    total=$(patient_count)
    seen=()
    cursor=
    pages=0
    while :; do
        req GET "/v1/patients?limit=2${cursor:+&cursor=$cursor}"
        expect_status 200
        expect_json '.items | length <= 2'
        mapfile -t ids < <(jq -r '.items[].id' <<<"$BODY")
        seen+=("${ids[@]}")
        pages=$((pages + 1))
        cursor=$(jq -r '.next_cursor // empty' <<<"$BODY")
        [ -n "$cursor" ] || break
    done
    [ "${#seen[@]}" = "$total" ]
    [ "$(printf '%s\n' "${seen[@]}" | sort -u | wc -l)" = "$total" ]
    [ "$pages" = $(((total + 1) / 2)) ]
}

@test "invalid UTF-8 and forged cursors in the query are 422, never 500" {
    req GET '/v1/patients?external_id=%FF'
    expect_problem 422
    expect_json '.errors[0].pointer == "?external_id"'
    req GET '/v1/patients?%FF=1'
    expect_problem 422
    expect_json '.errors | length == 1'
    forged=$(printf '2026-13-45T99:99:99.000000Z|00000000-0000-4000-8000-000000000000' | base64 -w0 | tr '+/' '-_' | tr -d '=')
    req GET "/v1/patients?cursor=$forged"
    expect_problem 422
    expect_json '.errors[0].pointer == "?cursor"'
}

@test "bad list parameters are 422 naming them" {
    req GET '/v1/patients?limit=0&cursor=garbage&colour=red'
    expect_problem 422
    expect_json '[.errors[].pointer] | sort == ["?colour", "?cursor", "?limit"]'
}

@test "Idempotency-Key: a retry gets the first response; nothing is created twice" {
    body='{"external_id":"IDEM-1","birth_date":"1980-05-05","sex":"female"}'
    req POST /v1/patients -H 'Content-Type: application/json' -H 'Idempotency-Key: key-idem-1' -d "$body"
    expect_status 201
    first=$BODY
    location=$(header Location)
    req POST /v1/patients -H 'Content-Type: application/json' -H 'Idempotency-Key: key-idem-1' -d "$body"
    expect_status 201
    [ "$BODY" = "$first" ]
    [ "$(header Location)" = "$location" ]
    [ "$(header Idempotent-Replayed)" = true ]
    [ "$(sql -c "SELECT count(*) FROM patients WHERE external_id = 'IDEM-1'")" = 1 ]
}

@test "Idempotency-Key: the same key with a different body is 422; a bad key is 400" {
    req POST /v1/patients -H 'Content-Type: application/json' -H 'Idempotency-Key: key-idem-2' \
        -d '{"external_id":"IDEM-2","birth_date":"1980-05-05","sex":"female"}'
    expect_status 201
    req POST /v1/patients -H 'Content-Type: application/json' -H 'Idempotency-Key: key-idem-2' \
        -d '{"external_id":"IDEM-3","birth_date":"1980-05-05","sex":"female"}'
    expect_problem 422
    expect_json '.type == "urn:paingen:problem:idempotency-key-reused"'
    [ "$(sql -c "SELECT count(*) FROM patients WHERE external_id = 'IDEM-3'")" = 0 ]
    req POST /v1/patients -H 'Content-Type: application/json' -H 'Idempotency-Key: has space' \
        -d '{"external_id":"IDEM-4","birth_date":"1980-05-05","sex":"female"}'
    expect_problem 400
    [ "$(sql -c "SELECT count(*) FROM patients WHERE external_id = 'IDEM-4'")" = 0 ]
}

@test "Idempotency-Key: 16 concurrent identical POSTs create one record and answer alike" {
    body='{"external_id":"IDEM-PAR","birth_date":"1975-07-07","sex":"male"}'
    dir=$BATS_TEST_TMPDIR/par
    mkdir -p "$dir"
    pids=()
    for i in $(seq 1 16); do
        curl -s -o "$dir/$i.body" -w '%{http_code}\n' -X POST "$BASE/v1/patients" -H "Authorization: Bearer $API_KEY" \
            -H 'Content-Type: application/json' -H 'Idempotency-Key: key-par' -d "$body" \
            >"$dir/$i.status" 3>&- &
        pids+=($!)
    done
    wait "${pids[@]}"
    [ "$(sql -c "SELECT count(*) FROM patients WHERE external_id = 'IDEM-PAR'")" = 1 ]
    [ "$(cat "$dir"/*.status | sort -u)" = 201 ]
    [ "$(cat "$dir"/*.body | jq -r .id | sort -u | wc -l)" = 1 ]
}

@test "120 unknown fields: a 422 listing the first 50, its detail counting all 120; nothing is written" {
    before=$(patient_count)
    body=$(jq -cn '[range(120) | {key: "x\(.)", value: 1}] | from_entries
        + {external_id: "CAP-1", birth_date: "1970-03-15", sex: "male"}')
    req POST /v1/patients -H 'Content-Type: application/json' -d "$body"
    expect_problem 422
    expect_json '(.errors | length) == 50 and .errors[0].pointer == "/x0" and .errors[49].pointer == "/x49"'
    expect_json ".detail == \"120 invalid fields (the first 50 listed), first '/x0'\""
    [ "$(patient_count)" = "$before" ]
}
