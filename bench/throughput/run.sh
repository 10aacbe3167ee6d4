#!/bin/sh
# Throughput of issue 19, certsweep and zlint side by side on the same
# certificates: the real corpus repeated REPS times (default 40; 5,361
# records a copy) as one uncompressed tar and as one PEM stream on a pipe
# (inputs.sh builds them, cached in bench/out/throughput/), the same PEM
# as a file (pemfile: a plain file is read by a reader per part), and as
# BGZF gzip (gz) and zstd of 4 MiB frames (zst), decompressed by a reader
# per part.
#
# For each input and -j1 / -j2 (-j N = N threads, readers included): wall
# time, CPU (user+sys of every thread), certificates per CPU-second, peak
# RSS (/usr/bin/time -v), the -j2 / -j1 wall ratio, and the CPU split by
# stage (read, frame, decode, parse, rules, tally, merge, reports, other)
# estimated by the scan-bench driver (bench/scan/driver.c; how: its
# output, and docs/design.md "the stage clock").
# zlint (../shared/peers/zlint/zlint-bulk, when present) lints the
# certificates of one copy (the PEM of REPS=1) with 1 and 2 workers:
# certificates per CPU-second, and the ratio.
#
# Environment: REPS (copies, default 40), REPEAT (runs of each, the one
# with the least CPU kept; default 1), CERTSWEEP (binary), SCAN_BENCH
# (driver), CERTSWEEP_SHARED (default ../shared).  Results are kept, by
# hand, in bench/scan/RESULTS.md with the machine and its load.
set -eu
cd "$(dirname "$0")/../.."
BIN=${CERTSWEEP:-bin/certsweep}
DRIVER=${SCAN_BENCH:-build/bench/scan-bench}
REPS=${REPS:-40}
REPEAT=${REPEAT:-1}
SHARED=${CERTSWEEP_SHARED:-../shared}
ZLINT=$SHARED/peers/zlint/zlint-bulk
OUT=bench/out/throughput
mkdir -p "$OUT"
[ -x "$BIN" ] || { echo "bench/throughput: $BIN not built (make)"; exit 1; }
[ -x /usr/bin/time ] || { echo "bench/throughput: /usr/bin/time missing (apt-get install time)"; exit 1; }
[ -d "$SHARED/corpus/real" ] || { echo "bench/throughput: no $SHARED/corpus/real: skipped"; exit 0; }
# The driver is rebuilt when stale (a stale one measures old code), unless given.
[ -n "${SCAN_BENCH:-}" ] || make -s "$DRIVER" >/dev/null 2>&1 || DRIVER=""
[ -x "$DRIVER" ] || DRIVER=""

set -- $(sh bench/throughput/inputs.sh "$REPS")
TAR=$1 PEM=$2 GZ=$3 ZST=$4

# timed CMD...: runs CMD under /usr/bin/time -v, stdout to $OUT/run.out;
# prints "wall cpu rss_kb".
timed() {
    /usr/bin/time -v "$@" > "$OUT/run.out" 2> "$OUT/run.err" || { tail -n 5 "$OUT/run.err" >&2; return 1; }
    sed -n -e 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$OUT/run.err" |
        awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%s ", s }'
    sed -n -e 's/.*User time (seconds): //p' -e 's/.*System time (seconds): //p' "$OUT/run.err" |
        awk '{ s += $1 } END { printf "%.2f ", s }'
    sed -n 's/.*Maximum resident set size (kbytes): //p' "$OUT/run.err"
}

# least_cpu CMD...: the run with the least CPU of REPEAT
least_cpu() {
    b=""; i=0
    while [ "$i" -lt "$REPEAT" ]; do
        r=$(timed "$@")
        if [ -z "$b" ] || awk -v a="$(echo "$r" | cut -d' ' -f2)" -v c="$(echo "$b" | cut -d' ' -f2)" \
            'BEGIN { exit !(a < c) }'; then b=$r; fi
        i=$((i + 1))
    done
    echo "$b"
}

lscpu_model=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n 1)
echo "machine: $(nproc) CPUs, ${lscpu_model:-?}; $(uname -r)"
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "inputs: real corpus x $REPS: $TAR ($(wc -c < "$TAR") bytes), $PEM ($(wc -c < "$PEM") bytes, on a pipe)"
echo
fmt='%-9s %-7s %-4s %8s %8s %9s %12s %7s %s\n'
printf "$fmt" tool input jobs records "wall s" "CPU s" "certs/cpu-s" "RSS MB" "threads: readers + workers"
row() { # tool input jobs records wall cpu rss split
    printf "$fmt" "$1" "$2" "$3" "$4" "$5" "$6" "$(awk -v n="$4" -v s="$6" 'BEGIN { printf "%.0f", n / s }')" \
        "$(awk -v k="$7" 'BEGIN { printf "%.1f", k / 1024 }')" "$8"
}
best_cs=0
: > "$OUT/stages.txt"
for input in tar pem pemfile gz zst; do
    case $input in tar) file=$TAR ;; pemfile) file=$PEM ;; gz) file=$GZ ;; zst) file=$ZST ;; *) file=- ;; esac
    for j in 1 2; do
        rep="$OUT/report-$input-j$j"
        if [ "$input" != pem ]; then
            set -- $(least_cpu "$BIN" scan -q -j "$j" -o "$rep" "$file")
        else
            set -- $(least_cpu sh -c 'cat "$4" | "$1" scan -q -j "$2" -o "$3" -' sh "$BIN" "$j" "$rep" "$PEM")
        fi
        wall=$1 cpu=$2 rss=$3
        records=$(sed -n 's/.*scan: \([0-9]*\) records read.*/\1/p' "$OUT/run.err")
        eval "wall_$input$j=$wall"
        split="-"
        if [ -n "$DRIVER" ]; then
            if [ "$input" != pem ]; then
                "$DRIVER" -j "$j" -o "$OUT/report-driver" "$file" > "$OUT/driver.out" 2>&1 || true
            else
                cat "$PEM" | "$DRIVER" -j "$j" -o "$OUT/report-driver" - > "$OUT/driver.out" 2>&1 || true
            fi
            split=$(awk '/^workers / { printf "%s + %s", $4, $2 }' "$OUT/driver.out")
            # "stages (CPU s): read X frame X ... other X of X"
            awk -v inp="$input" -v j="$j" '/^stages \(CPU s\)/ {
                    printf "%-9s %-4s", inp, j; for (i = 5; i <= NF; i += 2) printf " %7s", $i; printf "\n" }' \
                "$OUT/driver.out" >> "$OUT/stages.txt"
        fi
        row certsweep "$input" "$j" "${records:-?}" "$wall" "$cpu" "$rss" "${split:--}"
        best_cs=$(awk -v a="$best_cs" -v n="${records:-0}" -v s="$cpu" 'BEGIN { v = n / s; print (v > a ? v : a) }')
    done
    # Same reports for -j1 and -j2, byte for byte.
    diff -r "$OUT/report-$input-j1" "$OUT/report-$input-j2" > /dev/null ||
        echo "!! $input: reports differ between -j1 and -j2"
done
echo
for input in tar pem pemfile gz zst; do
    eval "w1=\$wall_${input}1 w2=\$wall_${input}2"
    echo "$input: -j2 / -j1 wall $(awk -v a="$w2" -v b="$w1" 'BEGIN { printf "%.2f", a / b }')"
done
if [ -s "$OUT/stages.txt" ]; then
    echo
    echo "CPU s by stage (scan-bench; estimated: read timed per pull of input bytes, frame = the rest of"
    echo "the readers' reading + chunk framing, batch processing timed whole and split into decode / parse /"
    echo "rules / tally as measured on 1 record in 16; other = process CPU - stages):"
    printf '%-9s %-4s %7s %7s %7s %7s %7s %7s %7s %7s %7s %7s\n' input jobs read frame decode parse rules tally \
        merge reports other total
    cat "$OUT/stages.txt"
fi
echo
if [ -x "$ZLINT" ]; then
    # zlint on the certificates of one copy (it holds every input in
    # memory, and at ~1,000 certificates per CPU-second REPS copies would
    # take minutes): the per-CPU-second figure does not depend on it.
    PEM1=$(sh bench/throughput/inputs.sh 1 | sed -n 2p)
    for j in 1 2; do
        set -- $(least_cpu "$ZLINT" -workers "$j" "$PEM1")
        records=$(grep -c '"sha256"' "$OUT/run.out" || true)
        row zlint "pem x1" "$j" "$records" "$1" "$2" "$3" "-"
        zl=$(awk -v a="${zl:-0}" -v n="$records" -v s="$2" 'BEGIN { v = n / s; print (v > a ? v : a) }')
    done
    echo
    echo "certsweep / zlint, certificates per CPU-second (best of each): $(awk -v a="$best_cs" -v b="$zl" 'BEGIN { printf "%.0fx", a / b }')"
else
    echo "(zlint: $ZLINT not found, skipped)"
fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
