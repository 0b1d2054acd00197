#!/usr/bin/env bash
# PgBouncer in transaction pooling mode in front of a cluster made by
# scripts/pgcluster.sh, on a Unix socket in a folder of its own: the
# topology of a deployment that shares its PostgreSQL connections. It runs
# as the cluster's owner ('postgres' when we are root: PgBouncer refuses
# root) and finds each role's password with auth_query, so that any role
# of the cluster can log in through it as it could directly.
#
# usage: scripts/pgbouncer.sh start|stop|url DIR CLUSTER_DIR [DBNAME USER]
#   start  write DIR/pgbouncer.ini and start PgBouncer (detached)
#   stop   stop it, waiting until it is gone
#   url    print the libpq connection string for DBNAME as USER through it
set -euo pipefail

cmd=${1:-}
dir=${2:-}
cluster=${3:-}
[ -n "$cmd" ] && [ -n "$dir" ] && [ -n "$cluster" ] || { sed -n '8,12p' "$0" >&2; exit 2; }
mkdir -p "$dir"
dir=$(cd "$dir" && pwd -P)
cluster=$(cd "$cluster" && pwd -P)
port=6432

as_owner() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
start)
    command -v pgbouncer >/dev/null || { echo "pgbouncer: not installed (apt-get install pgbouncer)" >&2; exit 1; }
    # the auth_user's own entry; every other role is looked up in pg_shadow
    echo '"postgres" ""' >"$dir/users.txt"
    echo "local all all trust" >"$dir/hba.conf"
    cat >"$dir/pgbouncer.ini" <<EOT
[databases]
* = host=$cluster/socket

[pgbouncer]
listen_addr =
listen_port = $port
unix_socket_dir = $dir
unix_socket_mode = 0777
auth_type = hba
auth_hba_file = $dir/hba.conf
auth_file = $dir/users.txt
auth_user = postgres
auth_query = SELECT usename, passwd FROM pg_catalog.pg_shadow WHERE usename = \$1
pool_mode = transaction
max_client_conn = 1000
default_pool_size = 20
ignore_startup_parameters = extra_float_digits
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
EOT
    [ "$(id -u)" -eq 0 ] && chown -R postgres: "$dir"
    as_owner pgbouncer -q -d "$dir/pgbouncer.ini" </dev/null >/dev/null 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&-
    for _ in $(seq 1 100); do
        [ -S "$dir/.s.PGSQL.$port" ] && exit 0
        sleep 0.05
    done
    echo "pgbouncer: did not start" >&2
    tail -n 20 "$dir/pgbouncer.log" >&2
    exit 1
    ;;
stop)
    [ -f "$dir/pgbouncer.pid" ] || exit 0
    pid=$(cat "$dir/pgbouncer.pid")
    kill "$pid" 2>/dev/null || exit 0
    for _ in $(seq 1 100); do
        kill -0 "$pid" 2>/dev/null || exit 0
        sleep 0.05
    done
    kill -9 "$pid" 2>/dev/null || true
    ;;
url)
    db=${4:?database name}
    user=${5:?user}
    printf "host=%s port=%s user=%s dbname=%s\n" "$dir" "$port" "$user" "$db"
    ;;
*)
    sed -n '8,12p' "$0" >&2
    exit 2
    ;;
esac
