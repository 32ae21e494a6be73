#!/bin/sh
# T700-pdf-damage -- the indexer over PDFs damaged in every way a member's
# upload can be: truncated at many offsets, bytes overwritten, the xref
# broken, encrypted, a page tree claiming a million pages or looping on
# itself, arrays nested 100 000 deep, a page that is only an image, an
# empty file; plus a worker that hangs and one that eats memory (the test
# hooks of indexer/worker.c). The run must finish in bounded time with
# status 1, report every file that failed with a reason, index the good
# files (French and English) as if nothing happened, and the per-worker
# limits (--timeout, --max-memory) must stop the misbehaving workers.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-pdf.sh"

command -v qpdf >/dev/null || skip_all "qpdf is not installed (make deps)"
command -v jq >/dev/null || skip_all "jq is not installed (make deps)"
MKPDF=$FOUILLE_SRC/build/tools/mkpdf
A=$TMP/archive
mkdir -p "$A/bon" "$A/abime"

# ---- The good files --------------------------------------------------
if [ -x "$MKPDF" ]; then
    printf 'Title: Rapport du coquelicot\nDate: 2022-05-19\n---\n# Rapport\n%s\n\\f\n%s\n' \
        'Le coquelicot zéphyrin fleurit en été ; l’association se réunit.' \
        'Deuxième page : le budget équilibré.' >"$TMP/good.txt"
    "$MKPDF" "$TMP/good.txt" "$A/bon/rapport.pdf"
else
    cp "$FOUILLE_SRC/archive/comptes-rendus/2022_CR19_mai.pdf" "$A/bon/rapport.pdf"
fi
GOOD=$A/bon/rapport.pdf
printf '<html><head><meta charset="utf-8"><title>Zéphyrin</title></head><body><p>La fête du coquelicot zéphyrin.</p></body></html>\n' >"$A/bon/fete.html"
printf 'Meeting notes: the zephyrin poppy committee met in June.\n' >"$A/bon/meeting.txt"
SIZE=$(wc -c <"$GOOD")

# ---- Truncated at 40 offsets, from the header to the last byte -------
i=1
while [ $i -le 40 ]; do
    head -c $((SIZE * i / 41)) "$GOOD" >"$A/abime/tronque-$i.pdf"
    i=$((i + 1))
done

# ---- 20 copies with 16 bytes overwritten at random (seeded) offsets --
i=1
while [ $i -le 20 ]; do
    f=$A/abime/octets-$i.pdf
    cp "$GOOD" "$f"
    awk -v seed=$i -v size="$SIZE" 'BEGIN { srand(seed);
        for (k = 0; k < 16; k++) printf "%d %d\n", int(rand() * size), int(rand() * 256) }' |
    while read -r off byte; do
        printf "\\$(printf '%03o' "$byte")" |
            dd of="$f" bs=1 seek="$off" conv=notrunc 2>/dev/null
    done
    i=$((i + 1))
done

# ---- The cross-reference table broken three ways ---------------------
LC_ALL=C sed 's/^xref$/xjunk/' "$GOOD" >"$A/abime/xref-mot.pdf"
LC_ALL=C sed '/^startxref$/{n;s/.*/99999999/}' "$GOOD" >"$A/abime/xref-decalee.pdf"
LC_ALL=C sed 's/^\([0-9]\{10\}\) 00000 n/0000000001 00000 n/' "$GOOD" >"$A/abime/xref-zeros.pdf"

# ---- Encrypted (a user password is needed to read it) ----------------
qpdf --encrypt utilisateur proprietaire 256 -- "$GOOD" "$A/abime/chiffre.pdf"

# ---- Hand-written: a million pages, a looping tree, deep arrays, image
CAT='<< /Type /Catalog /Pages 2 0 R >>'
PAGE='<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> /XObject << /Im1 6 0 R >> >> >>'
TXT='BT /F1 12 Tf 72 720 Td (zephyrin) Tj ET'
CONTENT="<< /Length ${#TXT} >>
stream
$TXT
endstream"
FONT='<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'
IMG='<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /ASCIIHexDecode /Length 9 >>
stream
00FFFF00>
endstream'
mini_pdf "$A/abime/million-pages.pdf" "$CAT" \
    '<< /Type /Pages /Kids [3 0 R] /Count 1000000 >>' "$PAGE" "$CONTENT" "$FONT" "$IMG"
mini_pdf "$A/abime/arbre-boucle.pdf" "$CAT" \
    '<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>' "$PAGE" "$CONTENT" "$FONT" "$IMG"
DEEP=$(head -c 100000 /dev/zero | tr '\0' '[')$(head -c 100000 /dev/zero | tr '\0' ']')
mini_pdf "$A/abime/imbrique.pdf" "<< /Type /Catalog /Pages 2 0 R /Deep $DEEP >>" \
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>' \
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Annots $DEEP /Resources << /Font << /F1 5 0 R >> >> >>" \
    "$CONTENT" "$FONT"
IMGONLY='q 200 0 0 200 72 500 cm /Im1 Do Q'
mini_pdf "$A/abime/image-seule.pdf" "$CAT" \
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>' "$PAGE" \
    "<< /Length ${#IMGONLY} >>
stream
$IMGONLY
endstream" "$FONT" "$IMG"
: >"$A/abime/vide.pdf"

# ---- Workers that misbehave: one hangs, one allocates without end ----
cp "$GOOD" "$A/abime/bloque.pdf"
cp "$GOOD" "$A/abime/vorace.pdf"

# ---- The run ---------------------------------------------------------
export FOUILLE_TEST_WORKER_HANG=bloque FOUILLE_TEST_WORKER_ALLOC=vorace
damaged_run 120 "$A" --jobs 2 --timeout 10 --max-memory 512M
unset FOUILLE_TEST_WORKER_HANG FOUILLE_TEST_WORKER_ALLOC
like "$(reason abime/chiffre.pdf)" 'encrypted' "the encrypted PDF: encrypted"
like "$(reason abime/image-seule.pdf)" 'no text' "the image-only page: no text layer"
like "$(reason abime/vide.pdf)" 'empty' "the empty file: empty"
like "$(reason abime/bloque.pdf)" 'timed out' "the hanging worker is stopped by --timeout"
like "$(reason abime/vorace.pdf)" 'memory' "the allocating worker is stopped by --max-memory"
like "$(reason abime/tronque-1.pdf)" 'corrupt|unreadable' "a PDF cut in its header: corrupt"
is "$(reason bon/rapport.pdf)" "" "the good PDF did not fail"
n=$(jq '[.failures[] | select(.path | test("^abime/(tronque|octets|xref|million|arbre|imbrique)"))] | length' "$J")
diag "$n of the 66 truncated, overwritten, broken-xref and malformed-tree PDFs failed; the rest were read"

# ---- The good files are found, French and English --------------------
like "$(search "$TMP/index" 'zéphyrin')" '^bon/rapport\.pdf' "the good PDF is found (zéphyrin)"
like "$(search "$TMP/index" 'coquelicot fête')" '^bon/fete\.html' "the good page is found (fête du coquelicot)"
like "$(search "$TMP/index" 'meeting poppy')" '^bon/meeting\.txt' "the good note is found (poppy meeting)"
like "$(search "$TMP/index" 'budget équilibré')" '^bon/rapport\.pdf	2' "the good PDF's second page is found"
unlike "$(search "$TMP/index" 'zéphyrin')" 'bloque|vorace|chiffre|vide|image-seule' \
    "no failed file is found"

# The index is sound after the run: a second run has nothing new to do.
"$INDEXER" --index "$TMP/index" --json --quiet "$A" >"$TMP/run2.json" 2>/dev/null
is "$(jq '.new + .updated' "$TMP/run2.json")" 0 "a second run finds nothing new"
done_testing
