#!/usr/bin/env bats
# GET /v1/calibration against synthetic cohorts drawn from known
# probabilities (scripts/cohort.sh): the counts are the cohort's exactly,
# the fitted intercept and slope find the truth they were drawn from; a
# work-up recorded through the API end to end; the SVG; bad input; another
# clinic sees nothing.

load helpers

setup_file() {
    new_db it_calibration
    start_service
    CLINIC=$(new_clinic "Cohort clinic")
    ADMIN=$(new_key admin "$CLINIC")
    export CLINIC ADMIN
    cohort="$PAINGEN_ROOT/scripts/cohort.sh"
    url="host=$PAINGEN_TEST_CLUSTER/socket user=postgres dbname=$DB"
    # three models of one clinic: perfectly calibrated, one log-odds too
    # low, and twice too extreme, each drawn from its own seed
    "$cohort" "$url" "$CLINIC" 1500 seed=0.11 model=0.3.1 prefix=CAL start=2026-01-01
    "$cohort" "$url" "$CLINIC" 1500 seed=0.22 model=0.2.0 shift=1.2 prefix=SHIFT start=2026-03-01
    "$cohort" "$url" "$CLINIC" 1500 seed=0.33 model=0.1.0 scale=0.5 prefix=OVER start=2026-05-01
}

teardown_file() { stop_service; }

# report [QUERY [curl args...]]: GET /v1/calibration as the cohort's admin
report() { API_KEY=$ADMIN req GET "/v1/calibration${1:-}" "${@:2}"; }
# truth SQL: one value from the cohort's record of what it drew
truth() { sql -c "SELECT $1 FROM cohort.truth WHERE clinic_id = '$CLINIC' AND $2"; }
# within X LO HI: LO <= X <= HI
within() { awk -v x="$1" -v lo="$2" -v hi="$3" 'BEGIN {exit !(x >= lo && x <= hi)}' || { echo "$1 not in [$2, $3]" >&2; return 1; }; }
# holds FIT TRUTH: the fit's estimate is within 3.29 standard errors of
# the truth it was drawn from (99.9%: a fixed seed passes or fails always,
# and a 95% interval would miss 1 seed in 20)
holds() {
    jq -e --argjson t "$2" '((.estimate - $t) | fabs) <= 3.29 * .se' <<<"$1" >/dev/null ||
        { echo "$1: not within 3.29 standard errors of $2" >&2; return 1; }
}
# excludes FIT VALUE: the estimate is more than 3.29 standard errors from VALUE
excludes() {
    jq -e --argjson t "$2" '((.estimate - $t) | fabs) > 3.29 * .se' <<<"$1" >/dev/null ||
        { echo "$1: within 3.29 standard errors of $2" >&2; return 1; }
}
near() { awk -v a="$1" -v b="$2" -v t="${3:-1e-9}" 'BEGIN {d = a - b; if (d < 0) d = -d; exit !(d <= t)}' || { echo "$1 != $2 (within ${3:-1e-9})" >&2; return 1; }; }

@test "a calibrated model: the cohort's counts exactly, intercept near 0 and slope near 1" {
    report '?model_version=0.3.1'
    expect_status 200
    [ "$(header Content-Type)" = application/json ]
    expect_json '.scope == {"region": null, "model_version": "0.3.1", "from": null, "to": null}'
    d=$(jq -c .diagnosis <<<"$BODY")
    # who was verified, as drawn
    [ "$(jq .verification.verified <<<"$d")" = "$(truth 'count(*)' "model = '0.3.1' AND kind = 'verification' AND outcome = 'verified'")" ]
    [ "$(jq .verification.indeterminate_only <<<"$d")" = "$(truth 'count(*)' "model = '0.3.1' AND kind = 'verification' AND outcome = 'indeterminate'")" ]
    [ "$(jq .verification.never_verified <<<"$d")" = "$(truth 'count(*)' "model = '0.3.1' AND kind = 'verification' AND outcome = 'unverified'")" ]
    near "$(jq .verification.mean_predicted_never_verified <<<"$d")" "$(truth 'avg(p)' "model = '0.3.1' AND kind = 'verification' AND outcome = 'unverified'")"
    # the verification bias the cohort was drawn with shows: blocks where the model was confident
    within "$(jq '.verification.mean_predicted_verified - .verification.mean_predicted_never_verified' <<<"$d")" 0.05 1
    # every block's reading, and the Brier score of the pairs
    [ "$(jq .overall.n <<<"$d")" = "$(truth 'count(*)' "model = '0.3.1' AND kind = 'block' AND outcome <> 'indeterminate'")" ]
    [ "$(jq .overall.events <<<"$d")" = "$(truth 'count(*)' "model = '0.3.1' AND kind = 'block' AND outcome = 'positive'")" ]
    near "$(jq .overall.brier <<<"$d")" "$(truth "avg((p - (outcome = 'positive')::int) ^ 2)" "model = '0.3.1' AND kind = 'block' AND outcome <> 'indeterminate'")"
    [ "$(jq -c '[.overall.bins[].n]' <<<"$d")" = "$(sql -c "SELECT json_agg(coalesce(n, 0) ORDER BY b) FROM generate_series(0, 9) b LEFT JOIN (SELECT least(floor(p * 10), 9) AS b, count(*) AS n FROM cohort.truth WHERE clinic_id = '$CLINIC' AND model = '0.3.1' AND kind = 'block' AND outcome <> 'indeterminate' GROUP BY 1) x USING (b)" | tr -d ' ')" ]
    [ "$(jq '[.by_source[].indeterminate] | add' <<<"$d")" = "$(truth 'count(*)' "model = '0.3.1' AND kind = 'block' AND outcome = 'indeterminate'")" ]
    # the truth the outcomes were drawn from: intercept 0, slope 1
    holds "$(jq -c .overall.intercept <<<"$d")" 0
    holds "$(jq -c .overall.slope <<<"$d")" 1
    jq -e '.overall.intercept.ci | length == 2' <<<"$d"
    within "$(jq .overall.calibration_in_the_large <<<"$d")" -0.05 0.05
    # per source too: each group's own pairs
    for g in lumbar_facet lumbar_sij lumbar_disc knee_intraarticular shoulder_subacromial_pain; do
        [ "$(jq --arg g "$g" '.by_source[] | select(.source == $g) | .n' <<<"$d")" = "$(truth 'count(*)' "model = '0.3.1' AND kind = 'block' AND grp = '$g' AND outcome <> 'indeterminate'")" ]
    done
    jq -e '.by_source[] | select(.source == "knee_intraarticular") | .generators == ["knee_cartilage_oa", "knee_medial_meniscus", "knee_lateral_meniscus"] and .block_targets == ["knee_intraarticular"]' <<<"$d"
}

@test "a model one log-odds too low shows it in the intercept; twice too extreme in the slope" {
    report '?model_version=0.2.0'
    expect_status 200
    # drawn with intercept 1.2 and slope 1
    holds "$(jq -c .diagnosis.overall.intercept <<<"$BODY")" 1.2
    excludes "$(jq -c .diagnosis.overall.intercept <<<"$BODY")" 0
    holds "$(jq -c .diagnosis.overall.slope <<<"$BODY")" 1
    expect_json '.diagnosis.overall.calibration_in_the_large > 0.1'
    report '?model_version=0.1.0'
    expect_status 200
    # drawn with slope 0.5
    holds "$(jq -c .diagnosis.overall.slope <<<"$BODY")" 0.5
    excludes "$(jq -c .diagnosis.overall.slope <<<"$BODY")" 1
    # all three together: 4500 index assessments
    report
    expect_json '.diagnosis.verification.assessments == 4500'
}

@test "treatment response: each time point and band counted as drawn, substantial near what was drawn" {
    report '?model_version=0.3.1'
    expect_status 200
    r=$(jq -c .treatment_response <<<"$BODY")
    jq -e '.definition.substantial_pct == 50 and .definition.moderate_pct == 30 and (.definition.source | contains("Dworkin"))' <<<"$r"
    for tp in 6w 3m 6m 12m; do
        cell=$(jq -c --arg tp "$tp" '.at_predicted_source.overall[] | select(.time_point == $tp)' <<<"$r")
        w="model = '0.3.1' AND kind = 'follow_up' AND placement = 'predicted' AND time_point = '$tp'"
        [ "$(jq .substantial <<<"$cell")" = "$(truth 'count(*)' "$w AND outcome = 'substantial'")" ]
        [ "$(jq .moderate_or_better <<<"$cell")" = "$(truth 'count(*)' "$w AND outcome IN ('substantial', 'moderate')")" ]
        [ "$(jq .lost <<<"$cell")" = "$(truth 'count(*)' "$w AND outcome = 'lost'")" ]
        [ "$(jq .followed_up <<<"$cell")" = "$(truth 'count(*)' "$w AND outcome <> 'lost'")" ]
        [ "$(jq -c '[.bands[].substantial]' <<<"$cell")" = "$(sql -c "SELECT json_agg(coalesce(n, 0) ORDER BY b) FROM generate_series(0, 4) b LEFT JOIN (SELECT band AS b, count(*) AS n FROM cohort.truth WHERE clinic_id = '$CLINIC' AND $w AND outcome = 'substantial' GROUP BY 1) x USING (b)" | tr -d ' ')" ]
        # drawn with probability efficacy x p: the count within 4 standard deviations of its expectation
        expected=$(truth 'sum(q)' "$w AND outcome <> 'lost'")
        sd=$(truth 'sqrt(sum(q * (1 - q)))' "$w AND outcome <> 'lost'")
        within "$(jq .substantial <<<"$cell")" "$(awk -v e="$expected" -v s="$sd" 'BEGIN {print e - 4 * s}')" "$(awk -v e="$expected" -v s="$sd" 'BEGIN {print e + 4 * s}')"
    done
    # the higher the probability of the treated source, the more respond (0.7 x p)
    jq -e '.at_predicted_source.overall[0].bands | .[4].substantial_share > .[1].substantial_share' <<<"$r"
    [ "$(jq '[.elsewhere.overall[].lost] | add' <<<"$r")" = "$(truth 'count(*)' "model = '0.3.1' AND kind = 'follow_up' AND placement = 'elsewhere' AND outcome = 'lost'")" ]
    jq -e '.without_source.overall | length == 4 and all(.[]; .followed_up == 0 and .bands == [])' <<<"$r"
    # CDS Hooks feedback on the cards that showed these assessments
    cards=$(sql -c "SELECT count(*) FROM cds_cards k JOIN assessments a ON a.clinic_id = k.clinic_id AND a.id = k.assessment_id WHERE k.clinic_id = '$CLINIC' AND a.model_version = '0.3.1'")
    expect_json ".cds_feedback.cards == $cards"
    overridden=$(sql -c "SELECT count(*) FROM cds_feedback f JOIN cds_cards k ON k.clinic_id = f.clinic_id AND k.id = f.card_id JOIN assessments a ON a.clinic_id = k.clinic_id AND a.id = k.assessment_id WHERE f.clinic_id = '$CLINIC' AND a.model_version = '0.3.1' AND f.outcome = 'overridden'")
    expect_json ".cds_feedback.overridden == $overridden and .cds_feedback.override_reasons[0] == {\"system\": \"urn:paingen:codesystem:override-reason\", \"code\": \"clinical-judgement\", \"display\": \"Clinical judgement differs from the assessment\", \"n\": $overridden}"
}

@test "region, from and to select the index assessments" {
    report '?region=knee&model_version=0.3.1'
    expect_status 200
    expect_json '[.diagnosis.by_source[] | select(.n > 0) | .source] == ["knee_intraarticular"]'
    [ "$(jq .diagnosis.overall.n <<<"$BODY")" = "$(truth 'count(*)' "model = '0.3.1' AND kind = 'block' AND grp = 'knee_intraarticular' AND outcome <> 'indeterminate'")" ]
    # the second cohort began on 1 March, the third on 1 May
    report '?from=2026-03-01&to=2026-05-01T00:00:00Z'
    expect_status 200
    expect_json '.diagnosis.verification.assessments == 1500 and .scope.from == "2026-03-01T00:00:00.000000Z"'
    # a consultation a minute from midnight UTC, assessed an hour later:
    # those assessed from 01:01 to 01:59
    report '?from=2026-03-01T02:00:00%2B02:00&to=2026-03-01T02:00:00Z'
    expect_status 200
    expect_json '.diagnosis.verification.assessments == 59 and .scope.from == "2026-03-01T00:00:00.000000Z"'
}

@test "a work-up through the API: the block after the assessment verifies it, the one before does not" {
    clinic=$(new_clinic "API clinic")
    API_KEY=$(new_key clinician "$clinic")
    req POST /v1/patients -H 'Content-Type: application/json' -d '{"external_id":"W-1","birth_date":"1964-02-01","sex":"male"}'
    pid=$(jq -r .id <<<"$BODY")
    req POST "/v1/patients/$pid/consultations" -H 'Content-Type: application/json' \
        -d '{"region":"lumbar","side":"right","pain_sites":["buttock"],"pain_nrs":8,"symptom_weeks":30,"occurred_at":"2026-11-02T10:00:00Z"}'
    cid=$(jq -r .id <<<"$BODY")
    # a block before any assessment is an input, not a reference
    block='{"target":"sij_intraarticular","side":"right","agent":"lidocaine","performed_at":"2026-11-03T09:00:00Z","baseline_nrs":8,"readings":[{"minutes":30,"nrs":1}]}'
    req POST "/v1/consultations/$cid/blocks" -H 'Content-Type: application/json' -d "$block"
    expect_status 201
    req POST "/v1/consultations/$cid/assessments" -H 'Content-Type: application/json' -d '{}'
    expect_status 201
    aid=$(jq -r .id <<<"$BODY")
    p_sij=$(jq '.result.ranking[] | select(.generator == "lumbar_sij") | .posterior' <<<"$BODY")
    top=$(jq -r '.result.ranking[0].generator' <<<"$BODY")
    top_p=$(jq '.result.ranking[0].posterior' <<<"$BODY")
    API_KEY=$(new_key admin "$clinic") req GET /v1/calibration
    expect_json '.diagnosis.verification | .assessments == 1 and .never_verified == 1'
    near "$(jq .diagnosis.verification.mean_predicted_never_verified <<<"$BODY")" "$top_p"
    # a bupivacaine block of the pair, after the assessment: concordant, so positive
    req POST "/v1/consultations/$cid/blocks" -H 'Content-Type: application/json' \
        -d "$(jq -c --arg f "$(sql -c "SELECT id FROM consultation_records WHERE consultation_id = '$cid' AND kind = 'block'")" \
            '.agent = "bupivacaine" | .performed_at = "2026-11-20T09:00:00Z" | .readings = [{"minutes":30,"nrs":1},{"minutes":300,"nrs":2}] | .comparative_of = $f' <<<"$block")"
    expect_status 201
    expect_json '.interpretation.pair.outcome == "concordant"'
    # treated at the predicted source, followed up at 6 weeks: 8 -> 3 is 62.5%
    req POST "/v1/consultations/$cid/treatments" -H 'Content-Type: application/json' \
        -d "{\"what\":\"prp\",\"generator\":\"$top\",\"performed_on\":\"$(date -u +%F)\",\"assessment_id\":\"$aid\"}"
    expect_status 201
    tid=$(jq -r .id <<<"$BODY")
    req POST "/v1/treatments/$tid/follow-ups" -H 'Content-Type: application/json' \
        -d "{\"time_point\":\"6w\",\"assessed_on\":\"$(date -u +%F)\",\"pain_nrs\":3}"
    expect_status 201
    API_KEY=$(new_key admin "$clinic") req GET /v1/calibration
    expect_status 200
    expect_json '.diagnosis.verification | .assessments == 1 and .verified == 1 and .never_verified == 0'
    expect_json '.diagnosis.overall | .n == 1 and .events == 1 and .slope.unavailable == "every outcome the same"'
    near "$(jq '.diagnosis.by_source[] | select(.source == "lumbar_sij") | .mean_predicted' <<<"$BODY")" "$p_sij"
    expect_json '.treatment_response.at_predicted_source.overall[0] | .time_point == "6w" and .followed_up == 1 and .substantial == 1'
    expect_json ".treatment_response.at_predicted_source.by_source == [.treatment_response.at_predicted_source.by_source[0]] and .treatment_response.at_predicted_source.by_source[0].generator == \"$top\""
    # the follow-up corrected to 8 -> 5 (37.5%): moderate, no longer substantial
    fid=$(sql -c "SELECT id FROM consultation_records WHERE consultation_id = '$cid' AND kind = 'follow_up'")
    req PUT "/v1/follow-ups/$fid" -H 'Content-Type: application/json' -H 'If-Match: "1"' \
        -d "{\"time_point\":\"6w\",\"assessed_on\":\"$(date -u +%F)\",\"pain_nrs\":5}"
    expect_status 200
    API_KEY=$(new_key admin "$clinic") req GET /v1/calibration
    expect_json '.treatment_response.at_predicted_source.overall[0] | .substantial == 0 and .moderate_or_better == 1'
    # the treatment given its own baseline of 10: 10 -> 5 is 50%, substantial
    treatment="{\"what\":\"prp\",\"generator\":\"$top\",\"performed_on\":\"$(date -u +%F)\",\"assessment_id\":\"$aid\",\"baseline_nrs\":10}"
    req PUT "/v1/treatments/$tid" -H 'Content-Type: application/json' -H 'If-Match: "1"' -d "$treatment"
    expect_status 200
    API_KEY=$(new_key admin "$clinic") req GET /v1/calibration
    expect_json '.treatment_response.at_predicted_source.overall[0] | .substantial == 1'
    # entered in error, it and its follow-ups leave the report
    req PUT "/v1/treatments/$tid" -H 'Content-Type: application/json' -H 'If-Match: "2"' \
        -d "$(jq -c '.status = "entered_in_error"' <<<"$treatment")"
    expect_status 200
    API_KEY=$(new_key admin "$clinic") req GET /v1/calibration
    expect_json '[.treatment_response.at_predicted_source.overall[].followed_up] == [0, 0, 0, 0]'
    # and a consultation entered in error leaves it all
    req GET "/v1/consultations/$cid"
    req PUT "/v1/consultations/$cid" -H 'Content-Type: application/json' -H "If-Match: $(header ETag)" \
        -d "$(jq -c '{region, side, pain_sites, pain_nrs, symptom_weeks, occurred_at} + {status: "entered_in_error"}' <<<"$BODY")"
    expect_status 200
    API_KEY=$(new_key admin "$clinic") req GET /v1/calibration
    expect_json '.diagnosis.verification.assessments == 0 and .diagnosis.overall.n == 0'
}

@test "the reliability diagram as SVG: axes, diagonal, a point and interval per bin, counts" {
    report '?model_version=0.3.1' -H 'Accept: image/svg+xml'
    expect_status 200
    [ "$(header Content-Type)" = image/svg+xml ]
    [ "$(header Vary)" = Accept ]
    xmllint --noout - <<<"$BODY"
    [[ "$BODY" == *'<svg xmlns="http://www.w3.org/2000/svg"'* && "$BODY" == *'class="diagonal"'* ]]
    [[ "$BODY" == *'Predicted probability'* && "$BODY" == *'Observed proportion'* ]]
    [[ "$BODY" == *'class="recalibration"'* ]]
    report '?model_version=0.3.1'
    bins=$(jq '[.diagnosis.overall.bins[] | select(.n > 0)] | length' <<<"$BODY")
    counts=$(jq -r '.diagnosis.overall.bins[] | select(.n > 0) | "n=\(.n)"' <<<"$BODY")
    report '?model_version=0.3.1' -H 'Accept: image/svg+xml'
    [ "$(grep -o 'class="bin"' <<<"$BODY" | wc -l)" = "$bins" ]
    for c in $counts; do
        [[ "$BODY" == *">$c<"* ]]
    done
    report '?model_version=a%3Cb' -H 'Accept: image/svg+xml'
    expect_problem 422
    report '?model_version=0.3.1' -H 'Accept: text/html'
    expect_problem 406
    report '?model_version=0.3.1' -H 'Accept: image/svg+xml;q=0.5, application/json'
    [ "$(header Content-Type)" = application/json ]
}

@test "bad input is 422 naming each parameter; roles other than admin and clinician are 403" {
    report '?region=hip&model_version=&from=yesterday&to=2026-13-01&colour=red'
    expect_problem 422
    expect_json '[.errors[].pointer] | sort == ["?colour", "?from", "?model_version", "?region", "?to"]'
    report '?from=2026-05-01&to=2026-04-01'
    expect_problem 422
    expect_json '.errors == [{"pointer": "?to", "detail": "must be after from"}]'
    report "?model_version=$(printf 'v%.0s' {1..33})"
    expect_problem 422
    for role in readonly ehr; do
        API_KEY=$(new_key "$role" "$CLINIC") req GET /v1/calibration
        expect_problem 403
    done
    API_KEY=$(new_key clinician "$CLINIC") req GET '/v1/calibration?model_version=0.3.1'
    expect_status 200
}

@test "another clinic sees none of it" {
    API_KEY=$(new_key admin "$(new_clinic "Empty clinic")") req GET /v1/calibration
    expect_status 200
    expect_json '.diagnosis.verification | .assessments == 0 and .verified == 0 and .mean_predicted_verified == null'
    expect_json '.diagnosis.overall | .n == 0 and .brier == null and .intercept.unavailable == "no observations"'
    expect_json '[.treatment_response.at_predicted_source.overall[].followed_up] == [0, 0, 0, 0]'
    expect_json '.cds_feedback == {"cards": 0, "cards_with_feedback": 0, "accepted": 0, "overridden": 0, "override_reasons": []}'
    API_KEY=$(new_key admin "$(new_clinic "Empty clinic 2")") req GET /v1/calibration -H 'Accept: image/svg+xml'
    expect_status 200
    [[ "$BODY" == *'No block-verified assessment in this scope'* ]]
}
