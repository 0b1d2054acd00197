#!/usr/bin/env bats
# A session's idle and absolute expiry, and the backoff of failed
# sign-ins per email and per address, with short settings: a session
# lives 3 s unused and 6 s at most; 3 failures an email, 5 an address,
# then one attempt more each 5 s; a person's rate, 10 requests at once
# and 2 a second. Addresses other than 127.0.0.1 are
# other loopback addresses (curl --interface), to tell the two limits
# apart. The database changes case as one with a UTF-8 locale does.

load helpers

PASSWORD='correct horse battery staple'

setup_file() {
    new_db it_sessions_limits C.UTF-8
    start_service PAINGEN_SESSION_IDLE=3 PAINGEN_SESSION_MAX=6 PAINGEN_SIGNIN_FAILURES=3 \
        PAINGEN_SIGNIN_ADDRESS_FAILURES=5 PAINGEN_SIGNIN_BACKOFF=5 PAINGEN_RATE_LIMIT=2 PAINGEN_RATE_BURST=10
    for who in idle busy backoff spare flood variant; do
        printf '%s\n' "$PASSWORD" | PAINGEN_MIGRATIONS_DIR="$PAINGEN_ROOT/migrations" PAINGEN_LOG_LEVEL=error \
            "$PAINGEN_BIN" user create --clinic "$DEFAULT_CLINIC" --email "$who@clinic.test" --name "$who" \
            --role clinician >/dev/null
    done
}

teardown_file() { stop_service; }

# sign_in EMAIL [PASSWORD [ADDRESS]]: POST /v1/sessions from ADDRESS
# (default 127.0.0.1); sets TOKEN on 201.
sign_in() {
    NO_AUTH=1 req POST /v1/sessions --interface "${3:-127.0.0.1}" -H 'Content-Type: application/json' \
        -d "$(jq -cn --arg e "$1" --arg p "${2:-$PASSWORD}" '{email:$e, password:$p}')"
    TOKEN=$(header Set-Cookie | sed -n 's/^paingen_session=\([^;]*\);.*/\1/p')
}

current() { NO_AUTH=1 req GET /v1/sessions/current -H "Cookie: paingen_session=$TOKEN"; }

# fail_until_backoff EMAIL ADDRESS: wrong passwords until the 429 (at
# most 8 tries; EMAIL with a % in it gets the try's number there: a new
# email each time); FAILED says how many 401s came first. Each failure
# takes a hash's time, so a slow machine may regain an attempt meanwhile:
# the tests allow one or two more than the limit.
fail_until_backoff() {
    FAILED=0
    for i in 1 2 3 4 5 6 7 8; do
        sign_in "${1//%/$i}" 'wrong password here' "$2"
        [ "$STATUS" = 401 ] || break
        FAILED=$i
    done
    expect_backoff
}

expect_backoff() {
    expect_problem 429
    expect_json '.type == "urn:paingen:problem:rate-limited"'
    [[ "$(header Retry-After)" =~ ^[1-5]$ ]]
    [ -z "$(header Set-Cookie)" ]
}

@test "a session unused for its idle timeout is 401 (and the idle timeout is in the answer)" {
    sign_in idle@clinic.test
    expect_status 201
    expect_json '.idle_timeout_seconds == 3'
    current
    expect_status 200
    sleep 4
    current
    expect_problem 401
    wait_for 5 grep -q '"msg":"session refused".*"reason":"idle"' "$SERVICE_LOG"
}

@test "a session in use outlives its idle timeout, and ends at its absolute expiry all the same" {
    sign_in busy@clinic.test
    expect_status 201
    start=$(date +%s)
    expires=$(date -d "$(jq -r .expires_at <<<"$BODY")" +%s)
    [ "$((expires - start))" -ge 5 ]
    [ "$((expires - start))" -le 7 ]
    # each use within the idle timeout: past 3 s, and up to the 6 s limit
    for _ in 1 2 3 4; do
        sleep 1
        current
        expect_status 200
    done
    [ "$(($(date +%s) - start))" -ge 4 ]
    while [ "$(date +%s)" -le "$((expires + 1))" ]; do
        sleep 1
        current
        [ "$STATUS" = 200 ] || break
    done
    expect_problem 401
    [ "$(date +%s)" -ge "$expires" ]
    wait_for 5 grep -q '"msg":"session refused".*"reason":"expired"' "$SERVICE_LOG"
}

@test "failed sign-ins of an email back off: 429 with Retry-After even for the right password, from any address" {
    fail_until_backoff backoff@clinic.test 127.0.0.2
    [ "$FAILED" -ge 3 ]
    [ "$FAILED" -le 5 ]
    sign_in backoff@clinic.test "$PASSWORD" 127.0.0.2
    expect_backoff
    sign_in BACKOFF@clinic.test "$PASSWORD" 127.0.0.4
    expect_backoff
    wait=$(header Retry-After)
    # an unknown email backs off the same way: no telling it apart
    fail_until_backoff nobody@clinic.test 127.0.0.5
    [ "$FAILED" -ge 3 ]
    [ "$FAILED" -le 5 ]
    sleep "$wait"
    sign_in backoff@clinic.test "$PASSWORD" 127.0.0.2
    expect_status 201
}

@test "an email backs off in every spelling that signs its person in (İ for i: lower() makes one of the other)" {
    [ "$(sql -c "SELECT lower('varİant@clinic.test') = 'variant@clinic.test'")" = t ]
    fail_until_backoff variant@clinic.test 127.0.0.8
    sign_in 'varİant@clinic.test' "$PASSWORD" 127.0.0.9
    expect_backoff
    sign_in 'VARİANT@clinic.test' 'wrong password here' 127.0.0.9
    expect_backoff
    sleep "$(header Retry-After)"
    # the same person, once the backoff is over
    sign_in 'varİant@clinic.test' "$PASSWORD" 127.0.0.9
    expect_status 201
    expect_json '.user.email == "variant@clinic.test"'
}

@test "failed sign-ins from an address back off whatever the email; sign-ins that succeed do not count" {
    fail_until_backoff 'stranger%@clinic.test' 127.0.0.3
    [ "$FAILED" -ge 5 ]
    [ "$FAILED" -le 7 ]
    sign_in spare@clinic.test "$PASSWORD" 127.0.0.3
    expect_backoff
    sign_in spare@clinic.test "$PASSWORD" 127.0.0.6
    expect_status 201
    for _ in 1 2 3 4 5 6 7; do
        sign_in spare@clinic.test "$PASSWORD" 127.0.0.7
        expect_status 201
    done
}

@test "a person past their rate gets 429, counted in the audit trail as theirs" {
    sign_in flood@clinic.test
    expect_status 201
    id=$(jq -r .user.id <<<"$BODY")
    for _ in $(seq 1 30); do
        printf 'url = "%s"\nheader = "Cookie: paingen_session=%s"\noutput = "/dev/null"\nwrite-out = "%%{http_code}\\n"\nsilent\nnext\n' \
            "$BASE/v1/patients" "$TOKEN"
    done >"$BATS_TEST_TMPDIR/flood"
    statuses=$(curl -Z --parallel-max 8 -K "$BATS_TEST_TMPDIR/flood" 2>/dev/null | sort | uniq -c)
    [[ "$statuses" == *" 429"* ]]
    [[ "$statuses" == *" 200"* ]]
    NO_AUTH=1 req GET /v1/patients -H "Cookie: paingen_session=$TOKEN"
    expect_problem 429
    expect_json '.detail | contains("this user made more than 10 requests")'
    wait_for 10 refusals_of "$id"
}

# refusals_of USER: the audit trail has a row of that person's 429s.
refusals_of() {
    [ "$(sql -c "SELECT count(*) FROM audit_events WHERE status = 429 AND user_id = '$1' AND key_id IS NULL AND count >= 1")" -ge 1 ]
}
