#!/bin/bash
# T731-heavy-load -- heavy searches in parallel stay within their budget.
# Eight clients send the most expensive queries the grammar allows (16
# wildcards, OR and AND, per_page=100; NEAR groups; 40 frequent words;
# sorted by date with facets), three times each, while a ninth asks for
# light ones (/healthz, a plain word in French and in English). Every
# answer is a 200, a heavy one takes under 15 s (its search stops at
# --time-limit: 0.3 s of CPU, 1.5 s on the wall clock; the rest is
# waiting for a CPU on a loaded machine, under ASan), and the server
# spends under 0.25 s of CPU a request on average (before the budget:
# 0.4 s on average, 16 wildcards with per_page=100 over 1 s each, and the
# slowest answer came after 30 s).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-server.sh"
. "$(dirname "$0")/lib-budget.sh"

make_synth_index 160 || { ok 1 "a synthetic archive is indexed"; done_testing; }
ok 0 "160 synthetic PDFs are indexed"
start_server "$INDEX" --cache 0 || done_testing

W16="a* b* c* d* e* f* g* i* l* m* n* o* p* r* s* t*"
W16_OR=$(echo "$W16" | sed 's/ / OR /g')
FREQ="proposant illegales batiments proposition gardent renovait annonces
entrait usager demeures effacent organiserons collectif habitants listee
ordres renovera entre fait cette comme encore chaque etudiee alors deja
apres pendant toutes plus autres vers avant dont avoir ainsi etre notre"
NEARS=$(for i in 0 8 16 24; do
    printf '(%s)\n' "$(printf '%s\n' $FREQ | sed -n "$((i + 1)),$((i + 8))p" | paste -sd'|' | sed 's/|/ NEAR\/50 /g')"
done | paste -sd'|' | sed 's/|/ OR /g')
cat >"$TMP/heavy" <<EOF
/api/search?q=$(urlq "$W16_OR")&per_page=100
/api/search?q=$(urlq "$W16")&per_page=100
/api/search?q=$(urlq "$W16_OR")&per_page=100&sort=date&type=pdf&year=2010&year=2015
/api/search?q=$(urlq "$W16_OR")&per_page=100&page=50&sort=-date
/api/search?q=$(urlq "$NEARS")&per_page=100
/api/search?q=$(urlq "$(printf '%s\n' $FREQ | paste -sd'|' | sed 's/|/ OR /g')")&per_page=100
/api/search?q=$(urlq "$(echo "$W16_OR" | sed 's/\([a-z]\)\*/title:\1*/g')")&per_page=100
/api/search?q=$(urlq "e* a* 1")&per_page=100
EOF
for u in /healthz "/api/search?q=collectif" "/api/search?q=$(urlq 'the summer')" \
         "/api/suggest?q=pro"; do
    for i in $(seq 1 15); do printf '%s\n' "$u"; done
done >"$TMP/light"

c0=$(server_cpu)
pids=
for c in 1 2 3 4 5 6 7 8; do
    u=$(sed -n "${c}p" "$TMP/heavy")
    (for r in 1 2 3; do
        curl -s -o "$TMP/answer$c.$r" -w '%{http_code} %{time_total}\n' "$BASE$u"
    done >"$TMP/heavy.$c") &
    pids="$pids $!"
done
(while read -r u; do
    curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "$BASE$u"
done <"$TMP/light" >"$TMP/light.out") &
pids="$pids $!"
wait $pids
cpu=$(( $(server_cpu) - c0 ))
cat "$TMP"/heavy.[1-8] >"$TMP/heavy.out"

is "$(wc -l <"$TMP/heavy.out" | tr -d ' ')" 24 "24 heavy requests were made"
is "$(cut -d' ' -f1 "$TMP/heavy.out" | sort -u | tr '\n' ' ')" "200 " "... all answered 200"
slowest=$(cut -d' ' -f2 "$TMP/heavy.out" | sort -g | tail -1)
ok $(awk -v s="$slowest" 'BEGIN { exit !(s < 15) }'; echo $?) "... each within 15 s (slowest: $slowest s)"
ok $([ "$cpu" -lt $((24 * 250)) ]; echo $?) \
   "the server spent $cpu ms of CPU in all: under 0.25 s a heavy request"
is "$(cat "$TMP"/answer[1234].* | jq -r '.partial_reasons | index("wildcard") != null' | sort -u)" true \
   "the queries of 16 wildcards say they were cut to their share"
is "$(cut -d' ' -f1 "$TMP/light.out" | sort -u | tr '\n' ' ')" "200 " \
   "the $(wc -l <"$TMP/light.out" | tr -d ' ') light requests alongside were all answered 200"
diag "light requests: slowest $(cut -d' ' -f2 "$TMP/light.out" | sort -g | tail -1) s, median $(cut -d' ' -f2 "$TMP/light.out" | sort -g | sed -n 30p) s"
stop_server; ok $? "the server stops cleanly"
done_testing
