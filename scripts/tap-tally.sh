#!/usr/bin/env bash
# Counts one TAP stream (a bats file's, the unit tests'), trusting neither
# the "ok" lines alone nor their absence: "ok" passes, "ok ... # skip" is
# skipped, "not ok" fails; then a stream without a plan (1..N), each
# planned test that never reported (bats prints no "not ok" for a test
# killed outright, only "Executed 3 instead of expected 4"), and an exit
# status that is not 0 with no failure to show for it each count as
# failed too.
# Usage: tap-tally.sh NAME LOG STATUS: prints "not ok - NAME: why" for
# each failure it adds, then a last line "PASSED FAILED SKIPPED".
# tap-tally.sh --self-test: tallies the samples in tests/tally, each of
# which says what it must come to on its first line:
# "# want: P passed, F failed, S skipped (exit STATUS)".
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

tally() {
    awk -v name="$1" -v status="$3" '
    /^1\.\.[0-9]+/ {
        plans++
        planned = substr($1, 4) + 0
        next
    }
    /^ok([ \t]|$)/ {
        ran++
        if ($0 ~ /#[ \t]*[Ss][Kk][Ii][Pp]/)
            skipped++
        else
            passed++
        next
    }
    /^not ok([ \t]|$)/ {
        ran++
        failed++
    }
    END {
        if (plans != 1) {
            printf "not ok - %s: %s\n", name, plans ? "more than one plan" : "no plan (1..N): it did not finish"
            failed++
        } else if (ran < planned) {
            printf "not ok - %s: planned %d, ran %d: %d never reported (killed?)\n", name, planned, ran, planned - ran
            failed += planned - ran
        } else if (ran > planned) {
            printf "not ok - %s: planned %d, ran %d\n", name, planned, ran
            failed++
        }
        if (status != 0 && failed == 0) {
            printf "not ok - %s: exited %d with no failing test\n", name, status
            failed++
        }
        printf "%d %d %d\n", passed, failed, skipped
    }
    ' "$2"
}

self_test() {
    local f want got rc=0 status
    for f in tests/tally/*.tap; do
        want=$(sed -n '1s/^# want: \([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped (exit \([0-9]*\))$/\1 \2 \3 \4/p' "$f")
        if [ -z "$want" ]; then
            echo "$f: no '# want: ...' line" >&2
            rc=1
            continue
        fi
        status=${want##* }
        got=$(tally "$f" "$f" "$status" | tail -n 1)
        if [ "$got $status" != "$want" ]; then
            echo "$f: tallied $got, want ${want% *}" >&2
            rc=1
        fi
    done
    return $rc
}

if [ "${1:-}" = --self-test ]; then
    self_test
    exit
fi
if [ $# -ne 3 ]; then
    echo "usage: $0 NAME LOG STATUS | --self-test" >&2
    exit 2
fi
tally "$@"
