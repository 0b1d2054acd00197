#!/usr/bin/env bats
# The version paingen reports: the VERSION file's, with the commit when
# the sources are not a tagged release (scripts/version.sh).

load helpers

@test "--version prints the version of these sources" {
    run "$PAINGEN_BIN" --version
    [ "$status" -eq 0 ]
    [ "$output" = "paingen $("$PAINGEN_ROOT/scripts/version.sh")" ]
    [[ "$output" == "paingen $(cat "$PAINGEN_ROOT/VERSION")"* ]]
}

# a copy of VERSION and scripts/version.sh in a folder of its own
copy() {
    mkdir -p "$1/scripts"
    cp "$PAINGEN_ROOT/VERSION" "$1/"
    cp "$PAINGEN_ROOT/scripts/version.sh" "$1/scripts/"
}

@test "outside a git checkout, the VERSION file's alone" {
    copy "$BATS_TEST_TMPDIR/src"
    [ "$("$BATS_TEST_TMPDIR/src/scripts/version.sh")" = "$(cat "$PAINGEN_ROOT/VERSION")" ]
}

@test "in a checkout: the file's on its tag, +g<commit> elsewhere, .dirty with changed files" {
    d=$BATS_TEST_TMPDIR/repo
    copy "$d"
    v=$(cat "$d/VERSION")
    git -C "$d" init -q
    git -C "$d" add .
    git -C "$d" -c user.name=t -c user.email=t@example.org commit -qm one
    sha=$(git -C "$d" rev-parse --short=12 HEAD)
    [ "$("$d/scripts/version.sh")" = "$v+g$sha" ]
    git -C "$d" tag "v$v"
    [ "$("$d/scripts/version.sh")" = "$v" ]
    echo "# changed" >>"$d/scripts/version.sh"
    [ "$("$d/scripts/version.sh")" = "$v+g$sha.dirty" ]
    git -C "$d" tag -d "v$v" >/dev/null
    echo 1.2 >"$d/VERSION"
    run "$d/scripts/version.sh"
    [ "$status" -eq 1 ]
    [[ "$output" == *MAJOR.MINOR.PATCH* ]]
}
