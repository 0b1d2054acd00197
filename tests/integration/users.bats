#!/usr/bin/env bats
# People's accounts: made, listed, read and disabled by the clinic's admin
# (the admin API) and by operators (paingen user); passwords kept as
# Argon2id hashes only; an email signs in one person of the whole service.

load helpers

PASSWORD='correct horse battery staple'

setup_file() {
    new_db it_users
    start_service
    ADMIN=$(new_key admin)
    CLINIC_B=$(new_clinic "Clinic B")
    ADMIN_B=$(new_key admin "$CLINIC_B")
    export ADMIN CLINIC_B ADMIN_B
}

teardown_file() { stop_service; }

# create EMAIL ROLE [PASSWORD]: POST /v1/users as the admin; sets USER_ID on 201.
create() {
    API_KEY=${AS:-$ADMIN} req POST /v1/users -H 'Content-Type: application/json' \
        -d "$(jq -cn --arg e "$1" --arg r "$2" --arg p "${3:-$PASSWORD}" '{email:$e, name:"Dr Example", role:$r, password:$p}')"
    USER_ID=$(jq -r '.id // empty' <<<"$BODY")
}

# cli ARGS...: paingen with the migrations of this tree.
cli() { PAINGEN_MIGRATIONS_DIR="$PAINGEN_ROOT/migrations" PAINGEN_LOG_LEVEL=error "$PAINGEN_BIN" "$@"; }

sign_in() {
    NO_AUTH=1 req POST /v1/sessions -H 'Content-Type: application/json' \
        -d "$(jq -cn --arg e "$1" --arg p "${2:-$PASSWORD}" '{email:$e, password:$p}')"
}

@test "an admin creates a person: 201 with Location, no password in the answer, an Argon2id hash stored; read back, listed, audited" {
    create ana@clinic.test clinician
    expect_status 201
    [ "$(header Location)" = "/v1/users/$USER_ID" ]
    expect_json ".email == \"ana@clinic.test\" and .name == \"Dr Example\" and .role == \"clinician\" and .status == \"active\""
    expect_json ".clinic_id == \"$DEFAULT_CLINIC\" and .disabled_at == null and (.created_at | type) == \"string\""
    expect_json 'keys == ["clinic_id","created_at","disabled_at","email","id","name","role","status"]'
    [[ "$BODY" != *argon2* ]]
    [[ "$BODY" != *"$PASSWORD"* ]]
    hash=$(sql -c "SELECT password_hash FROM users WHERE id = '$USER_ID'")
    [[ "$hash" == '$argon2id$v=19$m=65536,t=3,p=1$'* ]]
    [[ "$hash" != *"$PASSWORD"* ]]
    API_KEY=$ADMIN req GET "/v1/users/$USER_ID"
    expect_status 200
    expect_json ".id == \"$USER_ID\" and .email == \"ana@clinic.test\""
    API_KEY=$ADMIN req GET "/v1/users?limit=100"
    expect_status 200
    expect_json "[.items[].id] | index(\"$USER_ID\") != null"
    [ "$(sql -c "SELECT count(*) FROM audit_events WHERE method = 'POST' AND route = '/v1/users' AND status = 201 AND '$USER_ID' = ANY(resource_ids)")" = 1 ]
    sign_in ana@clinic.test
    expect_status 201
    expect_json ".user.id == \"$USER_ID\""
}

@test "the list pages with a cursor, oldest first" {
    for i in 1 2 3; do
        create "page$i@clinic.test" readonly
        expect_status 201
    done
    API_KEY=$ADMIN req GET "/v1/users?limit=2"
    expect_status 200
    expect_json '(.items | length) == 2 and (.next_cursor | type) == "string"'
    seen=$(jq -c '[.items[].id]' <<<"$BODY")
    cursor=$(jq -r .next_cursor <<<"$BODY")
    API_KEY=$ADMIN req GET "/v1/users?limit=100&cursor=$cursor"
    expect_status 200
    all=$(jq -c --argjson s "$seen" '$s + [.items[].id]' <<<"$BODY")
    [ "$(jq 'length' <<<"$all")" = "$(sql -c "SELECT count(*) FROM users WHERE clinic_id = '$DEFAULT_CLINIC'")" ]
    [ "$(jq -c 'unique | length' <<<"$all")" = "$(jq 'length' <<<"$all")" ]
    API_KEY=$ADMIN req GET "/v1/users?cursor=nonsense"
    expect_problem 422
}

@test "an email signs in one person of the whole service, whatever its case: 409" {
    create dup@clinic.test clinician
    expect_status 201
    create DUP@Clinic.Test readonly
    expect_problem 409
    expect_json '.errors[0].pointer == "/email"'
    AS=$ADMIN_B create dup@clinic.test clinician
    expect_problem 409
    [ "$(sql -c "SELECT count(*) FROM users WHERE lower(email) = 'dup@clinic.test'")" = 1 ]
}

@test "bad input is a 422 naming the field, and stores nothing" {
    check() { # BODY POINTER
        API_KEY=$ADMIN req POST /v1/users -H 'Content-Type: application/json' -d "$1"
        expect_problem 422
        expect_json "[.errors[].pointer] | index(\"$2\") != null"
    }
    ok='"email":"bad@clinic.test","name":"N","role":"clinician"'
    check "{$ok,\"password\":\"eleven char\"}" /password
    check "{$ok}" /password
    check "{$ok,\"password\":\"$PASSWORD\",\"admin\":true}" /admin
    check '{"email":"no-at-sign","name":"N","role":"clinician","password":"'"$PASSWORD"'"}' /email
    check '{"email":"two@at@clinic.test","name":"N","role":"clinician","password":"'"$PASSWORD"'"}' /email
    check '{"email":"sp ace@clinic.test","name":"N","role":"clinician","password":"'"$PASSWORD"'"}' /email
    check '{"email":"bad@clinic.test","name":"N","role":"ehr_client","password":"'"$PASSWORD"'"}' /role
    check '{"email":"bad@clinic.test","role":"clinician","password":"'"$PASSWORD"'"}' /name
    check "{\"email\":\"bad@clinic.test\",\"name\":\"N\",\"role\":\"clinician\",\"password\":\"$(head -c 1025 /dev/zero | tr '\0' x)\"}" /password
    # twelve characters are enough, counted as characters, not bytes
    create twelve@clinic.test readonly 'ééééééééééé'
    expect_problem 422
    create twelve@clinic.test readonly 'éééééééééééé'
    expect_status 201
    [ "$(sql -c "SELECT count(*) FROM users WHERE email LIKE 'bad@%' OR email LIKE '%at@%' OR email LIKE 'sp ace%'")" = 0 ]
}

@test "disabling a person ends their sessions at once; disabling again changes nothing" {
    create leaver@clinic.test clinician
    expect_status 201
    id=$USER_ID
    sign_in leaver@clinic.test
    expect_status 201
    sign_in leaver@clinic.test
    expect_status 201
    token=$(header Set-Cookie | sed -n 's/^paingen_session=\([^;]*\);.*/\1/p')
    API_KEY=$ADMIN req POST "/v1/users/$id/disable"
    expect_status 200
    expect_json '.status == "disabled" and (.disabled_at | type) == "string"'
    first=$(jq -r .disabled_at <<<"$BODY")
    [ "$(sql -c "SELECT count(*) FROM sessions WHERE user_id = '$id' AND ended_at IS NULL")" = 0 ]
    [ "$(sql -c "SELECT count(*) FROM sessions WHERE user_id = '$id' AND ended_at IS NOT NULL")" = 2 ]
    NO_AUTH=1 req GET /v1/sessions/current -H "Cookie: paingen_session=$token"
    expect_problem 401
    API_KEY=$ADMIN req POST "/v1/users/$id/disable"
    expect_status 200
    expect_json ".disabled_at == \"$first\""
    [ "$(sql -c "SELECT count(*) FROM audit_events WHERE route = '/v1/users/{id}/disable' AND '$id' = ANY(resource_ids)")" = 2 ]
    sign_in leaver@clinic.test
    expect_problem 401
}

@test "only the clinic's admin manages its people: 403 for other roles, 404 across clinics" {
    create mine@clinic.test clinician
    expect_status 201
    mine=$USER_ID
    API_KEY=$(new_key clinician) req GET /v1/users
    expect_problem 403
    AS=$(new_key clinician) create other@clinic.test clinician
    expect_problem 403
    API_KEY=$ADMIN_B req GET "/v1/users/$mine"
    expect_problem 404
    API_KEY=$ADMIN_B req POST "/v1/users/$mine/disable"
    expect_problem 404
    [ "$(sql -c "SELECT disabled_at IS NULL FROM users WHERE id = '$mine'")" = t ]
    API_KEY=$ADMIN_B req GET "/v1/users?limit=100"
    expect_status 200
    expect_json "[.items[].id] | index(\"$mine\") == null"
    API_KEY=$ADMIN req GET /v1/users/not-a-uuid
    expect_problem 404
    API_KEY=$ADMIN req GET "/v1/users/$mine?x=1"
    expect_problem 422
}

@test "paingen user create reads the password from standard input; list and disable" {
    run bash -c "printf '%s\n' '$PASSWORD' | PAINGEN_MIGRATIONS_DIR='$PAINGEN_ROOT/migrations' PAINGEN_LOG_LEVEL=error '$PAINGEN_BIN' user create --clinic $CLINIC_B --email cli@clinic-b.test --name 'Dr Cli' --role admin"
    [ "$status" -eq 0 ]
    [[ "$output" =~ ^[0-9a-f-]{36}$ ]]
    id=$output
    [ "$(sql -c "SELECT clinic_id || ' ' || role || ' ' || name FROM users WHERE id = '$id'")" = "$CLINIC_B admin Dr Cli" ]
    sign_in cli@clinic-b.test
    expect_status 201
    expect_json ".user.clinic_id == \"$CLINIC_B\" and .user.role == \"admin\""
    run cli user list
    [ "$status" -eq 0 ]
    [[ "$output" == *"$id  $CLINIC_B  admin  active  cli@clinic-b.test  Dr Cli"* ]]
    run cli user disable "$id"
    [ "$status" -eq 0 ]
    [ "$output" = "disabled $id" ]
    sign_in cli@clinic-b.test
    expect_problem 401
}

@test "paingen user list shows a name or email a clinic's admin chose without its control characters" {
    # an escape sequence reaches the operator's terminal; a line feed
    # makes a line that looks like another person's
    API_KEY=$ADMIN req POST /v1/users -H 'Content-Type: application/json' \
        -d '{"email":"esc\u009b31m@clinic.test","name":"Dr \u001b]0;owned\u0007X\nfake-id  fake-clinic  admin  active  boss@clinic.test  Boss","role":"readonly","password":"correct horse battery staple"}'
    expect_status 201
    id=$(jq -r .id <<<"$BODY")
    run cli user list
    [ "$status" -eq 0 ]
    [ "$(printf '%s\n' "$output" | wc -l)" = "$(sql -c "SELECT count(*) FROM users")" ]
    [[ "$output" != *$'\e'* ]]
    [[ "$output" != *$'\a'* ]]
    [[ "$output" != *$'\u009b'* ]]
    [[ "$output" == *"$id  $DEFAULT_CLINIC  readonly  active  esc?31m@clinic.test  Dr ?]0;owned?X?fake-id"* ]]
}

@test "paingen user create refuses a short password, a bad email, a role or a clinic it does not know" {
    run bash -c "printf 'too short\n' | PAINGEN_MIGRATIONS_DIR='$PAINGEN_ROOT/migrations' PAINGEN_LOG_LEVEL=error '$PAINGEN_BIN' user create --clinic $DEFAULT_CLINIC --email short@clinic.test --name S --role clinician"
    [ "$status" -eq 1 ]
    [[ "$output" == *"at least 12 characters"* ]]
    run bash -c "PAINGEN_MIGRATIONS_DIR='$PAINGEN_ROOT/migrations' '$PAINGEN_BIN' user create --clinic $DEFAULT_CLINIC --email none@clinic.test --name S --role clinician </dev/null"
    [ "$status" -eq 1 ]
    [[ "$output" == *"no password on standard input"* ]]
    run cli user create --clinic "$DEFAULT_CLINIC" --email not-an-email --name S --role clinician
    [ "$status" -eq 2 ]
    [[ "$output" == *"--email must be an email address"* ]]
    run cli user create --clinic "$DEFAULT_CLINIC" --email r@clinic.test --name S --role ehr_client
    [ "$status" -eq 2 ]
    run cli user create --clinic "$DEFAULT_CLINIC" --email r@clinic.test --role clinician
    [ "$status" -eq 2 ]
    run bash -c "printf '%s\n' '$PASSWORD' | PAINGEN_MIGRATIONS_DIR='$PAINGEN_ROOT/migrations' PAINGEN_LOG_LEVEL=error '$PAINGEN_BIN' user create --clinic 00000000-0000-0000-0000-0000000000ff --email ghost@clinic.test --name S --role clinician"
    [ "$status" -eq 1 ]
    [[ "$output" == *"no clinic"* ]]
    [ "$(sql -c "SELECT count(*) FROM users WHERE email IN ('short@clinic.test', 'none@clinic.test', 'r@clinic.test', 'ghost@clinic.test')")" = 0 ]
}
