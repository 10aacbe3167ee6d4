#!/bin/sh
# inputs.sh REPS: builds (once, cached in bench/out/scan/) the two inputs
# of issue 19 and prints their paths, one a line:
#   real-xREPS.tar  the real certificates ($CERTSWEEP_SHARED/corpus/real,
#                   default ../shared) as REPS copies of the tree, one
#                   uncompressed tar (REPS x 5,361 members);
#   real-xREPS.pem  the same certificates as one PEM stream (each file's
#                   bytes base64'd between CERTIFICATE markers, whether
#                   they parse or not), REPS times over.
set -eu
cd "$(dirname "$0")/../.."
reps=${1:-40}
SHARED=${CERTSWEEP_SHARED:-../shared}
OUT=bench/out/throughput
mkdir -p "$OUT"
tar_f="$OUT/real-x$reps.tar" pem_f="$OUT/real-x$reps.pem"
if [ ! -s "$tar_f" ]; then
    tmp=$(mktemp -d "$OUT/tree.XXXXXX")
    i=0
    while [ $i -lt "$reps" ]; do
        ln -s "$(cd "$SHARED/corpus/real" && pwd)" "$tmp/r$i"
        i=$((i + 1))
    done
    # -h: the copies are symbolic links to the one tree (each copy stored,
    # not as a hard link to the first); sorted names so
    # the tar is the same bytes on every machine.
    tar -C "$tmp" -chf "$tar_f.tmp" --hard-dereference --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 .
    rm -rf "$tmp"
    mv "$tar_f.tmp" "$tar_f"
fi
if [ ! -s "$pem_f" ]; then
    python3 - "$SHARED/corpus/real" "$reps" > "$pem_f.tmp" <<'PY'
import base64, os, sys
root, reps = sys.argv[1], int(sys.argv[2])
paths = sorted(os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs)
blocks = []
for p in paths:
    with open(p, "rb") as fh:
        b = base64.encodebytes(fh.read()).decode().replace("\n", "")
    body = "\n".join(b[i:i + 64] for i in range(0, len(b), 64))
    blocks.append("-----BEGIN CERTIFICATE-----\n%s\n-----END CERTIFICATE-----\n" % body)
one = "".join(blocks)
for _ in range(reps):
    sys.stdout.write(one)
PY
    mv "$pem_f.tmp" "$pem_f"
fi
echo "$tar_f"
echo "$pem_f"
