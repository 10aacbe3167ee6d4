#!/usr/bin/env bash
# Submits failed shard tasks again, alone, and a new merge job after them
# (the one of the first submission was cancelled when its dependency
# failed, or is cancelled now); the merge picks up every shard's state.
#   scripts/slurm/resubmit.sh OUTDIR TASKS [SBATCH_OPTION...]   (TASKS: 3, or 2,5)
# Prints the new array's and merge's job ids.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
[ $# -ge 2 ] || { sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
out=$1 tasks=$2
shift 2
array=$("$here/array.sh" "$out" "$tasks" "$@")
merge=$("$here/merge_job.sh" "$out" "$array")
echo "$array $merge"
