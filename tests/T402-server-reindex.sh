#!/bin/sh
# T402-server-reindex -- the server follows the index: it answers 503
# until an index appears, then serves it without a restart; a re-index
# while it runs (requests in flight) fails no request and the new document
# is found within a second; and a short load run (several thousand
# requests over several keep-alive connections) gets no error.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-server.sh"

ARCHIVE=$TMP/archive
cp -R "$FOUILLE_SRC/archive" "$ARCHIVE"
start_server "$TMP/index" || done_testing

is "$(http '/api/search?q=association')" 503 "no index yet: 503"
index_archive "$TMP/index" "$ARCHIVE" >/dev/null
ok $? "the archive is indexed while the server runs"
is "$(http '/api/search?q=association')" 200 "the new index is served without a restart"
rev1=$(http /healthz >/dev/null; jqb .revision)

# ---- Re-index with requests in flight ----------------------------------
http '/api/search?q=zorglub' >/dev/null
is "$(jqb .total)" 0 "a word not in the archive yet finds nothing"
printf 'Note du jour : le zorglub est arrivé à l’association.\n' >"$ARCHIVE/notes/zorglub.txt"
(
    for i in $(seq 1 150); do
        curl -s -o /dev/null -w '%{http_code}\n' "$BASE/api/search?q=association&per_page=20"
    done >"$TMP/during"
) &
busy=$!
sleep 0.1
index_archive "$TMP/index" "$ARCHIVE" >/dev/null
ok $? "re-index while the server answers"
t0=$(date +%s%N)
found=0
while [ $(( ($(date +%s%N) - t0) / 1000000 )) -lt 1000 ]; do
    http '/api/search?q=zorglub' >/dev/null
    [ "$(jqb .total)" = 1 ] && { found=1; break; }
    sleep 0.05
done
is "$found" 1 "the new document is found within a second, without restart"
like "$(jqb '.hits[0].snippet')" '<mark>zorglub</mark>' "... with its snippet"
wait $busy
is "$(sort -u "$TMP/during" | tr '\n' ' ')" "200 " "no request failed during the re-index ($(wc -l <"$TMP/during" | tr -d ' ') requests)"
rev2=$(http /healthz >/dev/null; jqb .revision)
ok $([ "$rev2" -gt "$rev1" ]; echo $?) "healthz shows the new revision ($rev1 -> $rev2)"

# ---- A full re-index, compacted, with requests in flight ----------------
stub1=$(cat "$TMP/index/XAPIANDB")
(
    for i in $(seq 1 150); do
        curl -s -o /dev/null -w '%{http_code}\n' "$BASE/api/search?q=zorglub"
    done >"$TMP/during2"
) &
busy=$!
"$INDEXER" --quiet --full --index "$TMP/index" "$ARCHIVE" >/dev/null
ok $? "a full re-index while the server answers"
wait $busy
stub2=$(cat "$TMP/index/XAPIANDB")
ok $([ "$stub1" != "$stub2" ]; echo $?) "it compacted the index into a new generation ($stub1 -> $stub2)"
is "$(sort -u "$TMP/during2" | tr '\n' ' ')" "200 " "no request failed across the switch"
sleep 0.3
http '/api/search?q=zorglub' >/dev/null
is "$(jqb .total)" 1 "the server answers from the new generation"

# ---- Load: 8 connections x 400 requests ------------------------------
for c in $(seq 1 8); do
    for i in $(seq 1 100); do
        for u in "api/search?q=association&page=$((i % 3 + 1))" \
                 "api/suggest?q=sub" healthz archive/comptes-rendus/2019_CR_mars.pdf; do
            printf 'url = "%s/%s"\noutput = "/dev/null"\n' "$BASE" "$u"
        done
    done >"$TMP/urls$c"
done
t0=$(date +%s%N)
pids=
for c in $(seq 1 8); do
    curl -s -K "$TMP/urls$c" -w '%{http_code}\n' >"$TMP/load$c" &
    pids="$pids $!"
done
wait $pids     # these clients only: a bare wait would wait for the server
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
cat "$TMP"/load[1-8] >"$TMP/load"
is "$(wc -l <"$TMP/load" | tr -d ' ')" 3200 "load: 3200 requests over 8 connections"
is "$(sort -u "$TMP/load" | tr '\n' ' ')" "200 " "... all answered 200 ($ms ms)"
is "$(http /healthz)" 200 "the server is still healthy after the load"

stop_server; ok $? "the server stops cleanly (exit 0, no leak)"
done_testing
