#!/usr/bin/env bash
# T100 -- index the sample archive and find French words as a French reader
# expects: accents, elisions with ' and ’, ligatures, line-end hyphens,
# stems, pages of PDFs, encodings of HTML and text, and never the content
# of <script> or <style>. The facts come from tools/archive-src/README.md.
. "$(dirname "$0")/lib.sh"

IDX=$TMP/index
out=$(index_archive "$IDX"); rc=$?
is "$rc" 0 "the sample archive indexes with exit status 0"
like "$out" "^indexed 16 new, .* 0 failed \\(29 pages\\)" "summary: 16 new files, 29 pages (7 PDFs with 20), no failure"

# first_hit QUERY: "path<TAB>page" of the best hit.
first_hit() { search "$IDX" "$1" | head -n 1 | cut -f1,2; }
# expect QUERY PATH PAGE WHY
expect() { is "$(first_hit "$1")" "$2	$3" "$4: '$1'"; }

BOOK=livrets/2021_livret_contrats_impact_social.pdf
CR=comptes-rendus/2022_CR19_mai.pdf
expect externalisation "$BOOK" 3 "a word found on its PDF page"
expect Externalisation "$BOOK" 3 "capitals do not matter"
expect peterborough "$BOOK" 2 "a name in lower case"
expect marchandisation "articles/2022-10-12_refus-script-plateformes.html" - \
    "the unbroken word ranks its page first"
like "$(search "$IDX" marchandisation)" "^$CR	2	" \
    "marchandi-/sation split at a PDF line end is joined again"
expect ebeniste actualites/2019-09-10_assemblee-generale.html - "ISO-8859-1 page, no accent typed"
expect ébéniste actualites/2019-09-10_assemblee-generale.html - "ISO-8859-1 page, accent typed"
expect manoeuvre notes/2020-02-04_note_appel_a_projets.txt - "Windows-1252 note, œ typed as oe"
expect manœuvre notes/2020-02-04_note_appel_a_projets.txt - "Windows-1252 note, œ typed"
expect kakemono notes/2024_01_idees_campagne.md - "Markdown note"
expect photocopieuse "notes/réunion du bureau.txt" - "file name with a space and an accent"
expect coordinatrice "$CR" 1 "a feminine noun"
expect coordinateur "$CR" 1 "the masculine finds the feminine through the stem"
expect binome feuilles-de-route/2023_feuille_de_route.pdf 1 "binôme without its circumflex"
expect allotissement comptes-rendus/2023-06-08_CR_groupe_commande_publique.pdf 1 "a rare word"
expect "\"financement initial\"" "$BOOK" 2 "a phrase with the ﬁ ligature in the PDF"
expect circonscriptions lettres/2020_lettre_ouverte_parlementaires.pdf 2 "plural query, singular text"
like "$(search "$IDX" '"remuneration du capital"' | cut -f1 | sort | tr '\n' ' ')" \
    '^lettres/2020_lettre_ouverte_parlementaires.pdf notes/2024_01_idees_campagne.md $' \
    "a phrase across a PDF line break and with both apostrophes"
is "$(search "$IDX" zorglubscript)" "" "a word only inside <script> is not indexed"
is "$(search "$IDX" zorglubstyle)" "" "a word only inside <style> or an attribute is not indexed"
like "$(search "$IDX" 'title:script')" "^articles/2022-10-12_refus-script-plateformes.html	-	Pourquoi nous refusons les <script> des plateformes" \
    "entities decoded in the title"
like "$(search "$IDX" circonscription)" "	Lettre ouverte aux membres du Parlement$" \
    "a PDF without a title takes its first line"

# Elisions, both apostrophes, on both sides.
n_assoc=$(search "$IDX" "association" | wc -l)
ok $(( n_assoc >= 5 ? 0 : 1 )) "association finds l’association and l'association ($n_assoc files)"
like "$(search "$IDX" "l’État" | cut -f1 | sort | tr '\n' ' ')" "2019_CR_mars.pdf.*2021_livret" \
    "l’État finds l'État and l’État"

done_testing
