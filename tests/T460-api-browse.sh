#!/bin/sh
# T460-api-browse -- what an app needs to browse the archive, in JSON:
# the folder (collection) facet and filter, year=none for undated files
# (sorted last either way), total_pages, GET /api/documents (a paged list
# with search's filters, newest first), a document with its folder, date
# added and the start of each page, similar documents, ids that keep
# answering after a rename or a move, the API version in
# /api/stats and in the X-Fouille-API header, and the archive's own
# description from .fouille.json (hidden: never served, never indexed).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-server.sh"

ARCHIVE=$TMP/archive
cp -R "$FOUILLE_SRC/archive" "$ARCHIVE"
cat >"$ARCHIVE/.fouille.json" <<'EOF2'
{"title": "Archive du Collectif Liens Associatifs",
 "description": "Comptes rendus, feuilles de route, lettres et articles depuis 2019.",
 "collections": {"comptes-rendus": "Comptes rendus de réunion", "bad/name": "x", "lettres": 3},
 "secret": "not handed out"}
EOF2
index_archive "$TMP/index" "$ARCHIVE" >/dev/null
ok $? "the sample archive is indexed"
start_server "$TMP/index" || done_testing

# ---- Version -------------------------------------------------------
is "$(http /api/stats)" 200 "/api/stats answers"
is "$(jqb .api_version)" 1 "api_version 1"
is "$(header X-Fouille-API)" 1 "X-Fouille-API: 1 on JSON answers"
http '/api/search?q=a&nope=1' >/dev/null
is "$(header X-Fouille-API)" 1 "... errors included"
is "$(http /archive/notes/2024_01_idees_campagne.md)" 200 "an archived file"
is "$(header X-Fouille-API)" "" "... not on archived files"

# ---- The archive's description ---------------------------------------
http /api/stats >/dev/null
is "$(jqb .archive.title)" "Archive du Collectif Liens Associatifs" "the maintainer's title"
like "$(jqb .archive.description)" "^Comptes rendus, feuilles de route" "... and description"
is "$(jqb -c .archive.collections)" '{"comptes-rendus":"Comptes rendus de réunion"}' \
   "collection titles: strings for folder names only"
is "$(jqb '.archive | has("secret")')" false "unknown members are left out"
is "$(http /archive/.fouille.json)" 404 "the file itself is never served"
is "$(search "$TMP/index" secret)" "" "nor indexed"
echo '{"title": "Nouveau titre"}' >"$ARCHIVE/.fouille.json"
touch -d '+2 seconds' "$ARCHIVE/.fouille.json"
sleep 1.2
http /api/stats >/dev/null
is "$(jqb .archive.title)" "Nouveau titre" "a changed description is read again, without a restart"
echo 'not json' >"$ARCHIVE/.fouille.json"
touch -d '+4 seconds' "$ARCHIVE/.fouille.json"
sleep 1.2
is "$(http /api/stats)" 200 "a broken description does not break /api/stats"
is "$(jqb -c .archive)" '{}' "... it counts as none"
like "$(cat "$TMP/server.err")" "fouille.json: .*left out" "... and the log says why"

# ---- Folders ------------------------------------------------------------
http '/api/search?q=&per_page=1' >/dev/null
is "$(jqb -c .facets.folder)" \
   '{"actualites":3,"articles":2,"comptes-rendus":3,"feuilles-de-route":1,"lettre-mensuelle":2,"lettres":1,"livrets":1,"notes":3}' \
   "facet folder: files per top-level folder"
is "$(jqb .total_pages)" 16 "total_pages: 16 files, 1 a page"
http '/api/search?q=subvention&folder=comptes-rendus' >/dev/null
is "$(jqb '[.hits[].folder] | unique | join(",")')" comptes-rendus "folder=comptes-rendus keeps that collection"
is "$(jqb '[.hits[] | .path | startswith("comptes-rendus/")] | all')" true "... by path"
like "$(jqb '.facets.folder | keys | join(",")')" "articles.*comptes-rendus" \
     "the folder facet is counted without its own filter"
http '/api/search?q=subvention&folder=comptes-rendus&folder=lettres' >/dev/null
is "$(jqb '[.hits[].folder] | unique | join(",")')" "comptes-rendus,lettres" "folder repeats (OR)"
is "$(http '/api/search?folder=a/b')" 400 "a folder with a / is a 400"
is "$(http '/api/search?folder=')" 400 "an empty folder is a 400"

# ---- Undated files --------------------------------------------------------
http '/api/search?q=&per_page=1' >/dev/null
is "$(jqb '.facets.year | keys_unsorted | last')" none "the year facet ends with none"
is "$(jqb .facets.year.none)" 1 "one undated file"
http '/api/search?year=none' >/dev/null
is "$(jqb '[.hits[] | [.path, .date, .date_source]] | tostring')" \
   '[["notes/réunion du bureau.txt",null,null]]' "year=none finds it; its date is null, never a made-up one"
like "$(jqb '.hits[0].date_added')" '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' "it has a date_added (when it came in)"
is "$(http '/api/search?year=nan')" 400 "year must be 4 digits or none"
for s in date -date; do
    http "/api/documents?per_page=100&sort=$s" >/dev/null
    is "$(jqb '.documents | last | .date')" null "sort=$s: the undated file last"
done

# ---- GET /api/documents ------------------------------------------------------
is "$(http '/api/documents?per_page=5')" 200 "/api/documents answers"
is "$(jqb 'keys_unsorted | join(",")')" "total,page,per_page,total_pages,documents,facets" "its members"
is "$(jqb '.total, .total_pages' | tr '\n' ' ')" "16 4 " "16 documents, 4 pages of 5"
is "$(jqb '.documents[0] | keys_unsorted | join(",")')" \
   "id,path,url,title,type,date,date_source,folder,date_added,size,pages" "a document's members"
is "$(jqb '[.documents[].date] | . == (sort | reverse)')" true "newest first by default"
http '/api/documents?type=pdf&folder=comptes-rendus&sort=date' >/dev/null
is "$(jqb '[.documents[].date] | join(",")')" "2019-03-01,2022-05-19,2023-06-08" \
   "the same filters and sorts as search"
is "$(http '/api/documents?q=x')" 400 "no query: q is an unknown parameter"
is "$(http '/api/documents?page=3&per_page=5')" 200 "later pages"
is "$(jqb '.documents | length')" 5 "... of per_page documents"

# ---- One document, similar ones ---------------------------------------------
http '/api/search?q=marchandisation&type=pdf' >/dev/null
ID=$(jqb '.hits[0].id')
is "$(http "/api/documents/$ID")" 200 "a document by id"
is "$(jqb .folder)" comptes-rendus "its folder"
like "$(jqb .date_added)" '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' "its date added"
is "$(jqb '.page_starts | length')" 3 "the start of each of its 3 pages"
is "$(jqb '[.page_starts[].page] | join(",")')" "1,2,3" "... numbered"
like "$(jqb '.page_starts[0].text')" "^Groupe de travail" "page 1 starts with its first words"
is "$(http "/api/documents/$ID?limit=3")" 400 "limit belongs to /similar only"
is "$(http "/api/documents/$ID/similar?limit=3")" 200 "similar documents"
is "$(jqb '.id')" "$ID" "... of that id"
is "$(jqb '.hits | length')" 3 "... limit=3"
is "$(jqb --arg id "$ID" '[.hits[].id] | index($id)')" null "... never itself"
is "$(jqb '.hits[0] | keys_unsorted | join(",")')" \
   "id,path,url,title,type,date,date_source,folder,date_added,size,pages,page,other_pages,ocr,score,snippet" \
   "... as search hits"
is "$(http "/api/documents/$ID/similar?limit=0")" 400 "limit 0 is a 400"
is "$(http "/api/documents/0123456789abcdef/similar")" 404 "similar of an unknown id: 404"
is "$(http "/api/documents/$ID/other")" 404 "another sub-path: 404"

# ---- An id survives a rename ---------------------------------------------------
mkdir -p "$ARCHIVE/archives"
mv "$ARCHIVE/comptes-rendus/2022_CR19_mai.pdf" "$ARCHIVE/archives/cr-2022-05.pdf"
"$INDEXER" --quiet --json --index "$TMP/index" "$ARCHIVE" >"$TMP/run.json"
is "$(jq .renamed "$TMP/run.json")" 1 "the file is moved in the archive (a rename for the indexer)"
sleep 0.5
is "$(http "/api/documents/$ID")" 200 "its old id still answers"
is "$(jqb .path)" archives/cr-2022-05.pdf "... with the file at its new path"
NEWID=$(jqb .id)
like "$NEWID" '^[0-9a-f]{16}$' "... and the id it has now ($NEWID)"
is "$(http "/api/documents/$ID/similar?limit=1")" 200 "similar documents too"
touch "$ARCHIVE/archives/cr-2022-05.pdf"
mv "$ARCHIVE/archives/cr-2022-05.pdf" "$ARCHIVE/archives/cr-mai-2022.pdf"
"$INDEXER" --quiet --json --index "$TMP/index" "$ARCHIVE" >"$TMP/run.json"
sleep 0.5
is "$(http "/api/documents/$ID")" 200 "moved again with a new mtime (extracted again): the first id still answers"
is "$(jqb .path)" archives/cr-mai-2022.pdf "... at its newest path"

stop_server
ok $? "the server stops cleanly"
done_testing
