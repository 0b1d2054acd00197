#!/usr/bin/env bats
# Samples the bats lint (scripts/lint-bats.sh) must refuse, each on a line
# marked "lint: refused". Not a test suite: make test never runs it.

@test "checks that cannot fail" {
    run false
    [ "$status" -ne 0 ] && [[ "$output" == *immutable* ]] # lint: refused
    [[ "$output" == x ]] && [ "$status" -eq 1 ] # lint: refused
    [ -n "$a" ] && # lint: refused (one statement on two lines)
        [ -n "$b" ]
    kill -0 "$pid" && [ "$SERVICE_PID" = "$pid" ] # lint: refused
    [ "$code" = 504 ] && awk 'BEGIN {exit 1}' # lint: refused
    ! grep -q Sanitizer "$log" # lint: refused
    ! waiting_on_lock 1; echo more # lint: refused
    for f in a b; do
        ! grep -q x "$f" # lint: refused
    done
    [ -n "$x" ] && [ -z "$y" ] || continue # lint: refused
    x=1; ! true # lint: refused
    echo last
}

helper() {
    ! grep -q y "$1" # lint: refused
    return 0
}
