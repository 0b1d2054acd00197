#!/usr/bin/env bats
# The container image as built (make test-image builds it, then runs this
# file with PAINGEN_ROOT, PAINGEN_IMAGE and PAINGEN_VERSION set). A
# container is created from it but not started (podman run cannot start
# one where crun cannot set its limits): its root file system, mounted
# and writable as a running container's is, is served from with chroot as
# the image's user, with the image's environment and entry point and the
# environment docker/compose.yaml gives the service, in a network
# namespace of its own (so the image's port clashes with nothing), against
# a throwaway PostgreSQL there reached over loopback TCP with passwords.

# The size budget, in MB (10^6 bytes). The image is Debian's minbase
# (about 75-78 MB: libc, coreutils, bash, dpkg and apt), the runtime
# packages (about 16 MB: libpq brings Kerberos and LDAP, libcurl its
# protocols, OpenSSL, CA certificates, curl for the HEALTHCHECK) and the
# binary with its migrations (under 2 MB), plus room for security
# updates. Past it, something came in that should not have: a compiler,
# headers, documentation, package lists or caches.
SIZE_BUDGET_MB=110

# ns COMMAND...: runs COMMAND in the test's network namespace.
ns() { ip netns exec "$NS" "$@"; }

pgcluster() { "$PAINGEN_ROOT/scripts/pgcluster.sh" "$1" "$WORK/pg" "${@:2}"; }

# psql as the cluster's superuser, on its Unix socket, on database paingen.
sql() { psql -h "$WORK/pg/socket" -U postgres -d paingen -tAX -v ON_ERROR_STOP=1 "$@"; }

inspect() { podman image inspect --format "$1" "$PAINGEN_IMAGE"; }

# in_image COMMAND...: COMMAND in the container's root file system as the
# image's user, with the container's environment, as podman exec would.
# Each of IMAGE_CMD's steps execs the next: its process is COMMAND's.
in_image() {
    image_cmd
    "${IMAGE_CMD[@]}" "$@"
}
image_cmd() {
    local envs
    mapfile -t envs <"$WORK/env"
    IMAGE_CMD=(ip netns exec "$NS" chroot --userspec="$IMAGE_UID:$IMAGE_GID" "$ROOT" env -i HOME=/ "${envs[@]}")
}

# healthcheck: the image's HEALTHCHECK command, with its timeout.
healthcheck() {
    local test timeout argv
    test=$(inspect '{{json .HealthCheck.Test}}')
    timeout=$(($(inspect '{{json .HealthCheck.Timeout}}') / 1000000000))
    case $(jq -r '.[0]' <<<"$test") in
    CMD-SHELL) argv=(/bin/sh -c "$(jq -r '.[1]' <<<"$test")") ;;
    CMD) mapfile -t argv < <(jq -r '.[1:][]' <<<"$test") ;;
    *) echo "unknown HEALTHCHECK form: $test" >&2; return 2 ;;
    esac
    in_image timeout "$timeout" "${argv[@]}"
}

# get PATH: the status code of the image's server's answer.
get() { ns curl -s -o /dev/null -w '%{http_code}' --max-time 10 "http://127.0.0.1:$PORT$1"; }

# compose_dry_run: what podman-compose makes of docker/compose.yaml: the
# podman commands it would run, printed and not run (a stand-in podman
# answers its questions, so nothing is created either).
compose_dry_run() {
    printf '#!/bin/sh\n[ "$1" = --version ] && echo "podman version 4.3.1"\nexit 0\n' >"$WORK/podman-stub"
    chmod +x "$WORK/podman-stub"
    podman-compose --podman-path "$WORK/podman-stub" -f "$PAINGEN_ROOT/docker/compose.yaml" --dry-run up 2>&1
}

# service_env SERVICE: the -e NAME=VALUE podman-compose gives SERVICE.
service_env() {
    grep -E " create --name=[^ ]*_$1_1 " "$WORK/compose.out" | grep -oE ' -e [^ ]+' | sed 's/^ -e //'
}

# url_password URL: the password of a postgresql://user:password@... URL.
url_password() {
    local re='^postgresql://[^:@]+:([^@]+)@'
    [[ "$1" =~ $re ]] || return 1
    echo "${BASH_REMATCH[1]}"
}

# The cluster as compose's db service makes it: its user with its
# password, its database, then docker/initdb's scripts. The owner is no
# superuser here (pgcluster.sh createdb's role), and may create roles,
# for migration 0009.
start_database() {
    local db_env user password
    db_env=$(service_env db)
    user=$(sed -n 's/^POSTGRES_USER=//p' <<<"$db_env")
    password=$(sed -n 's/^POSTGRES_PASSWORD=//p' <<<"$db_env")
    [ "$user" = paingen ] || { echo "compose's POSTGRES_USER is '$user', pgcluster.sh makes 'paingen'" >&2; return 1; }
    [ "$(sed -n 's/^POSTGRES_DB=//p' <<<"$db_env")" = paingen ]
    pgcluster init --fast >/dev/null
    pgcluster tcp 127.0.0.1
    ns "$PAINGEN_ROOT/scripts/pgcluster.sh" start "$WORK/pg"
    pgcluster createdb paingen
    psql -h "$WORK/pg/socket" -U postgres -d postgres -qtAX -v ON_ERROR_STOP=1 -v pw="$password" \
        >/dev/null <<<"ALTER ROLE paingen CREATEROLE PASSWORD :'pw'"
    for f in "$PAINGEN_ROOT"/docker/initdb/*.sql; do
        sql -q -f "$f" >/dev/null
    done
}

# The server: the image's entry point as the image's user, until it
# answers /readyz; its pid in $WORK/service.pid, its exit status, once it
# exits, in $WORK/service.rc.
start_server() {
    local entry
    mapfile -t entry < <(inspect '{{json .Config.Entrypoint}}' | jq -r '.[]')
    image_cmd
    (
        "${IMAGE_CMD[@]}" "${entry[@]}" >"$WORK/service.log" 2>&1 &
        echo $! >"$WORK/service.pid"
        rc=0
        wait $! || rc=$?
        echo "$rc" >"$WORK/service.rc"
    ) 3>&- &
    local deadline=$((SECONDS + 60))
    until [ "$(get /readyz)" = 200 ]; do
        if [ -e "$WORK/service.rc" ] || [ "$SECONDS" -ge "$deadline" ]; then
            cat "$WORK/service.log" >&2
            return 1
        fi
        sleep 0.2
    done
}

setup_file() {
    WORK=$(mktemp -d /tmp/paingen-image.XXXXXX)
    chmod 755 "$WORK" # the cluster runs as the postgres user
    NS=${WORK##*/}
    CTR=$NS
    export WORK NS CTR
    ip netns add "$NS"
    ns ip link set lo up

    compose_dry_run >"$WORK/compose.out"
    start_database

    podman --cgroup-manager=cgroupfs create --quiet --no-healthcheck --name "$CTR" "$PAINGEN_IMAGE" >/dev/null
    ROOT=$(podman mount "$CTR")
    PORT=$(inspect '{{range $p, $_ := .Config.ExposedPorts}}{{$p}}{{end}}')
    PORT=${PORT%/tcp}
    local user
    user=$(inspect '{{.Config.User}}')
    IMAGE_UID=$(awk -F: -v u="$user" '$1 == u {print $3}' "$ROOT/etc/passwd")
    IMAGE_GID=$(awk -F: -v u="$user" '$1 == u {print $4}' "$ROOT/etc/passwd")
    export ROOT PORT IMAGE_UID IMAGE_GID
    # the container's environment: the image's, then compose's, the
    # database host being here on loopback
    {
        inspect '{{range .Config.Env}}{{println .}}{{end}}' | sed '/^$/d'
        service_env paingen | sed 's/@db:5432/@127.0.0.1:5432/'
    } >"$WORK/env"

    start_server
}

teardown_file() {
    if [[ -s "$WORK/service.pid" && ! -e "$WORK/service.rc" ]]; then
        kill -TERM "$(cat "$WORK/service.pid")" 2>/dev/null || true
        for _ in $(seq 1 150); do
            if [ -e "$WORK/service.rc" ]; then break; fi
            sleep 0.1
        done
    fi
    pgcluster stop >/dev/null 2>&1 || true
    podman umount "$CTR" >/dev/null 2>&1 || true
    podman rm -f "$CTR" >/dev/null 2>&1 || true
    ip netns del "$NS" 2>/dev/null || true
    rm -rf "$WORK"
}

@test "the image's binary, run as its user, prints the version of these sources; the tag and label say it too" {
    run in_image /usr/local/bin/paingen --version
    [ "$status" -eq 0 ]
    [ "$output" = "paingen $PAINGEN_VERSION" ]
    [[ "$PAINGEN_VERSION" == "$(cat "$PAINGEN_ROOT/VERSION")"* ]]
    [ "$(inspect '{{index .Labels "org.opencontainers.image.version"}}')" = "$PAINGEN_VERSION" ]
    [ "${PAINGEN_IMAGE##*:}" = "${PAINGEN_VERSION//+/-}" ]
}

@test "the image is at most $SIZE_BUDGET_MB MB (see the budget's reasons above)" {
    size=$(inspect '{{.Size}}')
    mb=$(((size + 500000) / 1000000))
    echo "# image size: $mb MB (budget $SIZE_BUDGET_MB MB)" >&3
    [ "$mb" -le "$SIZE_BUDGET_MB" ]
}

@test "the runtime holds no compiler, make, headers, package lists or apt caches" {
    run chroot "$ROOT" dpkg-query -W -f '${Package}\n'
    [ "$status" -eq 0 ]
    [[ "$output" == *libpq5* ]]
    run grep -E '^(gcc|gcc-[0-9]+|cpp|cpp-[0-9]+|make|binutils|pkg-config|.*-dev)$' <<<"$output"
    [ "$status" -eq 1 ]
    [ -z "$(find "$ROOT/var/lib/apt/lists" "$ROOT/var/cache/apt" -mindepth 1)" ]
}

@test "podman-compose reads docker/compose.yaml: paingen built from docker/Dockerfile, its port, stop signal and documented environment" {
    [[ "$(cat "$WORK/compose.out")" != *rror* ]]
    grep -E ' build .*-f [^ ]*docker/Dockerfile ' "$WORK/compose.out"
    line=$(grep -E ' create --name=[^ ]*_paingen_1 ' "$WORK/compose.out")
    [[ "$line" == *" -p 127.0.0.1:$PORT:$PORT "* ]]
    [[ "$line" == *" --stop-signal SIGTERM "* ]]
    names=$(service_env paingen | cut -d= -f1)
    [ "$(wc -l <<<"$names")" -ge 2 ]
    for name in $names; do
        grep -qF "| \`$name\` |" "$PAINGEN_ROOT/README.md" || { echo "$name is not in the README's table" >&2; return 1; }
    done
}

@test "/healthz and /readyz answer 200 on the image's port" {
    [ "$(get /healthz)" = 200 ]
    [ "$(get /readyz)" = 200 ]
}

@test "the clinic app is served from the image's copy: its page, and its scripts by content-hashed names" {
    page=$(ns curl -sf --max-time 10 "http://127.0.0.1:$PORT/")
    [[ "$page" == *"<title>"* ]]
    script=$(grep -oE '/app/main\.[0-9a-f]{12}\.js' <<<"$page" | head -1)
    [ -n "$script" ]
    [ "$(get "$script")" = 200 ]
    run ns curl -sfI --max-time 10 "http://127.0.0.1:$PORT$script"
    [[ "$output" == *"immutable"* ]]
    # the repository's app, built the same way: the same names, so the same bytes
    "$PAINGEN_ROOT/scripts/web-build.sh" "$WORK/web"
    [ -d "$ROOT/usr/share/paingen/web/app" ]
    diff <(find "$ROOT/usr/share/paingen/web" -type f -printf '%P\n' | sort) <(find "$WORK/web" -type f -printf '%P\n' | sort)
}

@test "the server runs as uid 10001, the image's user, in no other group, from the image's root" {
    [ "$(inspect '{{.Config.User}}')" = paingen ]
    [ "$IMAGE_UID" = 10001 ]
    pid=$(cat "$WORK/service.pid")
    grep -qxP 'Uid:\t10001\t10001\t10001\t10001' "/proc/$pid/status"
    grep -qxP "Gid:\\t$IMAGE_GID\\t$IMAGE_GID\\t$IMAGE_GID\\t$IMAGE_GID" "/proc/$pid/status"
    grep -qxP "Groups:\\t$IMAGE_GID ?" "/proc/$pid/status"
    [ "$(readlink "/proc/$pid/root")" = "$ROOT" ]
    [ "$(readlink "/proc/$pid/exe")" = "$ROOT/usr/local/bin/paingen" ]
}

@test "the image's user can write nothing under /usr (where root can: the file system is writable)" {
    run in_image find /usr -writable
    [ "$status" -eq 0 ]
    [ -z "$output" ]
    run in_image touch /usr/local/bin/probe
    [ "$status" -ne 0 ]
    chroot "$ROOT" touch /usr/local/bin/probe
    rm "$ROOT/usr/local/bin/probe"
}

@test "the migrations applied are the image's own copy (the repository's), each with its checksum" {
    dir=$(grep '^PAINGEN_MIGRATIONS_DIR=' "$WORK/env" | cut -d= -f2)
    [ "$dir" = /usr/share/paingen/migrations ]
    diff -r "$PAINGEN_ROOT/migrations" "$ROOT$dir"
    want=$(for f in "$ROOT$dir"/*.sql; do
        b=${f##*/}
        n=${b#*_}
        echo "$((10#${b%%_*}))|${n%.sql}|$(sha256sum <"$f" | cut -d' ' -f1)"
    done)
    [ -n "$want" ]
    [ "$(sql -c 'SELECT version, name, checksum FROM schema_migrations ORDER BY version')" = "$want" ]
    # applied by the image's server itself, at its start
    [ "$(grep -c '"applied migration' "$WORK/service.log")" = "$(wc -l <<<"$want")" ]
}

@test "it reaches PostgreSQL over loopback TCP, where a login without its password is refused" {
    [ "$(sql -c "SELECT DISTINCT usename || ' ' || host(client_addr) FROM pg_stat_activity WHERE usename = 'paingen_app'")" = "paingen_app 127.0.0.1" ]
    run ns env PGPASSWORD=wrong psql -h 127.0.0.1 -U paingen_app -d paingen -c 'SELECT 1'
    [ "$status" -ne 0 ]
    [[ "$output" == *"password authentication failed"* ]]
    url=$(grep '^PAINGEN_APP_DATABASE_URL=' "$WORK/env" | cut -d= -f2-)
    run ns env PGPASSWORD="$(url_password "$url")" psql -h 127.0.0.1 -U paingen_app -d paingen -tAc 'SELECT 1'
    [ "$output" = 1 ]
}

@test "the README's work-ups, with a key made by the image's own command line, print what the README says" {
    key=$(in_image /usr/local/bin/paingen keys create --clinic 00000000-0000-0000-0000-000000000001 --role clinician 2>/dev/null)
    [[ "$key" == paingen_* ]]
    sed -n '/<!-- workup:begin -->/,/<!-- workup:end -->/p' "$PAINGEN_ROOT/README.md" | sed '1,2d;$d' | sed '$d' >"$WORK/workup.sh"
    grep -q '^BASE=' "$WORK/workup.sh"
    run ns env BASE="http://127.0.0.1:$PORT" PAINGEN_KEY="$key" bash -euo pipefail "$WORK/workup.sh"
    [ "$status" -eq 0 ]
    expected=$(sed -n '/^It prints:$/,/^A record is corrected/p' "$PAINGEN_ROOT/README.md" | sed -n 's/^    //p')
    [ "$output" = "$expected" ]
    # the assessments are stored, one per consultation
    [ "$(sql -c 'SELECT count(*) FROM assessments')" = 3 ]
}

@test "the image's HEALTHCHECK command, run as the image runs it, passes against the image's server" {
    [ "$(inspect '{{json .HealthCheck.Test}}' | jq -r '.[0]')" != NONE ]
    run healthcheck
    [ "$status" -eq 0 ]
    [ "$output" = '{"status":"ok"}' ]
}

@test "SIGTERM (compose's stop signal) stops it with status 0; the HEALTHCHECK then fails" {
    kill -TERM "$(cat "$WORK/service.pid")"
    for _ in $(seq 1 150); do
        if [ -e "$WORK/service.rc" ]; then break; fi
        sleep 0.1
    done
    [ "$(cat "$WORK/service.rc")" = 0 ]
    run healthcheck
    [ "$status" -ne 0 ]
}
