#!/bin/bash
# T410-server-keepalive -- connections are kept open between requests
# (HTTP/1.1 keep-alive, as nginx's upstream keepalive and API clients use
# them) and pipelined requests are answered in order; both bounded: after
# HTTP_KEEPALIVE_MAX (1000) answers a connection is closed, and a request
# with a body (refused before it is read) closes its connection.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-server.sh"

index_archive "$TMP/index" >/dev/null
start_server "$TMP/index" || done_testing
PORT=${BASE##*:}
trap "" PIPE   # the server may close a connection before all is written

# Two requests, one connection: curl says it re-used it; no answer says
# "Connection: close". One light, one heavy (a wildcard search: answered
# by a worker, the connection suspended meanwhile), one file.
curl -sv -o /dev/null -o /dev/null -o /dev/null "$BASE/healthz" \
    "$BASE/api/search?q=r%C3%A9u*" "$BASE/archive/notes/2024_01_idees_campagne.md" \
    2>"$TMP/curl.err"
is "$(grep -c '^< HTTP/1.1 200' "$TMP/curl.err")" 3 "three answers, 200"
is "$(grep -c 'Re-using existing connection' "$TMP/curl.err")" 2 "... on one connection (re-used twice)"
is "$(grep -ci '^< Connection: close' "$TMP/curl.err")" 0 "... and none says Connection: close"
is "$(grep -c 'GET /api/search 200' "$TMP/access.log")" 1 "the heavy search was answered and logged"

# Pipelining: three requests in one write, three answers in order.
exec 3<>"/dev/tcp/127.0.0.1/$PORT"
printf 'GET /healthz HTTP/1.1\r\nHost: t\r\n\r\nGET /api/search?q=e* HTTP/1.1\r\nHost: t\r\n\r\nGET /nowhere HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n' >&3
timeout 10 cat <&3 >"$TMP/pipelined"
exec 3<&-
is "$(grep -a '^HTTP/1.1' "$TMP/pipelined" | tr -d '\r' | tr '\n' ' ')" \
   "HTTP/1.1 200 OK HTTP/1.1 200 OK HTTP/1.1 404 Not Found " \
   "three pipelined requests: three answers, in order"
is "$(grep -aci '^Connection: close' "$TMP/pipelined")" 1 "... only the last (asked to close) closes"

# The bound: 1001 pipelined requests on one connection get 1000 answers,
# the last one saying Connection: close, then the end of the stream.
{
    for _ in $(seq 1 1001); do printf 'GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n'; done
} >"$TMP/many"
exec 3<>"/dev/tcp/127.0.0.1/$PORT"
cat "$TMP/many" >&3 &
writer=$!
timeout 20 cat <&3 >"$TMP/answers"
exec 3<&-
wait "$writer"
is "$(grep -ac '^HTTP/1.1 200' "$TMP/answers")" 1000 "1001 requests on one connection: 1000 answers"
is "$(grep -aci '^Connection: close' "$TMP/answers")" 1 "... the 1000th says Connection: close (then the server closes)"

# A body is refused before it is read (413), and its connection closed.
exec 3<>"/dev/tcp/127.0.0.1/$PORT"
printf 'GET /healthz HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhelloGET /healthz HTTP/1.1\r\nHost: t\r\n\r\n' >&3 2>/dev/null
timeout 10 cat <&3 >"$TMP/body413"
exec 3<&-
is "$(grep -a '^HTTP/1.1' "$TMP/body413" | cut -d' ' -f2 | tr '\n' ' ')" "413 " \
   "a request with a body: 413, and nothing after it on that connection"
is "$(grep -aci '^Connection: close' "$TMP/body413")" 1 "... which says Connection: close"

stop_server; ok $? "the server stops cleanly"
done_testing
