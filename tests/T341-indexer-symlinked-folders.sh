#!/usr/bin/env bash
# T341 -- folders reached through symbolic links (issue #12): each real
# folder is indexed once, under its real path, whatever readdir's order;
# another link to it is reported "duplicate of <real path>" (never the
# real folder as a "symbolic link loop"); a link to a folder that holds it
# is a loop; a folder reachable only through a link (inside a hidden
# folder) is indexed under the link's path. Both orders are tried: a link
# whose name sorts before the real folder, and one that sorts after.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/indexer-lib.sh"

run() { run_json out --jobs 2 --index "$1" "$2"; }

# make_archive DIR LINK: a real folder "comptes-rendus" with two notes and
# a subfolder, and a link LINK to it.
make_archive() {
    mkdir -p "$1/comptes-rendus/2023"
    printf 'Compte rendu : la cigogne.\n' >"$1/comptes-rendus/cigogne.txt"
    printf 'Minutes: the heron.\n' >"$1/comptes-rendus/2023/heron.txt"
    ln -s comptes-rendus "$1/$2"
}

for link in 0-raccourci zz-raccourci; do
    A=$TMP/archive-$link
    IDX=$TMP/index-$link
    make_archive "$A" "$link"
    run "$IDX" "$A"
    is "$rc" 1 "[$link] the duplicate is reported: exit status 1"
    is "$(counts "$out")" "new=2 updated=0 renamed=0 removed=0 unchanged=0 failed=1" \
        "[$link] the real folder's 2 files indexed once, 1 duplicate reported"
    is "$(failures "$out")" "$link	duplicate of comptes-rendus" \
        "[$link] the link is reported as a duplicate of the real folder"
    is "$(hits "$IDX" cigogne)" "comptes-rendus/cigogne.txt" "[$link] found under its real path (French)"
    is "$(hits "$IDX" heron)" "comptes-rendus/2023/heron.txt" "[$link] ... and its subfolder too (English)"
    run "$IDX" "$A"
    is "$(counts "$out")" "new=0 updated=0 renamed=0 removed=0 unchanged=3 failed=0" \
        "[$link] a second run: nothing to do"
done

# A link to a subfolder, and a loop (a link to a folder that holds it).
A=$TMP/archive-more
IDX=$TMP/index-more
make_archive "$A" raccourci
ln -s 2023 "$A/comptes-rendus/annee"
ln -s .. "$A/comptes-rendus/2023/parent"
ln -s . "$A/ici"
run "$IDX" "$A"
is "$(failures "$out")" "comptes-rendus/2023/parent	symbolic link loop
comptes-rendus/annee	duplicate of comptes-rendus/2023
ici	symbolic link loop
raccourci	duplicate of comptes-rendus" "a link to a subfolder is a duplicate; links to a folder holding them are loops"
is "$(jget "$out" new)" 2 "... the 2 real files indexed once"

# A folder reached only through a link (its real path is hidden): indexed
# under the first link's path (sorted), the other link is its duplicate.
A=$TMP/archive-hidden
IDX=$TMP/index-hidden
mkdir -p "$A/.prive/lettres"
printf 'Lettre : le martinet.\n' >"$A/.prive/lettres/martinet.txt"
ln -s .prive/lettres "$A/lettres"
ln -s .prive/lettres "$A/zz-lettres"
run "$IDX" "$A"
is "$(hits "$IDX" martinet)" "lettres/martinet.txt" "a folder inside a hidden one: indexed under the link's path"
is "$(failures "$out")" "zz-lettres	duplicate of lettres" "... a second link to it is a duplicate"

# The link removed: only its report goes, the real folder's files stay.
A=$TMP/archive-0-raccourci
IDX=$TMP/index-0-raccourci
rm "$A/0-raccourci"
run "$IDX" "$A"
is "$(counts "$out")" "new=0 updated=0 renamed=0 removed=1 unchanged=2 failed=0" \
    "removing the link: only its report goes"
done_testing
