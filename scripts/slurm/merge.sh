#!/usr/bin/env bash
# The merge job: the N shard states of $CS_JOB_DIR into report/ and
# merged.state (certsweep merge refuses a missing or duplicated shard).
set -euo pipefail
. "$CS_JOB_DIR/job.env"
states=()
for k in $(seq 1 "$SHARDS"); do
    states+=("$OUT/states/$k.state")
done
exec "$CERTSWEEP" merge -o "$OUT/report" --state "$OUT/merged.state" "${states[@]}"
