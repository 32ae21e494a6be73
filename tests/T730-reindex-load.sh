#!/bin/bash
# T730-reindex-load -- no valid request fails while the index is rebuilt
# under load. Three full re-indexes (--full, committing every 4 files, then
# compacting into a new generation) run one after the other while four
# clients search, complete, ask for stats and health without pause: every
# answer is a 200. (A reader whose revision the indexer overwrites gets
# Xapian's DatabaseModifiedError; the server then runs the request again
# on the newest revision, up to 8 times. With 2 runs, as before, some
# requests got 503 "the index changed twice during the request".)
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-server.sh"
. "$(dirname "$0")/lib-budget.sh"

LOADC=${FOUILLE_BUILD:-$FOUILLE_SRC/build}/tests/loadc
[ -x "$LOADC" ] || skip_all "no load client at $LOADC (make test builds it)"
make_synth_index 100 || { ok 1 "a synthetic archive is indexed"; done_testing; }
ok 0 "100 synthetic PDFs are indexed"
start_server "$INDEX" --cache 0 || done_testing
PORT=${BASE##*:}

cat >"$TMP/paths" <<'EOF'
/api/search?q=proposant&per_page=20
/api/search?q=collectif%20habitants&type=pdf&sort=-date
/api/search?q=e*%20OR%20ann*&per_page=50
/api/search?q=%22organiserons%20collectif%22
/api/search?q=subvension
/api/suggest?q=pro
/api/stats
/healthz
EOF

stub0=$(cat "$INDEX/XAPIANDB")
(
    for run in 1 2 3; do
        "$INDEXER" --quiet --full --batch 3 --index "$INDEX" "$ARCHIVE" >/dev/null 2>&1 ||
            echo "run $run: indexer status $?" >>"$TMP/indexer.err"
        cat "$INDEX/XAPIANDB" >>"$TMP/stubs"
    done
    touch "$TMP/indexed"
) &
indexer=$!

rounds=0
while [ ! -e "$TMP/indexed" ] && [ $rounds -lt 50 ]; do
    "$LOADC" --port "$PORT" --seconds 1 --clients 4 --paths "$TMP/paths" \
        >"$TMP/load.$rounds" 2>>"$TMP/load.err"
    rounds=$((rounds + 1))
done
wait $indexer
sum() { cat "$TMP"/load.* | awk -v k="$1" '$1 == k { n += $2 } END { print n + 0 }'; }
diag "$(sum valid_sent) requests in $rounds s during 3 full re-indexes"
sed 's/^/# /' "$TMP/load.err" | sort | uniq -c | head -10

ok $([ ! -s "$TMP/indexer.err" ]; echo $?) "the three re-indexes ran to the end"
is "$(sort -u "$TMP/stubs" | wc -l | tr -d ' ')" 3 "each compacted into a new generation"
ok $(grep -qx "$stub0" "$TMP/stubs"; [ $? -ne 0 ]; echo $?) "... none of them the first one"
ok $([ "$(sum valid_sent)" -ge 200 ]; echo $?) "hundreds of requests ran meanwhile"
is "$(sum valid_failed)" 0 "no valid request failed"
is "$(sum valid_5xx)" 0 "none got a 5xx"
is "$(http '/api/search?q=proposant')" 200 "the server answers from the last generation"
is "$(jqb .total)" 100 "... every file"
stop_server; ok $? "the server stops cleanly"
done_testing
