#!/usr/bin/env bash
# A private PostgreSQL cluster in a folder of its own, reachable only on a
# Unix socket inside that folder (unless told to listen on TCP too), so it
# clashes with no other server.
# As root the cluster runs as the unprivileged 'postgres' user (initdb
# refuses root).
#
# usage: scripts/pgcluster.sh init|tcp|start|stop|status|createdb|url|migrate DIR [DBNAME] ...
#   init     create the cluster in DIR unless it exists, its superuser
#            'postgres' (add --fast for a throwaway cluster that trades
#            durability for speed)
#   tcp      DIR ADDR: listen on ADDR too (port 5432, from the next start),
#            where every login needs its role's password (SCRAM); the
#            socket stays as it was
#   start    start it (detached from the terminal) and wait until it accepts
#   stop     fast shutdown (--immediate: a crash), waiting until it is down
#   createdb create DBNAME unless it exists, and the role 'paingen' that
#            owns paingen's tables: no superuser, and no owner of the
#            database, its schema or the audit trail
#   url      print the libpq connection string for DBNAME, as 'paingen'
#            (--superuser: as 'postgres')
#   migrate  DIR DBNAME COMMAND...: run COMMAND (paingen --migrate-only)
#            with DATABASE_URL as 'paingen', which may then create roles
#            and owns audit_events; afterwards it may not and does not
set -euo pipefail

cmd=${1:-}
dir=${2:-}
usage() { sed -n '8,24p' "$0" >&2; exit 2; }
[ -n "$cmd" ] && [ -n "$dir" ] || usage
mkdir -p "$dir"
dir=$(cd "$dir" && pwd -P)
data=$dir/pgdata
sock=$dir/socket
bindir=$(pg_config --bindir 2>/dev/null || true)
[ -x "$bindir/initdb" ] || bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
[ -x "$bindir/initdb" ] || { echo "pgcluster: no PostgreSQL server binaries found (install postgresql)" >&2; exit 1; }

# The cluster's superuser, and the role that owns paingen's tables (the
# DATABASE_URL of make run, its migrations and `paingen keys`).
superuser=postgres
owner_role=paingen

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

as_superuser() { psql -h "$sock" -U "$superuser" -qtAX -v ON_ERROR_STOP=1 "$@"; }

# A cluster made before its tables' owner and its superuser were two
# roles has 'paingen' as its superuser, which PostgreSQL cannot demote.
check_superuser() {
    local err
    err=$(as_superuser -d postgres -c 'SELECT 1' 2>&1 >/dev/null) && return 0
    if psql -h "$sock" -U "$owner_role" -d postgres -tAXc 'SELECT 1' >/dev/null 2>&1; then
        cat >&2 <<EOT
pgcluster: the cluster in $dir was made by an earlier paingen: its
tables belong to a superuser, which PostgreSQL cannot demote. Stop it
(scripts/pgcluster.sh stop $dir), remove it or move it aside, and run
again for a new one.
EOT
    else
        echo "pgcluster: $err" >&2
    fi
    exit 1
}

# conninfo DBNAME ROLE: the libpq connection string. Quoting: backslash
# and single quote are escaped with a backslash.
conninfo() {
    q() { local v=${1//\\/\\\\}; printf "'%s'" "${v//\'/\\\'}"; }
    printf "host=%s user=%s dbname=%s\n" "$(q "$sock")" "$2" "$(q "$1")"
}

# lend_to ROLE CREATEROLE|NOCREATEROLE (database $db): audit_events and
# its trigger function to ROLE, and the owner role's CREATEROLE as said.
lend_to() {
    as_superuser -d "$db" -v role="$1" -v owner="$owner_role" -v createrole="$2" >/dev/null <<'SQL'
ALTER ROLE :"owner" :createrole;
SELECT format('ALTER TABLE audit_events OWNER TO %I', :'role')
WHERE to_regclass('public.audit_events') IS NOT NULL \gexec
SELECT format('ALTER FUNCTION audit_events_append_only() OWNER TO %I', :'role')
WHERE to_regprocedure('public.audit_events_append_only()') IS NOT NULL \gexec
SQL
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
    as_owner "$bindir/initdb" -D "$data" -U "$superuser" --auth=trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
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
tcp)
    addr=${3:?address}
    [ -f "$data/PG_VERSION" ] || { echo "pgcluster: no cluster in $dir (init first)" >&2; exit 1; }
    echo "listen_addresses = '$addr'" | as_owner tee -a "$data/postgresql.conf" >/dev/null
    # initdb --auth=trust let every TCP login in: those lines go, and
    # only a password opens the door.
    as_owner sed -i '/^host/d' "$data/pg_hba.conf"
    echo "host all all all scram-sha-256" | as_owner tee -a "$data/pg_hba.conf" >/dev/null
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
    check_superuser
    as_superuser -d postgres -v owner="$owner_role" -v db="$db" >/dev/null <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', :'owner')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'owner') \gexec
SELECT format('CREATE DATABASE %I', :'db')
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec
SQL
    # The owner may connect and create tables, and pass both on to the
    # role the requests log in as (migration 0009); the database and its
    # schema stay the superuser's, so it cannot drop them with the trail.
    as_superuser -d "$db" -v owner="$owner_role" -v db="$db" >/dev/null <<'SQL'
REVOKE CONNECT, TEMPORARY ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"db" TO :"owner" WITH GRANT OPTION;
GRANT USAGE, CREATE ON SCHEMA public TO :"owner" WITH GRANT OPTION;
SQL
    ;;
url)
    db=${3:?database name}
    if [ "${4:-}" = --superuser ]; then conninfo "$db" "$superuser"; else conninfo "$db" "$owner_role"; fi
    ;;
migrate)
    db=${3:?database name}
    shift 3
    [ $# -gt 0 ] || usage
    # Migration 0009 makes the requests' role and sets its defaults, which
    # takes CREATEROLE, and a new migration may alter audit_events, which
    # takes owning it. Held for good, either would let the owner alter the
    # audit trail: a table's owner can disable its triggers, and before
    # PostgreSQL 16 CREATEROLE can grant itself pg_execute_server_program
    # (commands run as the server's OS user). So the owner holds them only
    # while COMMAND runs, and the superuser takes both back however it ends.
    lend_to "$owner_role" CREATEROLE
    trap 'lend_to "$superuser" NOCREATEROLE' EXIT
    DATABASE_URL=$(conninfo "$db" "$owner_role") "$@"
    ;;
*)
    usage
    ;;
esac
