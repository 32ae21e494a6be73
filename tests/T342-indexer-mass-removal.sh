#!/usr/bin/env bash
# T342 -- the mass-removal guard (issue #12): a run that would remove more
# than half of the files in the index, and at least 2 (an empty or
# unmounted archive folder), changes nothing and exits with status 2 with
# a message saying why and what to do, unless --allow-mass-removal (or
# FOUILLE_ALLOW_MASS_REMOVAL=1); removing half or fewer is a normal run; an
# index of 1 file may lose it. Nor is an index of an older format rebuilt
# (which replaces it at once) from an empty archive folder.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/indexer-lib.sh"

A=$TMP/archive
IDX=$TMP/index
mkdir -p "$A/notes"
for i in 1 2 3 4 5 6; do printf 'Note %s : la loutre, the otter.\n' "$i" >"$A/notes/note-$i.txt"; done
run() { run_json out --jobs 2 --index "$IDX" "$@" "$A"; }
run 2>/dev/null
is "$(jget "$out" new)" 6 "6 files indexed"
rev() { "$INDEXER" --index "$IDX" --search loutre | wc -l; }

# Half of them go: a normal run.
rm "$A/notes/note-5.txt" "$A/notes/note-6.txt" "$A/notes/note-4.txt"
run 2>/dev/null
is "$rc" 0 "3 of 6 removed (half): exit 0"
is "$(counts "$out")" "new=0 updated=0 renamed=0 removed=3 unchanged=3 failed=0" "... they are removed"

# The archive folder empty (unmounted): refused.
mv "$A/notes" "$TMP/ailleurs"
err=$("$INDEXER" --quiet --index "$IDX" "$A" 2>&1 >/dev/null)
is "$?" 2 "all 3 files gone: exit status 2"
like "$err" 'refusing to remove 3 of the 3 files in the index' "... says how many would go"
like "$err" 'empty or not mounted' "... and the likely cause"
like "$err" '--allow-mass-removal' "... and how to go on"
is "$(rev)" 3 "... nothing was removed: the 3 files are still found"
err=$(FOUILLE_ALLOW_MASS_REMOVAL=0 "$INDEXER" --quiet --index "$IDX" "$A" 2>&1 >/dev/null)
is "$?" 2 "FOUILLE_ALLOW_MASS_REMOVAL=0: still refused"

# Back in place: nothing lost, nothing to do.
mv "$TMP/ailleurs" "$A/notes"
run 2>/dev/null
is "$(counts "$out")" "new=0 updated=0 renamed=0 removed=0 unchanged=3 failed=0" "remounted: nothing to do"

# 2 of 3 is more than half: refused; allowed by the option or the variable.
rm "$A/notes/note-2.txt" "$A/notes/note-3.txt"
run 2>/dev/null
is "$rc" 2 "2 of 3 files gone: refused"
run --allow-mass-removal
is "$rc" 0 "--allow-mass-removal: exit 0"
is "$(counts "$out")" "new=0 updated=0 renamed=0 removed=2 unchanged=1 failed=0" "... the 2 files are removed"

# An index of 1 file may lose it (the rule wants at least 2).
rm "$A/notes/note-1.txt"
run 2>/dev/null
is "$rc" 0 "the last file of a 1-file index goes: exit 0"
is "$(jget "$out" removed)" 1 "... removed"

# The variable.
for i in 1 2; do printf 'Note %s : le castor.\n' "$i" >"$A/notes/castor-$i.txt"; done
run 2>/dev/null
rm "$A/notes"/castor-*.txt
out=$(FOUILLE_ALLOW_MASS_REMOVAL=1 "$INDEXER" --json --quiet --index "$IDX" "$A"); rc=$?
is "$rc" 0 "FOUILLE_ALLOW_MASS_REMOVAL=1 allows it"
is "$(jget "$out" removed)" 2 "... both removed"

# An index of an older format is rebuilt, which replaces it at once: not
# from an empty archive folder (T405 makes an index look older the same way).
for i in 1 2 3; do printf 'Note %s : la belette.\n' "$i" >"$A/notes/belette-$i.txt"; done
run 2>/dev/null
is "$(jget "$out" new)" 3 "3 files indexed again"
GEN=$(index_generation "$IDX")
xapian-metadata set "$GEN" I:format ""
mv "$A/notes" "$TMP/ailleurs"
err=$("$INDEXER" --quiet --index "$IDX" "$A" 2>&1 >/dev/null)
is "$?" 2 "an index of an older format and an empty archive folder: exit status 2"
like "$err" 'older format.*holds no file' "... says why"
is "$(xapian-metadata get "$(index_generation "$IDX")" I:format)" "" "... the index was left as it was"
mv "$TMP/ailleurs" "$A/notes"
run 2>/dev/null
is "$rc" 0 "the archive back: the rebuild runs"
is "$(jget "$out" new)" 3 "... and indexes the 3 files"
done_testing
