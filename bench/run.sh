#!/usr/bin/env bash
# make bench: the live service under wrk (1, 16 and 64 connections) for
# four endpoints, each against its floor measured in the same run: for the
# three that use the database, pgbench running the exact transaction the
# service ran for that endpoint (captured from PostgreSQL's statement log,
# parameters included; prepared, as the service runs its statements), and
# for POST /v1/score, which uses none, a static libmicrohttpd answer; then
# the scoring core alone and the service's memory. Prints a Markdown table, also written to
# build/bench/results.md. Not a test: nothing passes or fails on time.
#
# BENCH_SECONDS (default 5) per run; BENCH_CONNECTIONS (default "1 16 64");
# BENCH_PORT (default 18471; the static floor takes the next one);
# BENCH_SOAK_REQUESTS (default 1000000): requests the service has answered
# in all at the last memory reading (0: no soak).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${BENCH_SECONDS:-5}
read -r -a conns <<<"${BENCH_CONNECTIONS:-1 16 64}"
soak=${BENCH_SOAK_REQUESTS:-1000000}
cores=$(nproc)
port=${BENCH_PORT:-18471}
floor_port=$((port + 1))
clinic=00000000-0000-0000-0000-000000000001

work=$(mktemp -d /tmp/paingen-bench.XXXXXX)
chmod 755 "$work" # the cluster may run as the postgres user
cluster=$work/pg
svc= floor=
cleanup() {
    [ -n "$svc" ] && kill "$svc" 2>/dev/null && wait "$svc" 2>/dev/null
    [ -n "$floor" ] && kill "$floor" 2>/dev/null && wait "$floor" 2>/dev/null
    scripts/pgcluster.sh stop "$cluster" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

echo "# a durable PostgreSQL cluster, paingen and its data" >&2
scripts/pgcluster.sh init "$cluster" >/dev/null
scripts/pgcluster.sh start "$cluster" >/dev/null
scripts/pgcluster.sh createdb "$cluster" bench
DATABASE_URL=$(scripts/pgcluster.sh url "$cluster" bench)
export DATABASE_URL PAINGEN_LOG_LEVEL=warn
scripts/pgcluster.sh migrate "$cluster" bench bin/paingen --migrate-only # as make run does
# seeding past row-level security and logging statements: the superuser's
psql_super() { psql "$(scripts/pgcluster.sh url "$cluster" bench --superuser)" -qtAX -v ON_ERROR_STOP=1 "$@"; }
PAINGEN_LISTEN=127.0.0.1:$port PAINGEN_RATE_LIMIT=0 bin/paingen 2>"$work/paingen.log" &
svc=$!
base=http://127.0.0.1:$port
for _ in $(seq 1 100); do curl -sf "$base/readyz" >/dev/null && break; sleep 0.1; done
key=$(PAINGEN_LOG_LEVEL=error bin/paingen keys create --clinic "$clinic" --role clinician --name bench)
api() { curl -sf -X "$1" "$base$2" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' -d "${3:-}"; }
patient=$(api POST /v1/patients '{"external_id":"BENCH-1","birth_date":"1970-01-30","sex":"male"}' | jq -r .id)
consultation='{"region":"knee","side":"left","pain_sites":["medial_joint_line"],
  "pain_nrs":6,"symptom_weeks":26,"prior_care":[{"type":"physiotherapy","weeks":8}],
  "candidacy_facts":[{"code":"active_infection_near_site","present":false}],"occurred_at":"2026-11-03T14:00:00Z"}'
# one consultation keeps its 20 findings (read, assessed); the writes go to another
cid=$(api POST "/v1/patients/$patient/consultations" "$consultation" | jq -r .id)
wid=$(api POST "/v1/patients/$patient/consultations" "$consultation" | jq -r .id)
codes=(knee_mcmurray knee_thessaly knee_joint_line_tenderness knee_apley knee_ege knee_catching_locking
    knee_pain_forced_hyperextension knee_pain_maximal_flexion knee_mcmurray knee_thessaly)
for i in $(seq 0 19); do
    api POST "/v1/consultations/$cid/findings" \
        "{\"code\":\"${codes[$((i % 10))]}\",\"result\":\"positive\",\"side\":\"$([ $i -lt 10 ] && echo left || echo right)\"}" >/dev/null
done
api POST "/v1/consultations/$cid/imaging" '{"modality":"mri","performed_on":"2026-10-28","findings":[{"code":"knee_medial_meniscal_tear","side":"left"}]}' >/dev/null

# the rest of a clinic: 5 000 more consultations like that one, each with
# its 21 records, so that the planner sees a clinic's data (two
# consultations, one of them taking every benchmark write, are none);
# vacuumed and checkpointed, so that no autovacuum or checkpoint of this
# load runs during the measurements
psql_super -v cid="$cid" >/dev/null <<'SQL'
WITH copies AS (
    INSERT INTO consultations (clinic_id, patient_id, region, occurred_at, doc)
    SELECT clinic_id, patient_id, region, occurred_at, doc
    FROM consultations, generate_series(1, 5000) WHERE id = :'cid'
    RETURNING clinic_id, id)
INSERT INTO consultation_records (clinic_id, consultation_id, kind, doc)
SELECT r.clinic_id, copies.id, r.kind, r.doc
FROM copies JOIN consultation_records r ON r.consultation_id = :'cid';
VACUUM (ANALYZE);
CHECKPOINT;
SQL

score_body='{"region":"knee","age":56,"symptom_weeks":26,"prior_care":[{"type":"physiotherapy","weeks":8}],
"findings":[{"code":"knee_catching_locking","result":"positive"},{"code":"knee_joint_line_tenderness","result":"positive"},
{"code":"knee_pain_forced_hyperextension","result":"positive"},{"code":"knee_pain_maximal_flexion","result":"positive"},
{"code":"knee_mcmurray","result":"positive"}],"imaging":[{"code":"knee_medial_meniscal_tear","side":"left"}]}'
score_body=$(jq -c . <<<"$score_body")
names=(finding consultation assessment score)
methods=(POST GET POST POST)
paths=("/v1/consultations/$wid/findings" "/v1/consultations/$cid" "/v1/consultations/$cid/assessments" /v1/score)
bodies=('{"code":"knee_mcmurray","result":"positive","side":"left"}' '' '{}' "$score_body")
labels=("POST a finding" "GET a consultation (20 findings)" "POST an assessment" "POST /v1/score")

# the first keyed write sweeps old Idempotency-Keys (then once in 10 min):
# done now, so that the captured transactions are the everyday ones
curl -sf -X POST "$base${paths[0]}" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
    -H "Idempotency-Key: warm-up" -d "${bodies[0]}" >/dev/null
echo "# capturing each endpoint's transaction from the statement log" >&2
log=$cluster/postgres.log
psql_super -c "ALTER SYSTEM SET log_statement = 'all'" -c "SELECT pg_reload_conf()" >/dev/null
sleep 0.5
for i in 0 1 2; do # POST /v1/score runs no SQL
    offset=$(stat -c %s "$log")
    curl -sf -X "${methods[$i]}" "$base${paths[$i]}" -H "Authorization: Bearer $key" \
        -H 'Content-Type: application/json' -H "Idempotency-Key: capture-$i" -d "${bodies[$i]}" >/dev/null
    sleep 0.3
    tail -c +"$((offset + 1))" "$log" | node bench/sql_to_pgbench.mjs "capture-$i" >"$work/${names[$i]}.sql"
done
psql_super -c "ALTER SYSTEM RESET log_statement" -c "SELECT pg_reload_conf()" >/dev/null
app_role=$(psql_super -c "SELECT (current_database() || '_app')::name")
sock=$cluster/socket

cpu_ticks() { awk '{print $14 + $15}' "/proc/$svc/stat"; }
rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$svc/status"; }
ticks=$(getconf CLK_TCK)
rss_start=$(rss_kib)

# wrk_run URL METHOD BODY CONNS: prints "requests req/s p50_ms p99_ms errors"
wrk_run() {
    local t=$(($4 < cores ? $4 : cores))
    METHOD=$2 BODY=$3 KEY=$key wrk -t "$t" -c "$4" -d "${seconds}s" -s bench/request.lua "$1" |
        awk '/^RESULT/ {printf "%d %.0f %.3f %.3f %d\n", $2, $2 / $3, $4 / 1000, $5 / 1000, $6}'
}

# pgbench_run SCRIPT CONNS: prints "tps p50_ms"
pgbench_run() {
    local t=$(($2 < cores ? $2 : cores)) dir=$work/pgbench.$RANDOM
    mkdir -p "$dir"
    if ! (cd "$dir" && pgbench -n -M prepared -h "$sock" -U "$app_role" -d bench -c "$2" -j "$t" \
        -T "$seconds" -f "$1" -l >"$dir/out" 2>&1) || grep -q 'number of failed transactions: [1-9]' "$dir/out"; then
        echo "pgbench failed on $1:" >&2
        grep -m 3 -iE 'error|abort' "$dir/out" >&2
        echo "0 0"
        return
    fi
    local tps p50
    tps=$(awk '/^tps =/ {printf "%.0f", $3}' "$dir/out")
    p50=$(cat "$dir"/pgbench_log.* | awk '{print $3}' | sort -n | awk '{a[NR]=$1} END {printf "%.3f", a[int((NR+1)/2)] / 1000}')
    echo "$tps $p50"
}

out=$work/results.md
{
    echo "# Benchmark: $(git describe --always --dirty 2>/dev/null || echo unknown), $(date -u +%Y-%m-%dT%H:%MZ)"
    echo
    echo "Machine: $cores cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo); PostgreSQL $(psql_super -c 'SHOW server_version'), durable (fsync on, synchronous_commit on); paingen with a thread per connection and a pool of 8. ${seconds} s per run."
    echo
    echo "| endpoint | conns | paingen req/s | p50 ms | p99 ms | paingen CPU µs/req | floor | floor req/s | floor p50 ms | paingen / floor |"
    echo "|---|---:|---:|---:|---:|---:|---|---:|---:|---:|"
} >"$out"

# a warm-up of each endpoint, then the statistics a running service's
# autovacuum would have gathered: plans made while the written tables were
# nearly empty (a sequential scan of idempotency_keys) would otherwise
# outlive the few seconds each run lasts
echo "# warm-up" >&2
for i in 0 1 2; do
    wrk_run "$base${paths[$i]}" "${methods[$i]}" "${bodies[$i]}" 16 >/dev/null
done
psql_super -c "VACUUM (ANALYZE)" -c "CHECKPOINT" >/dev/null

echo "# measuring" >&2
for i in 0 1 2; do
    for c in "${conns[@]}"; do
        before=$(cpu_ticks)
        read -r n rps p50 p99 errors < <(wrk_run "$base${paths[$i]}" "${methods[$i]}" "${bodies[$i]}" "$c")
        cpu_us=$(awk -v d="$(($(cpu_ticks) - before))" -v t="$ticks" -v n="$n" 'BEGIN {printf "%.0f", n ? d * 1e6 / t / n : 0}')
        read -r ftps fp50 < <(pgbench_run "$work/${names[$i]}.sql" "$c")
        ratio=$(awk -v a="$rps" -v b="$ftps" 'BEGIN {printf "%.2f", b ? a / b : 0}')
        [ "$errors" = 0 ] || rps="$rps ($errors errors)"
        echo "| ${labels[$i]} | $c | $rps | $p50 | $p99 | $cpu_us | pgbench -M prepared, same transaction | $ftps | $fp50 | $ratio |" >>"$out"
        echo "  ${names[$i]} c=$c: $rps req/s vs pgbench $ftps" >&2
    done
done

echo "# the HTTP floor" >&2
build/bench/static-floor "$floor_port" "$cores" &
floor=$!
sleep 0.3
for c in "${conns[@]}"; do
    read -r n rps p50 p99 errors < <(wrk_run "http://127.0.0.1:$floor_port/" GET '' "$c")
    # the score endpoint against the static answer: its HTTP floor
    before=$(cpu_ticks)
    read -r sn srps sp50 sp99 serrors < <(wrk_run "$base/v1/score" POST "$score_body" "$c")
    cpu_us=$(awk -v d="$(($(cpu_ticks) - before))" -v t="$ticks" -v n="$sn" 'BEGIN {printf "%.0f", n ? d * 1e6 / t / n : 0}')
    ratio=$(awk -v a="$srps" -v b="$rps" 'BEGIN {printf "%.2f", b ? a / b : 0}')
    [ "$serrors" = 0 ] || srps="$srps ($serrors errors)"
    echo "| POST /v1/score | $c | $srps | $sp50 | $sp99 | $cpu_us | static libmicrohttpd answer | $rps | $p50 | $ratio |" >>"$out"
done
kill "$floor" && wait "$floor" 2>/dev/null || true
floor=

# the memory after warm-up (the runs above), then after the soak: POST
# /v1/score (every layer but the database) and, beside it, reads of the
# consultation, until the service has answered $soak requests in all
total_served() { awk '/^paingen_http_requests_total/ {s += $2} END {print s + 0}' <(curl -s "$base/metrics"); }
rss_warm=$(rss_kib) warm_served=$(total_served)
if [ "$soak" -gt "$warm_served" ]; then
    echo "# soak: $((soak - warm_served)) more requests" >&2
    METHOD=POST BODY=$score_body KEY=$key wrk -t "$cores" -c 16 -d 3600s -s bench/request.lua "$base/v1/score" >/dev/null &
    soakers=$!
    METHOD=GET KEY=$key wrk -t 1 -c 2 -d 3600s -s bench/request.lua "$base${paths[1]}" >/dev/null &
    soakers="$soakers $!"
    until [ "$(total_served)" -ge "$soak" ]; do
        kill -0 $soakers 2>/dev/null || { echo "a soak client stopped" >&2; break; }
        sleep 1
    done
    kill $soakers
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
mkdir -p build/bench
cp "$out" build/bench/results.md
cat "$out"
