#!/usr/bin/env bash
# T300 -- the indexer survives a hostile archive: every bad file is
# reported with its reason (--json) and recorded, every good one is still
# found, the exit status is 1; failed files are not retried unless asked.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/indexer-lib.sh"

A=$TMP/archive
IDX=$TMP/index
mkdir -p "$A/bon" "$A/casse" "$A/.git" "$A/casse/.cache"

# Good documents, French and English, with names that are hard to print.
make_pdf "$A/bon/lettre.pdf" 'Title: Lettre aux adhérents
---
Les grenouilles du marais votent la subvention.
\f
The otters of the river agree.
'
make_pdf "$A/bon/nom
avec retour.pdf" 'Title: Nom piégé
---
Le hérisson traverse la ligne.
'
printf 'Une note sur les écureuils.\nA note about squirrels.\n' > "$A/bon/l'été « spécial ».txt"
printf '<html><head><title>Page</title></head><body><p>Les mésanges chantent.</p></body></html>\n' \
    > "$A/bon/page web.html"
echo 'cachée blaireau' > "$A/.git/config.txt"
echo 'cachée blaireau' > "$A/casse/.cache/note.txt"
echo 'cachée blaireau' > "$A/.DS_Store"

# Bad ones.
head -c 3000 "$A/bon/lettre.pdf" > "$A/casse/tronqué.pdf"
head -c 20000 /dev/urandom > "$A/casse/hasard.pdf"
: > "$A/casse/vide.pdf"
head -c 5000 /dev/urandom > "$A/casse/binaire.txt"
make_pdf "$A/casse/scan.pdf" 'Title: Numérisation
---

'
for n in bloque gourmand plante; do cp "$A/bon/lettre.pdf" "$A/casse/$n.pdf"; done
head -c $((2 * 1024 * 1024)) /dev/zero | tr '\0' 'a' > "$A/casse/gros.txt"
ln -s boucle "$A/casse/boucle"
ln -s /etc/hostname "$A/casse/dehors.txt"
have_qpdf=0
if command -v qpdf >/dev/null; then
    have_qpdf=1
    qpdf --encrypt u o 256 -- "$A/bon/lettre.pdf" "$A/casse/secret.pdf"
fi

hooks=(env FOUILLE_TEST_WORKER_HANG=casse/bloque FOUILLE_TEST_WORKER_ALLOC=casse/gourmand
       FOUILLE_TEST_WORKER_CRASH=casse/plante)
limits=(--jobs 2 --timeout 3 --max-memory 256M --max-size 1M)
out=$("${hooks[@]}" "$INDEXER" --json --quiet "${limits[@]}" --index "$IDX" "$A" 2>"$TMP/err")
rc=$?
is "$rc" 1 "some files failed: exit status 1"
is "$(counts "$out")" "new=4 updated=0 renamed=0 removed=0 unchanged=0 failed=12" "counts"

expect() { is "$(reason_of "$out" "$1")" "$2" "$1: $2"; }
expect casse/tronqué.pdf "corrupt or unreadable document"
expect casse/hasard.pdf "unsupported type"
expect casse/vide.pdf "empty file"
expect casse/binaire.txt "unsupported type"
expect casse/scan.pdf "no text layer"
expect casse/bloque.pdf "timed out after 3 s"
expect casse/gourmand.pdf "out of memory"
expect casse/plante.pdf "worker crashed (signal 6)"
expect casse/gros.txt "too large"
expect casse/boucle "symbolic link loop"
expect casse/dehors.txt "symbolic link leading out of the archive"
if [ "$have_qpdf" = 1 ]; then
    expect casse/secret.pdf "encrypted (password protected)"
else
    ok 0 "# SKIP qpdf not installed (make deps)"
fi
unlike "$(failures "$out")" '^bon/' "no good document failed"
like "$out" '"path":"bon/nom\\navec retour.pdf"|"path":"casse/' "a newline in a name is escaped in the JSON"

is "$(hits "$IDX" grenouilles)" "bon/lettre.pdf" "French word of a PDF found"
is "$(hits "$IDX" otters)" "bon/lettre.pdf" "English word on page 2 found"
is "$(search "$IDX" otters | cut -f2)" "2" "on page 2"
is "$(search "$IDX" hérisson | cut -f1)" "bon/nom
avec retour.pdf" "a file name with a newline works"
is "$(hits "$IDX" écureuils)" "bon/l'été « spécial ».txt" "quotes, accents and spaces in a name"
is "$(hits "$IDX" mésanges)" "bon/page web.html" "HTML page found"
is "$(hits "$IDX" blaireau)" "" "hidden files and folders are skipped"
is "$(hits "$IDX" 'subvention')" "bon/lettre.pdf" "the copies of a good PDF that failed are not indexed"
is "$(pgrep -f "index $IDX" | wc -l)" 0 "no worker left behind"

# A second run retries nothing: the failed files did not change.
out=$("${hooks[@]}" "$INDEXER" --json --quiet "${limits[@]}" --index "$IDX" "$A")
is "$?" 0 "second run: nothing failed in this run"
is "$(counts "$out")" "new=0 updated=0 renamed=0 removed=0 unchanged=16 failed=0" \
    "second run: failed files are not retried"

# A changed failed file is retried; --retry-failed retries the others.
printf 'Le vide est comblé : castor.\n' > "$A/casse/vide.pdf"
out=$("$INDEXER" --json --quiet "${limits[@]}" --index "$IDX" "$A")
is "$(counts "$out")" "new=0 updated=1 renamed=0 removed=0 unchanged=15 failed=0" \
    "a failed file that changed is retried"
is "$(hits "$IDX" castor)" "casse/vide.pdf" "and indexed once it is good (type by content)"
out=$("$INDEXER" --json --quiet "${limits[@]}" --retry-failed --index "$IDX" "$A")
is "$?" 1 "--retry-failed: failures again"
is "$(jget "$out" failed)" "8" "--retry-failed retries every failed file (those of the hooks pass)"
is "$(reason_of "$out" casse/plante.pdf)" "" "without the hooks the crashing copy is indexed"
done_testing
