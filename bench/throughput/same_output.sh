#!/bin/sh
# same_output.sh: the reports (every file of the output directory), the
# --findings output and the exit status of this branch's certsweep must be
# byte-identical to a reference binary's (main's) on the real corpus xREPS
# (inputs.sh) as a tar and as a PEM stream on a pipe, at -j1 and -j2, with
# the default options and with --findings F --state S --shared-primes
# (the state is compared through the reports 'merge' makes of it: it
# records when it was written).
# Environment: CERTSWEEP (default bin/certsweep), REF (default
# /work/main/bin/certsweep), REPS (default 8).  Exit 0 when all match.
set -eu
cd "$(dirname "$0")/../.."
BIN=${CERTSWEEP:-bin/certsweep}
REF=${REF:-/work/main/bin/certsweep}
REPS=${REPS:-8}
set -- $(sh bench/throughput/inputs.sh "$REPS")
TAR=$1 PEM=$2
OUT=$(mktemp -d "${TMPDIR:-/tmp}/same_output.XXXXXX")
trap 'rm -rf "$OUT"' EXIT
bad=0
# run BIN DIR INPUT JOBS OPTS...: scans into DIR (reports in DIR/r), status in DIR/rc
run() {
    bin=$1 dir=$2 input=$3 j=$4
    shift 4
    mkdir -p "$dir"
    rc=0
    if [ "$input" = pem ]; then
        nice "$bin" scan -q -j "$j" -o "$dir/r" "$@" - < "$PEM" > /dev/null 2>&1 || rc=$?
    else
        nice "$bin" scan -q -j "$j" -o "$dir/r" "$@" "$TAR" > /dev/null 2>&1 || rc=$?
    fi
    echo "$rc" > "$dir/rc"
}
for input in tar pem; do
    for j in 1 2; do
        for opts in default full; do
            for who in ref new; do
                # the same paths for both (the state records them)
                d=$OUT/run
                rm -rf "$d" "$OUT/$who"
                b=$BIN
                [ "$who" = ref ] && b=$REF
                if [ "$opts" = full ]; then
                    run "$b" "$d" "$input" "$j" --findings "$d/findings.jsonl" --state "$d/state" --shared-primes
                else
                    run "$b" "$d" "$input" "$j"
                fi
                if [ -f "$d/state" ]; then
                    # the state holds times of its own: its merged reports are compared
                    nice "$b" merge -o "$d/merged" "$d/state" > /dev/null 2>&1 || echo "merge failed" > "$d/merged.err"
                    rm "$d/state"
                fi
                mv "$d" "$OUT/$who"
            done
            if diff -r "$OUT/ref" "$OUT/new" > "$OUT/diff" 2>&1; then
                echo "same: $input -j$j $opts"
            else
                echo "DIFFERENT: $input -j$j $opts"
                head -n 20 "$OUT/diff"
                bad=1
            fi
        done
    done
done
exit $bad
