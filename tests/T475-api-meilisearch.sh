#!/bin/sh
# T475-api-meilisearch -- /indexes/archive/search answers the published
# Meilisearch JavaScript client (tests/browser/meili-client.mjs, the
# version pinned in tests/browser/package.json) as Meilisearch would: q,
# limit/offset and hitsPerPage/page, filter strings and arrays, facets,
# _formatted with <em> (escaped), errors as MeilisearchApiError with
# Meilisearch's codes; and the transport of its POST body: JSON only
# (415), at most 16 KiB (413), POST on that route only (405 elsewhere),
# the CORS preflight allowing POST and Content-Type there.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-server.sh"
. "$(dirname "$0")/lib-browser.sh"

command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 ||
    skip_all "no node/npm (make deps installs them)"
browser_npm meilisearch

ARCHIVE=$TMP/archive
cp -R "$FOUILLE_SRC/archive" "$ARCHIVE"
cat >"$ARCHIVE/articles/piege.html" <<'HTML'
<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8">
<title>&lt;b&gt;Zygomatique&lt;/b&gt; &amp; &lt;img src=x onerror=alert(1)&gt;</title></head>
<body><p>Un titre zygomatique peut contenir du HTML, montré comme du texte.</p></body></html>
HTML
index_archive "$TMP/index" "$ARCHIVE" >/dev/null || {
    echo "Bail out! the test archive could not be indexed"; exit 1; }
start_server "$TMP/index" --cors https://front.example || { echo "Bail out! server did not start"; exit 1; }

export BASE
browser_run meili-client.mjs

# The transport of the body, with curl.
R=/indexes/archive/search
JSON='-H Content-Type:application/json'
is "$(http $R $JSON -d '{"q":"subvention","limit":1}')" 200 "POST with a JSON body: 200"
is "$(jqb '.hits | length')" 1 "... limit 1: one hit"
is "$(http $R -H 'Content-Type: text/plain' -d '{"q":"x"}')" 415 "a body that is not JSON: 415"
is "$(jqb .code)" invalid_content_type "... code invalid_content_type, Meilisearch's"
is "$(http $R -d 'q=x')" 415 "a form body: 415"
head -c 17000 /dev/zero | tr '\0' ' ' >"$TMP/big.json"
is "$(http $R $JSON --data-binary @"$TMP/big.json")" 413 "a body over 16 KiB: 413"
is "$(jqb .code)" payload_too_large "... code payload_too_large"
is "$(http $R $JSON -H 'Transfer-Encoding: chunked' --data-binary @"$TMP/big.json")" 413 \
   "the same, chunked (no Content-Length): 413"
printf '{"q": "subvention", "limit": 1}%16000s' '' >"$TMP/fits.json"
is "$(http $R $JSON --data-binary @"$TMP/fits.json")" 200 "a body just under 16 KiB: 200"
is "$(http $R $JSON -d '{"q": "x",')" 400 "a body that does not parse: 400"
is "$(jqb .code)" malformed_payload "... code malformed_payload"
is "$(jqb '[.message, .code, .type, .link] | map(type == "string") | all')" true \
   "... {message, code, type, link}"
is "$(http $R $JSON -d '{"q": "x", "sort": ["date:desc"]}')" 400 "a member not supported: 400"
is "$(jqb .code)" bad_request "... code bad_request"
is "$(http $R $JSON -X PUT -d '{}')" 405 "PUT: 405"
is "$(header Allow)" "GET, HEAD, POST, OPTIONS" "... Allow names POST there"
is "$(http /api/search $JSON -d '{"q":"x"}')" 405 "a POST elsewhere (/api/search): 405"
is "$(http /api/search -X GET $JSON -d '{"q":"x"}')" 413 "a body with GET: 413"
is "$(http /api/search -X POST)" 405 "POST elsewhere: 405"
is "$(header Allow)" "GET, HEAD, OPTIONS" "... and Allow does not name it"
is "$(jqb .error.code)" method_not_allowed "... in fouille's error shape"
is "$(http "$R?q=subvention&limit=2&filter=type%20%3D%20pdf")" 200 "GET with the same names: 200"
is "$(jqb -c '[.hits[].type] | unique')" '["pdf"]' "... filtered"
is "$(http "$R?q=subvention&lmit=2")" 400 "GET with a misspelt parameter: 400"
is "$(jqb .code)" bad_request "... in Meilisearch's shape"

# Cross-origin front ends: the preflight allows POST and Content-Type.
is "$(http $R -X OPTIONS -H 'Origin: https://front.example' \
      -H 'Access-Control-Request-Method: POST' \
      -H 'Access-Control-Request-Headers: content-type, x-meilisearch-client')" 204 "preflight: 204"
like "$(header Access-Control-Allow-Methods)" 'POST' "... POST allowed"
like "$(header Access-Control-Allow-Headers)" 'Content-Type' "... Content-Type allowed"
like "$(header Access-Control-Allow-Headers)" 'X-Meilisearch-Client' "... the client's X-Meilisearch-Client allowed"
is "$(header Access-Control-Allow-Origin)" https://front.example "... for the allowed origin"
http $R $JSON -H 'Origin: https://front.example' -d '{"q":"x"}' >/dev/null
is "$(header Access-Control-Allow-Origin)" https://front.example "the POST's answer allows the origin"

stop_server
ok $? "the server stops cleanly"
done_testing
