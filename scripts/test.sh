#!/usr/bin/env bash
# make test: static checks, unit tests, the benchmark and fuzz smoke runs,
# the OpenAPI lint, then curl-driven integration and fault tests of the
# sanitizer build against a throwaway PostgreSQL cluster, then every
# recorded response checked against openapi.yaml; then the integration
# suite again with the service behind PgBouncer in transaction pooling
# mode, and two instances sharing one PostgreSQL (tests/scale). `test.sh
# faults` (make test-faults) runs the fault tests alone, `test.sh scale`
# (make test-scale) the PgBouncer stage alone, `test.sh browser` (make
# test-browser) the clinic app's browser tests alone. Each TAP stream (the unit
# tests, a check a test; each bats file) is tallied by scripts/tap-tally.sh:
# against its plan, skips apart, its exit status honoured. Ends with one
# line "N passed, N failed, N skipped"; exits 1 on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd -P)

suites=(tests/integration tests/faults)
only_faults=
pooled=1  # the integration suite again, through PgBouncer
browser=1 # the clinic app in chromium (tests/browser)
if [ "${1:-}" = faults ]; then
    suites=(tests/faults)
    only_faults=1
    pooled=
    browser=
elif [ "${1:-}" = scale ]; then
    suites=()
    only_faults=1 # no static checks or unit tests either
    browser=
elif [ "${1:-}" = browser ]; then
    suites=()
    only_faults=1
    pooled=
fi
# playwright-core drives Debian's chromium: no browser is ever downloaded
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
passed=0
failed=0
skipped=0
work=$(mktemp -d /tmp/paingen-test.XXXXXX)
chmod 755 "$work" # the cluster may run as the postgres user
cluster=$work/pg
cleanup() {
    scripts/pgbouncer.sh stop "$work/pgbouncer" "$cluster" >/dev/null 2>&1 || true
    scripts/pgcluster.sh stop "$cluster" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

# step NAME COMMAND...: runs a check that counts as one test.
step() {
    local name=$1
    shift
    if "$@" >"$work/step.log" 2>&1; then
        passed=$((passed + 1))
        echo "ok - $name"
    else
        failed=$((failed + 1))
        echo "not ok - $name"
        sed 's/^/#   /' "$work/step.log" | tail -n 40
    fi
}

# tally NAME LOG STATUS: adds a TAP stream to the counts (see
# scripts/tap-tally.sh), with a "not ok" line for each failure found
# beyond the stream's own: a test that never reported, no plan, an exit
# status that is not 0.
tally() {
    local out p f s
    out=$(scripts/tap-tally.sh "$@")
    sed '$d' <<<"$out"
    if ! read -r p f s < <(tail -n 1 <<<"$out") || [ -z "$s" ]; then
        failed=$((failed + 1))
        echo "not ok - $1: cannot be tallied"
        return
    fi
    passed=$((passed + p))
    failed=$((failed + f))
    skipped=$((skipped + s))
}

# npm_deps DIR: npm ci once per lock file: a copy of the lock marks what
# is installed.
npm_deps() {
    local stamp=$1/node_modules/.installed-lock.json
    cmp -s "$1/package-lock.json" "$stamp" 2>/dev/null && return 0
    (cd "$1" && npm ci --no-audit --no-fund --loglevel=error) &&
        cp "$1/package-lock.json" "$stamp"
}

# run_tap NAME COMMAND...: a command printing one TAP stream, tallied
# against its plan.
run_tap() {
    local name=$1
    shift
    echo "# $name"
    "$@" >"$work/tap.out" 2>&1
    local rc=$?
    cat "$work/tap.out"
    tally "$name" "$work/tap.out" "$rc"
}

lint_openapi() {
    REDOCLY_SUPPRESS_UPDATE_NOTICE=true REDOCLY_TELEMETRY=off \
        tests/contract/node_modules/.bin/redocly lint --config tests/contract/redocly.yaml openapi.yaml
}

# run_bats FILE [LABEL]: one bats file, tallied against its plan.
run_bats() {
    echo "# ${2:-}$1"
    bats --tap "$1" >"$work/bats.tap" 2>&1
    local rc=$?
    cat "$work/bats.tap"
    tally "${2:-}$1" "$work/bats.tap" "$rc"
}

echo "# building"
if ! make -s build/asan/paingen build/asan/unit-tests bin/paingen >"$work/build.log" 2>&1; then
    cat "$work/build.log"
    echo "0 passed, 1 failed, 0 skipped"
    exit 1
fi

if [ -z "$only_faults" ]; then
echo "# static checks"
step "scoring/ includes no I/O library; libpq only in store/, libmicrohttpd only in http/" \
    make -s check-layering
step "no banned function (atoi sprintf strcpy strcat strtok gets)" make -s check-banned
step "bats checks can fail: no 'a && b' statement, no '!' before a test's last command" \
    make -s lint-bats
step "the bats lint refuses each sample mistake of tests/lint/bad.bats.sample and nothing of good.bats.sample" \
    scripts/lint-bats.sh --self-test
step "the tally counts each TAP sample of tests/tally as it says (plans, skips, exit status)" \
    scripts/tap-tally.sh --self-test
step "sources follow .clang-format" make -s format-check
step "the scoring benchmark builds and runs (make bench; timings are not checked)" \
    bash -c 'make -s build/bench/score-bench && build/bench/score-bench 10'
step "fuzz targets run ${FUZZ_SECONDS:-10} s each from their seeds, clean (make fuzz runs longer)" \
    make -s fuzz FUZZ_SECONDS="${FUZZ_SECONDS:-10}"

echo "# unit tests"
build/asan/unit-tests >"$work/unit.tap" 2>&1
unit_rc=$?
cat "$work/unit.tap"
tally tests/unit "$work/unit.tap" "$unit_rc"

fi

echo "# contract tooling"
step "contract tools install from the lock file (npm ci)" npm_deps tests/contract
step "the FHIR validator (R4 schema, invariants) installs from its lock file (npm ci)" \
    npm_deps tests/fhir
step "the test EHR (jose) installs from its lock file (npm ci)" npm_deps tests/ehr
[ -z "$browser" ] || step "the browser tests (playwright-core, axe-core) install from their lock file (npm ci)" \
    npm_deps tests/browser
[ -n "$only_faults" ] || step "openapi.yaml lints clean (redocly, OpenAPI 3.1)" lint_openapi

echo "# integration tests"
if scripts/pgcluster.sh init "$cluster" --fast >"$work/pg.log" 2>&1 &&
    scripts/pgcluster.sh start "$cluster" >>"$work/pg.log" 2>&1; then
    export PAINGEN_ROOT=$root
    export PAINGEN_BIN=$root/build/asan/paingen
    export PAINGEN_TEST_CLUSTER=$cluster
    export PAINGEN_CONTRACT_LOG=$work/responses.jsonl
    : >"$PAINGEN_CONTRACT_LOG"
    # a file at a time, so that each file's plan is held to what ran
    for file in $(for suite in "${suites[@]}"; do ls "$suite"/*.bats; done); do
        run_bats "$file"
    done
    if [ -n "$browser" ]; then
        echo "# the clinic app in a browser (Debian's chromium, headless)"
        run_tap tests/browser node tests/browser/run.mjs
    fi
    if [ -n "$pooled" ]; then
        echo "# integration tests through PgBouncer (transaction pooling), and two instances"
        if scripts/pgbouncer.sh start "$work/pgbouncer" "$cluster" >"$work/pgb.log" 2>&1; then
            export PAINGEN_TEST_PGBOUNCER=$work/pgbouncer
            for file in $(ls tests/integration/*.bats | grep -v -e /database.bats -e /fuzz_http.bats \
                -e /docker.bats -e /cli.bats -e /web.bats) tests/scale/*.bats; do
                run_bats "$file" "pooled: "
            done
            unset PAINGEN_TEST_PGBOUNCER
        else
            cat "$work/pgb.log"
            failed=$((failed + 1))
            echo "not ok - PgBouncer did not start"
        fi
    fi
    if [ -s "$PAINGEN_CONTRACT_LOG" ]; then
        step "every recorded response matches openapi.yaml" \
            node tests/contract/validate-responses.mjs openapi.yaml "$PAINGEN_CONTRACT_LOG"
    else
        failed=$((failed + 1))
        echo "not ok - no response was recorded for the contract check"
    fi
else
    cat "$work/pg.log"
    failed=$((failed + 1))
    echo "not ok - throwaway PostgreSQL cluster did not start"
fi

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
