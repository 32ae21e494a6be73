#!/bin/bash
# T411-server-slowloris -- a slowloris from 16 addresses (127.0.0.2 to
# 127.0.0.17: 1,024 connections, each sending a request line and then one
# header byte a second, reconnecting as soon as the server closes it)
# does not keep a client from another address (127.0.0.1) out: its
# requests all succeed, p99 under 1 s. The server holds at most its 1,024
# connections (the guard's cap: the newcomer's connection is made by
# closing the oldest waiting one of the heaviest address), and closes each
# trickling request at its 10 s deadline (target: by 30 s), logged as 408.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-server.sh"

LOADC=${FOUILLE_BUILD:-$FOUILLE_SRC/build}/tests/loadc
[ -x "$LOADC" ] || skip_all "no load client at $LOADC (make test builds it)"
[ "$(ulimit -Hn)" = unlimited ] || [ "$(ulimit -Hn)" -ge 2200 ] ||
    skip_all "the open files limit ($(ulimit -Hn)) is too low for 1,024 connections"
ulimit -n "$(ulimit -Hn)"
SECONDS_=${FOUILLE_SLOWLORIS_SECONDS:-14}

index_archive "$TMP/index" >/dev/null
start_server "$TMP/index" || done_testing
PORT=${BASE##*:}
printf '/healthz\n/api/search?q=budget\n/api/suggest?q=reu\n/archive/notes/2024_01_idees_campagne.md\n/\n' >"$TMP/paths"

# The server's open descriptors, sampled while the attack runs.
(
    while [ ! -e "$TMP/stop" ]; do
        ls "/proc/$SERVER_PID/fd" 2>/dev/null | wc -l
        sleep 0.5
    done
) >"$TMP/fds" &
sampler=$!

"$LOADC" --port "$PORT" --seconds "$SECONDS_" --paths "$TMP/paths" --clients 2 \
    --slowloris 1024 --slow-addrs 16 --trickle 1 --reconnect \
    >"$TMP/load.out" 2>"$TMP/load.err"
is $? 0 "the load client ran"
touch "$TMP/stop"
wait "$sampler"
val() { sed -n "s/^$1 //p" "$TMP/load.out"; }
diag "slowloris: $(val slow_open) connections opened, $(val slow_closed_by_server) closed by the server, longest lived $(val slow_max_life_ms) ms"
diag "client from 127.0.0.1: $(val valid_sent) requests, p50 $(val valid_p50_ms) ms, p99 $(val valid_p99_ms) ms, max $(val valid_max_ms) ms"
diag "server descriptors: at most $(sort -n "$TMP/fds" | tail -1)"
sed 's/^/# /' "$TMP/load.err" | head -5

ok "$( [ "$(val slow_open)" -ge 1024 ]; echo $?)" "1,024 trickling connections were opened"
ok "$( [ "$(val valid_sent)" -ge 100 ]; echo $?)" "the client from another address sent requests ($(val valid_sent))"
is "$(val valid_failed)" 0 "... and every one was answered, 200"
ok "$(awk -v p="$(val valid_p99_ms)" 'BEGIN { exit !(p < 1000) }'; echo $?)" \
   "... p99 under 1 s ($(val valid_p99_ms) ms)"
ok "$( [ "$(val slow_closed_by_server)" -ge 1000 ]; echo $?)" \
   "the server closed the trickling connections ($(val slow_closed_by_server))"
ok "$( [ "$(val slow_max_life_ms)" -le 15000 ]; echo $?)" \
   "... none lived past 15 s (deadline 10 s, target 30 s): $(val slow_max_life_ms) ms"
ok "$( [ "$(sort -n "$TMP/fds" | tail -1)" -le $((1024 + 64)) ]; echo $?)" \
   "the server never held more than its 1,024 connections (+ its own files)"
ok "$( [ "$(grep -c ' /healthz 408 ' "$TMP/access.log")" -ge 500 ]; echo $?)" \
   "requests closed at their deadline are logged as 408"

is "$(http /healthz)" 200 "the server answers after the attack"
stop_server; ok $? "the server stops cleanly"
done_testing
