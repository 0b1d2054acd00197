#!/usr/bin/env bats
# Faults: PostgreSQL crashing under write load, the service killed in the
# middle of a write, a slow database, concurrent duplicates, shutdown
# under load. Acknowledged writes are kept exactly once; the service comes
# back by itself.

load ../integration/helpers

setup_file() {
    new_db it_faults
}

teardown() {
    # background helpers of a test that failed must not outlive it
    for p in ${BACKGROUND:-}; do kill "$p" 2>/dev/null || true; done
    stop_service
    pgcluster start >/dev/null # whatever a test did, leave the cluster up
    sql -c "ALTER SYSTEM RESET wal_writer_delay" -c "SELECT pg_reload_conf()" >/dev/null
}

readyz_is() { [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$BASE/readyz")" = "$1" ]; }

# lock_table TABLE SECONDS: holds an exclusive lock on TABLE in the
# background (pid in LOCK_PID) and returns once it is granted.
lock_table() {
    sql -c "BEGIN" -c "LOCK TABLE $1 IN ACCESS EXCLUSIVE MODE" -c "SELECT pg_sleep($2)" \
        -c "COMMIT" >/dev/null 3>&- &
    LOCK_PID=$!
    BACKGROUND="${BACKGROUND:-} $LOCK_PID"
    table_locked() {
        [ "$(sql -c "SELECT count(*) FROM pg_locks WHERE relation = '$1'::regclass AND mode = 'AccessExclusiveLock' AND granted")" = 1 ]
    }
    wait_for 5 table_locked "$1"
}

# waiting_on_lock N: N of the service's backends wait for a lock.
waiting_on_lock() {
    [ "$(sql -c "SELECT count(*) FROM pg_stat_activity WHERE datname = '$DB' AND usename = '${DB}_app' AND wait_event_type = 'Lock'")" -ge "$1" ]
}

# Finding writes since the start of the test (the load's progress).
findings() { sql -c "SELECT count(*) FROM consultation_records WHERE consultation_id = '$CID'"; }

# A knee consultation to write findings under; sets CID.
new_consultation() {
    req POST /v1/patients -H 'Content-Type: application/json' \
        -d "{\"external_id\":\"F-$RANDOM$RANDOM\",\"birth_date\":\"1970-03-15\",\"sex\":\"female\"}"
    expect_status 201
    local pid
    pid=$(jq -r .id <<<"$BODY")
    req POST "/v1/patients/$pid/consultations" -H 'Content-Type: application/json' \
        -d '{"region":"knee","side":"left","pain_nrs":6,"symptom_weeks":30,"occurred_at":"2026-11-02T10:00:00Z"}'
    expect_status 201
    CID=$(jq -r .id <<<"$BODY")
}

# Every acknowledged finding is in the database once, and nothing else is.
check_exactly_once() {
    local report=$1
    jq -r '.acked[].id' "$report" | sort >"$BATS_TEST_TMPDIR/acked"
    sql -c "SELECT id FROM consultation_records WHERE consultation_id = '$CID' AND kind = 'finding'" |
        sort >"$BATS_TEST_TMPDIR/stored"
    [ -s "$BATS_TEST_TMPDIR/acked" ]
    [ "$(uniq -d "$BATS_TEST_TMPDIR/acked" | wc -l)" = 0 ] # one id per key
    diff "$BATS_TEST_TMPDIR/acked" "$BATS_TEST_TMPDIR/stored"
}

@test "PostgreSQL crashes 3 times under write load: acknowledged writes kept once, fast 503s, back within 5 s, no restart" {
    start_service PAINGEN_RATE_LIMIT=0 PAINGEN_DB_WAIT_MS=500 PAINGEN_DB_POOL=4
    pid=$SERVICE_PID
    new_consultation
    report=$BATS_TEST_TMPDIR/load.json
    node "$PAINGEN_ROOT/tests/faults/load.mjs" "$BASE" "$API_KEY" "$CID" 30 8 "$report" 3>&- &
    load=$!
    BACKGROUND=$load
    for i in 1 2 3; do
        # each crash lands while the load is writing
        before=$(findings)
        more_written() { [ "$(findings)" -gt "$((before + 20))" ]; }
        wait_for 20 more_written
        pgcluster stop --immediate
        # the outage answers at once: 503 with Retry-After, not a hang or a
        # 500 (bounded by the pool's wait and the connect timeout)
        t0=$(date +%s%N)
        req GET /v1/vocabulary
        expect_problem 503
        [ -n "$(header Retry-After)" ]
        [ $(( ($(date +%s%N) - t0) / 1000000 )) -lt 4000 ]
        sleep 1
        pgcluster start >/dev/null
        wait_for 5 readyz_is 200
    done
    wait "$load"
    # failures were only 503 (with Retry-After) or 409 (a retry while the first was in flight),
    # and there were failures: the crashes hit the load
    jq -e '.statuses | keys - ["201", "409", "503"] == []' "$report"
    jq -e '.statuses["503"] > 0' "$report"
    jq -e '.hung == 0 and .slowestFailureMs < 5000' "$report"
    check_exactly_once "$report"
    # never restarted
    kill -0 "$pid"
    [ "$SERVICE_PID" = "$pid" ]
}

@test "the service killed mid-write leaves nothing half-written; the retry with its key writes once" {
    start_service
    new_consultation
    body='{"modality":"mri","performed_on":"2026-10-20","findings":[
        {"code":"knee_medial_meniscal_tear","side":"left"},{"code":"knee_osteoarthritis","side":"left","grade":"2"}]}'
    # the write blocks on its version row, inside its transaction
    lock_table record_versions 5
    curl -s -o /dev/null --max-time 10 -X POST "$BASE/v1/consultations/$CID/imaging" \
        -H "Authorization: Bearer $API_KEY" -H 'Content-Type: application/json' \
        -H 'Idempotency-Key: killed-1' -d "$body" 3>&- &
    post=$!
    BACKGROUND="$BACKGROUND $post"
    wait_for 5 waiting_on_lock 1 # it has written its record row and waits
    kill -KILL "$SERVICE_PID"
    wait "$LOCK_PID" || true
    wait "$post" || true
    SERVICE_PID=
    # nothing of it committed: no record, no key claimed, no audit row
    [ "$(sql -c "SELECT count(*) FROM consultation_records WHERE consultation_id = '$CID' AND kind = 'imaging'")" = 0 ]
    [ "$(sql -c "SELECT count(*) FROM idempotency_keys WHERE key = 'killed-1'")" = 0 ]
    [ "$(sql -c "SELECT count(*) FROM consultation_records r WHERE NOT EXISTS (SELECT 1 FROM record_versions v WHERE v.id = r.id AND v.version = r.version)")" = 0 ]
    start_service
    for i in 1 2; do
        req POST "/v1/consultations/$CID/imaging" -H 'Content-Type: application/json' \
            -H 'Idempotency-Key: killed-1' -d "$body"
        expect_status 201
    done
    [ "$(sql -c "SELECT count(*) FROM consultation_records WHERE consultation_id = '$CID' AND kind = 'imaging'")" = 1 ]
}

@test "a slow database: 504 within the statement timeout, busy 503 beyond the pool, then served again" {
    start_service PAINGEN_STATEMENT_TIMEOUT_MS=1000 PAINGEN_DB_POOL=2 PAINGEN_DB_WAIT_MS=200
    lock_table patients 5
    dir=$BATS_TEST_TMPDIR/slow
    mkdir -p "$dir"
    pids=()
    for i in $(seq 1 6); do # three times the pool, at once
        curl -s -o /dev/null -w '%{http_code} %{time_total}\n' --max-time 10 "$BASE/v1/patients" \
            -H "Authorization: Bearer $API_KEY" >"$dir/$i" 3>&- &
        pids+=($!)
    done
    wait "${pids[@]}"
    cat "$dir"/* >&2
    # every one answered within its own bound, none queued behind another's
    # wait: 504 once its statement timed out (1 s), 503 once no connection
    # came free (0.2 s)
    [ -z "$(cat "$dir"/* | awk '!($1 == 504 && $2 < 2 || $1 == 503 && $2 < 1)')" ]
    grep -q '^504 ' "$dir"/*
    grep -q '^503 ' "$dir"/*
    wait "$LOCK_PID"
    req GET /v1/patients
    expect_status 200
}

# get_on FD PATH: GET PATH with the API key on the open connection FD, the
# whole answer read (so that the connection can carry another); sets
# STATUS. Fails when no answer comes within 3 s.
get_on() {
    local line len=0
    printf 'GET %s HTTP/1.1\r\nHost: paingen\r\nAuthorization: Bearer %s\r\n\r\n' "$2" "$API_KEY" >&"$1"
    IFS= read -r -t 3 -u "$1" line
    STATUS=$(cut -d' ' -f2 <<<"$line")
    while IFS= read -r -t 3 -u "$1" line && [ "$line" != $'\r' ]; do
        if [[ "${line,,}" == content-length:* ]]; then
            len=$(tr -dc 0-9 <<<"$line")
        fi
    done
    [ "$len" = 0 ] || timeout 3 head -c "$len" <&"$1" >/dev/null
}

@test "requests blocked on the database hold up no other client: a kept-alive connection and a new one answered at once" {
    # every request asks the database for its key: the quick ones need a
    # connection of the pool too, just no locked table
    start_service PAINGEN_DB_POOL=12 PAINGEN_KEY_CACHE_SECONDS=0 PAINGEN_STATEMENT_TIMEOUT_MS=30000 \
        PAINGEN_REQUEST_TIMEOUT_MS=30000
    req GET /v1/patients # the statements prepared before the lock
    expect_status 200
    # a client's connection, kept alive from before
    exec {kept}<>"/dev/tcp/127.0.0.1/${BASE##*:}"
    get_on "$kept" /v1/vocabulary
    [ "$STATUS" = 200 ]
    lock_table patients 8
    # eight other clients, one after another, each left waiting on the lock:
    # as many as there were HTTP threads when a connection belonged to the
    # pool thread that accepted it (one such wait held up every connection
    # of its thread; eight, every connection)
    dir=$BATS_TEST_TMPDIR/blocked
    mkdir -p "$dir"
    pids=()
    for i in $(seq 1 8); do
        curl -s -o /dev/null -w '%{http_code} %{time_total}\n' --max-time 30 "$BASE/v1/patients" \
            -H "Authorization: Bearer $API_KEY" >"$dir/$i" 3>&- &
        pids+=($!)
        BACKGROUND="${BACKGROUND:-} $!"
        wait_for 5 waiting_on_lock "$i"
    done
    t0=$(date +%s%N)
    get_on "$kept" /v1/vocabulary
    ms=$((($(date +%s%N) - t0) / 1000000))
    echo "kept-alive connection: $STATUS in $ms ms" >&2
    [ "$STATUS" = 200 ]
    [ "$ms" -lt 500 ]
    read -r code secs < <(curl -s -o /dev/null -w '%{http_code} %{time_total}\n' --max-time 5 \
        "$BASE/v1/vocabulary" -H "Authorization: Bearer $API_KEY")
    echo "new connection: $code in $secs s" >&2
    [ "$code" = 200 ]
    awk -v s="$secs" 'BEGIN {exit !(s < 0.5)}'
    exec {kept}>&-
    # the eight were still waiting meanwhile, and are served once the lock goes
    waiting_on_lock 8
    wait "${pids[@]}" "$LOCK_PID"
    cat "$dir"/* >&2
    [ -z "$(cat "$dir"/* | awk '$1 != 200')" ]
}

@test "past PAINGEN_MAX_CONNECTIONS a new connection is closed at once, counted, and served again once one ends" {
    start_service PAINGEN_MAX_CONNECTIONS=2
    port=${BASE##*:}
    exec {idle1}<>"/dev/tcp/127.0.0.1/$port" {idle2}<>"/dev/tcp/127.0.0.1/$port"
    # two idle connections hold both places: a third is closed unanswered, at once
    t0=$(date +%s%N)
    run curl -s -o /dev/null --max-time 5 "$BASE/healthz"
    [ "$status" -ne 0 ]
    [ $((($(date +%s%N) - t0) / 1000000)) -lt 1000 ]
    grep -q '"msg":"connection limit reached: 2 open (PAINGEN_MAX_CONNECTIONS); closing new connections until one ends"' "$SERVICE_LOG"
    exec {idle1}>&-
    healthy() { curl -sf -o /dev/null --max-time 2 "$BASE/healthz"; }
    wait_for 5 healthy
    req GET /metrics
    expect_status 200
    grep -qx 'paingen_http_connections_max 2' <<<"$BODY"
    grep -qx 'paingen_http_connections 2' <<<"$BODY" # idle2 and this one
    grep -qx 'paingen_http_connections_refused_total [1-9][0-9]*' <<<"$BODY"
    exec {idle2}>&-
}

@test "a request deadline shorter than the statement timeout: 504 at the deadline, the statement cancelled, then served again" {
    start_service PAINGEN_STATEMENT_TIMEOUT_MS=60000 PAINGEN_REQUEST_TIMEOUT_MS=1000
    req GET /v1/patients # the key is checked and the statements prepared before the lock
    expect_status 200
    lock_table patients 6
    read -r code secs < <(curl -s -o /dev/null -w '%{http_code} %{time_total}\n' --max-time 10 \
        "$BASE/v1/patients" -H "Authorization: Bearer $API_KEY")
    echo "GET under the lock: $code in $secs s" >&2
    [ "$code" = 504 ]
    awk -v s="$secs" 'BEGIN {exit !(s >= 0.9 && s < 3)}'
    # cancelled, not left waiting on the lock for its 60 s
    run waiting_on_lock 1
    [ "$status" -eq 1 ]
    # a request whose statements are not prepared yet is bounded the same way
    read -r code secs < <(curl -s -o /dev/null -w '%{http_code} %{time_total}\n' --max-time 10 \
        "$BASE/v1/patients?external_id=x" -H "Authorization: Bearer $API_KEY")
    echo "GET under the lock, statements not prepared: $code in $secs s" >&2
    [ "$code" = 504 ]
    awk -v s="$secs" 'BEGIN {exit !(s < 3)}'
    wait "$LOCK_PID"
    req GET /v1/patients
    expect_status 200
}

@test "16 identical POSTs at once with one Idempotency-Key: one record, the same answer (or 409 while in flight)" {
    # a connection for each: all sixteen in flight at once, none turned away busy
    start_service PAINGEN_RATE_LIMIT=0 PAINGEN_DB_POOL=16
    new_consultation
    dir=$BATS_TEST_TMPDIR/dup
    mkdir -p "$dir"
    # the first writer waits on a lock, so that the others arrive while it is in flight
    lock_table record_versions 3
    pids=()
    for i in $(seq 1 16); do
        curl -s -o "$dir/$i.body" -w '%{http_code}\n' -X POST "$BASE/v1/consultations/$CID/findings" \
            -H "Authorization: Bearer $API_KEY" -H 'Content-Type: application/json' \
            -H 'Idempotency-Key: dup-1' -d '{"code":"knee_mcmurray","result":"positive","side":"left"}' \
            >"$dir/$i.status" 3>&- &
        pids+=($!)
    done
    wait "${pids[@]}" "$LOCK_PID"
    [ "$(sql -c "SELECT count(*) FROM consultation_records WHERE consultation_id = '$CID'")" = 1 ]
    cat "$dir"/*.status | sort | uniq -c >&2
    [ -z "$(cat "$dir"/*.status | grep -vE '^(201|409)$')" ]
    # every 201 is the same record, byte for byte
    for i in $(seq 1 16); do
        if [ "$(cat "$dir/$i.status")" = 201 ]; then
            md5sum <"$dir/$i.body"
        fi
    done | sort -u | wc -l | grep -qx 1
}

@test "SIGTERM under write load: the request in flight completes, new connections are refused, exit 0, nothing acknowledged is lost" {
    start_service PAINGEN_RATE_LIMIT=0 PAINGEN_SHUTDOWN_GRACE=15
    new_consultation
    report=$BATS_TEST_TMPDIR/load.json
    node "$PAINGEN_ROOT/tests/faults/load.mjs" "$BASE" "$API_KEY" "$CID" 6 8 "$report" 1 3>&- &
    load=$!
    BACKGROUND=$load
    writing() { [ "$(findings)" -gt 20 ]; }
    wait_for 20 writing
    # one write held in flight by a lock when SIGTERM arrives (an assessment:
    # the load's findings do not wait on that table)
    lock_table assessments 4
    curl -s -o "$BATS_TEST_TMPDIR/held.body" -w '%{http_code}' --max-time 20 \
        -X POST "$BASE/v1/consultations/$CID/assessments" -H "Authorization: Bearer $API_KEY" \
        >"$BATS_TEST_TMPDIR/held.status" 3>&- &
    held=$!
    BACKGROUND="$BACKGROUND $held"
    wait_for 5 waiting_on_lock 1
    kill -TERM "$SERVICE_PID"
    sleep 0.5
    # still running, draining, and refusing new connections
    kill -0 "$SERVICE_PID"
    run curl -s --max-time 2 "$BASE/healthz"
    [ "$status" -ne 0 ]
    wait "$held"
    [ "$(cat "$BATS_TEST_TMPDIR/held.status")" = 201 ]
    assessment=$(jq -r .id "$BATS_TEST_TMPDIR/held.body")
    [ "$(service_exit_status 20)" = 0 ]
    SERVICE_PID=
    run grep -E 'Sanitizer|runtime error' "$SERVICE_LOG"
    [ "$status" -eq 1 ]
    [ "$(sql -c "SELECT count(*) FROM assessments WHERE id = '$assessment'")" = 1 ]
    # the load gives up on what it cannot send; what was acknowledged is there
    wait "$load" || true
    jq -r '.acked[].id' "$report" | while read -r id; do
        [ "$(sql -c "SELECT count(*) FROM consultation_records WHERE id = '$id'")" = 1 ]
    done
    [ "$(jq '.acked | length' "$report")" -gt 0 ]
}

@test "lost work keeps its audit row; when that row cannot be written either, the log says so with the request id" {
    start_service PAINGEN_STATEMENT_TIMEOUT_MS=1000
    req GET /v1/patients # the key is checked before the locks
    expect_status 200
    # the work times out on a locked table: rolled back, its audit row written alone
    lock_table patients 3
    req POST /v1/patients -H 'Content-Type: application/json' -H 'X-Request-Id: lost-work-1' \
        -d '{"external_id":"LOST-1","birth_date":"1970-03-15","sex":"female"}'
    expect_problem 504
    wait "$LOCK_PID"
    [ "$(sql -c "SELECT count(*) FROM patients WHERE external_id = 'LOST-1'")" = 0 ]
    [ "$(sql -c "SELECT status FROM audit_events WHERE request_id = 'lost-work-1'")" = 504 ]
    run grep -F '"request_id":"lost-work-1"' "$SERVICE_LOG"
    [[ "$output" != *"cannot write the audit row"* ]]
    # the work is done but its audit row times out, and so does the row of the lost work
    lock_table audit_events 4
    req POST /v1/patients -H 'Content-Type: application/json' -H 'X-Request-Id: lost-audit-1' \
        -d '{"external_id":"LOST-2","birth_date":"1970-03-15","sex":"female"}'
    expect_problem 503
    wait "$LOCK_PID"
    [ "$(sql -c "SELECT count(*) FROM patients WHERE external_id = 'LOST-2'")" = 0 ]
    [ "$(sql -c "SELECT count(*) FROM audit_events WHERE request_id = 'lost-audit-1'")" = 0 ]
    # nothing in the database tells of that request: the log does
    line=$(grep -F '"msg":"cannot write the audit row of' "$SERVICE_LOG" | grep -F '"request_id":"lost-audit-1"')
    echo "$line" >&2
    jq -e '.level == "error" and .msg == "cannot write the audit row of '"'POST /v1/patients'"', whose work was lost" and .status == 503 and .error == "database-timeout"' <<<"$line"
}

# crash_after_reads: a patient written (durably), then read 5 times, then
# PostgreSQL killed with its WAL writer asleep (wal_writer_delay 10 s, so
# nothing but a durable commit flushes the WAL meanwhile) and started
# again. Sets TAG (the requests' ids start with it) and WRITTEN (the
# patient).
crash_after_reads() {
    sql -c "ALTER SYSTEM SET wal_writer_delay = '10s'" -c "SELECT pg_reload_conf()" >/dev/null
    sleep 0.5 # the WAL writer's current sleep ends, and it reads the new delay
    req GET /v1/patients # the key is checked, and remembered, before
    expect_status 200
    TAG=crash-$RANDOM$RANDOM
    req POST /v1/patients -H 'Content-Type: application/json' -H "X-Request-Id: $TAG-write" \
        -d "{\"external_id\":\"$TAG\",\"birth_date\":\"1970-03-15\",\"sex\":\"female\"}"
    expect_status 201
    WRITTEN=$(jq -r .id <<<"$BODY")
    for i in 1 2 3 4 5; do
        req GET "/v1/patients/$WRITTEN" -H "X-Request-Id: $TAG-read-$i"
        expect_status 200
    done
    # every read is audited, and its row visible, before the crash
    [ "$(reads_audited)" = 5 ]
    pgcluster stop --immediate
    pgcluster start >/dev/null
}

reads_audited() { sql -c "SELECT count(*) FROM audit_events WHERE request_id LIKE '$TAG-read-%'"; }

# The write and its audit row survived the crash.
write_kept() {
    [ "$(sql -c "SELECT count(*) FROM patients WHERE id = '$WRITTEN'")" = 1 ]
    [ "$(sql -c "SELECT count(*) FROM audit_events WHERE request_id = '$TAG-write' AND status = 201")" = 1 ]
}

@test "a crash may lose the audit rows of the reads of its last moment (committed without waiting for the flush), never a write or a write's row" {
    start_service
    crash_after_reads
    write_kept
    # the reads' rows were still in PostgreSQL's WAL buffers, not on disk
    lost=$((5 - $(reads_audited)))
    echo "reads' audit rows lost: $lost of 5" >&2
    [ "$lost" -gt 0 ]
}

@test "PAINGEN_AUDIT_READS=durable: a crash loses no read's audit row either" {
    start_service PAINGEN_AUDIT_READS=durable
    crash_after_reads
    write_kept
    [ "$(reads_audited)" = 5 ]
}
