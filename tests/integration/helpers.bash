# Shared helpers for the curl-driven integration tests. make test exports
# PAINGEN_ROOT, PAINGEN_BIN (the sanitizer build), PAINGEN_TEST_CLUSTER (a
# throwaway cluster, see scripts/pgcluster.sh) and PAINGEN_CONTRACT_LOG.

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}

pgcluster() { "$PAINGEN_ROOT/scripts/pgcluster.sh" "$1" "$PAINGEN_TEST_CLUSTER" "${@:2}"; }

# psql as the cluster's superuser on database $DB.
sql() { psql -h "$PAINGEN_TEST_CLUSTER/socket" -U postgres -d "$DB" -tAX -v ON_ERROR_STOP=1 "$@"; }

# new_db NAME [LOCALE]: a fresh database, made as make run makes its own; sets DB
# and DATABASE_URL (as 'paingen', the owner of the tables, no superuser).
# The services under test apply the migrations themselves, so here the
# owner may create roles, as it may in make run only while migrating
# (scripts/pgcluster.sh migrate). With LOCALE (such as C.UTF-8), the
# database collates and changes case as a server set up with that locale
# does (the scratch cluster has none: lower() then changes ASCII alone).
new_db() {
    DB=$1
    psql -h "$PAINGEN_TEST_CLUSTER/socket" -U postgres -d postgres -qtAX \
        -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null
    if [ -n "${2:-}" ]; then
        psql -h "$PAINGEN_TEST_CLUSTER/socket" -U postgres -d postgres -qtAX \
            -c "CREATE DATABASE $DB TEMPLATE template0 LC_COLLATE '$2' LC_CTYPE '$2'" >/dev/null
    fi
    pgcluster createdb "$DB"
    psql -h "$PAINGEN_TEST_CLUSTER/socket" -U postgres -d postgres -qtAX -c "ALTER ROLE paingen CREATEROLE"
    DATABASE_URL=$(pgcluster url "$DB")
    export DB DATABASE_URL
}

# start_service [VAR=value ...]: starts paingen on a free port with the
# given extra environment; sets SERVICE_PID, SERVICE_LOG and BASE. A
# wrapper records the exit status in $SERVICE_LOG.rc, so that any later
# test (a different shell) can check it.
start_service() {
    SERVICE_LOG=${BATS_FILE_TMPDIR}/service.$RANDOM.log
    # make test's pooled stage sets PAINGEN_TEST_PGBOUNCER: the service's
    # own connections then go through PgBouncer in transaction mode, while
    # migrations and the command line reach PostgreSQL directly (they hold
    # session-level locks). A test's own variables still win.
    local pooled=()
    if [[ -n "${PAINGEN_TEST_PGBOUNCER:-}" && -n "${DB:-}" ]]; then
        pooled=(PAINGEN_DB_POOLING=transaction "PAINGEN_APP_DATABASE_URL=$("$PAINGEN_ROOT/scripts/pgbouncer.sh" url \
            "$PAINGEN_TEST_PGBOUNCER" "$PAINGEN_TEST_CLUSTER" "$DB" "${DB}_app")")
    fi
    (
        env PAINGEN_LISTEN=127.0.0.1:0 PAINGEN_MIGRATIONS_DIR="$PAINGEN_ROOT/migrations" \
            PAINGEN_DB_POOL=4 "${pooled[@]}" "$@" "$PAINGEN_BIN" >"$SERVICE_LOG" 2>&1 &
        echo $! >"$SERVICE_LOG.pid"
        rc=0
        wait $! || rc=$?
        echo "$rc" >"$SERVICE_LOG.rc"
    ) 3>&- &
    wait_for 5 test -s "$SERVICE_LOG.pid"
    SERVICE_PID=$(cat "$SERVICE_LOG.pid")
    local port=
    for _ in $(seq 1 300); do
        # the log may not be there yet: the background job opens it
        port=$(sed -n 's/.*listening on [^ ]* port \([0-9]*\)".*/\1/p' "$SERVICE_LOG" 2>/dev/null || true)
        if [ -n "$port" ] || [ -e "$SERVICE_LOG.rc" ]; then
            break
        fi
        sleep 0.05
    done
    if [ -z "$port" ]; then
        cat "$SERVICE_LOG" >&2
        return 1
    fi
    BASE=http://127.0.0.1:$port
    export SERVICE_PID SERVICE_LOG BASE
    # a clinician key of the default clinic for req (the schema is current now)
    API_KEY=$(new_key clinician 2>/dev/null || true)
    export API_KEY
}

DEFAULT_CLINIC=00000000-0000-0000-0000-000000000001

# new_key ROLE [CLINIC [ARGS...]]: prints a new API key (the command line's).
new_key() {
    PAINGEN_MIGRATIONS_DIR="$PAINGEN_ROOT/migrations" PAINGEN_LOG_LEVEL=error \
        "$PAINGEN_BIN" keys create --clinic "${2:-$DEFAULT_CLINIC}" --role "$1" "${@:3}"
}

# new_clinic NAME: prints the id of a new clinic.
new_clinic() {
    PAINGEN_MIGRATIONS_DIR="$PAINGEN_ROOT/migrations" PAINGEN_LOG_LEVEL=error \
        "$PAINGEN_BIN" clinics create "$1"
}

# service_exit_status [SECONDS]: waits for paingen to exit, prints its status.
service_exit_status() {
    wait_for "${1:-30}" test -s "$SERVICE_LOG.rc" || { echo "paingen did not exit" >&2; return 1; }
    cat "$SERVICE_LOG.rc"
}

# stop_service: SIGTERM, then the exit status must be 0 and the log free
# of sanitizer reports.
stop_service() {
    [ -n "${SERVICE_PID:-}" ] || return 0
    kill -TERM "$SERVICE_PID" 2>/dev/null || true
    local rc
    rc=$(service_exit_status 30) || rc=timeout
    SERVICE_PID=
    if [ "$rc" != 0 ] || grep -qE 'Sanitizer|runtime error' "$SERVICE_LOG"; then
        echo "paingen exited $rc" >&2
        tail -n 60 "$SERVICE_LOG" >&2
        return 1
    fi
}

# req METHOD PATH [curl args...]: one request, with API_KEY as its bearer
# key unless NO_AUTH=1; sets STATUS, BODY and HEADERS (a file), and
# records the exchange for the contract check. NO_CONTRACT=1 skips the
# recording (deliberately undeclared requests).
req() {
    local method=$1 path=$2
    shift 2
    HEADERS=${BATS_FILE_TMPDIR}/headers
    local body_file=${BATS_FILE_TMPDIR}/body
    local auth=()
    if [[ -n "${API_KEY:-}" && -z "${NO_AUTH:-}" ]]; then
        auth=(-H "Authorization: Bearer $API_KEY")
    fi
    : >"$body_file" # curl leaves the file as it was when no body comes (304)
    STATUS=$(curl -s -o "$body_file" -D "$HEADERS" -w '%{http_code}' -X "$method" \
        --max-time 30 "${auth[@]}" "$@" "$BASE$path") || STATUS=0
    BODY=$(cat "$body_file")
    if [[ -z "${NO_CONTRACT:-}" && -n "${PAINGEN_CONTRACT_LOG:-}" && "$method" != HEAD ]]; then
        jq -cn --arg m "$method" --arg p "$path" --argjson s "$STATUS" \
            --arg ct "$(header Content-Type)" --rawfile b "$body_file" \
            --arg t "${BATS_TEST_DESCRIPTION:-}" \
            '{method:$m, path:$p, status:$s, content_type:$ct, body:$b, test:$t}' \
            >>"$PAINGEN_CONTRACT_LOG"
    fi
}

# header NAME: the value of a response header of the last req.
header() { grep -i "^$1:" "$HEADERS" 2>/dev/null | head -n 1 | cut -d' ' -f2- | tr -d '\r'; }

# Checks with a message that says what was received.
expect_status() {
    [ "$STATUS" = "$1" ] || { echo "status $STATUS, want $1; body: $BODY" >&2; return 1; }
}
expect_json() {
    jq -e "$1" <<<"$BODY" >/dev/null || { echo "jq '$1' failed on: $BODY" >&2; return 1; }
}
expect_problem() {
    expect_status "$1"
    [ "$(header Content-Type)" = application/problem+json ] ||
        { echo "Content-Type '$(header Content-Type)', want application/problem+json" >&2; return 1; }
    expect_json ".status == $1 and (.type | startswith(\"urn:paingen:problem:\")) and (.title | length > 0) and (.detail | length > 0)"
}

# wait_for SECONDS COMMAND...: retries COMMAND every 0.1 s until it succeeds.
wait_for() {
    local deadline=$((SECONDS + $1))
    shift
    until "$@"; do
        [ "$SECONDS" -lt "$deadline" ] || return 1
        sleep 0.1
    done
}

# hold_lock SECONDS: holds an exclusive lock on schema_migrations for that
# long, in the background (pid in LOCK_PID); returns once it is granted.
# Any request that reads schema_migrations (GET /readyz) waits meanwhile.
hold_lock() {
    sql -c "BEGIN" -c "LOCK TABLE schema_migrations IN ACCESS EXCLUSIVE MODE" \
        -c "SELECT pg_sleep($1)" -c "COMMIT" >/dev/null 3>&- &
    LOCK_PID=$!
    wait_for 5 lock_granted
}
lock_granted() {
    [ "$(sql -c "SELECT count(*) FROM pg_locks WHERE relation = 'schema_migrations'::regclass AND mode = 'AccessExclusiveLock' AND granted")" = 1 ]
}
