#!/bin/sh
# Chooses the in-repository sample of real certificates from the shared
# corpus and copies it here, laid out like the shared corpus
# (corpus/real/<source>/<sha256>.der, corpus/formats/, corpus/manifest.tsv)
# so that a test switches between the two by its root directory alone.
#
#   sh tests/data/real-sample/select.sh [SHARED_DIR]     (default ../shared)
#
# Deterministic: the same shared corpus gives the same sample.  What is
# picked, and why:
#   - the certificates the tests name (REQUIRED below);
#   - every precertificate of static-ct tile data/000, which the sample
#     carries: the tile test checks each entry against its real file;
#   - from each source a quota, taken round-robin over the manifest's
#     kinds (strict parse, CA, serverAuth, emailProtection, S/MIME policy,
#     S/MIME, precertificate, SCT list, self-issued, and names with
#     escaped or non-ASCII bytes), in SHA-256 order within a kind: every
#     kind a source has is in the sample before any kind gets a second;
#     certificates over 16 KiB are left out;
#   - more of those a strict parser rejects (BROKEN).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
shared=${1:-${CERTSWEEP_SHARED:-$here/../../../../shared}}
src=$shared/corpus
[ -f "$src/manifest.tsv" ] || { echo "select.sh: no $src/manifest.tsv" >&2; exit 1; }

# Certificates named by tests (tests/test_cli.c, tests/test_ingest_hostile.c).
REQUIRED="9a6ec012e1a7da9dbe34194d478ad7c0db1822fb071df12981496ed104384113
db9782dd5f206f59102e8496c9a2c2028f0128443eaf45c5a8de3d53f2b14f48
fcf7ddf47328c08a16e067a38a0c5ce7640a299c2a1e62f9e9b6136ea7a8b82b"

# Certificates per source (on top of the above).
QUOTAS="debian-ca-certificates 40
debian-libnss3 5
debian-python3-certifi 5
trust-stores-observatory 30
debian-igtf-policy 20
cfssl-trust-bundles 60
static-ct-roots 10
sunlight-tessera 3
ct-go 20
ct-cpp 16
zcrypto 24
x509-limbo 26
python-cryptography-vectors 80
debian-rust-webpki-rustls-sct 12
debian-cfssl-dev 12
debian-golang-ct-dev 2"

# And this many more that a strict parser rejects, from any source (the
# round-robin above takes few of them: they are one kind among many).
BROKEN=60

TILE_FILES="static-ct-tiles/tile/data/000 static-ct-tiles/tile/data/003.p/10
static-ct-tiles/tile/0/000 static-ct-tiles/tile/names/000"

out=$here/corpus
rm -rf "$out"
mkdir -p "$out/real" "$out/formats"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

printf '%s\n' "$REQUIRED" > "$tmp/required"
printf '%s\n' "$QUOTAS" > "$tmp/quotas"
tail -n +2 "$src/manifest.tsv" | LC_ALL=C sort > "$tmp/manifest"
# Certificates over 16 KiB are left out: one alone (735 KB) would be a
# third of the sample.
find "$src/real" -name '*.der' -size +16k | sed 's|.*/||; s|\.der$||' > "$tmp/big"
LC_ALL=C awk -F'\t' -v BROKEN="$BROKEN" '
    FILENAME == ARGV[1] { required[$1] = 1; next }
    FILENAME == ARGV[2] { split($0, q, " "); quota[q[1]] = q[2]; next }
    FILENAME == ARGV[3] { big[$1] = 1; next }
    {
        odd = ($13 $14) ~ /\\|#|[^ -~]/ ? 1 : 0
        kind = $3 $4 $5 $6 $7 $8 $9 $10 $11 odd
        if (required[$1] || $15 ~ /\/tile\/data\/000$/) { print $1; next }
        if (big[$1]) next
        if (!(($2, kind) in count)) kinds[$2] = kinds[$2] " " kind
        if ($3 == 0) broken[++n_broken] = $1
        rows[$2, kind, ++count[$2, kind]] = $1   # in sha256 order
    }
    END {
        for (s in quota) {
            n = split(kinds[s], ks, " ")
            for (i = 1; i <= n; i++)             # kinds in a fixed order
                for (j = i + 1; j <= n; j++)
                    if (ks[j] < ks[i]) { t = ks[i]; ks[i] = ks[j]; ks[j] = t }
            left = quota[s]
            for (round = 1; left > 0; round++) {
                took = 0
                for (i = 1; i <= n && left > 0; i++)
                    if (round <= count[s, ks[i]]) { print rows[s, ks[i], round]; left--; took = 1 }
                if (!took) break
            }
        }
        for (i = 1; i <= n_broken && i <= BROKEN; i++)
            print broken[i]
    }' "$tmp/required" "$tmp/quotas" "$tmp/big" "$tmp/manifest" | LC_ALL=C sort -u > "$tmp/chosen"

# The certificates and their manifest rows (the shared manifest's columns).
head -n 1 "$src/manifest.tsv" > "$out/manifest.tsv"
LC_ALL=C awk -F'\t' 'FILENAME == ARGV[1] { want[$1] = 1; next } want[$1]' "$tmp/chosen" "$tmp/manifest" \
    >> "$out/manifest.tsv"
tail -n +2 "$out/manifest.tsv" | while IFS='	' read -r sha source rest; do
    mkdir -p "$out/real/$source"
    cp "$src/real/$source/$sha.der" "$out/real/$source/"
done

# Dump samples: the CT get-entries response and part of the tile tree.
cp "$src/formats/ct-get-entries-4.json" "$out/formats/"
for f in $TILE_FILES; do
    mkdir -p "$out/formats/$(dirname "$f")"
    cp "$src/formats/$f" "$out/formats/$f"
done
chmod -R u+w,a+r "$out"

echo "select.sh: $(tail -n +2 "$out/manifest.tsv" | wc -l) certificates, $(du -sb "$out" | cut -f1) bytes in $out"
