#!/usr/bin/env bats
# The command line and the configuration checks.

load helpers

@test "--version prints the version" {
    run "$PAINGEN_BIN" --version
    [ "$status" -eq 0 ]
    [[ "$output" =~ ^paingen\ [^\ ]+$ ]]
}

@test "--help lists the modes and the environment" {
    run "$PAINGEN_BIN" --help
    [ "$status" -eq 0 ]
    [[ "$output" == *"--migrate-only"* && "$output" == *"--check-config"* && "$output" == *PAINGEN_MAX_BODY* ]]
}

@test "an unknown argument is a usage error (exit 2)" {
    run "$PAINGEN_BIN" --frobnicate
    [ "$status" -eq 2 ]
    [[ "$output" == *"unknown arguments"* ]]
}

@test "--check-config names every bad value and exits 2" {
    run env PAINGEN_LISTEN=nowhere PAINGEN_DB_POOL=-1 PAINGEN_MAX_BODY=lots \
        PAINGEN_LOG_LEVEL=chatty PAINGEN_CORS_ORIGINS='not an origin' PAINGEN_SHUTDOWN_GRACE=x \
        "$PAINGEN_BIN" --check-config
    [ "$status" -eq 2 ]
    for v in PAINGEN_LISTEN PAINGEN_DB_POOL PAINGEN_MAX_BODY PAINGEN_LOG_LEVEL PAINGEN_CORS_ORIGINS PAINGEN_SHUTDOWN_GRACE; do
        grep -q "^$v: " <<<"$output"
    done
}

@test "--check-config prints the effective settings with the password masked" {
    run env DATABASE_URL='postgresql://clinic:s3cret@db.internal/paingen' PAINGEN_MAX_BODY=512K \
        "$PAINGEN_BIN" --check-config
    [ "$status" -eq 0 ]
    [[ "$output" == *"DATABASE_URL=user=clinic password=*** dbname=paingen host=db.internal"* ]]
    [[ "$output" != *s3cret* ]]
    [[ "$output" == *"PAINGEN_MAX_BODY=524288"* && "$output" == *"PAINGEN_LISTEN=127.0.0.1:8080"* ]]
    run env DATABASE_URL="host=db password = 's3 cret' dbname=x" "$PAINGEN_BIN" --check-config
    [ "$status" -eq 0 ]
    [[ "$output" == *"password=***"* && "$output" != *s3* && "$output" != *cret* ]]
}

@test "a port already in use stops start-up with a clear message" {
    new_db it_cli
    start_service
    port=${BASE##*:}
    run env DATABASE_URL="$DATABASE_URL" PAINGEN_LISTEN="127.0.0.1:$port" \
        PAINGEN_MIGRATIONS_DIR="$PAINGEN_ROOT/migrations" "$PAINGEN_BIN"
    stop_service
    [ "$status" -eq 1 ]
    [[ "$output" == *"cannot listen on 127.0.0.1 port $port"* ]]
}
