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
    # each generated id is new, past the 256 one draw of random bytes gives
    # a thread (one connection: one thread draws them all)
    ids=$(curl -s -o /dev/null -D - $(printf "$BASE/healthz %.0s" $(seq 600)) | tr -d '\r' |
        awk 'tolower($1) == "x-request-id:" {print $2}')
    [ "$(sort -u <<<"$ids" | grep -cE '^[0-9a-f]{8}-[0-9a-f]{4}-4')" = 600 ]
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

# raw_req FORMAT: sends printf FORMAT over a new connection and reads until
# the server closes it; sets RAW (the answer, CRs removed). Tried up to 10
# times while nothing comes back: libmicrohttpd closes a connection it
# refuses with the rest of the request unread, and the kernel's reset can
# then discard its answer before it is read.
raw_req() {
    local port=${BASE##*:}
    for _ in $(seq 1 10); do
        RAW=$(
            exec 5<>"/dev/tcp/127.0.0.1/$port"
            # shellcheck disable=SC2059 # the request is the format
            printf "$1" >&5
            timeout 5 cat <&5 | tr -d '\r'
        ) || true
        if [ -n "$RAW" ]; then
            return 0
        fi
    done
    echo "no answer to: $1" >&2
    return 1
}

# expect_library_html STATUS TEXT: RAW is libmicrohttpd's own answer, not
# the service's: the status, the library's HTML body with TEXT, and none of
# what the service adds (Content-Type, X-Request-Id). Pinned so that a
# library upgrade that changes it is noticed (README, "What the HTTP
# library answers itself").
expect_library_html() {
    [[ "$(head -n 1 <<<"$RAW")" == "HTTP/1.1 $1 "* ]] || { echo "got: $RAW" >&2; return 1; }
    [[ "$RAW" == *"<html><head><title>"*"$2"*"</body></html>" ]] || { echo "got: $RAW" >&2; return 1; }
    [[ "$RAW" != *$'\n'Content-Type:* ]] || { echo "got: $RAW" >&2; return 1; }
    [[ "$RAW" != *X-Request-Id* ]] || { echo "got: $RAW" >&2; return 1; }
}

@test "an encoded NUL in a path is 400 problem+json, logged as sent, not cut short" {
    NO_CONTRACT=1 req GET '/v1/audit%00.json' --path-as-is -H 'X-Request-Id: nul-path-1'
    expect_problem 400
    expect_json '.detail | contains("encoded NUL (%00)")'
    expect_json '.instance == "/v1/audit%00.json"'
    wait_for 2 grep -q '"request_id":"nul-path-1"' "$SERVICE_LOG"
    line=$(grep '"request_id":"nul-path-1"' "$SERVICE_LOG")
    jq -e '.path == "/v1/audit%00.json" and .status == 400 and .route == "unmatched"' <<<"$line"
}

@test "an id with an encoded NUL is 400, not the resource of its first part" {
    req POST /v1/patients -H 'Content-Type: application/json' -H 'Idempotency-Key: http-nul-p' \
        -d '{"external_id":"HTTP-NUL-1","birth_date":"1970-01-01","sex":"male"}'
    expect_status 201
    local id
    id=$(jq -r .id <<<"$BODY")
    req GET "/v1/patients/$id%00x" --path-as-is
    expect_problem 400
    expect_json ".instance == \"/v1/patients/$id%00x\""
    [[ "$BODY" != *HTTP-NUL-1* ]]
}

@test "an encoded NUL in a query parameter is 400 naming the parameter" {
    req GET '/v1/patients?limit=5%00x'
    expect_problem 400
    expect_json '.detail | contains("query parameter '"'limit'"'") and contains("%00")'
}

@test "an encoded '/' in an id is 400, never routed to another resource" {
    req POST /v1/patients -H 'Content-Type: application/json' -H 'Idempotency-Key: http-slash-p' \
        -d '{"external_id":"HTTP-SLASH-1","birth_date":"1970-01-01","sex":"male"}'
    expect_status 201
    local id
    id=$(jq -r .id <<<"$BODY")
    req GET "/v1/patients/$id%2Fconsultations" --path-as-is -H 'X-Request-Id: slash-1'
    expect_problem 400
    expect_json '.detail | contains("%2F")'
    wait_for 2 grep -q '"request_id":"slash-1"' "$SERVICE_LOG"
    grep '"request_id":"slash-1"' "$SERVICE_LOG" | jq -e '.route == "unmatched" and (.path | endswith("%2Fconsultations"))'
    # lower case too; other escapes in an id are decoded and looked up as they are
    req GET "/v1/patients/$id%2fconsultations" --path-as-is
    expect_problem 400
    req GET "/v1/patients/$id%3Fx" --path-as-is
    expect_problem 404
    req GET '/v1/patients/%2E%2E' --path-as-is
    expect_problem 404
}

@test "library 400: a request line without an HTTP version (HTTP/0.9) is its HTML" {
    raw_req 'GET /healthz\r\n'
    expect_library_html 400 'Your HTTP request was syntactically incorrect.'
}

@test "library 400: a header line without a colon is its HTML" {
    raw_req 'GET /healthz HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n'
    expect_library_html 400 'Your HTTP request was syntactically incorrect.'
}

@test "library 400: a chunk size that is not hexadecimal is its HTML" {
    raw_req 'POST /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'
    expect_library_html 400 'Your HTTP chunked encoding was syntactically incorrect.'
}

@test "library 400: a negative Content-Length is its HTML, status line and headers sent twice" {
    raw_req 'POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n'
    expect_library_html 400 'Your HTTP request has wrong value for <b>Content-Length</b> header.'
    [ "$(grep -c '^HTTP/1.1 400 Bad Request$' <<<"$RAW")" = 2 ]
}

@test "library 413: a Content-Length past 2^64 is its HTML, status line and headers sent twice" {
    raw_req 'POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n'
    expect_library_html 413 'Your HTTP request has too large value for <b>Content-Length</b> header.'
    [ "$(grep -c '^HTTP/1.1 413 Content Too Large$' <<<"$RAW")" = 2 ]
    # no access-log line: the library's reason, as a warning
    wait_for 2 grep -q '"level":"warn","msg":"http: Error processing request (HTTP response code is 413' "$SERVICE_LOG"
}

@test "library 413: a chunk size past 2^64 is its HTML" {
    raw_req 'POST /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffffffff\r\n'
    expect_library_html 413 'The chunk size used in your HTTP chunked encoded request is too large.'
}

@test "library 414 and 431: a request line or header past its 32 KiB buffer is its HTML" {
    local long
    long=$(head -c 40000 /dev/zero | tr '\0' a)
    raw_req "GET /$long HTTP/1.1\r\nHost: x\r\n\r\n"
    expect_library_html 414 'Your HTTP header was too big for the memory constraints of this webserver.'
    raw_req "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Filler: $long\r\n\r\n"
    expect_library_html 431 'Your HTTP header was too big for the memory constraints of this webserver.'
    # below the buffer the service answers: the path is too long for any route
    NO_CONTRACT=1 req GET "/${long:0:30000}"
    expect_problem 404
}

@test "library 505: an HTTP version other than 1.0 or 1.x is its HTML" {
    raw_req 'GET /healthz HTTP/2.0\r\n'
    expect_library_html 505 'Requested HTTP version is not supported.'
    raw_req 'GET /healthz HTTP/0.9\r\n'
    expect_library_html 505 'Requested HTTP version is too old and not supported.'
}

@test "library: a raw NUL byte (not %00) ends the path and header values where it stands" {
    # the library parses them as C strings and hands on what precedes the
    # byte: no hook sees the rest (README)
    raw_req 'GET /healthz\0/x HTTP/1.1\r\nHost: x\r\nX-Request-Id: raw\0nul\r\nConnection: close\r\n\r\n'
    [[ "$(head -n 1 <<<"$RAW")" == "HTTP/1.1 200 OK" ]]
    [[ "$RAW" == *$'\n'"X-Request-Id: raw"$'\n'* ]]
}

@test "the service stops on SIGTERM with exit 0 and no sanitizer report" {
    stop_service
}
