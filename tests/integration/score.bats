#!/usr/bin/env bats
# POST /v1/score: a case in, its ranking out, nothing stored.

load helpers

setup_file() {
    new_db it_score
    start_service
}

teardown_file() { stop_service; }

sij_case='{"region":"lumbar","age":54,"symptom_weeks":40,
  "prior_care":[{"type":"physiotherapy","weeks":12}],
  "candidacy_facts":[{"code":"active_infection_near_site","present":false}],
  "findings":[{"code":"sij_distraction","result":"positive"},{"code":"sij_thigh_thrust","result":"positive"},
              {"code":"sij_compression","result":"positive"},{"code":"sij_sacral_thrust","result":"positive"},
              {"code":"sij_gaenslen","result":"negative"}],
  "blocks":[{"id":"b1","target":"sij_intraarticular","side":"right","baseline_nrs":7,"readings":[{"minutes":30,"nrs":1}]}]}'

@test "a lumbar case is ranked with every factor and its source, and nothing is stored" {
    req POST /v1/score -H 'Content-Type: application/json' -d "$sij_case"
    expect_status 200
    expect_json '.model_version | length > 0'
    expect_json '.ranking | length == 3 and ([.[].rank] == [1,2,3])'
    expect_json '[.ranking[].posterior] | . == (sort | reverse)'
    sij=$(jq -c '.ranking[] | select(.generator == "lumbar_sij")' <<<"$BODY")
    # the cluster is applied once; the five tests are shown, not multiplied
    jq -e '[.contributions[] | select(.kind == "cluster" and .applied)] | length == 1' <<<"$sij"
    jq -e '[.contributions[] | select(.kind == "finding" and .applied)] | length == 0' <<<"$sij"
    jq -e '[.contributions[] | select(.applied) | .source.citation | length > 0] | all' <<<"$sij"
    # posterior = prior odds x the applied LRs, checked by hand
    jq -e '((.prior / (1 - .prior)) * ([.contributions[] | select(.applied) | .lr] | reduce .[] as $x (1; . * $x))) as $o
           | (($o / (1 + $o)) - .posterior | fabs) < 1e-9' <<<"$sij"
    [ "$(sql -c "SELECT count(*) FROM consultation_records")" = 0 ]
    # probable SIJ pain, but the spine needs a positive block before treatment:
    # the single SIJ block (7 -> 1, 86%) is positive and confirms it
    expect_json '.candidacy.verdict as $v | ["candidate", "needs_work_up"] | index($v)'
    # the target follows the top generator; guidance comes with its source
    expect_json '.treatment.generator == .ranking[0].generator and (.treatment.guidance | IN("fluoroscopy", "ultrasound"))'
    expect_json '.treatment.proposed == (.candidacy.verdict == "candidate")'
    # the block that weighed for the SIJ puts the target on its side
    expect_json '.treatment.generator == "lumbar_sij" and .treatment.side == "right"'
    # next steps: never one already done, best first
    expect_json '(.next_steps | length) == 3 and ([.next_steps[].expected_gain_bits] | . == (sort | reverse))'
    expect_json '[.next_steps[].code] | index("sij_provocation") | not'
}

@test "candidacy: an infection at the site contraindicates, whatever the ranking" {
    body=$(jq -c '.candidacy_facts = [{"code":"active_infection_near_site","present":true}]' <<<"$sij_case")
    req POST /v1/score -H 'Content-Type: application/json' -d "$body"
    expect_status 200
    expect_json '.candidacy.verdict == "contraindicated"'
    expect_json '.candidacy.reasons[] | select(.code == "active_infection_near_site") | .convention == false and (.source | contains("Medscape"))'
    body=$(jq -c '.symptom_weeks = 4 | .prior_care = []' <<<"$sij_case")
    req POST /v1/score -H 'Content-Type: application/json' -d "$body"
    expect_json '.candidacy.verdict == "conventional_care_first"'
    expect_json '[.candidacy.reasons[].code] | index("too_early") and index("no_conservative_trial")'
}

@test "the same case gives byte-identical JSON" {
    req POST /v1/score -H 'Content-Type: application/json' -d "$sij_case"
    first=$BODY
    req POST /v1/score -H 'Content-Type: application/json' -d "$sij_case"
    [ "$BODY" = "$first" ]
}

@test "bad cases are 422 naming each field" {
    req POST /v1/score -H 'Content-Type: application/json' \
        -d '{"region":"elbow","findings":[{"code":"knee_thessaly","result":"maybe"}],"blocks":[{"target":"subacromial","comparative_of":"zz"}],"x":1}'
    expect_problem 422
    for p in /region /age /symptom_weeks /findings/0/result /blocks/0/comparative_of /x; do
        jq -e --arg p "$p" '[.errors[].pointer] | index($p)' <<<"$BODY" >/dev/null ||
            { echo "no error for $p: $BODY" >&2; return 1; }
    done
    req POST /v1/score -H 'Content-Type: application/json' \
        -d '{"region":"lumbar","age":50,"symptom_weeks":20,"blocks":[{"id":"a","target":"sij_intraarticular","side":"left"},{"target":"sij_intraarticular","side":"right","comparative_of":"a"}]}'
    expect_problem 422
    expect_json '.errors[0].pointer == "/blocks/1/comparative_of"'
    req POST /v1/score -H 'Content-Type: application/json' \
        -d '{"region":"lumbar","age":50,"symptom_weeks":20,"findings":[{"code":"knee_thessaly","result":"positive"}]}'
    expect_problem 422
    expect_json '.errors[0].pointer == "/findings/0/code" and (.errors[0].detail | contains("not a lumbar"))'
}
