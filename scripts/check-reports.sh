#!/usr/bin/env bash
# check-reports.sh — checks the reports with the programs people open them in.
#
#  1. Writes JSON, XLSX and PDF for data/examples/smb-50-ja.toml.
#  2. Recalculates the XLSX headless in LibreOffice and compares every total
#     and rank on the Scores sheet with the JSON (within 0.01).
#  3. Changes one weight in the XLSX (as a consultant would), recalculates,
#     and compares with `mailpick evaluate` run with that weight changed in a
#     copy of the requirements file.
#  4. Edits prices on the Prices sheet — a known price raised so the
#     recommendation changes, an unknown price filled in, a price that
#     breaks the monthly budget, an unknown initial fee entered —
#     recalculates, and compares the totals, ranks, TCOs and "≥" marks with
#     `mailpick evaluate` run on a copy of the requirements with the
#     [quotes] entry the edited row stands for.
#  5. Writes the XLSX with every catalog option but one excluded (a list
#     longer than a row can show) and opens it in LibreOffice; excluding
#     every option is refused (exit 2), nothing is written.
#  6. Checks with poppler that the Japanese PDF names every option and the
#     recommendation, and embeds its font.
#
# Installs nothing. Needs: Go, LibreOffice Calc (soffice or libreoffice;
# Debian: libreoffice-calc-nogui) and poppler-utils (pdftotext, pdffonts).
# Usage: scripts/check-reports.sh   (MAILPICK=path/to/binary to skip the build)
set -euo pipefail
cd "$(dirname "$0")/.."

die() { echo "check-reports: $*" >&2; exit 1; }

SOFFICE=$(command -v soffice || command -v libreoffice || true)
[ -n "$SOFFICE" ] || die "LibreOffice not found; install it: apt-get install -y libreoffice-calc-nogui"
for p in pdftotext pdffonts; do
  command -v "$p" >/dev/null || die "$p not found; install it: apt-get install -y poppler-utils"
done

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

if [ -z "${MAILPICK:-}" ]; then
  go build -o "$T/mailpick" ./cmd/mailpick
  MAILPICK="$T/mailpick"
fi
go build -o "$T/reportcheck" ./scripts/reportcheck
CHECK="$T/reportcheck"

REQ=data/examples/smb-50-ja.toml
if [ ! -f "$REQ" ]; then
  echo "check-reports: $REQ missing; using mailpick init output"
  "$MAILPICK" init -o "$T/req.toml"
  REQ="$T/req.toml"
fi

# LibreOffice keeps cached values of .xlsx files by default; this profile
# makes it recalculate every formula on load (OOXMLRecalcMode 0 = always),
# so what we compare is LibreOffice's arithmetic, not ours.
mkdir -p "$T/lo/user"
cat >"$T/lo/user/registrymodifications.xcu" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
EOF

recalc() { # recalc IN.xlsx OUTDIR → OUTDIR/IN.xlsx holding LibreOffice's values
  mkdir -p "$2"
  "$SOFFICE" -env:UserInstallation="file://$T/lo" --headless --norestore --calc \
    --convert-to xlsx --outdir "$2" "$1" >"$T/soffice.log" 2>&1 ||
    { cat "$T/soffice.log" >&2; die "LibreOffice could not convert $1"; }
  [ -s "$2/$(basename "$1")" ] || { cat "$T/soffice.log" >&2; die "LibreOffice wrote nothing for $1"; }
}

echo "== reports for $REQ"
"$MAILPICK" report -r "$REQ" -o "$T/report.json"
"$MAILPICK" report -r "$REQ" -o "$T/report.xlsx"
"$MAILPICK" report -r "$REQ" -o "$T/report.pdf"

echo "== XLSX recalculated by LibreOffice vs JSON"
recalc "$T/report.xlsx" "$T/recalc1"
"$CHECK" compare "$T/recalc1/report.xlsx" "$T/report.json"

# Change one weight: security 3 → 12 (or whatever the file has → 12).
CRIT=security
NEW=12
echo "== weight $CRIT = $NEW in the XLSX vs mailpick evaluate"
awk -v crit="$CRIT" -v new="$NEW" '
  /^\[/ { in_w = ($0 ~ /^\[weights\][[:space:]]*(#.*)?$/) }
  in_w && $0 ~ "^"crit"[[:space:]]*=" { print crit " = " new; done = 1; next }
  { print }
  END { if (!done) exit 3 }' "$REQ" >"$T/req-weight.toml" ||
  die "$REQ has no $CRIT in [weights]; cannot change it"
"$MAILPICK" evaluate -r "$T/req-weight.toml" --format json >"$T/eval-weight.json"
mkdir -p "$T/edited"
"$CHECK" set-weight "$T/report.xlsx" "$T/edited/report.xlsx" "$CRIT" "$NEW"
recalc "$T/edited/report.xlsx" "$T/recalc2"
"$CHECK" compare "$T/recalc2/report.xlsx" "$T/eval-weight.json"

# price_edit NAME OPTION KEY VALUE: one edit of the Prices sheet, checked
# against evaluate with the same quote.
price_edit() {
  local name=$1 opt=$2 key=$3 val=$4
  echo "== Prices: $opt $key = $val in the XLSX vs mailpick evaluate with [quotes.$opt]"
  mkdir -p "$T/$name"
  "$CHECK" set-price "$T/report.xlsx" "$T/$name/report.xlsx" "$opt" "$key" "$val"
  "$CHECK" quotes "$T/$name/report.xlsx" "$T/report.xlsx" >"$T/$name.quotes.toml"
  cat "$T/$name.quotes.toml"
  cat "$REQ" "$T/$name.quotes.toml" >"$T/$name.req.toml"
  "$MAILPICK" evaluate -r "$T/$name.req.toml" --format json >"$T/$name.json" 2>"$T/$name.log" ||
    { cat "$T/$name.log" >&2; die "evaluate rejected the quote for $opt"; }
  recalc "$T/$name/report.xlsx" "$T/$name-recalc"
  "$CHECK" compare "$T/$name-recalc/report.xlsx" "$T/$name.json"
}
if grep -q '^\[quotes' "$REQ"; then
  die "$REQ already has [quotes]; the price edits append their own"
fi
WINNER=$("$CHECK" winner "$T/report.json")
# A known price raised: the winner's flat monthly price to 20,000.
price_edit raise "$WINNER" flat_month 20000
NEWWIN=$("$CHECK" winner "$T/raise.json")
[ "$NEWWIN" != "$WINNER" ] || die "raising $WINNER's price did not change the recommendation; the edit tests nothing"
echo "recommendation: $WINNER → $NEWWIN"
# An unknown price filled in: the option leaves provisional.
price_edit fill idc-mail-premium per_user_month 300
# A price over the monthly budget: the option becomes ineligible.
price_edit budget kagoya-mail per_user_month 3000
# An unknown initial fee entered: the TCO is no longer a lower bound ("≥").
price_edit initial sakura-mailbox initial 5000

# Every catalog option but the last excluded: the list is longer than a
# row of 409 pt (Excel's limit) shows, and once stopped the workbook being
# written. Excluding every option leaves nothing to compare: exit 2, no file.
echo "== XLSX with all catalog options but one excluded"
all=$("$MAILPICK" catalog list | awk 'NR > 1 { print $1 }')
ids=$(echo "$all" | sed '$d' | awk '{ printf "%s\"%s\"", (n++ ? "," : ""), $1 }')
{ echo "exclude = [$ids]"; grep -v '^exclude' "$REQ"; } >"$T/exclude-most.toml"
"$MAILPICK" report -r "$T/exclude-most.toml" -o "$T/exclude-most.xlsx" 2>/dev/null ||
  die "no XLSX with all options but one excluded"
recalc "$T/exclude-most.xlsx" "$T/recalc-exclude"
echo "LibreOffice opens it"
ids=$(echo "$all" | awk '{ printf "%s\"%s\"", (n++ ? "," : ""), $1 }')
{ echo "exclude = [$ids]"; grep -v '^exclude' "$REQ"; } >"$T/exclude-all.toml"
rc=0
"$MAILPICK" report -r "$T/exclude-all.toml" -o "$T/exclude-all.xlsx" 2>"$T/exclude-all.err" || rc=$?
[ "$rc" = 2 ] || die "excluding every option: exit $rc, want 2"
grep -q 'exclude: leaves out every option' "$T/exclude-all.err" || die "excluding every option: $(cat "$T/exclude-all.err")"
[ ! -e "$T/exclude-all.xlsx" ] || die "excluding every option wrote a workbook"
echo "excluding every option is refused, nothing written"

echo "== Japanese PDF"
pdffonts "$T/report.pdf" | tee "$T/fonts.txt"
awk 'NR > 2 && $0 ~ /ipaexg/ && / yes +(yes|no) +(yes|no) / { ok = 1 } END { exit !ok }' "$T/fonts.txt" ||
  die "the PDF does not embed IPAexGothic"
pdftotext -raw -enc UTF-8 "$T/report.pdf" "$T/report.txt"
"$CHECK" pdf-text "$T/report.txt" "$T/report.json"

echo "check-reports: ok"
