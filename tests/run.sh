#!/bin/sh
# Runs each Criterion test binary given as argument, shows its output, and
# closes with one "N passed, N failed" line over all of them.
# Exit status: 0 when every binary passed.
set -u
# Leaks inside Criterion itself are not ours (see tests/lsan.supp).
LSAN_OPTIONS="suppressions=$(cd "$(dirname "$0")" && pwd)/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export LSAN_OPTIONS
passed=0; failed=0; status=0
for t in "$@"; do
    echo "== $t"
    out=$("$t" --jobs 2 2>&1); rc=$?
    printf '%s\n' "$out" | grep -v '^\[----\]' | tail -n 40
    line=$(printf '%s\n' "$out" | grep 'Synthesis: Tested:' | tail -n 1)
    p=$(printf '%s' "$line" | sed -n 's/.*Passing: \([0-9]*\).*/\1/p')
    f=$(printf '%s' "$line" | sed -n 's/.*Failing: \([0-9]*\).*/\1/p')
    c=$(printf '%s' "$line" | sed -n 's/.*Crashing: \([0-9]*\).*/\1/p')
    passed=$((passed + ${p:-0}))
    failed=$((failed + ${f:-0} + ${c:-0}))
    if [ "$rc" != 0 ] || [ -z "$line" ]; then
        status=1
        if [ -z "$line" ]; then
            failed=$((failed + 1)); echo "!! $t did not finish (exit $rc)"
        elif [ "${f:-0}${c:-0}" = "00" ]; then
            failed=$((failed + 1)); echo "!! $t exited $rc after its tests (sanitizer report above)"
        fi
    fi
done
echo "$passed passed, $failed failed"
exit $status
