#!/bin/sh
# The floor under a scan's CPU: what libarchive, the kernel and OpenSSL's
# SHA-256 cost alone on the throughput benchmark's inputs (see
# bench/floor/bench_floor.c and mk/floor.mk).
# Environment: REPS (default 40) picks the inputs (real corpus x REPS, made
# by bench/throughput/inputs.sh); ROUNDS (default 3), best of.
set -eu
cd "$(dirname "$0")/../.."
REPS=${REPS:-40}
corpus=${CERTSWEEP_SHARED:-../shared}/corpus/real
if [ ! -d "$corpus" ]; then
    echo "bench/floor: SKIPPED: no corpus at $corpus"
    exit 0
fi
make --no-print-directory -s build/bench/bench-floor
dir=bench/out/throughput
[ -f "$dir/real-x$REPS.tar" ] && [ -f "$dir/real-x$REPS.pem" ] || sh bench/throughput/inputs.sh "$REPS" >/dev/null
exec build/bench/bench-floor "$dir/real-x$REPS.tar" "$dir/real-x$REPS.pem" "$corpus" "${ROUNDS:-3}"
