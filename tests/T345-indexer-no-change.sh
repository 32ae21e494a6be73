#!/usr/bin/env bash
# T345 -- a run that finds nothing changed writes nothing: not one file of
# the index folder is touched (no new revision, no sync: servers keep
# their revision and their cached answers), and it starts no worker and
# loads the program once. A change after it is still seen and written.
# Workers run Tesseract's OpenMP on one thread (OMP_THREAD_LIMIT=1 in
# their environment, the user's own value kept), which OpenMP shows at
# load with OMP_DISPLAY_ENV.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/indexer-lib.sh"

A=$TMP/archive
IDX=$TMP/index
mkdir -p "$A/pdf" "$A/notes"
make_pdf "$A/pdf/bilan.pdf" 'Title: Bilan moral
---
Première page : l’assemblée générale a voté le budget.
\f
Second page: the annual report was approved.
'
echo 'Compte rendu : la fête du quartier aura lieu en juin.' > "$A/notes/fete.txt"
echo '<html><head><title>Agenda</title></head><body>Réunion publique jeudi.</body></html>' \
    > "$A/notes/agenda.html"

# The index folder as a list: each file's path, inode, size and mtime,
# but Xapian's lock file, which taking the lock truncates.
folder() { find "$IDX" ! -name flintlock -printf '%P %i %s %T@\n' | LC_ALL=C sort; }
# The OpenMP settings each loaded process printed, one a line.
limits() { grep -o "OMP_THREAD_LIMIT = '[0-9]*'" "$TMP/err" | sed "s/.*= //" | tr -d "'"; }
run() {
    _out=$(env -u OMP_THREAD_LIMIT OMP_DISPLAY_ENV=true "$INDEXER" --json --quiet \
           --jobs 2 --index "$IDX" "$@" "$A" 2>"$TMP/err")
    rc=$?
}

run
is "$rc" 0 "first run: exit 0"
is "$(counts "$_out")" "new=3 updated=0 renamed=0 removed=0 unchanged=0 failed=0" "first run: 3 new"
before=$(folder)

sleep 1   # a rewritten file would show another mtime
run
is "$rc" 0 "no change: exit 0"
is "$(counts "$_out")" "new=0 updated=0 renamed=0 removed=0 unchanged=3 failed=0" \
    "no change: nothing read"
is "$(folder)" "$before" "no change: the index folder is untouched (no new revision)"
if [ -z "$(limits)" ]; then
    ok 0 "# SKIP this OpenMP runtime does not show its settings"
    ok 0 "# SKIP this OpenMP runtime does not show its settings"
    ok 0 "# SKIP this OpenMP runtime does not show its settings"
else
    is "$(limits | wc -l)" 1 "no change: the program is loaded once, no worker started"

    echo 'Compte rendu : la fête du quartier aura lieu le 21 juin, place du marché.' \
        > "$A/notes/fete.txt"
    run
    is "$(limits | sort | uniq -c | awk '{ print $2 "x" $1 }' | grep -c '^1x2$')" 1 \
        "a run with work: 2 workers, each with OMP_THREAD_LIMIT=1"
    _user=$(OMP_THREAD_LIMIT=3 OMP_DISPLAY_ENV=true "$INDEXER" --json --quiet --jobs 2 \
            --index "$IDX" --full "$A" 2>"$TMP/err")
    is "$(limits | sort -u)" 3 "a user's own OMP_THREAD_LIMIT is kept, in the workers too"
fi

echo 'Compte rendu : la kermesse est reportée à septembre.' > "$A/notes/fete.txt"
rm "$A/notes/agenda.html"
before=$(folder)
run
is "$(counts "$_out")" "new=0 updated=1 renamed=0 removed=1 unchanged=1 failed=0" \
    "a change after no-change runs: seen"
[ "$(folder)" != "$before" ]
ok $? "and written (a new revision)"
is "$(hits "$IDX" kermesse)" "notes/fete.txt" "the new text is found"
is "$(hits "$IDX" publique)" "" "the removed file is gone"

done_testing
