#!/bin/sh
# T441-typing -- what a person sees while typing and reading (issue 11),
# through the API over the fixture archive tests/fixtures/relevance/:
# search as you type (partial=1: the last word is also a prefix, exact
# matches first), completions among the documents that match the words
# before (keeping an elision), "did you mean" only when it makes sense,
# the words left out when all together find nothing, phrase snippets,
# no Markdown in snippets, exact totals.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-server.sh"

cp -R "$FOUILLE_SRC/tests/fixtures/relevance" "$TMP/arch"
index_archive "$TMP/index" "$TMP/arch" >/dev/null
ok $? "the fixture archive is indexed"
ARCHIVE=$TMP/arch
start_server "$TMP/index" --cache 0 || done_testing

# q TEXT: TEXT percent-encoded for a query string.
q() { printf '%s' "$1" | jq -sRr @uri; }

# ---- search as you type -------------------------------------------------
http "/api/search?q=$(q 'contrat impact soc')&partial=1" >/dev/null
like "$(jqb .total)" '^[1-9]' "partial=1: « contrat impact soc » finds the pages on « social »"
like "$(jqb '.hits[0].path')" '^dossiers/impact-[12]\.txt$' \
     "... a contract page first (the two score alike: either)"
http "/api/search?q=$(q 'contrat impact soc')" >/dev/null
is "$(jqb '.ignored_words | join(",")')" soc \
   "without partial=1 the last word is a whole word (none has it: left out)"
missing=""
for p in ec eco econ econo econom economi economie; do
    http "/api/search?q=$p&partial=1" >/dev/null
    [ "$(jqb .total)" -gt 0 ] 2>/dev/null || missing="$missing $p"
done
is "$missing" "" "partial=1: every prefix of « économie » finds something"
http "/api/search?q=economie&partial=1" >/dev/null
is "$(jqb '.hits[0].path')" eco/budget-associatif.txt \
   "partial=1: a whole word typed still comes first (économie before the économique pages)"
http "/api/search?q=econo&partial=1" >/dev/null
like "$(jqb '.hits[0].snippet')" '<mark>[ée]conomi(e|que)s?</mark>' \
     "partial=1: the word « econo » was completed into is marked in the snippet (économie, économique)"
http "/api/search?q=$(q 'contrat impact soc')&partial=1" >/dev/null
like "$(jqb '.hits[0].snippet')" '<mark>social' "... and « soc » completed into « social » after whole words"
http "/api/search?q=$(q 'subvention ')&partial=1" >/dev/null
is "$(jqb '[.hits[].path] | map(startswith("financement/")) | all')" true \
   "partial=1 with a trailing space: the last word is whole"

# ---- completions ----------------------------------------------------------
http "/api/suggest?q=$(q 'contrat imp')" >/dev/null
is "$(jqb '.suggestions[0] // .[0] // empty' 2>/dev/null)" "contrat impact" \
   "contrat imp -> « contrat impact »: completed among the pages with « contrat »"
unlike "$(cat "$TMP/body")" 'imprimerie' "... not « imprimerie », frequent but never with « contrat »"
http "/api/suggest?q=$(q "l'eval")" >/dev/null
like "$(cat "$TMP/body")" "l'évaluat" "l'eval -> « l'évaluation »: the elision typed is kept"

# ---- corrections -----------------------------------------------------------
http "/api/search?q=$(q 'CR mai')" >/dev/null
is "$(jqb '.hits[0].path')" cr/2022_CR19_mai.txt "CR mai finds the minutes of May"
is "$(jqb .suggestion)" null "CR mai: no « did you mean » (an abbreviation, a word of the index)"
http "/api/search?q=$(q 'subvension')" >/dev/null
is "$(jqb .suggestion)" subvention "a real misspelling is still corrected: subvension -> subvention"

# ---- words left out ---------------------------------------------------------
http "/api/search?q=$(q 'subvention plomberie')" >/dev/null
like "$(jqb .total)" '^[1-9]' "subvention plomberie: the pages with « subvention » answer"
is "$(jqb '.ignored_words | join(",")')" plomberie "... and the answer says « plomberie » was left out"
http "/api/search?q=subvention" >/dev/null
is "$(jqb '.ignored_words // [] | length')" 0 "a query found whole leaves nothing out"

# ---- snippets ----------------------------------------------------------------
http "/api/search?q=$(q '"appel à projets"')" >/dev/null
s=$(jqb '.hits[0].snippet')
like "$s" '<mark>appel à projets</mark>' "a phrase is marked as a phrase"
unlike "$s" '<mark>(à|À|projets)</mark>' "... not each of its words elsewhere"
http "/api/search?q=kermesse" >/dev/null
s=$(jqb '.hits[0].snippet')
like "$s" '<mark>kermesse</mark>' "a Markdown note answers with a snippet"
unlike "$s" '\*\*|##|\]\(|\|--' "... without its Markdown syntax"
http "/api/search?q=$(q 'subvention fonctionnement')" >/dev/null
unlike "$(jqb '[.hits[].snippet] | join("\n")')" '[[:alnum:]]…|…[[:alnum:]]' "snippets are never cut in a word"

# ---- totals --------------------------------------------------------------------
http "/api/search?q=associations&per_page=100" >/dev/null
is "$(jqb .total)" "$(jqb '[.hits[].path] | unique | length')" "total is the exact number of files"
is "$(jqb '[.facets.type[]] | add')" "$(jqb .total)" "... which the type facets add up to"

done_testing
