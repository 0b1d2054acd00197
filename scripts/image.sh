#!/usr/bin/env bash
# The container image of docker/Dockerfile, built with podman from
# Debian's packages alone: no container registry is needed. As root
# (the test serves from the image's root file system with chroot).
# usage: scripts/image.sh base|build|test
#   base   the Dockerfile's base image (debian:<suite>-slim) unless podman
#          has it: Debian's minbase for that suite, made with mmdebstrap
#          (without documentation, as the slim images are) and imported
#   build  base, then the image, tagged paingen:<version> (a '+' in the
#          version becomes '-') and paingen:latest; prints the build time
#   test   build, then tests/image/image.bats against the new image,
#          ending with one line "N passed, N failed, N skipped"
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { sed -n '5,12p' "$0" >&2; exit 2; }
cmd=${1:-}
[ -n "$cmd" ] || usage

if [ "$(id -u)" -ne 0 ]; then
    echo "image: run as root (podman's image store and chroot into the image need it)" >&2
    exit 1
fi

# podman run is not needed (nor used): where crun cannot start a
# container, building still works with chroot isolation and cgroupfs.
podman=(podman --cgroup-manager=cgroupfs)
version=$(scripts/version.sh)
tag=localhost/paingen:${version//+/-}

# base: the one image every FROM names.
base() {
    local from suite log
    from=$(sed -n 's/^FROM \([^ ]*\).*/\1/p' docker/Dockerfile | sort -u)
    if [[ ! "$from" =~ ^debian:([a-z]+)-slim$ ]]; then
        echo "image: no recipe for the base image '$from' (one debian:<suite>-slim expected)" >&2
        exit 1
    fi
    suite=${BASH_REMATCH[1]}
    "${podman[@]}" image exists "$from" && return 0
    echo "image: making $from from Debian's packages (mmdebstrap)" >&2
    log=$(mktemp)
    local tar=$log.tar start=$SECONDS
    # merged-usr hook: /bin, /lib... as symbolic links, without the
    # usrmerge package (and the Perl it pulls in); path-exclude: what the
    # slim images leave out, kept out of later installs too
    if ! mmdebstrap --variant=minbase --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr \
        --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/info/*' \
        --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
        --dpkgopt='path-include=/usr/share/doc/*/copyright' \
        "$suite" "$tar" \
        "deb http://deb.debian.org/debian $suite main" \
        "deb http://deb.debian.org/debian $suite-updates main" \
        "deb http://deb.debian.org/debian-security $suite-security main" >"$log" 2>&1; then
        tail -n 30 "$log" >&2
        rm -f "$log" "$tar"
        exit 1
    fi
    if ! "${podman[@]}" import --quiet "$tar" "localhost/$from" >/dev/null; then
        rm -f "$log" "$tar"
        exit 1
    fi
    rm -f "$log" "$tar"
    echo "image: $from made in $((SECONDS - start)) s" >&2
}

# build: the image, without layer caching (each build is whole, and
# leaves no intermediate images behind); --format docker keeps the
# HEALTHCHECK (OCI's format has none). The images that held the two tags
# before are removed once they hold none.
build() {
    base || return 1
    local start=$SECONDS log old id
    old=$("${podman[@]}" image inspect --format '{{.Id}}' "$tag" localhost/paingen:latest 2>/dev/null || true)
    log=$(mktemp)
    if ! "${podman[@]}" build --format docker --isolation=chroot --pull=never --layers=false \
        --build-arg VERSION="$version" -t "$tag" -t localhost/paingen:latest \
        -f docker/Dockerfile . >"$log" 2>&1; then
        tail -n 40 "$log" >&2
        rm -f "$log"
        echo "image: the build failed" >&2
        return 1
    fi
    rm -f "$log"
    echo "image: $tag built in $((SECONDS - start)) s" >&2
    for id in $(sort -u <<<"$old"); do
        if [ "$("${podman[@]}" image inspect --format '{{len .RepoTags}}' "$id" 2>/dev/null)" = 0 ]; then
            "${podman[@]}" image rm "$id" >/dev/null 2>&1 || true
        fi
    done
}

case "$cmd" in
base) base ;;
build) build ;;
test)
    log=$(mktemp)
    if ! (build) 2>"$log"; then
        sed 's/^/# /' "$log"
        rm -f "$log"
        echo "not ok - the image builds"
        echo "0 passed, 1 failed, 0 skipped"
        exit 1
    fi
    sed 's/^/# /' "$log"
    echo "# image tests"
    rc=0
    PAINGEN_ROOT=$(pwd -P) PAINGEN_IMAGE=$tag PAINGEN_VERSION=$version \
        bats --tap tests/image/image.bats >"$log" 2>&1 || rc=$?
    cat "$log"
    out=$(scripts/tap-tally.sh tests/image/image.bats "$log" "$rc")
    rm -f "$log"
    sed '$d' <<<"$out"
    read -r p f s < <(tail -n 1 <<<"$out")
    echo "$p passed, $f failed, $s skipped"
    [ "$f" -eq 0 ]
    ;;
*) usage ;;
esac
