#!/usr/bin/env bash
# T343 -- a file deleted while the run is in progress (after the walk
# listed it, before its worker reads it) counts as removed, not as a
# failure: it is dropped from the index, the run exits 0. Workers are
# slowed down (FOUILLE_TEST_WORKER_SLOW) so that the files go while the
# run is on; the files deleted are the smallest, which are extracted last.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/indexer-lib.sh"

A=$TMP/archive
IDX=$TMP/index
mkdir -p "$A/notes"
# Sizes decide the order of extraction: largest first.
write_notes() { # WORD
    printf 'Compte rendu long : %s, la cigogne et le héron, the stork and the heron.\n' "$1" >"$A/notes/long.txt"
    printf 'Compte rendu moyen : %s, la cigogne.\n' "$1" >"$A/notes/moyen.txt"
    printf 'Note : %s, otter.\n' "$1" >"$A/notes/court.txt"
}
write_notes loutre
run_json out --jobs 1 --index "$IDX" "$A"
is "$(counts "$out")" "new=3 updated=0 renamed=0 removed=0 unchanged=0 failed=0" "3 files indexed"

# All three change and a new one comes; while the run is on, the changed
# short one and the new one are deleted.
write_notes castor
printf 'Neuf.\n' >"$A/notes/neuf.txt"
# The walk is over once the run holds the index's lock: Xapian's flintlock
# file, left by the first run, removed here to see it made again.
find "$IDX" -name flintlock -delete
FOUILLE_TEST_WORKER_SLOW=400 "$INDEXER" --json --quiet --jobs 1 --index "$IDX" "$A" >"$TMP/out" 2>"$TMP/err" &
pid=$!
for i in $(seq 1 200); do
    [ -n "$(find "$IDX" -name flintlock 2>/dev/null)" ] && break
    sleep 0.02
done
sleep 0.1
rm "$A/notes/court.txt" "$A/notes/neuf.txt"
wait "$pid"
is "$?" 0 "files deleted during the run: exit 0"
out=$(cat "$TMP/out")
is "$(counts "$out")" "new=0 updated=2 renamed=0 removed=2 unchanged=0 failed=0" \
    "... the 2 vanished files count as removed, not failed"
is "$(failures "$out")" "" "... no failure reported"
is "$(hits "$IDX" otter)" "" "... the deleted file is gone from the index"
is "$(hits "$IDX" cigogne)" "notes/long.txt
notes/moyen.txt" "... the others are updated"
is "$(hits "$IDX" loutre)" "" "... no old text left"
run_json out --jobs 1 --index "$IDX" "$A"
is "$(counts "$out")" "new=0 updated=0 renamed=0 removed=0 unchanged=2 failed=0" "the next run has nothing to do"
done_testing
