#!/usr/bin/env bash
# Builds the clinic app for serving: web/ copied to OUT (default
# build/web), each file of app/ renamed NAME.HASH.EXT and every reference
# to it ("/NAME.EXT" followed by a quote or a parenthesis) rewritten. HASH
# is of the whole of web/, so a name always means the same bytes and
# paingen can let browsers keep it for a year (service/web/static.c); a
# change anywhere renames every file, which for an app this small costs
# less than tracking the imports between modules. Needs only coreutils and
# sed: make run uses it.
# usage: scripts/web-build.sh [OUT]
set -euo pipefail
cd "$(dirname "$0")/.."
src=web
out=${1:-build/web}

hash=$(cd "$src" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-12)
if [ -f "$out/.hash" ] && [ "$(cat "$out/.hash")" = "$hash" ]; then
    exit 0
fi

mkdir -p "$(dirname "$out")"
tmp=$(mktemp -d "${out%/}.tmp.XXXXXX")
script=$(mktemp)
trap 'rm -rf "$tmp" "$script"' EXIT
mkdir -p "$tmp/app"
for f in "$src"/app/*; do
    name=${f##*/}
    case $name in
    *[!A-Za-z0-9._-]* | .*)
        echo "web-build: $name: not a name paingen serves" >&2
        exit 1
        ;;
    esac
    base=${name%.*} ext=${name##*.}
    cp "$f" "$tmp/app/$base.$hash.$ext"
    printf 's#/%s\\.%s(["\x27)])#/%s.%s.%s\\1#g\n' "${base//./\\.}" "$ext" "$base" "$hash" "$ext" >>"$script"
done
cp "$src/index.html" "$tmp/index.html"
for f in "$tmp/index.html" "$tmp"/app/*.js "$tmp"/app/*.css; do
    [ -e "$f" ] && sed -E -i -f "$script" "$f"
done
echo "$hash" >"$tmp/.hash"
chmod -R a+rX "$tmp"
rm -rf "$out"
mv "$tmp" "$out"
