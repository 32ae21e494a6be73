#!/bin/sh
# T401-server-api -- the JSON API over an index of the sample archive:
# every parameter of /api/search and its errors, the shape of the answer,
# snippets (<mark> on accented, elided and stemmed words), PDF pages and
# their links, facets and filters, sorting by date, did-you-mean, suggest,
# documents, stats, health, gzip.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-server.sh"

index_archive "$TMP/index" >/dev/null
ok $? "the sample archive is indexed"
start_server "$TMP/index" || done_testing

# ---- Shape --------------------------------------------------------
is "$(http '/api/search?q=association')" 200 "search answers 200"
like "$(header Content-Type)" '^application/json' "... in JSON"
is "$(jqb 'keys_unsorted | join(",")')" "query,total,page,per_page,total_pages,took_ms,hits,facets,suggestion,partial,partial_reasons,shards_down,ignored_words" "top-level members in contract order"
is "$(jqb '.query')" association "query echoed"
is "$(jqb '.page, .per_page' | tr '\n' ' ')" "1 10 " "page 1, per_page 10 by default"
like "$(jqb '.total')" '^[1-9][0-9]*$' "total counts files"
like "$(jqb '.took_ms')" '^[0-9.]+(e-?[0-9]+)?$' "took_ms is a number"
is "$(jqb '.hits[0] | keys_unsorted | join(",")')" "id,path,url,title,type,date,date_source,folder,date_added,size,pages,page,other_pages,ocr,score,snippet" "hit members in contract order"
is "$(jqb '[.hits[].path] | length == (unique | length)')" true "one hit per file"
is "$(jqb '.hits[0].score')" 1 "the best hit scores 1"
is "$(jqb '[.hits[].score] | . == (sort | reverse)')" true "hits by decreasing score"
like "$(jqb '.hits[0].id')" '^[0-9a-f]{16}$' "ids are hex"
is "$(jqb '.facets | keys | join(",")')" "folder,type,year" "facets by type, year and folder"
is "$(jqb '[.facets.type[]] | add == '"$(jqb .total)")" true "type facets count files: they add up to total"
is "$(jqb '.suggestion')" null "no suggestion when the query finds plenty"

# ---- PDFs: page, other pages, link -----------------------------------
http '/api/search?q=subvention&type=pdf&per_page=20' >/dev/null
is "$(jqb '.hits | map(.type == "pdf" and (.page | type) == "number" and .page >= 1 and .page <= .pages) | all')" \
   true "every PDF hit has a page within its page count"
is "$(jqb '.hits | map(.url == ("/archive/" + .path + "#page=" + (.page | tostring))) | all')" \
   true "PDF links point at their page (#page=N)"
is "$(jqb '[.hits[] | .other_pages | length <= 5] | all')" true "at most five other pages"
is "$(jqb '[.hits[] | . as $h | .other_pages | map(. != $h.page and . >= 1) | all] | all')" true "other pages are other, real pages"
is "$(jqb '[.hits[].other_pages | . == sort] | all')" true "other pages ascending"
like "$(jqb '[.hits[].other_pages | length] | add')" '^[1-9]' "some PDF has other matching pages"
http '/api/search?q=reunion&type=text' >/dev/null
is "$(jqb '[.hits[] | select(.path == "notes/réunion du bureau.txt")][0].url')" "/archive/notes/r%C3%A9union%20du%20bureau.txt" "links are percent-encoded"
is "$(jqb '[.hits[] | .page == null and .other_pages == []] | all')" true "texts have no page"
is "$(http "$(jqb -r '.hits[0].url')")" 200 "a hit's link serves the file"

# ---- Snippets --------------------------------------------------------
http '/api/search?q=echeance' >/dev/null
like "$(jqb '.hits[0].snippet')" '<mark>échéance</mark>' "unaccented query marks the accented word"
http '/api/search?q=association&per_page=30' >/dev/null
like "$(jqb '[.hits[].snippet] | join("\n")')" "(’|&#39;)<mark>association</mark>" "elided word: l’<mark>association</mark>"
like "$(jqb '[.hits[].snippet] | join("\n")')" "<mark>associations</mark>" "the plural is marked through the stem"
is "$(jqb '[.hits[].snippet | gsub("</?mark>"; "") | test("[<>]")] | any')" false "no HTML but the marks"
like "$(jqb '.hits[0].snippet')" '^(… )?[^ ].{100,}' "snippets are a few hundred characters"
http '/api/search?q=script' >/dev/null
like "$(jqb '[.hits[].snippet] | join(" ")')" '&lt;|<mark>script' "text that looks like HTML is escaped"

# ---- Parameters and their errors ------------------------------------
is "$(http '/api/search?q=association&per_page=2')" 200 "per_page=2"
is "$(jqb '.hits | length')" 2 "... gives two hits"
first=$(jqb '.hits[1].id')
is "$(http '/api/search?q=association&per_page=1&page=2')" 200 "page=2"
is "$(jqb '.hits[0].id')" "$first" "... continues where page 1 stopped"
for bad in 'per_page=0' 'per_page=101' 'per_page=x' 'page=0' 'page=-1' 'page=abc' \
           'page=200&per_page=100' 'type=doc' 'year=22' 'year=20a2' 'from=2022-13-01' \
           'from=2022-02-30' 'to=yesterday' 'from=2023-01-01&to=2022-01-01' 'sort=title' \
           'foo=1' 'q=a&q=b' 'page=1&page=2'; do
    is "$(http "/api/search?q=association&$bad")" 400 "400 for $bad"
    is "$(error_code)" bad_request "... code bad_request"
done
q1k=$(head -c 1025 /dev/zero | tr '\0' 'a')
is "$(http "/api/search?q=$q1k")" 400 "a query over 1 KiB: 400"
like "$(jqb .error.message)" '1024' "... says the bound"
for q in 'chevaux%20OR' '%22collectif%20associatif' 'AND' '-' 'title%3A' '(((' 'assoc*' \
         '%2Bsubvention%20-contrat' 'title%3Afeuille' 'NOT%20NOT'; do
    is "$(http "/api/search?q=$q")" 200 "a half-typed or odd query answers: q=$q"
done
http '/api/search?q=title%3Afeuille' >/dev/null
is "$(jqb '.hits[0].path')" feuilles-de-route/2023_feuille_de_route.pdf "title: searches titles"

# ---- Filters and facets ------------------------------------------------
http '/api/search?q=association&type=pdf' >/dev/null
is "$(jqb '[.hits[].type] | unique | join(",")')" pdf "type=pdf keeps PDFs"
is "$(jqb '.facets.type | keys | join(",")')" html,pdf,text "... the type facet ignores its own filter (other choices stay)"
is "$(jqb '[.facets.year[]] | add')" "$(jqb .total)" "... the year facet counts the PDFs only"
http '/api/search?q=association&type=html&type=text&per_page=50' >/dev/null
is "$(jqb '[.hits[].type] | unique | join(",")')" html,text "type may repeat"
http '/api/search?q=association&year=2022&per_page=50' >/dev/null
is "$(jqb '[.hits[].date[0:4]] | unique | join(",")')" 2022 "year=2022"
http '/api/search?q=association&year=2019&year=2021&per_page=50' >/dev/null
is "$(jqb '[.hits[].date[0:4]] | unique | join(",")')" 2019,2021 "year may repeat"
http '/api/search?q=association&from=2021-01-01&to=2022-06-30&per_page=50' >/dev/null
is "$(jqb '[.hits[] | .date >= "2021-01-01" and .date <= "2022-06-30"] | all')" true "from/to bound the dates"
like "$(jqb '.total')" '^[1-9]' "... and something is found"

# ---- Sorting -------------------------------------------------------
http '/api/search?q=association&sort=date&per_page=50' >/dev/null
is "$(jqb '[.hits[].date] as $d | ($d | map(select(.)) | . == sort) and ($d | map(. == null) | . == sort)')" \
    true "sort=date: oldest first, undated files last"
http '/api/search?q=association&sort=-date&per_page=50' >/dev/null
is "$(jqb '[.hits[].date] | . == (sort | reverse)')" true "sort=-date: newest first"

# ---- Did you mean ---------------------------------------------------
http '/api/search?q=subvension' >/dev/null
is "$(jqb '.total')" 0 "a misspelt query finds nothing"
is "$(jqb '.suggestion')" subvention "... and suggests the right word"

# ---- Suggest --------------------------------------------------------
is "$(http '/api/suggest?q=assoc')" 200 "suggest answers"
is "$(jqb '.suggestions | length > 0 and length <= 10')" true "... up to 10 completions"
is "$(jqb '[.suggestions[] | startswith("assoc")] | all')" true "... completing the prefix"
http '/api/suggest?q=contrat%20imp' >/dev/null
like "$(jqb '.suggestions[0]')" '^contrat imp' "... keeping the words typed before"
is "$(http '/api/suggest')" 400 "suggest without q: 400"
is "$(http '/api/suggest?q=assoc&format=opensearch')" 200 "suggest in the OpenSearch shape"
is "$(jqb '.[0]')" assoc "... the query first"
is "$(jqb '(.[1] | length > 0) and ([.[1][] | startswith("assoc")] | all)')" true "... then the completions"
is "$(http '/api/suggest?q=assoc&format=xml')" 400 "an unknown format: 400"
is "$(http '/api/suggest?q=a&x=1')" 400 "suggest with an unknown parameter: 400"

# ---- Documents -------------------------------------------------------
http '/api/search?q=subvention&type=pdf' >/dev/null
id=$(jqb '.hits[0].id'); path=$(jqb '.hits[0].path'); pages=$(jqb '.hits[0].pages')
is "$(http "/api/documents/$id")" 200 "a document by id"
is "$(jqb '.id, .path, .pages' | tr '\n' ' ')" "$id $path $pages " "... its id, path and page count"
is "$(jqb 'has("title") and has("type") and has("date") and has("size") and has("url")')" true "... and its metadata"
is "$(http /api/documents/0000000000000000)" 404 "an unknown id: 404"
is "$(error_code)" not_found "... code not_found"
is "$(http '/api/documents/..%2f..%2fetc')" 404 "a malformed id: 404"

# ---- Stats and health -----------------------------------------------
is "$(http /api/stats)" 200 "stats"
is "$(jqb '.documents')" "$(find "$ARCHIVE" -type f ! -name '.*' | wc -l | tr -d ' ')" "... counts the files"
like "$(jqb '.pages')" '^[1-9][0-9]*$' "... and the pages"
is "$(jqb '.by_type | keys | join(",")')" html,pdf,text "... by type"
like "$(jqb '.last_update')" '^[0-9]{4}-[0-9]{2}-[0-9]{2}T' "... the last update time"
is "$(jqb '.failed | type')" array "... and the failed files"
is "$(http /healthz)" 200 "healthz"
is "$(jqb '.status')" ok "... status ok"
is "$(jqb '.revision')" "$(http /api/stats >/dev/null; jqb .revision)" "... and the revision"

# ---- gzip ----------------------------------------------------------
curl -s -H 'Accept-Encoding: gzip' -D "$TMP/headers" -o "$TMP/gz" "$BASE/api/search?q=association"
is "$(header Content-Encoding)" gzip "a large answer is gzipped when accepted"
is "$(gzip -dc <"$TMP/gz" | jq -r .query)" association "... and decompresses to the JSON"
http '/api/search?q=association' >/dev/null
is "$(header Content-Encoding)" "" "not gzipped when not accepted"
http '/healthz' -H 'Accept-Encoding: gzip' >/dev/null
is "$(header Content-Encoding)" "" "small answers are not gzipped"

# ---- The answer cache ----------------------------------------------
http '/api/search?q=subvention&type=pdf' >/dev/null
jq -S 'del(.took_ms)' "$TMP/body" >"$TMP/first"
http '/api/search?q=subvention&type=pdf' >/dev/null
jq -S 'del(.took_ms)' "$TMP/body" >"$TMP/second"
ok "$(cmp -s "$TMP/first" "$TMP/second"; echo $?)" "the same request twice: the same answer (the second from the cache)"
is "$(jqb '.took_ms | type')" number "... with its own took_ms"
# A completion has no took_ms: the cache sends the text it sent first,
# byte for byte (French, English, and the OpenSearch shape).
for q in '%C3%A9conom' 'contrat%20imp' 'social%20imp' 'assoc&format=opensearch'; do
    is "$(http "/api/suggest?q=$q")" 200 "suggest $q answers"
    is "$(jqb 'if type == "array" then .[1] else .suggestions end | length > 0')" true \
       "... with completions"
    cp "$TMP/body" "$TMP/suggest-first"
    http "/api/suggest?q=$q" >/dev/null
    ok "$(cmp -s "$TMP/suggest-first" "$TMP/body"; echo $?)" \
       "suggest $q twice: the cached answer is the first one, byte for byte"
    cp "$TMP/body" "$TMP/suggest-$(echo "$q" | tr -c 'a-z0-9' _)"
done
stop_server; ok $? "the server stops cleanly (exit 0, no leak)"

start_server "$TMP/index" --cache 0 || done_testing
http '/api/search?q=subvention&type=pdf' >/dev/null
jq -S 'del(.took_ms)' "$TMP/body" >"$TMP/nocache"
ok "$(cmp -s "$TMP/first" "$TMP/nocache"; echo $?)" "--cache 0: the same answer, computed each time"
for q in '%C3%A9conom' 'contrat%20imp' 'social%20imp' 'assoc&format=opensearch'; do
    http "/api/suggest?q=$q" >/dev/null
    ok "$(cmp -s "$TMP/suggest-$(echo "$q" | tr -c 'a-z0-9' _)" "$TMP/body"; echo $?)" \
       "--cache 0: suggest $q computed, the same bytes as the cached answer"
done
stop_server; ok $? "... and that server stops cleanly too"
is "$("$SERVER" --cache -1 2>&1 >/dev/null; echo $?)" "server: --cache wants 0 to 1000000
2" "--cache -1 is refused with exit status 2"
done_testing
