#!/bin/sh
# T440-rank -- ranking as a reader expects it (issue 11), on the fixture
# archive tests/fixtures/relevance/: the word typed outranks its stem
# relatives (économie before économique, l'évaluation before évalué), a
# title outranks a passing mention, little words are not thrown away when
# they make the query (Premiers pas), numbers written with dots match
# (12.18, v2.14), and a query with one word the archive lacks still finds
# the documents that have the others.
. "$(dirname "$0")/lib.sh"

cp -R "$FOUILLE_SRC/tests/fixtures/relevance" "$TMP/arch"
index_archive "$TMP/index" "$TMP/arch" >/dev/null
ok $? "the fixture archive is indexed"

# first QUERY: the path of the best hit.
first() { search "$TMP/index" "$1" | head -1 | cut -f1; }
# rank QUERY PATH: PATH's rank in the top 10 (0 when absent).
rank() { search "$TMP/index" "$1" | cut -f1 | awk -v p="$2" '$0 == p { print NR; f = 1; exit } END { if (!f) print 0 }'; }

# ---- the exact word first --------------------------------------------
# Six notes say "économique" again and again; one page says "économie"
# once. Stemming widens the search, it must not bury the word typed.
is "$(first economie)" eco/budget-associatif.txt \
   "economie: the one page with « économie » comes before six with « économique »"
is "$(first 'économie')" eco/budget-associatif.txt "économie (accented): the same"
like "$(search "$TMP/index" economie | wc -l)" '^ *7$' "... and the économique pages still come, after it"
is "$(first "l'evaluation")" bilans/rapport-annuel.txt \
   "l'evaluation: « l'évaluation » before évalué, évaluant, évaluateur"
like "$(first 'economique')" '^eco/politique-' "economique: a page with « économique » first"

# ---- a title beats a passing mention ----------------------------------
is "$(first 'mobilité solidaire')" transport/plan-mobilite.html \
   "mobilité solidaire: the page titled so, before pages that say both words in passing"
is "$(first 'plan de mobilite solidaire')" transport/plan-mobilite.html \
   "a title typed without accents finds its page first"

# ---- little words count when they make the query ----------------------
is "$(first 'Premiers pas')" guide/premiers-pas.html \
   "Premiers pas: the page of that title, not the pages full of « premiers »"

# ---- numbers with dots ------------------------------------------------
is "$(first '12.18')" versions/notes-publication.txt "12.18 finds « version 12.18 »"
is "$(first 'v2.14')" versions/notes-publication.txt "v2.14 finds « v2.14 »"
is "$(first '2.2d')" versions/notes-publication.txt "2.2d finds « 2.2d »"
is "$(rank '12.18' versions/agenda.txt)" 0 "12.18 does not find a page with 12 and 18 apart"
is "$(first 'version 12.18')" versions/notes-publication.txt "version 12.18: the same with a word before"

# ---- words left out -----------------------------------------------------
like "$(first 'subvention plomberie')" '^financement/' \
   "subvention plomberie: no page has both; the pages with « subvention » answer"

done_testing
