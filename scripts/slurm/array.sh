#!/usr/bin/env bash
# Submits shard tasks TASKS (an sbatch --array list: 1-8, 3, 2,5) of the
# scan set up in OUTDIR/job.env (scripts/slurm/submit.sh); prints the job id.
#   scripts/slurm/array.sh OUTDIR TASKS [SBATCH_OPTION...]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$1/job.env"
tasks=$2
shift 2
exec sbatch --parsable --job-name=certsweep-shard --array="$tasks" ${PARTITION:+--partition="$PARTITION"} \
    --time="$TIME" --cpus-per-task="$CPUS" --ntasks=1 --chdir="$OUT" \
    --output="$OUT/logs/shard-%A_%a.out" --export=ALL,CS_JOB_DIR="$OUT" "$@" "$here/shard.sh"
