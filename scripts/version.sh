#!/bin/sh
# Prints the version paingen reports (bin/paingen --version, the image's
# tag and label): the VERSION file's, as it is on a commit tagged
# v<VERSION> with nothing changed; elsewhere in a git checkout, followed
# by +g<commit> (and .dirty when tracked files differ from it), so that
# builds of different sources never say the same. Outside a checkout (a
# source archive, the image's build context): the file's alone.
set -eu
cd "$(dirname "$0")/.."
v=$(cat VERSION)
if ! printf '%s\n' "$v" | grep -qE '^[0-9]+\.[0-9]+\.[0-9]+$'; then
    echo "version: VERSION must hold MAJOR.MINOR.PATCH, not '$v'" >&2
    exit 1
fi
# this folder's own checkout only, not one that happens to hold it
if top=$(git rev-parse --show-toplevel 2>/dev/null) && [ "$top" = "$(pwd -P)" ]; then
    dirty=
    [ -z "$(git status --porcelain --untracked-files=no)" ] || dirty=.dirty
    if [ -n "$dirty" ] || ! git tag --points-at HEAD | grep -qx "v$v"; then
        v="$v+g$(git rev-parse --short=12 HEAD)$dirty"
    fi
fi
printf '%s\n' "$v"
