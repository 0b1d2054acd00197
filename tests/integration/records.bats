#!/usr/bin/env bats
# Findings, imaging and blocks under a consultation: three work-ups
# recorded end to end and read back, and the bad input of each POST.

load helpers

setup_file() {
    new_db it_records
    start_service
}

teardown_file() { stop_service; }

json_post() { req POST "$1" -H 'Content-Type: application/json' -d "$2"; }
records() { sql -c "SELECT count(*) FROM consultation_records"; }

# new_consultation REGION SIDE SITE: a patient and a consultation; sets CID.
new_consultation() {
    json_post /v1/patients "{\"external_id\":\"R-$RANDOM$RANDOM\",\"birth_date\":\"1962-08-19\",\"sex\":\"female\"}"
    expect_status 201
    local pid
    pid=$(jq -r .id <<<"$BODY")
    json_post "/v1/patients/$pid/consultations" "{\"region\":\"$1\",\"side\":\"$2\",\"pain_sites\":[\"$3\"],\"pain_nrs\":6,\"symptom_weeks\":30,\"occurred_at\":\"2026-11-02T10:00:00Z\"}"
    expect_status 201
    CID=$(jq -r .id <<<"$BODY")
}

@test "a lumbar work-up: SIJ tests, MRI, comparative blocks and discography, read back whole" {
    new_consultation lumbar right buttock
    for t in sij_distraction sij_thigh_thrust sij_compression sij_sacral_thrust sij_gaenslen; do
        json_post "/v1/consultations/$CID/findings" "{\"code\":\"$t\",\"result\":\"positive\",\"side\":\"right\"}"
        expect_status 201
        expect_json ".code == \"$t\" and .current == true and .version == 1"
    done
    json_post "/v1/consultations/$CID/findings" '{"code":"lumbar_centralization","result":"negative"}'
    expect_status 201
    json_post "/v1/consultations/$CID/imaging" '{"modality":"mri","performed_on":"2026-10-20","findings":[
        {"code":"lumbar_disc_degeneration","level":"L4-L5","grade":"3"},
        {"code":"lumbar_modic_change","level":"L5-S1","grade":"2"},
        {"code":"lumbar_facet_arthropathy","level":"L4-L5","side":"right","grade":"2"}],
        "report":"Mild degenerative change."}'
    expect_status 201
    expect_json '.findings | length == 3'
    json_post "/v1/consultations/$CID/blocks" '{"target":"sij_intraarticular","side":"right","agent":"lidocaine",
        "volume_ml":2.5,"performed_at":"2026-11-10T09:00:00Z","baseline_nrs":7,
        "readings":[{"minutes":15,"nrs":2},{"minutes":60,"nrs":1},{"minutes":240,"nrs":5}]}'
    expect_status 201
    first=$(jq -r .id <<<"$BODY")
    [ "$(header Location)" = "/v1/blocks/$first" ]
    # 7 -> 1 is 85.7% relief at 60 min; >= 50% from 15 to 60 min; >= 80% at 60 only
    expect_json '.interpretation | .outcome == "positive" and .threshold_pct == 75 and .peak_relief_pct == 85.7
        and .peak_minutes == 60 and .minutes_50 == 45 and .minutes_80 == 0 and .pair == null
        and .criterion == "relief" and .criterion_source.quality == "convention"'
    json_post "/v1/consultations/$CID/blocks" "{\"target\":\"sij_intraarticular\",\"side\":\"right\",\"agent\":\"bupivacaine\",
        \"performed_at\":\"2026-11-17T09:00:00Z\",\"baseline_nrs\":7,\"comparative_of\":\"$first\",
        \"readings\":[{\"minutes\":30,\"nrs\":1},{\"minutes\":360,\"nrs\":2}]}"
    expect_status 201
    expect_json ".comparative_of == \"$first\""
    expect_json ".interpretation.pair == {\"comparative_of\":\"$first\",\"first_version\":1,\"first_outcome\":\"positive\",\"outcome\":\"concordant\"}"
    json_post "/v1/consultations/$CID/blocks" '{"target":"provocation_discography","level":"L4-L5",
        "performed_at":"2026-11-18T09:00:00Z","concordant":false,"control_level":"L3-L4","control_painful":false}'
    expect_status 201
    expect_json '.concordant == false and .control_level == "L3-L4"'
    expect_json '.interpretation | .outcome == "negative" and .criterion == "concordant_pain_painless_control"
        and .threshold_pct == null and .peak_relief_pct == null and .detail == "no concordant pain"'

    req GET "/v1/consultations/$CID"
    expect_status 200
    expect_json '(.findings | length) == 6 and (.imaging | length) == 1 and (.blocks | length) == 3'
    expect_json '[.findings[].code][0:5] == ["sij_distraction","sij_thigh_thrust","sij_compression","sij_sacral_thrust","sij_gaenslen"]'
    expect_json '.imaging[0].findings[1] == {"code":"lumbar_modic_change","level":"L5-S1","side":null,"grade":"2","size_mm":null,"notes":null}'
    expect_json '.blocks[0].readings == [{"minutes":15,"nrs":2},{"minutes":60,"nrs":1},{"minutes":240,"nrs":5}]'
    expect_json '.blocks[0].performed_at == "2026-11-10T09:00:00.000000Z" and .blocks[0].volume_ml == 2.5'
    # each embedded record equals its own GET
    id=$(jq -r '.blocks[1].id' <<<"$BODY")
    embedded=$(jq -S '.blocks[1]' <<<"$BODY")
    req GET "/v1/blocks/$id"
    expect_status 200
    [ "$(jq -S . <<<"$BODY")" = "$embedded" ]
}

@test "a knee work-up: meniscal tests, MRI and radiograph grades, an intra-articular block" {
    new_consultation knee left medial_joint_line
    for t in knee_thessaly knee_mcmurray knee_joint_line_tenderness knee_apley knee_ege; do
        json_post "/v1/consultations/$CID/findings" "{\"code\":\"$t\",\"result\":\"positive\",\"side\":\"left\"}"
        expect_status 201
    done
    json_post "/v1/consultations/$CID/imaging" '{"modality":"mri","performed_on":"2026-10-01","findings":[
        {"code":"knee_medial_meniscal_tear","side":"left"},{"code":"knee_bone_marrow_lesion"}]}'
    expect_status 201
    json_post "/v1/consultations/$CID/imaging" '{"modality":"xr","performed_on":"2026-09-15","findings":[
        {"code":"knee_osteoarthritis","grade":"2"}]}'
    expect_status 201
    json_post "/v1/consultations/$CID/blocks" '{"target":"knee_intraarticular","side":"left","agent":"lidocaine",
        "performed_at":"2026-11-05T14:00:00+01:00","baseline_nrs":6,"readings":[{"minutes":20,"nrs":1}]}'
    expect_status 201
    req GET "/v1/consultations/$CID"
    expect_json '(.findings | length) == 5 and (.imaging | length) == 2 and (.blocks | length) == 1'
    # times leave the service in UTC
    expect_json '.blocks[0].performed_at == "2026-11-05T13:00:00.000000Z"'
    expect_json '.imaging[1].findings[0].grade == "2"'
    req GET "/v1/consultations/$CID/findings?limit=2"
    expect_status 200
    expect_json '(.items | length) == 2 and (.next_cursor | type) == "string"'
}

@test "a shoulder work-up: cuff tests, ultrasound tear grade, a subacromial test" {
    new_consultation shoulder right lateral_deltoid
    for t in shoulder_painful_arc shoulder_drop_arm shoulder_er_lag shoulder_empty_can shoulder_hawkins_kennedy shoulder_neer shoulder_bear_hug shoulder_belly_press shoulder_lift_off; do
        json_post "/v1/consultations/$CID/findings" "{\"code\":\"$t\",\"result\":\"negative\",\"side\":\"right\"}"
        expect_status 201
    done
    json_post "/v1/consultations/$CID/findings" '{"code":"shoulder_ir_lag","result":"positive","side":"right","value":15}'
    expect_status 201
    expect_json '.value == 15'
    json_post "/v1/consultations/$CID/findings" '{"code":"shoulder_er_lag","result":"positive","side":"right","value":0.1}'
    expect_status 201
    [[ "$BODY" == *'"value": 0.1,'* ]] # decimals come back as sent, not 0.10000000000000001
    json_post "/v1/consultations/$CID/imaging" '{"modality":"us","performed_on":"2026-11-01","findings":[
        {"code":"shoulder_supraspinatus_partial_tear","side":"right","grade":"partial_bursal","size_mm":8}]}'
    expect_status 201
    json_post "/v1/consultations/$CID/blocks" '{"target":"subacromial","side":"right","agent":"lidocaine",
        "performed_at":"2026-11-12T11:00:00Z","baseline_nrs":5,"readings":[{"minutes":10,"nrs":1}]}'
    expect_status 201
    req GET "/v1/consultations/$CID"
    expect_json '(.findings | length) == 11 and .imaging[0].findings[0].grade == "partial_bursal"'
}

@test "the same test recorded twice is kept, and only the latest is current" {
    new_consultation knee right medial_joint_line
    json_post "/v1/consultations/$CID/findings" '{"code":"knee_mcmurray","result":"negative","side":"right"}'
    old=$(jq -r .id <<<"$BODY")
    json_post "/v1/consultations/$CID/findings" '{"code":"knee_mcmurray","result":"positive","side":"right"}'
    new=$(jq -r .id <<<"$BODY")
    json_post "/v1/consultations/$CID/findings" '{"code":"knee_mcmurray","result":"negative","side":"left"}'
    req GET "/v1/findings/$old"
    expect_json '.current == false and .result == "negative"'
    req GET "/v1/findings/$new"
    expect_json '.current == true'
    req GET "/v1/consultations/$CID"
    expect_json '[.findings[] | select(.current)] | length == 2'
}

@test "findings: unknown code, another region's test, bad result and value are 422; nothing written" {
    new_consultation lumbar left buttock
    before=$(records)
    json_post "/v1/consultations/$CID/findings" '{"code":"knee_thessaly","result":"maybe","value":"big","extra":1}'
    expect_problem 422
    expect_json '[.errors[].pointer] | sort == ["/extra", "/result", "/value"]'
    # the region check runs once the shape is valid
    json_post "/v1/consultations/$CID/findings" '{"code":"knee_thessaly","result":"positive"}'
    expect_problem 422
    expect_json '.errors[0].pointer == "/code" and (.errors[0].detail | contains("lumbar"))'
    json_post "/v1/consultations/$CID/findings" '{"code":"no_such_test","result":"positive"}'
    expect_problem 422
    [ "$(records)" = "$before" ]
}

@test "imaging: missing level, wrong grade, unknown modality and future date are 422; nothing written" {
    new_consultation lumbar left buttock
    before=$(records)
    json_post "/v1/consultations/$CID/imaging" '{"modality":"xray","performed_on":"2999-01-01","findings":[
        {"code":"lumbar_disc_degeneration","grade":"9"},{"code":"lumbar_hiz","level":"L9-L10"},{"code":"nope"}]}'
    expect_problem 422
    for p in /modality /performed_on /findings/0/level /findings/0/grade /findings/1/level /findings/2/code; do
        jq -e --arg p "$p" '[.errors[].pointer] | index($p)' <<<"$BODY" >/dev/null ||
            { echo "no error for $p: $BODY" >&2; return 1; }
    done
    [ "$(records)" = "$before" ]
}

@test "blocks: readings out of order, NRS out of range, a foreign comparative_of are 422; nothing written" {
    new_consultation lumbar left buttock
    before=$(records)
    json_post "/v1/consultations/$CID/blocks" '{"target":"lumbar_medial_branch","agent":"lidocaine",
        "performed_at":"2026-11-10T09:00:00Z","baseline_nrs":12,
        "readings":[{"minutes":30,"nrs":2},{"minutes":15,"nrs":11}]}'
    expect_problem 422
    for p in /level /baseline_nrs /readings/1/minutes /readings/1/nrs; do
        jq -e --arg p "$p" '[.errors[].pointer] | index($p)' <<<"$BODY" >/dev/null ||
            { echo "no error for $p: $BODY" >&2; return 1; }
    done
    json_post "/v1/consultations/$CID/blocks" '{"target":"lumbar_medial_branch","level":"L4-L5","agent":"lidocaine",
        "performed_at":"2026-11-10T09:00:00Z","baseline_nrs":6,"readings":[{"minutes":30,"nrs":2}],
        "comparative_of":"00000000-0000-4000-8000-000000000001"}'
    expect_problem 422
    expect_json '.errors[0].pointer == "/comparative_of"'
    json_post "/v1/consultations/$CID/blocks" '{"target":"subacromial","agent":"lidocaine",
        "performed_at":"2026-11-10T09:00:00Z","baseline_nrs":6,"readings":[{"minutes":30,"nrs":2}]}'
    expect_problem 422
    expect_json '.errors[0].pointer == "/target"'
    [ "$(records)" = "$before" ]
}

@test "records under a missing consultation are 404, and missing records too" {
    json_post /v1/consultations/00000000-0000-4000-8000-00000000000a/findings '{"code":"sij_gaenslen","result":"positive"}'
    expect_problem 404
    req GET /v1/consultations/00000000-0000-4000-8000-00000000000a/blocks
    expect_problem 404
    for kind in findings imaging blocks; do
        req GET "/v1/$kind/00000000-0000-4000-8000-00000000000b"
        expect_problem 404
    done
}

@test "a finding retried with its Idempotency-Key is recorded once" {
    new_consultation shoulder left anterior_shoulder
    for _ in 1 2; do
        req POST "/v1/consultations/$CID/findings" -H 'Content-Type: application/json' \
            -H "Idempotency-Key: finding-$CID" -d '{"code":"shoulder_neer","result":"positive","side":"left"}'
        expect_status 201
    done
    [ "$(header Idempotent-Replayed)" = true ]
    [ "$(header ETag)" = '"1"' ]
    [ "$(sql -c "SELECT count(*) FROM consultation_records WHERE consultation_id = '$CID'")" = 1 ]
}

@test "a correction with If-Match makes a new version; the old one stays in the history" {
    new_consultation knee left medial_joint_line
    json_post "/v1/consultations/$CID/findings" '{"code":"knee_thessaly","result":"positive","side":"left"}'
    expect_status 201
    [ "$(header ETag)" = '"1"' ]
    id=$(jq -r .id <<<"$BODY")
    req PUT "/v1/findings/$id" -H 'Content-Type: application/json' -H 'If-Match: "1"' \
        -d '{"code":"knee_thessaly","result":"negative","side":"left","notes":"repeated, pain-free"}'
    expect_status 200
    [ "$(header ETag)" = '"2"' ]
    expect_json '.version == 2 and .result == "negative" and .id == "'"$id"'"'
    req GET "/v1/findings/$id"
    expect_json '.version == 2'
    [ "$(header ETag)" = '"2"' ]
    req GET "/v1/findings/$id/history"
    expect_status 200
    expect_json '[.items[].version] == [1, 2] and [.items[].result] == ["positive", "negative"]'
}

@test "a stale If-Match is 412, a missing one 428; nothing changes" {
    new_consultation knee left medial_joint_line
    json_post "/v1/consultations/$CID/findings" '{"code":"knee_ege","result":"positive","side":"left"}'
    id=$(jq -r .id <<<"$BODY")
    req PUT "/v1/findings/$id" -H 'Content-Type: application/json' -H 'If-Match: "1"' \
        -d '{"code":"knee_ege","result":"negative","side":"left"}'
    expect_status 200
    req PUT "/v1/findings/$id" -H 'Content-Type: application/json' -H 'If-Match: "1"' \
        -d '{"code":"knee_ege","result":"positive","side":"left"}'
    expect_problem 412
    req PUT "/v1/findings/$id" -H 'Content-Type: application/json' \
        -d '{"code":"knee_ege","result":"positive","side":"left"}'
    expect_problem 428
    req PUT "/v1/findings/$id" -H 'Content-Type: application/json' -H 'If-Match: W/"2"' \
        -d '{"code":"knee_ege","result":"positive","side":"left"}'
    expect_problem 412
    req GET "/v1/findings/$id"
    expect_json '.version == 2 and .result == "negative"'
    [ "$(sql -c "SELECT count(*) FROM record_versions WHERE id = '$id'")" = 2 ]
}

@test "entered in error: marked, not deleted, and no longer current" {
    new_consultation lumbar left buttock
    json_post "/v1/consultations/$CID/blocks" '{"target":"lumbar_medial_branch","level":"L5-S1","side":"left",
        "agent":"lidocaine","performed_at":"2026-11-10T09:00:00Z","baseline_nrs":6,"readings":[{"minutes":30,"nrs":2}]}'
    expect_status 201
    id=$(jq -r .id <<<"$BODY")
    doc=$(jq -c '{target, level, side, agent, performed_at, baseline_nrs, readings} + {status: "entered_in_error"}' <<<"$BODY")
    req PUT "/v1/blocks/$id" -H 'Content-Type: application/json' -H 'If-Match: "1"' -d "$doc"
    expect_status 200
    expect_json '.status == "entered_in_error" and .current == false and .version == 2'
    req GET "/v1/consultations/$CID"
    expect_json '.blocks | length == 1 and .[0].status == "entered_in_error"'
    req GET "/v1/blocks/$id/history"
    expect_json '[.items[].status] == ["active", "entered_in_error"]'
    # a later correction that does not mention status keeps it
    req PUT "/v1/blocks/$id" -H 'Content-Type: application/json' -H 'If-Match: "2"' \
        -d "$(jq -c 'del(.status) | .baseline_nrs = 5' <<<"$doc")"
    expect_status 200
    expect_json '.status == "entered_in_error" and .version == 3'
}

@test "block interpretation: negative, indeterminate, unmodelled target; a pair re-read when corrected" {
    new_consultation lumbar left buttock
    mb='{"target":"lumbar_medial_branch","level":"L4-L5","side":"left","agent":"lidocaine","performed_at":"2026-11-10T09:00:00Z","baseline_nrs":8}'
    # 8 -> 6 is 25%: negative
    json_post "/v1/consultations/$CID/blocks" "$(jq -c '.readings = [{"minutes":30,"nrs":6}]' <<<"$mb")"
    expect_status 201
    expect_json '.interpretation | .outcome == "negative" and .threshold_pct == 80 and .peak_relief_pct == 25
        and .minutes_50 == null and .detail == "peak relief 25% is below 50%"'
    first=$(jq -r .id <<<"$BODY")
    # 8 -> 3 is 62.5%: between 50% and the 80% threshold, so indeterminate; the pair is inconclusive
    json_post "/v1/consultations/$CID/blocks" "$(jq -c --arg f "$first" '.readings = [{"minutes":30,"nrs":3},{"minutes":90,"nrs":4}] | .comparative_of = $f' <<<"$mb")"
    expect_status 201
    second=$(jq -r .id <<<"$BODY")
    second_doc=$(jq -c '{target, level, side, agent, performed_at, baseline_nrs, readings, comparative_of}' <<<"$BODY")
    expect_json '.interpretation | .outcome == "indeterminate" and .peak_relief_pct == 62.5 and .peak_minutes == 30
        and .minutes_50 == 60 and .pair.first_outcome == "negative" and .pair.outcome == "inconclusive"'
    # the first block corrected to 8 -> 1; re-reading the second takes the new version
    req PUT "/v1/blocks/$first" -H 'Content-Type: application/json' -H 'If-Match: "1"' \
        -d "$(jq -c '.readings = [{"minutes":30,"nrs":1}]' <<<"$mb")"
    expect_status 200
    expect_json '.interpretation.outcome == "positive"'
    # both lidocaine: relief twice, but no longer-acting agent to give the longer relief
    req PUT "/v1/blocks/$second" -H 'Content-Type: application/json' -H 'If-Match: "1"' \
        -d "$(jq -c '.readings = [{"minutes":30,"nrs":1}]' <<<"$second_doc")"
    expect_status 200
    expect_json '.interpretation.pair | .first_version == 2 and .first_outcome == "positive" and .outcome == "reversed"'
    # the second given bupivacaine, relieving from 30 to 240 minutes against the
    # first's single reading: the expected durations, a concordant pair
    req PUT "/v1/blocks/$second" -H 'Content-Type: application/json' -H 'If-Match: "2"' \
        -d "$(jq -c '.agent = "bupivacaine" | .readings = [{"minutes":30,"nrs":1},{"minutes":240,"nrs":2}]' <<<"$second_doc")"
    expect_status 200
    expect_json '.interpretation.pair.outcome == "concordant"'
    # a short-acting second block outlasting a long-acting first is reversed
    req PUT "/v1/blocks/$first" -H 'Content-Type: application/json' -H 'If-Match: "2"' \
        -d "$(jq -c '.agent = "bupivacaine" | .readings = [{"minutes":30,"nrs":1}]' <<<"$mb")"
    expect_status 200
    req PUT "/v1/blocks/$second" -H 'Content-Type: application/json' -H 'If-Match: "3"' \
        -d "$(jq -c '.agent = "lidocaine" | .readings = [{"minutes":30,"nrs":1},{"minutes":240,"nrs":2}]' <<<"$second_doc")"
    expect_status 200
    expect_json '.interpretation.pair | .first_version == 3 and .outcome == "reversed"'
    # a saline control of the first block: no relief with saline confirms it
    json_post "/v1/consultations/$CID/blocks" "$(jq -c --arg f "$first" '.agent = "saline" | .readings = [{"minutes":30,"nrs":7}] | .comparative_of = $f' <<<"$mb")"
    expect_status 201
    expect_json '.interpretation | .outcome == null and (.detail | startswith("a saline control")) and .pair.outcome == "placebo_confirmed"'
    # a pair must be of the same level and side, for the same structure
    json_post "/v1/consultations/$CID/blocks" "$(jq -c --arg f "$first" '.level = "L3-L4" | .readings = [{"minutes":30,"nrs":1}] | .comparative_of = $f' <<<"$mb")"
    expect_problem 422
    expect_json '.errors[0].pointer == "/comparative_of"'
    json_post "/v1/consultations/$CID/blocks" "$(jq -c --arg f "$first" '.target = "sij_intraarticular" | del(.level) | .readings = [{"minutes":30,"nrs":1}] | .comparative_of = $f' <<<"$mb")"
    expect_problem 422
    # a target the model has no criterion for: relief reported, not read
    new_consultation shoulder right lateral_deltoid
    json_post "/v1/consultations/$CID/blocks" '{"target":"glenohumeral","side":"right","agent":"lidocaine","performed_at":"2026-11-10T09:00:00Z","baseline_nrs":5,"readings":[{"minutes":20,"nrs":0}]}'
    expect_status 201
    expect_json '.interpretation | .outcome == null and .criterion == null and .peak_relief_pct == 100 and .minutes_80 == 0'
}

@test "a block cannot be compared with itself or with a later block; discography fields belong to discography" {
    new_consultation lumbar left buttock
    body='{"target":"sij_intraarticular","side":"left","agent":"lidocaine","performed_at":"2026-11-10T09:00:00Z","baseline_nrs":6,"readings":[{"minutes":30,"nrs":2}]}'
    json_post "/v1/consultations/$CID/blocks" "$body"
    first=$(jq -r .id <<<"$BODY")
    json_post "/v1/consultations/$CID/blocks" "$body"
    second=$(jq -r .id <<<"$BODY")
    upper=$(tr 'a-f' 'A-F' <<<"$first")
    req PUT "/v1/blocks/$first" -H 'Content-Type: application/json' -H 'If-Match: "1"' \
        -d "$(jq -c --arg c "$upper" '.comparative_of = $c' <<<"$body")"
    expect_problem 422
    expect_json '.errors[0].pointer == "/comparative_of"'
    req PUT "/v1/blocks/$first" -H 'Content-Type: application/json' -H 'If-Match: "1"' \
        -d "$(jq -c --arg c "$second" '.comparative_of = $c' <<<"$body")"
    expect_problem 422
    json_post "/v1/consultations/$CID/blocks" "$(jq -c '.control_painful = true | .control_level = "L3-L4"' <<<"$body")"
    expect_problem 422
    expect_json '[.errors[].pointer] | sort == ["/control_level", "/control_painful"]'
}

@test "timestamps: zone offsets beyond 15:59 and years before 1900 are 422; a leap second is accepted" {
    new_consultation lumbar left buttock
    for t in 2026-11-10T09:00:00+16:00 0000-06-01T00:00:00Z 1899-12-31T23:59:59Z 2026-11-10T09:00:00 2026-11-10T25:00:00Z; do
        json_post "/v1/consultations/$CID/blocks" "{\"target\":\"sij_intraarticular\",\"agent\":\"lidocaine\",\"performed_at\":\"$t\",\"baseline_nrs\":6,\"readings\":[{\"minutes\":30,\"nrs\":2}]}"
        expect_problem 422
        expect_json '.errors[0].pointer == "/performed_at"'
    done
    json_post "/v1/consultations/$CID/blocks" '{"target":"sij_intraarticular","agent":"lidocaine","performed_at":"2016-12-31T23:59:60Z","baseline_nrs":6,"readings":[{"minutes":30,"nrs":2}]}'
    expect_status 201
    expect_json '.performed_at == "2017-01-01T00:00:00.000000Z"'
}

@test "a correction is validated like a creation: 422, nothing changes; unknown ids 404" {
    new_consultation shoulder right lateral_deltoid
    json_post "/v1/consultations/$CID/imaging" '{"modality":"us","performed_on":"2026-11-01","findings":[]}'
    id=$(jq -r .id <<<"$BODY")
    req PUT "/v1/imaging/$id" -H 'Content-Type: application/json' -H 'If-Match: "1"' \
        -d '{"modality":"us","performed_on":"2026-11-01","findings":[{"code":"knee_osteoarthritis","grade":"2"}],"status":"gone"}'
    expect_problem 422
    expect_json '[.errors[].pointer] | sort == ["/status"]'
    req PUT "/v1/imaging/$id" -H 'Content-Type: application/json' -H 'If-Match: "1"' \
        -d '{"modality":"us","performed_on":"2026-11-01","findings":[{"code":"knee_osteoarthritis","grade":"2"}]}'
    expect_problem 422
    expect_json '.errors[0].pointer == "/findings/0/code"'
    req GET "/v1/imaging/$id"
    expect_json '.version == 1'
    req PUT /v1/imaging/00000000-0000-4000-8000-00000000000c -H 'Content-Type: application/json' -H 'If-Match: "1"' \
        -d '{"modality":"us","performed_on":"2026-11-01","findings":[]}'
    expect_problem 404
    req GET /v1/blocks/00000000-0000-4000-8000-00000000000c/history
    expect_problem 404
}

@test "query parameters an operation does not take are 422 naming them" {
    new_consultation lumbar left buttock
    req GET "/v1/consultations/$CID?expand=all"
    expect_problem 422
    expect_json '.errors[0].pointer == "?expand"'
    json_post "/v1/consultations/$CID/findings?dry_run=1" '{"code":"sij_gaenslen","result":"positive"}'
    expect_problem 422
    [ "$(sql -c "SELECT count(*) FROM consultation_records WHERE consultation_id = '$CID'")" = 0 ]
}

@test "imaging or a block dated before the patient's birth is 422" {
    new_consultation knee left medial_joint_line   # patient born 1962-08-19
    json_post "/v1/consultations/$CID/imaging" '{"modality":"xr","performed_on":"1960-01-01","findings":[]}'
    expect_problem 422
    expect_json '.errors[0].pointer == "/performed_on"'
    json_post "/v1/consultations/$CID/blocks" '{"target":"knee_intraarticular","agent":"lidocaine","performed_at":"1962-08-18T23:00:00Z","baseline_nrs":6,"readings":[{"minutes":30,"nrs":2}]}'
    expect_problem 422
    expect_json '.errors[0].pointer == "/performed_at"'
}

@test "list and vocabulary bad input: 422 naming the parameter" {
    new_consultation lumbar left buttock
    for kind in findings imaging blocks; do
        req GET "/v1/consultations/$CID/$kind?limit=101"
        expect_problem 422
        expect_json '.errors[0].pointer == "?limit"'
    done
    req GET "/v1/patients/$(sql -c "SELECT patient_id FROM consultations WHERE id = '$CID'")/consultations?cursor=nope"
    expect_problem 422
    expect_json '.errors[0].pointer == "?cursor"'
    req GET '/v1/vocabulary?region=knee'
    expect_problem 422
    expect_json '.errors[0].pointer == "?region"'
    req GET /v1/consultations/not-a-uuid/history
    expect_problem 404
}
