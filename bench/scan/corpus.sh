#!/bin/sh
# corpus.sh N [KIND]: prints the path of a corpus of N certificates,
# building it under bench/out/scan/ (git-ignored) if needed.
#   real (default): the real certificates ($CERTSWEEP_SHARED/corpus/real,
#     default ../shared) as one DER stream in a fixed order, repeated, then
#     the first (N mod count) of them; zstd --long=24 (16 MiB window, so
#     little decoder memory).
#   gen: bin/certsweep-gen -n N (8 CAs, S/MIME and TLS, seeded), as a
#     zstd-compressed tar of DER files (N plus the CA certificates).
set -eu
cd "$(dirname "$0")/../.."
n=$1
kind=${2:-real}
OUT=bench/out/scan
if [ "$kind" = gen ]; then
    d="$OUT/gen-$n"
    if [ ! -s "$d/der-tar-zst/certs.tar.zst" ]; then
        rm -rf "$d"
        bin/certsweep-gen -n "$n" -f der-tar-zst -o "$d" >&2
    fi
    echo "$d/der-tar-zst/certs.tar.zst"
    exit 0
fi
SHARED=${CERTSWEEP_SHARED:-../shared}
mkdir -p "$OUT"
command -v zstd >/dev/null || { echo "bench/scan: zstd missing (apt-get install zstd)" >&2; exit 1; }
if [ ! -s "$OUT/base.der" ]; then
    find "$SHARED/corpus/real" -type f -name '*.der' | LC_ALL=C sort > "$OUT/base.list"
    xargs cat < "$OUT/base.list" > "$OUT/base.der.tmp"
    mv "$OUT/base.der.tmp" "$OUT/base.der"
fi
base_n=$(wc -l < "$OUT/base.list")
f="$OUT/corpus-$n.der.zst"
if [ ! -s "$f" ]; then
    reps=$((n / base_n)); rest=$((n % base_n))
    {
        i=0
        while [ $i -lt $reps ]; do cat "$OUT/base.der"; i=$((i + 1)); done
        [ $rest -eq 0 ] || head -n "$rest" "$OUT/base.list" | xargs cat
    } | zstd -q -T0 -3 --long=24 -o "$f.tmp"
    mv "$f.tmp" "$f"
fi
echo "$f"
