#!/usr/bin/env bash
# A synthetic cohort for the calibration report: N patients of one clinic,
# each with a consultation and an assessment, whose blocks, treatments,
# follow-ups and CDS feedback are drawn from known probabilities (see
# scripts/cohort.sql for what is drawn and how), the same every time for
# the same seed. What was drawn is kept in cohort.truth.
#
# usage: scripts/cohort.sh URL CLINIC N [NAME=VALUE]...
#   URL     a libpq connection string of a role that bypasses row-level
#           security (the cluster's superuser: scripts/pgcluster.sh url
#           DIR DB --superuser)
#   CLINIC  the clinic's id (it must exist)
#   N       patients
# and, each with its default:
#   seed=0.42         PostgreSQL's setseed, -1..1
#   model=0.3.1       the assessments' model version
#   shift=0 scale=1   a block is positive with probability
#                     expit(shift + scale * logit(p)): 0 and 1 is a
#                     perfectly calibrated model
#   efficacy=0.7      relief of 50% or more with probability efficacy * p
#   start=2026-01-01  the first consultation (then one a minute)
#   prefix=COHORT     the patients' external_id prefix (unique per run)
set -euo pipefail
[ $# -ge 3 ] || { sed -n '8,24p' "$0" >&2; exit 2; }
url=$1 clinic=$2 n=$3
shift 3
declare -A v=([seed]=0.42 [model]=0.3.1 [shift]=0 [scale]=1 [efficacy]=0.7 [start]=2026-01-01 [prefix]=COHORT)
for a in "$@"; do
    key=${a%%=*}
    if [ -z "${v[$key]+set}" ] || [ "$key" = "$a" ]; then
        echo "cohort: unknown setting '$a'" >&2
        exit 2
    fi
    v[$key]=${a#*=}
done
# numbers are interpolated into SQL: they must be numbers
for key in seed shift scale efficacy; do
    [[ ${v[$key]} =~ ^-?[0-9]+(\.[0-9]+)?$ ]] || { echo "cohort: $key must be a number" >&2; exit 2; }
done
[[ $n =~ ^[0-9]+$ ]] || { echo "cohort: N must be a whole number" >&2; exit 2; }
args=(-v "n=$n" -v "clinic=$clinic")
for key in "${!v[@]}"; do args+=(-v "$key=${v[$key]}"); done
psql "$url" -qtAX "${args[@]}" -f "$(dirname "$0")/cohort.sql"
