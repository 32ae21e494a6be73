#!/bin/sh
# server.sh -- make check-valgrind: bin/server under valgrind's memcheck
# over a few thousand requests (valid ones of every endpoint, and hostile
# ones: oversized headers, bodies and queries, invalid UTF-8, a way out of
# the archive), while the index is rewritten once under it. Promised: zero
# memcheck errors and zero definitely lost blocks (valgrind's exit status,
# --error-exitcode), with no suppression at all. Prints TAP (it sources
# tests/lib.sh).
. "$(dirname "$0")/../lib.sh"

command -v valgrind >/dev/null || skip_all "valgrind is not installed (make deps)"
LOADC=${FOUILLE_BUILD:-$FOUILLE_SRC/build}/tests/loadc
SECS=${FOUILLE_VALGRIND_SECONDS:-30}

"$INDEXER" --quiet --index "$TMP/index" "$FOUILLE_SRC/archive" >/dev/null
valgrind --tool=memcheck --leak-check=full --errors-for-leak-kinds=definite \
    --show-leak-kinds=definite --error-exitcode=1 \
    --log-file="$TMP/valgrind.log" \
    "$SERVER" --listen 127.0.0.1:0 --index "$TMP/index" \
    --archive "$FOUILLE_SRC/archive" --web "$FOUILLE_SRC/web" --threads 4 \
    --log "$TMP/access.log" 2>"$TMP/server.err" &
pid=$!
at_exit "kill $pid"
port=
for _ in $(seq 1 300); do
    port=$(sed -n 's/.*(port \([0-9][0-9]*\)).*/\1/p' "$TMP/server.err")
    [ -n "$port" ] && break
    sleep 0.1
done
[ -n "$port" ] || { diag "the server did not start under valgrind"; cat "$TMP/valgrind.log" | head -20 | sed 's/^/# /'; ok 1 "server start"; done_testing; }

cat >"$TMP/paths" <<'PATHS'
/healthz
/api/search?q=budget
/api/search?q=l%E2%80%99%C3%A9t%C3%A9&type=pdf&type=html&sort=-date&per_page=20
/api/search?q=title%3A%22compte+rendu%22+OR+meeting&year=2019&year=2022
/api/search?q=buget
/api/suggest?q=associ
/api/stats
/archive/comptes-rendus/2019_CR_mars.pdf
/archive/notes/r%C3%A9union%20du%20bureau.txt
/
PATHS
# The index is rewritten while the server reads it.
( sleep 3; "$INDEXER" --quiet --full --index "$TMP/index" "$FOUILLE_SRC/archive" >/dev/null ) &
writer=$!
"$LOADC" --port "$port" --seconds "$SECS" --paths "$TMP/paths" --clients 4 \
    --slowloris 10 --hostile >"$TMP/load.out" 2>"$TMP/load.err"
wait "$writer"
val() { sed -n "s/^$1 //p" "$TMP/load.out"; }
n=$(( $(val valid_sent) + $(val hostile_sent) ))
diag "$n requests ($(val valid_sent) valid, $(val hostile_sent) hostile) in $SECS s under valgrind"
ok $([ "$n" -ge 2000 ] && echo 0 || echo 1) "a few thousand requests"
is "$(val valid_failed)" 0 "no valid request failed"

kill -TERM "$pid"
wait "$pid"
st=$?
is "$st" 0 "valgrind: no memcheck error, no definite leak"
grep -E 'ERROR SUMMARY|definitely lost|indirectly lost|possibly lost' "$TMP/valgrind.log" | sed 's/^==[0-9]*== /# /'
[ "$st" -eq 0 ] || sed 's/^/# /' "$TMP/valgrind.log" | grep -v '^# ==[0-9]*== *$' | head -80
done_testing
