#!/bin/sh
# Fetch-and-scan from local CT log servers against scanning the same
# entries from files, like for like: the files scan of the tiles is given
# the log's issuers (--issuers), as the HTTP scan gets them from
# issuer/<fingerprint>, so both lint the same rules (checked: the
# rules.csv counts of each pair must agree, within 0.1 %).  Wall time,
# CPU time of certsweep (user + sys, best of RUNS), entries/s and CPU per
# entry.  Skipped without nginx or python3.
# `make bench-ctlog` (N= certificates), and `make bench` (no arguments).
#
#   sh bench/ctlog/run.sh [BINDIR [N]]     defaults: bin (or $BINDIR), 20000
#   RUNS=3 JOBS=2                          runs per scan (best kept), -j
#
# The static-ct-api log is served by nginx (gzip on), the RFC 6962 log by
# tests/ctlog/rfc6962_server.py (its CPU is not certsweep's and is not
# counted); both on loopback ports, stopped by pid when the bench ends.
set -eu
BIN=$(cd "${1:-${BINDIR:-bin}}" && pwd)
N=${2:-20000}
JOBS=${JOBS:-2}
RUNS=${RUNS:-3}
W=$(mktemp -d)
NGINX_PID= PY_PID=
cleanup() {
    [ -n "$NGINX_PID" ] && kill "$NGINX_PID" 2>/dev/null || true
    [ -n "$PY_PID" ] && kill "$PY_PID" 2>/dev/null || true
    rm -rf "$W"
}
trap cleanup EXIT INT TERM
PATH=$PATH:/usr/sbin
if ! command -v nginx >/dev/null 2>&1 || ! command -v python3 >/dev/null 2>&1; then
    echo "bench-ctlog: SKIPPED: nginx and python3 are needed (make deps installs nginx)"
    exit 0
fi
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for i in $(seq 100); do python3 -c "import socket; socket.create_connection(('127.0.0.1',$1)).close()" 2>/dev/null && return 0; sleep 0.1; done; return 1; }

echo "bench-ctlog: $N certificates, -j $JOBS"
"$BIN/certsweep-gen" -n "$N" -m 8 -f tiles,ct-json -o "$W/gen" >/dev/null
openssl genpkey -algorithm ed25519 -out "$W/ed.pem" 2>/dev/null
openssl pkey -in "$W/ed.pem" -pubout -out "$W/ed.pub"
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$W/p256.pem" 2>/dev/null
openssl pkey -in "$W/p256.pem" -pubout -out "$W/p256.pub"
"$BIN/certsweep-ctlog" static "$W/gen/tiles" "$W/ed.pem" bench.example/log >/dev/null
"$BIN/certsweep-ctlog" rfc6962 "$W/gen/ct-json" "$W/p256.pem" >/dev/null

P1=$(port)
mkdir -p "$W/tmp"
cat > "$W/nginx.conf" <<CONF
daemon off; master_process off; error_log $W/nginx-error.log; pid $W/nginx.pid;
events { worker_connections 64; }
http { access_log off; client_body_temp_path $W/tmp; proxy_temp_path $W/tmp; fastcgi_temp_path $W/tmp;
  uwsgi_temp_path $W/tmp; scgi_temp_path $W/tmp; default_type application/octet-stream;
  gzip on; gzip_types *; gzip_min_length 0;
  server { listen 127.0.0.1:$P1; root $W/gen/tiles; } }
CONF
nginx -e "$W/nginx-error.log" -c "$W/nginx.conf" -p "$W" & NGINX_PID=$!
P2=$(port)
python3 -B "$(dirname "$0")/../../tests/ctlog/rfc6962_server.py" --port "$P2" --data "$W/gen/ct-json" --faults page=1000 & PY_PID=$!
wait_port "$P1" && wait_port "$P2"

# run NAME ARGS...: RUNS scans, the one with the least CPU kept: its wall
# and CPU seconds (user + system).
run() {
    name=$1; shift
    best=
    for i in $(seq "$RUNS"); do
        /usr/bin/time -f "%e %U %S" -o "$W/time" "$BIN/certsweep" scan -q -j "$JOBS" -o "$W/rep-$name" "$@" 2>/dev/null || true
        if [ -z "$best" ] || awk -v a="$(cat "$W/time")" -v b="$best" \
            'BEGIN { split(a, x, " "); split(b, y, " "); exit !(x[2] + x[3] < y[2] + y[3]) }'; then
            best=$(cat "$W/time")
        fi
    done
    set -- $best
    recs=$(sed -n 's/^  "records_read": \([0-9]*\),/\1/p' "$W/rep-$name/summary.json")
    awk -v n="$name" -v w="$1" -v u="$2" -v s="$3" -v r="$recs" 'BEGIN {
        printf "%-22s %8d entries %7.2f s wall %7.2f s CPU %9.0f entries/s %7.1f us CPU/entry\n",
               n, r, w, u + s, r / w, (u + s) / r * 1e6 }'
    echo "$name $recs $2 $3" >> "$W/results"
}

# same A B: whether two scans linted the same: each rule's applicable and
# failed counts in rules.csv (within 0.1 %).
same() {
    python3 - "$W/rep-$1/rules.csv" "$W/rep-$2/rules.csv" <<'PY'
import csv, sys
a, b = ({r["rule_id"]: (int(r["applicable"]), int(r["failed"])) for r in csv.DictReader(open(f))} for f in sys.argv[1:])
diff = sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))
# A root logged without a chain has no issuer over HTTP, while --issuers
# finds it (itself): a count or two, not another workload.
far = [k for k in diff if k not in a or k not in b or
       any(abs(x - y) > max(2, x // 1000) for x, y in zip(a[k], b[k]))]
print("  rules that ran: %s%s" % ("DIFFER" if far else "the same",
      "" if not diff else " (%d counts differ: %s)" % (len(diff), ", ".join(
          "%s %s/%s vs %s/%s" % ((k,) + a.get(k, ("-", "-")) + b.get(k, ("-", "-"))) for k in (far or diff)[:4]))))
sys.exit(1 if far else 0)
PY
}

agree=0
run tiles-from-files --issuers "$W/gen/tiles/issuer" "$W/gen/tiles/tile/data"
run static-ct-over-http --log-key "$W/ed.pub" "http://127.0.0.1:$P1/"
same tiles-from-files static-ct-over-http || agree=1
run ctjson-from-files "$W/gen/ct-json"
run rfc6962-over-http --log-key "$W/p256.pub" --log-type rfc6962 "http://127.0.0.1:$P2/"
same ctjson-from-files rfc6962-over-http || agree=1
awk -v runs="$RUNS" '{ cpu[$1] = ($3 + $4) / $2 }
     END { printf "CPU per entry (best of %d), fetched vs files: static-ct %+.0f %%, RFC 6962 %+.0f %% (target: at most +25 %%)\n",
               runs, (cpu["static-ct-over-http"] / cpu["tiles-from-files"] - 1) * 100,
               (cpu["rfc6962-over-http"] / cpu["ctjson-from-files"] - 1) * 100 }' "$W/results"
exit $agree
