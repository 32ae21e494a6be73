#!/bin/sh
# T445-known-items -- a document looked for by its title is found first
# (issue 11, the known-item test of bench/relevance.sh), in two cases the
# bench corpus showed:
# - a file whose whole title is the query comes first, even when it is a
#   long page (a manual on one page) and short pages hold the query in
#   their titles too (its chapters: "1. Adhérer — Manuel de l'adhérent
#   3.2"); BM25 alone puts the long page last, its weight spread over
#   its length;
# - a dash typed between words ("Manuel complet - Association 2024",
#   "--" for "—") is punctuation, not the NOT of "-word": such a title is
#   still a plain query, and the rule above holds;
# - a word is cut where a letter of another script begins ("LaTeX2ε" is
#   "latex2" then "ε"), so that a title typed on a keyboard without that
#   letter ("latex2") finds its document, also when "latex2" is a word of
#   other pages.
# French and English examples; the archive is written here.
. "$(dirname "$0")/lib.sh"

A=$TMP/arch
mkdir -p "$A/manuel" "$A/devref" "$A/tex"

# page FILE TITLE BODY: an HTML page.
page() {
    printf '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>%s</title></head><body><h1>%s</h1>%s</body></html>\n' \
        "$2" "$2" "$3" >"$1"
}
# para N TEXT: N paragraphs of TEXT, numbered.
para() { _i=0; while [ $_i -lt "$1" ]; do printf '<p>%s (%d)</p>\n' "$2" $_i; _i=$((_i + 1)); done; }

# A manual: three chapters, and the whole manual on one long page.
M="Manuel de l’adhérent 3.2"
page "$A/manuel/adherer.html" "1. Adhérer — $M" "<p>Remplir le bulletin et le renvoyer.</p>"
page "$A/manuel/cotiser.html" "2. Cotiser — $M" "<p>La cotisation est annuelle.</p>"
page "$A/manuel/voter.html" "3. Voter — $M" "<p>Chaque adhérent vote en assemblée.</p>"
page "$A/manuel/manuel.html" "$M" \
    "$(para 300 'Remplir le bulletin, payer la cotisation annuelle, voter en assemblée générale, proposer une motion au conseil')"
R="Developers Reference 12.18"
page "$A/devref/scope.html" "1. Scope — $R" "<p>What this document covers.</p>"
page "$A/devref/duties.html" "2. Duties — $R" "<p>What a developer must do.</p>"
page "$A/devref/tools.html" "3. Tools — $R" "<p>The maintainer's tools.</p>"
page "$A/devref/all.html" "$R" \
    "$(para 300 'The scope of this document, the duties of a developer and the tools of a maintainer, in one page')"

# A title with a dash, typed with "-" or "--" for the "—".
C="Manuel complet — Association 2024"
page "$A/manuel/c-adherer.html" "1. Adhérer — $C" "<p>Le bulletin.</p>"
page "$A/manuel/c-voter.html" "2. Voter — $C" "<p>Le vote.</p>"
page "$A/manuel/complet.html" "$C" "$(para 300 'Le bulletin, la cotisation et le vote, tout le manuel')"
E="Full handbook — Club 2024"
page "$A/devref/h-join.html" "1. Joining — $E" "<p>The form.</p>"
page "$A/devref/h-vote.html" "2. Voting — $E" "<p>The vote.</p>"
page "$A/devref/handbook.html" "$E" "$(para 300 'The form, the fee and the vote, the whole handbook')"

# Titles with a Greek letter in a Latin word, and pages with "latex2".
page "$A/tex/guide.html" "Guide de LaTeX2ε pour débutants" \
    "<p>Ce guide présente LaTeX2ε aux débutants.</p>"
page "$A/tex/sources.html" "The LaTeX2ε Sources" "<p>The sources of LaTeX2ε, documented.</p>"
page "$A/tex/notes.html" "Notes de version" \
    "<p>Le fichier latex2.sty, pour les débutants : guide des sources de latex2.</p>"

index_archive "$TMP/index" "$A" >/dev/null
ok $? "the archive is indexed"

# first QUERY: the path of the best hit.
first() { search "$TMP/index" "$1" | head -1 | cut -f1; }

# ---- a title that is the whole query ---------------------------------------
is "$(first "Manuel de l'adhérent 3.2")" manuel/manuel.html \
   "« Manuel de l'adhérent 3.2 »: the manual whose title it is, before its chapters"
is "$(first "manuel de l'adherent 3.2")" manuel/manuel.html \
   "... typed lower-case without accents: the same"
is "$(first "Developers Reference 12.18")" devref/all.html \
   "English: « Developers Reference 12.18 », the one-page edition before its chapters"
is "$(first "2. Cotiser — Manuel de l'adhérent 3.2")" manuel/cotiser.html \
   "a chapter's whole title finds that chapter, not the manual (whose title it only contains)"
is "$(first "Cotiser")" manuel/cotiser.html \
   "a one-word title: « Cotiser » finds its chapter"
like "$(first "cotisation annuelle")" '^manuel/' "a query that is no title keeps its order (sanity)"
is "$(first "manuel complet -- association 2024")" manuel/complet.html \
   "« Manuel complet — Association 2024 » typed with « -- » for the dash: a dash, not NOT"
is "$(first "manuel complet - association 2024")" manuel/complet.html "... or with « - »"
is "$(first "full handbook - club 2024")" devref/handbook.html \
   "English: « Full handbook — Club 2024 » typed with « - »"
is "$(search "$TMP/index" "cotisation -bulletin" | cut -f1 | grep -c manuel/manuel.html)" 0 \
   "a « - » before a word still leaves out the pages with it"

# ---- a word of two scripts ---------------------------------------------------
is "$(first 'guide de latex2 pour debutants')" tex/guide.html \
   "« Guide de LaTeX2ε pour débutants » typed without the ε finds it first"
is "$(first 'the latex2 sources')" tex/sources.html \
   "English: « The LaTeX2ε Sources » typed without the ε finds it first"
is "$(first 'Guide de LaTeX2ε pour débutants')" tex/guide.html "... and typed as titled"
like "$(first 'LaTeX2ε')" '^tex/(guide|sources)[.]html$' "LaTeX2ε alone finds the pages that say it first"
like "$(search "$TMP/index" 'LaTeX2ε' | cut -f1 | sort | tr '\n' ' ')" \
     '^tex/guide.html tex/sources.html $' "... those two only, not the page of latex2.sty"

done_testing
