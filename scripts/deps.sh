#!/bin/sh
# Installs the Debian packages certsweep needs when they are missing and
# we are root; otherwise names the exact apt-get line and fails.
set -eu
# Libraries to build with; the -dev packages of libarchive's and libidn2's own libraries,
# which `pkg-config --static --libs certsweep` names (libarchive-dev does
# not depend on all of them); then the archivers the ingest tests use to
# make their containers (7z, cpio, zip, zstd, lz4, xz, bzip2) and the
# openssl CLI; then libcurl and GMP (CT logs over HTTP, batch GCD) and
# the services the scale-out and CT-log tests start on loopback (Slurm
# with munge, GNU parallel, nginx).
PKGS="build-essential clang pkg-config libssl-dev libarchive-dev zlib1g-dev libcriterion-dev
      nettle-dev libacl1-dev liblzma-dev libzstd-dev liblz4-dev libbz2-dev libxml2-dev
      libpsl-dev publicsuffix libidn2-dev libunistring-dev
      libcurl4-openssl-dev libgmp-dev
      openssl cpio zip p7zip-full zstd lz4 xz-utils bzip2
      slurm-wlm munge parallel nginx"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "deps: installing:$missing" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
    exit 0
fi
echo "deps: missing packages:$missing" >&2
echo "deps: run as root:  apt-get update && apt-get install -y$missing" >&2
exit 1
