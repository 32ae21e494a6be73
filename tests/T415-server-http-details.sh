#!/bin/bash
# T415-server-http-details -- headers a cache or a client relies on:
# Vary: Origin on every answer when CORS names origins (with or without
# an Origin in the request: a shared cache must not give an answer made
# without the header to an allowed origin), none when CORS is off or "*";
# a 304 carries no body and no "Content-Length: 0" (libmicrohttpd 0.9.75
# writes the response's size: the server makes it the file's, as the 200
# would say); a 503 while there is no index says when to retry.
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

size=$(wc -c <"$WEB/index.html" | tr -d ' ')
http / >/dev/null
etag=$(header ETag)
curl -sv -o /dev/null -o /dev/null -H "If-None-Match: $etag" "$BASE/" "$BASE/" 2>"$TMP/curl.err"
is "$(grep -c '^< HTTP/1.1 304' "$TMP/curl.err")" 2 "If-None-Match: 304, twice"
is "$(grep -i '^< Content-Length' "$TMP/curl.err" | head -1 | tr -d '\r' | sed 's/^< //')" \
   "Content-Length: $size" "... no Content-Length: 0, the length a 200 would have"
is "$(grep -c 'Re-using existing connection' "$TMP/curl.err")" 1 "... on one kept-alive connection (no body was expected)"
is "$(http / -H "If-None-Match: $etag")" 304 "a 304 ..."
is "$(body_size)" 0 "... has no body"
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
