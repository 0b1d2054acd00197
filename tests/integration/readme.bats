#!/usr/bin/env bats
# The README's work-ups, run exactly as written, against a live service.

load helpers

setup_file() {
    new_db it_readme
    start_service
}

teardown_file() { stop_service; }

workup() { sed -n '/<!-- workup:begin -->/,/<!-- workup:end -->/p' "$PAINGEN_ROOT/README.md" | sed '1,2d;$d' | sed '$d'; }

@test "the README's three work-ups run as written and print what it says" {
    script=$BATS_TEST_TMPDIR/workup.sh
    workup >"$script"
    grep -q '^BASE=' "$script"
    run env BASE="$BASE" PAINGEN_KEY="$API_KEY" bash -euo pipefail "$script"
    [ "$status" -eq 0 ]
    expected=$(sed -n '/^It prints:$/,/^A record is corrected/p' "$PAINGEN_ROOT/README.md" | sed -n 's/^    //p')
    [ "$output" = "$expected" ]
}

@test "running the work-ups again records nothing twice (idempotency keys)" {
    before=$(sql -c "SELECT count(*) FROM consultation_records")
    run env BASE="$BASE" PAINGEN_KEY="$API_KEY" bash -euo pipefail <(workup)
    [ "$status" -eq 0 ]
    [ "$(sql -c "SELECT count(*) FROM consultation_records")" = "$before" ]
    [ "$(sql -c "SELECT count(*) FROM patients")" = 3 ]
}
