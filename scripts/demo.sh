#!/bin/sh
# make demo: build the demo corpus once (certsweep-gen: a few thousand
# certificates from several CAs, some of which make visible mistakes),
# scan it and say where the report and the findings are.  Run after `make all`.
set -eu
BINDIR=${BINDIR:-bin}
corpus=build/demo-corpus
# (again when the generator changed: its mistakes and ground truth did too)
if [ ! -f "$corpus/ground_truth.csv" ] || [ "$BINDIR/certsweep-gen" -nt "$corpus/ground_truth.csv" ]; then
    echo "demo: generating $corpus"
    rm -rf "$corpus"
    "$BINDIR/certsweep-gen" -n 5000 -m 10 -s 2026 -f pem,ct-json -o "$corpus"
fi
mkdir -p reports
"$BINDIR/certsweep" scan -o reports/demo --findings reports/demo/findings.jsonl "$corpus/pem"
echo
echo "demo: injected violations (ground truth): $corpus/ground_truth.csv"
echo "demo: per-certificate findings: reports/demo/findings.jsonl"
echo "demo: report: reports/demo/index.html"
