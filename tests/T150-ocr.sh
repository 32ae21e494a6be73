#!/usr/bin/env bash
# T150-ocr -- scans and images are read by OCR, page by page.
#
# Fixtures are drawn at test time by tools/mkpdf from tests/fixtures/ocr/:
# a PDF whose first page has a text layer and whose second is only an
# image of text (a scan), a full scan of minutes in French, and a tract as
# PNG, JPEG and TIFF images. Checked: a word of the text page is found on
# page 1 and a word of the scanned page on page 2 (its link opens page 2),
# with "ocr": true on the scanned page's hit only; images are documents of
# type "image" that the type filter keeps; a scan is no longer a "no text
# layer" failure; --no-ocr (and FOUILLE_NO_OCR) brings that failure back;
# --ocr-pages bounds the pages read. The word recall of OCR on clean
# 300 dpi renders (words of 3 letters or more written in the source that a
# search finds in the scan, accents included) is measured and must reach
# 98 %.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-server.sh"
. "$(dirname "$0")/indexer-lib.sh"

FIX=$FOUILLE_SRC/tests/fixtures/ocr
[ -x "$MKPDF" ] || skip_all "build/tools/mkpdf is not built (make tools)"

A=$TMP/archive
mkdir -p "$A/scans" "$A/tracts"
"$MKPDF" "$FIX/mixed.txt" "$A/scans/dossier-mixte.pdf"
ok $? "mkpdf draws a PDF with a text page and a scanned page"
sed 's/^---$/---\n\\scan/' "$FIX/scan-fr.txt" >"$TMP/pv-scan.txt"
"$MKPDF" "$TMP/pv-scan.txt" "$A/scans/proces-verbal.pdf" &&
"$MKPDF" "$FIX/scan-fr.txt" "$A/scans/proces-verbal.png"
ok $? "the minutes as a scanned PDF and as an image"
for ext in png jpg tif; do
    "$MKPDF" "$FIX/image-fr.txt" "$A/tracts/tract.$ext" || break
done
ok $? "the tract as PNG, JPEG and TIFF"

run_json out --index "$TMP/index" "$A"
is "$rc" 0 "the archive is indexed, nothing failed (the scans are read)"
is "$(counts "$out")" "new=6 updated=0 renamed=0 removed=0 unchanged=0 failed=0" "six new files"

# ---- Mixed PDF: the right page, marked -------------------------------
ARCHIVE=$A
start_server "$TMP/index" || done_testing
http '/api/search?q=cadastre' >/dev/null
is "$(jqb '[.hits[0].path, .hits[0].page, .hits[0].ocr] | join(" ")')" \
   "scans/dossier-mixte.pdf 1 false" "a word of the text page: page 1, not OCR"
http '/api/search?q=%C3%A9cluse' >/dev/null
is "$(jqb '[.hits[0].path, .hits[0].page, .hits[0].ocr] | join(" ")')" \
   "scans/dossier-mixte.pdf 2 true" "écluse, on the scanned page only: page 2, ocr true"
is "$(jqb '.hits[0].url')" "/archive/scans/dossier-mixte.pdf#page=2" "... and its link opens page 2"
http '/api/search?q=phenomene' >/dev/null
is "$(jqb '.hits[0].page')" 2 "phenomene (no accents typed) finds phénomène on the scan"
is "$(jqb '.hits[0].title')" "Dossier mixte" "the PDF keeps its metadata title"

# ---- Images ------------------------------------------------------------
http '/api/search?q=banderoles&per_page=10' >/dev/null
is "$(jqb '[.hits[].path] | sort | join(" ")')" \
   "tracts/tract.jpg tracts/tract.png tracts/tract.tif" "banderoles: found in the PNG, JPEG and TIFF"
is "$(jqb '[.hits[] | .type == "image" and .ocr == true and .page == null] | all')" true \
   "images are type image, ocr, without pages"
is "$(jqb '.hits[0].title')" "tract" "an image's title is its file name, not an OCR line"
http '/api/search?q=pr%C3%A9fecture&type=image' >/dev/null
is "$(jqb '.total')" 3 "type=image keeps the images"
is "$(jqb '.facets.type.image')" 3 "the type facet counts images"
http '/api/search?q=quorum&type=image' >/dev/null
is "$(jqb '[.hits[].path] | join(" ")')" "scans/proces-verbal.png" "the filter leaves the scanned PDF out"
is "$(http '/api/search?q=x&type=photo')" 400 "an unknown type is still a 400"
stop_server
ok $? "the server stops cleanly"

# ---- Recall on clean 300 dpi renders ------------------------------------
# Words of 3 letters or more of the minutes (header left out), distinct.
words=$(sed '1,/^---$/d; s/^# //' "$FIX/scan-fr.txt" | perl -CSD -ne '
    print lc($_), "\n" for grep { length >= 3 } split /[^\p{L}]+/;' | sort -u)
total=$(printf '%s\n' "$words" | wc -l)
found_png=0
found_pdf=0
missed=""
for w in $words; do
    r=$(search "$TMP/index" "$w")
    if printf '%s\n' "$r" | grep -q '^scans/proces-verbal.png'; then
        found_png=$((found_png + 1)); else missed="$missed $w(png)"; fi
    if printf '%s\n' "$r" | grep -q '^scans/proces-verbal.pdf'; then
        found_pdf=$((found_pdf + 1)); else missed="$missed $w(pdf)"; fi
done
diag "OCR word recall, clean 300 dpi render, $total distinct French words:" \
     "image $found_png/$total, scanned PDF $found_pdf/$total"
[ -n "$missed" ] && diag "missed:$missed"
ok $([ $((found_png * 100)) -ge $((total * 98)) ]; echo $?) "image: at least 98 % of the words are searchable"
ok $([ $((found_pdf * 100)) -ge $((total * 98)) ]; echo $?) "scanned PDF: at least 98 % of the words are searchable"
ok $([ "$total" -ge 80 ]; echo $?) "the measure is over 80 words or more ($total)"

# ---- Turning OCR off, bounding it ---------------------------------------
run_json out --no-ocr --index "$TMP/index-off" "$A"
is "$rc" 1 "--no-ocr: the scans fail"
is "$(reason_of "$out" scans/proces-verbal.pdf)" "no text layer" "... the scanned PDF as no text layer"
is "$(reason_of "$out" tracts/tract.png)" "no text layer" "... and the images too"
is "$(hits "$TMP/index-off" cadastre)" "scans/dossier-mixte.pdf" "... the mixed PDF keeps its text page"
is "$(hits "$TMP/index-off" écluse)" "" "... but not its scanned page"
out=$(FOUILLE_NO_OCR=1 "$INDEXER" --json --quiet --index "$TMP/index-env" "$A")
is "$(reason_of "$out" tracts/tract.jpg)" "no text layer" "FOUILLE_NO_OCR=1 is --no-ocr"

mkdir -p "$TMP/long"
printf 'Title: Trois pages\n---\n\\scan\nPremière page : le mot anémone.\n\\f\nDeuxième page : le mot baobab.\n\\f\nTroisième page : le mot cerisier.\n' >"$TMP/three.txt"
"$MKPDF" "$TMP/three.txt" "$TMP/long/trois.pdf"
run_json out --ocr-pages 2 --index "$TMP/index-long" "$TMP/long"
is "$rc" 0 "--ocr-pages 2: the scan is indexed"
is "$(search "$TMP/index-long" baobab | cut -f1,2)" "$(printf 'trois.pdf\t2')" "... its second page is read"
is "$(search "$TMP/index-long" cerisier)" "" "... its third is not"

done_testing
