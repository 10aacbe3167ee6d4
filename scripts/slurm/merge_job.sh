#!/usr/bin/env bash
# Submits the merge of the scan set up in OUTDIR/job.env, to run once the
# jobs JOBID... have all succeeded (afterok); a merge job still waiting
# for an earlier attempt is cancelled first.  Prints the job id.
#   scripts/slurm/merge_job.sh OUTDIR JOBID...
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$1/job.env"
shift
deps=$(IFS=:; echo "$*")
if [ -s "$OUT/merge.jobid" ]; then
    scancel "$(cat "$OUT/merge.jobid")" 2>/dev/null || true
fi
id=$(sbatch --parsable --job-name=certsweep-merge ${PARTITION:+--partition="$PARTITION"} --time="$MERGE_TIME" \
    --cpus-per-task=1 --ntasks=1 --chdir="$OUT" --output="$OUT/logs/merge-%j.out" \
    --dependency="afterok:$deps" --kill-on-invalid-dep=yes --export=ALL,CS_JOB_DIR="$OUT" "$here/merge.sh")
echo "$id" > "$OUT/merge.jobid"
echo "$id"
