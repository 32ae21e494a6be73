#!/bin/sh
# T470-api-openapi -- docs/openapi.json describes the API as it answers:
# real answers of every endpoint (and its errors) fit their schemas (no
# member missing, none undescribed, every type and enum right: checked by
# tests/openapi-check.jq), each status answered is one the description
# lists, and the description has the same paths and parameters as the
# server's route table (server/routes.c). A doctored answer is caught, so
# the check can fail.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-server.sh"

SPEC=$FOUILLE_SRC/docs/openapi.json
CHECK=$FOUILLE_SRC/tests/openapi-check.jq
ok "$(jq -e '.openapi | startswith("3.")' "$SPEC" >/dev/null; echo $?)" "docs/openapi.json is OpenAPI 3 JSON"

ARCHIVE=$TMP/archive
cp -R "$FOUILLE_SRC/archive" "$ARCHIVE"
echo '{"title": "Archive", "description": "Test.", "collections": {"lettres": "Lettres"}}' \
    >"$ARCHIVE/.fouille.json"
index_archive "$TMP/index" "$ARCHIVE" >/dev/null
start_server "$TMP/index" || done_testing

# fits SCHEMA FILE: the errors of FILE against SCHEMA (none: "").
fits() { jq -r --slurpfile spec "$SPEC" --arg schema "$1" -f "$CHECK" "$2"; }

# answer URL SCHEMA TEMPLATE: GET URL; its status is listed for the
# TEMPLATE path of the description, and its body fits SCHEMA.
answer() {
    _st=$(http "$1")
    _listed=$(jq -r --arg p "$3" --arg s "$_st" '.paths[$p].get.responses | has($s)' "$SPEC")
    is "$_listed" true "$1: status $_st is described"
    is "$(fits "$2" "$TMP/body")" "" "$1: the answer fits $2"
    is "$(header X-Fouille-API)" "$(jq -r .info.version "$SPEC")" "$1: X-Fouille-API is the described version"
}

answer '/api/search?q=association' SearchAnswer /api/search
answer '/api/search?q=subvention&type=pdf&folder=comptes-rendus' SearchAnswer /api/search
answer '/api/search?q=subvension' SearchAnswer /api/search
answer '/api/search?year=none' SearchAnswer /api/search
answer '/api/documents?per_page=3&sort=date' DocumentList /api/documents
http '/api/search?q=marchandisation' >/dev/null
ID=$(jqb '.hits[0].id')
answer "/api/documents/$ID" DocumentDetail '/api/documents/{id}'
answer "/api/documents/$ID/similar?limit=2" Similar '/api/documents/{id}/similar'
answer '/api/suggest?q=subv' Suggestions /api/suggest
answer /api/stats Stats /api/stats
answer /healthz Health /healthz
answer '/api/search?nope=1' Error /api/search
answer '/api/documents?q=x' Error /api/documents
answer /api/documents/0123456789abcdef Error '/api/documents/{id}'
answer "/api/documents/$ID/similar?limit=99" Error '/api/documents/{id}/similar'
answer '/indexes/archive/search?q=subvention&facets=type,year&attributesToHighlight=title' \
       MeiliSearchAnswer /indexes/archive/search
answer '/indexes/archive/search?q=subvention&hitsPerPage=2&page=2' MeiliSearchAnswer /indexes/archive/search
answer '/indexes/archive/search?filter=year%20%3E%202020' MeiliError /indexes/archive/search

# The check can fail: a doctored answer is caught.
http '/api/search?q=association' >/dev/null
jq 'del(.total) | .hits[0].date = 5 | .hits[0].extra = 1 | .hits[0].type = "doc"' "$TMP/body" >"$TMP/bad.json"
bad=$(fits SearchAnswer "$TMP/bad.json")
like "$bad" '^\$: no member total$' "a missing member is caught"
like "$bad" '^\$\.hits\[0\]\.date: integer, not' "a wrong type is caught"
like "$bad" 'member extra is not described' "an undescribed member is caught"
like "$bad" 'type: "doc" is not one of' "a value outside its enum is caught"

# The description and the route table name the same API.
ROUTES=$FOUILLE_SRC/server/routes.c
params_of() {   # the parameters the route table gives PATH, sorted
    sed -n "s|^ *{ \"$1\", *ROUTE_[A-Z]*, *[^,]*, *\"\\([^\"]*\\)\".*|\\1|p" "$ROUTES" |
        tr ' ' '\n' | tr -d '*' | sed '/^$/d' | sort | tr '\n' ' '
}
described() {   # the query parameters the description gives PATH, sorted
    jq -r --arg p "$1" '[(.paths[$p].get.parameters // [])[] | select(.in == "query") | .name] | sort | join(" ")' "$SPEC" |
        sed 's/$/ /; s/^ $//'
}
for p in /api/search /api/documents /api/suggest /api/stats /healthz /indexes/archive/search; do
    is "$(described "$p")" "$(params_of "$p")" "$p: the same parameters as the route table"
done
is "$(described '/api/documents/{id}/similar')" "$(params_of /api/documents/)" \
   "/api/documents/{id}/similar: the parameters of the /api/documents/ route"
routes=$(sed -n 's|^ *{ "\(/api/[a-z]*\)", *ROUTE_EXACT.*|\1|p; s|^ *{ "\(/healthz\)",.*|\1|p; s|^ *{ "\(/indexes/[a-z/]*\)", *ROUTE_EXACT.*|\1|p' "$ROUTES" | sort | tr '\n' ' ')
paths=$(jq -r '[.paths | keys[] | select(test("[{]") | not)] | sort | join(" ")' "$SPEC")
is "$paths " "$routes" "every exact API route is described, and nothing else"

stop_server
ok $? "the server stops cleanly"
done_testing
