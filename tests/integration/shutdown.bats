#!/usr/bin/env bats
# Graceful shutdown: SIGTERM stops accepting, lets in-flight requests
# finish, closes the pool and exits 0.

load helpers

setup_file() {
    new_db it_shutdown
}

teardown() { stop_service; }

@test "SIGTERM during a slow request: the request completes and the process exits 0" {
    start_service
    hold_lock 2

    out=$BATS_TEST_TMPDIR/slow
    curl -s -o "$out.body" -w '%{http_code}' --max-time 20 "$BASE/readyz" >"$out.status" 3>&- &
    curl_pid=$!
    sleep 0.5
    kill -TERM "$SERVICE_PID"
    sleep 0.3
    # no new connections once stopping
    run curl -s -o /dev/null --max-time 2 "$BASE/healthz"
    [ "$status" -ne 0 ]

    wait "$curl_pid" "$LOCK_PID"
    [ "$(cat "$out.status")" = 200 ]
    jq -e '.status == "ready"' "$out.body"
    [ "$(service_exit_status 20)" = 0 ]
    grep -q '"msg":"SIGTERM: stopping; waiting up to 10s for 1 requests in flight"' "$SERVICE_LOG"
    run grep -E 'Sanitizer|runtime error' "$SERVICE_LOG"
    [ "$status" -eq 1 ]
    SERVICE_PID=
}

@test "SIGINT (Ctrl-C) stops an idle service with exit 0" {
    start_service
    kill -INT "$SERVICE_PID"
    [ "$(service_exit_status 10)" = 0 ]
    grep -q '"msg":"stopped"' "$SERVICE_LOG"
    SERVICE_PID=
}
