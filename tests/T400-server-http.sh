#!/bin/sh
# T400-server-http -- bin/server without an index: options, HTTP rules
# (methods, bodies, oversize and undecodable targets, CORS, security
# headers, access log), archive and web files (types, validators and 304,
# ranges), and every way of naming a file outside the served folders.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-server.sh"

like "$("$SERVER" --version)" '^fouille server [0-9]+\.[0-9]+' "--version prints the version"
like "$("$SERVER" --help)" '--listen HOST:PORT' "--help lists the options"
"$SERVER" --threads 0 2>/dev/null
is $? 2 "a bad option value exits with status 2"

# A private archive: a PDF, texts in UTF-8 and Windows-1252, a folder, a
# hidden file, and a symlink leading out. A web folder with a front page.
ARCHIVE=$TMP/archive
WEB=$TMP/web
mkdir -p "$ARCHIVE/docs" "$WEB" "$TMP/outside"
cp "$FOUILLE_SRC/archive/comptes-rendus/2019_CR_mars.pdf" "$ARCHIVE/docs/cr.pdf"
printf 'Compte rendu, réunion de l’été\n' >"$ARCHIVE/docs/note été.txt"
printf 'caf\351\n' >"$ARCHIVE/docs/latin1.txt"
echo secret >"$TMP/outside/secret.txt"
echo hidden >"$ARCHIVE/.hidden"
ln -s "$TMP/outside/secret.txt" "$ARCHIVE/docs/leak.txt"
ln -s "$TMP/outside" "$ARCHIVE/out"
printf '<!doctype html><meta charset="utf-8"><title>fouille</title>%s\n' \
    "$(head -c 3000 /dev/zero | tr '\0' 'x')" >"$WEB/index.html"
printf '<?xml version="1.0"?><OpenSearchDescription/>\n' >"$WEB/opensearch.xml"

start_server "$TMP/no-index" --cors https://ok.example || { done_testing; }

# ---- No index yet: 503 with a clear message --------------------------
is "$(http /api/search?q=test)" 503 "search without an index: 503"
is "$(error_code)" unavailable "... code unavailable"
like "$(jqb .error.message)" 'no index yet' "... and says there is no index"
is "$(http /healthz)" 503 "healthz without an index: 503"

# ---- Methods, bodies, targets ---------------------------------------
for m in POST PUT DELETE PATCH; do
    is "$(http / -X $m)" 405 "$m: 405"
done
is "$(error_code)" method_not_allowed "... code method_not_allowed"
is "$(header Allow)" "GET, HEAD, OPTIONS" "... with an Allow header"
is "$(http /api/search -X GET -H 'Content-Type: text/plain' --data-binary hello)" 413 "a GET with a body: 413"
is "$(error_code)" too_large "... code too_large"
long=$(head -c 9000 /dev/zero | tr '\0' 'a')
is "$(http "/api/search?q=$long")" 400 "a 9000-byte target: 400"
is "$(http '/api/search?q=%ff%fe')" 400 "invalid UTF-8 in a parameter: 400"
like "$(jqb .error.message)" 'UTF-8' "... says UTF-8"
is "$(http '/api/search?q=a%00b')" 400 "an encoded NUL in a parameter: 400"
is "$(http '/api/search?q=%e')" 400 "a malformed escape: 400"
is "$(http /nowhere)" 404 "an unknown path: 404"
is "$(error_code)" not_found "... code not_found"
is "$(http /api/nothing)" 404 "an unknown API path: 404"
like "$(header Content-Type)" '^application/json' "errors are JSON"

# ---- CORS and security headers ---------------------------------------
http /nowhere -H 'Origin: https://ok.example' >/dev/null
is "$(header Access-Control-Allow-Origin)" https://ok.example "an allowed origin is echoed"
http /nowhere -H 'Origin: https://evil.example' >/dev/null
is "$(header Access-Control-Allow-Origin)" "" "another origin gets no CORS header"
is "$(http /api/search -X OPTIONS -H 'Origin: https://ok.example' -H 'Access-Control-Request-Method: GET')" 204 "OPTIONS preflight: 204"
like "$(header Access-Control-Allow-Methods)" 'GET' "... lists the allowed methods"
is "$(header Access-Control-Allow-Origin)" https://ok.example "... with the allowed origin"

# ---- The web folder -------------------------------------------------
is "$(http /)" 200 "GET / serves the front page"
like "$(header Content-Type)" '^text/html' "... as HTML"
is "$(header Content-Security-Policy)" "default-src 'self'" "... with the CSP"
is "$(header X-Content-Type-Options)" nosniff "... and nosniff"
is "$(http /opensearch.xml)" 200 "a web file is served"
like "$(header Content-Type)" '^application/xml' "... with its type"
is "$(http /index.html -H 'Accept-Encoding: gzip' --compressed)" 200 "front page with gzip accepted"
is "$(body_size)" "$(wc -c <"$WEB/index.html" | tr -d ' ')" "... arrives whole"
is "$(curl -s -o /dev/null -w '%{http_code} %{size_download}' -I "$BASE/")" "200 0" "HEAD / answers without a body"

# ---- Archive files: types, validators, 304 --------------------------
pdf=$(wc -c <"$ARCHIVE/docs/cr.pdf" | tr -d ' ')
is "$(http /archive/docs/cr.pdf)" 200 "an archived PDF is served"
is "$(header Content-Type)" application/pdf "... as application/pdf"
is "$(header Content-Length)" "$pdf" "... with its length"
cmp -s "$TMP/body" "$ARCHIVE/docs/cr.pdf"; ok $? "... byte for byte"
etag=$(header ETag); lastmod=$(header Last-Modified)
like "$etag" '^".+"$' "... with an ETag"
like "$lastmod" 'GMT$' "... and Last-Modified"
is "$(header Accept-Ranges)" bytes "... and Accept-Ranges"
is "$(http /archive/docs/cr.pdf -H "If-None-Match: $etag")" 304 "If-None-Match with its ETag: 304"
is "$(body_size)" 0 "... without a body"
is "$(http /archive/docs/cr.pdf -H 'If-None-Match: "other"')" 200 "another ETag: 200"
is "$(http /archive/docs/cr.pdf -H "If-Modified-Since: $lastmod")" 304 "If-Modified-Since its date: 304"
is "$(http /archive/docs/cr.pdf -H 'If-Modified-Since: Thu, 01 Jan 1970 00:00:00 GMT')" 200 "an older date: 200"
is "$(http '/archive/docs/note%20%C3%A9t%C3%A9.txt')" 200 "a file name with a space and accents"
is "$(header Content-Type)" "text/plain; charset=utf-8" "... a UTF-8 text says so"
is "$(http /archive/docs/latin1.txt)" 200 "a Windows-1252 text"
is "$(header Content-Type)" "text/plain; charset=windows-1252" "... is labelled windows-1252"

# ---- Ranges --------------------------------------------------------
is "$(http /archive/docs/cr.pdf -H 'Range: bytes=0-99')" 206 "Range bytes=0-99: 206"
is "$(header Content-Range)" "bytes 0-99/$pdf" "... Content-Range"
is "$(body_size)" 100 "... 100 bytes"
cmp -s "$TMP/body" "$(head -c 100 "$ARCHIVE/docs/cr.pdf" >"$TMP/want"; echo "$TMP/want")"; ok $? "... the right ones"
is "$(http /archive/docs/cr.pdf -H "Range: bytes=$((pdf - 10))-")" 206 "Range bytes=a-: 206"
is "$(header Content-Range)" "bytes $((pdf - 10))-$((pdf - 1))/$pdf" "... to the end"
is "$(http /archive/docs/cr.pdf -H 'Range: bytes=-20')" 206 "Range bytes=-n: 206"
tail -c 20 "$ARCHIVE/docs/cr.pdf" >"$TMP/want"
cmp -s "$TMP/body" "$TMP/want"; ok $? "... the last 20 bytes"
is "$(http /archive/docs/cr.pdf -H "Range: bytes=$pdf-")" 416 "a range past the end: 416"
is "$(header Content-Range)" "bytes */$pdf" "... with Content-Range: bytes */size"
is "$(http /archive/docs/cr.pdf -H 'Range: bytes=0-1,5-6')" 200 "several ranges: the whole file"
is "$(http /archive/docs/cr.pdf -H 'Range: bytes=0-9' -H 'If-Range: "stale"')" 200 "If-Range with an old ETag: the whole file"

# ---- Never outside the folder, no listing ---------------------------
for p in '/archive/../T400' '/archive/docs/../../etc/passwd' '/archive/%2e%2e/etc/passwd' \
         '/archive/%2E%2E/%2E%2E/etc/passwd' '/archive/docs%2f..%2f..%2fetc%2fpasswd' \
         '/archive/docs%2Fcr.pdf' '/archive//etc/passwd' '/archive/%2fetc%2fpasswd' \
         '/archive/docs\..\..\etc\passwd' '/archive/docs%5ccr.pdf' '/archive/docs/cr.pdf%00.txt' \
         '/archive/docs/leak.txt' '/archive/out/secret.txt' '/archive/docs' '/archive/docs/' \
         '/archive/' '/archive/.hidden' '/archive/docs/./cr.pdf' '/archive/%' \
         '/..%2f..%2fetc/passwd' '/%2e%2e/%2e%2e/etc/passwd'; do
    is "$(http "$p")" 404 "404 for $p"
    unlike "$(cat "$TMP/body")" 'secret|root:' "... and nothing of it"
done
longpath=/archive/$(head -c 5000 /dev/zero | tr '\0' 'a')
is "$(http "$longpath")" 404 "a path over the bound: 404"

# ---- Access log and a clean stop -----------------------------------
like "$(cat "$TMP/access.log")" 'GET /archive/docs/cr\.pdf 206 100 [0-9.]+ms' "access log: method, path, status, bytes, ms"
like "$(cat "$TMP/access.log")" 'POST / 405 ' "... for refused requests too"
unlike "$(cat "$TMP/access.log")" '/api/search\?' "... paths only, without the query string"
stop_server; ok $? "SIGTERM stops the server cleanly (exit 0, no leak)"
done_testing
