#!/bin/sh
# same_output.sh [REPS]: this tree's bin/certsweep against a reference
# binary (REF, default /work/main/bin/certsweep) on the real corpus xREPS
# (default 8; bench/throughput/inputs.sh builds it) as a tar and as a PEM
# stream, at -j1 and -j2, with the default options and with
# --findings F --state S --shared-primes.  Every report file, the findings,
# the state (through the reports 'merge' makes of it) and the messages
# on stderr (sorted: threads print them as they meet them; at -j2 only
# the counts by kind) must be byte-identical.
# Exit 0 when they all are, 1 (with the differences listed) otherwise.
set -eu
cd "$(dirname "$0")/../.."
REPS=${1:-8}
REF=${REF:-/work/main/bin/certsweep}
NEW=${NEW:-bin/certsweep}
set -- $(sh bench/throughput/inputs.sh "$REPS")
TAR=$(pwd)/$1 PEM=$(pwd)/$2
TMP=$(mktemp -d "${TMPDIR:-/tmp}/same_output.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
bad=0

# run BIN DIR INPUT J EXTRA...: a scan run in DIR (reports in DIR/r, so
# the paths in its messages are the same for both binaries).
run() {
    bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") dir=$2 input=$3 j=$4
    shift 4
    mkdir -p "$dir"
    rc=0
    if [ "$input" = "$PEM" ]; then
        (cd "$dir" && nice "$bin" scan -q -j "$j" -o r "$@" - < "$input" > stdout 2> stderr) || rc=$?
    else
        (cd "$dir" && nice "$bin" scan -q -j "$j" -o r "$@" "$input" > stdout 2> stderr) || rc=$?
    fi
    echo "$rc" > "$dir/rc"
    # Threads report parse failures as they meet them: compare them sorted;
    # with several threads, which ten of them are shown before "more ...
    # not shown" depends on timing too, so only the counts by kind are.
    if [ "$j" -gt 1 ]; then
        grep -v ' at byte [0-9]* of the certificate$' "$dir/stderr" | sort > "$dir/stderr.sorted" || true
    else
        sort "$dir/stderr" > "$dir/stderr.sorted"
    fi
    rm "$dir/stderr"
}

for input in "$TAR" "$PEM"; do
    for j in 1 2; do
        for opts in default extra; do
            a=$TMP/ref b=$TMP/new
            rm -rf "$a" "$b"
            if [ "$opts" = default ]; then
                run "$REF" "$a" "$input" "$j"
                run "$NEW" "$b" "$input" "$j"
            else
                run "$REF" "$a" "$input" "$j" --findings findings.jsonl --state state --shared-primes
                run "$NEW" "$b" "$input" "$j" --findings findings.jsonl --state state --shared-primes
            fi
            # The state records where it was written and when; compare it
            # through the reports a merge of it gives instead of its bytes.
            for d in "$a" "$b"; do
                if [ -f "$d/state" ]; then
                    (cd "$d" && "$REF" merge -o merged state > /dev/null 2>&1) || echo "merge failed" > "$d/merged.err"
                    rm -f "$d/state"
                fi
            done
            if diff -r "$a" "$b" > "$TMP/diff" 2>&1; then
                echo "same: $(basename "$input") -j$j $opts"
            else
                echo "DIFFERENT: $(basename "$input") -j$j $opts"
                head -n 20 "$TMP/diff"
                bad=1
            fi
        done
    done
done
exit $bad
