#!/usr/bin/env bash
# make check-parallel: the sharded scan of scripts/parallel/scan.sh (GNU
# parallel, this machine) over INPUT in 8 shards, with shard 5 failing the
# first time: the script names it and merges nothing; run again with -r, only
# shard 5 runs, and the merged report is byte for byte a single-process
# scan's.
#   tests/slurm/check-parallel.sh CERTSWEEP INPUT
set -uo pipefail
CERTSWEEP=$(realpath "$1")
INPUT=$(realpath "$2")
SHARDS=8 FAILING=5
repo=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d /tmp/certsweep-parallel-XXXXXX)
trap 'rm -rf "$T"' EXIT
say() { echo "check-parallel: $*"; }
fail() { say "FAIL: $*"; exit 1; }

"$CERTSWEEP" scan -q -o "$T/ref" "$INPUT" 2>/dev/null || fail "single-process scan"
# Shard 5 fails until it is let go; every run of a shard is logged.
cat > "$T/certsweep" <<WRAP
#!/bin/sh
echo "\$*" | grep -o -- '--shard [0-9]*' >> "$T/runs"
case " \$* " in *" --shard $FAILING/$SHARDS "*) [ -e "$T/let-go" ] || exit 1 ;; esac
exec "$CERTSWEEP" "\$@"
WRAP
chmod +x "$T/certsweep"

"$repo/scripts/parallel/scan.sh" -n "$SHARDS" -o "$T/out" -j 2 -C "$T/certsweep" "$INPUT" 2>"$T/err" &&
    fail "a failed shard did not fail the scan"
[ ! -e "$T/out/report" ] || fail "merged without shard $FAILING"
grep -q "failed shards: $FAILING/$SHARDS " "$T/err" || fail "the failed shard is not named: $(tail -3 "$T/err")"
[ "$(wc -l < "$T/runs")" = "$SHARDS" ] || fail "not every shard ran once: $(cat "$T/runs")"
say "shard $FAILING failed: $(grep -o "failed shards.*" "$T/err")"

touch "$T/let-go"
: > "$T/runs"
"$repo/scripts/parallel/scan.sh" -r -n "$SHARDS" -o "$T/out" -j 2 -C "$T/certsweep" "$INPUT" 2>"$T/err" ||
    fail "resumed scan: $(cat "$T/err")"
[ "$(cat "$T/runs")" = "--shard $FAILING" ] || fail "the resumed scan ran $(cat "$T/runs"), not shard $FAILING alone"
for f in issuers.csv issuer_rules.csv rules.csv monthly.csv summary.json index.html; do
    cmp "$T/ref/$f" "$T/out/report/$f" || fail "merged $f differs from the single-process scan"
done
say "PASS: shard $FAILING run again alone; the merged report of $SHARDS parallel shards is byte for byte the single-process scan's"
