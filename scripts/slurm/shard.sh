#!/usr/bin/env bash
# One array task: shard $SLURM_ARRAY_TASK_ID of the scan set up in
# $CS_JOB_DIR/job.env (scripts/slurm/submit.sh).  Fails unless the state
# was written: exit status 0, or 5 (an input incomplete: the merged
# report says so).
set -uo pipefail
. "$CS_JOB_DIR/job.env"
k=$SLURM_ARRAY_TASK_ID
echo "certsweep shard $k/$SHARDS on $(hostname -s), $CPUS CPUs"
"$CERTSWEEP" scan -q -j "$CPUS" --shard "$k/$SHARDS" -o "$OUT/reports/$k" --state "$OUT/states/$k.state" "${INPUTS[@]}"
rc=$?
[ "$rc" = 0 ] || [ "$rc" = 5 ] || { echo "certsweep shard $k/$SHARDS failed: exit status $rc" >&2; exit "$rc"; }
