#!/usr/bin/env bash
# Makes sure the Debian packages paingen needs are installed: installs the
# missing ones when run as root, otherwise prints the exact command.
# usage: scripts/bootstrap.sh run|test
set -euo pipefail

run_pkgs=(make gcc pkg-config libmicrohttpd-dev libjansson-dev libpq-dev postgresql curl)
test_pkgs=("${run_pkgs[@]}" bats jq clang-format nodejs)

case "${1:-}" in
run) want=("${run_pkgs[@]}") ;;
test) want=("${test_pkgs[@]}") ;;
*) echo "usage: $0 run|test" >&2; exit 2 ;;
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
