#!/usr/bin/env bats
# Treatments under a consultation and their follow-ups: recorded after an
# assessment, read back, corrected with their history, the bad input of
# each, and another clinic seeing none of it.

load helpers

setup_file() {
    new_db it_outcomes
    start_service
}

teardown_file() { stop_service; }

json_post() { req POST "$1" -H 'Content-Type: application/json' -d "$2"; }
records() { sql -c "SELECT count(*) FROM consultation_records WHERE kind IN ('treatment', 'follow_up')"; }
today() { date -u +%F; }
yesterday() { date -u -d yesterday +%F; }

# assessed_consultation REGION SIDE: a patient, a consultation and an
# assessment of it; sets CID and AID.
assessed_consultation() {
    json_post /v1/patients "{\"external_id\":\"O-$RANDOM$RANDOM\",\"birth_date\":\"1962-08-19\",\"sex\":\"female\"}"
    expect_status 201
    local pid
    pid=$(jq -r .id <<<"$BODY")
    json_post "/v1/patients/$pid/consultations" "{\"region\":\"$1\",\"side\":\"$2\",\"pain_sites\":[],\"pain_nrs\":8,\"symptom_weeks\":30,\"occurred_at\":\"2026-11-02T10:00:00Z\"}"
    expect_status 201
    CID=$(jq -r .id <<<"$BODY")
    json_post "/v1/consultations/$CID/findings" "{\"code\":\"sij_thigh_thrust\",\"result\":\"positive\",\"side\":\"$2\"}"
    json_post "/v1/consultations/$CID/assessments" '{}'
    expect_status 201
    AID=$(jq -r .id <<<"$BODY")
}

# treatment [JQ FILTER]: a PRP injection of the right SIJ after the
# assessment, changed by the filter; sets TID.
treatment() {
    json_post "/v1/consultations/$CID/treatments" "$(jq -cn --arg a "$AID" --arg d "$(today)" \
        '{what: "prp", generator: "lumbar_sij", side: "right", guidance: "fluoroscopy",
          performed_on: $d, assessment_id: $a, baseline_nrs: 7} | '"${1:-.}")"
    TID=$(jq -r '.id // empty' <<<"$BODY")
}

@test "a treatment after an assessment and its follow-ups at each time point, read back" {
    assessed_consultation lumbar right
    treatment '.assessment_id |= ascii_upcase'
    expect_status 201
    [ "$(header Location)" = "/v1/treatments/$TID" ]
    [ "$(header ETag)" = '"1"' ]
    expect_json ".what == \"prp\" and .generator == \"lumbar_sij\" and .side == \"right\" and .level == null
        and .guidance == \"fluoroscopy\" and .assessment_id == \"$AID\" and .baseline_nrs == 7
        and .consultation_id == \"$CID\" and .version == 1 and .status == \"active\""
    json_post "/v1/treatments/$TID/follow-ups" "{\"time_point\":\"6w\",\"assessed_on\":\"$(today)\",\"pain_nrs\":3,
        \"relief_pct\":62.5,\"pgic\":2,\"region_scores\":[{\"instrument\":\"odi\",\"value\":24}],
        \"adverse_events\":[{\"description\":\"injection-site soreness for 2 days\",\"serious\":false}]}"
    expect_status 201
    fid=$(jq -r .id <<<"$BODY")
    [ "$(header Location)" = "/v1/follow-ups/$fid" ]
    expect_json ".treatment_id == \"$TID\" and .consultation_id == \"$CID\" and .time_point == \"6w\"
        and .pain_nrs == 3 and .relief_pct == 62.5 and .pgic == 2 and .lost_to_follow_up == false"
    expect_json '.region_scores == [{"instrument":"odi","value":24,"subscale":null}]'
    expect_json '.adverse_events == [{"description":"injection-site soreness for 2 days","serious":false}]'
    json_post "/v1/treatments/$TID/follow-ups" "{\"time_point\":\"3m\",\"assessed_on\":\"$(today)\",\"pain_nrs\":4,\"repeat_intervention\":true}"
    expect_status 201
    json_post "/v1/treatments/$TID/follow-ups" "{\"time_point\":\"6m\",\"assessed_on\":\"$(today)\",\"lost_to_follow_up\":true,\"lost_reason\":\"moved abroad\"}"
    expect_status 201
    expect_json '.lost_to_follow_up == true and .lost_reason == "moved abroad" and .pain_nrs == null'
    json_post "/v1/treatments/$TID/follow-ups" "{\"time_point\":\"12m\",\"assessed_on\":\"$(today)\",\"pgic\":6,\"surgery\":true}"
    expect_status 201

    req GET "/v1/treatments/$TID/follow-ups"
    expect_status 200
    expect_json '[.items[].time_point] == ["6w", "3m", "6m", "12m"] and .next_cursor == null'
    req GET "/v1/treatments/$TID/follow-ups?limit=3"
    expect_json '(.items | length) == 3 and (.next_cursor | type) == "string"'
    req GET "/v1/follow-ups/$fid"
    expect_status 200
    [ "$(header ETag)" = '"1"' ]
    expect_json ".id == \"$fid\" and .relief_pct == 62.5"
    req GET "/v1/consultations/$CID/treatments"
    expect_status 200
    expect_json "[.items[].id] == [\"$TID\"]"
    req GET "/v1/treatments/$TID"
    expect_json '.what == "prp"'
}

@test "treatments and follow-ups are not read into an assessment's case" {
    assessed_consultation lumbar right
    treatment
    expect_status 201
    json_post "/v1/treatments/$TID/follow-ups" "{\"time_point\":\"6w\",\"assessed_on\":\"$(today)\",\"pain_nrs\":2}"
    expect_status 201
    json_post "/v1/consultations/$CID/assessments" '{}'
    expect_status 201
    expect_json '[.based_on[].kind] == ["finding"]'
    req GET "/v1/assessments/$AID"
    inputs=$(jq -c .inputs <<<"$BODY")
    req GET "/v1/consultations/$CID/assessments"
    second=$(jq -r '.items[1].id' <<<"$BODY")
    req GET "/v1/assessments/$second"
    [ "$(jq -c .inputs <<<"$BODY")" = "$inputs" ]
}

@test "treatments: unknown codes, another region's source, a level off the spine, no date are 422; nothing written" {
    assessed_consultation lumbar right
    before=$(records)
    json_post "/v1/consultations/$CID/treatments" '{"what":"laser","generator":"lumbar_sij","guidance":"dowsing","performed_on":"2999-01-01","baseline_nrs":11,"extra":1}'
    expect_problem 422
    expect_json '[.errors[].pointer] | sort == ["/baseline_nrs", "/extra", "/guidance", "/performed_on", "/what"]'
    json_post "/v1/consultations/$CID/treatments" '{"what":"prp","performed_on":"2026-11-20"}'
    expect_problem 422
    expect_json '.errors == [{"pointer":"/generator","detail":"required"}]'
    json_post "/v1/consultations/$CID/treatments" '{"what":"prp","generator":"knee_medial_meniscus","level":"L4-L5","performed_on":"2026-11-20"}'
    expect_problem 422
    expect_json '[.errors[].pointer] == ["/level"]'
    # the region is checked against the consultation once the shape is valid
    json_post "/v1/consultations/$CID/treatments" '{"what":"cell_based","generator":"knee_medial_meniscus","performed_on":"2026-11-20"}'
    expect_problem 422
    expect_json '.errors[0].pointer == "/generator" and (.errors[0].detail | contains("lumbar"))'
    json_post "/v1/consultations/$CID/treatments" '{"what":"prp","generator":"lumbar_sij","performed_on":"1960-01-01"}'
    expect_problem 422
    expect_json '.errors[0].pointer == "/performed_on" and (.errors[0].detail | contains("birth"))'
    [ "$(records)" = "$before" ]
    # physiotherapy names no structure
    json_post "/v1/consultations/$CID/treatments" '{"what":"physiotherapy","performed_on":"2026-11-20"}'
    expect_status 201
    expect_json '.generator == null and .assessment_id == null'
}

@test "a treatment's assessment must be of its consultation and made no later than the treatment" {
    assessed_consultation lumbar right
    other=$AID
    assessed_consultation lumbar right
    before=$(records)
    treatment ".assessment_id = \"$other\""
    expect_problem 422
    expect_json '.errors == [{"pointer":"/assessment_id","detail":"must be an assessment of this consultation"}]'
    treatment '.assessment_id = "not-a-uuid"'
    expect_problem 422
    expect_json '.errors[0].pointer == "/assessment_id"'
    treatment ".performed_on = \"$(yesterday)\""
    expect_problem 422
    expect_json '.errors[0].pointer == "/assessment_id" and (.errors[0].detail | contains("after the treatment"))'
    [ "$(records)" = "$before" ]
}

@test "follow-ups: bad time point, scores out of range, another region's instrument, measures of a lost patient are 422" {
    assessed_consultation lumbar right
    treatment
    before=$(records)
    json_post "/v1/treatments/$TID/follow-ups" "{\"time_point\":\"2w\",\"assessed_on\":\"$(today)\",\"pain_nrs\":11,\"relief_pct\":120,\"pgic\":0,
        \"region_scores\":[{\"instrument\":\"vas\",\"value\":101}],\"adverse_events\":[{\"serious\":\"yes\"}],\"surgery\":\"no\"}"
    expect_problem 422
    for p in /time_point /pain_nrs /relief_pct /pgic /region_scores/0/instrument /region_scores/0/value \
        /adverse_events/0/description /adverse_events/0/serious /surgery; do
        jq -e --arg p "$p" '[.errors[].pointer] | index($p)' <<<"$BODY" >/dev/null ||
            { echo "no error for $p: $BODY" >&2; return 1; }
    done
    json_post "/v1/treatments/$TID/follow-ups" "{\"time_point\":\"6w\",\"assessed_on\":\"$(today)\",\"region_scores\":[{\"instrument\":\"koos\",\"value\":50}],\"pain_nrs\":3}"
    expect_problem 422
    expect_json '.errors[0].pointer == "/region_scores/0/instrument" and (.errors[0].detail | contains("lumbar"))'
    json_post "/v1/treatments/$TID/follow-ups" "{\"time_point\":\"6w\",\"assessed_on\":\"$(today)\",\"lost_to_follow_up\":true,\"pain_nrs\":3}"
    expect_problem 422
    expect_json '[.errors[].pointer] | sort == ["/lost_reason", "/pain_nrs"]'
    json_post "/v1/treatments/$TID/follow-ups" "{\"time_point\":\"6w\",\"assessed_on\":\"$(today)\",\"lost_reason\":\"moved\",\"notes\":\"phoned\"}"
    expect_problem 422
    expect_json '[.errors[].pointer] | sort == ["/lost_reason", "/pain_nrs"]'
    json_post "/v1/treatments/$TID/follow-ups" "{\"time_point\":\"6w\",\"assessed_on\":\"$(yesterday)\",\"pain_nrs\":3}"
    expect_problem 422
    expect_json '.errors[0].pointer == "/assessed_on" and (.errors[0].detail | contains("before the treatment"))'
    [ "$(records)" = "$before" ]
}

@test "a follow-up corrected with If-Match keeps its treatment; its history, 412, 428 and entered in error" {
    assessed_consultation lumbar right
    treatment
    json_post "/v1/treatments/$TID/follow-ups" "{\"time_point\":\"6w\",\"assessed_on\":\"$(today)\",\"pain_nrs\":3}"
    fid=$(jq -r .id <<<"$BODY")
    body="{\"time_point\":\"6w\",\"assessed_on\":\"$(today)\",\"pain_nrs\":2,\"relief_pct\":70}"
    req PUT "/v1/follow-ups/$fid" -H 'Content-Type: application/json' -H 'If-Match: "1"' -d "$body"
    expect_status 200
    [ "$(header ETag)" = '"2"' ]
    expect_json ".version == 2 and .pain_nrs == 2 and .relief_pct == 70 and .treatment_id == \"$TID\""
    req PUT "/v1/follow-ups/$fid" -H 'Content-Type: application/json' -H 'If-Match: "1"' -d "$body"
    expect_problem 412
    req PUT "/v1/follow-ups/$fid" -H 'Content-Type: application/json' -d "$body"
    expect_problem 428
    req PUT "/v1/follow-ups/$fid" -H 'Content-Type: application/json' -H 'If-Match: "2"' \
        -d "$(jq -c '.status = "entered_in_error"' <<<"$body")"
    expect_status 200
    expect_json '.status == "entered_in_error" and .current == false'
    req GET "/v1/follow-ups/$fid/history"
    expect_status 200
    expect_json '[.items[].version] == [1, 2, 3] and [.items[].pain_nrs] == [3, 2, 2]'
    expect_json "[.items[].treatment_id] == [\"$TID\", \"$TID\", \"$TID\"]"
    # a treatment corrected the same way
    req PUT "/v1/treatments/$TID" -H 'Content-Type: application/json' -H 'If-Match: "1"' \
        -d "$(jq -cn --arg a "$AID" --arg d "$(today)" '{what: "prp", generator: "lumbar_sij", side: "left", performed_on: $d, assessment_id: $a}')"
    expect_status 200
    expect_json '.side == "left" and .version == 2 and .guidance == null'
    req GET "/v1/treatments/$TID/history"
    expect_json '[.items[].side] == ["right", "left"]'
}

@test "a follow-up retried with its Idempotency-Key is recorded once" {
    assessed_consultation lumbar right
    treatment
    for _ in 1 2; do
        req POST "/v1/treatments/$TID/follow-ups" -H 'Content-Type: application/json' \
            -H "Idempotency-Key: fu-$TID" -d "{\"time_point\":\"3m\",\"assessed_on\":\"$(today)\",\"pgic\":3}"
        expect_status 201
    done
    [ "$(header Idempotent-Replayed)" = true ]
    [ "$(sql -c "SELECT count(*) FROM consultation_records WHERE kind = 'follow_up' AND doc->>'treatment_id' = '$TID'")" = 1 ]
}

@test "follow-ups of a missing treatment are 404, of one entered in error 409; missing records 404" {
    json_post /v1/treatments/00000000-0000-4000-8000-00000000000a/follow-ups "{\"time_point\":\"6w\",\"assessed_on\":\"$(today)\",\"pgic\":3}"
    expect_problem 404
    expect_json '.detail == "no treatment with this id"'
    req GET /v1/treatments/00000000-0000-4000-8000-00000000000a/follow-ups
    expect_problem 404
    for kind in treatments follow-ups; do
        req GET "/v1/$kind/00000000-0000-4000-8000-00000000000b"
        expect_problem 404
        req GET "/v1/$kind/00000000-0000-4000-8000-00000000000b/history"
        expect_problem 404
    done
    assessed_consultation lumbar right
    treatment
    req PUT "/v1/treatments/$TID" -H 'Content-Type: application/json' -H 'If-Match: "1"' \
        -d "$(jq -cn --arg d "$(today)" '{what: "prp", generator: "lumbar_sij", performed_on: $d, status: "entered_in_error"}')"
    expect_status 200
    json_post "/v1/treatments/$TID/follow-ups" "{\"time_point\":\"6w\",\"assessed_on\":\"$(today)\",\"pgic\":3}"
    expect_problem 409
    expect_json '.detail | contains("entered in error")'
    req GET "/v1/treatments/$TID/follow-ups?limit=0"
    expect_problem 422
    expect_json '.errors[0].pointer == "?limit"'
}

@test "another clinic sees none of a clinic's treatments and follow-ups" {
    assessed_consultation knee left
    json_post "/v1/consultations/$CID/treatments" "$(jq -cn --arg a "$AID" --arg d "$(today)" \
        '{what: "corticosteroid", generator: "knee_cartilage_oa", side: "left", guidance: "ultrasound", performed_on: $d, assessment_id: $a}')"
    expect_status 201
    TID=$(jq -r .id <<<"$BODY")
    json_post "/v1/treatments/$TID/follow-ups" "{\"time_point\":\"6w\",\"assessed_on\":\"$(today)\",\"pain_nrs\":5,\"region_scores\":[{\"instrument\":\"koos\",\"value\":61.3,\"subscale\":\"pain\"}]}"
    expect_status 201
    fid=$(jq -r .id <<<"$BODY")
    API_KEY=$(new_key clinician "$(new_clinic "Clinic B")")
    for path in "/v1/treatments/$TID" "/v1/treatments/$TID/follow-ups" "/v1/follow-ups/$fid" "/v1/consultations/$CID/treatments"; do
        req GET "$path"
        expect_problem 404
    done
    json_post "/v1/treatments/$TID/follow-ups" "{\"time_point\":\"3m\",\"assessed_on\":\"$(today)\",\"pgic\":3}"
    expect_problem 404
}
