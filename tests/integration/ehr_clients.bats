#!/usr/bin/env bats
# EHR clients: registration by a clinic's admin, and the JWTs they sign
# (CDS Hooks 2.0) on GET /v1/ehr-clients/me: each bad token the same 401,
# the log saying why; jku key sets fetched from a local server.

load helpers

PUBLIC=https://paingen.test
ME=$PUBLIC/v1/ehr-clients/me

setup_file() {
    new_db it_ehr
    start_service PAINGEN_PUBLIC_URL="$PUBLIC/" PAINGEN_JKU_LOOPBACK_HTTP=allow
    ADMIN=$(new_key admin)
    CLINIC_B=$(new_clinic "Clinic B")
    ADMIN_B=$(new_key admin "$CLINIC_B")
    KEYS=$BATS_FILE_TMPDIR/ehr
    mkdir -p "$KEYS"
    node "$PAINGEN_ROOT/tests/ehr/mint.mjs" keys "$KEYS"
    node "$PAINGEN_ROOT/tests/ehr/mint.mjs" serve "$KEYS" "$KEYS/port" 3>&- &
    echo $! >"$KEYS/server.pid"
    wait_for 10 test -s "$KEYS/port"
    JKU=http://127.0.0.1:$(cat "$KEYS/port")/jwks.json
    export ADMIN CLINIC_B ADMIN_B KEYS JKU
}

teardown_file() {
    kill -TERM "$(cat "$KEYS/server.pid")" 2>/dev/null || true
    stop_service
}

json_post() { req POST "$1" -H 'Content-Type: application/json' -d "$2"; }

# register ISS NAME [JWKS-FILE]: a client of the default clinic with that
# key set inline; sets CLIENT (its id).
register() {
    API_KEY=$ADMIN json_post /v1/ehr-clients \
        "$(jq -cn --arg iss "$1" --arg name "$2" --slurpfile k "${3:-$KEYS/jwks.json}" '{iss:$iss, name:$name, jwks:$k[0]}')"
    expect_status 201
    CLIENT=$(jq -r .id <<<"$BODY")
}

# mint name=value...: a token of the keys made in setup_file.
mint() { node "$PAINGEN_ROOT/tests/ehr/mint.mjs" token "$KEYS" "$@"; }

# me TOKEN: GET /v1/ehr-clients/me with it.
me() { API_KEY=$1 req GET /v1/ehr-clients/me; }

# The 401 of a refused token: nothing else, and nothing saying why.
expect_refused() {
    expect_problem 401
    expect_json '.type == "urn:paingen:problem:invalid-token"'
    [ "$(header WWW-Authenticate)" = 'Bearer realm="paingen", error="invalid_token"' ]
    expect_json '.detail == "send Authorization: Bearer <JWT>, signed by an EHR client registered with this service, for this URL"'
}

# logged REASON: the service's log says a token was refused for REASON.
logged() {
    wait_for 5 grep -q "\"msg\":\"ehr token refused\".*\"reason\":\"$1\"" "$SERVICE_LOG"
}

@test "an admin registers a client with an inline JWK Set; it is read back, listed and audited" {
    register https://ehr.example/one "Ward EHR"
    [[ "$(header Location)" == "/v1/ehr-clients/$CLIENT" ]]
    expect_json '.iss == "https://ehr.example/one" and .name == "Ward EHR" and .status == "active"'
    expect_json ".clinic_id == \"$DEFAULT_CLINIC\" and .revoked_at == null and .jku_allowlist == null"
    expect_json '.fhir_servers == null'
    expect_json '[.jwks.keys[].kid] == ["ec-1", "rsa-1"]'
    API_KEY=$ADMIN req GET "/v1/ehr-clients/$CLIENT"
    expect_status 200
    expect_json ".id == \"$CLIENT\" and .name == \"Ward EHR\""
    API_KEY=$ADMIN req GET "/v1/ehr-clients?limit=100"
    expect_status 200
    expect_json "[.items[].id] | index(\"$CLIENT\") != null"
    [ "$(sql -c "SELECT count(*) FROM audit_events WHERE method = 'POST' AND route = '/v1/ehr-clients' AND status = 201 AND '$CLIENT' = ANY(resource_ids)")" = 1 ]
}

@test "a registration retried with its Idempotency-Key is replayed, not made twice" {
    body=$(jq -cn --slurpfile k "$KEYS/jwks.json" '{iss:"https://ehr.example/idem", name:"Retry", jwks:$k[0]}')
    API_KEY=$ADMIN req POST /v1/ehr-clients -H 'Content-Type: application/json' -H 'Idempotency-Key: ehr-1' -d "$body"
    expect_status 201
    first=$(jq -r .id <<<"$BODY")
    API_KEY=$ADMIN req POST /v1/ehr-clients -H 'Content-Type: application/json' -H 'Idempotency-Key: ehr-1' -d "$body"
    expect_status 201
    [ "$(header Idempotent-Replayed)" = true ]
    expect_json ".id == \"$first\""
    [ "$(sql -c "SELECT count(*) FROM ehr_clients WHERE iss = 'https://ehr.example/idem'")" = 1 ]
}

@test "an iss held by an active client of any clinic is 409; once revoked it may be registered again" {
    register https://ehr.example/taken "First"
    first=$CLIENT
    body=$(jq -cn --slurpfile k "$KEYS/jwks.json" '{iss:"https://ehr.example/taken", name:"Second", jwks:$k[0]}')
    API_KEY=$ADMIN_B json_post /v1/ehr-clients "$body"
    expect_problem 409
    API_KEY=$ADMIN req POST "/v1/ehr-clients/$first/revoke"
    expect_status 200
    expect_json '.status == "revoked" and (.revoked_at | type) == "string"'
    API_KEY=$ADMIN_B json_post /v1/ehr-clients "$body"
    expect_status 201
    expect_json ".clinic_id == \"$CLINIC_B\""
}

@test "registration refuses bad input with a 422 naming the field" {
    jwks=$(cat "$KEYS/jwks.json")
    check() { # BODY POINTER
        API_KEY=$ADMIN json_post /v1/ehr-clients "$1"
        expect_problem 422
        expect_json "[.errors[].pointer] | index(\"$2\") != null"
    }
    check '{"name":"x","jwks":'"$jwks"'}' /iss
    check '{"iss":"https://e.example/1","jwks":'"$jwks"'}' /name
    check '{"iss":"https://e.example/1","name":"x"}' /jwks
    check '{"iss":"https://e.example/1","name":"x","jwks":'"$jwks"',"jku_allowlist":["https://e.example/k"]}' /jku_allowlist
    check '{"iss":"https://e.example/1","name":"x","jwks":'"$jwks"',"colour":"red"}' /colour
    check '{"iss":"https://e.example/1","name":"x","jwks":{"keys":[]}}' /jwks/keys
    check '{"iss":"https://e.example/1","name":"x","jwks":[1]}' /jwks
    # a key that could never verify a token: named with its member
    check "$(jq -c '{iss:"https://e.example/1", name:"x", jwks:{keys:[.keys[0] | .crv = "P-256"]}}' "$KEYS/jwks.json")" /jwks/keys/0/crv
    check "$(jq -c '{iss:"https://e.example/1", name:"x", jwks:{keys:[.keys[1] | .n = "AQAB"]}}' "$KEYS/jwks.json")" /jwks/keys/0/n
    check "$(jq -c '{iss:"https://e.example/1", name:"x", jwks:{keys:[.keys[0], (.keys[1] | .use = "enc")]}}' "$KEYS/jwks.json")" /jwks/keys/1/use
    check "$(jq -c --slurpfile p "$KEYS/ec-1.private.json" '{iss:"https://e.example/1", name:"x", jwks:{keys:[$p[0]]}}' "$KEYS/jwks.json")" /jwks/keys/0/d
    check '{"iss":"https://e.example/1","name":"x","jku_allowlist":["http://ehr.example/jwks.json"]}' /jku_allowlist/0
    check '{"iss":"https://e.example/1","name":"x","jku_allowlist":[]}' /jku_allowlist
    check '{"iss":"https://e.example/1","name":"x","jwks":'"$jwks"',"fhir_servers":["http://ehr.example/fhir"]}' /fhir_servers/0
    check '{"iss":"https://e.example/1","name":"x","jwks":'"$jwks"',"fhir_servers":["https://e.example/fhir","https://e.example/fhir"]}' /fhir_servers/1
    check '{"iss":"https://e.example/1","name":"x","jwks":'"$jwks"',"fhir_servers":[]}' /fhir_servers
    check '{"iss":"https://e.example/1","name":"x","jwks":'"$jwks"',"fhir_servers":"https://e.example/fhir"}' /fhir_servers
    [ "$(sql -c "SELECT count(*) FROM ehr_clients WHERE iss = 'https://e.example/1'")" = 0 ]
}

@test "only the clinic's admin manages its clients: 403 for other roles, 404 across clinics" {
    register https://ehr.example/own "Own"
    API_KEY=$(new_key clinician) req GET /v1/ehr-clients
    expect_problem 403
    API_KEY=$ADMIN_B req GET "/v1/ehr-clients/$CLIENT"
    expect_problem 404
    API_KEY=$ADMIN_B req POST "/v1/ehr-clients/$CLIENT/revoke"
    expect_problem 404
    API_KEY=$ADMIN_B req GET "/v1/ehr-clients?limit=100"
    expect_status 200
    expect_json "[.items[].id] | index(\"$CLIENT\") == null"
    API_KEY=$ADMIN req GET /v1/ehr-clients/not-a-uuid
    expect_problem 404
}

@test "good ES384 and RS384 tokens: GET /v1/ehr-clients/me names the client and its clinic" {
    register https://ehr.example/good "Good EHR"
    me "$(mint iss=https://ehr.example/good aud=$ME)"
    expect_status 200
    expect_json ".id == \"$CLIENT\" and .name == \"Good EHR\" and .clinic_id == \"$DEFAULT_CLINIC\" and .iss == \"https://ehr.example/good\""
    me "$(mint key=rsa-1 iss=https://ehr.example/good aud=$ME)"
    expect_status 200
    expect_json ".id == \"$CLIENT\""
    # aud as an array holding the URL called
    me "$(mint iss=https://ehr.example/good aud=https://other.example,$ME)"
    expect_status 200
}

@test "each bad token gets the same 401 and nothing else; the log says which check failed" {
    register https://ehr.example/bad "Bad tokens"
    iss=iss=https://ehr.example/bad
    me "$(mint $iss aud=$PUBLIC/v1/ehr-clients)"
    expect_refused
    logged AUD
    me "$(mint $iss aud=$ME exp=-90 iat=-400)"
    expect_refused
    logged EXPIRED
    me "$(mint $iss aud=$ME exp=600)"
    expect_refused
    logged EXP_TOO_FAR
    me "$(mint iss=https://ehr.example/nobody aud=$ME)"
    expect_refused
    logged UNKNOWN_ISS
    me "$(mint $iss aud=$ME alg=none)"
    expect_refused
    logged ALG_NONE
    me "$(mint $iss aud=$ME alg=HS256)"
    expect_refused
    logged ALG_HMAC
    me "$(mint $iss aud=$ME kid=ec-9)"
    expect_refused
    logged UNKNOWN_KID
    me "$(mint $iss aud=$ME tamper=1)"
    expect_refused
    logged BAD_SIGNATURE
    me "$(mint key=ec-2 kid=ec-1 $iss aud=$ME)"
    expect_refused
    me "$(mint $iss aud=$ME jti=-)"
    expect_refused
    logged NO_JTI
    me "$(mint $iss aud=$ME iat=-)"
    expect_refused
    logged NO_IAT
    me not-a-jwt
    expect_refused
    logged MALFORMED
    NO_AUTH=1 req GET /v1/ehr-clients/me
    expect_problem 401
    [ "$(header WWW-Authenticate)" = 'Bearer realm="paingen"' ]
}

@test "a token sent twice is refused the second time (its jti was seen)" {
    register https://ehr.example/replay "Replay"
    token=$(mint iss=https://ehr.example/replay aud=$ME)
    me "$token"
    expect_status 200
    me "$token"
    expect_refused
    logged REPLAY
    [ "$(sql -c "SELECT count(*) FROM ehr_jtis WHERE iss = 'https://ehr.example/replay'")" = 1 ]
}

@test "a revoked client's tokens are refused at once" {
    register https://ehr.example/revoked "Revoked"
    me "$(mint iss=https://ehr.example/revoked aud=$ME)"
    expect_status 200
    API_KEY=$ADMIN req POST "/v1/ehr-clients/$CLIENT/revoke"
    expect_status 200
    me "$(mint iss=https://ehr.example/revoked aud=$ME)"
    expect_refused
    logged REVOKED
    [ "$(sql -c "SELECT count(*) FROM audit_events WHERE route = '/v1/ehr-clients/{id}/revoke' AND '$CLIENT' = ANY(resource_ids)")" = 1 ]
}

@test "API keys and tokens do not stand in for each other" {
    register https://ehr.example/swap "Swap"
    me "$ADMIN"
    expect_refused
    API_KEY=$(mint iss=https://ehr.example/swap aud=$PUBLIC/v1/patients) req GET /v1/patients
    expect_problem 401
    [ "$(header WWW-Authenticate)" = 'Bearer realm="paingen"' ]
}

@test "jku: keys fetched from an allowlisted URL, kept, fetched again for a new kid; a jku off the list is refused" {
    API_KEY=$ADMIN json_post /v1/ehr-clients "{\"iss\":\"https://ehr.example/jku\",\"name\":\"By URL\",\"jku_allowlist\":[\"$JKU\"]}"
    expect_status 201
    expect_json ".jwks == null and .jku_allowlist == [\"$JKU\"]"
    iss=iss=https://ehr.example/jku
    rm -f "$KEYS/jwks.json.count"
    me "$(mint $iss aud=$ME)"
    expect_status 200
    me "$(mint key=rsa-1 $iss aud=$ME jku=$JKU)"
    expect_status 200
    [ "$(cat "$KEYS/jwks.json.count")" = 1 ] # fetched once, then kept
    other=${JKU%/jwks.json}/jwks-rotated.json
    me "$(mint $iss aud=$ME jku=$other)"
    expect_refused
    logged JKU_NOT_ALLOWED
    [ ! -e "$KEYS/jwks-rotated.json.count" ] # a jku off the list is never fetched
    # the EHR rotates to ec-2: the set is fetched again for the new kid
    cp "$KEYS/jwks.json" "$KEYS/jwks-before.json"
    cp "$KEYS/jwks-rotated.json" "$KEYS/jwks.json"
    me "$(mint key=ec-2 $iss aud=$ME)"
    expect_status 200
    [ "$(cat "$KEYS/jwks.json.count")" = 2 ]
    cp "$KEYS/jwks-before.json" "$KEYS/jwks.json"
}

@test "failed token authentications count against the address, as API keys do" {
    # a service of its own, with a small burst (the test's variables
    # vanish with it: the file's service is stopped by teardown_file)
    start_service PAINGEN_PUBLIC_URL="$PUBLIC" PAINGEN_RATE_LIMIT=1 PAINGEN_RATE_BURST=3
    # 3 at once, then 1 a second: a slow machine may earn one more
    token=$(mint iss=https://ehr.example/nobody aud=$ME)
    for _ in 1 2 3 4 5 6 7 8; do
        me "$token"
        [ "$STATUS" != 429 ] || break
        expect_refused
    done
    expect_problem 429
    [ -n "$(header Retry-After)" ]
    stop_service
}
