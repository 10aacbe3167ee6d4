#!/usr/bin/env bash
# A sharded certsweep scan with GNU parallel, on this machine or on
# several over ssh: N `certsweep scan --shard K/N --state` runs, then
# `certsweep merge` of their states: the reports of one scan of all the
# inputs (docs/scale-out.md).
#
#   scripts/parallel/scan.sh -n SHARDS -o OUTDIR [options] INPUT...
#
#   -n SHARDS     shards
#   -o OUTDIR     output directory (on a filesystem every host sees with -S):
#                 states/K.state, reports/K/, parallel.log (the job log),
#                 and the merged report/ and merged.state
#   -j JOBS       shards run at once per host (default: CPUs / CPUS)
#   -c CPUS       certsweep -j of each shard (default 1)
#   -C PATH       the certsweep command (default: certsweep on PATH)
#   -S SSHLOGINS  parallel --sshlogin: hosts to run the shards on, e.g.
#                 '8/node1,8/node2,:' (':' is this machine); the inputs and
#                 OUTDIR must have the same paths there
#   -r            run again only the shards that failed last time (from
#                 OUTDIR/parallel.log), then merge
#
# Exit status: 0 merged; non-zero when a shard failed (its number is in
# OUTDIR/parallel.log; run again with -r) or the merge did.
set -euo pipefail
SHARDS= OUT= JOBS= CPUS=1 CERTSWEEP=certsweep SSHLOGIN= RESUME=
usage() { sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//' >&2; exit 2; }
while getopts n:o:j:c:C:S:rh opt; do
    case $opt in
    n) SHARDS=$OPTARG ;;
    o) OUT=$OPTARG ;;
    j) JOBS=$OPTARG ;;
    c) CPUS=$OPTARG ;;
    C) CERTSWEEP=$OPTARG ;;
    S) SSHLOGIN=$OPTARG ;;
    r) RESUME=--resume-failed ;;
    *) usage ;;
    esac
done
shift $((OPTIND - 1))
[ -n "$SHARDS" ] && [ -n "$OUT" ] && [ $# -gt 0 ] || usage
mkdir -p "$OUT/states" "$OUT/reports"
OUT=$(cd "$OUT" && pwd)
CERTSWEEP=$(command -v "$CERTSWEEP" || echo "$CERTSWEEP")
[ -n "$JOBS" ] || JOBS=$(( $(nproc) / CPUS > 0 ? $(nproc) / CPUS : 1 ))
inputs=
for i in "$@"; do
    case $i in /*) ;; *) i=$PWD/$i ;; esac
    inputs+=" $(printf %q "$i")"
done
# Exit status 5 (an input incomplete) still wrote the state: the merged report says so.
o=$(printf %q "$OUT")
cmd="$(printf %q "$CERTSWEEP") scan -q -j $CPUS --shard {}/$SHARDS -o $o/reports/{} --state $o/states/{}.state$inputs;"
cmd+=' rc=$?; [ $rc = 0 ] || [ $rc = 5 ]'
if ! parallel --will-cite --joblog "$OUT/parallel.log" $RESUME -j "$JOBS" ${SSHLOGIN:+--sshlogin "$SSHLOGIN"} \
    "$cmd" ::: $(seq 1 "$SHARDS"); then
    failed=$(awk -F'\t' 'NR > 1 && ($7 != 0 || $8 != 0) { match($9, /--shard [0-9]+\/[0-9]+/); print substr($9, RSTART + 8, RLENGTH - 8) }' \
        "$OUT/parallel.log" | sort -n | paste -sd' ')
    echo "scan.sh: failed shards: ${failed:-?} (log: $OUT/parallel.log); nothing merged: run again with -r" >&2
    exit 1
fi
states=()
for k in $(seq 1 "$SHARDS"); do
    states+=("$OUT/states/$k.state")
done
exec "$CERTSWEEP" merge -o "$OUT/report" --state "$OUT/merged.state" "${states[@]}"
