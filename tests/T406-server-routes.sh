#!/bin/sh
# T406-server-routes -- the route table (server/routes.c), line by line:
# each API route takes the parameters its line names and no other (400
# for an unknown one, or one given twice that may not repeat; type and
# year may repeat), the web folder and the archive take any (the search
# page reads its own ?q=), an unknown API path is a 404 whatever its
# parameters, a method no route answers is a 405 everywhere; the files the
# API documentation names are served (favicon.svg, opensearch.xml); and a
# server with one thread starts without libmicrohttpd's thread-pool warning.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-server.sh"

IDX=$TMP/index
index_archive "$IDX" >/dev/null
start_server "$IDX" || done_testing
id=$(http '/api/search?q=association' >/dev/null; jqb -r '.hits[0].id')

for target in "/api/search?q=a&zzz=1" "/api/suggest?q=a&page=1" "/api/documents/$id?q=a" \
              "/api/stats?q=a" "/healthz?verbose=1"; do
    is "$(http "$target")" 400 "a parameter the route does not take: $target"
    like "$(jqb .error.message)" "^unknown parameter '" "... says which"
done
for target in "/api/search?q=a&q=b" "/api/search?sort=date&sort=-date" "/api/suggest?q=a&q=b"; do
    is "$(http "$target")" 400 "a parameter given twice that may not repeat: $target"
    like "$(jqb .error.message)" "given twice" "... says so"
done
is "$(http '/api/search?q=association&type=pdf&type=html&year=2022&year=2023')" 200 \
   "type and year may repeat"
is "$(http "/api/documents/$id")" 200 "a document by id (the rest of the path)"
is "$(http '/api/nothing?x=1')" 404 "an unknown API path is a 404, parameters or not"
is "$(jqb .error.message)" "no such API endpoint" "... says so"
is "$(http '/?q=association&type=pdf')" 200 "the search page takes any parameter"
is "$(http '/archive/notes/2020-02-04_note_appel_a_projets.txt?download=1')" 200 "an archive file takes any parameter too"
is "$(http /favicon.svg)" 200 "the favicon the API documentation names is served"
is "$(header Content-Type)" "image/svg+xml" "... as SVG"
is "$(http /opensearch.xml)" 200 "opensearch.xml is served"
for m in PUT DELETE PATCH; do
    is "$(http /api/search -X $m)" 405 "$m /api/search: 405"
    is "$(http /archive/x -X $m)" 405 "$m /archive/x: 405"
done
is "$(http /healthz -I)" 200 "HEAD on an API route: 200"
stop_server
ok $? "the server stops cleanly"

start_server "$IDX" --threads 1 || done_testing
is "$(http /healthz)" 200 "one worker thread serves"
unlike "$(cat "$TMP/server.err")" "thread pool" "no thread-pool warning with one thread"
stop_server
ok $? "the server stops cleanly"
done_testing
