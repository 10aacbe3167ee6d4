#!/bin/sh
# make check-browser: open generated reports in headless Chromium and check
# that (1) nothing injected through certificate strings ran or became
# markup, (2) the page's own script ran under its Content-Security-Policy
# (table drawn, issuer details shown), (3) a 10,000-issuer report renders.
# Screenshots are left in OUT for a person to look at.
#
# Usage: check.sh HOSTILE_REPORT_BINARY OUT_DIR
set -eu
gen=$1; out=$2
mkdir -p "$out"

browser=
for b in chromium chromium-browser google-chrome; do
    if command -v "$b" >/dev/null 2>&1; then browser=$b; break; fi
done
if [ -z "$browser" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "check-browser: installing Debian's chromium"
        apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null
        browser=chromium
    else
        echo "check-browser: no chromium; install Debian's 'chromium' package (as root: apt-get install chromium)" >&2
        exit 1
    fi
fi

profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
run() { # url, then extra flags
    url=$1; shift
    timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$profile" --virtual-time-budget=10000 "$@" "$url" 2>/dev/null
}
fail() { echo "check-browser: FAIL: $*" >&2; exit 1; }

# ---- hostile certificates ----------------------------------------------
rm -rf "$out/hostile"
id=$("$gen" hostile "$out/hostile")
[ -n "$id" ] || fail "generator printed no issuer id"
url="file://$out/hostile/index.html#issuer-$id"
run "$url" --dump-dom > "$out/hostile.dom.html"
dom=$out/hostile.dom.html
[ -s "$dom" ] || fail "empty DOM dump"
# (1) no payload ran: each would have set the title to the marker.
if grep -q 'PWNED' "$dom"; then fail "an injected script ran (marker found)"; fi
grep -q '<title>certsweep report</title>' "$dom" || fail "title changed"
# ... and none became markup: parse the DOM (only our two scripts, no
# img/iframe, no on* attribute, no foreign links; the DOM is valid UTF-8).
python3 "$(dirname "$0")/domcheck.py" "$dom" || fail "injected markup in the DOM"
# Bidi overrides and invalid UTF-8 were neutralised (U+FFFD shown instead).
if grep -q "$(printf '\342\200\256')" "$dom"; then fail "RLO character reached the page"; fi
grep -q "$(printf '\357\277\275')gpj.exe" "$dom" || fail "RLO not replaced by U+FFFD"
# The payloads are there as readable text.
grep -q '&lt;script&gt;document.title=' "$dom" || fail "payload text not shown escaped"
# (2) our script ran: table drawn and the hostile issuer's details open.
grep -q 'page 1 of' "$dom" || fail "issuer table not drawn (script blocked?)"
grep -q 'Rules failed' "$dom" || fail "issuer details not drawn"
grep -q 'https://crt.sh/?sha256=[0-9a-f]\{64\}' "$dom" || fail "no crt.sh example links"
# Long strings are cut for display.
if grep -q 'A\{600\}' "$dom"; then fail "64 KB string shown uncut"; fi
run "$url" --screenshot="$out/hostile.png" --window-size=1400,2600 >/dev/null
[ -s "$out/hostile.png" ] || fail "no screenshot"
echo "check-browser: hostile report: no injected script ran, payloads shown as text ($out/hostile.png)"

# ---- 10,000 issuers -------------------------------------------------------
rm -rf "$out/scale"
"$gen" scale "$out/scale" 10000
run "file://$out/scale/index.html" --dump-dom > "$out/scale.dom.html"
grep -q 'of 10,000 ' "$out/scale.dom.html" || fail "10,000-issuer table not drawn"
grep -q 'Not drawn: <b>1 certificate</b> dated far from the rest (2055-12: 1)' "$out/scale.dom.html" \
    || fail "monthly chart: the 2055 outlier is not counted in the note"
grep -q '<title>2017: ' "$out/scale.dom.html" || fail "monthly chart: the data years are not drawn"
rows=$(grep -o '<tr>' "$out/scale.dom.html" | wc -l)
[ "$rows" -lt 1000 ] || fail "$rows table rows in the DOM: not paginated"
run "file://$out/scale/index.html" --screenshot="$out/scale.png" --window-size=1400,2600 >/dev/null
echo "check-browser: 10,000-issuer report drawn, $rows rows in the DOM ($out/scale.png)"
echo "check-browser: OK"
