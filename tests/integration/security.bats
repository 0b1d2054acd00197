#!/usr/bin/env bats
# Keys and roles, clinic tenancy (enforced by PostgreSQL too), the audit
# trail, hostile strings, TLS and rate limits.

load helpers

setup_file() {
    new_db it_security
    start_service
    CLINIC_B=$(new_clinic "Clinic B")
    KEY_B=$(new_key clinician "$CLINIC_B")
    ADMIN=$(new_key admin)
    ADMIN_B=$(new_key admin "$CLINIC_B")
    READONLY=$(new_key readonly)
    export CLINIC_B KEY_B ADMIN ADMIN_B READONLY
}

# psql as the role the service logs in as.
app_sql() { psql -h "$PAINGEN_TEST_CLUSTER/socket" -U "${DB}_app" -d "$DB" -tAX -v ON_ERROR_STOP=1 "$@"; }

teardown_file() { stop_service; }

# After each test: a service it started for itself (OWN_PID) is stopped
# when it failed before it could stop it; make run in a folder of its own
# (RUN_DIR and RUN_PID) is stopped, its cluster too, and removed.
teardown() {
    if [[ -z "${BATS_TEST_COMPLETED:-}" && -n "${OWN_PID:-}" ]]; then
        kill -TERM "$OWN_PID" 2>/dev/null || true
    fi
    [ -n "${RUN_DIR:-}" ] || return 0
    [ -z "${RUN_PID:-}" ] || kill -TERM "$RUN_PID" 2>/dev/null || true
    [ -z "${RUN_PID:-}" ] || wait "$RUN_PID" 2>/dev/null || true
    "$PAINGEN_ROOT/scripts/pgcluster.sh" stop "$RUN_DIR/data" >/dev/null 2>&1 || true
    rm -rf "$RUN_DIR"
}

json_post() { req POST "$1" -H 'Content-Type: application/json' -d "$2"; }

# A patient and a consultation of the current key's clinic; sets PID, CID.
new_workup() {
    json_post /v1/patients "{\"external_id\":\"S-$RANDOM$RANDOM\",\"birth_date\":\"1970-03-15\",\"sex\":\"female\"}"
    expect_status 201
    PID=$(jq -r .id <<<"$BODY")
    json_post "/v1/patients/$PID/consultations" '{"region":"knee","side":"left","pain_nrs":6,"symptom_weeks":30,"occurred_at":"2026-11-02T10:00:00Z"}'
    expect_status 201
    CID=$(jq -r .id <<<"$BODY")
}

# The 401 body without what differs per request.
unauthorized_shape() { jq -c '{type, title, status, detail}' <<<"$BODY"; }

@test "no key, a malformed, unknown, revoked or expired key: the same 401 with WWW-Authenticate" {
    NO_AUTH=1 req GET /v1/patients
    expect_problem 401
    [[ "$(header WWW-Authenticate)" == Bearer* ]]
    want=$(unauthorized_shape)
    revoked=$(new_key clinician)
    id=$(sed -E 's/^paingen_([0-9a-f]{8})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{12})_.*/\1-\2-\3-\4-\5/' <<<"$revoked")
    PAINGEN_MIGRATIONS_DIR="$PAINGEN_ROOT/migrations" PAINGEN_LOG_LEVEL=error "$PAINGEN_BIN" keys revoke "$id"
    expired=$(new_key clinician "$DEFAULT_CLINIC" --expires 2030-01-01T00:00:00Z)
    sql -c "UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE expires_at IS NOT NULL"
    unknown="paingen_$(openssl rand -hex 16)_$(head -c 43 /dev/zero | tr '\0' A)"
    wrong_secret="${API_KEY:0:41}$(head -c 43 /dev/zero | tr '\0' B)"
    for key in "garbage" "paingen_xyz" "$unknown" "$wrong_secret" "$revoked" "$expired"; do
        API_KEY=$key req GET /v1/patients
        expect_problem 401
        [ "$(unauthorized_shape)" = "$want" ]
        [[ "$(header WWW-Authenticate)" == Bearer* ]]
    done
    NO_AUTH=1 req GET /v1/vocabulary
    expect_problem 401
    # the open operational routes stay open
    NO_AUTH=1 req GET /readyz
    expect_status 200
}

@test "a role that does not allow the operation is 403" {
    API_KEY=$READONLY json_post /v1/patients '{"external_id":"RO-1","birth_date":"1970-03-15","sex":"male"}'
    expect_problem 403
    API_KEY=$READONLY req GET /v1/patients
    expect_status 200
    req GET /v1/keys
    expect_problem 403
    API_KEY=$ADMIN req GET /v1/patients
    expect_problem 403
    API_KEY=$READONLY req GET /v1/audit
    expect_problem 403
    [ "$(sql -c "SELECT count(*) FROM patients WHERE external_id = 'RO-1'")" = 0 ]
    # a refusal is itself on the audit trail
    [ "$(sql -c "SELECT count(*) FROM audit_events WHERE status = 403 AND method = 'POST' AND route = '/v1/patients' AND role = 'readonly'")" = 1 ]
}

@test "clinic B's key cannot read, list, correct or assess clinic A's records: 404, and no data in any body" {
    new_workup
    json_post "/v1/consultations/$CID/findings" '{"code":"knee_mcmurray","result":"positive","side":"left"}'
    fid=$(jq -r .id <<<"$BODY")
    ext=$(sql -c "SELECT external_id FROM patients WHERE id = '$PID'")
    for path in "/v1/patients/$PID" "/v1/consultations/$CID" "/v1/findings/$fid" "/v1/findings/$fid/history" \
        "/v1/patients/$PID/consultations" "/v1/consultations/$CID/findings" "/v1/consultations/$CID/assessments"; do
        API_KEY=$KEY_B req GET "$path"
        expect_problem 404
        [[ "$BODY" != *"$ext"* && "$BODY" != *knee_mcmurray* ]]
    done
    API_KEY=$KEY_B req GET "/v1/patients?external_id=$ext"
    expect_status 200
    expect_json '.items == []'
    API_KEY=$KEY_B req PUT "/v1/findings/$fid" -H 'Content-Type: application/json' -H 'If-Match: "1"' \
        -d '{"code":"knee_mcmurray","result":"negative","side":"left"}'
    expect_problem 404
    API_KEY=$KEY_B req POST "/v1/consultations/$CID/assessments"
    expect_problem 404
    API_KEY=$KEY_B json_post "/v1/consultations/$CID/findings" '{"code":"knee_mcmurray","result":"negative","side":"left"}'
    expect_problem 404
    API_KEY=$KEY_B req PUT "/v1/consultations/$CID" -H 'Content-Type: application/json' -H 'If-Match: "1"' \
        -d '{"region":"knee","side":"left","pain_nrs":6,"symptom_weeks":30,"occurred_at":"2026-11-02T10:00:00Z"}'
    expect_problem 404
    # nothing changed for clinic A
    req GET "/v1/findings/$fid"
    expect_json '.version == 1 and .result == "positive"'
}

@test "row-level security holds for the service's login role even without a clinic filter" {
    new_workup
    a_count=$(sql -c "SELECT count(*) FROM patients WHERE clinic_id = '$DEFAULT_CLINIC'")
    API_KEY=$KEY_B new_workup
    as_app() { app_sql -c "SELECT set_config('paingen.clinic', '$1', false)" -c "$2" | tail -n 1; }
    # the service's role, clinic A named: only A's rows, whatever the query asks
    [ "$(as_app "$DEFAULT_CLINIC" "SELECT count(*) FROM patients")" = "$a_count" ]
    [ "$(as_app "$DEFAULT_CLINIC" "SELECT count(*) FROM patients WHERE clinic_id = '$CLINIC_B'")" = 0 ]
    [ "$(as_app "$DEFAULT_CLINIC" "SELECT count(*) FROM consultation_records WHERE clinic_id <> '$DEFAULT_CLINIC'")" = 0 ]
    [ "$(as_app "$DEFAULT_CLINIC" "SELECT count(*) FROM clinics")" = 1 ]
    # no clinic named: nothing at all
    [ "$(as_app "" "SELECT count(*) FROM patients")" = 0 ]
    # resetting the role changes nothing: the service logs in as this role
    [ "$(app_sql -c "RESET ROLE" -c "SELECT count(*) FROM patients" | tail -n 1)" = 0 ]
    run app_sql -c "SET ROLE paingen"
    [ "$status" -ne 0 ]
    # writing into another clinic is refused by the policy
    run app_sql -c "SELECT set_config('paingen.clinic', '$DEFAULT_CLINIC', false)" \
        -c "INSERT INTO patients (clinic_id, external_id, birth_date, sex) VALUES ('$CLINIC_B', 'X-RLS', '1970-01-01', 'male')"
    [ "$status" -ne 0 ]
    [[ "$output" == *"violates row-level security policy"* ]]
    [ "$(sql -c "SELECT count(*) FROM patients WHERE external_id = 'X-RLS'")" = 0 ]
    # and the role cannot switch policies off
    run app_sql -c "ALTER TABLE patients DISABLE ROW LEVEL SECURITY"
    [ "$status" -ne 0 ]
    # the service's connections are this role
    [ "$(sql -c "SELECT count(*) FROM pg_stat_activity WHERE datname = '$DB' AND application_name = 'paingen' AND usename = '${DB}_app'")" -ge 1 ]
}

@test "every request that touched patient data leaves an audit row; audit rows cannot change" {
    before=$(sql -c "SELECT count(*) FROM audit_events")
    new_workup
    req GET "/v1/patients/$PID"
    expect_status 200
    [ "$(header Cache-Control)" = no-store ]
    req GET /v1/patients/00000000-0000-4000-8000-0000000000ff
    expect_status 404
    req GET /v1/vocabulary # not patient data: no row
    json_post /v1/score '{"region":"knee","age":50,"symptom_weeks":20}' # reads and stores no record
    expect_status 200
    [ "$(sql -c "SELECT count(*) FROM audit_events")" = $((before + 4)) ]
    row=$(sql -c "SELECT method, route, status, role, '$PID' = ANY(resource_ids), request_id <> '', client_addr FROM audit_events ORDER BY at DESC, id LIMIT 1 OFFSET 1")
    [ "$row" = "GET|/v1/patients/{id}|200|clinician|t|t|127.0.0.1" ]
    # the created consultation's id is recorded with its POST
    [ "$(sql -c "SELECT count(*) FROM audit_events WHERE method = 'POST' AND '$CID' = ANY(resource_ids)")" = 1 ]
    # the admin reads them, filtered by resource
    API_KEY=$ADMIN req GET "/v1/audit?resource=$PID&limit=100"
    expect_status 200
    expect_json "[.items[].route] == [\"/v1/patients\", \"/v1/patients/{id}/consultations\", \"/v1/patients/{id}\"]"
    expect_json "[.items[].resource_ids | index(\"$PID\")] | all"
    # another clinic's admin sees none of it
    API_KEY=$ADMIN_B req GET "/v1/audit?resource=$PID"
    expect_status 200
    expect_json '.items == []'
    # a list names the rows it returned
    req GET "/v1/patients?external_id=$(sql -c "SELECT external_id FROM patients WHERE id = '$PID'")"
    expect_status 200
    [ "$(sql -c "SELECT count(*) FROM audit_events WHERE route = '/v1/patients' AND method = 'GET' AND '$PID' = ANY(resource_ids)")" = 1 ]
    run sql -c "UPDATE audit_events SET status = 200"
    [ "$status" -ne 0 ]
    [[ "$output" == *"audit events are append-only"* ]]
    run sql -c "DELETE FROM audit_events"
    [ "$status" -ne 0 ]
    [[ "$output" == *"audit events are append-only"* ]]
    run sql -c "TRUNCATE audit_events"
    [ "$status" -ne 0 ]
    [[ "$output" == *"audit events are append-only"* ]]
    run app_sql -c "SELECT set_config('paingen.clinic', '$DEFAULT_CLINIC', false)" -c "DELETE FROM audit_events"
    [ "$status" -ne 0 ]
    [[ "$output" == *"permission denied for table audit_events"* ]]
    API_KEY=$ADMIN req GET "/v1/audit?since=yesterday"
    expect_problem 422
}

@test "an id in capitals names the same record, and the audit trail, idempotency and the log keep it in lower case" {
    new_workup
    upper=${PID^^}
    req GET "/v1/patients/$upper"
    expect_status 200
    expect_json ".id == \"$PID\""
    rid=$(header X-Request-Id)
    [ "$(sql -c "SELECT resource_ids FROM audit_events WHERE request_id = '$rid'")" = "{$PID}" ]
    # the admin's search finds that read by the id, however it is spelt
    for id in "$PID" "$upper"; do
        API_KEY=$ADMIN req GET "/v1/audit?resource=$id&limit=100"
        expect_status 200
        expect_json "[.items[] | select(.request_id == \"$rid\")] | length == 1"
    done
    # a retry of a write, the id spelt otherwise, is the same request
    body='{"region":"knee","side":"left","pain_nrs":5,"symptom_weeks":12,"occurred_at":"2026-11-02T10:00:00Z"}'
    req POST "/v1/patients/$upper/consultations" -H 'Content-Type: application/json' -H "Idempotency-Key: caps-$PID" -d "$body"
    expect_status 201
    first=$(jq -r .id <<<"$BODY")
    req POST "/v1/patients/$PID/consultations" -H 'Content-Type: application/json' -H "Idempotency-Key: caps-$PID" -d "$body"
    expect_status 201
    [ "$(header Idempotent-Replayed)" = true ]
    expect_json ".id == \"$first\" and .patient_id == \"$PID\""
    # the access log has the path as every other use of it
    grep -q "\"path\":\"/v1/patients/$PID\"" "$SERVICE_LOG"
    run grep -c "$upper" "$SERVICE_LOG"
    [ "$output" = 0 ]
}

@test "paingen keys list shows a key's name, which a clinic's admin chose, without its control characters" {
    # an escape sequence reaches the operator's terminal; a line feed
    # makes a line that looks like another key
    API_KEY=$ADMIN json_post /v1/keys '{"role":"readonly","name":"desk \u001b]0;owned\u0007\u009bX\nfake-id  fake-clinic  admin  active  boss"}'
    expect_status 201
    id=$(jq -r .id <<<"$BODY")
    run env PAINGEN_MIGRATIONS_DIR="$PAINGEN_ROOT/migrations" PAINGEN_LOG_LEVEL=error "$PAINGEN_BIN" keys list
    [ "$status" -eq 0 ]
    [ "$(printf '%s\n' "$output" | wc -l)" = "$(sql -c "SELECT count(*) FROM api_keys")" ]
    [[ "$output" != *$'\e'* ]]
    [[ "$output" != *$'\a'* ]]
    [[ "$output" != *$'\u009b'* ]]
    [[ "$output" == *"$id  $DEFAULT_CLINIC  readonly  active  desk ?]0;owned??X?fake-id"* ]]
}

@test "keys: an admin creates one (shown once), lists them without secrets, revokes one at once" {
    API_KEY=$ADMIN json_post /v1/keys '{"role":"readonly","name":"front desk"}'
    expect_status 201
    key=$(jq -r .key <<<"$BODY")
    id=$(jq -r .id <<<"$BODY")
    [[ "$key" =~ ^paingen_[0-9a-f]{32}_[A-Za-z0-9_-]{43}$ ]]
    [ "$(header Location)" = "/v1/keys/$id" ]
    [ "$(sql -c "SELECT count(*) FROM api_keys WHERE id = '$id' AND role = 'readonly'")" = 1 ]
    API_KEY=$key req GET /v1/patients
    expect_status 200
    API_KEY=$ADMIN req GET /v1/keys?limit=100
    expect_status 200
    expect_json "[.items[] | select(.id == \"$id\")] | length == 1"
    [[ "$BODY" != *"${key:41}"* ]]
    API_KEY=$ADMIN req POST "/v1/keys/${id^^}/revoke" # the id in capitals is the same key
    expect_status 200
    expect_json '.revoked_at != null'
    API_KEY=$key req GET /v1/patients
    expect_problem 401
    API_KEY=$ADMIN json_post /v1/keys '{"role":"root","name":"x","expires_at":"2020-01-01T00:00:00Z"}'
    expect_problem 422
    expect_json '[.errors[].pointer] | sort == ["/expires_at", "/role"]'
    # another clinic's key is not found
    b_id=$(sql -c "SELECT id FROM api_keys WHERE clinic_id = '$CLINIC_B' LIMIT 1")
    API_KEY=$ADMIN req POST "/v1/keys/$b_id/revoke"
    expect_problem 404
}

@test "SQL-injection and path-traversal strings are only data" {
    evil="x'); DROP TABLE patients; --"
    json_post /v1/patients "$(jq -cn --arg e "$evil" '{external_id: $e, birth_date: "1970-03-15", sex: "other"}')"
    expect_status 201
    expect_json ".external_id == $(jq -n --arg e "$evil" '$e')"
    req GET "/v1/patients?external_id=$(jq -rn --arg e "' OR '1'='1" '$e|@uri')"
    expect_status 200
    expect_json '.items == []'
    for p in "/v1/patients/..%2F..%2Fetc%2Fpasswd" "/v1/patients/../../etc/passwd" "/v1/patients/%27%20OR%201%3D1"; do
        NO_CONTRACT=1 req GET "$p" --path-as-is
        # 400: an encoded '/' is refused before routing (http.bats)
        [ "$STATUS" = 400 ] || [ "$STATUS" = 404 ] || [ "$STATUS" = 422 ]
        [[ "$BODY" != *root:* ]]
    done
    [ "$(sql -c "SELECT count(*) FROM pg_tables WHERE tablename = 'patients'")" = 1 ]
    # a body nested 40 deep is refused before any handler walks it
    deep=$(printf '{"a":%.0s' $(seq 1 40))1$(printf '}%.0s' $(seq 1 40))
    json_post /v1/patients "$deep"
    expect_problem 422
    expect_json '.errors[0].detail | contains("nested deeper")'
    # nested to the JSON parser's own limit (2048) it is parsed first, on the
    # connection thread's stack (the deepest use measured), and still refused
    deep=$(printf '{"a":%.0s' $(seq 1 2040))1$(printf '}%.0s' $(seq 1 2040))
    json_post /v1/patients "$deep"
    expect_problem 422
    deep=$(printf '[%.0s' $(seq 1 2100))$(printf ']%.0s' $(seq 1 2100))
    json_post /v1/patients "$deep"
    expect_problem 400
    expect_json '.detail | contains("maximum parsing depth")'
    # and no response names the server software
    run grep -qi '^server:' "$HEADERS"
    [ "$status" -eq 1 ]
}

@test "HTTPS with a certificate made for the test: the handshake and an authenticated request" {
    dir=$BATS_TEST_TMPDIR/tls
    mkdir -p "$dir"
    openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost \
        -addext subjectAltName=IP:127.0.0.1 -keyout "$dir/key.pem" -out "$dir/cert.pem" 2>/dev/null
    plain_base=$BASE plain_pid=$SERVICE_PID plain_log=$SERVICE_LOG
    start_service PAINGEN_TLS_CERT="$dir/cert.pem" PAINGEN_TLS_KEY="$dir/key.pem"
    OWN_PID=$SERVICE_PID
    https_base=${BASE/http:/https:}
    run curl -s --cacert "$dir/cert.pem" -H "Authorization: Bearer $API_KEY" "$https_base/v1/vocabulary"
    [ "$status" -eq 0 ]
    [ "$(jq '.items | length' <<<"$output")" -gt 100 ]
    run curl -s -o /dev/null -w '%{http_code}' --cacert "$dir/cert.pem" "$https_base/healthz"
    [ "$output" = 200 ]
    # plain HTTP to the TLS port gets no answer
    run curl -s --max-time 3 "$BASE/healthz"
    [ "$status" -ne 0 ]
    stop_service
    BASE=$plain_base SERVICE_PID=$plain_pid SERVICE_LOG=$plain_log
    export BASE SERVICE_PID SERVICE_LOG
}

@test "a refused POST /v1/score is audited, though scoring a case sent whole is not" {
    before=$(sql -c "SELECT count(*) FROM audit_events WHERE route = '/v1/score'")
    API_KEY=$READONLY json_post /v1/score '{"region":"knee","age":50,"symptom_weeks":20}'
    expect_problem 403
    [ "$(header Cache-Control)" = no-store ]
    [ "$(sql -c "SELECT count(*) FROM audit_events WHERE route = '/v1/score' AND status = 403 AND role = 'readonly'")" = $((before + 1)) ]
}

@test "a checked key is trusted for PAINGEN_KEY_CACHE_SECONDS: a revocation made elsewhere takes effect after it" {
    plain_base=$BASE plain_pid=$SERVICE_PID plain_log=$SERVICE_LOG plain_key=$API_KEY
    start_service PAINGEN_KEY_CACHE_SECONDS=2
    OWN_PID=$SERVICE_PID
    key=$(new_key clinician)
    id=$(sed -E 's/^paingen_([0-9a-f]{8})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{12})_.*/\1-\2-\3-\4-\5/' <<<"$key")
    API_KEY=$key req GET /v1/patients
    expect_status 200
    # a wrong secret for a key in the cache is refused without the database
    API_KEY="${key:0:41}$(printf 'B%.0s' {1..43})" req GET /v1/patients
    expect_problem 401
    PAINGEN_MIGRATIONS_DIR="$PAINGEN_ROOT/migrations" PAINGEN_LOG_LEVEL=error "$PAINGEN_BIN" keys revoke "$id"
    # within the cache's 2 s the key may still be honoured; after them, never
    wait_for 5 bash -c "[ \"\$(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer $key' $BASE/v1/patients)\" = 401 ]"
    API_KEY=$key req GET /v1/patients
    expect_problem 401
    stop_service
    BASE=$plain_base SERVICE_PID=$plain_pid SERVICE_LOG=$plain_log API_KEY=$plain_key
    export BASE SERVICE_PID SERVICE_LOG API_KEY
}

@test "a key past its burst gets 429 with Retry-After, and other keys do not" {
    plain_base=$BASE plain_pid=$SERVICE_PID plain_log=$SERVICE_LOG plain_key=$API_KEY
    start_service PAINGEN_RATE_LIMIT=1 PAINGEN_RATE_BURST=3
    OWN_PID=$SERVICE_PID
    before=$(sql -c "SELECT count(*) FROM audit_events WHERE route = '/v1/score' AND status = 429")
    # the burst, then the refusals at once: a token comes back each second
    for i in 1 2 3; do
        req GET /v1/vocabulary
        expect_status 200
    done
    req GET /v1/vocabulary
    expect_problem 429
    [ "$(header Retry-After)" -ge 1 ]
    # a refused POST /v1/score is recorded too: within about a second, a
    # row of the key's refusals of that route, with their count
    json_post /v1/score '{"region":"knee","age":50,"symptom_weeks":20}'
    expect_problem 429
    [ "$(header Cache-Control)" = no-store ]
    API_KEY=$READONLY req GET /v1/vocabulary
    expect_status 200
    wait_for 5 refusal_rows /v1/score $((before + 1))
    [ "$(sql -c "SELECT method, role, count, request_id <> '', client_addr FROM audit_events WHERE route = '/v1/score' AND status = 429 ORDER BY at DESC LIMIT 1")" = "POST|clinician|1|t|127.0.0.1" ]
    API_KEY=$ADMIN req GET "/v1/audit?limit=100"
    expect_status 200
    expect_json '[.items[] | select(.status == 429 and .route == "/v1/score") | .count] | length >= 1 and all(. >= 1)'
    expect_json '[.items[] | select(.status != 429) | .count] | all(. == 1)'
    stop_service
    BASE=$plain_base SERVICE_PID=$plain_pid SERVICE_LOG=$plain_log API_KEY=$plain_key
    export BASE SERVICE_PID SERVICE_LOG API_KEY
}

@test "make run's tables belong to a role that is no superuser and can neither change nor disable the audit trail" {
    RUN_DIR=$(mktemp -d /tmp/paingen-run.XXXXXX)
    chmod 755 "$RUN_DIR" # the cluster may run as the postgres user
    env -u DATABASE_URL PAINGEN_DATA_DIR="$RUN_DIR/data" PAINGEN_LISTEN=127.0.0.1:0 \
        "$PAINGEN_ROOT/scripts/run.sh" >"$RUN_DIR/run.log" 2>&1 3>&- &
    RUN_PID=$!
    wait_for 60 grep -q ' listening on ' "$RUN_DIR/run.log" || { cat "$RUN_DIR/run.log" >&2; false; }
    base=http://127.0.0.1:$(sed -n 's/.*listening on [^ ]* port \([0-9]*\)".*/\1/p' "$RUN_DIR/run.log")
    as_dev() { curl -sf -H "Authorization: Bearer $(cat "$RUN_DIR/data/dev-key-$1")" "$base$2"; }
    as_dev clinician /v1/patients >/dev/null # read patient data: one audit row
    # the development user signs in as printed
    password=$(cat "$RUN_DIR/data/dev-user-password")
    grep -q "sign in as clinician@paingen.test, password $password" "$RUN_DIR/run.log"
    session=$(curl -sf -X POST -H 'Content-Type: application/json' \
        -d "{\"email\":\"clinician@paingen.test\",\"password\":\"$password\"}" "$base/v1/sessions")
    [ "$(jq -c '[.user.role, .user.clinic_id]' <<<"$session")" = "[\"clinician\",\"$DEFAULT_CLINIC\"]" ]
    trail=$(as_dev admin "/v1/audit?limit=100" | jq -c .items)
    [ "$(jq length <<<"$trail")" -ge 1 ]
    url=$("$PAINGEN_ROOT/scripts/pgcluster.sh" url "$RUN_DIR/data" paingen)
    owner_sql() { psql "$url" -tAX -v ON_ERROR_STOP=1 "$@"; }
    # the role of make run's DATABASE_URL, its migrations and its keys
    [ "$(owner_sql -c "SELECT rolsuper, rolcreaterole, rolcreatedb, rolbypassrls FROM pg_roles WHERE rolname = current_user")" = "f|f|f|f" ]
    [ "$(owner_sql -c "SELECT tableowner FROM pg_tables WHERE tablename = 'patients'")" = paingen ]
    [ "$(owner_sql -c "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()")" = postgres ]
    for statement in "ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only" \
        "UPDATE audit_events SET status = 500" "DELETE FROM audit_events" "TRUNCATE audit_events" \
        "DROP TABLE audit_events" "DROP SCHEMA public CASCADE" "SET session_replication_role = replica" \
        "CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NULL; END'" \
        "GRANT pg_execute_server_program TO paingen" "ALTER ROLE paingen CREATEROLE"; do
        run owner_sql -c "$statement"
        [ "$status" -ne 0 ] || { echo "the owner could: $statement" >&2; false; }
    done
    [ "$(as_dev admin "/v1/audit?limit=100" | jq -c .items)" = "$trail" ]
    # the cluster's superuser can, as the README says
    run psql "$("$PAINGEN_ROOT/scripts/pgcluster.sh" url "$RUN_DIR/data" paingen --superuser)" -v ON_ERROR_STOP=1 \
        -c "BEGIN" -c "ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only" -c "ROLLBACK"
    [ "$status" -eq 0 ]
}

# refusal_rows ROUTE N: the audit trail has N rows of 429s of ROUTE.
refusal_rows() { [ "$(sql -c "SELECT count(*) FROM audit_events WHERE route = '$1' AND status = 429")" = "$2" ]; }

# flood_config N PATH KEY: a curl config of N GET requests of PATH, each
# writing its status on a line of its own; KEY "unknown": each request
# with a well-formed key of its own that does not exist.
flood_config() {
    openssl rand -hex $((16 * $1)) | fold -w 32 | head -n "$1" |
        awk -v url="$BASE$2" -v key="$3" '{
            k = key == "unknown" ? "paingen_" $0 "_" sprintf("%043d", 0) : key
            if (NR > 1)
                print "next"
            printf "url = \"%s\"\nheader = \"Authorization: Bearer %s\"\n", url, k
            print "output = \"/dev/null\"\nwrite-out = \"%{http_code}\\n\"\nsilent"
        }'
}

# flood CONFIG: sends its requests 8 at a time; prints their statuses.
flood() { curl -Z --parallel-max 8 -K "$1" 2>/dev/null; }

# Transactions committed or rolled back in $DB, and index scans of
# api_keys (a key's lookup is one). A backend reports its counts when it
# has been idle a while or exits: read them once the service has stopped
# and its connections are gone.
db_xacts() { sql -c "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()"; }
key_lookups() { sql -c "SELECT idx_scan FROM pg_stat_user_tables WHERE relname = 'api_keys'"; }
# Waits up to 10 s, in one transaction, for every other client backend of
# $DB to be gone.
backends_gone() {
    sql -c "DO \$\$ BEGIN
        FOR i IN 1..100 LOOP
            PERFORM pg_stat_clear_snapshot();
            IF (SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()
                AND pid <> pg_backend_pid() AND backend_type = 'client backend') = 0 THEN
                RETURN;
            END IF;
            PERFORM pg_sleep(0.1);
        END LOOP;
        RAISE 'other backends are still connected';
    END \$\$" >/dev/null
}

# These tests count the database's transactions once the service's
# backends are gone; behind PgBouncer the server connections outlive the
# service, so they run in make test's direct stage only.
direct_only() {
    if [ -n "${PAINGEN_TEST_PGBOUNCER:-}" ]; then
        skip "counts per-backend transactions, which PgBouncer's pooled connections hold: measured in the direct stage"
    fi
}

# now_ms: monotonic enough for a test's elapsed time.
now_ms() { date +%s%3N; }

@test "a key flooding past its rate: no transaction per 429, and its refusals counted, not written one by one" {
    direct_only
    plain_base=$BASE plain_pid=$SERVICE_PID plain_log=$SERVICE_LOG plain_key=$API_KEY plain_db=$DB plain_url=$DATABASE_URL
    new_db it_security_flood
    start_service PAINGEN_RATE_LIMIT=1 PAINGEN_RATE_BURST=3
    OWN_PID=$SERVICE_PID
    key=$(new_key readonly)
    flood_config 2000 /v1/patients "$key" >"$BATS_TEST_TMPDIR/flood"
    backends_gone # the command line's, which made the keys
    x0=$(db_xacts)
    API_KEY=$key req GET /v1/patients # the key's one lookup: it is in the cache now
    expect_status 200
    t0=$(now_ms)
    flood "$BATS_TEST_TMPDIR/flood" >"$BATS_TEST_TMPDIR/statuses"
    seconds=$((($(now_ms) - t0) / 1000 + 1))
    stop_service # counts still in memory are written as it stops
    backends_gone
    x1=$(db_xacts)
    refused=$(grep -c '^429$' "$BATS_TEST_TMPDIR/statuses")
    echo "429s: $refused in ${seconds}s; transactions: $((x1 - x0))"
    [ "$refused" -ge 1900 ]
    # far fewer transactions than refusals: none for a 429, one a second to record them
    [ $(((x1 - x0) * 20)) -lt "$refused" ]
    # a row per key and second, not per 429, and together they count every refusal
    rows=$(sql -c "SELECT count(*) FROM audit_events WHERE status = 429")
    echo "audit rows of 429s: $rows"
    [ "$rows" -le $((seconds + 2)) ]
    [ "$(sql -c "SELECT sum(count) FROM audit_events WHERE status = 429 AND role = 'readonly' AND route = '/v1/patients'")" = "$refused" ]
    BASE=$plain_base SERVICE_PID=$plain_pid SERVICE_LOG=$plain_log API_KEY=$plain_key DB=$plain_db DATABASE_URL=$plain_url
    export BASE SERVICE_PID SERVICE_LOG API_KEY DB DATABASE_URL
}

@test "guessing keys from one address: past its failed-authentication limit, 429 before any database lookup" {
    direct_only
    plain_base=$BASE plain_pid=$SERVICE_PID plain_log=$SERVICE_LOG plain_key=$API_KEY plain_db=$DB plain_url=$DATABASE_URL
    new_db it_security_guess
    start_service PAINGEN_RATE_LIMIT=1 PAINGEN_RATE_BURST=3
    OWN_PID=$SERVICE_PID
    flood_config 2000 /v1/patients unknown >"$BATS_TEST_TMPDIR/flood"
    backends_gone # the command line's, which made the key
    x0=$(db_xacts)
    k0=$(key_lookups)
    req GET /v1/patients # a key of the same address, in the cache from now on
    expect_status 200
    t0=$(now_ms)
    flood "$BATS_TEST_TMPDIR/flood" >"$BATS_TEST_TMPDIR/statuses"
    seconds=$((($(now_ms) - t0) / 1000 + 1))
    # the address is past its limit, but a key checked in memory is no guess
    req GET /v1/patients
    expect_status 200
    stop_service
    backends_gone
    x1=$(db_xacts)
    k1=$(key_lookups)
    refused=$(grep -c '^429$' "$BATS_TEST_TMPDIR/statuses")
    echo "429s: $refused of 2000 in ${seconds}s; key lookups: $((k1 - k0)); transactions: $((x1 - x0))"
    [ "$refused" -ge 1900 ]
    [ "$(grep -c '^401$' "$BATS_TEST_TMPDIR/statuses")" -ge 3 ] # the burst's guesses were looked up
    # a lookup for the key, then one for each token of the address (3,
    # then 1 a second), and no more
    [ $((k1 - k0)) -le $((1 + 3 + seconds)) ]
    # with the pool's connections set up and the two requests: a few tens
    # of transactions, where a lookup per guess makes 2,000
    [ $((x1 - x0)) -le 60 ]
    BASE=$plain_base SERVICE_PID=$plain_pid SERVICE_LOG=$plain_log API_KEY=$plain_key DB=$plain_db DATABASE_URL=$plain_url
    export BASE SERVICE_PID SERVICE_LOG API_KEY DB DATABASE_URL
}
