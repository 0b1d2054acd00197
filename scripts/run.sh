#!/usr/bin/env bash
# make run: serve bin/paingen. With DATABASE_URL unset, a private cluster
# in PAINGEN_DATA_DIR (default .data/) is created on first use, started,
# and stopped again when paingen stops (Ctrl-C); on first use it also
# gets development API keys and a development user (a clinician who signs
# in to the clinic app) for the default clinic, kept in that folder.
# Its tables belong to 'paingen', no superuser, which can neither alter
# nor remove the audit trail (see scripts/pgcluster.sh migrate).
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

# dev_keys DIR: a clinician and an admin key of the default clinic, made
# once (the keys are shown only at creation, so they are kept in DIR,
# readable by this user alone), and how to use them.
dev_keys() {
    local dir=$1 clinic=00000000-0000-0000-0000-000000000001 role
    for role in clinician admin; do
        [ -s "$dir/dev-key-$role" ] && continue
        (umask 077 && PAINGEN_LOG_LEVEL=error bin/paingen keys create --clinic "$clinic" \
            --role "$role" --name "development ($role)" >"$dir/dev-key-$role.new") &&
            mv "$dir/dev-key-$role.new" "$dir/dev-key-$role"
    done
    echo "paingen: development keys (default clinic): export PAINGEN_KEY=\$(cat $dir/dev-key-clinician)" >&2
    echo "paingen:   and for keys and audit: \$(cat $dir/dev-key-admin)" >&2
}

# dev_user DIR: a clinician of the default clinic who signs in to the
# clinic app, made once with a random password kept in DIR (readable by
# this user alone), and how to sign in.
dev_user() {
    local dir=$1 clinic=00000000-0000-0000-0000-000000000001 email=clinician@paingen.test
    if [ ! -s "$dir/dev-user-password" ]; then
        (umask 077 && head -c 18 /dev/urandom | base64 | tr '+/' '-_' >"$dir/dev-user-password.new")
        PAINGEN_LOG_LEVEL=error bin/paingen user create --clinic "$clinic" --email "$email" \
            --name "Development clinician" --role clinician <"$dir/dev-user-password.new" >/dev/null &&
            mv "$dir/dev-user-password.new" "$dir/dev-user-password"
    fi
    echo "paingen: clinic app: http://${PAINGEN_LISTEN:-127.0.0.1:8080}/ - sign in as $email," \
        "password $(cat "$dir/dev-user-password") (kept in $dir/dev-user-password)" >&2
}

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
    # applied here, where the owner may briefly do what migrations need;
    # paingen then finds nothing to apply
    PAINGEN_LOG_LEVEL=warn scripts/pgcluster.sh migrate "$data_dir" paingen bin/paingen --migrate-only
    dev_keys "$data_dir"
    dev_user "$data_dir"
fi

# The clinic app, its files named by their content (scripts/web-build.sh),
# unless PAINGEN_WEB_ROOT names another folder (web/ itself serves as it
# is, every file revalidated on each use).
if [ -z "${PAINGEN_WEB_ROOT:-}" ]; then
    scripts/web-build.sh build/web
    export PAINGEN_WEB_ROOT=build/web
fi
# (dev_user printed the address with the private cluster's sign-in)
[ -n "${data_dir:-}" ] || echo "paingen: the clinic app: http://${PAINGEN_LISTEN:-127.0.0.1:8080}/" >&2

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
