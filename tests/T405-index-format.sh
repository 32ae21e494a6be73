#!/bin/sh
# T405-index-format -- an index written in an older format of the schema
# (fdb_schema.h: FORMAT, stored as the metadata I:format) is never
# misread: the server answers 503 with a message saying so, and the next
# indexer run rebuilds it from the whole archive into a fresh generation
# (saying so in one log line), after which the server serves it again
# without a restart. A current index is not rebuilt.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-server.sh"

command -v xapian-metadata >/dev/null || skip_all "xapian-tools is not installed (make deps)"

# The format this build writes, as fdb_schema.h says.
FORMAT=$(sed -n 's/^const unsigned FORMAT = \([0-9]*\);.*/\1/p' "$FOUILLE_SRC/lib/fdb_schema.h")
IDX=$TMP/index
index_archive "$IDX" >/dev/null
ok $? "the sample archive is indexed"
gen=$(index_generation "$IDX")
is "$(xapian-metadata get "$gen" I:format)" "$FORMAT" "a new index records its format ($FORMAT)"

# Make it look like an index of format 1, from before the key existed.
xapian-metadata set "$gen" I:format ""
start_server "$IDX" || done_testing
is "$(http '/api/search?q=association')" 503 "an index of an older format: 503"
is "$(error_code)" unavailable "... code unavailable"
like "$(jqb .error.message)" "format 1.*reads format $FORMAT" "... the message names both formats"
is "$(http /healthz)" 503 "/healthz says it too"

"$INDEXER" --index "$IDX" "$FOUILLE_SRC/archive" >"$TMP/out" 2>"$TMP/err"
ok $? "the indexer runs on it"
like "$(cat "$TMP/err")" "rebuilding the index .* from the whole archive, as with --full" \
     "it says it rebuilds the index"
like "$(tail -1 "$TMP/out")" "^indexed 16 new, 0 updated" "every file is indexed again (16 new)"
is "$(xapian-metadata get "$(index_generation "$IDX")" I:format)" "$FORMAT" \
    "the rebuilt index is of format $FORMAT"
[ "$(index_generation "$IDX")" != "$gen" ]
ok $? "the rebuilt index is a new generation"

# Up to 10 s: under ASan on a loaded machine the first reopens are slow;
# the promise is "without a restart", not a time.
served=0
for i in $(seq 1 200); do
    [ "$(http '/api/search?q=association')" = 200 ] && { served=1; break; }
    sleep 0.05
done
is "$served" 1 "the server serves the rebuilt index without a restart"
is "$(jqb '.total > 0')" true "... and finds the archive in it"

"$INDEXER" --index "$IDX" "$FOUILLE_SRC/archive" >"$TMP/out" 2>"$TMP/err"
unlike "$(cat "$TMP/err")" "rebuilding" "a current index is not rebuilt"
like "$(tail -1 "$TMP/out")" "^indexed 0 new, 0 updated, 0 renamed, 0 removed, 16 unchanged" \
     "... nothing changed, nothing indexed"
# A generation's name is never given twice in the index folder (a reader
# still on a removed generation compares the stub's text with the one it
# opened): a rebuild and its compaction each make a new one, even within
# the same second (Xapian would name the compaction by the second, and a
# rebuild's name freed by that compaction was taken again). Rebuilt at
# once, several times: each run ends in a generation never named before.
seen=" $gen $(index_generation "$IDX") "
again=0
for i in 1 2 3 4 5 6; do
    xapian-metadata set "$(index_generation "$IDX")" I:format ""
    "$INDEXER" --quiet --index "$IDX" "$FOUILLE_SRC/archive" >/dev/null 2>&1
    now=$(index_generation "$IDX")
    case "$seen" in *" $now "*) again=$((again + 1)) ;; esac
    seen="$seen$now "
done
is "$again" 0 "6 rebuilds at once, each within a second: never a generation named before"
is "$(find "$IDX" -mindepth 1 -maxdepth 1 -type d)" "$(index_generation "$IDX")" \
   "... and the folder holds the one in use only"
stop_server
ok $? "the server stops cleanly"
done_testing
