#!/bin/sh
# T447-search-kept -- what a reader keeps for an index revision (issue
# 15: the count and facets of a query, the records of the files shown)
# answers as the index does, and never outlives the revision: the other
# pages and orders of a search have the same total and facets as its
# first page; a filter counts its own files; after a re-index, the new
# file is counted, the changed file shows its new size, on every thread.
# French and English words: « subvention », « grant ».
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-server.sh"

A=$TMP/arch
mkdir -p "$A/notes" "$A/budget"
echo "Demande de subvention pour la fête du quartier." >"$A/notes/a.txt"
echo "La subvention municipale est votée ; a grant from the city." >"$A/notes/b.txt"
echo "Budget : subvention de fonctionnement, and a grant for repairs." >"$A/budget/c.txt"
echo "Compte rendu sans rapport avec le reste." >"$A/budget/d.txt"
index_archive "$TMP/index" "$A" >/dev/null
ok $? "the archive is indexed"
ARCHIVE=$A
start_server "$TMP/index" --cache 0 || done_testing

# total, then the facets, one line
answer() {
    http "/api/search?q=$1" >/dev/null
    jqb -c '[.total, .facets]'
}

first=$(answer subvention)
is "$(jqb .total)" 3 "subvention: 3 files"
for extra in '&page=2' '&sort=-date' '&sort=date' '&per_page=1&page=3' ''; do
    is "$(answer "subvention$extra")" "$first" "subvention$extra: the same total and facets"
done
http "/api/search?q=subvention&folder=budget" >/dev/null
is "$(jqb -c '[.total, .facets.folder]')" '[1,{"budget":1,"notes":2}]' \
   "folder=budget: its own file counted, the folder facet without its own filter"
http "/api/search?q=grant" >/dev/null
is "$(jqb .total)" 2 "grant: 2 files"
size=$(jqb -r '.hits[] | select(.path == "notes/b.txt") | .size')

echo "Nouvelle subvention accordée à l'association du quartier." >"$A/notes/e.txt"
echo "La subvention municipale est votée ; a grant from the city, renewed for 2027." >"$A/notes/b.txt"
index_archive "$TMP/index" "$A" >/dev/null
ok $? "a new file and a changed one are indexed"
counted() { answer subvention >/dev/null; jqb -c '[.total, .facets.folder]'; }
is "$(every_thread 5 '[4,{"budget":1,"notes":3}] ' counted)" '[4,{"budget":1,"notes":3}] ' \
   "subvention on the new revision: 4 files, 3 in notes, on every thread"
size_of() { http "/api/search?q=grant" >/dev/null; jqb -r ".hits[] | select(.path == \"$1\") | .size"; }
newsize="$(wc -c <"$A/notes/b.txt" | tr -d ' ') "
is "$(every_thread 0 "$newsize" size_of notes/b.txt)" "$newsize" \
   "grant: notes/b.txt shows its new size on every thread (was $size)"

done_testing
