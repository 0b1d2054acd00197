#!/usr/bin/env bats
# The clinic app's static files: GET / and GET /app/{file} from
# PAINGEN_WEB_ROOT, their types, security and cache headers, and every
# way out of the folder refused.

load helpers

setup_file() {
    WEB=$BATS_FILE_TMPDIR/web
    mkdir -p "$WEB/app" "$WEB/app/sub" "$WEB/app/dir.js"
    printf '<!doctype html><title>app</title><script type="module" src="/app/main.js"></script>\n' \
        >"$WEB/index.html"
    printf 'export const answer = 42;\n' >"$WEB/app/main.js"
    printf 'export const answer = 42;\n' >"$WEB/app/main.0123abcd89.js"
    printf 'body { margin: 0 }\n' >"$WEB/app/app.css"
    printf '<svg xmlns="http://www.w3.org/2000/svg"/>\n' >"$WEB/app/icon.svg"
    printf 'nested\n' >"$WEB/app/sub/x.js"
    printf 'hidden\n' >"$WEB/app/.hidden.js"
    printf 'binary\n' >"$WEB/app/tool.exe"
    printf 'no type\n' >"$WEB/app/README"
    printf 'outside the app folder\n' >"$WEB/secret.txt"
    ln -s "$WEB/secret.txt" "$WEB/app/out.txt"  # a link leaving the folder
    ln -s "$WEB/app/main.js" "$WEB/app/alias.js" # a link inside it: refused too
    mkfifo "$WEB/app/pipe.txt"
    head -c $((5 * 1024 * 1024)) /dev/zero >"$WEB/app/big.js"
    # a root whose app/ folder is a link to another folder
    mkdir -p "$BATS_FILE_TMPDIR/web2" "$BATS_FILE_TMPDIR/elsewhere"
    printf 'elsewhere\n' >"$BATS_FILE_TMPDIR/elsewhere/main.js"
    ln -s "$BATS_FILE_TMPDIR/elsewhere" "$BATS_FILE_TMPDIR/web2/app"
    export WEB
    new_db it_web
    start_service PAINGEN_WEB_ROOT="$WEB"
}

teardown_file() { stop_service; }

# csp_strict: the last answer's policy allows this origin alone, no inline code.
csp_strict() {
    local csp
    csp=$(header Content-Security-Policy)
    [[ "$csp" == *"default-src 'self'"* ]] || { echo "CSP: $csp" >&2; return 1; }
    [[ "$csp" == *"script-src 'self';"* ]] || { echo "CSP: $csp" >&2; return 1; }
    [[ "$csp" == *"style-src 'self';"* ]] || { echo "CSP: $csp" >&2; return 1; }
    [[ "$csp" == *"frame-ancestors 'none'"* ]] || { echo "CSP: $csp" >&2; return 1; }
    [[ "$csp" != *unsafe* && "$csp" != *http* && "$csp" != *'*'* ]] || { echo "CSP: $csp" >&2; return 1; }
}

@test "GET / is index.html: text/html, strict CSP, no-cache with an ETag, nosniff" {
    req GET /
    expect_status 200
    [ "$BODY" = "$(cat "$WEB/index.html")" ]
    [ "$(header Content-Type)" = "text/html; charset=utf-8" ]
    csp_strict
    [ "$(header Cache-Control)" = no-cache ]
    [[ "$(header ETag)" =~ ^\"[0-9a-f.-]+\"$ ]]
    [ "$(header X-Content-Type-Options)" = nosniff ]
    [ "$(header Referrer-Policy)" = no-referrer ]
}

@test "GET /app/{file}: each known type with its media type and the file's bytes" {
    req GET /app/main.js
    expect_status 200
    [ "$(header Content-Type)" = "text/javascript; charset=utf-8" ]
    [ "$BODY" = "$(cat "$WEB/app/main.js")" ]
    csp_strict
    req GET /app/app.css
    expect_status 200
    [ "$(header Content-Type)" = "text/css; charset=utf-8" ]
    req GET /app/icon.svg
    expect_status 200
    [ "$(header Content-Type)" = image/svg+xml ]
}

@test "a content-hashed name is cached a year as immutable; another name is revalidated" {
    req GET /app/main.0123abcd89.js
    expect_status 200
    [ "$(header Cache-Control)" = "public, max-age=31536000, immutable" ]
    req GET /app/main.js
    [ "$(header Cache-Control)" = no-cache ]
}

@test "If-None-Match with the ETag is 304 without a body; another ETag gets the file" {
    req GET /app/main.js
    local etag
    etag=$(header ETag)
    req GET /app/main.js -H "If-None-Match: $etag"
    expect_status 304
    [ "$(curl -s -o /dev/null -w '%{size_download}' -H "If-None-Match: $etag" "$BASE/app/main.js")" = 0 ]
    [ "$(header ETag)" = "$etag" ]
    [ "$(header Cache-Control)" = no-cache ]
    req GET /app/main.js -H "If-None-Match: W/\"other\", W/$etag"
    expect_status 304
    req GET /app/main.js -H 'If-None-Match: "other"'
    expect_status 200
    [ "$BODY" = "$(cat "$WEB/app/main.js")" ]
}

@test "a changed file gets a new ETag" {
    req GET /app/app.css
    local before
    before=$(header ETag)
    printf 'body { margin: 1px }\n' >"$WEB/app/app.css"
    req GET /app/app.css -H "If-None-Match: $before"
    expect_status 200
    [ "$(header ETag)" != "$before" ]
}

@test "HEAD / answers the headers alone" {
    local h
    h=$(curl -s -I "$BASE/")
    [[ "$h" == *"HTTP/1.1 200"* ]]
    [[ "$h" == *"Content-Security-Policy: default-src 'self'"* ]]
}

@test "traversal is refused: dot segments 404, an encoded slash 400, nested paths 404" {
    NO_CONTRACT=1 req GET /app/../secret.txt --path-as-is
    expect_problem 404
    NO_CONTRACT=1 req GET /app/..%2Fsecret.txt
    expect_problem 400
    NO_CONTRACT=1 req GET /app/%2e%2e
    expect_problem 404
    NO_CONTRACT=1 req GET /app/.. --path-as-is
    expect_problem 404
    NO_CONTRACT=1 req GET /app/sub/x.js
    expect_problem 404
    NO_CONTRACT=1 req GET /secret.txt
    expect_problem 404
    NO_CONTRACT=1 req GET /app/%5c..%5csecret.txt
    expect_problem 404
}

@test "hidden files, unknown types and names without a type are 404" {
    req GET /app/.hidden.js
    expect_problem 404
    req GET /app/tool.exe
    expect_problem 404
    req GET /app/README
    expect_problem 404
    req GET /app/missing.js
    expect_problem 404
}

@test "a symbolic link is never followed: out of the folder or inside it" {
    req GET /app/out.txt
    expect_problem 404
    req GET /app/alias.js
    expect_problem 404
}

@test "only regular files: a folder and a FIFO are 404, and the FIFO does not hang the request" {
    req GET /app/dir.js
    expect_problem 404
    req GET /app/pipe.txt --max-time 5
    expect_problem 404
}

@test "a file over 4 MiB is not served" {
    req GET /app/big.js
    expect_problem 404
    grep -q "big.js' is larger than" "$SERVICE_LOG"
}

@test "a method other than GET or HEAD is 405 with Allow" {
    NO_CONTRACT=1 req POST /
    expect_problem 405
    [ "$(header Allow)" = "GET, HEAD, OPTIONS" ]
}

@test "the API's answers keep Cache-Control: no-store and carry no page policy" {
    req GET /v1/patients
    expect_status 200
    [ "$(header Cache-Control)" = no-store ]
    [ -z "$(header Content-Security-Policy)" ]
}

# own_service VAR=value...: a second service for one test, which stops
# it (stop_service); teardown stops it when the test failed first.
own_service() {
    start_service "$@"
    OWN_PID=$SERVICE_PID
}

teardown() {
    if [[ -z "${BATS_TEST_COMPLETED:-}" && -n "${OWN_PID:-}" ]]; then
        kill -TERM "$OWN_PID" 2>/dev/null || true
    fi
}

@test "an app/ folder that is a symbolic link is not followed" {
    own_service PAINGEN_WEB_ROOT="$BATS_FILE_TMPDIR/web2"
    req GET /app/main.js
    expect_problem 404
    req GET /
    expect_problem 404
    stop_service
}

@test "the repository's web/ folder: every file index.html names is served with its type" {
    own_service PAINGEN_WEB_ROOT="$PAINGEN_ROOT/web"
    req GET /
    expect_status 200
    csp_strict
    local refs
    refs=$(grep -oE '/app/[A-Za-z0-9._-]+' <<<"$BODY" | sort -u)
    [ -n "$refs" ]
    for r in $refs; do
        req GET "$r"
        expect_status 200
        [[ "$(header Content-Type)" =~ ^(text/javascript|text/css|image/svg\+xml) ]]
    done
    # no inline script or style in the page: the policy would block it
    run grep -cE '<script[^>]*>[^<]|<style|style=' "$PAINGEN_ROOT/web/index.html"
    stop_service
    [ "$output" = 0 ]
}

@test "scripts/web-build.sh names every file by its content and rewrites the references: served immutable" {
    local out=$BATS_TEST_TMPDIR/build/web
    "$PAINGEN_ROOT/scripts/web-build.sh" "$out"
    own_service PAINGEN_WEB_ROOT="$out"
    req GET /
    expect_status 200
    [ "$(header Cache-Control)" = no-cache ]
    local refs n=0
    refs=$(grep -oE '/app/[A-Za-z0-9._-]+' <<<"$BODY" | sort -u)
    for r in $refs; do
        [[ "$r" =~ \.[0-9a-f]{12}\.[a-z0-9]+$ ]] || { echo "not hashed: $r" >&2; return 1; }
        req GET "$r"
        expect_status 200
        [ "$(header Cache-Control)" = "public, max-age=31536000, immutable" ]
        n=$((n + 1))
    done
    [ "$n" -ge 3 ]
    # every module the app imports is a hashed name the build holds
    local imports
    imports=$(cat "$out"/app/*.js | grep -oE "from '\./[^']+'" | sed -E "s/from '\.\/(.*)'/\1/" | sort -u)
    for m in $imports; do
        [[ "$m" =~ \.[0-9a-f]{12}\.js$ ]] || { echo "import not rewritten: $m" >&2; return 1; }
        [ -f "$out/app/$m" ] || { echo "import of a missing file: $m" >&2; return 1; }
    done
    stop_service
}

@test "the app's JavaScript and CSS together stay under 200 KB" {
    local total
    total=$(cat "$PAINGEN_ROOT"/web/app/*.js "$PAINGEN_ROOT"/web/app/*.css | wc -c)
    echo "# JS + CSS: $total bytes" >&3
    [ "$total" -lt 204800 ]
}
