#!/usr/bin/env bash
# T160-office -- OpenDocument and Office Open XML documents are indexed.
#
# Fixtures are written at test time by tools/mkoffice from
# tests/fixtures/office/: a report (ODT and DOCX), a slide show (ODP and
# PPTX) and an inventory (ODS and XLSX). Checked: each is found by a French
# word of its body, with its type (document, presentation, spreadsheet),
# its metadata title, author and date; a word of the third slide is found
# on page 3 of the slide shows, whose links carry no #page (no viewer
# opens one), slides counted in the presentation's order; a heading word ranks the documents above a note that has it
# once in its body (headings weigh like HTML headings); sheet names and
# cells are searchable; the type filter keeps presentations; a ZIP that
# is no office document (a plain archive, an EPUB) is an "unsupported
# type" failure.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-server.sh"
. "$(dirname "$0")/indexer-lib.sh"

MKOFFICE=$FOUILLE_SRC/build/tools/mkoffice
FIX=$FOUILLE_SRC/tests/fixtures/office
[ -x "$MKOFFICE" ] || skip_all "build/tools/mkoffice is not built (make tools)"
command -v jq >/dev/null || skip_all "jq is not installed (make deps)"

A=$TMP/archive
mkdir -p "$A/bureau" "$A/autres"
for ext in odt docx; do "$MKOFFICE" "$FIX/rapport.txt" "$A/bureau/rapport.$ext" || break; done
for ext in odp pptx; do "$MKOFFICE" "$FIX/diaporama.txt" "$A/bureau/diaporama.$ext" || break; done
for ext in ods xlsx; do "$MKOFFICE" "$FIX/tableur.txt" "$A/bureau/inventaire.$ext" || break; done
ok $? "mkoffice writes the six formats"
printf 'Note de la commission des fêtes\n\nLe mot participatif une fois, dans le corps du texte, parmi beaucoup\nd’autres mots qui parlent de tout autre chose.\n' >"$A/autres/note.txt"
perl -MIO::Compress::Zip=zip -e '
    my $t = "Du simple texte dans une archive.";
    zip \$t => $ARGV[0], Name => "lisez-moi.txt" or die;
    my $z = IO::Compress::Zip->new($ARGV[1], Name => "mimetype", Method => 0) or die;
    print $z "application/epub+zip";
    $z->newStream(Name => "OEBPS/chapitre.xhtml");
    print $z "<html><body><p>Un livre.</p></body></html>";
    $z->close;' "$A/autres/archive.zip" "$A/autres/livre.epub"
ok $? "a plain ZIP and an EPUB"
# A slide show whose slides were moved: its list names slide2.xml first.
perl -MIO::Compress::Zip -e '
    my $p = "http://schemas.openxmlformats.org/presentationml/2006/main";
    my $r = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    my $a = "http://schemas.openxmlformats.org/drawingml/2006/main";
    my %parts = (
        "[Content_Types].xml" => "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>",
        "ppt/presentation.xml" => "<p:presentation xmlns:p=\"$p\" xmlns:r=\"$r\"><p:sldIdLst>"
            . "<p:sldId id=\"256\" r:id=\"rId7\"/><p:sldId id=\"257\" r:id=\"rId3\"/></p:sldIdLst></p:presentation>",
        "ppt/_rels/presentation.xml.rels" => "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            . "<Relationship Id=\"rId3\" Type=\"$r/slide\" Target=\"slides/slide1.xml\"/>"
            . "<Relationship Id=\"rId7\" Type=\"$r/slide\" Target=\"slides/slide2.xml\"/></Relationships>",
        "ppt/slides/slide1.xml" => "<p:sld xmlns:p=\"$p\" xmlns:a=\"$a\"><a:p><a:r><a:t>Conclusion : kermesse</a:t></a:r></a:p></p:sld>",
        "ppt/slides/slide2.xml" => "<p:sld xmlns:p=\"$p\" xmlns:a=\"$a\"><a:p><a:r><a:t>Introduction : tombola</a:t></a:r></a:p></p:sld>",
    );
    my $z;
    for my $n (sort keys %parts) {
        if ($z) { $z->newStream(Name => $n) } else { $z = IO::Compress::Zip->new($ARGV[0], Name => $n) or die }
        print $z $parts{$n};
    }
    $z->close;' "$A/autres/deplacees.pptx"
ok $? "a PPTX whose slides were reordered"

run_json out --index "$TMP/index" "$A"
is "$rc" 1 "the run reports the two ZIPs that are not office documents"
is "$(failures "$out")" "$(printf 'autres/archive.zip\tunsupported type\nautres/livre.epub\tunsupported type')" \
   "... as unsupported types, and nothing else failed"

ARCHIVE=$A
start_server "$TMP/index" || done_testing

# ---- Text documents ------------------------------------------------------
http '/api/search?q=r%C3%A9cup%C3%A9rateur&per_page=10' >/dev/null
is "$(jqb '[.hits[].path] | sort | join(" ")')" "bureau/rapport.docx bureau/rapport.odt" \
   "récupérateur: found in the ODT and the DOCX"
is "$(jqb '[.hits[] | .type == "document" and .page == null and .ocr == false] | all')" true \
   "... type document, no page, not OCR"
is "$(jqb '[.hits[].title] | unique | join("|")')" "Rapport d'activité du jardin partagé" \
   "... titled from their metadata"
is "$(jqb '[.hits[].date] | unique | join("|")')" "2023-03-14" "... dated from their metadata"
id=$(jqb '.hits[0].id')
http "/api/documents/$id" >/dev/null
is "$(jqb '.author + " / " + .date_source')" "Commission jardin / metadata" "the author and the date's source"
http '/api/search?q=participatif&per_page=10' >/dev/null
is "$(jqb '.hits[2].path')" "autres/note.txt" \
   "a heading word ranks both documents above a note that has it in its body"
http '/api/search?q=rhubarbe%20courgettes' >/dev/null
is "$(jqb '.total')" 2 "words of the second section are found too"

# ---- Presentations: a page a slide ----------------------------------------
http '/api/search?q=lavoir&per_page=10' >/dev/null
is "$(jqb '[.hits[] | .path + " " + (.page | tostring) + "/" + (.pages | tostring)] | sort | join(", ")')" \
   "bureau/diaporama.odp 3/3, bureau/diaporama.pptx 3/3" "lavoir: slide 3 of 3 in the ODP and the PPTX"
is "$(jqb '[.hits[] | .type == "presentation" and (.url | test("#") | not)] | all')" true \
   "... type presentation, links without #page"
http '/api/search?q=tombola' >/dev/null
is "$(jqb '.hits[0].path + " " + (.hits[0].page | tostring)')" "autres/deplacees.pptx 1" \
   "slides are numbered in the presentation's order, not their files' (slide2.xml shown first)"
http '/api/search?q=kermesse' >/dev/null
is "$(jqb '.hits[0].page')" 2 "... and slide1.xml second"
http '/api/search?q=cyclables' >/dev/null
is "$(jqb '[.hits[].page] | unique | join(",")')" "2" "cyclables: slide 2"
http '/api/search?q=mobilit%C3%A9s&type=presentation' >/dev/null
is "$(jqb '.total')" 2 "type=presentation keeps the slide shows (a title word)"
is "$(jqb '.facets.type.presentation')" 2 "the type facet counts them"

# ---- Spreadsheets ------------------------------------------------------------
http '/api/search?q=percolateur&per_page=10' >/dev/null
is "$(jqb '[.hits[].path] | sort | join(" ")')" "bureau/inventaire.ods bureau/inventaire.xlsx" \
   "a cell of the second sheet: found in the ODS and the XLSX"
is "$(jqb '[.hits[].type] | unique | join(",")')" "spreadsheet" "... type spreadsheet"
http '/api/search?q=outillage' >/dev/null
is "$(jqb '.total')" 2 "a sheet name is searchable"
is "$(http '/api/search?q=x&type=spreadsheet')" 200 "type=spreadsheet is accepted"
stop_server
ok $? "the server stops cleanly"
done_testing
