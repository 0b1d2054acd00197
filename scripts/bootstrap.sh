#!/usr/bin/env bash
# Makes sure the Debian packages paingen needs are installed: installs the
# missing ones when run as root, otherwise prints the exact command. The
# Makefile, CI and docker/Dockerfile all go through this one list.
# usage: scripts/bootstrap.sh build|run|test|bench|runtime|image
#   build    compile bin/paingen
#   run      build, plus PostgreSQL for the private cluster (make run)
#   test     run, plus the test tools (make test)
#   bench    run, plus the load tools (make bench)
#   runtime  only what bin/paingen needs to run (the container image)
#   image    build and test the container image (make image, make test-image)
set -euo pipefail

build_pkgs=(make gcc libc6-dev pkg-config libmicrohttpd-dev libjansson-dev libpq-dev libssl-dev libcurl4-openssl-dev libsodium-dev)
run_pkgs=("${build_pkgs[@]}" postgresql curl)
test_pkgs=("${run_pkgs[@]}" bats jq clang-format nodejs openssl clang libclang-rt-dev pgbouncer chromium)
bench_pkgs=("${run_pkgs[@]}" wrk jq nodejs)
runtime_pkgs=(libmicrohttpd12 libjansson4 libpq5 libssl3 libcurl4 libsodium23 curl ca-certificates)
# podman builds the image, mmdebstrap its base from Debian's packages;
# the test serves from it in a network namespace of its own (iproute2)
# against PostgreSQL, and reads docker/compose.yaml with podman-compose.
image_pkgs=(make git podman mmdebstrap podman-compose iproute2 postgresql curl jq bats)

case "${1:-}" in
build) want=("${build_pkgs[@]}") ;;
run) want=("${run_pkgs[@]}") ;;
test) want=("${test_pkgs[@]}") ;;
bench) want=("${bench_pkgs[@]}") ;;
runtime) want=("${runtime_pkgs[@]}") ;;
image) want=("${image_pkgs[@]}") ;;
*) sed -n '5,11p' "$0" >&2; exit 2 ;;
esac

missing=()
for p in "${want[@]}"; do
    # nodejs may come from another Debian repository under the same name;
    # npm ships inside some nodejs builds, so only node itself is checked.
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$p")
    fi
done
if [ "${#missing[@]}" -gt 0 ] && [[ " ${missing[*]} " == *" nodejs "* ]]; then
    missing+=(npm)
fi

if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" -eq 0 ]; then
        echo "paingen: installing ${missing[*]}" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
        echo "paingen: missing Debian packages; install them with:" >&2
        echo "  sudo apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
fi

if [ "$1" = test ]; then
    # The OpenAPI linter needs Node 20.19 or later.
    v=$(node -p 'process.versions.node' 2>/dev/null || echo 0)
    if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>20||(a==20&&b>=19)?0:1)' 2>/dev/null; then
        echo "paingen: the OpenAPI linter needs Node.js >= 20.19 (found $v)" >&2
        exit 1
    fi
fi
