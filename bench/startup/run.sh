#!/bin/sh
# Start-up time of `certsweep lint` on one certificate: the cost a CA pays
# per call when it gates issuance on the command rather than the library.
# Runs it RUNS times (default 50) through `sh -c`, as a caller would, and
# prints the mean; fails when it exceeds BUDGET_MS (default 200, generous:
# it includes the shell, and a busy machine).  Was a test assertion; timing
# belongs here, where a slow machine gives a number rather than a failure
# of `make check`.
set -eu
cd "$(dirname "$0")/../.."
bin=${CERTSWEEP:-bin/certsweep}
runs=${RUNS:-50}
budget=${BUDGET_MS:-200}
out=bench/out/startup
mkdir -p "$out"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout /dev/null \
    -subj /CN=startup.example -days 30 -outform DER -out "$out/cert.der" 2>/dev/null
"$bin" lint -q "$out/cert.der" >/dev/null || [ $? -eq 3 ]
start=$(date +%s%N)
i=0
while [ $i -lt "$runs" ]; do
    sh -c "\"$bin\" lint -q \"$out/cert.der\" >/dev/null" || [ $? -eq 3 ]
    i=$((i + 1))
done
end=$(date +%s%N)
us=$(( (end - start) / 1000 / runs ))
printf 'certsweep lint: %d.%03d ms per run including sh -c (%d runs, budget %d ms)\n' \
    $((us / 1000)) $((us % 1000)) "$runs" "$budget"
[ $((us / 1000)) -lt "$budget" ] || { echo "certsweep lint start-up over budget"; exit 1; }
