#!/usr/bin/env bats
# The service and its database: readiness follows the database without a
# restart; an exhausted pool or a slow database answers 503/504 quickly.

load helpers

setup_file() {
    new_db it_database
}

teardown() {
    stop_service
    pgcluster start >/dev/null # whatever a test did, leave the cluster up
}

readyz_is() {
    STATUS=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$BASE/readyz")
    [ "$STATUS" = "$1" ]
}

@test "database stopped: /readyz 503 and /healthz 200; started again: /readyz 200 within 5 s" {
    start_service
    req GET /readyz
    expect_status 200
    pid_before=$SERVICE_PID

    pgcluster stop
    req GET /readyz
    expect_problem 503
    [ "$(header Retry-After)" = 1 ]
    expect_json '.type == "urn:paingen:problem:database-unavailable"'
    req GET /healthz
    expect_status 200

    pgcluster start
    wait_for 5 readyz_is 200
    req GET /readyz
    expect_status 200
    # the same process, never restarted
    kill -0 "$pid_before"
    [ "$SERVICE_PID" = "$pid_before" ]
    req GET /metrics
    grep -q '^paingen_db_errors_total [1-9]' <<<"$BODY"
}

@test "every connection busy: 503 problem+json with Retry-After, after the bounded wait" {
    start_service PAINGEN_DB_POOL=1 PAINGEN_DB_WAIT_MS=200
    hold_lock 3
    # this request takes the only connection and waits on the lock
    curl -s -o /dev/null --max-time 10 "$BASE/readyz" 3>&- &
    curl_pid=$!
    sleep 0.5
    req GET /readyz
    expect_problem 503
    expect_json '.type == "urn:paingen:problem:busy"'
    [ "$(header Retry-After)" = 1 ]
    wait "$curl_pid" "$LOCK_PID"
    # once the lock is gone the pool serves again
    req GET /readyz
    expect_status 200
}

@test "a slow database: the statement timeout turns into 504 and the pool recovers" {
    start_service PAINGEN_STATEMENT_TIMEOUT_MS=300
    hold_lock 2
    req GET /readyz
    expect_problem 504
    expect_json '.type == "urn:paingen:problem:database-timeout"'
    wait "$LOCK_PID"
    req GET /readyz
    expect_status 200
}

@test "start-up waits for the database, then fails clearly when it never comes" {
    pgcluster stop
    run env DATABASE_URL="$DATABASE_URL" PAINGEN_DB_START_WAIT=1 \
        PAINGEN_MIGRATIONS_DIR="$PAINGEN_ROOT/migrations" "$PAINGEN_BIN" --migrate-only
    [ "$status" -eq 1 ]
    [[ "$output" == *"waiting up to 1s for the database"* ]]
    [[ "$output" == *"cannot start: cannot connect to the database"* ]]
}
