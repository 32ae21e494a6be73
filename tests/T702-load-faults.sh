#!/bin/sh
# T702-load-faults -- the server under load and hostile clients while the
# index changes under it. For FOUILLE_LOAD_SECONDS (12; 60 in make soak):
# four clients send valid requests (search, health, stats, archive and web
# files) as fast as they can; the indexer adds, changes and deletes notes
# and commits, round after round; one client holds 80 half-sent
# connections from another address (slowloris); one sends 100 KB headers,
# 10 MB bodies, 20 KB query strings, over-long queries, invalid UTF-8 and
# raw bytes. Promised: no valid request fails, nothing answers 5xx, the
# hostile requests get 4xx (or a closed connection), every search total is
# the one of a committed state of the index and /healthz never goes back
# beyond the server's 1 s staleness, every request is in the access log,
# and the server's memory after the load is what it was before.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-server.sh"

LOADC=${FOUILLE_BUILD:-$FOUILLE_SRC/build}/tests/loadc
[ -x "$LOADC" ] || skip_all "no load client at $LOADC (make test builds it)"
SECONDS_=${FOUILLE_LOAD_SECONDS:-12}
# Under ASan, freed memory waits in a quarantine: keep it small, or the
# memory check would measure the quarantine.
export ASAN_OPTIONS="${ASAN_OPTIONS:-}:quarantine_size_mb=16"

ARCHIVE=$TMP/archive
cp -R "$FOUILLE_SRC/archive" "$ARCHIVE"
mkdir -p "$ARCHIVE/vivant"
printf 'Note fixe : la girouette tourne au vent.\n' >"$ARCHIVE/vivant/fixe.txt"
"$INDEXER" --quiet --index "$TMP/index" "$ARCHIVE" >/dev/null
start_server "$TMP/index" || done_testing
PORT=${BASE##*:}

# The number of notes holding "girouette" in the archive as it is now:
# after each indexer run, the total of a committed state.
girouettes() { grep -rl girouette "$ARCHIVE/vivant" | wc -l | tr -d ' '; }
girouettes >"$TMP/allowed"

cat >"$TMP/paths" <<'PATHS'
/healthz
/api/search?q=girouette
/api/search?q=budget
/api/search?q=r%C3%A9union&type=pdf
/api/search?q=meeting&sort=-date
/api/stats
/archive/notes/2024_01_idees_campagne.md
/archive/comptes-rendus/2019_CR_mars.pdf
/
PATHS

# Warm up (each server thread opens its index handle), then measure.
"$LOADC" --port "$PORT" --seconds 1 --paths "$TMP/paths" >/dev/null 2>&1
rss() { sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$SERVER_PID/status"; }
rss_before=$(rss)
log_before=$(wc -l <"$TMP/access.log")

# ---- The indexer changes the archive and commits, round after round ---
(
    k=1
    while [ ! -e "$TMP/stop" ]; do
        printf 'Ajout %s : une girouette neuve.\n' "$k" >"$ARCHIVE/vivant/ajout-$k.txt"
        rm -f "$ARCHIVE/vivant/ajout-$((k - 2)).txt"
        if [ $((k % 2)) -eq 0 ]; then
            printf 'Note changeante : girouette %s.\n' "$k" >"$ARCHIVE/vivant/change.txt"
        else
            printf 'Note changeante, rien ici (%s).\n' "$k" >"$ARCHIVE/vivant/change.txt"
        fi
        "$INDEXER" --quiet --index "$TMP/index" "$ARCHIVE" >/dev/null 2>&1 ||
            echo "round $k: indexer status $?" >>"$TMP/indexer.err"
        girouettes >>"$TMP/allowed"
        k=$((k + 1))
        sleep 0.2
    done
    echo "$k" >"$TMP/rounds"
) &
writer=$!

"$LOADC" --port "$PORT" --seconds "$SECONDS_" --paths "$TMP/paths" \
    --clients 4 --slowloris 80 --hostile >"$TMP/load.out" 2>"$TMP/load.err"
is $? 0 "the load client ran"
touch "$TMP/stop"
wait $writer
sleep 0.5
rss_after=$(rss)
val() { sed -n "s/^$1 //p" "$TMP/load.out"; }
diag "$(val valid_sent) valid and $(val hostile_sent) hostile requests in $SECONDS_ s; $(( $(cat "$TMP/rounds") - 1 )) index commits; $(val slow_open) slowloris connections"
sed 's/^/# /' "$TMP/load.err" | head -10

ok $([ "$(val valid_sent)" -ge 1000 ] && echo 0 || echo 1) "thousands of valid requests were sent"
is "$(val valid_failed)" 0 "no valid request failed"
is "$(val valid_5xx)" 0 "no valid request got a 5xx"
is "$(val hostile_5xx)" 0 "no hostile request got a 5xx"
is "$(val hostile_other)" 0 "every hostile request got a 4xx or a closed connection"
ok $([ "$(val hostile_4xx)" -gt 0 ] && echo 0 || echo 1) "hostile requests were answered with 4xx"
ok $([ ! -s "$TMP/indexer.err" ] && echo 0 || echo 1) "every indexer round committed"
[ -s "$TMP/indexer.err" ] && sed 's/^/# /' "$TMP/indexer.err" | head -5

# The request deadline (10 s, HTTP_REQUEST_TIMEOUT): the server has closed
# every half-sent connection, the 64 it took from one address
# (HTTP_PER_IP_LIMIT) at their deadline, the others at once.
if [ "$SECONDS_" -ge 12 ]; then
    ok $([ "$(val slow_closed_by_server)" -ge "$(val slow_open)" ] && echo 0 || echo 1) \
        "the server closed the $(val slow_open) half-sent connections ($(val slow_closed_by_server) closed)"
fi

# ---- Answers match committed states ----------------------------------
is "$(val revision_back)" 0 "/healthz never goes back beyond the 1 s staleness"
bad=0
for t in $(sed -n 's|^total /api/search?q=girouette \([0-9-]*\) .*|\1|p' "$TMP/load.out"); do
    grep -qx -- "$t" "$TMP/allowed" || { bad=$((bad + 1)); diag "girouette total $t is no committed state"; }
done
is "$bad" 0 "every girouette total is that of a committed state ($(sort -un "$TMP/allowed" | tr '\n' ' '))"
is "$(grep -c '^total /api/search?q=budget ' "$TMP/load.out")" 1 \
    "the total of budget (untouched by the changes) never varies"

# ---- Every request logged -------------------------------------------
sleep 0.2
logged=$(( $(wc -l <"$TMP/access.log") - log_before ))
is "$logged" "$(( $(val valid_sent) + $(val hostile_sent) ))" \
    "every request is in the access log (valid and hostile)"

# ---- Memory ----------------------------------------------------------
diag "server VmRSS: $rss_before kB before, $rss_after kB after"
ok $([ "$rss_after" -le $((rss_before + rss_before / 2 + 16384)) ] && echo 0 || echo 1) \
    "memory is stable (under +50% + 16 MB after the load)"

# The server still answers, and stops cleanly (ASan: no leak).
is "$(http /healthz)" 200 "the server still answers"
stop_server
is $? 0 "the server stops cleanly"
done_testing
