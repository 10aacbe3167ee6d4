#!/bin/sh
# Scan throughput and memory: the whole scan (decompression, framing,
# decoding, parsing, every rule, tallying, reports) through bin/certsweep.
#
#   certificates/s at -j1 and -j2 on SIZE_SPEED certificates (default 1M)
#   peak RSS (/usr/bin/time -v) for each of SIZES (default 100k 1M 4M)
#
# Corpus: bench/scan/corpus.sh (the real certificates as a DER stream,
# repeated to the size wanted, zstd); cached in bench/out/scan/
# (git-ignored), never committed.
# The machine is shared: each run is repeated REPEAT times (default 2) and
# the fastest kept.
# Environment: SIZES, SIZE_SPEED, REPEAT, KINDS (corpus kinds for the speed runs:
# "real gen"; gen = bin/certsweep-gen, a few minutes to build once),
# CERTSWEEP (binary), RULES (--rules).
set -eu
cd "$(dirname "$0")/../.."
BIN=${CERTSWEEP:-bin/certsweep}
OUT=bench/out/scan
SIZES=${SIZES:-100000 1000000 4000000}
SIZE_SPEED=${SIZE_SPEED:-1000000}
KINDS=${KINDS:-real gen}
REPEAT=${REPEAT:-2}
mkdir -p "$OUT"
[ -x "$BIN" ] || { echo "bench/scan: $BIN not built (make)"; exit 1; }
[ -x /usr/bin/time ] || { echo "bench/scan: /usr/bin/time missing (apt-get install time)"; exit 1; }

# best N THREADS KIND: the fastest of REPEAT runs
best() {
    b=""; i=0
    while [ $i -lt "$REPEAT" ]; do
        r=$(run "$@")
        if [ -z "$b" ] || awk -v a="${r%% *}" -v c="${b%% *}" 'BEGIN { exit !(a < c) }'; then b=$r; fi
        i=$((i + 1))
    done
    echo "$b"
}

# run N THREADS [KIND] -> "seconds maxrss_kb cpu% linted cpu_seconds"
run() {
    f=$(sh bench/scan/corpus.sh "$1" "${3:-real}")
    /usr/bin/time -v "$BIN" scan -q -j "$2" ${RULES:+--rules "$RULES"} -o "$OUT/report-$1-j$2" "$f" \
        > "$OUT/run.out" 2> "$OUT/run.err" || { cat "$OUT/run.err" >&2; return 1; }
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$OUT/run.err" |
           awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$OUT/run.err")
    cpu=$(sed -n 's/.*Percent of CPU this job got: //p' "$OUT/run.err")
    linted=$(sed -n 's/.* \([0-9]*\) certificates linted.*/\1/p' "$OUT/run.err")
    cpus=$(sed -n -e 's/.*User time (seconds): //p' -e 's/.*System time (seconds): //p' "$OUT/run.err" |
           awk '{ s += $1 } END { print s }')
    echo "$wall $rss $cpu ${linted:-?} $cpus"
}

echo "machine: $(nproc) CPUs, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1)"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
# certs/cpu-s: certificates per CPU-second (user+sys of all threads,
# decompression included): the per-core figure, robust to a busy machine.
printf '%-5s %-10s %-4s %9s %10s %12s %8s %6s %10s\n' kind certs jobs seconds certs/s certs/cpu-s "RSS MB" CPU linted
row() { # kind n jobs seconds rss cpu% linted cpu_seconds
    printf '%-5s %-10s %-4s %9s %10s %12s %8s %6s %10s\n' "$1" "$2" "$3" "$4" \
        "$(awk -v n="$2" -v s="$4" 'BEGIN { printf "%.0f", n / s }')" \
        "$(awk -v n="$2" -v s="$8" 'BEGIN { printf "%.0f", n / s }')" \
        "$(awk -v k="$5" 'BEGIN { printf "%.1f", k / 1024 }')" "$6" "$7"
}
for kind in $KINDS; do
    for j in 1 2; do
        set -- $(best "$SIZE_SPEED" "$j" "$kind")
        eval "sec_j$j=$1"
        row "$kind" "$SIZE_SPEED" "$j" "$@"
    done
    echo "$kind: speed-up -j2/-j1 $(awk -v a="$sec_j1" -v b="$sec_j2" 'BEGIN { printf "%.2f", a / b }')"
done
echo
for n in $SIZES; do
    set -- $(run "$n" 2 real)
    row real "$n" 2 "$@"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
