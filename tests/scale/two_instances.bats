#!/usr/bin/env bats
# Two paingen instances sharing one PostgreSQL through PgBouncer in
# transaction pooling mode (make test's pooled stage starts PgBouncer):
# what one instance writes the other reads, idempotency and If-Match hold
# across them, and every request keeps its audit row.

load ../integration/helpers

setup_file() {
    [ -n "${PAINGEN_TEST_PGBOUNCER:-}" ] || { echo "PAINGEN_TEST_PGBOUNCER is not set (make test-scale)" >&2; return 1; }
    new_db it_scale
    start_service
    A=$BASE A_PID=$SERVICE_PID A_LOG=$SERVICE_LOG
    start_service
    B=$BASE B_PID=$SERVICE_PID B_LOG=$SERVICE_LOG
    export A A_PID A_LOG B B_PID B_LOG
}

teardown_file() {
    SERVICE_PID=$A_PID SERVICE_LOG=$A_LOG
    stop_service
    SERVICE_PID=$B_PID SERVICE_LOG=$B_LOG
    stop_service
}

# on A|B METHOD PATH [curl args]: req against one instance.
on() {
    local base
    if [ "$1" = A ]; then base=$A; else base=$B; fi
    BASE=$base req "${@:2}"
}


@test "both instances reach PostgreSQL through PgBouncer, as the app role, without named statements" {
    on A GET /v1/patients
    expect_status 200
    on B GET /v1/patients
    expect_status 200
    # connections are opened on first use: both have logged in by now
    [ "$(grep -c "login attempt: db=it_scale user=it_scale_app" "$PAINGEN_TEST_PGBOUNCER/pgbouncer.log")" -ge 2 ]
    # a named statement left on a pooled server connection would fail the
    # next client that got it: none was made
    run grep -c "prepared statement" "$A_LOG" "$B_LOG" "$PAINGEN_TEST_PGBOUNCER/pgbouncer.log"
    [[ "$output" != *:[1-9]* ]]
}

@test "a patient written through one instance is read through the other; a retry to the other is replayed" {
    on A POST /v1/patients -H 'Content-Type: application/json' -H 'Idempotency-Key: scale-p1' \
        -d '{"external_id":"S-1","birth_date":"1970-01-01","sex":"female"}'
    expect_status 201
    created=$BODY
    id=$(jq -r .id <<<"$BODY")
    on B GET "/v1/patients/$id"
    expect_status 200
    expect_json ".id == \"$id\" and .external_id == \"S-1\""
    on B POST /v1/patients -H 'Content-Type: application/json' -H 'Idempotency-Key: scale-p1' \
        -d '{"external_id":"S-1","birth_date":"1970-01-01","sex":"female"}'
    expect_status 201
    [ "$(header Idempotent-Replayed)" = true ]
    [ "$BODY" = "$created" ]
    [ "$(sql -c "SELECT count(*) FROM patients WHERE external_id = 'S-1'")" = 1 ]
}

@test "racing If-Match corrections through both instances: exactly one wins" {
    on A POST /v1/patients -H 'Content-Type: application/json' \
        -d '{"external_id":"S-2","birth_date":"1971-02-02","sex":"male"}'
    expect_status 201
    pid=$(jq -r .id <<<"$BODY")
    on B POST "/v1/patients/$pid/consultations" -H 'Content-Type: application/json' \
        -d '{"region":"knee","side":"left","pain_nrs":5,"symptom_weeks":20,"occurred_at":"2026-11-02T10:00:00Z"}'
    expect_status 201
    cid=$(jq -r .id <<<"$BODY")
    on A POST "/v1/consultations/$cid/findings" -H 'Content-Type: application/json' \
        -d '{"code":"knee_mcmurray","result":"positive","side":"left"}'
    expect_status 201
    fid=$(jq -r .id <<<"$BODY")
    out=$BATS_TEST_TMPDIR/race
    mkdir -p "$out"
    for i in $(seq 1 12); do
        if [ $((i % 2)) = 0 ]; then base=$A; else base=$B; fi
        curl -s -o /dev/null -w '%{http_code}\n' -X PUT "$base/v1/findings/$fid" \
            -H "Authorization: Bearer $API_KEY" -H 'Content-Type: application/json' -H 'If-Match: "1"' \
            -d '{"code":"knee_mcmurray","result":"negative","side":"left"}' >"$out/$i" &
    done
    wait
    cat "$out"/* | sort | uniq -c >&2
    [ "$(cat "$out"/* | grep -c '^200$')" = 1 ]
    [ "$(cat "$out"/* | grep -c '^412$')" = 11 ]
    [ "$(sql -c "SELECT max(version) FROM consultation_records WHERE id = '$fid'")" = 2 ]
}

@test "every read through either instance keeps its audit row, in the clinic's trail" {
    on A POST /v1/patients -H 'Content-Type: application/json' \
        -d '{"external_id":"S-3","birth_date":"1972-03-03","sex":"female"}'
    expect_status 201
    id=$(jq -r .id <<<"$BODY")
    for i in 1 2 3; do
        on A GET "/v1/patients/$id"
        expect_status 200
        on B GET "/v1/patients/$id"
        expect_status 200
    done
    [ "$(sql -c "SELECT count(*) FROM audit_events WHERE '$id' = ANY (resource_ids) AND method = 'GET'")" = 6 ]
}
