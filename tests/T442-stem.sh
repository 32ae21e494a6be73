#!/bin/sh
# T442-stem -- a word is stemmed as it is written, then the stem folded
# (lib/fdb_stem.cc, issue 11), in the index and in queries alike: the
# feminine and masculine of a participle meet (« avancée » and « avancé »,
# « installée » and « installé »: stemming the folded words split them,
# avancee -> avance but avance -> avanc), whether the query is typed with
# accents or without, planned or parsed (operators); the word typed still
# comes first; English words keep their families (package, packages); a
# snippet marks the relative found by its stem.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-server.sh"

mkdir -p "$TMP/arch/notes" "$TMP/arch/docs"
A=$TMP/arch/notes
echo "Une version avancée du logiciel de comptabilité est prête." >"$A/version-avancee.txt"
echo "Le niveau avancé de la formation commence en mai." >"$A/niveau-avance.txt"
echo "La version installée sur le serveur date de mars." >"$A/version-installee.txt"
echo "Le paquet installé par défaut suffit pour la trésorerie." >"$A/paquet-installe.txt"
echo "Les paquets installés hier sont à jour." >"$A/paquets-installes.txt"
echo "Debian packages are built from source." >"$TMP/arch/docs/packages.txt"
echo "How to build a package for the association." >"$TMP/arch/docs/package.txt"
index_archive "$TMP/index" "$TMP/arch" >/dev/null
ok $? "the archive is indexed"

# files QUERY: the paths found, sorted, on one line.
files() { search "$TMP/index" "$1" | cut -f1 | sort | tr '\n' ' '; }
first() { search "$TMP/index" "$1" | head -1 | cut -f1; }

adv="notes/niveau-avance.txt notes/version-avancee.txt "
is "$(files 'avancée')" "$adv" "avancée finds « avancé » too (one stem: avanc)"
is "$(files 'avancé')" "$adv" "avancé finds « avancée » too"
is "$(files 'avancee')" "$adv" "avancee, typed without accents, finds both"
is "$(files 'AVANCÉE')" "$adv" "AVANCÉE, in capitals, finds both"
inst="notes/paquet-installe.txt notes/paquets-installes.txt notes/version-installee.txt "
is "$(files 'installée')" "$inst" "installée finds « installé », « installés »"
is "$(files 'installee')" "$inst" "installee, typed without accents, the same"
is "$(files 'installé')" "$inst" "installé finds « installée »"
is "$(first 'installée')" notes/version-installee.txt "installée: the page with the word typed comes first"
is "$(first 'avancé')" notes/niveau-avance.txt "avancé: the page with « avancé » comes first"
is "$(files '+avancee')" "$adv" "a query with operators (parsed) stems the same way"
is "$(files 'title:installee OR installee')" "$inst" "... and so does one with a field"
is "$(files 'packages')" "docs/package.txt docs/packages.txt " \
   "English: packages finds « package » (French stemmer: packag)"
is "$(first 'package')" docs/package.txt "package: the word typed first"

ARCHIVE=$TMP/arch
start_server "$TMP/index" --cache 0 || done_testing
http "/api/search?q=avancee" >/dev/null
like "$(jqb '[.hits[].snippet] | join("\n")')" '<mark>avancé</mark>' \
     "a snippet marks « avancé », found by the stem of « avancée »"

done_testing
