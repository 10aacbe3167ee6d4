#!/bin/sh
# Writes the rule -> zlint -> pkilint table of docs/rules-xref.md from
# `certsweep rules --tsv`, so the document always says what the binary says.
#
#   sh scripts/rules-xref.sh bin/certsweep docs/rules-xref.md           rewrite the table
#   sh scripts/rules-xref.sh --check bin/certsweep docs/rules-xref.md   exit 1 if it is stale
#
# The table sits between the BEGIN/END rules-xref markers; the rest of the
# document is left as it is.  Columns are found by their header names.
set -eu
check=0
if [ "${1:-}" = --check ]; then check=1; shift; fi
if [ $# -ne 2 ]; then echo "usage: $0 [--check] CERTSWEEP DOC" >&2; exit 2; fi
bin=$1 doc=$2
tsv=$(mktemp) new=$(mktemp)
trap 'rm -f "$tsv" "$new"' EXIT
"$bin" rules --tsv > "$tsv"

awk -F'\t' '
function names(s,   n, a, i, out) {
    if (s == "") return "-"
    n = split(s, a, ",")
    for (i = 1; i <= n; i++) out = out (i > 1 ? ", " : "") "`" a[i] "`"
    return out
}
FNR == NR {
    if (FNR == 1) { for (i = 1; i <= NF; i++) col[$i] = i; next }
    rows++
    z = $col["zlint"]; p = $col["pkilint"]
    if (z != "") nz++
    if (p != "") np++
    if (z == "" && p == "") none++
    table[rows] = "| `" $col["id"] "` | " $col["severity"] " | " names(z) " | " names(p) " |"
    next
}
/^<!-- BEGIN rules-xref/ {
    print
    printf "%d rules: %d with zlint lints, %d with pkilint codes, %d with neither.\n\n", rows, nz, np, none
    print "| rule | severity | zlint | pkilint |"
    print "| --- | --- | --- | --- |"
    for (i = 1; i <= rows; i++) print table[i]
    skipping = 1
    next
}
/^<!-- END rules-xref/ { skipping = 0 }
!skipping { print }
' "$tsv" "$doc" > "$new"

if ! grep -q '^<!-- BEGIN rules-xref' "$doc"; then
    echo "$doc: no '<!-- BEGIN rules-xref -->' marker" >&2; exit 1
fi
if [ $check = 1 ]; then
    if ! cmp -s "$new" "$doc"; then
        echo "$doc is out of date: run sh scripts/rules-xref.sh $bin $doc" >&2
        diff "$doc" "$new" | head -20 >&2
        exit 1
    fi
else
    cat "$new" > "$doc"
fi
