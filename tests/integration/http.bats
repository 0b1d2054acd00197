#!/usr/bin/env bats
# The HTTP core: health endpoints, errors as problem+json, body limit,
# request ids, CORS, metrics, access log.

load helpers

setup_file() {
    new_db it_http
    start_service PAINGEN_CORS_ORIGINS=https://app.clinic.example PAINGEN_MAX_BODY=1M
}

teardown_file() { stop_service; }

@test "GET /healthz is 200 with status ok" {
    req GET /healthz
    expect_status 200
    expect_json '.status == "ok"'
    [ "$(header Content-Type)" = application/json ]
}

@test "GET /readyz is 200 after start, with every migration applied" {
    req GET /readyz
    expect_status 200
    local files
    files=$(ls "$PAINGEN_ROOT"/migrations/*.sql | wc -l)
    expect_json ".status == \"ready\" and .migrations == $files"
}

@test "an unknown path is 404 problem+json" {
    NO_CONTRACT=1 req GET /no/such/thing
    expect_problem 404
    expect_json '.instance == "/no/such/thing"'
}

@test "a wrong method is 405 problem+json with Allow" {
    NO_CONTRACT=1 req DELETE /healthz
    expect_problem 405
    [ "$(header Allow)" = "GET, HEAD, OPTIONS" ]
}

@test "a 2 MiB body is 413 problem+json" {
    head -c $((2 * 1024 * 1024)) /dev/zero | tr '\0' 'a' >"$BATS_FILE_TMPDIR/big"
    NO_CONTRACT=1 req POST /healthz -H 'Content-Type: application/json' \
        --data-binary @"$BATS_FILE_TMPDIR/big"
    expect_problem 413
    expect_json '.detail | contains("1048576")'
}

@test "a 2 MiB chunked body (no Content-Length) is 413 too" {
    NO_CONTRACT=1 req POST /healthz -H 'Transfer-Encoding: chunked' \
        -H 'Content-Type: application/json' --data-binary @"$BATS_FILE_TMPDIR/big"
    expect_problem 413
}

@test "X-Request-Id is echoed when given and generated when not" {
    req GET /healthz -H 'X-Request-Id: ehr-trace-42'
    [ "$(header X-Request-Id)" = ehr-trace-42 ]
    req GET /healthz
    [[ "$(header X-Request-Id)" =~ ^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$ ]]
    # a header that is not plain is replaced, never echoed
    req GET /healthz -H 'X-Request-Id: <script>'
    [ "$(header X-Request-Id)" != '<script>' ]
}

@test "the problem body carries the request id" {
    NO_CONTRACT=1 req GET /nope -H 'X-Request-Id: trace-7'
    expect_json '.request_id == "trace-7"'
}

@test "HEAD on a GET route answers headers only" {
    run curl -s -i --head "$BASE/healthz"
    [ "$status" -eq 0 ]
    [[ "${lines[0]}" == "HTTP/1.1 200"* ]]
    [[ "$output" != *'"status"'* ]]
}

@test "CORS: an allowed origin is echoed with Vary and exposed headers" {
    req GET /healthz -H 'Origin: https://app.clinic.example'
    [ "$(header Access-Control-Allow-Origin)" = https://app.clinic.example ]
    [ "$(header Vary)" = Origin ]
    [[ "$(header Access-Control-Expose-Headers)" == *X-Request-Id* ]]
}

@test "CORS: another origin gets no CORS headers, but Vary: Origin for caches" {
    req GET /healthz -H 'Origin: https://evil.example'
    [ -z "$(header Access-Control-Allow-Origin)" ]
    [ "$(header Vary)" = Origin ]
}

@test "more than 100 header fields is 431" {
    args=()
    for i in $(seq 1 110); do args+=(-H "X-Filler-$i: $i"); done
    NO_CONTRACT=1 req GET /healthz "${args[@]}"
    expect_problem 431
}

@test "a long path with invalid UTF-8 still gives a valid problem and a valid log line" {
    long=$(printf '%%FF%%01%.0s' $(seq 1 3000))
    NO_CONTRACT=1 req GET "/x$long" -H 'X-Request-Id: long-path-1'
    expect_problem 404
    wait_for 2 grep -q '"request_id":"long-path-1"' "$SERVICE_LOG"
    grep '"request_id":"long-path-1"' "$SERVICE_LOG" | jq -e '.status == 404 and (.path | length) < 1100'
}

@test "CORS: preflight of an allowed origin is 204 with methods and headers" {
    NO_CONTRACT=1 req OPTIONS /readyz -H 'Origin: https://app.clinic.example' \
        -H 'Access-Control-Request-Method: GET'
    expect_status 204
    [ "$(header Access-Control-Allow-Origin)" = https://app.clinic.example ]
    [ "$(header Access-Control-Allow-Methods)" = "GET, HEAD, OPTIONS" ]
    [[ "$(header Access-Control-Allow-Headers)" == *Idempotency-Key* ]]
    # browsers refuse a preflight with the origin twice
    [ "$(grep -ci '^Access-Control-Allow-Origin:' "$HEADERS")" = 1 ]
    [[ "$(header Vary)" == Origin,* ]]
}

@test "CORS: a preflight asking for a method the path lacks gets no CORS grant" {
    NO_CONTRACT=1 req OPTIONS /readyz -H 'Origin: https://app.clinic.example' \
        -H 'Access-Control-Request-Method: DELETE'
    expect_status 204
    [ -z "$(header Access-Control-Allow-Origin)" ]
}

@test "OPTIONS on an unknown path is 404" {
    NO_CONTRACT=1 req OPTIONS /nope -H 'Origin: https://app.clinic.example'
    expect_problem 404
}

@test "GET /metrics counts requests by route and status, with pool gauges" {
    req GET /healthz
    req GET /metrics
    expect_status 200
    [[ "$(header Content-Type)" == text/plain* ]]
    grep -q '^paingen_http_requests_total{method="GET",route="/healthz",status="200"} [1-9]' <<<"$BODY"
    grep -q '^paingen_http_requests_total{method="",route="unmatched",status="404"} [1-9]' <<<"$BODY"
    grep -q '^paingen_http_request_duration_seconds_bucket{method="GET",route="/healthz",le="+Inf"} [1-9]' <<<"$BODY"
    grep -q '^paingen_db_pool_connections 4$' <<<"$BODY"
    grep -q '^paingen_db_pool_connections_in_use 0$' <<<"$BODY"
    grep -q '^paingen_db_errors_total [0-9]' <<<"$BODY"
}

@test "every request writes one JSON access-log line" {
    req GET /healthz -H 'X-Request-Id: log-check-1'
    wait_for 2 grep -q '"request_id":"log-check-1"' "$SERVICE_LOG"
    line=$(grep '"request_id":"log-check-1"' "$SERVICE_LOG")
    jq -e '.msg == "request" and .method == "GET" and .route == "/healthz" and .status == 200 and (.duration_ms | type == "number")' <<<"$line"
}

@test "the service stops on SIGTERM with exit 0 and no sanitizer report" {
    stop_service
}
