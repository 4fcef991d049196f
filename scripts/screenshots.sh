#!/usr/bin/env bash
# screenshots.sh — regenerates the README's report images from the example
# requirements and fixture DNS zones, so they show what the current code writes:
#   docs/img/report-pdf-p1.png  page 1 of the Japanese PDF (poppler's pdftoppm)
#   docs/img/posture-pdf-p1.png page 1 of the Japanese posture PDF of three
#                               fixture domains (scripts/posturedemo: DNS on
#                               127.0.0.1, --no-connect; nothing leaves the host)
#   docs/img/report-html.png    the Japanese HTML at 1280 px (headless Chromium)
#   docs/img/report-html-phone.png  the same at 390 px, a phone
# Needs: Go, poppler-utils, chromium (Debian packages of those names).
# Usage: scripts/screenshots.sh
set -euo pipefail
cd "$(dirname "$0")/.."
die() { echo "screenshots: $*" >&2; exit 1; }
command -v pdftoppm >/dev/null || die "pdftoppm not found; install it: apt-get install -y poppler-utils"
CHROME=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[ -n "$CHROME" ] || die "chromium not found; install it: apt-get install -y chromium"

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
go build -o "$T/mailpick" ./cmd/mailpick
go build -o "$T/posturedemo" ./scripts/posturedemo
REQ=data/examples/smb-50-ja.toml
"$T/mailpick" report -r "$REQ" -o "$T/report.pdf" 2>/dev/null
"$T/mailpick" report -r "$REQ" -o "$T/report.html" 2>/dev/null

mkdir -p docs/img
pdftoppm -r 70 -f 1 -l 1 -png -singlefile "$T/report.pdf" docs/img/report-pdf-p1
"$T/posturedemo" "$T/mailpick" "$T/posture.pdf" 2>"$T/posture.err" ||
  { cat "$T/posture.err" >&2; die "scripts/posturedemo could not write the posture PDF"; }
pdftoppm -r 70 -f 1 -l 1 -png -singlefile "$T/posture.pdf" docs/img/posture-pdf-p1

shot() { # shot WIDTH HEIGHT OUT.png
  "$CHROME" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --hide-scrollbars \
    --user-data-dir="$T/chrome" --window-size="$1,$2" --screenshot="$3" \
    "file://$T/report.html" >/dev/null 2>&1 || die "chromium could not render the HTML"
}
shot 1280 1600 docs/img/report-html.png
shot 390 1400 docs/img/report-html-phone.png
echo "screenshots: docs/img/report-pdf-p1.png, posture-pdf-p1.png, report-html.png, report-html-phone.png"
