#!/bin/bash
# T415-server-http-details -- headers a cache or a client relies on:
# Vary: Origin on every answer when CORS names origins (with or without
# an Origin in the request: a shared cache must not give an answer made
# without the header to an allowed origin), none when CORS is off or "*";
# a 304 carries no body and no "Content-Length: 0" (its file's length:
# T421 has the rest);
# a 503 while there is no index says when to retry.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-server.sh"

start_server "$TMP/no-index" --cors https://ok.example || done_testing
is "$(http /healthz)" 503 "no index: 503"
is "$(error_code)" unavailable "... a JSON error"
is "$(header Retry-After)" 5 "... with Retry-After: 5"

vary() { grep -i '^Vary:' "$TMP/headers" | tr -d '\r' | tr '\n' ' '; }
http / >/dev/null
like "$(vary)" 'Origin' "Vary: Origin without an Origin in the request"
http / -H 'Origin: https://ok.example' >/dev/null
like "$(vary)" 'Origin' "... with an allowed one"
http / -H 'Origin: https://evil.example' >/dev/null
like "$(vary)" 'Origin' "... with another one"
http /nowhere >/dev/null
like "$(vary)" 'Origin' "... on errors too"

http / >/dev/null
etag=$(header ETag)
is "$(http / -H "If-None-Match: $etag")" 304 "If-None-Match: 304"
is "$(grep -ci '^Content-Length: 0' "$TMP/headers")" 0 "... without Content-Length: 0"
is "$(body_size)" 0 "... nor a body"
like "$(grep ' / 304 ' "$TMP/access.log" | tail -1)" ' 304 0 ' "... and is logged with 0 bytes"
stop_server; ok $? "stops cleanly"

start_server "$TMP/no-index" || done_testing
http / -H 'Origin: https://ok.example' >/dev/null
unlike "$(vary)" 'Origin' "no CORS: no Vary: Origin"
stop_server
start_server "$TMP/no-index" --cors '*' || done_testing
http / -H 'Origin: https://ok.example' >/dev/null
is "$(header Access-Control-Allow-Origin)" '*' "CORS *: Access-Control-Allow-Origin: *"
unlike "$(vary)" 'Origin' "... and no Vary: Origin (the answer is the same for all)"
stop_server; ok $? "stops cleanly"
done_testing
