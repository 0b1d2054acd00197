#!/usr/bin/env bash
# Refuses checks in the bats suite that cannot fail. bats runs each test
# under `set -e`, which ignores a failure anywhere in `a && b` but its
# last command, and a `! cmd` anywhere: so `[ "$status" -ne 0 ] && [[ ... ]]`
# passes whatever the status, and `! grep -q x log` passes whatever the log
# holds unless it is the test's last command. Refused, outside quoted text,
# comments and here-documents:
#   - an `&&` list as a statement (`] && [`, `]] && ...`, `cmd && [ ... ]`):
#     write one check a line, `[[ a && b ]]`, or an if; conditions of
#     if / elif / while / until may use `&&`
#   - a `!` command that is not the last command of its test or function,
#     unless it carries its own `|| false` (or `|| return 1`, ...)
# Usage: lint-bats.sh [FILE...] (default: every .bats and .bash file under
# tests/, but the samples in tests/lint/). Prints file:line: why for each,
# exits 1 when any was found. lint-bats.sh --self-test checks the lint on
# tests/lint: bad.bats.sample must be refused on exactly the lines that end in a
# "# lint: refused" comment, good.bats.sample not at all.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

lint_file() {
    awk '
    # Lexing, line by line: quoted text, comments and here-documents are
    # left out of the code each line is checked as (code[n]).
    {
        line = $0
        if (hd != "") {
            t = line
            if (hd_tabs)
                sub(/^\t+/, "", t)
            if (t == hd)
                hd = ""
            code[FNR] = ""
            next
        }
        out = ""
        n = length(line)
        i = 1
        while (i <= n) {
            c = substr(line, i, 1)
            if (q == 1) { # single quotes
                if (c == "\047") {
                    q = 0
                    out = out c
                }
                i++
                continue
            }
            if (q == 2) { # double quotes
                if (c == "\\") {
                    i += 2
                    continue
                }
                if (c == "\"") {
                    q = 0
                    out = out c
                }
                i++
                continue
            }
            if (c == "\\") {
                out = out substr(line, i, 2)
                i += 2
                continue
            }
            if (c == "\047") {
                q = 1
                out = out c
                i++
                continue
            }
            if (c == "\"") {
                q = 2
                out = out c
                i++
                continue
            }
            if (c == "#" && (i == 1 || substr(line, i - 1, 1) ~ /[ \t;]/))
                break
            if (substr(line, i, 3) == "<<<") {
                out = out "<<<"
                i += 3
                continue
            }
            if (substr(line, i, 2) == "<<") {
                rest = substr(line, i + 2)
                if (match(rest, /^-?[ \t]*[\047"]?[A-Za-z_][A-Za-z0-9_]*[\047"]?/)) {
                    tok = substr(rest, 1, RLENGTH)
                    pend_tabs = substr(tok, 1, 1) == "-"
                    gsub(/[- \t\047"]/, "", tok)
                    pend = tok
                    out = out "<<"
                    i += 2 + RLENGTH
                    continue
                }
            }
            out = out c
            i++
        }
        code[FNR] = out
        if (pend != "") {
            hd = pend
            hd_tabs = pend_tabs
            pend = ""
        }
    }

    function report(n, why) {
        printf "%s:%d: %s\n", FILENAME, n, why
        found++
    }

    # text with the inside of each [[ ]] blanked: && there is one check
    function unbracket(t,    a, b, s) {
        s = ""
        while ((a = index(t, "[[")) > 0) {
            b = index(substr(t, a + 2), "]]")
            if (b == 0)
                break
            s = s substr(t, 1, a + 1) "  "
            t = substr(t, a + 2 + b - 1)
        }
        return s t
    }

    END {
        # logical lines: a line ending in \, |, && or || goes on
        k = 0
        for (n = 1; n <= FNR; n++) {
            t = code[n]
            if (joining)
                text[k] = text[k] " " t
            else {
                k++
                text[k] = t
                at[k] = n
            }
            joining = t ~ /(\\|\||&&)[ \t]*$/
            if (joining)
                sub(/\\[ \t]*$/, "", text[k])
        }
        for (j = 1; j <= k; j++) {
            t = unbracket(text[j])
            if (t ~ /^[ \t]*(if|elif|while|until)[ \t]/)
                continue
            if (t ~ /&&/)
                report(at[j], "`a && b` as a statement: set -e ignores a failing `a`; write one check a line, `[[ a && b ]]`, or an if")
            rest = t
            while (match(rest, /(^|[;{(]|&&|\|\||[ \t]then|[ \t]do|[ \t]else)[ \t]*![ \t]/)) {
                rest = substr(rest, RSTART + RLENGTH)
                stmt = rest
                cut = match(stmt, /;|&&/)
                if (cut)
                    stmt = substr(rest, 1, RSTART - 1)
                after = cut ? substr(rest, RSTART) : ""
                if (stmt ~ /\|\|/)
                    continue # it handles its own failure
                if (after ~ /^;?[ \t]*}[ \t]*$/)
                    continue # the last command of a one-line function
                if (after ~ /^;?[ \t]*$/) {
                    for (m = j + 1; m <= k && text[m] ~ /^[ \t]*$/; m++)
                        ;
                    if (m > k || text[m] ~ /^}[ \t]*$/)
                        continue # the last command of its test or function
                }
                report(at[j], "`! cmd` before the last command never fails (set -e ignores it); use `run cmd` and check $status, or `! cmd || false`")
            }
        }
        exit (found > 0)
    }
    ' "$1"
}

default_files() {
    find tests -path tests/lint -prune -o \( -name '*.bats' -o -name '*.bash' \) -print | sort
}

self_test() {
    local want got rc=0
    want=$(grep -n '# lint: refused' tests/lint/bad.bats.sample | cut -d: -f1 | sort -n | uniq | tr '\n' ' ')
    got=$(lint_file tests/lint/bad.bats.sample | cut -d: -f2 | sort -n | uniq | tr '\n' ' ')
    if [ "$want" != "$got" ]; then
        echo "tests/lint/bad.bats.sample: refused lines ${got:-none}, want $want" >&2
        rc=1
    fi
    if ! lint_file tests/lint/good.bats.sample; then
        echo "tests/lint/good.bats.sample: refused, want nothing refused" >&2
        rc=1
    fi
    return $rc
}

if [ "${1:-}" = --self-test ]; then
    self_test
    exit
fi
[ $# -gt 0 ] || mapfile -t files < <(default_files)
[ $# -eq 0 ] || files=("$@")
rc=0
for f in "${files[@]}"; do
    lint_file "$f" || rc=1
done
exit $rc
