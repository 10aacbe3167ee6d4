#!/bin/sh
# Ingest benchmark: builds a gzip'd CT get-entries corpus and a tar.zst of
# DER files from the real certificates (replicated REPS times) in a temp
# dir, then times ingest (decompression + framing + decoding) of each.
#   sh bench/ingest/run.sh [BENCH_BINARY] [REPS]
set -eu
bin=${1:-build/bench/ingest_bench}
reps=${2:-20}
shared=${CERTSWEEP_SHARED:-../shared}
corpus=$shared/corpus/real
tmp=$(mktemp -d "${TMPDIR:-/tmp}/certsweep-bench-ingest.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
python3 "$(dirname "$0")/mkcorpus.py" "$corpus" "$reps" | gzip -6 > "$tmp/ct.json.gz"
mkdir "$tmp/der"
i=0
while [ $i -lt "$reps" ]; do
    mkdir "$tmp/der/r$i" && cp -r "$corpus"/. "$tmp/der/r$i/"
    i=$((i + 1))
done
tar cf - -C "$tmp/der" . | zstd -q -3 -o "$tmp/der.tar.zst"
rm -rf "$tmp/der"
echo "ingest benchmark: real corpus x $reps ($(nproc) CPUs; one reader thread, decoding inline)"
"$bin" "ct-json.gz" "$tmp/ct.json.gz"
"$bin" "der.tar.zst" "$tmp/der.tar.zst"
