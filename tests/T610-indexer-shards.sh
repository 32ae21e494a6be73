#!/bin/bash
# T610-indexer-shards -- bin/indexer --shards N (issue 17,
# docs/scaling.md): the sample archive in 3 shards (files split by a hash
# of their path, all pages of a file in one shard, a stub "shards" naming
# them) gives the server the same totals, top 10 paths in order and
# facets as one index (--shards 1) for the judged queries (« contrats à
# impact social », « subvention »…), and the same "did you mean"
# (« contrt » -> « contrat »). An incremental run writes only the shard of
# the file that changed; a file renamed into another shard moves there.
# Another N rebuilds: the stub then names the new shards, the old ones
# are gone, and a server left running follows without a restart; N = 1
# is one index, as before shards.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-server.sh"
. "$(dirname "$0")/lib-shards.sh"

A=$TMP/archive
cp -R "$FOUILLE_SRC/archive" "$A"
"$INDEXER" --quiet --shards 1 --index "$TMP/one" "$A" >/dev/null
ok $? "--shards 1: indexed"
is "$(ls "$TMP/one" | grep -c '^shard')" 0 "... one index, no shard (today's layout)"
"$INDEXER" --quiet --shards 3 --index "$TMP/three" "$A" >/dev/null
ok $? "--shards 3: indexed"
is "$(grep -v '^#' "$TMP/three/shards" | tr '\n' ' ')" "auto shard-3-1 auto shard-3-2 auto shard-3-3 " \
   "... a stub naming 3 shards"
is "$(cd "$TMP/three" && ls -d shard-3-? shard-3-?.spelling | sort | tr '\n' ' ')" \
   "shard-3-1 shard-3-1.spelling shard-3-2 shard-3-2.spelling shard-3-3 shard-3-3.spelling " \
   "... each an index folder, with a copy of its spelling table"

# pages SHARD: the pages a shard holds, by xapian-delve when there.
pages() { xapian-delve "$1" 2>/dev/null | sed -n 's/^number of documents = //p'; }
# state SHARD: its generation and revision (a compaction switches the
# generation, and the new one starts its revisions again).
state() { printf '%s %s' "$(cat "$1/XAPIANDB")" "$(xapian-delve "$1" 2>/dev/null | sed -n 's/^revision = //p')"; }
if command -v xapian-delve >/dev/null; then
    n1=$(pages "$TMP/three/shard-3-1"); n2=$(pages "$TMP/three/shard-3-2"); n3=$(pages "$TMP/three/shard-3-3")
    ok $(( n1 == 0 || n2 == 0 || n3 == 0 )) "every shard has pages ($n1, $n2, $n3)"
    is $((n1 + n2 + n3)) "$(pages "$TMP/one")" "... as many in all as one index"
fi

start_server "$TMP/one" --cache 0 || done_testing
ONE=$BASE
start_server "$TMP/three" --cache 0 || done_testing
THREE=$BASE

judged_urls
urls+=("/api/search?q=association&type=pdf" "/api/search?q=collectif&sort=-date"
       "/api/search?q=collectif&sort=date" "/api/search?q=$(q 'réunion -mars')")
is "$(compare "$ONE" "$THREE" "${urls[@]}")" "" \
   "3 shards: same totals, top 10 paths in order and facets as one index (${#urls[@]} queries)"
judged=("${urls[@]}")
wildcard_urls
is "$(compare "$ONE" "$THREE" "${urls[@]}")" "" \
   "... and for wildcards and words being typed (« con* », « contrats impa »)"
urls=("${judged[@]}")
is "$(curl -s "$THREE/api/search?q=contrt" | jq -r .suggestion)" contrat "... « contrt » -> « contrat »"
is "$(curl -s "$THREE/api/stats" | jq -c '[.documents, .pages, .by_type, (.shards | length)]')" \
   "$(curl -s "$ONE/api/stats" | jq -c '[.documents, .pages, .by_type, 3]')" "... the same stats, per shard"

# ---- incremental runs: only the shard of the file that changed ----------
f=notes/2024_01_idees_campagne.md
printf '\nLe pangolin voyageur.\n' >>"$A/$f"
out=$("$INDEXER" --quiet --json --index "$TMP/three" "$A")
is "$(printf '%s' "$out" | jq -c "[.updated, .new, .unchanged > 0]")" "[1,0,true]" \
   "without --shards: the index stays in 3 shards, one file updated"
is "$(grep -c '^auto' "$TMP/three/shards")" 3 "... still 3 shards"
holders=
for k in 1 2 3; do
    [ -n "$(search "$TMP/three/shard-3-$k" pangolin)" ] && holders="$holders $k"
done
is "$(printf '%s' "$holders" | wc -w)" 1 "the changed file is in one shard ($holders)"
if command -v xapian-delve >/dev/null; then
    moved=
    for k in 1 2 3; do
        state "$TMP/three/shard-3-$k" >"$TMP/rev.$k"
    done
    printf '\nLe pangolin revient.\n' >>"$A/$f"
    "$INDEXER" --quiet --index "$TMP/three" "$A" >/dev/null
    for k in 1 2 3; do
        [ "$(state "$TMP/three/shard-3-$k")" != "$(cat "$TMP/rev.$k")" ] && moved="$moved $k"
        diag "shard $k: $(cat "$TMP/rev.$k") -> $(state "$TMP/three/shard-3-$k")"
    done
    is "$moved" "$holders" "an incremental run writes that shard only"
fi
is "$(curl -s "$THREE/api/search?q=pangolin" | jq -c '[.total, [.hits[].path]]')" "[1,[\"$f\"]]" \
   "the running server finds it"
# A file renamed: found at its new path only, in one shard, whichever.
for name in a b c d e f; do
    new=notes/renomme-$name.md
    mv "$A/$f" "$A/$new"
    out=$("$INDEXER" --quiet --json --index "$TMP/three" "$A")
    f=$new
done
is "$(printf '%s' "$out" | jq -c "[.renamed, .new, .removed]")" "[1,0,0]" "a renamed file is a rename"
is "$(curl -s "$THREE/api/search?q=pangolin" | jq -c '[.total, [.hits[].path]]')" "[1,[\"$f\"]]" \
   "... after 6 renames (across shards), found once, at its last path"
n=0
for k in 1 2 3; do
    [ -n "$(search "$TMP/three/shard-3-$k" pangolin)" ] && n=$((n + 1))
done
is "$n" 1 "... in one shard"

# ---- another N rebuilds -------------------------------------------------
"$INDEXER" --quiet --index "$TMP/one" "$A" >/dev/null
"$INDEXER" --quiet --shards 2 --index "$TMP/three" "$A" >/dev/null
ok $? "--shards 2 on an index in 3: rebuilt"
is "$(grep '^auto' "$TMP/three/shards" | tr '\n' ' ')" "auto shard-2-1 auto shard-2-2 " "... the stub names 2 shards"
is "$(cd "$TMP/three" && ls -d shard-3-* 2>/dev/null | wc -l)" 0 "... the 3 old ones are gone"
# The bench makes 2 shards from 4 (bench/run.sh, shard_pairs): a file's
# shard is h mod N, and h mod 2 = (h mod 4) mod 2, so shards 1 + 3 of 4,
# merged by xapian-compact, hold what shard 1 of 2 holds (2 + 4: shard 2):
# the same files, and every term in as many pages.
if command -v xapian-delve >/dev/null && command -v xapian-compact >/dev/null; then
    "$INDEXER" --quiet --shards 4 --index "$TMP/four" "$A" >/dev/null
    terms() { xapian-delve -a -v -1 "$1" 2>/dev/null | tail -n +2; }
    for k in 1 2; do
        xapian-compact "$TMP/four/shard-4-$k" "$TMP/four/shard-4-$((k + 2))" \
            "$TMP/pair-$k" >/dev/null 2>&1
        is "$(xapian-delve -A XF -1 "$TMP/pair-$k" | tail -n +2 | tr '\n' ' ')" \
           "$(xapian-delve -A XF -1 "$TMP/three/shard-2-$k" | tail -n +2 | tr '\n' ' ')" \
           "shards $k + $((k + 2)) of 4 merged: the files of shard $k of 2"
        if [ "$(terms "$TMP/pair-$k" | md5sum)" = "$(terms "$TMP/three/shard-2-$k" | md5sum)" ]; then
            ok 0 "... the same terms, each in as many pages"
        else
            ok 1 "... the same terms, each in as many pages"
            diff <(terms "$TMP/pair-$k") <(terms "$TMP/three/shard-2-$k") | head -5 | while IFS= read -r l; do diag "$l"; done
        fi
    done
    # The bench's single index of its 100k files is its 4 shards merged
    # (bench/run.sh, shard_merge_all): the files and terms of one index,
    # and the same answers.
    xapian-compact "$TMP"/four/shard-4-[1-4] "$TMP/all-4" >/dev/null 2>&1
    is "$(xapian-delve -A XF -1 "$TMP/all-4" | tail -n +2 | sort | tr '\n' ' ')" \
       "$(xapian-delve -A XF -1 "$TMP/one" | tail -n +2 | sort | tr '\n' ' ')" \
       "the 4 shards merged: the files of one index"
    is "$(terms "$TMP/all-4" | md5sum)" "$(terms "$TMP/one" | md5sum)" \
       "... the same terms, each in as many pages"
    _three_pid=$SERVER_PID
    if start_server "$TMP/all-4" --cache 0; then
        is "$(compare "$ONE" "$BASE" "${urls[@]}")" "" "... the same answers as one index"
        stop_server
    fi
    SERVER_PID=$_three_pid
fi
st=
for i in $(seq 1 50); do
    st=$(curl -s "$THREE/api/stats" | jq '.shards | length'); [ "$st" = 2 ] && break; sleep 0.2
done
is "$st" 2 "the running server follows the new stub by itself"
is "$(compare "$ONE" "$THREE" "${urls[@]}")" "" "... 2 shards: the same answers as one index"
"$INDEXER" --quiet --shards 1 --index "$TMP/three" "$A" >/dev/null
ok $? "--shards 1 on an index in 2: rebuilt as one index"
is "$(ls "$TMP/three" | grep -c '^shard')" 0 "... no stub nor shard left"
for i in $(seq 1 50); do
    st=$(curl -s "$THREE/api/stats" | jq '.shards | length'); [ "$st" = 0 ] && break; sleep 0.2
done
is "$st" 0 "the running server follows (one index)"
is "$(compare "$ONE" "$THREE" "${urls[@]}")" "" "... the same answers as one index"
stop_server
ok $? "the server stops cleanly (under ASan: no leak)"

done_testing
