#!/bin/sh
# Seed corpora for fuzz_framers and fuzz_decode (mk/fuzz.mk, fuzz-run):
# a few real certificates converted into every dump format certsweep
# reads, in every container and filter it opens, plus the real CT samples
# of the shared corpus; then the records framed out of all of them.
# fuzz_cert and fuzz_lint read ../shared/corpus/real directly.
# Usage: seeds.sh CONVERT FUZZ_SEEDS SHARED_DIR OUTDIR
set -eu
convert=$1 fuzz_seeds=$2 shared=$3 out=$4
tmp=$out/tmp
rm -rf "$out"
mkdir -p "$tmp/certs" "$tmp/dumps" "$out/framers" "$out/decode"

# Five real certificates spread over the sources (roots, intermediates,
# precertificates, malformed test vectors), in a fixed order.
find "$shared/corpus/real" -name '*.der' | LC_ALL=C sort | awk 'NR % 1100 == 1' |
    while read -r f; do cp "$f" "$tmp/certs/"; done

for t in pem der-tar-gz der-tar-zst ct-json tiles b64 csv jsonl; do
    "$convert" -t "$t" -o "$tmp/conv-$t" "$tmp/certs" >/dev/null
    find "$tmp/conv-$t" -type f | while read -r f; do cp "$f" "$tmp/dumps/$t-$(basename "$f")"; done
done
cat "$tmp"/certs/*.der > "$tmp/dumps/concatenated.der"
# A certstream full-stream message: nested fields, the chain, an escape.
b64=$tmp/dumps/b64-certs.b64
printf '{"message_type":"certificate_update","data":{"update_type":"PrecertLogEntry","cert_index":42,"leaf_cert":{"as_der":"%s"},"chain":[{"as_der":"%s"}],"source":{"url":"https:\\/\\/ct.example\\/"}}}\n' \
    "$(sed -n 1p "$b64")" "$(sed -n 2p "$b64")" > "$tmp/dumps/certstream.jsonl"
first=$(ls "$tmp"/certs/*.der | head -1)
openssl x509 -inform der -in "$first" -trustout -addtrust emailProtection > "$tmp/dumps/trusted.pem"
cp "$shared/corpus/formats/ct-get-entries-4.json" "$shared/corpus/formats/static-ct-tiles/tile/data/003.p/10" \
    "$tmp/dumps/"

# The containers and filters libarchive opens for certsweep (source.c).
pem=$tmp/dumps/pem-certs.pem
(cd "$tmp/dumps" && tar cf ../pem.tar pem-certs.pem b64-certs.b64 &&
    printf '%s\n' pem-certs.pem csv-certs.csv | cpio -o -H newc --quiet > ../pem.cpio &&
    zip -q ../pem.zip pem-certs.pem jsonl-certs.jsonl && 7z a -bd ../pem.7z pem-certs.pem >/dev/null)
mv "$tmp"/pem.tar "$tmp"/pem.cpio "$tmp"/pem.zip "$tmp"/pem.7z "$tmp/dumps/"
for z in xz bzip2 lz4 lzma; do "$z" -c "$pem" > "$tmp/dumps/pem.$z"; done

for f in "$tmp"/dumps/*; do
    { printf '\000'; cat "$f"; } > "$out/framers/$(basename "$f")"
done
"$fuzz_seeds" "$out/decode" "$tmp/dumps"/*
rm -rf "$tmp"
