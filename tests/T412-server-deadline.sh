#!/bin/bash
# T412-server-deadline -- a connection has --request-timeout seconds
# (FOUILLE_REQUEST_TIMEOUT; 10 by default, here 2) to deliver a whole
# request header, counted from when it opened or its previous answer was
# sent, whatever it sends meanwhile: a request trickled one byte every
# 0.3 s is closed at the deadline, although the connection is never idle
# for long (the idle timeout, 15 s, would never fire); an idle keep-alive
# connection too; a request sent in pieces within the deadline is
# answered. Bad values are refused.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-server.sh"

"$SERVER" --request-timeout 0 2>/dev/null
is $? 2 "--request-timeout 0: usage error (2)"
"$SERVER" --request-timeout soon 2>/dev/null
is $? 2 "--request-timeout soon: usage error (2)"

index_archive "$TMP/index" >/dev/null
FOUILLE_REQUEST_TIMEOUT=2 start_server "$TMP/index" || done_testing
PORT=${BASE##*:}
trap "" PIPE

# lifetime WRITER: seconds until the server closes a connection fed by
# WRITER (a shell function writing to fd 3, slowly), measured by a reader.
now() { date +%s.%N; }
lifetime() {
    exec 3<>"/dev/tcp/127.0.0.1/$PORT"
    _t0=$(now)
    "$1" >/dev/null 2>&1 &
    _w=$!
    timeout 30 cat <&3 >"$TMP/answer"
    _t1=$(now)
    kill "$_w" 2>/dev/null; wait "$_w" 2>/dev/null
    exec 3<&-
    awk -v a="$_t0" -v b="$_t1" 'BEGIN { printf "%.1f", b - a }'
}

trickle() {
    printf 'GET /healthz HTTP/1.1\r\nHost: t\r\n' >&3
    while :; do printf 'X' >&3 || break; sleep 0.3; done
}
t=$(lifetime trickle)
diag "a trickled request lived $t s"
ok "$(awk -v t="$t" 'BEGIN { exit !(t >= 1.8 && t <= 4) }'; echo $?)" \
   "a request trickled a byte every 0.3 s is closed at the 2 s deadline ($t s)"
is "$(wc -c <"$TMP/answer" | tr -d ' ')" 0 "... without an answer"
like "$(tail -1 "$TMP/access.log")" ' /healthz 408 ' "... logged as 408"

idle() { sleep 30; }
t=$(lifetime idle)
ok "$(awk -v t="$t" 'BEGIN { exit !(t >= 1.8 && t <= 4) }'; echo $?)" \
   "an idle connection is closed at the deadline too ($t s)"

pieces() {
    printf 'GET /heal' >&3; sleep 0.5
    printf 'thz HTTP/1.1\r\nHo' >&3; sleep 0.5
    printf 'st: t\r\n\r\n' >&3
    sleep 30
}
t=$(lifetime pieces)
is "$(head -1 "$TMP/answer" | tr -d '\r')" "HTTP/1.1 200 OK" "a request sent in pieces within the deadline is answered"
ok "$(awk -v t="$t" 'BEGIN { exit !(t >= 2.5 && t <= 6) }'; echo $?)" \
   "... and the kept-alive connection gets a new deadline from the answer ($t s)"

stop_server; ok $? "the server stops cleanly"
done_testing
