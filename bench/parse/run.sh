#!/bin/sh
# Parser benchmark: certsweep's strict parser vs OpenSSL d2i_X509 on the
# real corpus, single-threaded (see mk/parser.mk).
set -eu
cd "$(dirname "$0")/../.."
exec make --no-print-directory bench-parse
