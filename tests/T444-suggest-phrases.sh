#!/bin/sh
# T444-suggest-phrases -- /api/suggest offers the phrases the archive holds
# (issue 11): « appel à pro » completes to « appel à projets », which one
# page says, before « programme » or « professionnels », which more of the
# pages with « appel » hold but never right after « appel à »; what was
# typed before the last word is kept as typed, elision included
# (« l'appel à pro » -> « l'appel à projets »); English too: « call for
# pro » -> « call for proposals ». The pages the words before find are
# read once for them: the letters typed after them are completed from
# that sample (« appel à proj »), which a new revision of the index
# replaces: two new files saying « appel à propositions » put it first.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-server.sh"

mkdir -p "$TMP/arch"
A=$TMP/arch
echo "Le programme de l'appel : la procédure, le programme, les professionnels du programme." >"$A/a.txt"
echo "Un appel aux professionnels ; le programme des professionnels ; la procédure d'appel." >"$A/b.txt"
echo "Réponse à l’appel à projets de la région, déposée en mars." >"$A/c.txt"
echo "A call to the profession: the programme, the procedure, professional help." >"$A/d.txt"
echo "The programme of the call is open to professionals and providers." >"$A/e.txt"
echo "Our answer to the call for proposals of the region." >"$A/f.txt"
index_archive "$TMP/index" "$TMP/arch" >/dev/null
ok $? "the archive is indexed"
ARCHIVE=$TMP/arch
start_server "$TMP/index" --cache 0 || done_testing

q() { printf '%s' "$1" | jq -sRr @uri; }

http "/api/suggest?q=$(q 'appel à pro')" >/dev/null
is "$(jqb '.suggestions[0]')" "appel à projets" \
   "appel à pro -> « appel à projets » first: a phrase of the archive"
like "$(jqb '.suggestions | join("|")')" 'appel à programme' \
     "... the other completions still follow"
http "/api/suggest?q=$(q "l'appel à pro")" >/dev/null
is "$(jqb '.suggestions[0]')" "l'appel à projets" "l'appel à pro -> « l'appel à projets »: the elision typed is kept"
http "/api/suggest?q=$(q 'call for pro')" >/dev/null
is "$(jqb '.suggestions[0]')" "call for proposals" "call for pro -> « call for proposals »"

# The same words before, more letters after, on every worker thread.
first_of() { http "/api/suggest?q=$(q "$1")" >/dev/null; jqb '.suggestions | join("|")'; }
is "$(every_thread 0 'appel à projets ' first_of 'appel à proj')" 'appel à projets ' \
   "appel à proj -> « appel à projets » alone, each time"
http "/api/suggest?q=$(q 'appel à pr')" >/dev/null
is "$(jqb '.suggestions[0]')" "appel à projets" "appel à pr -> « appel à projets » first"

echo "Deux réponses à l'appel à propositions du département." >"$A/g.txt"
echo "L'appel à propositions est clos ; merci pour vos dossiers." >"$A/h.txt"
index_archive "$TMP/index" "$TMP/arch" >/dev/null
ok $? "two files saying « appel à propositions » are indexed"
first() { http "/api/suggest?q=$(q "$1")" >/dev/null; jqb '.suggestions[0]'; }
is "$(every_thread 5 'appel à propositions ' first 'appel à pro')" 'appel à propositions ' \
   "appel à pro -> « appel à propositions » on the new revision (2 pages), on every thread"

done_testing
