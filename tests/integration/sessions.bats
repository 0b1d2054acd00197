#!/usr/bin/env bats
# People signed in (the clinic app): sign-in to a cookie, the session on
# every route a key can call, in the person's role and clinic, audited
# with their id; writes need X-CSRF-Token and no foreign Origin; sign-out
# ends the session in the database. Expiry and backoff: sessions_limits.bats.

load helpers

PASSWORD='correct horse battery staple'

setup_file() {
    new_db it_sessions
    start_service PAINGEN_SIGNIN_FAILURES=100
    CLINIC_B=$(new_clinic "Clinic B")
    ADMIN=$(new_key admin)
    CLINICIAN_ID=$(new_user dr.who@clinic.test clinician)
    READER_ID=$(new_user reader@clinic.test readonly)
    B_ID=$(new_user someone@clinic-b.test clinician "$CLINIC_B")
    export CLINIC_B ADMIN CLINICIAN_ID READER_ID B_ID
}

teardown_file() { stop_service; }

# new_user EMAIL ROLE [CLINIC]: prints the id of a new person whose
# password is $PASSWORD (the command line's).
new_user() {
    printf '%s\n' "$PASSWORD" | PAINGEN_MIGRATIONS_DIR="$PAINGEN_ROOT/migrations" PAINGEN_LOG_LEVEL=error \
        "$PAINGEN_BIN" user create --clinic "${3:-$DEFAULT_CLINIC}" --email "$1" --name "Dr $1" --role "$2"
}

# sign_in EMAIL [PASSWORD [curl args...]]: POST /v1/sessions; on 201 sets
# TOKEN (the cookie's) and CSRF.
sign_in() {
    NO_AUTH=1 req POST /v1/sessions -H 'Content-Type: application/json' "${@:3}" \
        -d "$(jq -cn --arg e "$1" --arg p "${2:-$PASSWORD}" '{email:$e, password:$p}')"
    TOKEN=$(header Set-Cookie | sed -n 's/^paingen_session=\([^;]*\);.*/\1/p')
    CSRF=$(jq -r '.csrf_token // empty' <<<"$BODY")
}

# sreq METHOD PATH [curl args...]: a request made with the session alone.
sreq() { NO_AUTH=1 req "$1" "$2" -H "Cookie: paingen_session=$TOKEN" "${@:3}"; }

# swrite METHOD PATH JSON [curl args...]: a write made with the session and its CSRF token.
swrite() {
    sreq "$1" "$2" -H "X-CSRF-Token: $CSRF" -H 'Content-Type: application/json' -d "$3" "${@:4}"
}

new_patient_body() { echo "{\"external_id\":\"S-$RANDOM$RANDOM\",\"birth_date\":\"1970-03-15\",\"sex\":\"female\"}"; }

@test "a person signs in: 201 with who they are and the CSRF token, the token only in an HttpOnly SameSite=Strict cookie" {
    sign_in dr.who@clinic.test
    expect_status 201
    expect_json ".user == {id: \"$CLINICIAN_ID\", email: \"dr.who@clinic.test\", name: \"Dr dr.who@clinic.test\", role: \"clinician\", clinic_id: \"$DEFAULT_CLINIC\"}"
    expect_json '.idle_timeout_seconds == 1800'
    expect_json '.csrf_token | test("^[A-Za-z0-9_-]{43}$")'
    [[ "$TOKEN" =~ ^[A-Za-z0-9_-]{43}$ ]]
    [ "$(header Set-Cookie)" = "paingen_session=$TOKEN; Path=/; HttpOnly; SameSite=Strict" ]
    [ "$(header Cache-Control)" = no-store ]
    [[ "$BODY" != *"$TOKEN"* ]]
    # the absolute expiry: 12 hours after now (a minute either way)
    expires=$(date -d "$(jq -r .expires_at <<<"$BODY")" +%s)
    [ "$((expires - $(date +%s) - 43200))" -lt 60 ]
    [ "$((expires - $(date +%s) - 43200))" -gt -60 ]
    # the row is found by the token's SHA-256, never the token itself
    hash=$(printf '%s' "$TOKEN" | sha256sum | cut -d' ' -f1)
    [ "$(sql -c "SELECT user_id || ' ' || csrf_token || ' ' || (ended_at IS NULL) FROM sessions WHERE id = decode('$hash', 'hex')")" = "$CLINICIAN_ID $CSRF true" ]
    [ "$(sql -c "SELECT count(*) FROM sessions WHERE encode(id, 'escape') LIKE '%$TOKEN%'")" = 0 ]
    # the sign-in is audited, naming the person
    [ "$(sql -c "SELECT count(*) FROM audit_events WHERE route = '/v1/sessions' AND status = 201 AND user_id = '$CLINICIAN_ID' AND key_id IS NULL AND request_id = '$(header X-Request-Id)'")" = 1 ]
}

@test "GET /v1/sessions/current answers the session the cookie names, with the same CSRF token" {
    sign_in dr.who@clinic.test
    first=$BODY
    sreq GET /v1/sessions/current
    expect_status 200
    [ "$(jq -cS . <<<"$BODY")" = "$(jq -cS . <<<"$first")" ]
    [ "$(header Cache-Control)" = no-store ]
}

@test "the email is matched without regard to case; a wrong password and an unknown email get the same 401" {
    sign_in DR.WHO@Clinic.Test
    expect_status 201
    expect_json ".user.id == \"$CLINICIAN_ID\""
    sign_in dr.who@clinic.test 'not the password at all'
    expect_problem 401
    expect_json '.type == "urn:paingen:problem:sign-in-failed"'
    [ -z "$(header Set-Cookie)" ]
    wrong=$(jq -c '{type, title, status, detail}' <<<"$BODY")
    sign_in nobody@clinic.test "$PASSWORD"
    expect_problem 401
    [ "$(jq -c '{type, title, status, detail}' <<<"$BODY")" = "$wrong" ]
    [ -z "$(header Set-Cookie)" ]
    wait_for 5 grep -q '"msg":"sign-in refused".*"reason":"unknown email"' "$SERVICE_LOG"
    grep -q "\"msg\":\"sign-in refused\".*\"reason\":\"wrong password\",\"user\":\"$CLINICIAN_ID\"" "$SERVICE_LOG"
}

@test "bad sign-in input is 400, 415 or a 422 naming the field, and opens nothing" {
    before=$(sql -c "SELECT count(*) FROM sessions")
    check() { # BODY POINTER
        NO_AUTH=1 req POST /v1/sessions -H 'Content-Type: application/json' -d "$1"
        expect_problem 422
        expect_json "[.errors[].pointer] | index(\"$2\") != null"
    }
    check '{"password":"x"}' /email
    check '{"email":"dr.who@clinic.test"}' /password
    check '{"email":"dr.who@clinic.test","password":7}' /password
    check "{\"email\":\"dr.who@clinic.test\",\"password\":\"$PASSWORD\",\"remember\":true}" /remember
    NO_AUTH=1 req POST /v1/sessions -H 'Content-Type: application/json' -d '{"email":'
    expect_problem 400
    NO_AUTH=1 req POST /v1/sessions -H 'Content-Type: text/plain' -d "email=dr.who@clinic.test"
    expect_problem 415
    [ "$(sql -c "SELECT count(*) FROM sessions")" = "$before" ]
}

@test "a session reads and writes patient data in its person's role and clinic, each request audited with the person's id" {
    sign_in dr.who@clinic.test
    swrite POST /v1/patients "$(new_patient_body)"
    expect_status 201
    pid=$(jq -r .id <<<"$BODY")
    sreq GET "/v1/patients/$pid"
    expect_status 200
    expect_json ".id == \"$pid\""
    sreq GET /v1/patients?limit=100
    expect_status 200
    expect_json "[.items[].id] | index(\"$pid\") != null"
    [ "$(sql -c "SELECT string_agg(method || ' ' || status || ' ' || role, ',' ORDER BY at) FROM audit_events WHERE user_id = '$CLINICIAN_ID' AND key_id IS NULL AND '$pid' = ANY(resource_ids)")" = "POST 201 clinician,GET 200 clinician,GET 200 clinician" ]
    # the admin reads the trail: user_id names the person, key_id is null
    API_KEY=$ADMIN req GET "/v1/audit?resource=$pid"
    expect_status 200
    expect_json "[.items[] | select(.user_id == \"$CLINICIAN_ID\" and .key_id == null)] | length == 3"
}

@test "a session's role is its person's: a readonly person reads, and a write is 403, audited naming them" {
    sign_in reader@clinic.test
    sreq GET /v1/patients
    expect_status 200
    swrite POST /v1/patients "$(new_patient_body)"
    expect_problem 403
    expect_json '.type == "urn:paingen:problem:forbidden" and (.detail | contains("readonly user"))'
    [ "$(sql -c "SELECT count(*) FROM audit_events WHERE user_id = '$READER_ID' AND method = 'POST' AND route = '/v1/patients' AND status = 403")" = 1 ]
}

@test "a write made with a session without its X-CSRF-Token, or with another, is 403 naming the header, and stores nothing" {
    sign_in dr.who@clinic.test
    body=$(new_patient_body)
    ext=$(jq -r .external_id <<<"$body")
    sreq POST /v1/patients -H 'Content-Type: application/json' -d "$body"
    expect_problem 403
    expect_json '.type == "urn:paingen:problem:csrf" and .errors[0].pointer == "header/X-CSRF-Token"'
    expect_json '.detail | contains("X-CSRF-Token")'
    own=$CSRF
    sign_in dr.who@clinic.test
    other=$CSRF
    CSRF=$own
    sign_in dr.who@clinic.test # a third session, whose token the other two do not take
    CSRF=$other
    swrite POST /v1/patients "$body"
    expect_problem 403
    expect_json '.errors[0].pointer == "header/X-CSRF-Token"'
    CSRF=${other:0:42}x
    swrite POST /v1/patients "$body"
    expect_problem 403
    [ "$(sql -c "SELECT count(*) FROM patients WHERE external_id = '$ext'")" = 0 ]
    # the refusals are audited as the person's
    [ "$(sql -c "SELECT count(*) FROM audit_events WHERE user_id = '$CLINICIAN_ID' AND route = '/v1/patients' AND method = 'POST' AND status = 403")" -ge 3 ]
    # a read needs no token
    sreq GET /v1/patients
    expect_status 200
}

@test "a write made with a session from another Origin is 403 naming Origin; from the service's own it passes" {
    sign_in dr.who@clinic.test
    swrite POST /v1/patients "$(new_patient_body)" -H 'Origin: https://evil.example'
    expect_problem 403
    expect_json '.type == "urn:paingen:problem:csrf" and .errors[0].pointer == "header/Origin"'
    swrite POST /v1/patients "$(new_patient_body)" -H "Origin: http://127.0.0.1:1"
    expect_problem 403
    swrite POST /v1/patients "$(new_patient_body)" -H "Origin: $BASE"
    expect_status 201
    # a sign-in from another origin is refused too (no session is opened for a foreign page)
    sign_in dr.who@clinic.test "$PASSWORD" -H 'Origin: https://evil.example'
    expect_problem 403
    expect_json '.errors[0].pointer == "header/Origin"'
    [ -z "$(header Set-Cookie)" ]
    sign_in dr.who@clinic.test "$PASSWORD" -H "Origin: $BASE"
    expect_status 201
}

@test "API keys are unchanged: no CSRF token for them, and a key wins over a cookie sent with it" {
    sign_in dr.who@clinic.test
    token=$TOKEN
    key=$(new_key clinician)
    kid=$(sed -E 's/^paingen_([0-9a-f]{8})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{12})_.*/\1-\2-\3-\4-\5/' <<<"$key")
    API_KEY=$key req POST /v1/patients -H 'Content-Type: application/json' -H "Cookie: paingen_session=$token" \
        -H 'Origin: https://evil.example' -d "$(new_patient_body)"
    expect_status 201
    pid=$(jq -r .id <<<"$BODY")
    [ "$(sql -c "SELECT key_id || ' ' || (user_id IS NULL) FROM audit_events WHERE method = 'POST' AND '$pid' = ANY(resource_ids)")" = "$kid true" ]
    # a bad key is not rescued by a good cookie
    API_KEY=paingen_00000000000000000000000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA \
        req GET /v1/patients -H "Cookie: paingen_session=$token"
    expect_problem 401
}

@test "another clinic's person sees nothing of this clinic" {
    sign_in dr.who@clinic.test
    swrite POST /v1/patients "$(new_patient_body)"
    expect_status 201
    pid=$(jq -r .id <<<"$BODY")
    sign_in someone@clinic-b.test
    expect_json ".user.clinic_id == \"$CLINIC_B\""
    sreq GET "/v1/patients/$pid"
    expect_problem 404
    sreq GET /v1/patients?limit=100
    expect_status 200
    expect_json "[.items[].id] | index(\"$pid\") == null"
    swrite POST "/v1/patients/$pid/consultations" '{"region":"knee","side":"left","pain_nrs":6,"symptom_weeks":30,"occurred_at":"2026-11-02T10:00:00Z"}'
    expect_problem 404
    [ "$(sql -c "SELECT count(*) FROM audit_events WHERE user_id = '$B_ID' AND clinic_id = '$CLINIC_B' AND '$pid' = ANY(resource_ids)")" = 2 ]
}

@test "sign-out ends the session in the database, removes the cookie, and the token is then 401 everywhere" {
    sign_in dr.who@clinic.test
    hash=$(printf '%s' "$TOKEN" | sha256sum | cut -d' ' -f1)
    sreq DELETE /v1/sessions/current
    expect_problem 403 # a write: its CSRF token too
    [ "$(sql -c "SELECT ended_at IS NULL FROM sessions WHERE id = decode('$hash', 'hex')")" = t ]
    swrite DELETE /v1/sessions/current ''
    expect_status 204
    [ "$(header Set-Cookie)" = "paingen_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0" ]
    [ "$(sql -c "SELECT ended_at IS NOT NULL FROM sessions WHERE id = decode('$hash', 'hex')")" = t ]
    [ "$(sql -c "SELECT count(*) FROM audit_events WHERE user_id = '$CLINICIAN_ID' AND method = 'DELETE' AND route = '/v1/sessions/current' AND status = 204")" -ge 1 ]
    sreq GET /v1/sessions/current
    expect_problem 401
    [[ "$(header Set-Cookie)" == *"Max-Age=0"* ]]
    sreq GET /v1/patients
    expect_problem 401
    expect_json '.detail | contains("POST /v1/sessions")'
    swrite DELETE /v1/sessions/current ''
    expect_problem 401
    wait_for 5 grep -q "\"msg\":\"session refused\".*\"reason\":\"ended\",\"user\":\"$CLINICIAN_ID\"" "$SERVICE_LOG"
}

@test "/v1/sessions/current takes the session cookie alone: none, a malformed or unknown one, or an API key is 401" {
    NO_AUTH=1 req GET /v1/sessions/current
    expect_problem 401
    API_KEY=$(new_key clinician) req GET /v1/sessions/current
    expect_problem 401
    TOKEN=short sreq GET /v1/sessions/current
    expect_problem 401
    want=$(jq -c '{type, title, status, detail}' <<<"$BODY")
    TOKEN=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA sreq GET /v1/sessions/current
    expect_problem 401
    [ "$(jq -c '{type, title, status, detail}' <<<"$BODY")" = "$want" ]
    TOKEN=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA sreq GET /v1/patients
    expect_problem 401
    [ "$(jq -c '{type, title, status, detail}' <<<"$BODY")" = "$want" ]
    sign_in dr.who@clinic.test
    sreq GET /v1/sessions/current?x=1
    expect_problem 422
}

@test "two session cookies are 401, neither used: which is this browser's own cannot be told" {
    # a sibling site may set one for the parent domain or a longer path,
    # which the browser sends first: the attacker's own session, say
    sign_in someone@clinic-b.test
    other=$TOKEN
    sign_in dr.who@clinic.test
    NO_AUTH=1 req GET /v1/sessions/current -H "Cookie: paingen_session=$other; paingen_session=$TOKEN"
    expect_problem 401
    NO_AUTH=1 req GET /v1/patients -H "Cookie: paingen_session=$other; paingen_session=$TOKEN"
    expect_problem 401
    [[ "$(header Set-Cookie)" == *"Max-Age=0"* ]]
    sreq GET /v1/sessions/current
    expect_status 200
    expect_json ".user.id == \"$CLINICIAN_ID\""
}

@test "a disabled person's session is refused at once, and so is their sign-in" {
    id=$(new_user gone@clinic.test clinician)
    sign_in gone@clinic.test
    expect_status 201
    sreq GET /v1/patients
    expect_status 200
    API_KEY=$ADMIN req POST "/v1/users/$id/disable"
    expect_status 200
    sreq GET /v1/patients
    expect_problem 401
    sign_in gone@clinic.test
    expect_problem 401
    expect_json '.type == "urn:paingen:problem:sign-in-failed"'
    wait_for 5 grep -q "\"msg\":\"sign-in refused\".*\"reason\":\"disabled\",\"user\":\"$id\"" "$SERVICE_LOG"
}

@test "an admin person manages the clinic's people with the session (and its CSRF token)" {
    new_user boss@clinic.test admin
    sign_in boss@clinic.test
    swrite POST /v1/users "{\"email\":\"new.nurse@clinic.test\",\"name\":\"Nurse\",\"role\":\"readonly\",\"password\":\"$PASSWORD\"}"
    expect_status 201
    expect_json '.email == "new.nurse@clinic.test" and .role == "readonly" and .status == "active"'
    sreq GET /v1/users?limit=100
    expect_status 200
    expect_json '[.items[].email] | index("new.nurse@clinic.test") != null'
    sign_in new.nurse@clinic.test
    expect_status 201
    expect_json '.user.role == "readonly"'
}
