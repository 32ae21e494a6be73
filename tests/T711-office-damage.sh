#!/usr/bin/env bash
# T711-office-damage -- office documents damaged or built to hurt: ODT and
# DOCX truncated at many offsets or with bytes overwritten, a zip bomb
# (a content.xml of 60 MB of spaces deflated to a few dozen KB), a package
# of 10 002 members, an XML "billion laughs" (entities within entities), a
# content.xml nested 100 000 deep, malformed XML, an ODF package without
# its content.xml, a DOCX whose document part is missing, a PPTX without
# slides. The run must finish in bounded time with status 1, report each
# failure with a reason (too large for the bombs, corrupt or unsupported
# for the rest), crash and hang no worker, and still index the good
# documents.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/indexer-lib.sh"

MKOFFICE=$FOUILLE_SRC/build/tools/mkoffice
[ -x "$MKOFFICE" ] || skip_all "build/tools/mkoffice is not built (make tools)"
command -v jq >/dev/null || skip_all "jq is not installed (make deps)"
A=$TMP/archive
mkdir -p "$A/bon" "$A/abime"
FIX=$FOUILLE_SRC/tests/fixtures/office

"$MKOFFICE" "$FIX/rapport.txt" "$A/bon/rapport.odt"
"$MKOFFICE" "$FIX/rapport.txt" "$A/bon/rapport.docx"
for ext in odt docx; do
    good=$A/bon/rapport.$ext
    damage_copies "$good" "$A/abime" "$ext" 4
done

# odt NAME [none]: an ODF text package whose content.xml is read from
# stdin (with "none": no content.xml), written by perl's IO::Compress::Zip.
odt() {
    perl -MIO::Compress::Zip -e '
        my ($out, $none) = @ARGV;
        my $z = IO::Compress::Zip->new($out, Name => "mimetype", Method => 0) or die;
        print $z "application/vnd.oasis.opendocument.text";
        if (!$none) {
            $z->newStream(Name => "content.xml");
            print $z $_ while <STDIN>;
        }
        $z->close;' "$A/abime/$1" "${2:-}"
}
NS='xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
LAUGHS='<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "hahahahaha">'
prev=a
for e in b c d e f g h i j; do
    LAUGHS="$LAUGHS<!ENTITY $e \"&$prev;&$prev;&$prev;&$prev;&$prev;&$prev;&$prev;&$prev;&$prev;&$prev;\">"
    prev=$e
done
LAUGHS="$LAUGHS]><office:document-content $NS><office:body><office:text><text:p>&j;</text:p></office:text></office:body></office:document-content>"
printf '%s' "$LAUGHS" | odt rires.odt
perl -e 'print "<office:document-content $ARGV[0]><office:body><office:text>",
    "<text:span>" x 100000, "x", "</text:span>" x 100000,
    "</office:text></office:body></office:document-content>"' "$NS" | odt profond.odt
printf '%s' "<office:document-content $NS><office:body><office:text><text:p>pas fermé" | odt malforme.odt
odt sans-contenu.odt none </dev/null
perl -MIO::Compress::Zip -e '
    my $z = IO::Compress::Zip->new($ARGV[0], Name => "mimetype", Method => 0) or die;
    print $z "application/vnd.oasis.opendocument.text";
    $z->newStream(Name => "content.xml", Method => 8);
    print $z " " x (1024 * 1024) for 1 .. 60;
    $z->close;' "$A/abime/bombe.odt"
perl -MIO::Compress::Zip -e '
    my $z = IO::Compress::Zip->new($ARGV[0], Name => "[Content_Types].xml") or die;
    print $z "<Types/>";
    for my $i (1 .. 10001) { $z->newStream(Name => "f$i"); print $z "x"; }
    $z->close;' "$A/abime/foule.docx"
perl -MIO::Compress::Zip -e '
    my $z = IO::Compress::Zip->new($ARGV[0], Name => "[Content_Types].xml") or die;
    print $z "<Types/>";
    $z->newStream(Name => "ppt/presentation.xml");
    print $z "<p:presentation/>";
    $z->close;' "$A/abime/sans-diapositive.pptx"
perl -MIO::Compress::Zip -e '
    my $z = IO::Compress::Zip->new($ARGV[0], Name => "[Content_Types].xml") or die;
    print $z "<Types/>";
    $z->newStream(Name => "word/styles.xml");
    print $z "<w:styles/>";
    $z->close;' "$A/abime/sans-document.docx"

damaged_run 120 "$A" --jobs 2 --timeout 20 --max-memory 1G
is "$(reason abime/bombe.odt)" "too large" "the zip bomb: too large (its ratio)"
is "$(reason abime/foule.docx)" "too large" "10 002 members (over 10 000): too large"
like "$(reason abime/rires.odt)" 'corrupt' "the billion laughs: refused (a DTD), corrupt"
like "$(reason abime/profond.odt)" 'corrupt' "XML nested 100 000 deep: corrupt"
like "$(reason abime/malforme.odt)" 'corrupt' "malformed XML: corrupt"
like "$(reason abime/sans-contenu.odt)" 'corrupt' "no content.xml: corrupt"
like "$(reason abime/sans-document.docx)" 'unsupported' "no word/document.xml: unsupported"
# fuzz-office found it: a presentation without slides sorted no slide numbers
# through qsort(NULL, 0, ...), undefined behaviour.
is "$(reason abime/sans-diapositive.pptx)" "empty file" "a PPTX without slides: empty"
like "$(reason abime/tronque-1.odt)" 'corrupt' "an ODT cut short: corrupt"
is "$(jq '[.failures[] | select(.reason | test("crash|memory|timed out"))] | length' "$J")" 0 \
    "no worker crashed, ran out of memory or timed out"
n=$(jq '[.failures[] | select(.path | test("^abime/(tronque|octets)"))] | length' "$J")
diag "$n of the 24 truncated and overwritten ODT and DOCX failed; the rest were read"
is "$(hits "$TMP/index" 'rhubarbe')" "$(printf 'bon/rapport.docx\nbon/rapport.odt')" \
    "the good documents are found"
unlike "$(search "$TMP/index" haha)" 'rires' "no laugh was expanded into the index"
done_testing
