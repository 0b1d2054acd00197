#!/usr/bin/env bats
# Samples the bats lint (scripts/lint-bats.sh) must accept: checks that do
# fail when their claim is false, and text that only looks like && or !.
# Not a test suite: make test never runs it.

waiting() { [ "$(echo 1)" -ge "$1" ]; }
absent() { ! grep -q x "$1"; }

@test "checks that fail when they should" {
    run false
    [ "$status" -ne 0 ]
    [[ "$output" == *immutable* && "$status" -eq 1 ]]
    [[ "$output" != *"]] && ["* ]]
    run ! grep -q Sanitizer "$log"
    run grep -q Sanitizer "$log"
    [ "$status" -ne 0 ]
    ! waiting 1 || false
    ! grep -q x "$log" || { echo "x in the log" >&2; return 1; }
    if [ -n "$a" ] && [ -n "$b" ]; then
        echo both
    fi
    while [ -n "$a" ] && ! [ -n "$b" ]; do break; done
    [ ! -e "$file" ]
    [ "$a" != "$b" ]
    awk -v s=1 'BEGIN {exit !(s >= 0.9 && s < 3)}'
    grep -qE '^ && make clean build$' Dockerfile
    echo "a && b; ! c" # && ! in a comment
    bash -c "[ -n x ] && [ -n y ]"
    n=$((1 + 2)) # $# ${#x}
    cat <<EOT
[ "$status" -ne 0 ] && [ -n x ]
! grep -q x
EOT
    cat <<-'EOT'
	! grep -q y && true
	EOT
    x='multi-line
        ] && [ text
        ! not a command'
    ! grep -q Sanitizer "$log"
}

@test "a negation last, then a blank line and a comment" {
    ! grep -q x "$log"

    # the end
}
