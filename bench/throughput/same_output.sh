#!/bin/sh
# same_output.sh [REPS]: the outputs of this tree's certsweep are byte for
# byte main's (issue 19: every per-record cut keeps them), on the real
# corpus x REPS (default 8; inputs.sh builds it) as a tar and as a PEM
# stream, at -j1 and -j2:
#   - the report directory, default options;
#   - the report directory and --findings with --state --shared-primes;
#   - the reports `certsweep merge` writes from that state, by main and by
#     this tree (the state file stays readable by main).
# A state file holds a random scan id, so states are compared through
# the reports a merge writes, not byte for byte.
# Environment: CERTSWEEP (default bin/certsweep), MAIN (default
# /work/main/bin/certsweep), TMPDIR.  Exit 0 when all are the same.
set -eu
cd "$(dirname "$0")/../.."
REPS=${1:-8}
NEW=${CERTSWEEP:-bin/certsweep}
MAIN=${MAIN:-/work/main/bin/certsweep}
set -- $(sh bench/throughput/inputs.sh "$REPS")
TAR=$1 PEM=$2
W=$(mktemp -d "${TMPDIR:-/tmp}/same_output.XXXXXX")
trap 'rm -rf "$W"' EXIT
bad=0

# scan BIN NAME INPUT JOBS [OPTIONS...]: the scan's outputs under $W/NAME
scan() {
    bin=$1 name=$2 input=$3 jobs=$4
    shift 4
    mkdir -p "$W/$name"
    st=0
    "$bin" scan -q -j "$jobs" -o "$W/$name/report" "$@" "$input" 2> "$W/$name.err" || st=$?
    echo "$st" > "$W/$name/status"
}

same() { # what A B
    if diff -r "$2" "$3" > "$W/diff" 2>&1; then
        echo "same      $1"
    else
        echo "DIFFERENT $1"; head -n 5 "$W/diff"; bad=1
    fi
}

for input in "$TAR" "$PEM"; do
    for j in 1 2; do
        tag="$(basename "$input") -j$j"
        scan "$MAIN" main "$input" "$j"
        scan "$NEW" new "$input" "$j"
        same "$tag default" "$W/main" "$W/new"
        rm -rf "$W/main" "$W/new"
        for v in main new; do
            [ "$v" = main ] && bin=$MAIN || bin=$NEW
            scan "$bin" "$v" "$input" "$j" --findings "$W/$v.findings" --state "$W/$v.state" --shared-primes
            mv "$W/$v.findings" "$W/$v/findings"
            # main merges both states; each binary merges its own
            "$MAIN" merge -o "$W/$v/merged-by-main" "$W/$v.state" > /dev/null 2>&1 || echo "main merge failed" >> "$W/$v/status"
            "$bin" merge -o "$W/$v/merged-by-self" "$W/$v.state" > /dev/null 2>&1 || echo "own merge failed" >> "$W/$v/status"
            rm -f "$W/$v.state"
        done
        same "$tag --findings --state --shared-primes + merges" "$W/main" "$W/new"
        rm -rf "$W/main" "$W/new"
    done
done
exit $bad
