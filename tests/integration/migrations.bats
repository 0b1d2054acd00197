#!/usr/bin/env bats
# The migrations runner: each migration once, in order, in its own
# transaction, under an advisory lock, with edits detected.

load helpers

setup() {
    new_db "it_migrate_${BATS_TEST_NUMBER}"
    MIGS=$BATS_TEST_TMPDIR/migrations
    mkdir -p "$MIGS"
    cp "$PAINGEN_ROOT"/migrations/*.sql "$MIGS/"
}

migrate() {
    env DATABASE_URL="$DATABASE_URL" PAINGEN_MIGRATIONS_DIR="$MIGS" PAINGEN_DB_START_WAIT=0 \
        "$PAINGEN_BIN" --migrate-only
}

@test "a fresh database gets every migration once, with its checksum" {
    run migrate
    [ "$status" -eq 0 ]
    files=$(ls "$MIGS"/*.sql | wc -l)
    [[ "$output" == *"\"database schema current: $files migrations, $files applied now\""* ]]
    [ "$(sql -c 'SELECT count(*) FROM schema_migrations')" = "$files" ]
    [ "$(sql -c 'SELECT count(DISTINCT version) FROM schema_migrations')" = "$files" ]
    first=$(ls "$MIGS"/*.sql | head -n 1)
    want=$(sha256sum "$first" | cut -d' ' -f1)
    [ "$(sql -c 'SELECT checksum FROM schema_migrations ORDER BY version LIMIT 1')" = "$want" ]
}

@test "a second start applies nothing" {
    migrate
    before=$(sql -c "SELECT string_agg(concat(version, '@', applied_at), ';') FROM schema_migrations")
    run migrate
    [ "$status" -eq 0 ]
    [[ "$output" == *"applied now"* && "$output" == *" 0 applied now"* ]]
    [ "$(sql -c "SELECT string_agg(concat(version, '@', applied_at), ';') FROM schema_migrations")" = "$before" ]
}

@test "an edited migration stops start-up with a clear message" {
    migrate
    first=$(ls "$MIGS"/*.sql | head -n 1)
    echo "-- an innocent-looking edit" >>"$first"
    run migrate
    [ "$status" -eq 1 ]
    [[ "$output" == *"$(basename "$first") was edited after it was applied"* ]]
    [[ "$output" == *"add a new migration instead"* ]]
}

@test "the service itself refuses to serve on an edited migration" {
    migrate
    echo "-- edit" >>"$(ls "$MIGS"/*.sql | head -n 1)"
    run env DATABASE_URL="$DATABASE_URL" PAINGEN_MIGRATIONS_DIR="$MIGS" PAINGEN_LISTEN=127.0.0.1:0 \
        "$PAINGEN_BIN"
    [ "$status" -eq 1 ]
    [[ "$output" == *"cannot start: migration"*"was edited"* ]]
    [[ "$output" != *"listening"* ]]
}

@test "a database migrated by a newer build is refused" {
    migrate
    sql -c "INSERT INTO schema_migrations (version, name, checksum) VALUES (9999, 'future', 'x')"
    run migrate
    [ "$status" -eq 1 ]
    [[ "$output" == *"9999_future.sql, which this build does not have"* ]]
}

@test "a failing migration is rolled back whole and not recorded" {
    cat >"$MIGS/9001_broken.sql" <<'SQL'
CREATE TABLE half_done (id int);
SELECT 1 / 0;
SQL
    run migrate
    [ "$status" -eq 1 ]
    [[ "$output" == *"9001_broken.sql failed: ERROR:  division by zero"* ]]
    [ "$(sql -c "SELECT to_regclass('half_done') IS NULL")" = t ]
    [ "$(sql -c 'SELECT count(*) FROM schema_migrations WHERE version = 9001')" = 0 ]
}

@test "two instances starting at once: each migration is applied exactly once" {
    # A slow migration that fails if run twice (no IF NOT EXISTS), so a
    # missing lock shows as an error, not only as a count.
    cat >"$MIGS/9002_slow.sql" <<'SQL'
SELECT pg_sleep(1);
CREATE TABLE slow_marker (id int);
SQL
    migrate >"$BATS_TEST_TMPDIR/a.log" 2>&1 3>&- &
    a=$!
    migrate >"$BATS_TEST_TMPDIR/b.log" 2>&1 3>&- &
    b=$!
    wait "$a"
    wait "$b"
    [ "$(sql -c 'SELECT count(*) FROM schema_migrations WHERE version = 9002')" = 1 ]
    [ "$(cat "$BATS_TEST_TMPDIR"/a.log "$BATS_TEST_TMPDIR"/b.log | grep -c 'applied migration 9002_slow.sql')" = 1 ]
}

@test "a badly named migration file stops start-up" {
    echo "SELECT 1;" >"$MIGS/2_oops.sql"
    run migrate
    [ "$status" -eq 1 ]
    [[ "$output" == *"'2_oops.sql' is not named NNNN_name.sql"* ]]
}

@test "a gap in the numbers is no error, and a migration that fills it later is applied then" {
    # another branch's migration numbered below one already applied: it
    # lands after, and is applied on the next start
    cat >"$MIGS/9004_later.sql" <<'SQL'
CREATE TABLE later_marker (id int);
SQL
    run migrate
    [ "$status" -eq 0 ]
    [ "$(sql -c 'SELECT count(*) FROM schema_migrations WHERE version = 9004')" = 1 ]
    cat >"$MIGS/9003_gap.sql" <<'SQL'
CREATE TABLE gap_marker (id int);
SQL
    run migrate
    [ "$status" -eq 0 ]
    [[ "$output" == *"applied migration 9003_gap.sql"* ]]
    [[ "$output" == *" 1 applied now"* ]]
    [ "$(sql -c "SELECT to_regclass('gap_marker') IS NOT NULL")" = t ]
}

@test "migration 0019 fills the calibration facts of the assessments and blocks recorded before it" {
    mkdir -p "$MIGS.17"
    mv "$MIGS"/0018_*.sql "$MIGS"/0019_*.sql "$MIGS.17/"
    migrate
    clinic=00000000-0000-0000-0000-000000000001
    sql -c "INSERT INTO patients (clinic_id, id, external_id, birth_date, sex) VALUES
                ('$clinic', '11111111-1111-4111-8111-111111111111', 'U-1', '1960-01-01', 'male')" \
        -c "INSERT INTO consultations (clinic_id, id, patient_id, region, occurred_at, doc) VALUES
                ('$clinic', '22222222-2222-4222-8222-222222222222', '11111111-1111-4111-8111-111111111111',
                 'lumbar', '2026-10-01', '{\"pain_nrs\": 7}')" \
        -c "INSERT INTO assessments (clinic_id, id, consultation_id, model_version, inputs, inputs_sha256,
                based_on, result, created_at) VALUES ('$clinic', '33333333-3333-4333-8333-333333333333',
                '22222222-2222-4222-8222-222222222222', '0.3.1', '{}', encode(sha256('{}'), 'hex'), '[]',
                '{\"ranking\":[{\"generator\":\"lumbar_sij\",\"posterior\":0.7},{\"generator\":\"lumbar_facet\",\"posterior\":0.3}]}',
                '2026-10-02')" \
        -c "INSERT INTO consultation_records (clinic_id, consultation_id, kind, doc, created_at, updated_at) VALUES
                ('$clinic', '22222222-2222-4222-8222-222222222222', 'block',
                 '{\"target\":\"sij_intraarticular\",\"interpretation\":{\"outcome\":\"positive\",\"pair\":null}}',
                 '2026-10-05', '2026-10-05')" >/dev/null
    mv "$MIGS.17"/*.sql "$MIGS/"
    migrate
    [ "$(sql -c "SELECT region || ' ' || generators::text || ' ' || posteriors::text FROM assessment_predictions")" = "lumbar {lumbar_sij,lumbar_facet} {0.7,0.3}" ]
    [ "$(sql -c "SELECT concat_ws(' ', kind, code, reading, of_id, first_block, current) FROM outcome_facts")" = "block sij_intraarticular positive 33333333-3333-4333-8333-333333333333 t t" ]
}
