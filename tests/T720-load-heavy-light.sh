#!/bin/bash
# T720-load-heavy-light -- heavy requests cannot starve light ones. While
# 8 costly searches are in flight at all times (wildcards, 100 hits a
# page, over 550 pages: answered by the lane of heavy requests, 2
# workers), two clients send light requests as fast as they can (/healthz,
# suggest, plain searches, a document, the front page's script, an archive
# file): every one is answered, p99 under 50 ms (150 ms under the
# sanitizers). The heavy ones are answered too (200). Before the lane,
# such requests ran in the threads that answer everything: light requests
# waited seconds.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-server.sh"

LOADC=${FOUILLE_BUILD:-$FOUILLE_SRC/build}/tests/loadc
[ -x "$LOADC" ] || skip_all "no load client at $LOADC (make test builds it)"
SECONDS_=${FOUILLE_LOAD_SECONDS:-8}
# Under ASan and UBSan every request costs several times more.
P99_MS=50
case "$FOUILLE_BIN" in */san/*) P99_MS=150 ;; esac

ARCHIVE=$TMP/archive
synth_index "$TMP/index" "$ARCHIVE"
st=$?
ok $st "a synthetic index of 150 documents is built"
[ $st -eq 0 ] || done_testing
start_server "$TMP/index" --threads 2 --cache 0 || done_testing
PORT=${BASE##*:}
# The costliest of these searches that takes at most a second alone on
# this machine now (a slower one would leave the load client waiting past
# its 20 s timeout, 8 in flight on 2 workers): all are heavy (per_page
# over 20, wildcards).
for heavy in '/api/search?q=a*%20b*%20c*%20d*%20e*&per_page=100' \
             '/api/search?q=e*%20a*&per_page=100' '/api/search?q=e*&per_page=100'; do
    t=$(curl -s -o "$TMP/body" -w '%{time_total}' "$BASE$heavy")
    awk -v t="$t" 'BEGIN { exit !(t <= 1) }' && break
done
diag "heavy search: $heavy ($t s alone)"
ok "$( [ "$(jqb '.hits | length')" -eq 100 ]; echo $?)" "the heavy search answers 100 hits"
doc=$(jqb '.hits[0].id')
file=$(jqb '.hits[0].url' | sed 's/#.*//')
cat >"$TMP/paths" <<PATHS
/healthz
/api/suggest?q=con
/api/search?q=conseil
/api/search?q=budget%20municipal&type=pdf
/api/documents/$doc
/app.js
$file
PATHS

"$LOADC" --port "$PORT" --seconds "$SECONDS_" --paths "$TMP/paths" --clients 2 \
    --heavy 8 --heavy-target "$heavy" >"$TMP/load.out" 2>"$TMP/load.err"
is $? 0 "the load client ran"
val() { sed -n "s/^$1 //p" "$TMP/load.out"; }
diag "light: $(val valid_sent) requests, p50 $(val valid_p50_ms) ms, p99 $(val valid_p99_ms) ms, max $(val valid_max_ms) ms; heavy: $(val heavy_ok) answered in $SECONDS_ s"
sed 's/^/# /' "$TMP/load.err" | head -5

ok "$( [ "$(val valid_sent)" -ge 500 ]; echo $?)" "light requests were sent ($(val valid_sent))"
is "$(val valid_failed)" 0 "... every one answered, 200"
ok "$(awk -v p="$(val valid_p99_ms)" -v b="$P99_MS" 'BEGIN { exit !(p < b) }'; echo $?)" \
   "... p99 under $P99_MS ms while 8 heavy ones run ($(val valid_p99_ms) ms)"
ok "$( [ "$(val heavy_ok)" -ge 4 ]; echo $?)" "heavy searches were answered meanwhile ($(val heavy_ok))"
is "$(val heavy_other)" 0 "... all of them 200 (8 in flight: within one client's share)"

stop_server; ok $? "the server stops cleanly"
done_testing
