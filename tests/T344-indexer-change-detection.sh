#!/usr/bin/env bash
# T344 -- change detection (issue #12): a file is read again when its
# size, its modification or change time (to the nanosecond) or its inode
# changed, so a file rewritten within the same second at the same size is
# re-indexed; a file left alone is not read again. An index written before
# stamps had nanoseconds (its records hold size and mtime in seconds only)
# is not extracted again after the upgrade: its records are compared as
# then, and completed with the whole stamp, which is compared from then on.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/indexer-lib.sh"

A=$TMP/archive
IDX=$TMP/index
mkdir -p "$A/notes"
F=$A/notes/bestiaire.txt
T0='2024-03-01 10:00:00.100000000'
printf 'Note : la loutre nage.\n' >"$F"         # 23 bytes, as every version
touch -d "$T0" "$F"
printf 'Meeting notes: the heron.\n' >"$A/notes/minutes.txt"
run() { run_json out --jobs 2 --index "$IDX" "$A"; }

run
is "$(counts "$out")" "new=2 updated=0 renamed=0 removed=0 unchanged=0 failed=0" "first run: 2 new"
run
is "$(counts "$out")" "new=0 updated=0 renamed=0 removed=0 unchanged=2 failed=0" "nothing changed: nothing read"

# Rewritten in place (same inode), same size, same second: 0.2 s later.
ino=$(stat -c %i,%s "$F")
printf 'Note : le castor nage.\n' >"$F"
touch -d '2024-03-01 10:00:00.200000000' "$F"
is "$(stat -c %i,%s "$F")" "$ino" "the rewrite keeps inode and size"
run
is "$(counts "$out")" "new=0 updated=1 renamed=0 removed=0 unchanged=1 failed=0" \
    "rewritten within the same second at the same size: read again"
is "$(hits "$IDX" castor)" "notes/bestiaire.txt" "... its new text is found (castor)"
is "$(hits "$IDX" loutre)" "" "... its old text is gone (loutre)"

# The very same mtime, to the nanosecond: the change time tells.
printf 'Note : le renard dort.\n' >"$F"
touch -d '2024-03-01 10:00:00.200000000' "$F"
run
is "$(counts "$out")" "new=0 updated=1 renamed=0 removed=0 unchanged=1 failed=0" \
    "same size and mtime to the nanosecond, but a new change time: read again"
is "$(hits "$IDX" renard)" "notes/bestiaire.txt" "... renard is found"

# Replaced by another file (an editor's save: write a copy, rename it over).
printf 'Note : la fouine fuit.\n' >"$TMP/copie.txt"
touch -d '2024-03-01 10:00:00.200000000' "$TMP/copie.txt"
mv "$TMP/copie.txt" "$F"
is "$(stat -c %s "$F")" 23 "(the copy has the same size)"
run
is "$(counts "$out")" "new=0 updated=1 renamed=0 removed=0 unchanged=1 failed=0" \
    "replaced by another inode, same size and mtime: read again"
is "$(hits "$IDX" fouine)" "notes/bestiaire.txt" "... fouine is found"
run
is "$(counts "$out")" "new=0 updated=0 renamed=0 removed=0 unchanged=2 failed=0" "then left alone: nothing read"

# ---- An index from before nanosecond stamps ---------------------------
# Its records hold {"path","size","mtime","hash","pages"}: strip the new
# fields from every record, as the older version wrote them.
# The generation is read at each call: each run compacts into a new one.
strip_stamps() {
    GEN=$(index_generation "$IDX")
    xapian-metadata list "$GEN" F | while read -r key; do
        xapian-metadata get "$GEN" "$key" |
            perl -MJSON::PP -0777 -ne '$j = decode_json($_); delete @$j{qw(mtime_ns ctime_ns inode)};
                                        print JSON::PP->new->canonical->encode($j)' >"$TMP/rec"
        xapian-metadata set "$GEN" "$key" "$(cat "$TMP/rec")"
    done
}
record_of() { # PATH: its record's JSON
    GEN=$(index_generation "$IDX")
    for key in $(xapian-metadata list "$GEN" F); do
        xapian-metadata get "$GEN" "$key"
    done | grep -F "\"path\":\"$1\""
}
strip_stamps
unlike "$(record_of notes/minutes.txt)" 'mtime_ns' "(records as an older version wrote them)"
run
is "$(counts "$out")" "new=0 updated=0 renamed=0 removed=0 unchanged=2 failed=0" \
    "after the upgrade: no file extracted again"
is "$(jget "$out" pages)" 0 "... no page written"
like "$(record_of notes/minutes.txt)" '"mtime_ns":[1-9][0-9]+' "... the records get the nanosecond stamp"
like "$(record_of notes/minutes.txt)" '"inode":[1-9]' "... and the inode"
printf 'Note : la pie jacasse.\n' >"$F"
touch -d '2024-03-01 10:00:00.300000000' "$F"
run
is "$(counts "$out")" "new=0 updated=1 renamed=0 removed=0 unchanged=1 failed=0" \
    "from then on a same-second rewrite is seen"
is "$(stat -c %s "$F")" 23 "(the same size again)"
is "$(hits "$IDX" jacasse)" "notes/bestiaire.txt" "... jacasse is found"

strip_stamps
printf 'Note : le blaireau creuse, longer.\n' >"$F"
run
is "$(counts "$out")" "new=0 updated=1 renamed=0 removed=0 unchanged=1 failed=0" \
    "an old record whose size changed: read again, as then"
is "$(hits "$IDX" blaireau)" "notes/bestiaire.txt" "... blaireau is found"
done_testing
