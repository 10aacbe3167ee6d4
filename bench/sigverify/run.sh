#!/bin/sh
# Signature verification cost per certificate for RSA-2048, RSA-4096,
# P-256 and P-384 issuers, next to the cost of the whole lint of the same
# certificate (see mk/corpus.mk).  BENCH_SECONDS per case (default 1).
set -eu
cd "$(dirname "$0")/../.."
exec make --no-print-directory bench-sigverify
