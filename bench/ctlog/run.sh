#!/bin/sh
# Fetch-and-scan from local CT log servers against scanning the same
# entries from files: wall time, CPU time of certsweep, entries/s and
# CPU per entry.  `make bench-ctlog` (N= certificates, default 20000).
#
#   sh bench/ctlog/run.sh BINDIR N
#
# The static-ct-api log is served by nginx (gzip on), the RFC 6962 log by
# tests/ctlog/rfc6962_server.py (its CPU is not certsweep's and is not
# counted); both on loopback ports, stopped by pid when the bench ends.
set -eu
BIN=$(cd "${1:-bin}" && pwd)
N=${2:-20000}
JOBS=${JOBS:-2}
W=$(mktemp -d)
NGINX_PID= PY_PID=
cleanup() {
    [ -n "$NGINX_PID" ] && kill "$NGINX_PID" 2>/dev/null || true
    [ -n "$PY_PID" ] && kill "$PY_PID" 2>/dev/null || true
    rm -rf "$W"
}
trap cleanup EXIT INT TERM
PATH=$PATH:/usr/sbin
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

# run NAME ARGS...: one scan, its wall and CPU seconds (user + system).
run() {
    name=$1; shift
    /usr/bin/time -f "%e %U %S" -o "$W/time" "$BIN/certsweep" scan -q -j "$JOBS" -o "$W/rep-$name" "$@" 2>/dev/null || true
    set -- $(cat "$W/time")
    recs=$(sed -n 's/^  "records_read": \([0-9]*\),/\1/p' "$W/rep-$name/summary.json")
    awk -v n="$name" -v w="$1" -v u="$2" -v s="$3" -v r="$recs" 'BEGIN {
        printf "%-22s %8d entries %7.2f s wall %7.2f s CPU %9.0f entries/s %7.1f us CPU/entry\n",
               n, r, w, u + s, r / w, (u + s) / r * 1e6 }'
    echo "$name $recs $2 $3" >> "$W/results"
}
run tiles-from-files "$W/gen/tiles/tile/data"
run static-ct-over-http --log-key "$W/ed.pub" "http://127.0.0.1:$P1/"
run ctjson-from-files "$W/gen/ct-json"
run rfc6962-over-http --log-key "$W/p256.pub" --log-type rfc6962 "http://127.0.0.1:$P2/"
awk '{ cpu[$1] = ($3 + $4) / $2 }
     END { printf "CPU per entry, fetched vs files: static-ct %+.0f %%, RFC 6962 %+.0f %% (target: at most +25 %%)\n",
               (cpu["static-ct-over-http"] / cpu["tiles-from-files"] - 1) * 100,
               (cpu["rfc6962-over-http"] / cpu["ctjson-from-files"] - 1) * 100 }' "$W/results"
