#!/usr/bin/env bash
# T330 -- one writer per index: a second indexer started while one runs
# gets a clear error and exit status 2, and the index stays whole;
# readers can search meanwhile. Bad arguments are exit status 2 too.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/indexer-lib.sh"

A=$TMP/archive
IDX=$TMP/index
mkdir -p "$A"
for w in grive merle pinson rouge-gorge sittelle fauvette; do
    printf 'Le %s chante au printemps.\n' "$w" > "$A/$w.txt"
done

FOUILLE_TEST_WORKER_SLOW=300 "$INDEXER" --quiet --jobs 1 --batch 1 --index "$IDX" "$A" >/dev/null &
pid=$!
# The stub first: a new index's first generation (and its flintlock) is
# made before the stub names it, and a reader finds no index until then.
for _ in $(seq 50); do
    [ -f "$IDX/XAPIANDB" ] && [ -n "$(find "$IDX" -name flintlock 2>/dev/null)" ] && break
    sleep 0.1
done
sleep 0.3
err=$("$INDEXER" --quiet --index "$IDX" "$A" 2>&1 >/dev/null)
is "$?" 2 "a second indexer exits with status 2"
like "$err" "locked: another indexer is writing it" "and says why"
search "$IDX" printemps >/dev/null
is "$?" 0 "a reader searches while the indexer writes"
wait "$pid"
is "$?" 0 "the first indexer finishes"
is "$(hits "$IDX" merle)" "merle.txt" "its index is whole"
run_json out --index "$IDX" "$A"
is "$(counts "$out")" "new=0 updated=0 renamed=0 removed=0 unchanged=6 failed=0" "and up to date"

"$INDEXER" --jobs 0 "$A" 2>/dev/null
is "$?" 2 "bad arguments: exit status 2"
"$INDEXER" --index "$IDX" "$TMP/nowhere" 2>/dev/null
is "$?" 2 "a missing archive: exit status 2"
done_testing
