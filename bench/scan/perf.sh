#!/bin/sh
# Where the time goes: perf profile of a -j1 scan of N real certificates
# (default 100000; corpus from corpus.sh, KIND=gen for the synthetic one),
# inclusive ("children") time per function, into bench/out/scan/perf.txt.
set -eu
cd "$(dirname "$0")/../.."
N=${N:-100000}
KIND=${KIND:-real}
OUT=bench/out/scan
f=$(sh bench/scan/corpus.sh "$N" "$KIND")
perf record -q --call-graph dwarf,16384 -F 999 -o "$OUT/perf.data" \
    bin/certsweep scan -q -j1 -o "$OUT/report-perf" "$f" 2>/dev/null
perf report -i "$OUT/perf.data" --children --sort symbol -g none --stdio 2>/dev/null |
    grep -E '^ +[0-9.]+%' | grep -v ' 0x0000' | head -n 60 > "$OUT/perf.txt"
cat "$OUT/perf.txt"
