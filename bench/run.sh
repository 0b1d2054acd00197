#!/usr/bin/env bash
# make bench: the live service under wrk (1, 16 and 64 connections) for
# four endpoints, each against floors measured in the same run on the same
# durable PostgreSQL:
#   - the physical floor: the least the endpoint's work costs. For the
#     three that use the database, pgbench (-M prepared) running the
#     bare statements (bench/floor/*.sql): one durable INSERT of a finding,
#     one query returning a consultation's records as JSON, that query and
#     an INSERT of the answer for an assessment; for POST /v1/score, which
#     uses none, a static libmicrohttpd answer;
#   - for a finding and a read, the guarantees' floor: the rows the
#     guarantees write beside the work (Idempotency-Key, version, audit
#     row), bare, in one round trip (bench/floor/*-guarantees.sql): the
#     most any design with those guarantees could reach;
#   - for the three, also pgbench running the exact transaction the
#     service ran (captured from PostgreSQL's statement log, parameters
#     included), all of it in one round trip: against the physical floor
#     it shows what the design costs, paingen against it what the code
#     and its round trips cost;
# then whether the targets are met in this run, the scoring core alone,
# the service's memory, and GET /v1/calibration over a clinic of
# 100,000 assessments (a synthetic cohort, scripts/cohort.sh). Prints a Markdown table, also written to
# build/bench/results.md (the transactions replayed: build/bench/same-tx-*.sql).
# Not a test: nothing fails on time.
#
# BENCH_SECONDS (default 5) per run; BENCH_CONNECTIONS (default "1 16 64");
# BENCH_CALIBRATION (default 100000): the calibration clinic's patients
# (0: not measured);
# BENCH_SOAK_REQUESTS (default 1000000): requests the service has answered
# in all at the last memory reading (0: no soak); BENCH_PORT (default
# 18471): paingen's port, the static answer's the next.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${BENCH_SECONDS:-5}
read -r -a conns <<<"${BENCH_CONNECTIONS:-1 16 64}"
soak=${BENCH_SOAK_REQUESTS:-1000000}
calibration=${BENCH_CALIBRATION:-100000}
cores=$(nproc)
port=${BENCH_PORT:-18471}
floor_port=$((port + 1))
base=http://127.0.0.1:$port
clinic=00000000-0000-0000-0000-000000000001
# The clinic's other consultations have numbered ids (this prefix and 12
# digits, 1 to $spread), so that wrk and pgbench can spread their writes
# of findings over them by number.
numbered=b0000000-0000-4000-8000-
spread=5000

work=$(mktemp -d /tmp/paingen-bench.XXXXXX)
chmod 755 "$work" # the cluster may run as the postgres user
cluster=$work/pg
log=$cluster/postgres.log
sock=$cluster/socket
out=$work/results.md
svc='' floor=''
cleanup() {
    [ -n "$svc" ] && kill "$svc" 2>/dev/null && wait "$svc" 2>/dev/null
    [ -n "$floor" ] && kill "$floor" 2>/dev/null && wait "$floor" 2>/dev/null
    scripts/pgcluster.sh stop "$cluster" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

# seeding past row-level security, the floors' tables and logging
# statements: the superuser's
psql_super() { psql "$(scripts/pgcluster.sh url "$cluster" bench --superuser)" -qtAX -v ON_ERROR_STOP=1 "$@"; }
# api METHOD PATH [BODY [CURL OPTION]...]: the answer's body
api() { curl -sf -X "$1" "$base$2" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' -d "${3:-}" "${@:4}"; }

# The four endpoints: name (of files), method, body, label; their paths
# once the data is seeded.
names=(finding consultation assessment score)
methods=(POST GET POST POST)
labels=("POST a finding" "GET a consultation (20 findings)" "POST an assessment" "POST /v1/score")
score_body='{"region":"knee","age":56,"symptom_weeks":26,"prior_care":[{"type":"physiotherapy","weeks":8}],
"findings":[{"code":"knee_catching_locking","result":"positive"},{"code":"knee_joint_line_tenderness","result":"positive"},
{"code":"knee_pain_forced_hyperextension","result":"positive"},{"code":"knee_pain_maximal_flexion","result":"positive"},
{"code":"knee_mcmurray","result":"positive"}],"imaging":[{"code":"knee_medial_meniscal_tear","side":"left"}]}'
score_body=$(jq -c . <<<"$score_body")
bodies=('{"code":"knee_mcmurray","result":"positive","side":"left"}' '' '{}' "$score_body")

start_service() {
    local p
    # a server already there would be measured instead (or beside: two
    # benchmarks at once measure each other)
    for p in "$port" "$floor_port"; do
        if (: <"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
            echo "bench: port $p is in use (another make bench?); set BENCH_PORT to another" >&2
            exit 1
        fi
    done
    echo "# a durable PostgreSQL cluster, paingen and its data" >&2
    scripts/pgcluster.sh init "$cluster" >/dev/null
    scripts/pgcluster.sh start "$cluster" >/dev/null
    scripts/pgcluster.sh createdb "$cluster" bench
    DATABASE_URL=$(scripts/pgcluster.sh url "$cluster" bench)
    export DATABASE_URL PAINGEN_LOG_LEVEL=warn
    scripts/pgcluster.sh migrate "$cluster" bench bin/paingen --migrate-only # as make run does
    app_role=$(psql_super -c "SELECT (current_database() || '_app')::name")
    PAINGEN_LISTEN=127.0.0.1:$port PAINGEN_RATE_LIMIT=0 bin/paingen 2>"$work/paingen.log" &
    svc=$!
    for _ in $(seq 1 100); do curl -sf "$base/readyz" >/dev/null && break; sleep 0.1; done
    key=$(PAINGEN_LOG_LEVEL=error bin/paingen keys create --clinic "$clinic" --role clinician --name bench)
}

# One consultation with 20 findings and an imaging study (read and
# assessed), then the rest of a clinic: 5 000 more like it, numbered, so
# that the planner sees a clinic's data and the writes of findings have
# consultations to spread over (all on one would take turns for its row
# lock and fill it: a consultation holds at most 1000 records). Sets cid.
seed_clinic() {
    local patient consultation codes i
    patient=$(api POST /v1/patients '{"external_id":"BENCH-1","birth_date":"1970-01-30","sex":"male"}' | jq -r .id)
    consultation='{"region":"knee","side":"left","pain_sites":["medial_joint_line"],
      "pain_nrs":6,"symptom_weeks":26,"prior_care":[{"type":"physiotherapy","weeks":8}],
      "candidacy_facts":[{"code":"active_infection_near_site","present":false}],"occurred_at":"2026-11-03T14:00:00Z"}'
    cid=$(api POST "/v1/patients/$patient/consultations" "$consultation" | jq -r .id)
    codes=(knee_mcmurray knee_thessaly knee_joint_line_tenderness knee_apley knee_ege knee_catching_locking
        knee_pain_forced_hyperextension knee_pain_maximal_flexion knee_mcmurray knee_thessaly)
    for i in $(seq 0 19); do
        api POST "/v1/consultations/$cid/findings" \
            "{\"code\":\"${codes[$((i % 10))]}\",\"result\":\"positive\",\"side\":\"$([ "$i" -lt 10 ] && echo left || echo right)\"}" >/dev/null
    done
    api POST "/v1/consultations/$cid/imaging" '{"modality":"mri","performed_on":"2026-10-28","findings":[{"code":"knee_medial_meniscal_tear","side":"left"}]}' >/dev/null
    psql_super -v cid="$cid" -v numbered="$numbered" -v spread="$spread" >/dev/null <<'SQL'
WITH copies AS (
    INSERT INTO consultations (clinic_id, id, patient_id, region, occurred_at, doc)
    SELECT clinic_id, (:'numbered' || lpad(n::text, 12, '0'))::uuid, patient_id, region, occurred_at, doc
    FROM consultations, generate_series(1, :spread) AS n WHERE id = :'cid'
    RETURNING clinic_id, id)
INSERT INTO consultation_records (clinic_id, consultation_id, kind, doc)
SELECT r.clinic_id, copies.id, r.kind, r.doc
FROM copies JOIN consultation_records r ON r.consultation_id = :'cid';
SQL
    # the physical floors' tables, beside the service's (their own schema)
    psql_super -v app="$app_role" -f bench/floor/tables.sql >/dev/null
    # vacuumed and checkpointed: no autovacuum or checkpoint of this load
    # runs during the measurements
    psql_super -c "VACUUM (ANALYZE)" -c "CHECKPOINT" >/dev/null
}

# The paths that wrk's writes of findings go round (request.lua's PATHS).
write_paths() {
    local n
    for n in $(seq 1 "$spread"); do printf '/v1/consultations/%s%012d/findings\n' "$numbered" "$n"; done
}

# Each endpoint's transaction as the service runs it, from the statement
# log, into $work/NAME.sql for pgbench. A finding is captured on the first
# numbered consultation and replayed on any of them (--spread).
capture_transactions() {
    local i offset spread_args
    # the first keyed write sweeps old Idempotency-Keys (then once in 10
    # min): done now, so that the captured transactions are the everyday ones
    api POST "${paths[0]}" "${bodies[0]}" -H "Idempotency-Key: warm-up" >/dev/null
    echo "# capturing each endpoint's transaction from the statement log" >&2
    psql_super -c "ALTER SYSTEM SET log_statement = 'all'" -c "SELECT pg_reload_conf()" >/dev/null
    sleep 0.5
    for i in 0 1 2; do # POST /v1/score runs no SQL
        offset=$(stat -c %s "$log")
        api "${methods[$i]}" "${paths[$i]}" "${bodies[$i]}" -H "Idempotency-Key: capture-$i" >/dev/null
        sleep 0.3
        spread_args=()
        [ "$i" = 0 ] && spread_args=(--spread "${numbered}000000000001" "$numbered" "$spread")
        tail -c +"$((offset + 1))" "$log" |
            node bench/sql_to_pgbench.mjs --key "capture-$i" "${spread_args[@]}" --pipeline >"$work/${names[$i]}.sql"
    done
    psql_super -c "ALTER SYSTEM RESET log_statement" -c "SELECT pg_reload_conf()" >/dev/null
}

# The documents the service has just written, for the physical floors to
# write rows of the same size. Sets floor_doc, floor_answer, record_count.
floor_variables() {
    floor_doc=$(psql_super -c "SELECT doc FROM consultation_records WHERE kind = 'finding' ORDER BY created_at DESC LIMIT 1")
    floor_answer=$(psql_super -c "SELECT json_build_object('inputs', inputs, 'based_on', based_on, 'result', result)
        FROM assessments ORDER BY created_at DESC LIMIT 1")
    record_count=$(psql_super -c "SELECT count(*) FROM bench_floor.records WHERE consultation_id = '$cid'")
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$svc/stat"; }
rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$svc/status"; }
ticks=$(getconf CLK_TCK)
# cpu_per_request TICKS REQUESTS: the service's CPU µs per request
cpu_per_request() { awk -v d="$1" -v t="$ticks" -v n="$2" 'BEGIN {printf "%.0f", n ? d * 1e6 / t / n : 0}'; }
# ratio A B: A / B to two decimals (0 when B is 0: a failed floor)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", b ? a / b : 0}'; }

# wrk_run URL METHOD BODY CONNS [PATHS]: prints "requests req/s p50_ms p99_ms errors"
wrk_run() {
    local t=$(($4 < cores ? $4 : cores))
    METHOD=$2 BODY=$3 KEY=$key PATHS=${5:-} wrk -t "$t" -c "$4" -d "${seconds}s" -s bench/request.lua "$1" |
        awk '/^RESULT/ {printf "%d %.0f %.3f %.3f %d\n", $2, $2 / $3, $4 / 1000, $5 / 1000, $6}'
}

# pgbench_run SCRIPT CONNS [PGBENCH OPTION]...: prints "tps p50_ms", as
# the service's role (its settings: jit off), prepared as the service's
# statements are; "0 0" when a transaction failed
pgbench_run() {
    local script=$1 c=$2 t=$(($2 < cores ? $2 : cores)) dir=$work/pgbench.$RANDOM
    shift 2
    mkdir -p "$dir"
    if ! (cd "$dir" && pgbench -n -M prepared -h "$sock" -U "$app_role" -c "$c" -j "$t" \
        -T "$seconds" "$@" -f "$script" -l bench >"$dir/out" 2>&1) || grep -q 'number of failed transactions: [1-9]' "$dir/out"; then
        echo "pgbench failed on $script:" >&2
        grep -m 3 -iE 'error|abort' "$dir/out" >&2
        echo "0 0"
        return
    fi
    local tps p50
    tps=$(awk '/^tps =/ {printf "%.0f", $3}' "$dir/out")
    # The log's latencies (µs, third field) without the zeros: pgbench
    # reads the clock once per pass over a client, so a transaction whose
    # answer is already there when pgbench first looks (its thread was
    # descheduled after sending) ends in the pass that began it and logs 0:
    # about 1 in 10 of the read floor's at 16 clients, next to none at 1.
    p50=$(cat "$dir"/pgbench_log.* | awk '$3 > 0 {print $3}' | sort -n |
        awk '{a[NR] = $1} END {printf "%.3f", NR ? a[int((NR + 1) / 2)] / 1000 : 0}')
    echo "$tps $p50"
}

# Each measurement's ratios to its physical floor, by "name:conns", for
# the targets: throughput (paingen / floor) and p50 (paingen / floor).
declare -A rate_ratio p50_ratio
# the guarantees' floor / the physical floor, by "name:conns"
declare -A guarantee_ratio

# row NAME LABEL CONNS N RPS P50 P99 ERRORS CPU_TICKS FTPS FP50 [STPS SP50 [GTPS]]:
# one line of the table (the same transaction's and the guarantees'
# columns empty without them)
row() {
    local name=$1 label=$2 c=$3 n=$4 rps=$5 p50=$6 p99=$7 errors=$8 cpu=$9 ftps=${10} fp50=${11}
    local stps=${12:-} sp50=${13:-} gtps=${14:-} same="| – | – | –" guarantees="| – | –"
    rate_ratio[$name:$c]=$(ratio "$rps" "$ftps")
    p50_ratio[$name:$c]=$(ratio "$p50" "$fp50")
    [ -n "$stps" ] && same="| $stps | $sp50 | $(ratio "$rps" "$stps")"
    if [ -n "$gtps" ]; then
        guarantee_ratio[$name:$c]=$(ratio "$gtps" "$ftps")
        guarantees="| $gtps | ${guarantee_ratio[$name:$c]}"
    fi
    [ "$errors" = 0 ] || rps="$rps ($errors errors)"
    echo "| $label | $c | $rps | $p50 | $p99 | $(cpu_per_request "$cpu" "$n") | $ftps | $fp50 | ${rate_ratio[$name:$c]} | ${p50_ratio[$name:$c]} $guarantees $same |" >>"$out"
}

# floor_run NAME CONNS: pgbench on the endpoint's physical floor
# (bench/floor/NAME.sql; NAME-guarantees: its guarantees' floor), given
# its variables; prints "tps p50_ms"
floor_run() {
    local script=$PWD/bench/floor/$1.sql
    case $1 in
    finding | finding-guarantees) pgbench_run "$script" "$2" -D "clinic=$clinic" -D "doc=$floor_doc" ;;
    consultation | consultation-guarantees) pgbench_run "$script" "$2" -D "clinic=$clinic" -D "consultation=$cid" ;;
    assessment) pgbench_run "$script" "$2" -D "clinic=$clinic" -D "consultation=$cid" -D "answer=$floor_answer" ;;
    esac
}

# The three database endpoints: for each, wrk against the service, then
# pgbench on its physical floor and on its own transaction, one after the
# other at each connection count, so that all three see the same machine.
measure_database_endpoints() {
    local i c name before n rps p50 p99 errors cpu ftps fp50 stps sp50 gtps _
    for i in 0 1 2; do
        name=${names[$i]}
        for c in "${conns[@]}"; do
            before=$(cpu_ticks)
            read -r n rps p50 p99 errors < <(wrk_run "$base${paths[$i]}" "${methods[$i]}" "${bodies[$i]}" "$c" "${spreads[$i]}")
            cpu=$(($(cpu_ticks) - before))
            read -r ftps fp50 < <(floor_run "$name" "$c")
            read -r stps sp50 < <(pgbench_run "$work/$name.sql" "$c")
            gtps=
            [ "$i" -lt 2 ] && read -r gtps _ < <(floor_run "$name-guarantees" "$c")
            row "$name" "${labels[$i]}" "$c" "$n" "$rps" "$p50" "$p99" "$errors" "$cpu" "$ftps" "$fp50" "$stps" "$sp50" "$gtps"
            echo "  $name c=$c: $rps req/s vs floor $ftps, same transaction $stps" >&2
        done
    done
}

# POST /v1/score against a static libmicrohttpd answer: its HTTP floor
measure_score() {
    local c n rps p50 p99 errors sn srps sp50 sp99 serrors before cpu
    echo "# the HTTP floor" >&2
    build/bench/static-floor "$floor_port" "$cores" &
    floor=$!
    sleep 0.3
    for c in "${conns[@]}"; do
        read -r n rps p50 p99 errors < <(wrk_run "http://127.0.0.1:$floor_port/" GET '' "$c")
        before=$(cpu_ticks)
        read -r sn srps sp50 sp99 serrors < <(wrk_run "$base/v1/score" POST "$score_body" "$c")
        cpu=$(($(cpu_ticks) - before))
        row score "${labels[3]}" "$c" "$sn" "$srps" "$sp50" "$sp99" "$serrors" "$cpu" "$rps" "$p50"
    done
    kill "$floor"
    wait "$floor" 2>/dev/null || true # killed: its status is the signal's
    floor=
}

# target TEXT RATIOS NAME OP LIMIT CONNS...: one line of the targets'
# list, with the ratios: missed when a ratio named (RATIOS: rate_ratio or
# p50_ratio) is not OP (>= or <=) LIMIT; else not measured when this run
# left out a connection count; else met.
target() {
    local text=$1 name=$3 op=$4 limit=$5 missed=0 unmeasured=0 verdict=met c v seen=''
    local -n ratios=$2
    shift 5
    for c in "$@"; do
        v=${ratios[$name:$c]:-}
        if [ -z "$v" ]; then
            unmeasured=1 seen="$seen${seen:+, }not measured at $c"
            continue
        fi
        seen="$seen${seen:+, }$v at $c"
        awk -v v="$v" -v l="$limit" -v op="$op" 'BEGIN {exit !(op == ">=" ? v >= l : v <= l)}' || missed=1
    done
    [ "$unmeasured" = 1 ] && verdict="not measured"
    [ "$missed" = 1 ] && verdict=missed
    echo "- $text: **$verdict** ($seen)"
}

report_targets() {
    {
        echo
        echo "Targets in this run (paingen / physical floor):"
        echo
        target "POST a finding >= 0.5 of its floor at 16 and 64 connections" rate_ratio finding '>=' 0.5 16 64
        target "GET a consultation >= 0.5 of its floor at 16 and 64 connections" rate_ratio consultation '>=' 0.5 16 64
        target "POST a finding p50 at 1 connection <= 2x the floor's" p50_ratio finding '<=' 2 1
        target "GET a consultation p50 at 1 connection <= 2x the floor's" p50_ratio consultation '<=' 2 1
        target "POST /v1/score >= 0.5 of the static answer" rate_ratio score '>=' 0.5 "${conns[@]}"
        echo
        echo "Whether 0.5 of the physical floor is within reach of any design with the guarantees (the guarantees' floor / the physical floor):"
        echo
        target "POST a finding's guarantees' floor >= 0.5 of its floor at 16 and 64 connections" guarantee_ratio finding '>=' 0.5 16 64
        target "GET a consultation's guarantees' floor >= 0.5 of its floor at 16 and 64 connections" guarantee_ratio consultation '>=' 0.5 16 64
    } >>"$out"
}

heading() {
    {
        echo "# Benchmark: $(git describe --always --dirty 2>/dev/null || echo unknown), $(date -u +%Y-%m-%dT%H:%MZ)"
        echo
        echo "Machine: $cores cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo); PostgreSQL $(psql_super -c 'SHOW server_version'), durable (fsync on, synchronous_commit on); paingen with a thread per connection and a pool of 8 database connections. ${seconds} s per run."
        echo
        echo "| endpoint | conns | paingen req/s | p50 ms | p99 ms | paingen CPU µs/req | floor req/s | floor p50 ms | paingen / floor | p50 / floor p50 | guarantees req/s | guarantees / floor | same tx req/s | same tx p50 ms | paingen / same tx |"
        echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    } >"$out"
}

legend() {
    cat >>"$out" <<EOF

Physical floors (pgbench -M prepared as the service's role, on tables of their own, schema bench_floor):

- POST a finding: one durable INSERT of a finding's document (jsonb, ${#floor_doc} bytes) with a uuid key and the clinic, a transaction of its own.
- GET a consultation: one query returning its $record_count records' documents as one JSON array (json_agg), read-only.
- POST an assessment: that query, then a durable INSERT of the answer (json, ${#floor_answer} bytes), in one transaction of two round trips (pipelined: BEGIN and the read; the write and COMMIT).
- POST /v1/score: a static libmicrohttpd answer.

Guarantees' floors (the same way): what the issue's guarantees write beside the work, each row as bare as the finding above (a table with only a primary key; no row-level security, trigger, foreign key, lock, bound or HTTP), in one transaction sent in one round trip. POST a finding: the Idempotency-Key with its response, the finding, its first version, the audit row. GET a consultation: the query above and its audit row, committed without waiting for the WAL flush (as the service commits reads' rows by default). No design keeping those guarantees can go faster; paingen / floor can at most reach guarantees / floor.

Same tx: pgbench -M prepared replaying the service's own transaction, captured from the statement log, all its statements in one round trip (\\startpipeline): the same work as the service at the least it can cost, the ceiling of the design (a finding's on any of the clinic's consultations, as wrk's). The service itself takes more round trips where it must read an answer before it sends the next statement.
EOF
}

# The memory after warm-up (the runs above), then after the soak: POST
# /v1/score (every layer but the database) and, beside it, reads of the
# consultation, until the service has answered $soak requests in all.
total_served() { awk '/^paingen_http_requests_total/ {s += $2} END {print s + 0}' <(curl -s "$base/metrics"); }
soak_and_report() {
    local rss_warm warm_served rss_end end_served soakers core
    rss_warm=$(rss_kib) warm_served=$(total_served)
    if [ "$soak" -gt "$warm_served" ]; then
        echo "# soak: $((soak - warm_served)) more requests" >&2
        METHOD=POST BODY=$score_body KEY=$key wrk -t "$cores" -c 16 -d 3600s -s bench/request.lua "$base/v1/score" >/dev/null &
        soakers=$!
        METHOD=GET KEY=$key wrk -t 1 -c 2 -d 3600s -s bench/request.lua "$base${paths[1]}" >/dev/null &
        soakers="$soakers $!"
        until [ "$(total_served)" -ge "$soak" ]; do
            # shellcheck disable=SC2086 # two process ids
            kill -0 $soakers 2>/dev/null || { echo "a soak client stopped" >&2; break; }
            sleep 1
        done
        # shellcheck disable=SC2086
        kill $soakers
        # shellcheck disable=SC2086
        wait $soakers 2>/dev/null || true
    fi
    rss_end=$(rss_kib) end_served=$(total_served)
    core=$(build/bench/score-bench 20000 | awk '/ns per case/ {print $3, $9}')
    {
        echo
        echo "Scoring core alone (60 findings, 5 imaging findings, 4 blocks; rank, candidacy, plan, next steps): ${core% *} ns per case (ranking alone ${core#* } ns)."
        echo
        echo "paingen RSS: $rss_start kB after setup; $rss_warm kB after warm-up ($warm_served requests); $rss_end kB after $end_served requests ($(awk -v a="$rss_end" -v b="$rss_warm" 'BEGIN {printf "%+.1f", (a - b) * 100 / b}')% since warm-up)."
    } >>"$out"
}

# GET /v1/calibration over a clinic of its own: $calibration patients
# drawn by scripts/cohort.sh (each assessed, 3 in 5 blocked, half treated
# and followed up 4 times), after the rest, so that seeding it disturbs
# no other measurement. The report is timed 5 times as JSON (the median
# and the slowest) and once as SVG, against the target of 1 s.
measure_calibration() {
    [ "$calibration" -gt 0 ] || return 0
    local cal_clinic cal_key t times=() svg counts median slowest verdict
    echo "# calibration: a cohort of $calibration patients" >&2
    cal_clinic=$(PAINGEN_LOG_LEVEL=error bin/paingen clinics create "Calibration bench")
    cal_key=$(PAINGEN_LOG_LEVEL=error bin/paingen keys create --clinic "$cal_clinic" --role admin --name bench-calibration)
    scripts/cohort.sh "$(scripts/pgcluster.sh url "$cluster" bench --superuser)" "$cal_clinic" "$calibration" prefix=BENCH >/dev/null
    psql_super -c "VACUUM (ANALYZE)" -c "CHECKPOINT" >/dev/null
    counts=$(psql_super -c "SELECT format('%s assessments, %s blocks, %s treatments, %s follow-ups',
        (SELECT count(*) FROM assessments WHERE clinic_id = '$cal_clinic'),
        (SELECT count(*) FROM consultation_records WHERE clinic_id = '$cal_clinic' AND kind = 'block'),
        (SELECT count(*) FROM consultation_records WHERE clinic_id = '$cal_clinic' AND kind = 'treatment'),
        (SELECT count(*) FROM consultation_records WHERE clinic_id = '$cal_clinic' AND kind = 'follow_up'))")
    curl -sf -o /dev/null "$base/v1/calibration" -H "Authorization: Bearer $cal_key" # warm-up
    for _ in 1 2 3 4 5; do
        t=$(curl -sf -o /dev/null -w '%{time_total}' "$base/v1/calibration" -H "Authorization: Bearer $cal_key")
        times+=("$(awk -v t="$t" 'BEGIN {printf "%.0f", t * 1000}')")
    done
    svg=$(curl -sf -o /dev/null -w '%{time_total}' "$base/v1/calibration" -H "Authorization: Bearer $cal_key" \
        -H 'Accept: image/svg+xml' | awk '{printf "%.0f", $1 * 1000}')
    read -r median slowest < <(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR] = $1} END {print a[3], a[5]}')
    verdict=missed
    [ "$slowest" -lt 1000 ] && verdict=met
    [ "$calibration" -lt 100000 ] && verdict="not measured (BENCH_CALIBRATION=$calibration)"
    {
        echo
        echo "Calibration report (GET /v1/calibration) over a clinic of $counts: median $median ms, slowest $slowest ms of 5 (JSON); the SVG $svg ms."
        echo
        echo "- GET /v1/calibration of 100,000 assessments under 1 s: **$verdict** (slowest $slowest ms)"
    } >>"$out"
}

start_service
seed_clinic
paths=("/v1/consultations/${numbered}000000000001/findings" "/v1/consultations/$cid" "/v1/consultations/$cid/assessments" /v1/score)
write_paths >"$work/finding.paths"
spreads=("$work/finding.paths" '' '' '')
capture_transactions
floor_variables
rss_start=$(rss_kib)
heading

# a warm-up of each endpoint, then the statistics a running service's
# autovacuum would have gathered: plans made while the written tables were
# nearly empty (a sequential scan of idempotency_keys) would otherwise
# outlive the few seconds each run lasts
echo "# warm-up" >&2
for i in 0 1 2; do
    wrk_run "$base${paths[$i]}" "${methods[$i]}" "${bodies[$i]}" 16 "${spreads[$i]}" >/dev/null
done
psql_super -c "VACUUM (ANALYZE)" -c "CHECKPOINT" >/dev/null

echo "# measuring" >&2
measure_database_endpoints
measure_score
legend
report_targets
soak_and_report
measure_calibration
# the table, and the transactions replayed beside it (to read what "same
# tx" ran)
mkdir -p build/bench
cp "$out" build/bench/results.md
for name in "${names[@]:0:3}"; do cp "$work/$name.sql" "build/bench/same-tx-$name.sql"; done
cat "$out"
