#!/bin/sh
# inputs.sh REPS: builds (once, cached in bench/out/scan/) the two inputs
# of issue 19 and prints their paths, one a line:
#   real-xREPS.tar  the real certificates ($CERTSWEEP_SHARED/corpus/real,
#                   default ../shared) as REPS copies of the tree, one
#                   uncompressed tar (REPS x 5,361 members);
#   real-xREPS.pem  the same certificates as one PEM stream (each file's
#                   bytes base64'd between CERTIFICATE markers, whether
#                   they parse or not), REPS times over;
#   real-xREPS.pem.gz   that PEM as BGZF gzip (bgzip when installed, else
#                   the 64 KiB blocks written here with Python's zlib);
#   real-xREPS.pem.zst  that PEM as zstd, a frame (with its content size)
#                   per 4 MiB: both are read by several readers at once
#                   (src/ingest/pdecomp.h).
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
gz_f="$pem_f.gz" zst_f="$pem_f.zst"
if [ ! -s "$gz_f" ]; then
    if command -v bgzip > /dev/null; then
        bgzip -c "$pem_f" > "$gz_f.tmp"
    else
        python3 - "$pem_f" > "$gz_f.tmp" <<'PY'
import struct, sys, zlib
out = sys.stdout.buffer
def block(data):  # a BGZF block: gzip member, extra subfield BC = its size - 1
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    d = c.compress(data) + c.flush()
    out.write(bytes([31, 139, 8, 4, 0, 0, 0, 0, 0, 255, 6, 0, 66, 67, 2, 0]) +
              struct.pack("<H", 25 + len(d)) + d + struct.pack("<II", zlib.crc32(data), len(data)))
with open(sys.argv[1], "rb") as fh:
    while True:
        data = fh.read(65280)
        block(data)
        if not data:
            break  # the empty end-of-file block
PY
    fi
    mv "$gz_f.tmp" "$gz_f"
fi
if [ ! -s "$zst_f" ]; then
    tmp=$(mktemp -d "$OUT/frames.XXXXXX")
    split -b 4M -a 4 "$pem_f" "$tmp/f."
    for f in "$tmp"/f.*; do zstd -q --content-size -c "$f"; done > "$zst_f.tmp"
    rm -rf "$tmp"
    mv "$zst_f.tmp" "$zst_f"
fi
echo "$tar_f"
echo "$pem_f"
echo "$gz_f"
echo "$zst_f"
