#!/usr/bin/env bats
# Bad input at scale over HTTP: thousands of mutated bodies and paths at a
# live server: never a 5xx, never a crash, and it still serves after.

load helpers

setup_file() {
    new_db it_fuzz_http
    start_service PAINGEN_RATE_LIMIT=0
}

teardown_file() { stop_service; }

@test "3000 mutated requests from the fuzz seeds: no 5xx, no crash" {
    routes=$BATS_TEST_TMPDIR/routes
    "$PAINGEN_BIN" --list-routes >"$routes"
    run node "$PAINGEN_ROOT/tests/faults/mutate.mjs" "$BASE" "$API_KEY" "$routes" \
        "$PAINGEN_ROOT/tests/fuzz/corpus/fuzz_api" 3000
    echo "$output" | tail -n 20
    [ "$status" -eq 0 ]
    NO_CONTRACT=1 req GET /readyz
    expect_status 200
}
