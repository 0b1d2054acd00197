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
    expect_json '.model_version == "0.3.1"'
    # the differential: three modelled sources and another source, summing to 1
    expect_json '.ranking | length == 4 and ([.[].rank] == [1,2,3,4])'
    expect_json '[.ranking[].posterior] | . == (sort | reverse)'
    expect_json '([.ranking[].posterior] | add) - 1 | fabs < 1e-9'
    expect_json '[.ranking[] | select(.other)] | length == 1 and .[0].generator == "lumbar_other"'
    sij=$(jq -c '.ranking[] | select(.generator == "lumbar_sij")' <<<"$BODY")
    # the cluster is applied once; the five tests are shown, not multiplied
    jq -e '[.contributions[] | select(.kind == "cluster" and .applied)] | length == 1' <<<"$sij"
    jq -e '[.contributions[] | select(.kind == "finding" and .applied)] | length == 0' <<<"$sij"
    jq -e '[.contributions[] | select(.applied) | .source.citation | length > 0] | all' <<<"$sij"
    # by hand, age 54 (band 40-59): SIJ 0.18 x cluster 2.13 x single block
    # 44/9 = 1.8744; the others keep their priors, 0.42 + 0.31 + 0.09 = 0.82;
    # SIJ = 1.8744 / 2.6944 = 0.695665
    jq -e '.prior == 0.18 and (.posterior - 0.695665 | fabs) < 1e-6' <<<"$sij"
    jq -e '(.evidence_lr - 2.13 * 44 / 9 | fabs) < 1e-9' <<<"$sij"
    expect_json '.ranking[] | select(.generator == "lumbar_disc") | (.posterior - 0.42 / 2.6944 | fabs) < 1e-6'
    [ "$(sql -c "SELECT count(*) FROM consultation_records")" = 0 ]
    # 0.70 is above 0.60, the single SIJ block (7 -> 1, 86% against 75%)
    # confirms a spinal source, 40 weeks and 12 of physiotherapy: a candidate
    expect_json '.candidacy.verdict == "candidate" and .candidacy.reasons == []'
    expect_json '.treatment.proposed and .treatment.generator == "lumbar_sij" and .treatment.guidance == "fluoroscopy"'
    # the block that weighed for the SIJ puts the target on its side
    expect_json '.treatment.side == "right" and .treatment.side_from == "block"'
    # next steps: able to change the decision, most likely first, never one done
    expect_json '[.next_steps[].p_change] | . == (sort | reverse) and all(. > 0 and . <= 1)'
    expect_json '[.next_steps[].code] | (index("sij_provocation") | not) and (index("sij_intraarticular") | not)'
    expect_json '.not_weighed == []'
}

@test "the differential: pain not felt, the other side, and what no source weighs" {
    # midline pain absent at 54: disc x 0.042, facet x 0.846, SIJ x 0.871,
    # another source x their prior-weighted mean 0.47987 (so it keeps 0.09)
    body=$(jq -c '.side = "right" | .pain_sites = [{"code":"low_back_midline","present":false},{"code":"groin","present":true}]
        | .findings += [{"code":"sij_gillet","result":"positive","side":"left"},{"code":"night_pain","result":"positive"}]
        | .blocks = [] | .findings |= map(select(.code != "sij_compression" and .code != "sij_sacral_thrust"))' <<<"$sij_case")
    req POST /v1/score -H 'Content-Type: application/json' -d "$body"
    expect_status 200
    # the cluster is undecided (2 of 3 recorded positive, 1 negative): SIJ
    # 0.18 x 0.871 = 0.15678, facet 0.26226, disc 0.01764, another 0.043188:
    # total 0.479868; facet 0.546525, SIJ 0.326715, disc 0.036760, another 0.09
    expect_json '.ranking[0].generator == "lumbar_facet" and (.ranking[0].posterior - 0.546525 | fabs) < 1e-6'
    expect_json '.ranking[] | select(.generator == "lumbar_other") | (.posterior - 0.09 | fabs) < 1e-9'
    expect_json '.ranking[] | select(.generator == "lumbar_sij") | .contributions[] | select(.kind == "site") | (.factor - 0.871 | fabs) < 1e-12 and .result == "absent"'
    # every recorded item appears: the groin (no figure), night pain (no
    # figure) and the left-sided Gillet test of a right-sided case
    expect_json '[.not_weighed[] | .code] == ["groin", "sij_gillet", "night_pain"]'
    expect_json '.not_weighed[] | select(.code == "sij_gillet") | .reason | contains("other side")'
    # nothing localises the facet: the consultation's side, and it says so
    expect_json '.treatment.side == "right" and .treatment.side_from == "consultation"'
    # a contradiction is 422 naming it
    req POST /v1/score -H 'Content-Type: application/json' -d "$(jq -c '.pain_sites = [{"code":"groin"}] | .side = "up"' <<<"$sij_case")"
    expect_problem 422
    expect_json '[.errors[].pointer] | index("/pain_sites/0/present") and index("/side")'
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
