#!/bin/sh
# The corpus collectors' cost per certificate beside the lint's, on the
# real corpus (CORPUS_DIR, default ../shared/corpus/real; see mk/corpus.mk).
set -eu
cd "$(dirname "$0")/../.."
exec make --no-print-directory bench-corpus
