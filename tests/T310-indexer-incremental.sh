#!/usr/bin/env bash
# T310 -- incremental runs: only what changed is read again; the summary
# counts new, updated, renamed, removed and unchanged files; a PDF that
# lost pages keeps no stale page; a renamed file keeps its pages; the
# possible renames are hashed by the workers, under their limits.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/indexer-lib.sh"

A=$TMP/archive
IDX=$TMP/index
mkdir -p "$A/pdf" "$A/notes"
make_pdf "$A/pdf/rapport.pdf" 'Title: Rapport annuel
---
Première page : la cigogne.
\f
Deuxième page : the heron.
\f
Troisième page : le martinet.
'
echo 'Note sur la loutre.' > "$A/notes/loutre.txt"
echo '<html><head><title>Actu</title></head><body>Le castor construit.</body></html>' > "$A/notes/actu.html"
run() { run_json out --jobs 2 --index "$IDX" "$A"; }

run
is "$rc" 0 "first run: exit 0"
is "$(counts "$out")" "new=3 updated=0 renamed=0 removed=0 unchanged=0 failed=0" "first run: 3 new"
is "$(jget "$out" pages)" 5 "3 + 1 + 1 pages"

run
is "$(counts "$out")" "new=0 updated=0 renamed=0 removed=0 unchanged=3 failed=0" "no change: nothing read"
is "$(jget "$out" pages)" 0 "no page written"

echo 'Le blaireau dort le jour.' > "$A/notes/blaireau.txt"
run
is "$(counts "$out")" "new=1 updated=0 renamed=0 removed=0 unchanged=3 failed=0" "an added file"
is "$(hits "$IDX" blaireau)" "notes/blaireau.txt" "the added file is found"

echo 'Note sur la loutre et le vison, a longer note.' > "$A/notes/loutre.txt"
run
is "$(counts "$out")" "new=0 updated=1 renamed=0 removed=0 unchanged=3 failed=0" "a modified file"
is "$(hits "$IDX" vison)" "notes/loutre.txt" "its new text is found"

make_pdf "$A/pdf/rapport.pdf" 'Title: Rapport annuel
---
Première page : la cigogne, seule.
'
run
is "$(counts "$out")" "new=0 updated=1 renamed=0 removed=0 unchanged=3 failed=0" "a PDF that lost pages"
is "$(jget "$out" pages)" 1 "one page written"
is "$(hits "$IDX" martinet)" "" "no stale page 3 left"
is "$(hits "$IDX" heron)" "" "no stale page 2 left"
is "$(search "$IDX" cigogne | cut -f1,2)" "pdf/rapport.pdf	1" "page 1 is there"

rm "$A/notes/actu.html"
run
is "$(counts "$out")" "new=0 updated=0 renamed=0 removed=1 unchanged=3 failed=0" "a deleted file"
is "$(hits "$IDX" castor)" "" "it is gone from the index"

mkdir -p "$A/archives 2023"
mv "$A/notes/blaireau.txt" "$A/archives 2023/blaireau déplacé.txt"
run
is "$(counts "$out")" "new=0 updated=0 renamed=1 removed=0 unchanged=2 failed=0" "a moved file"
is "$(jget "$out" pages)" 0 "moved without extraction (no page written by a worker)"
is "$(hits "$IDX" blaireau)" "archives 2023/blaireau déplacé.txt" "found at its new path only"

touch -d '2001-02-03 04:05:06' "$A/notes/loutre.txt"
before=$(hits "$IDX" loutre)
run
is "$(counts "$out")" "new=0 updated=1 renamed=0 removed=0 unchanged=2 failed=0" \
    "a touched file (new mtime, same content) is read again"
is "$(hits "$IDX" loutre)" "$before" "with the same results"
run
is "$(counts "$out")" "new=0 updated=0 renamed=0 removed=0 unchanged=3 failed=0" "then left alone"

# A copy then delete changes the mtime: still a rename (same content), the
# file is extracted again at its new path.
cp "$A/archives 2023/blaireau déplacé.txt" "$A/notes/blaireau copie.txt"
touch -d '2002-01-01' "$A/notes/blaireau copie.txt"
rm "$A/archives 2023/blaireau déplacé.txt"
run
is "$(counts "$out")" "new=0 updated=0 renamed=1 removed=0 unchanged=2 failed=0" "a copied-then-deleted file is a rename"
is "$(hits "$IDX" blaireau)" "notes/blaireau copie.txt" "found at its new path only"

run_json out --full --jobs 2 --index "$IDX" "$A"
is "$(counts "$out")" "new=0 updated=3 renamed=0 removed=0 unchanged=0 failed=0" "--full reads everything again"

# A possible rename is hashed by a worker, under its limits, never by the
# indexer itself: a worker that hangs on it is killed at --timeout (then
# again when the file is extracted as a new one), and the file is recorded
# as failed, its old path removed.
mv "$A/notes/blaireau copie.txt" "$A/notes/blaireau otage.txt"
start=$(date +%s)
FOUILLE_TEST_WORKER_HANG=otage run_json out --jobs 2 --timeout 1 --index "$IDX" "$A"
took=$(( $(date +%s) - start ))
is "$rc" 1 "a worker hanging on a possible rename: exit 1"
is "$(counts "$out")" "new=0 updated=0 renamed=0 removed=1 unchanged=2 failed=1" \
    "the hanging file is not found to be a rename (the indexer did not read it)"
is "$(reason_of "$out" "notes/blaireau otage.txt")" "timed out after 1 s" "it failed at the timeout"
[ "$took" -lt 20 ]; ok $? "the run ended in $took s (two timeouts of 1 s)"
run
is "$(counts "$out")" "new=0 updated=0 renamed=0 removed=0 unchanged=3 failed=0" \
    "the failed file stays failed until it changes"
done_testing
