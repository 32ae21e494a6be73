#!/usr/bin/env bash
# T710-image-damage -- OCR over damaged and hostile images and scans: PNG,
# JPEG and TIFF files truncated at many offsets or with bytes overwritten,
# a PNG that declares 0x0 pixels, one that declares 100 000 x 100 000
# (10 giga-pixels: refused from its header, never decoded), bare
# signatures followed by junk, a scanned PDF page of 0x0 points and one of
# 200 x 200 inches (rendered at a lower resolution, within the pixel
# bound). The run must finish in bounded time with status 1, report every
# failure with a reason, and still read the good image and the good scan.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-pdf.sh"
. "$(dirname "$0")/indexer-lib.sh"

command -v jq >/dev/null || skip_all "jq is not installed (make deps)"
[ -x "$MKPDF" ] || skip_all "build/tools/mkpdf is not built (make tools)"
A=$TMP/archive
mkdir -p "$A/bon" "$A/abime"
FIX=$FOUILLE_SRC/tests/fixtures/ocr

# ---- The good files ---------------------------------------------------
"$MKPDF" "$FIX/image-fr.txt" "$A/bon/tract.png"
printf 'Title: Scan\n---\n\\scan\nLa pétition des riverains du canal.\n' >"$TMP/scan.txt"
"$MKPDF" "$TMP/scan.txt" "$A/bon/petition.pdf"
for ext in png jpg tif; do "$MKPDF" "$FIX/image-fr.txt" "$TMP/good.$ext"; done

# ---- Truncated at 8 offsets and overwritten at random, each format -----
for ext in png jpg tif; do
    damage_copies "$TMP/good.$ext" "$A/abime" "$ext" 16
done

# ---- PNG headers that lie about their size (valid CRCs) -----------------
png_header() {
    perl -MCompress::Zlib -e '
        my ($w, $h) = @ARGV;
        my $ihdr = "IHDR" . pack("NNCCCCC", $w, $h, 8, 0, 0, 0, 0);
        my $idat = "IDAT" . compress("\0" x 64);
        print "\x89PNG\r\n\x1a\n";
        for my $c ($ihdr, $idat, "IEND") {
            print pack("N", length($c) - 4), $c, pack("N", crc32($c));
        }' "$1" "$2"
}
png_header 0 0 >"$A/abime/zero.png"
png_header 100000 100000 >"$A/abime/geante.png"
printf '\377\330\377\340junk, not a JPEG at all' >"$A/abime/signature.jpg"
printf 'II*\0\377\377\377\177junk' >"$A/abime/signature.tif"
printf 'MM\0*\0\0\0\010\0\001\001\000\000\003' >"$A/abime/court.tif"

# ---- Scanned pages of absurd sizes ---------------------------------------
IMG='<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /ASCIIHexDecode /Length 9 >>
stream
00FFFF00>
endstream'
DRAW='q 200 0 0 200 0 0 cm /Im1 Do Q'
scan_page() {  # FILE MEDIABOX
    mini_pdf "$1" '<< /Type /Catalog /Pages 2 0 R >>' \
        '<< /Type /Pages /Kids [3 0 R] /Count 1 >>' \
        "<< /Type /Page /Parent 2 0 R /MediaBox $2 /Contents 4 0 R /Resources << /XObject << /Im1 5 0 R >> >> >>" \
        "<< /Length ${#DRAW} >>
stream
$DRAW
endstream" "$IMG"
}
scan_page "$A/abime/page-nulle.pdf" '[0 0 0 0]'
scan_page "$A/abime/page-immense.pdf" '[0 0 14400 14400]'

# ---- The run ----------------------------------------------------------
damaged_run 200 "$A" --jobs 2 --timeout 30 --max-memory 1G
like "$(reason abime/zero.png)" 'corrupt' "a PNG of 0x0 pixels: corrupt"
like "$(reason abime/geante.png)" 'too large' "a PNG of 10 giga-pixels: too large, from its header"
like "$(reason abime/signature.jpg)" 'corrupt' "a JPEG signature and junk: corrupt"
like "$(reason abime/signature.tif)" 'corrupt' "a TIFF signature and junk: corrupt"
like "$(reason abime/page-nulle.pdf)" 'no text' "a scanned page of 0x0 points: no text layer"
like "$(reason abime/page-immense.pdf)" 'no text' "a scanned page of 200 inches: read within bounds, no text"
is "$(jq '[.failures[] | select(.reason | test("crash|memory|timed out"))] | length' "$J")" 0 \
    "no worker crashed, ran out of memory or timed out"
n=$(jq '[.failures[] | select(.path | test("^abime/(tronque|octets)"))] | length' "$J")
diag "$n of the 36 truncated and overwritten images failed; the rest were read"

like "$(search "$TMP/index" banderoles)" '^bon/tract\.png' "the good image is found"
like "$(search "$TMP/index" 'pétition riverains')" '^bon/petition\.pdf	1' "the good scan is found, page 1"
done_testing
