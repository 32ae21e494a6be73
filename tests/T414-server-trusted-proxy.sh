#!/bin/bash
# T414-server-trusted-proxy -- X-Forwarded-For and X-Forwarded-Prefix count
# only from a peer named by --trusted-proxy (here 127.0.0.1): then the
# access log shows the forwarded client (the right-most address that is
# not a trusted proxy) and every URL of the JSON answers starts with the
# prefix; from another peer (127.0.0.2) both headers are ignored. A prefix
# that is not a plain path is ignored. Answers with and without a prefix
# are cached apart. Bad --trusted-proxy values are refused.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-server.sh"

"$SERVER" --trusted-proxy exemple.org 2>"$TMP/err"
is $? 2 "--trusted-proxy with a name: usage error (2)"
like "$(cat "$TMP/err")" 'exemple\.org' "... naming it"
"$SERVER" --trusted-proxy 10.0.0.0/40 2>/dev/null
is $? 2 "--trusted-proxy with a bad prefix length: usage error (2)"

index_archive "$TMP/index" >/dev/null
FOUILLE_TRUSTED_PROXY='127.0.0.1 ::1' start_server "$TMP/index" || done_testing
q='/api/search?q=budget'

# From the trusted proxy.
is "$(http "$q" -H 'X-Forwarded-For: 6.6.6.6, 198.51.100.7' -H 'X-Forwarded-Prefix: /recherche')" 200 \
   "a search through the trusted proxy"
like "$(log_last)" '^[^ ]+ 198\.51\.100\.7 GET /api/search 200 ' \
     "... is logged with the forwarded client (the right-most entry, not the forged one)"
url=$(jqb '.hits[0].url')
like "$url" '^/recherche/archive/' "... its hit URLs start with the prefix ($url)"
is "$(jqb '[.hits[].url | startswith("/recherche/archive/")] | all')" true "... all of them"
id=$(jqb '.hits[0].id')
http "/api/documents/$id" -H 'X-Forwarded-Prefix: /recherche/' >/dev/null
like "$(jqb .url)" '^/recherche/archive/' "a document's URL too (a final slash dropped)"
http "/api/documents/$id" >/dev/null
like "$(jqb .url)" '^/archive/' "without the header, no prefix"
http "$q" >/dev/null
like "$(jqb '.hits[0].url')" '^/archive/' "the same search without a prefix is not answered from the cache of the prefixed one"
like "$(log_last)" '^[^ ]+ 127\.0\.0\.1 GET ' "... and is logged with the peer's address"
http "$q" -H 'X-Forwarded-Prefix: /"><script>alert(1)</script>' >/dev/null
like "$(jqb '.hits[0].url')" '^/archive/' "a prefix that is no plain path is ignored"
http "$q" -H 'X-Forwarded-Prefix: //evil.example' >/dev/null
like "$(jqb '.hits[0].url')" '^/archive/' "... so is one naming another host"
http "$q" -H 'X-Forwarded-For: nonsense' >/dev/null
like "$(log_last)" '^[^ ]+ 127\.0\.0\.1 GET ' "an X-Forwarded-For that is no address: the peer's"

# From another peer: nothing believed.
is "$(http "$q" --interface 127.0.0.2 -H 'X-Forwarded-For: 198.51.100.7' -H 'X-Forwarded-Prefix: /recherche')" 200 \
   "a search from an untrusted peer"
like "$(log_last)" '^[^ ]+ 127\.0\.0\.2 GET /api/search 200 ' "... is logged with its own address"
like "$(jqb '.hits[0].url')" '^/archive/' "... and its URLs have no prefix"

stop_server; ok $? "the server stops cleanly"
done_testing
