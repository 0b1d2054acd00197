#!/usr/bin/env bash
# A private PostgreSQL cluster in a folder of its own, reachable only on a
# Unix socket inside that folder, so it clashes with no other server.
# As root the cluster runs as the unprivileged 'postgres' user (initdb
# refuses root).
#
# usage: scripts/pgcluster.sh init|start|stop|status|createdb|url DIR [DBNAME]
#   init     create the cluster in DIR unless it exists (add --fast for a
#            throwaway cluster that trades durability for speed)
#   start    start it (detached from the terminal) and wait until it accepts
#   stop     fast shutdown (--immediate: a crash), waiting until it is down
#   createdb create DBNAME unless it exists
#   url      print the libpq connection string for DBNAME
set -euo pipefail

cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { sed -n '5,13p' "$0" >&2; exit 2; }
mkdir -p "$dir"
dir=$(cd "$dir" && pwd -P)
data=$dir/pgdata
sock=$dir/socket
bindir=$(pg_config --bindir 2>/dev/null || true)
[ -x "$bindir/initdb" ] || bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
[ -x "$bindir/initdb" ] || { echo "pgcluster: no PostgreSQL server binaries found (install postgresql)" >&2; exit 1; }

as_owner() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

check_reachable() {
    if [ "$(id -u)" -eq 0 ] && ! runuser -u postgres -- test -x "$dir"; then
        cat >&2 <<EOT
pgcluster: the cluster runs as the 'postgres' user, which cannot reach
  $dir
because a parent folder is closed to other users. Set PAINGEN_DATA_DIR to a
folder it can reach, e.g. PAINGEN_DATA_DIR=/var/tmp/paingen make run
EOT
        exit 1
    fi
}

# A Unix socket path is limited to 107 bytes.
if [ $(( ${#sock} + 16 )) -gt 107 ]; then
    echo "pgcluster: '$sock' is too long for a Unix socket path; use a shorter folder" >&2
    exit 1
fi

case "$cmd" in
init)
    [ -f "$data/PG_VERSION" ] && exit 0
    mkdir -p "$data" "$sock"
    [ "$(id -u)" -eq 0 ] && chown -R postgres: "$dir"
    check_reachable
    as_owner "$bindir/initdb" -D "$data" -U paingen --auth=trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    {
        echo "listen_addresses = ''"
        echo "unix_socket_directories = '$sock'"
        echo "unix_socket_permissions = 0700"
        if [ "${3:-}" = --fast ]; then
            echo "fsync = off"
            echo "synchronous_commit = off"
            echo "full_page_writes = off"
        fi
    } | as_owner tee -a "$data/postgresql.conf" >/dev/null
    ;;
start)
    check_reachable
    as_owner "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1 && exit 0
    # setsid: Ctrl-C on the terminal must reach paingen, not the database.
    # The server must not inherit our descriptors beyond 0-2 (a test
    # runner would wait for them to close).
    as_owner setsid "$bindir/pg_ctl" -D "$data" -l "$dir/postgres.log" -w -t 60 start \
        </dev/null >/dev/null 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&- \
        || { tail -n 20 "$dir/postgres.log" >&2; exit 1; }
    ;;
stop)
    # --immediate: no checkpoint, connections dropped at once (a crash, for
    # the fault tests; the next start recovers from the WAL)
    mode=fast
    [ "${3:-}" = --immediate ] && mode=immediate
    as_owner "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1 || exit 0
    as_owner "$bindir/pg_ctl" -D "$data" -m "$mode" -w -t 60 stop >/dev/null
    ;;
status)
    as_owner "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1
    ;;
createdb)
    db=${3:?database name}
    # psql interpolates :'name' (quoted) only in input, not in -c.
    exists=$(psql -h "$sock" -U paingen -d postgres -tAX -v name="$db" \
        <<<"SELECT 1 FROM pg_database WHERE datname = :'name'")
    [ "$exists" = 1 ] || createdb -h "$sock" -U paingen "$db"
    ;;
url)
    db=${3:?database name}
    # libpq quoting: backslash and single quote are escaped with a backslash
    q() { local v=${1//\\/\\\\}; printf "'%s'" "${v//\'/\\\'}"; }
    printf "host=%s user=paingen dbname=%s\n" "$(q "$sock")" "$(q "$db")"
    ;;
*)
    sed -n '5,13p' "$0" >&2
    exit 2
    ;;
esac
