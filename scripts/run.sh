#!/usr/bin/env bash
# make run: serve bin/paingen. With DATABASE_URL unset, a private cluster
# in PAINGEN_DATA_DIR (default .data/) is created on first use, started,
# and stopped again when paingen stops (Ctrl-C).
set -euo pipefail
cd "$(dirname "$0")/.."

pid=
stop_cluster=
cleanup() {
    if [ -n "$stop_cluster" ]; then
        scripts/pgcluster.sh stop "$stop_cluster" || true
        echo "paingen: database stopped" >&2
        stop_cluster=
    fi
}
trap cleanup EXIT

if [ -z "${DATABASE_URL:-}" ]; then
    data_dir=${PAINGEN_DATA_DIR:-.data}
    scripts/pgcluster.sh init "$data_dir"
    # stop the cluster on exit only if this run started it
    if ! scripts/pgcluster.sh status "$data_dir"; then
        scripts/pgcluster.sh start "$data_dir"
        stop_cluster=$data_dir
    fi
    scripts/pgcluster.sh createdb "$data_dir" paingen
    DATABASE_URL=$(scripts/pgcluster.sh url "$data_dir" paingen)
    export DATABASE_URL
    echo "paingen: private database in $data_dir (DATABASE_URL unset)" >&2
fi

# paingen drains its requests on SIGINT/SIGTERM; forward a TERM sent to
# this script, then wait for it to finish.
bin/paingen &
pid=$!
trap 'kill -TERM "$pid" 2>/dev/null || true' INT TERM
# wait returns early (status > 128) when a trapped signal arrives; the
# status that counts is the one of the last wait, once paingen is gone.
rc=0
wait "$pid" || rc=$?
while kill -0 "$pid" 2>/dev/null; do
    rc=0
    wait "$pid" || rc=$?
done
exit "$rc"
