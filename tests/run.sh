#!/bin/sh
# Runs Criterion test binaries and closes with one line for all of them:
#
#   N passed, N failed, N skipped
#
#   sh tests/run.sh BINARY...     run them (from the top of the tree)
#   sh tests/run.sh --total FILE  the line for several runs (`make check`:
#                                 the plain pass, then ASan + UBSan)
#
# A failing test counts once, whether its assertion failed or it crashed
# (Criterion's "Failing" already includes its "Crashing"); crashes are also
# named on their own line.  A binary that exits non-zero after all its
# tests passed (a sanitizer's report at exit) or that never prints its
# synthesis counts as one more failure.  Skipped tests come from the TAP
# report (Criterion's synthesis leaves them out).  A passing binary shows
# its synthesis with its wall time, and its skips; a failing one its whole
# output, with the `[----]` lines that hold the assertion text.
#
# With $CS_TEST_TALLY set, this is one pass of several: the counts are
# appended to that file ("passed failed skipped crashed") for --total, and
# the pass's own line reads "this pass: ...".
# Exit status: 0 when everything ran and passed.
set -u

line_for() { # passed failed skipped crashed
    [ "$4" -gt 0 ] && echo "($4 of the failed tests crashed)"
    echo "$1 passed, $2 failed, $3 skipped"
}

if [ "${1:-}" = --total ]; then
    [ -s "${2:-}" ] || { echo "run.sh: no test results in ${2:-(none)}"; echo "0 passed, 1 failed, 0 skipped"; exit 1; }
    set -- $(awk '{ p += $1; f += $2; s += $3; c += $4 } END { print p + 0, f + 0, s + 0, c + 0 }' "$2")
    line_for "$@"
    [ "$2" = 0 ]
    exit
fi

# Leaks inside Criterion itself are not ours (see tests/lsan.supp).
LSAN_OPTIONS="suppressions=$(cd "$(dirname "$0")" && pwd)/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export LSAN_OPTIONS
# Races inside glibc that its own locks prevent (see tests/tsan.supp).
TSAN_OPTIONS="suppressions=$(cd "$(dirname "$0")" && pwd)/tsan.supp${TSAN_OPTIONS:+:$TSAN_OPTIONS}"
export TSAN_OPTIONS
tap=$(mktemp)
trap 'rm -f "$tap"' EXIT
passed=0; failed=0; skipped=0; crashed=0
for t in "$@"; do
    echo "== $t"
    : > "$tap"
    start=$(date +%s%N)
    out=$("$t" --jobs 2 --tap="$tap" 2>&1); rc=$?
    ms=$((($(date +%s%N) - start) / 1000000))
    syn=$(printf '%s\n' "$out" | grep 'Synthesis: Tested:' | tail -n 1)
    p=$(printf '%s' "$syn" | sed -n 's/.*Passing: \([0-9]*\).*/\1/p')
    f=$(printf '%s' "$syn" | sed -n 's/.*Failing: \([0-9]*\).*/\1/p')
    c=$(printf '%s' "$syn" | sed -n 's/.*Crashing: \([0-9]*\).*/\1/p')
    s=$(grep -c '^ok .*# SKIP' "$tap")
    passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); crashed=$((crashed + ${c:-0}))
    skipped=$((skipped + s))
    if [ "$rc" = 0 ] && [ -n "$syn" ] && [ "${f:-0}" = 0 ]; then
        printf '%s(%d.%d s)\n' "$syn" $((ms / 1000)) $((ms % 1000 / 100))
        sed -n "s/^ok - \(.*\)  # SKIP /[SKIP] \1: /p" "$tap"
        continue
    fi
    printf '%s\n' "$out" | tail -n 300
    if [ -z "$syn" ]; then
        failed=$((failed + 1)); echo "!! $t did not finish (exit $rc)"
    elif [ "${f:-0}" = 0 ]; then
        failed=$((failed + 1)); echo "!! $t exited $rc after its tests passed (sanitizer report above)"
    fi
done
if [ -n "${CS_TEST_TALLY:-}" ]; then # one pass of several: --total closes
    echo "$passed $failed $skipped $crashed" >> "$CS_TEST_TALLY"
    line_for "$passed" "$failed" "$skipped" "$crashed" | sed 's/^/this pass: /'
else
    line_for "$passed" "$failed" "$skipped" "$crashed"
fi
[ "$failed" = 0 ]
