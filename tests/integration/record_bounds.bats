#!/usr/bin/env bats
# How much a consultation holds and how much one read of it carries: the
# current flag is stored (read, not computed per record), a consultation
# takes at most 1000 records, and its read embeds at most 200 of each
# kind with a cursor to the rest; a record or a consultation has at most
# 100 versions, the last only to enter it in error.

load helpers

setup_file() {
    new_db it_bounds
    # the service's own statements have their plans logged (auto_explain),
    # so that a test can check the plan of the statement a request ran
    env DATABASE_URL="$DATABASE_URL" PAINGEN_MIGRATIONS_DIR="$PAINGEN_ROOT/migrations" \
        PAINGEN_LOG_LEVEL=error "$PAINGEN_BIN" --migrate-only
    sql -c "ALTER ROLE ${DB}_app IN DATABASE $DB SET session_preload_libraries = 'auto_explain'" \
        -c "ALTER ROLE ${DB}_app IN DATABASE $DB SET auto_explain.log_min_duration = 0"
    start_service
}

teardown_file() { stop_service; }

json_post() { req POST "$1" -H 'Content-Type: application/json' -d "$2"; }
records() { sql -c "SELECT count(*) FROM consultation_records WHERE consultation_id = '$CID'"; }
versions() { sql -c "SELECT count(*) FROM record_versions v JOIN consultation_records r ON r.id = v.id WHERE r.consultation_id = '$CID'"; }

# new_consultation: a lumbar consultation with one finding, one imaging
# study and one block recorded through the API; sets CID.
new_consultation() {
    json_post /v1/patients "{\"external_id\":\"B-$RANDOM$RANDOM\",\"birth_date\":\"1962-08-19\",\"sex\":\"female\"}"
    expect_status 201
    local pid
    pid=$(jq -r .id <<<"$BODY")
    json_post "/v1/patients/$pid/consultations" '{"region":"lumbar","side":"right","pain_sites":["buttock"],"pain_nrs":6,"symptom_weeks":30,"occurred_at":"2026-11-02T10:00:00Z"}'
    expect_status 201
    CID=$(jq -r .id <<<"$BODY")
    json_post "/v1/consultations/$CID/findings" '{"code":"sij_distraction","result":"positive","side":"right"}'
    expect_status 201
    json_post "/v1/consultations/$CID/imaging" '{"modality":"mri","performed_on":"2026-10-20","findings":[{"code":"lumbar_disc_degeneration","level":"L4-L5","grade":"3"}]}'
    expect_status 201
    json_post "/v1/consultations/$CID/blocks" '{"target":"sij_intraarticular","side":"right","agent":"lidocaine","performed_at":"2026-11-10T09:00:00Z","baseline_nrs":7,"readings":[{"minutes":30,"nrs":2}]}'
    expect_status 201
}

# copy_records KIND N: N more records of KIND in the consultation, through
# SQL: copies of the one the API recorded, each a microsecond later than
# the last, each with its first version, as the service writes them.
copy_records() {
    sql -c "WITH src AS (SELECT * FROM consultation_records WHERE consultation_id = '$CID' AND kind = '$1'
                         ORDER BY created_at DESC LIMIT 1),
            ins AS (INSERT INTO consultation_records (clinic_id, consultation_id, kind, doc, created_at, updated_at)
                    SELECT src.clinic_id, src.consultation_id, src.kind, src.doc,
                           src.created_at + n * interval '1 microsecond', src.created_at + n * interval '1 microsecond'
                    FROM src, generate_series(1, $2) AS n RETURNING *)
            INSERT INTO record_versions (clinic_id, resource, id, version, status, doc)
            SELECT clinic_id, kind, id, 1, status, doc || jsonb_build_object('id', id) FROM ins" >/dev/null
}

FINDING='{"code":"sij_distraction","result":"positive","side":"right"}'
IMAGING='{"modality":"mri","performed_on":"2026-10-20","findings":[{"code":"lumbar_disc_degeneration","level":"L4-L5","grade":"3"}]}'
BLOCK='{"target":"sij_intraarticular","side":"right","agent":"lidocaine","performed_at":"2026-11-10T09:00:00Z","baseline_nrs":7,"readings":[{"minutes":30,"nrs":2}]}'
CONSULTATION='{"region":"lumbar","side":"right","pain_sites":["buttock"],"pain_nrs":6,"symptom_weeks":30,"occurred_at":"2026-11-02T10:00:00Z"}'

# put PATH VERSION BODY [STATUS]: a correction of PATH with If-Match
# VERSION, the body's status set to STATUS when given.
put() {
    local body=$3
    if [ -n "${4:-}" ]; then body=$(jq -c --arg s "$4" '.status = $s' <<<"$3"); fi
    req PUT "$1" -H 'Content-Type: application/json' -H "If-Match: \"$2\"" -d "$body"
}

# raise_versions TABLE RESOURCE ID N: the record (or consultation) ID,
# at version 1, brought to version N through SQL, its history complete:
# versions 2 to N are its first, as if corrected N - 1 times unchanged.
raise_versions() {
    sql -c "UPDATE $1 SET version = $4 WHERE id = '$3'" \
        -c "INSERT INTO record_versions (clinic_id, resource, id, version, status, doc)
            SELECT clinic_id, resource, id, n, status, doc || jsonb_build_object('version', n)
            FROM record_versions, generate_series(2, $4) AS n
            WHERE resource = '$2' AND id = '$3' AND version = 1" >/dev/null
}

# state RESOURCE TABLE ID: what a write would change, in one line: the
# stored version, status and document, and the history's versions.
state() {
    sql -c "SELECT t.version, t.status, t.doc::text, (SELECT count(*) || '/' || max(version)
            FROM record_versions v WHERE v.resource = '$1' AND v.id = t.id) FROM $2 t WHERE t.id = '$3'"
}

# plans COMMAND...: runs COMMAND and prints the plans of the statements the
# service ran meanwhile, as PostgreSQL logged them.
plans() {
    local log=$PAINGEN_TEST_CLUSTER/postgres.log size
    size=$(stat -c %s "$log")
    "$@"
    tail -c +$((size + 1)) "$log"
}

@test "a consultation read reads each record's current flag: no subplan runs per record" {
    new_consultation
    copy_records finding 30
    plans req GET "/v1/consultations/$CID" >"$BATS_TEST_TMPDIR/plans"
    expect_status 200
    expect_json '(.findings | length) == 31 and ([.findings[] | select(.current)] | length) == 1'
    # the read was logged with its plan
    grep -q "'findings'" "$BATS_TEST_TMPDIR/plans"
    run grep -c "SubPlan" "$BATS_TEST_TMPDIR/plans"
    [ "$output" = 0 ]
}

@test "a page of findings and a finding's read compute nothing per record either" {
    new_consultation
    copy_records finding 5
    plans req GET "/v1/consultations/$CID/findings?limit=100" >"$BATS_TEST_TMPDIR/plans"
    expect_status 200
    expect_json '(.items | length) == 6 and ([.items[] | select(.current)] | length) == 1'
    id=$(jq -r '.items[0].id' <<<"$BODY")
    plans req GET "/v1/findings/$id" >>"$BATS_TEST_TMPDIR/plans"
    expect_status 200
    expect_json '.current == false'
    grep -q "Query Text" "$BATS_TEST_TMPDIR/plans"
    run grep -c "SubPlan" "$BATS_TEST_TMPDIR/plans"
    [ "$output" = 0 ]
}

@test "a consultation holds at most 1000 records: the next one is 409 and nothing is written" {
    new_consultation
    copy_records finding 997
    [ "$(records)" = 1000 ]
    before_versions=$(versions)
    before_keys=$(sql -c "SELECT count(*) FROM idempotency_keys")
    req POST "/v1/consultations/$CID/findings" -H 'Content-Type: application/json' -H 'Idempotency-Key: bounds-full-1' \
        -d '{"code":"sij_thigh_thrust","result":"positive","side":"right"}'
    expect_problem 409
    expect_json '.type == "urn:paingen:problem:too-many-records"'
    expect_json '.detail | test("1000 records")'
    json_post "/v1/consultations/$CID/imaging" '{"modality":"xr","performed_on":"2026-10-20","findings":[]}'
    expect_problem 409
    json_post "/v1/consultations/$CID/blocks" '{"target":"sij_intraarticular","side":"right","agent":"bupivacaine","performed_at":"2026-11-11T09:00:00Z","baseline_nrs":7,"readings":[{"minutes":30,"nrs":2}]}'
    expect_problem 409
    [ "$(records)" = 1000 ]
    [ "$(versions)" = "$before_versions" ]
    [ "$(sql -c "SELECT count(*) FROM idempotency_keys")" = "$before_keys" ]
    # a correction makes a version, not a record: still allowed
    id=$(sql -c "SELECT id FROM consultation_records WHERE consultation_id = '$CID' AND kind = 'finding' ORDER BY created_at DESC, id DESC LIMIT 1")
    req PUT "/v1/findings/$id" -H 'Content-Type: application/json' -H 'If-Match: "1"' \
        -d '{"code":"sij_distraction","result":"negative","side":"right","status":"entered_in_error"}'
    expect_status 200
    # and a record entered in error still counts
    json_post "/v1/consultations/$CID/findings" '{"code":"sij_thigh_thrust","result":"positive","side":"right"}'
    expect_problem 409
    [ "$(records)" = 1000 ]
}

@test "concurrent records at the bound: as many as fit are recorded, one of their test current" {
    new_consultation
    copy_records finding 991
    [ "$(records)" = 994 ]
    dir=$BATS_TEST_TMPDIR/par
    mkdir -p "$dir"
    pids=()
    for i in $(seq 1 12); do
        curl -s -o "$dir/$i.body" -w '%{http_code}\n' -X POST "$BASE/v1/consultations/$CID/findings" \
            -H "Authorization: Bearer $API_KEY" -H 'Content-Type: application/json' \
            -d '{"code":"sij_thigh_thrust","result":"positive","side":"right"}' >"$dir/$i.status" 3>&- &
        pids+=($!)
    done
    wait "${pids[@]}"
    [ "$(cat "$dir"/*.status | sort | uniq -c | awk '{print $2 "x" $1}' | paste -sd ' ')" = "201x6 409x6" ]
    [ "$(records)" = 1000 ]
    # of the six, the latest alone is current
    run sql -c "SELECT string_agg(current::text, ' ' ORDER BY created_at, id) FROM consultation_records
                WHERE consultation_id = '$CID' AND doc->>'code' = 'sij_thigh_thrust'"
    [ "$output" = "false false false false false true" ]
}

@test "a consultation read embeds at most 200 records of a kind, and says where the rest are" {
    new_consultation
    copy_records finding 249
    req GET "/v1/consultations/$CID"
    expect_status 200
    # (counted apart: a failure prints the counts, not 250 records)
    [ "$(jq -c '[.findings, .imaging, .blocks | length]' <<<"$BODY")" = '[200,1,1]' ]
    expect_json '.more.imaging == null and .more.blocks == null'
    expect_json '.more.findings.total == 250'
    embedded=$(jq -r '.findings[].id' <<<"$BODY")
    next=$(jq -r '.more.findings.next' <<<"$BODY")
    cursor=$(jq -r '.more.findings.next_cursor' <<<"$BODY")
    [ "$next" = "/v1/consultations/$CID/findings?limit=100&cursor=$cursor" ]
    # the rest, page by page from the link
    rest=
    while [ "$next" != null ]; do
        req GET "$next"
        expect_status 200
        rest+=$(jq -r '.items[].id' <<<"$BODY")$'\n'
        next=$(jq -r 'if .next_cursor then "/v1/consultations/'"$CID"'/findings?limit=100&cursor=" + .next_cursor else null end' <<<"$BODY")
    done
    all=$(sql -c "SELECT id FROM consultation_records WHERE consultation_id = '$CID' AND kind = 'finding' ORDER BY created_at, id")
    [ "$(printf '%s\n%s' "$embedded" "${rest%$'\n'}")" = "$all" ]
}

@test "the current flag follows corrections: superseded, restored, moved to another side" {
    new_consultation
    first=$(sql -c "SELECT id FROM consultation_records WHERE consultation_id = '$CID' AND kind = 'finding'")
    json_post "/v1/consultations/$CID/findings" '{"code":"sij_distraction","result":"negative","side":"right"}'
    expect_json '.current == true'
    second=$(jq -r .id <<<"$BODY")
    req GET "/v1/findings/$first"
    expect_json '.current == false'
    # the latest entered in error: the earlier one is current again
    req PUT "/v1/findings/$second" -H 'Content-Type: application/json' -H 'If-Match: "1"' \
        -d '{"code":"sij_distraction","result":"negative","side":"right","status":"entered_in_error"}'
    expect_status 200
    expect_json '.current == false'
    req GET "/v1/findings/$first"
    expect_json '.current == true'
    # back to active, then moved to the left: each side has its own latest
    req PUT "/v1/findings/$second" -H 'Content-Type: application/json' -H 'If-Match: "2"' \
        -d '{"code":"sij_distraction","result":"negative","side":"right","status":"active"}'
    expect_json '.current == true'
    req GET "/v1/findings/$first"
    expect_json '.current == false'
    req PUT "/v1/findings/$second" -H 'Content-Type: application/json' -H 'If-Match: "3"' \
        -d '{"code":"sij_distraction","result":"negative","side":"left"}'
    expect_json '.current == true and .side == "left"'
    req GET "/v1/findings/$first"
    expect_json '.current == true'
    # the history keeps each version as it was served
    req GET "/v1/findings/$second/history"
    expect_json '[.items[].current] == [true, false, true, true]'
    req GET "/v1/consultations/$CID"
    expect_json '[.findings[] | select(.current) | .side] == ["right", "left"]'
}

@test "migrating a database that holds records marks the latest active finding of each test and side" {
    new_db it_bounds_migrate
    migs=$BATS_TEST_TMPDIR/migrations
    mkdir -p "$migs"
    for f in "$PAINGEN_ROOT"/migrations/*.sql; do
        n=$(basename "$f")
        if [ "${n%%_*}" -lt 12 ]; then cp "$f" "$migs/"; fi
    done
    migrate() {
        env DATABASE_URL="$DATABASE_URL" PAINGEN_MIGRATIONS_DIR="$1" PAINGEN_LOG_LEVEL=error \
            PAINGEN_DB_START_WAIT=0 "$PAINGEN_BIN" --migrate-only
    }
    migrate "$migs"
    c=$DEFAULT_CLINIC
    sql -c "INSERT INTO patients (clinic_id, id, external_id, birth_date, sex)
            VALUES ('$c', '00000000-0000-0000-0000-0000000000a1', 'M-1', '1960-01-01', 'female')" \
        -c "INSERT INTO consultations (clinic_id, id, patient_id, region, occurred_at, doc)
            VALUES ('$c', '00000000-0000-0000-0000-0000000000c1', '00000000-0000-0000-0000-0000000000a1',
                    'lumbar', '2026-11-02T10:00:00Z', '{}')" \
        -c "INSERT INTO consultation_records (clinic_id, id, consultation_id, kind, status, doc, created_at)
            SELECT '$c', ('00000000-0000-0000-0000-00000000000' || n)::uuid, '00000000-0000-0000-0000-0000000000c1',
                   k, s, d::jsonb, '2026-11-02T10:00:00Z'::timestamptz + n * interval '1 minute'
            FROM (VALUES (1, 'finding', 'active', '{\"code\":\"sij_distraction\",\"side\":\"right\"}'),
                         (2, 'finding', 'active', '{\"code\":\"sij_distraction\",\"side\":\"right\"}'),
                         (3, 'finding', 'entered_in_error', '{\"code\":\"sij_distraction\",\"side\":\"right\"}'),
                         (4, 'finding', 'active', '{\"code\":\"sij_distraction\",\"side\":null}'),
                         (5, 'finding', 'active', '{\"code\":\"sij_distraction\",\"side\":\"left\"}'),
                         (6, 'finding', 'entered_in_error', '{\"code\":\"sij_compression\",\"side\":null}'),
                         (7, 'imaging', 'active', '{}'),
                         (8, 'block', 'entered_in_error', '{}')) AS v(n, k, s, d)" >/dev/null
    cp "$PAINGEN_ROOT"/migrations/0012_*.sql "$migs/"
    migrate "$migs"
    run sql -c "SELECT string_agg(right(id::text, 1) || ':' || current, ' ' ORDER BY id) FROM consultation_records"
    [ "$output" = "1:false 2:true 3:false 4:true 5:true 6:false 7:true 8:false" ]
    # row-level security is forced again, and a later finding supersedes the migrated one
    [ "$(sql -c "SELECT relforcerowsecurity FROM pg_class WHERE relname = 'consultation_records'")" = t ]
    sql -c "INSERT INTO consultation_records (clinic_id, consultation_id, kind, doc)
            VALUES ('$c', '00000000-0000-0000-0000-0000000000c1', 'finding', '{\"code\":\"sij_distraction\",\"side\":\"right\"}')" >/dev/null
    run sql -c "SELECT string_agg(current::text, ' ' ORDER BY created_at) FROM consultation_records
                WHERE kind = 'finding' AND doc->>'side' = 'right'"
    [ "$output" = "false false false true" ]
}

@test "a finding has at most 100 versions, the last only to enter it in error: then 409 and nothing is written" {
    new_consultation
    id=$(sql -c "SELECT id FROM consultation_records WHERE consultation_id = '$CID' AND kind = 'finding'")
    raise_versions consultation_records finding "$id" 98
    # corrections up to the 99th version, as any other
    put "/v1/findings/$id" 98 "$(jq -c '.result = "negative"' <<<"$FINDING")"
    expect_status 200
    expect_json '.version == 99 and .result == "negative" and .status == "active"'
    [ "$(header ETag)" = '"99"' ]
    # the 100th only enters it in error
    before=$(state finding consultation_records "$id")
    put "/v1/findings/$id" 99 "$FINDING"
    expect_problem 409
    expect_json '.type == "urn:paingen:problem:too-many-versions" and .title == "Too many versions"'
    expect_json '.detail | test("99 versions of the 100") and test("entered_in_error") and test("record a new finding")'
    put "/v1/findings/$id" 99 "$FINDING" active
    expect_problem 409
    # whatever If-Match says: no retry could succeed
    put "/v1/findings/$id" 3 "$FINDING"
    expect_problem 409
    expect_json '.type == "urn:paingen:problem:too-many-versions"'
    [ "$(state finding consultation_records "$id")" = "$before" ]
    put "/v1/findings/$id" 99 "$(jq -c '.result = "negative"' <<<"$FINDING")" entered_in_error
    expect_status 200
    expect_json '.version == 100 and .status == "entered_in_error" and .current == false'
    # then nothing more, not even a restoration
    before=$(state finding consultation_records "$id")
    [[ "$before" == "100|entered_in_error|"*"|100/100" ]]
    for status in entered_in_error active; do
        put "/v1/findings/$id" 100 "$FINDING" "$status"
        expect_problem 409
        expect_json '.type == "urn:paingen:problem:too-many-versions"'
        expect_json '.detail | test("has 100 versions, the most one may have") and test("record a new finding")'
    done
    [ "$(state finding consultation_records "$id")" = "$before" ]
    req GET "/v1/findings/$id"
    [ "$(header ETag)" = '"100"' ]
    # the history is whole: every version once, in order, the last as served
    req GET "/v1/findings/$id/history"
    expect_status 200
    expect_json '[.items[].version] == [range(1; 101)]'
    expect_json '[.items[-2, -1] | .result + " " + .status] == ["negative active", "negative entered_in_error"]'
    # and a new finding of the same test is recorded as any other
    json_post "/v1/consultations/$CID/findings" "$FINDING"
    expect_status 201
    expect_json '.current == true'
}

@test "imaging studies and blocks have at most 100 versions too" {
    new_consultation
    for kind in imaging block; do
        id=$(sql -c "SELECT id FROM consultation_records WHERE consultation_id = '$CID' AND kind = '$kind'")
        raise_versions consultation_records "$kind" "$id" 99
        if [ "$kind" = imaging ]; then path=/v1/imaging/$id body=$IMAGING what="imaging study"; else path=/v1/blocks/$id body=$BLOCK what=block; fi
        before=$(state "$kind" consultation_records "$id")
        put "$path" 99 "$body"
        expect_problem 409
        expect_json '.type == "urn:paingen:problem:too-many-versions"'
        expect_json ".detail | test(\"record a new $what instead\")"
        [ "$(state "$kind" consultation_records "$id")" = "$before" ]
        put "$path" 99 "$body" entered_in_error
        expect_status 200
        expect_json '.version == 100 and .status == "entered_in_error"'
        put "$path" 100 "$body" entered_in_error
        expect_problem 409
        [ "$(state "$kind" consultation_records "$id" | cut -d'|' -f1,2,4)" = "100|entered_in_error|100/100" ]
    done
}

@test "a consultation has at most 100 versions, the last only to enter it in error" {
    new_consultation
    raise_versions consultations consultation "$CID" 98
    put "/v1/consultations/$CID" 98 "$(jq -c '.pain_nrs = 5' <<<"$CONSULTATION")"
    expect_status 200
    expect_json '.version == 99 and .pain_nrs == 5'
    before=$(state consultation consultations "$CID")
    put "/v1/consultations/$CID" 99 "$CONSULTATION"
    expect_problem 409
    expect_json '.type == "urn:paingen:problem:too-many-versions"'
    expect_json '.detail | test("99 versions of the 100") and test("record a new consultation")'
    put "/v1/consultations/$CID" 1 "$CONSULTATION"
    expect_problem 409
    # what is refused in any case is still said first
    put "/v1/consultations/$CID" 99 "$(jq -c '.occurred_at = "1950-01-01T00:00:00Z"' <<<"$CONSULTATION")"
    expect_problem 422
    [ "$(state consultation consultations "$CID")" = "$before" ]
    put "/v1/consultations/$CID" 99 "$CONSULTATION" entered_in_error
    expect_status 200
    expect_json '.version == 100 and .status == "entered_in_error"'
    before=$(state consultation consultations "$CID")
    put "/v1/consultations/$CID" 100 "$CONSULTATION" active
    expect_problem 409
    expect_json '.detail | test("has 100 versions, the most one may have")'
    [ "$(state consultation consultations "$CID")" = "$before" ]
    req GET "/v1/consultations/$CID/history"
    expect_status 200
    expect_json '[.items[].version] == [range(1; 101)] and .items[-1].status == "entered_in_error"'
    # the records under it keep their own versions
    id=$(sql -c "SELECT id FROM consultation_records WHERE consultation_id = '$CID' AND kind = 'finding'")
    put "/v1/findings/$id" 1 "$FINDING"
    expect_status 200
}

@test "concurrent corrections at the bound: one wins, none passes 100 versions" {
    new_consultation
    id=$(sql -c "SELECT id FROM consultation_records WHERE consultation_id = '$CID' AND kind = 'finding'")
    raise_versions consultation_records finding "$id" 99
    dir=$BATS_TEST_TMPDIR/par
    mkdir -p "$dir"
    body=$(jq -c '.status = "entered_in_error"' <<<"$FINDING")
    pids=()
    for i in $(seq 1 12); do
        # half name the version before the 100th, half the 100th itself
        curl -s -o "$dir/$i.body" -w '%{http_code}\n' -X PUT "$BASE/v1/findings/$id" \
            -H "Authorization: Bearer $API_KEY" -H 'Content-Type: application/json' \
            -H "If-Match: \"$((99 + i % 2))\"" -d "$body" >"$dir/$i.status" 3>&- &
        pids+=($!)
    done
    wait "${pids[@]}"
    [ "$(grep -c 200 "$dir"/*.status | awk -F: '{n += $2} END {print n}')" = 1 ]
    [ "$(grep -c -v -E '^(200|409|412)$' "$dir"/*.status | awk -F: '{n += $2} END {print n}')" = 0 ]
    [ "$(state finding consultation_records "$id" | cut -d'|' -f1,2,4)" = "100|entered_in_error|100/100" ]
}
