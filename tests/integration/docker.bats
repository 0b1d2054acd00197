#!/usr/bin/env bats
# The Dockerfile read against what the tests build: the same bootstrap
# modes and make target, and runtime packages that provide every library
# the binary links. make test-image builds the image and serves from it
# (tests/image/); these checks need no podman.

load helpers

dockerfile=$PAINGEN_ROOT/docker/Dockerfile

@test "the Dockerfile calls the bootstrap modes and make target the tests use" {
    grep -qE '^RUN scripts/bootstrap.sh build' "$dockerfile"
    grep -qE '^ && make clean build( |$)' "$dockerfile"
    grep -qE '^RUN /tmp/bootstrap.sh runtime' "$dockerfile"
    grep -q '^USER paingen$' "$dockerfile"
    grep -A1 '^HEALTHCHECK ' "$dockerfile" | grep -q 'CMD curl -fsS http://127.0.0.1:8080/healthz'
    run "$PAINGEN_ROOT/scripts/bootstrap.sh" build
    [ "$status" -eq 0 ]
}

@test "the Dockerfile builds with the version make image hands it (its build context has no .git)" {
    grep -qxF 'ARG VERSION=' "$dockerfile"
    grep -qF 'make clean build ${VERSION:+"VERSION=$VERSION"}' "$dockerfile"
    grep -qF -- '--build-arg VERSION="$version"' "$PAINGEN_ROOT/scripts/image.sh"
}

# closure PKG...: the packages and everything they depend on, from the
# installed packages' metadata (no package index needed).
closure() {
    local -A seen=()
    local queue=("$@") p deps
    while [ "${#queue[@]}" -gt 0 ]; do
        p=${queue[0]}
        queue=("${queue[@]:1}")
        p=${p%%:*}
        if [ -z "$p" ] || [ -n "${seen[$p]:-}" ]; then
            continue
        fi
        seen[$p]=1
        echo "$p"
        deps=$(dpkg-query -W -f='${Depends},${Pre-Depends}' "$p" 2>/dev/null) || continue
        # "a (>= 1), b | c" -> a b c
        for d in $(tr ',|' '\n\n' <<<"$deps" | sed 's/(.*)//; s/^ *//; s/ *$//'); do
            queue+=("$d")
        done
    done
}

@test "the runtime packages provide every shared library bin/paingen links" {
    make -s -C "$PAINGEN_ROOT" bin/paingen
    runtime=$(sed -n 's/^runtime_pkgs=(\(.*\))$/\1/p' "$PAINGEN_ROOT/scripts/bootstrap.sh")
    [ -n "$runtime" ]
    # shellcheck disable=SC2086
    provided=$(closure $runtime libc6 | sort -u)
    while read -r lib; do
        pkg=$(dpkg -S "$(readlink -f "$lib")" 2>/dev/null | head -n 1 | cut -d: -f1)
        [ -n "$pkg" ] || pkg=$(dpkg -S "$lib" | head -n 1 | cut -d: -f1)
        grep -qx "$pkg" <<<"$provided" ||
            { echo "$lib ($pkg) is not provided by the runtime packages: $runtime" >&2; return 1; }
    done < <(ldd "$PAINGEN_ROOT/bin/paingen" | awk '$3 ~ /^\// {print $3}')
}

@test "compose runs the image against PostgreSQL with the healthcheck and a DATABASE_URL" {
    compose=$PAINGEN_ROOT/docker/compose.yaml
    grep -q 'dockerfile: docker/Dockerfile' "$compose"
    grep -q 'DATABASE_URL: postgresql://' "$compose"
    grep -q 'condition: service_healthy' "$compose"
}
