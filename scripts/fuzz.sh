#!/usr/bin/env bash
# make fuzz: each libFuzzer target for SECONDS, from its committed seeds
# (tests/fuzz/corpus/<target>), new inputs kept in a scratch folder. Any
# crash, leak, sanitizer report or 500 stops it with the input saved in
# build/fuzz/.
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=$1
shift
status=0
for bin in "$@"; do
    name=$(basename "$bin")
    scratch=$(mktemp -d)
    echo "# $name: $seconds s"
    ASAN_OPTIONS=detect_leaks=1 "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -max_len=65536 \
        -print_final_stats=1 -artifact_prefix="build/fuzz/$name-" \
        "$scratch" "tests/fuzz/corpus/$name" >"build/fuzz/$name.log" 2>&1
    rc=$?
    grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb)|^#[0-9]+ *DONE' "build/fuzz/$name.log" | tail -n 3
    if [ "$rc" -ne 0 ]; then
        echo "not ok - $name (exit $rc): see build/fuzz/$name.log"
        tail -n 30 "build/fuzz/$name.log"
        status=1
    else
        echo "ok - $name ran $seconds s clean"
    fi
    rm -rf "$scratch"
done
exit "$status"
