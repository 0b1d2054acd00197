#!/usr/bin/env bats
# GET /v1/model: the evidence table, every number with its source.

load helpers

setup_file() {
    new_db it_model
    start_service
}

teardown_file() { stop_service; }

@test "GET /v1/model serves every table with a version, and every number has a source" {
    req GET /v1/model
    expect_status 200
    expect_json '.model_version == "0.3.1"'
    [ "$(header ETag)" = "\"$(jq -r .model_version <<<"$BODY")\"" ]
    # each region: its modelled sources and exactly one "another source"
    for region in lumbar knee shoulder; do
        jq -e --arg r "$region" '[.generators[] | select(.region == $r and (.other | not))] | length >= 2' <<<"$BODY"
        jq -e --arg r "$region" '[.generators[] | select(.region == $r and .other)] | length == 1' <<<"$BODY"
    done
    expect_json '[.generators[] | select(.other) | .prior_source.quality] | all(. == "convention")'
    expect_json '[.priors[], .oa_prevalence[], .sites[], .findings[], .clusters[], .imaging[], .asymptomatic[], .imaging_verdicts[]] | all(.source.citation | length > 0)'
    expect_json '[.blocks[] | .threshold_source, .single.source, .comparative.source, .reversed.source] | all(.citation | length > 0)'
    expect_json '.site_other_source.quality == "convention" and (.not_weighed | length > 0)'
    # priors follow age: the disc's share falls, the facet's rises
    expect_json '[.priors[] | select(.generator == "lumbar_disc") | .prior] == [0.58, 0.42, 0.28]'
    expect_json '[.priors[] | select(.generator == "lumbar_facet") | .prior] == [0.21, 0.31, 0.4]'
    # the SIJ provocation tests enter as one cluster, never as five products
    expect_json '[.findings[] | select(.finding | startswith("sij_")) | select(.generator == "lumbar_sij") | .cluster] | map(select(. != null)) | length >= 5'
    expect_json '[.clusters[] | select(.generator == "lumbar_sij")] | length >= 1'
}

@test "every code the model uses is in the vocabulary" {
    req GET /v1/vocabulary
    vocab=$BODY
    req GET /v1/model
    missing=$(jq -r --argjson v "$vocab" '
        ($v.items | map(.kind + ":" + .code)) as $known
        | [(.findings[] | "finding:" + .finding), (.imaging[] | "imaging_finding:" + .finding),
           (.asymptomatic[] | "imaging_finding:" + .finding), (.blocks[] | "block_target:" + .target)]
        | unique | map(select(. as $c | $known | index($c) | not)) | .[]' <<<"$BODY")
    [ -z "$missing" ] || { echo "not in the vocabulary: $missing" >&2; return 1; }
}

@test "GET /v1/model takes no query parameters" {
    req GET '/v1/model?format=xml'
    expect_problem 422
}
