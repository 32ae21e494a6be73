#!/bin/bash
# T413-server-port-in-use -- no address reuse: a second server started on
# the port of a running one exits with status 2 and says the address is
# in use, instead of silently sharing the port (and half the traffic);
# the first one keeps answering every request. A server stopped and
# started again on the same port starts at once (no wait for TIME_WAIT).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-server.sh"

index_archive "$TMP/index" >/dev/null
start_server "$TMP/index" || done_testing
PORT=${BASE##*:}
first=$SERVER_PID

# Some answered connections, so that TIME_WAIT sockets exist on the port.
for _ in 1 2 3; do curl -s -o /dev/null "$BASE/healthz"; done

timeout 10 "$SERVER" --listen "127.0.0.1:$PORT" --index "$TMP/index" \
    --archive "$ARCHIVE" --web "$WEB" >/dev/null 2>"$TMP/second.err"
is $? 2 "a second server on the same port exits with status 2"
like "$(cat "$TMP/second.err")" "cannot listen on 127\.0\.0\.1:$PORT: the address is already in use" \
     "... saying the address is already in use"

n=0
for _ in $(seq 1 20); do
    [ "$(http /healthz)" = 200 ] && n=$((n + 1))
done
is "$n" 20 "the first server answers all 20 requests"
is "$(grep -c ' /healthz 200 ' "$TMP/access.log")" 23 "... all of them (its log has every one)"

stop_server; ok $? "the first server stops cleanly"
start_server "$TMP/index" --listen "127.0.0.1:$PORT" || done_testing
is "${BASE##*:}" "$PORT" "a new server starts on the freed port at once"
is "$(http /healthz)" 200 "... and answers"
stop_server; ok $? "... and stops cleanly"
done_testing
