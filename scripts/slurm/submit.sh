#!/usr/bin/env bash
# A sharded certsweep scan on Slurm: a job array of N shard tasks
# (`certsweep scan --shard K/N --state`) and a merge job that runs once
# every task has succeeded (--dependency=afterok) and writes the reports
# of one scan of all the inputs (docs/scale-out.md).
#
#   scripts/slurm/submit.sh -n SHARDS -o OUTDIR [options] INPUT...
#
#   -n SHARDS     array tasks (shards)
#   -o OUTDIR     output directory, on a filesystem every node sees:
#                 job.env, states/K.state, reports/K/, logs/, and the merged
#                 report/ and merged.state
#   -p PARTITION  partition (default: the cluster's default)
#   -t TIME       time limit of each shard task (default 1:00:00)
#   -T TIME       time limit of the merge job (default 1:00:00)
#   -c CPUS       CPUs per task, and certsweep's -j (default 1)
#   -C PATH       the certsweep command (default: certsweep on PATH)
#   -x OPTION     one more sbatch option for the array (repeatable; e.g. -x --hold)
#
# INPUTs are given to every shard as absolute paths (a relative one is
# taken from here), which name them in the reports.  Prints the array's
# and the merge's job ids.  A task that failed is submitted again alone, with
# a new merge job, by scripts/slurm/resubmit.sh OUTDIR K.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
SHARDS= OUT= PARTITION= TIME=1:00:00 MERGE_TIME=1:00:00 CPUS=1 CERTSWEEP=certsweep
EXTRA=()
usage() { sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//' >&2; exit 2; }
while getopts n:o:p:t:T:c:C:x:h opt; do
    case $opt in
    n) SHARDS=$OPTARG ;;
    o) OUT=$OPTARG ;;
    p) PARTITION=$OPTARG ;;
    t) TIME=$OPTARG ;;
    T) MERGE_TIME=$OPTARG ;;
    c) CPUS=$OPTARG ;;
    C) CERTSWEEP=$OPTARG ;;
    x) EXTRA+=("$OPTARG") ;;
    *) usage ;;
    esac
done
shift $((OPTIND - 1))
[ -n "$SHARDS" ] && [ -n "$OUT" ] && [ $# -gt 0 ] || usage
case $SHARDS in '' | *[!0-9]* | 0) echo "submit.sh: -n wants a number of shards, not '$SHARDS'" >&2; exit 2 ;; esac
INPUTS=()
for i in "$@"; do
    case $i in /*) INPUTS+=("$i") ;; *) INPUTS+=("$PWD/$i") ;; esac
done
mkdir -p "$OUT/states" "$OUT/reports" "$OUT/logs"
OUT=$(cd "$OUT" && pwd)
CERTSWEEP=$(command -v "$CERTSWEEP" || echo "$CERTSWEEP")
# Everything a task needs, read by shard.sh, merge.sh and resubmit.sh.
{
    declare -p SHARDS OUT PARTITION TIME MERGE_TIME CPUS CERTSWEEP INPUTS
} > "$OUT/job.env"

array=$("$here/array.sh" "$OUT" "1-$SHARDS" "${EXTRA[@]}")
merge=$("$here/merge_job.sh" "$OUT" "$array")
echo "$array $merge"
