#!/bin/sh
# `make bench`: runs every benchmark that exists, bench/*/run.sh, in name
# order, from the repository root.  Each writes its scratch data under
# bench/out/ (git-ignored) and prints its own results.
# Environment: BENCH_ONLY="scan parse" runs only those; other variables
# are passed through to the scripts (see each one's header).
# Exit status: 0 when every benchmark succeeded.
set -u
cd "$(dirname "$0")/.." || exit 1
status=0; ran=0
for script in bench/*/run.sh; do
    [ -f "$script" ] || continue
    name=$(basename "$(dirname "$script")")
    if [ -n "${BENCH_ONLY:-}" ]; then
        case " $BENCH_ONLY " in *" $name "*) ;; *) continue ;; esac
    fi
    echo "== bench/$name"
    ran=$((ran + 1))
    if ! sh "$script"; then
        echo "!! bench/$name failed"
        status=1
    fi
done
[ "$ran" -gt 0 ] || echo "no benchmarks found (bench/*/run.sh)"
exit $status
