#!/bin/bash
# T430-server-budget -- no search costs the server more than its budget,
# whatever it asks. On 160 synthetic French PDFs, the most expensive
# queries the grammar allows (16 wildcards with per_page=100, AND or OR,
# sorted by date with facets, deep pages; title:/path: wildcards; 8
# phrases of common words; NEAR/ADJ groups; 64 frequent words; NOT chains;
# spelling of 64 garbage words) each cost the server under 0.5 s of CPU
# (before the budget, 16 wildcards with per_page=100 cost over 1 s here:
# the other pages of each hit ran the expanded query again). A wildcard
# cut to its share says so ("partial_reasons": ["wildcard"]); a search
# past --time-limit answers what it found ("time"); queries over the
# grammar's bounds are 400s that say which bound; suggest is cheap too.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-server.sh"
. "$(dirname "$0")/lib-budget.sh"

BUDGET_MS=500
make_synth_index 160 || { ok 1 "a synthetic archive is indexed"; done_testing; }
ok 0 "160 synthetic PDFs are indexed"
start_server "$INDEX" --cache 0 || done_testing

# Words that the synthetic texts use on most pages (bench/vocab.c).
FREQ="proposant illegales batiments proposition gardent renovait annonces
entrait usager demeures effacent organiserons collectif habitants listee
ordres renovera entre fait cette comme encore chaque etudiee alors deja
apres pendant toutes plus autres vers avant dont avoir ainsi etre notre"
http '/api/search?q=proposant' >/dev/null
ok $([ "$(jqb .total)" -gt 80 ]; echo $?) "the corpus has its frequent words ($(jqb .total) files with 'proposant')"

words() { printf '%s\n' $FREQ | head -n "$1" | paste -sd"$2" | sed "s/$2/ $3 /g"; }
W16="a* b* c* d* e* f* g* i* l* m* n* o* p* r* s* t*"
W16_OR=$(echo "$W16" | sed 's/ / OR /g')
PHRASES=$(for i in 0 1 2 3 4 5 6 7; do
    printf '"%s"\n' "$(printf '%s\n' $FREQ | sed -n "$((i + 1)),$((i + 7))p" | sort -r | paste -sd' ')"
done | paste -sd'|' | sed 's/|/ OR /g')
NEARS=$(for i in 0 4 8 12 16 20 24 28; do
    printf '(%s)\n' "$(printf '%s\n' $FREQ | sed -n "$((i + 1)),$((i + 8))p" | paste -sd'|' | sed 's/|/ NEAR\/50 /g')"
done | paste -sd'|' | sed 's/|/ OR /g')
GARBAGE=$(awk 'BEGIN { srand(3); for (i = 0; i < 64; i++) { w = "";
    for (j = 0; j < 9; j++) w = w sprintf("%c", 97 + int(rand() * 26)); printf "%s ", w } }')

heavy() {   # NAME QUERY [EXTRA PARAMETERS]
    set -- "$1" "/api/search?q=$(urlq "$2")$3"
    r=$(cpu_of "$2")
    ms=${r#* }
    total_ms=$((total_ms + ms))
    ok $([ "${r% *}" = 200 ] && [ "$ms" -lt $BUDGET_MS ]; echo $?) \
       "$1: 200 in $ms ms of server CPU (< $BUDGET_MS)"
}
total_ms=0
heavy "e* a* 1, per_page=100" 'e* a* 1' '&per_page=100'
heavy "16 wildcards OR, per_page=100" "$W16_OR" '&per_page=100'
is "$(jqb -c .partial_reasons)" '["wildcard"]' "... cut to their share of the expansion, and saying so"
is "$(jqb '.hits | length')" 100 "... with 100 hits"
is "$(jqb '[.hits[] | .other_pages | length <= 5 and . == sort] | all')" true "... whose other pages are found too"
like "$(jqb '[.hits[].other_pages | length] | add')" '^[1-9]' "... (some)"
heavy "16 wildcards AND, per_page=100" "$W16" '&per_page=100'
heavy "16 wildcards OR, by date, filtered, facets" "$W16_OR" '&per_page=100&sort=date&type=pdf&type=html&year=2010&year=2015&year=2020'
heavy "16 wildcards OR, page 100 of 100" "$W16_OR" '&per_page=100&page=100&sort=-date'
heavy "title: and path: wildcards" "$(for c in a c d e l m p s; do printf 'title:%s* OR path:%s* OR ' $c $c; done) x" '&per_page=100'
heavy "8 phrases of 7 common words" "$PHRASES" '&per_page=100'
heavy "8 NEAR/50 groups of 8 words" "$NEARS" '&per_page=100'
heavy "8 ADJ/50 groups of 8 words" "$(echo "$NEARS" | sed 's/NEAR/ADJ/g')" '&per_page=100'
heavy "40 frequent words OR" "$(words 40 '|' OR)" '&per_page=100'
heavy "40 frequent words AND" "$(words 40 '|' AND)" '&per_page=100'
heavy "a word and 39 NOTs" "proposant $(printf '%s\n' $FREQ | sed 1d | sed 's/^/-/' | paste -sd' ')" '&per_page=100'
heavy "NOT alone, by date" 'NOT zzzz' '&per_page=100&sort=date'
heavy "everything, by date, with facets" '' '&per_page=100&sort=-date&type=pdf&year=2010&year=2011'
heavy "64 garbage words (spelling)" "$GARBAGE" ''
diag "server CPU for the heavy queries above: $total_ms ms in all"

# ---- Bounds of the grammar: 400 saying which ------------------------
refused() {   # NAME QUERY PATTERN
    is "$(http "/api/search?q=$(urlq "$2")")" 400 "$1: 400"
    like "$(jqb .error.message)" "$3" "... $(jqb .error.message)"
}
refused "17 wildcards" "$W16 u*" 'at most 16'
refused "65 words" "$(awk 'BEGIN { for (i = 0; i < 65; i++) printf "mot%d ", i }')" 'too many words'
refused "9 phrases" "$PHRASES OR \"proposant illegales\"" 'phrases'
refused "a phrase of 17 words" "\"$(words 17 '|' '' | tr -s ' ')\"" 'phrase'
refused "NEAR/51" 'proposant NEAR/51 illegales' 'NEAR or ADJ window'
refused "nesting 14 deep" "$(awk 'BEGIN { for (i = 0; i < 14; i++) printf "(a%d %s ", i, i % 2 ? "AND" : "OR";
    printf "b"; for (i = 0; i < 14; i++) printf ")" }')" 'nested'
is "$(http "/api/search?q=$(urlq 'économie NEAR/50 état')")" 200 "NEAR/50 is within bounds (French: économie NEAR/50 état)"
is "$(http "/api/search?q=$(urlq 'public* service*')")" 200 "two wildcards are fine (English: public* service*)"
is "$(jqb .partial)" false "... and not partial when each matches less than its share"

# ---- Suggest ---------------------------------------------------------
for q in p a "$(printf 'x%.0s' $(seq 1 1000))" "proposant illegales b"; do
    r=$(cpu_of "/api/suggest?q=$(urlq "$q")")
    ok $([ "${r% *}" = 200 ] && [ "${r#* }" -lt 100 ]; echo $?) \
       "suggest '$(printf '%s' "$q" | cut -c1-24)': 200 in ${r#* } ms of CPU (< 100)"
done
stop_server; ok $? "the server stops cleanly"

# ---- The time limit --------------------------------------------------
start_server "$INDEX" --cache 0 --time-limit 1 || done_testing
r=$(cpu_of "/api/search?q=$(urlq "$W16_OR")&per_page=100&sort=date")
is "${r% *}" 200 "--time-limit 1: a heavy search still answers 200"
is "$(jqb -c .partial_reasons)" '["wildcard","time"]' "... partial, cut by time"
ok $([ "${r#* }" -lt 200 ]; echo $?) "... having spent ${r#* } ms of CPU"
like "$(jqb .total)" '^[0-9]+$' "... with a total of what it looked at ($(jqb .total))"
is "$("$SERVER" --time-limit 0 2>&1 >/dev/null; echo $?)" "server: --time-limit wants 1 to 60000 (ms)
2" "--time-limit 0 is refused with exit status 2"
stop_server; ok $? "the server stops cleanly"
done_testing
