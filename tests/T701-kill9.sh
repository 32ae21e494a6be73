#!/bin/sh
# T701-kill9 -- crash safety of the index: the indexer is killed with
# SIGKILL at random moments (seeded, so a failure can be replayed), over
# and over, while the archive changes between rounds (a note grows, a page
# goes and comes back, new notes appear) and three runs in four re-extract
# everything (--full) with small commit batches, so kills land in
# extraction, in writing and in commits. After each kill: xapian-check
# finds the index sound, it opens, queries answer, and no worker process
# outlives its parent. At the end one run to completion must give exactly
# the index a clean run over the same archive gives: the same documents,
# the same terms, the same answers to a fixed list of queries.
#
# FOUILLE_KILLS sets the number of kills (20 here, more in make soak).
. "$(dirname "$0")/lib.sh"

command -v xapian-check >/dev/null || skip_all "xapian-tools is not installed (make deps)"
KILLS=${FOUILLE_KILLS:-20}
A=$TMP/archive
IDX=$TMP/index
LOTS="alpha beta gamma delta epsilon zeta eta theta"
mkdir -p "$A"
for lot in $LOTS; do cp -r "$FOUILLE_SRC/archive" "$A/lot-$lot"; done
diag "$(find "$A" -type f | wc -l | tr -d ' ') files, $KILLS kills"

# A round's changes to the archive, decided by its number.
mutate() {
    n=$1
    set -- $LOTS
    shift $((n % 8)); lot=$1
    printf 'Ajout du tour %s : le coquelicot%s pousse.\n' "$k" "$k" \
        >>"$A/lot-$lot/notes/réunion du bureau.txt"
    page=$A/lot-$lot/actualites/2019-09-10_assemblee-generale.html
    if [ $((k % 3)) -eq 0 ]; then rm -f "$page"
    else cp "$FOUILLE_SRC/archive/actualites/2019-09-10_assemblee-generale.html" "$page"; fi
    [ $((k % 5)) -eq 0 ] && printf 'Nouvelle note %s : budget du tour.\n' "$k" >"$A/lot-$lot/notes/nouvelle-$k.txt"
    return 0
}

# Workers still alive that belong to this test's index.
leftovers() { pgrep -f -- "--index $IDX " | wc -l | tr -d ' '; }

"$INDEXER" --index "$IDX" --quiet "$A" >/dev/null
is $? 0 "a first complete run"
# Kills fall anywhere in the length of a --full run (ASan makes it longer).
t0=$(date +%s.%N)
"$INDEXER" --index "$IDX" --batch 8 --quiet --full "$A" >/dev/null
span=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", (b - a) * 0.9 }')

sound=0; answers=0; orphans=0; hits=0; k=1
while [ "$k" -le "$KILLS" ]; do
    mutate $k
    full=--full; [ $((k % 4)) -eq 0 ] && full=
    delay=$(awk -v s="$k" -v span="$span" 'BEGIN { srand(s); printf "%.2f", 0.02 + rand() * span }')
    "$INDEXER" --index "$IDX" --batch 8 --quiet $full "$A" >/dev/null 2>&1 &
    pid=$!
    sleep "$delay"
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    [ $? -eq 137 ] && hits=$((hits + 1))
    for _ in 1 2 3 4 5 6 7 8 9 10; do [ "$(leftovers)" -eq 0 ] && break; sleep 0.1; done
    if [ "$(leftovers)" -ne 0 ]; then
        orphans=$((orphans + 1)); diag "round $k: workers outlived the indexer"
    fi
    if xapian-check "$(index_generation "$IDX")" >"$TMP/check.out" 2>&1; then sound=$((sound + 1))
    else diag "round $k (kill after $delay s): xapian-check failed"; sed 's/^/#   /' "$TMP/check.out" | tail -5; fi
    out=$("$INDEXER" --index "$IDX" --search budget 2>&1)
    if [ $? -eq 0 ] && [ -n "$out" ]; then answers=$((answers + 1))
    else diag "round $k (kill after $delay s): search failed: $out"; fi
    k=$((k + 1))
done
diag "$hits of the $KILLS kills hit a running indexer (delays 0.02 to $span s)"
ok $([ "$hits" -ge $((KILLS / 4)) ] && echo 0 || echo 1) "a good part of the kills land during a run"
is "$sound" "$KILLS" "after each of $KILLS kills, xapian-check finds the index sound"
is "$answers" "$KILLS" "after each kill, the index opens and a query answers"
is "$orphans" 0 "no worker outlives a killed indexer"

# ---- One run to completion equals a clean run ------------------------
"$INDEXER" --index "$IDX" --quiet "$A" >/dev/null
is $? 0 "the run after the kills completes with status 0"
"$INDEXER" --index "$TMP/clean" --quiet "$A" >/dev/null
is $? 0 "a clean run over the same archive"

docs() { xapian-delve "$1" | sed -n 's/^number of documents = //p'; }
is "$(docs "$IDX")" "$(docs "$TMP/clean")" "the same number of documents"
xapian-delve -1 -a "$IDX" >"$TMP/terms.killed"
xapian-delve -1 -a "$TMP/clean" >"$TMP/terms.clean"
cmp -s "$TMP/terms.killed" "$TMP/terms.clean"
ok $? "the same terms (files, pages, words, dates)"
diff "$TMP/terms.killed" "$TMP/terms.clean" | head -10 | sed 's/^/#   /'

# Queries whose hits all fit in a top 10 (one lot each), compared as sets.
for q in '+budget +alpha' '+réunion +beta' '+association +gamma' \
         '+économie +delta' '+ajout +epsilon' '+lettre +zeta' \
         '+marchandisation +theta' '+meeting +eta' 'coquelicot7' \
         '"nouvelle note 5"'; do
    a=$("$INDEXER" --index "$IDX" --search "$q" | sort)
    b=$("$INDEXER" --index "$TMP/clean" --search "$q" | sort)
    is "$a" "$b" "the same answers to '$q'"
done
"$INDEXER" --index "$IDX" --json --quiet "$A" >"$TMP/again.json"
like "$(cat "$TMP/again.json")" '"new":0,"updated":0,"renamed":0,"removed":0' \
    "a further run has nothing left to do"
done_testing
