#!/bin/sh
# Key mathematics: batch GCD time and peak memory at 100k and 1M moduli,
# and the CPU per RSA key of the weak-key rules' checks.
#
#   sh bench/keys/run.sh          (make bench-keys; make bench runs it too)
#
# Environment: KEYS_BENCH (binary, default build/bench/keys_bench, built
# with `make` when absent), SIZES (default "100000 1000000"), BITS (2048),
# MEMORY_MB (batch GCD memory bound, default the library's 1024).
# The moduli are random odd BITS-bit numbers from GMP (see keys_bench.c).
# 1M x 2048 bits takes about 23 CPU minutes (bench/keys/RESULTS.md).
set -eu
cd "$(dirname "$0")/../.."
BIN=${KEYS_BENCH:-build/bench/keys_bench}
[ -x "$BIN" ] || make -s "$BIN" >/dev/null
SIZES=${SIZES:-100000 1000000}
BITS=${BITS:-2048}
MEMORY_MB=${MEMORY_MB:-1024}
echo "machine: $(nproc) CPUs, $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1); load: $(cut -d' ' -f1-3 /proc/loadavg)"
for n in $SIZES; do
    nice "$BIN" gcd "$n" "$BITS" "$MEMORY_MB"
done
nice "$BIN" rules 2048 16 200
nice "$BIN" rules 4096 8 100
