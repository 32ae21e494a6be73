#!/bin/bash
# T600-shards -- an index in two shards read as one (issue 17,
# docs/scaling.md): the sample archive's folders split between two
# indexes, served by two xapian-tcpsrv on loopback ports and named by a
# stub file of "remote HOST:PORT" lines, or by one of "auto PATH" lines.
# The same queries (bench/judged.tsv: « contrats à impact social »,
# « subvention »…) give the same top 10 in the same order (paths, pages,
# other pages of a PDF, snippets: over remote shards the page numbers come
# with the match, not from each page's document), the same totals and
# the same facets as one index of the whole archive; so do a
# type filter and a date order; documents by id, completions (« asso »)
# and the stats (files and pages of both shards) too. "Did you mean"
# works over local shards, and over remote ones from the copies of their
# spelling tables the stub names ("spelling PATH", made by the indexer's
# --spelling-copy: Xapian's remote protocol carries no spelling data). A remote shard down, killed
# under load: partial answers from the other shard, saying which is down,
# /healthz "degraded", per-shard stats, never a 5xx; then full answers
# once it is back, without a restart.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-server.sh"
. "$(dirname "$0")/lib-shards.sh"

command -v xapian-tcpsrv >/dev/null || skip_all "xapian-tcpsrv not installed (make deps-test)"

# Split the sample archive's folders between two archives, alternately.
mkdir -p "$TMP/a" "$TMP/b"
n=0
for d in "$FOUILLE_SRC"/archive/*/; do
    if [ $((n % 2)) = 0 ]; then cp -R "$d" "$TMP/a/"; else cp -R "$d" "$TMP/b/"; fi
    n=$((n + 1))
done
index_archive "$TMP/full" >/dev/null &&
"$INDEXER" --quiet --index "$TMP/s1" --spelling-copy "$TMP/s1.spelling" "$TMP/a" >/dev/null &&
"$INDEXER" --quiet --index "$TMP/s2" --spelling-copy "$TMP/s2.spelling" "$TMP/b" >/dev/null
ok $? "the whole archive and its two halves are indexed, with copies of their spelling"

# tcpsrv INDEX: serve INDEX on a free loopback port; sets PORT. In a
# session of its own (on SIGTERM xapian-tcpsrv kills its process group),
# stopped at the end with the children serving each connection.
tcpsrv() {
    PORT=$(free_port)
    setsid xapian-tcpsrv --quiet --interface 127.0.0.1 --port "$PORT" "$1" \
        >>"$TMP/tcpsrv.err" 2>&1 &
    TPID=$!
    at_exit "kill -- -$TPID"
    for _i in $(seq 1 100); do
        (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && return 0
        sleep 0.05
    done
    return 1
}
tcpsrv "$TMP/s1" && P1=$PORT && tcpsrv "$TMP/s2" && P2=$PORT && T2=$TPID
ok $? "two xapian-tcpsrv serve the shards on loopback ports"
printf '# the two halves\nremote 127.0.0.1:%s\nremote 127.0.0.1:%s\n' "$P1" "$P2" >"$TMP/remote.stub"
cp "$TMP/remote.stub" "$TMP/nospell.stub"
printf 'spelling s1.spelling\nspelling %s/s2.spelling\n' "$TMP" >>"$TMP/remote.stub"
printf 'auto s1\nauto %s/s2\n' "$TMP" >"$TMP/local.stub"

start_server "$TMP/full" --cache 0 || done_testing
FULL=$BASE
start_server "$TMP/remote.stub" --cache 0 || done_testing
REMOTE=$BASE
RPID=$SERVER_PID
start_server "$TMP/local.stub" --cache 0 || done_testing
LOCAL=$BASE
start_server "$TMP/nospell.stub" --cache 0 || done_testing
NOSPELL=$BASE

judged_urls
ok $((${#urls[@]} < 30)) "at least 30 judged queries (${#urls[@]})"
urls+=("/api/search?q=association&type=pdf" "/api/search?q=collectif&sort=-date"
       "/api/search?q=$(q 'réunion -mars')")
# Oldest first, undated pages come first over remote shards (no key
# maker there): the same files, dated ones in the same order.
dated() { curl -s "$1/api/search?q=collectif&sort=date" | jq -c '[.hits[] | select(.date) | .path]'; }
got=$(dated "$REMOTE")
is "$got" "$(dated "$FULL" | jq -c ".[:$(printf '%s' "$got" | jq length)]")" \
   "oldest first over remote shards: dated files in the same order"

is "$(compare "$FULL" "$REMOTE" "${urls[@]}")" "" "2 remote shards: same totals, top 10 in order (paths, pages, other pages, snippets), facets as one index"
is "$(compare "$FULL" "$LOCAL" "${urls[@]}")" "" "2 local shards: the same"
nonempty=$(for u in "${urls[@]}"; do answer "$FULL" "$u"; done | grep -c '^\[[1-9]')
ok $((nonempty < 25)) "... on queries that find something ($nonempty)"
judged=("${urls[@]}")
wildcard_urls
is "$(compare "$FULL" "$REMOTE" "${urls[@]}")" "" \
   "wildcards and words being typed (« con* », « contrats impa »): 2 remote shards answer as one index"
is "$(compare "$FULL" "$LOCAL" "${urls[@]}")" "" "... 2 local shards too"
urls=("${judged[@]}")

http "/api/search?q=contrat" >/dev/null
id=$(jqb '.hits[0].id')
want=$(jqb '.hits[0].path')
BASE=$REMOTE
is "$(http "/api/documents/$id")" 200 "a document by id through the remote shards"
is "$(jqb .path)" "$want" "... the right one"

for base in "$REMOTE" "$LOCAL"; do
    is "$(curl -s "$base/api/suggest?q=asso")" "$(curl -s "$FULL/api/suggest?q=asso")" \
       "completions of « asso » as one index ($base)"
    is "$(curl -s "$base/api/stats" | jq -c '[.documents, .pages, .by_type]')" \
       "$(curl -s "$FULL/api/stats" | jq -c '[.documents, .pages, .by_type]')" \
       "stats count the files and pages of every shard ($base)"
done

is "$(curl -s "$LOCAL/api/search?q=contrt" | jq -r .suggestion)" contrat \
   "local shards: « contrt » -> did you mean « contrat »"
is "$(curl -s "$NOSPELL/api/search?q=contrt" | jq -r .suggestion)" null \
   "remote shards without spelling copies: no « did you mean » (no spelling in the remote protocol)"
for q in contrt subvension "reunoin mars" "asociation"; do
    is "$(curl -s "$REMOTE/api/search?q=$(q "$q")" | jq -r .suggestion)" \
       "$(curl -s "$FULL/api/search?q=$(q "$q")" | jq -r .suggestion)" \
       "remote shards with their spelling copies: « $q » -> the one index's « did you mean »"
done
is "$(curl -s "$REMOTE/api/search?q=contrt" | jq -r .suggestion)" contrat "... « contrt » -> « contrat »"
# Completions read every shard's words (all-terms iteration is in the
# remote protocol): words found in one half only complete too.
for p in sub "contrat imp" rap; do
    is "$(curl -s "$REMOTE/api/suggest?q=$(q "$p")")" "$(curl -s "$FULL/api/suggest?q=$(q "$p")")" \
       "completions of « $p » over remote shards as one index"
done
is "$(curl -s -o /dev/null -w '%{http_code}' "$REMOTE/healthz")" 200 "/healthz over remote shards"

# ---- a shard that is down --------------------------------------------
# The server answers from the shards it has, says which is down
# ("partial": true, "partial_reasons": ["shards"], "shards_down"), and
# /healthz says "degraded" (still 200: it answers); once the shard is
# back on its port the server reconnects by itself and answers in full.
# Under a bounded load (3 clients, 6 s at most), no request gets a 5xx.
# seen BASE URL N: "STATUS [PARTIAL, SHARDS_DOWN]" of one request of
# client N.
seen() {
    _code=$(curl -s -o "$TMP/seen.$3" -w '%{http_code}' "$1$2")
    printf '%s %s\n' "$_code" "$(jq -c '[.partial, .shards_down]' "$TMP/seen.$3" 2>/dev/null)"
}
load() {
    _n=0
    while [ ! -e "$TMP/stop" ] && [ $_n -lt 400 ]; do
        for _u in "/api/search?q=contrat" "/api/search?q=$(q 'réunion -mars')" "/api/suggest?q=asso"; do
            seen "$REMOTE" "$_u" "$1"
        done
        _n=$((_n + 1))
    done >"$TMP/load.$1"
}
rm -f "$TMP/stop"
for c in 1 2 3; do load $c & eval "L$c=\$!"; done
sleep 1
kill -- -"$T2"
sleep 0.5
start_server "$TMP/s1" --cache 0 || done_testing
S1=$BASE
BASE=$REMOTE
is "$(http "/api/search?q=contrat")" 200 "a remote shard down: the search still answers 200"
is "$(jqb -c '[.partial, .partial_reasons, .shards_down]')" "[true,[\"shards\"],[\"127.0.0.1:$P2\"]]" \
   "... partial, because of the shards, naming the one down"
is "$(jqb -c '[.total, [.hits[].path], .facets]')" \
   "$(curl -s "$S1/api/search?q=contrat" | jq -c '[.total, [.hits[].path], .facets]')" \
   "... with the answer of the shard that is up (« contrat »: same total, hits, facets)"
is "$(http /healthz)" 200 "/healthz with a shard down: 200 (the server answers)"
is "$(jqb -c '[.status, .shards_down]')" "[\"degraded\",[\"127.0.0.1:$P2\"]]" "... status degraded, naming it"
is "$(http "/indexes/archive/search?q=contrat")" 200 "the Meilisearch route with a shard down: 200"
is "$(jqb -c '[.partial, .partial_reasons, .shards_down, .estimatedTotalHits]')" \
   "[true,[\"shards\"],[\"127.0.0.1:$P2\"],$(curl -s "$S1/api/search?q=contrat" | jq .total)]" \
   "... partial too, naming the shard down, with the total of the shard up"
http /api/stats >/dev/null
is "$(jqb -c "[.shards[] | [.name, .kind, .up, (.error != null), .down_since != null]]")" \
   "[[\"127.0.0.1:$P1\",\"remote\",true,false,false],[\"127.0.0.1:$P2\",\"remote\",false,true,true]]" \
   "/api/stats: each shard, up or down, why and since when"
is "$(jqb '.shards[1].lost >= 1 and .shards[0].documents > 0 and .shards[1].documents == 0')" true \
   "... the down one lost once at least; files counted per shard"
is "$(jqb .documents)" "$(curl -s "$S1/api/stats" | jq .documents)" "... documents: those of the shards up"
setsid xapian-tcpsrv --quiet --interface 127.0.0.1 --port "$P2" "$TMP/s2" >>"$TMP/tcpsrv.err" 2>&1 &
at_exit "kill -- -$!"
st=
for i in $(seq 1 50); do
    st=$(curl -s "$REMOTE/api/search?q=contrat" | jq -c .shards_down)
    [ "$st" = "[]" ] && break; sleep 0.2
done
is "$st" "[]" "the shard back: the server reconnects by itself"
sleep 2.5          # every reader thread has retried by now
is "$(answer "$REMOTE" "/api/search?q=contrat")" "$(answer "$FULL" "/api/search?q=contrat")" "... and answers in full"
is "$(curl -s "$REMOTE/healthz" | jq -r .status)" ok "... /healthz ok again"
is "$(curl -s "$REMOTE/indexes/archive/search?q=contrat" | jq -c 'has("partial")')" false \
   "... and the Meilisearch route's full answer has Meilisearch's members only"
touch "$TMP/stop"
wait "$L1" "$L2" "$L3"
cat "$TMP"/load.* >"$TMP/load"
is "$(grep -vc '^200 ' "$TMP/load")" 0 "under load ($(wc -l <"$TMP/load") requests): every answer a 200, no 5xx"
ok $(( $(grep -c "^200 \[true,\[\"127.0.0.1:$P2\"\]\]" "$TMP/load") == 0 )) "... partial answers while the shard was down"
is "$(for c in 1 2 3; do tail -3 "$TMP/load.$c"; done | sort -u | tr '\n' ' ')" '200 [false,[]] 200 [null,null] ' \
   "... full answers at the end, on every client"

done_testing
