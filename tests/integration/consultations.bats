#!/usr/bin/env bats
# Consultations and the vocabulary they are validated against.

load helpers

setup_file() {
    new_db it_consultations
    start_service
    PATIENT=$(curl -s -X POST "$BASE/v1/patients" -H "Authorization: Bearer $API_KEY" -H 'Content-Type: application/json' \
        -d '{"external_id":"C-1","birth_date":"1968-03-02","sex":"male"}' | jq -r .id)
    VOCAB=$(curl -s -H "Authorization: Bearer $API_KEY" "$BASE/v1/vocabulary")
    export PATIENT VOCAB
}

teardown_file() { stop_service; }

# code KIND REGION [N]: the Nth code (0-based) of a kind in a region.
code() { jq -r --arg k "$1" --arg r "$2" --argjson n "${3:-0}" \
    '[.items[] | select(.kind == $k and (.regions | index($r)))][$n].code' <<<"$VOCAB"; }

consultation_count() { sql -c "SELECT count(*) FROM consultations"; }

lumbar_body() {
    jq -cn --arg s1 "$(code pain_site lumbar 0)" --arg s2 "$(code pain_site lumbar 1)" \
        --arg care "$(code care_type lumbar 0)" --arg fact "$(code candidacy_fact lumbar 0)" \
        '{region:"lumbar", side:"left", pain_sites:[$s1,$s2], pain_nrs:7, symptom_weeks:40,
          prior_care:[{type:$care, weeks:12, response:"partial"}],
          candidacy_facts:[{code:$fact, present:false}],
          occurred_at:"2026-10-01T09:30:00+02:00", notes:"Worse on standing; O'\''Brien said \"ok\""}'
}

@test "GET /v1/vocabulary lists codes of every kind for every region" {
    req GET /v1/vocabulary
    expect_status 200
    for kind in finding imaging_finding modality block_target block_agent pain_site care_type candidacy_fact; do
        jq -e --arg k "$kind" '[.items[] | select(.kind == $k)] | length > 0' <<<"$BODY"
    done
    for region in lumbar knee shoulder; do
        jq -e --arg r "$region" '[.items[] | select(.kind == "finding" and (.regions | index($r)))] | length >= 10' <<<"$BODY"
    done
    expect_json '[.items[] | select(.kind == "modality") | .code] | sort == ["ct","mra","mri","spect_ct","us","xr"]'
}

@test "every finding of the vocabulary has its group (history, inspection, provocation), no other kind has one" {
    req GET /v1/vocabulary
    expect_status 200
    expect_json '[.items[] | select(.kind == "finding") | .group] | all(. == "history" or . == "inspection" or . == "provocation")'
    expect_json '[.items[] | select(.kind != "finding") | has("group")] | any | not'
    for region in lumbar knee shoulder; do
        for group in history inspection provocation; do
            jq -e --arg r "$region" --arg g "$group" \
                '[.items[] | select(.kind == "finding" and .group == $g and (.regions | index($r)))] | length > 0' <<<"$BODY"
        done
    done
    expect_json '.items[] | select(.code == "sij_thigh_thrust") | .group == "provocation"'
    expect_json '.items[] | select(.code == "knee_catching_locking") | .group == "history"'
}

@test "a lumbar consultation is recorded and read back as sent" {
    body=$(lumbar_body)
    req POST "/v1/patients/$PATIENT/consultations" -H 'Content-Type: application/json' -d "$body"
    expect_status 201
    id=$(jq -r .id <<<"$BODY")
    [ "$(header Location)" = "/v1/consultations/$id" ]
    expect_json ".patient_id == \"$PATIENT\" and .version == 1 and .status == \"active\""
    expect_json '.occurred_at == "2026-10-01T07:30:00.000000Z"'
    # every field sent comes back unchanged
    sent=$(jq -S 'del(.occurred_at)' <<<"$body")
    got=$(jq -S --argjson s "$body" 'with_entries(select(.key as $k | $s | has($k))) | del(.occurred_at)' <<<"$BODY")
    [ "$sent" = "$got" ]
    req GET "/v1/consultations/$id"
    expect_status 200
    [ "$(jq -S 'del(.findings, .imaging, .blocks)' <<<"$BODY")" = "$(jq -S . <<<"$(curl -s -H "Authorization: Bearer $API_KEY" "$BASE/v1/consultations/$id")" | jq -S 'del(.findings, .imaging, .blocks)')" ]
    expect_json ".id == \"$id\" and .pain_nrs == 7"
}

@test "a code from another region, unknown codes and bad numbers are 422 naming each; nothing written" {
    before=$(consultation_count)
    body=$(jq -cn --arg knee_site "$(code pain_site knee 0)" --arg knee_only "$(code pain_site knee 0)" \
        '{region:"lumbar", side:"up", pain_sites:[$knee_site, "nowhere"], pain_nrs:11,
          symptom_weeks:-1, prior_care:[{type:"magic", weeks:"ten"}],
          candidacy_facts:[{code:"bogus"}], occurred_at:"2999-01-01T00:00:00Z", mood:"sad"}')
    req POST "/v1/patients/$PATIENT/consultations" -H 'Content-Type: application/json' -d "$body"
    expect_problem 422
    for p in /side /pain_sites/0 /pain_sites/1 /pain_nrs /symptom_weeks /prior_care/0/type \
        /prior_care/0/weeks /candidacy_facts/0/code /candidacy_facts/0/present /occurred_at /mood; do
        jq -e --arg p "$p" '[.errors[].pointer] | index($p)' <<<"$BODY" >/dev/null ||
            { echo "no error for $p in $BODY" >&2; return 1; }
    done
    expect_json '.errors[] | select(.pointer == "/pain_sites/0") | .detail | contains("not a lumbar")'
    [ "$(consultation_count)" = "$before" ]
}

@test "a consultation before the patient's birth is 422; for a missing patient 404" {
    body=$(lumbar_body | jq -c '.occurred_at = "1960-01-01T00:00:00Z"')
    req POST "/v1/patients/$PATIENT/consultations" -H 'Content-Type: application/json' -d "$body"
    expect_problem 422
    expect_json '.errors[0].pointer == "/occurred_at"'
    req POST /v1/patients/00000000-0000-4000-8000-000000000009/consultations \
        -H 'Content-Type: application/json' -d "$(lumbar_body)"
    expect_problem 404
    req GET /v1/patients/00000000-0000-4000-8000-000000000009/consultations
    expect_problem 404
    req GET /v1/consultations/00000000-0000-4000-8000-000000000009
    expect_problem 404
}

@test "a patient's consultations are listed in pages" {
    for i in 1 2 3; do
        req POST "/v1/patients/$PATIENT/consultations" -H 'Content-Type: application/json' -d "$(lumbar_body)"
        expect_status 201
    done
    total=$(sql -c "SELECT count(*) FROM consultations WHERE patient_id = '$PATIENT'")
    req GET "/v1/patients/$PATIENT/consultations?limit=2"
    expect_status 200
    expect_json '(.items | length) == 2 and (.next_cursor | type) == "string"'
    first=$(jq -r '.items[].id' <<<"$BODY")
    req GET "/v1/patients/$PATIENT/consultations?limit=100&cursor=$(jq -r .next_cursor <<<"$BODY")"
    expect_status 200
    rest=$(jq -r '.items[].id' <<<"$BODY")
    [ "$(printf '%s\n%s\n' "$first" "$rest" | sort -u | wc -l)" = "$total" ]
}

@test "a consultation is corrected with If-Match; its region cannot change; history keeps both" {
    req POST "/v1/patients/$PATIENT/consultations" -H 'Content-Type: application/json' -d "$(lumbar_body)"
    expect_status 201
    [ "$(header ETag)" = '"1"' ]
    id=$(jq -r .id <<<"$BODY")
    corrected=$(lumbar_body | jq -c '.pain_nrs = 4 | .notes = "corrected NRS"')
    req PUT "/v1/consultations/$id" -H 'Content-Type: application/json' -H 'If-Match: "1"' -d "$corrected"
    expect_status 200
    expect_json '.version == 2 and .pain_nrs == 4'
    [ "$(header ETag)" = '"2"' ]
    req PUT "/v1/consultations/$id" -H 'Content-Type: application/json' -H 'If-Match: "1"' -d "$corrected"
    expect_problem 412
    req PUT "/v1/consultations/$id" -H 'Content-Type: application/json' -H 'If-Match: "2"' \
        -d "$(jq -c '.region = "knee" | .pain_sites = [] | .prior_care = [] | .candidacy_facts = []' <<<"$corrected")"
    expect_problem 422
    expect_json '.errors[0].pointer == "/region"'
    req GET "/v1/consultations/$id"
    [ "$(header ETag)" = '"2"' ]
    expect_json '.pain_nrs == 4 and .region == "lumbar"'
    req GET "/v1/consultations/$id/history"
    expect_status 200
    expect_json '[.items[].pain_nrs] == [7, 4] and [.items[].version] == [1, 2]'
}

@test "long and non-ASCII free text is stored and returned verbatim" {
    notes=$(printf 'Ünïcödé 痛み «douleur» \\ "quoted" '"'"'single'"'"' %%s $(x) ; DROP TABLE consultations; --%.0s' $(seq 1 120))
    body=$(lumbar_body | jq -c --arg n "$notes" '.notes = $n')
    req POST "/v1/patients/$PATIENT/consultations" -H 'Content-Type: application/json' -d "$body"
    expect_status 201
    [ "$(jq -r .notes <<<"$BODY")" = "$notes" ]
    id=$(jq -r .id <<<"$BODY")
    req GET "/v1/consultations/$id"
    [ "$(jq -r .notes <<<"$BODY")" = "$notes" ]
    too_long=$(lumbar_body | jq -c '.notes = ("x" * 10001)')
    req POST "/v1/patients/$PATIENT/consultations" -H 'Content-Type: application/json' -d "$too_long"
    expect_problem 422
    expect_json '.errors[0].pointer == "/notes"'
}

@test "where pain is not felt is recorded apart; one side vocabulary, central read as midline" {
    body=$(jq -c '.pain_sites = ["buttock"] | .pain_sites_absent = ["low_back_midline", "low_back_above_l5"]' <<<"$(lumbar_body)")
    req POST "/v1/patients/$PATIENT/consultations" -H 'Content-Type: application/json' -d "$body"
    expect_status 201
    cid=$(jq -r .id <<<"$BODY")
    expect_json '.pain_sites == ["buttock"] and .pain_sites_absent == ["low_back_midline", "low_back_above_l5"]'
    # a site both painful and not is a contradiction, named
    req POST "/v1/patients/$PATIENT/consultations" -H 'Content-Type: application/json' \
        -d "$(jq -c '.pain_sites_absent = ["buttock"]' <<<"$body")"
    expect_problem 422
    expect_json '.errors[0].pointer == "/pain_sites_absent/0" and (.errors[0].detail | contains("also in pain_sites"))'
    req POST "/v1/patients/$PATIENT/consultations" -H 'Content-Type: application/json' \
        -d "$(jq -c '.pain_sites_absent = ["medial_joint_line"]' <<<"$body")"
    expect_problem 422
    expect_json '.errors[0].pointer == "/pain_sites_absent/0"'
    # imaging, findings and blocks take the consultation's sides; central is midline
    req POST "/v1/consultations/$cid/imaging" -H 'Content-Type: application/json' \
        -d '{"modality":"mri","performed_on":"2026-09-20","findings":[{"code":"lumbar_disc_protrusion","level":"L4-L5","side":"central"}]}'
    expect_status 201
    expect_json '.findings[0].side == "midline"'
    req POST "/v1/consultations/$cid/findings" -H 'Content-Type: application/json' \
        -d '{"code":"lumbar_slr","result":"negative","side":"midline"}'
    expect_status 201
    expect_json '.side == "midline"'
    req POST "/v1/consultations/$cid/findings" -H 'Content-Type: application/json' \
        -d '{"code":"lumbar_slr","result":"negative","side":"up"}'
    expect_problem 422
    expect_json '.errors[0].pointer == "/side"'
    # the assessment reads both lists of sites and weighs the midline's absence
    req POST "/v1/consultations/$cid/assessments" -H 'Content-Type: application/json' -d '{}'
    expect_status 201
    expect_json '.inputs.pain_sites == [{"code":"buttock","present":true},{"code":"low_back_midline","present":false},{"code":"low_back_above_l5","present":false}]'
    expect_json '.result.ranking[] | select(.generator == "lumbar_disc") | .contributions[] | select(.kind == "site") | .result == "absent" and .applied'
    expect_json '[.result.not_weighed[].code] | index("low_back_above_l5") and index("buttock")'
}
