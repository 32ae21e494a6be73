#!/usr/bin/env bash
# T340 -- what the indexer tells its maintainer: the summary counts the
# files that still fail, not only this run's ("failed_total"; "1 file
# still fails: run with --retry-failed"); on a terminal the progress line
# is ended before any other message (never "16/16 files, 7.6
# files/sindexer: info: compacted…"); in a French locale the messages are
# French ("indexé : 2 nouveaux…", "0,40 s") while --json stays English;
# every message marked for translation has its French text in po/fr.po.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/indexer-lib.sh"

A=$TMP/archive
IDX=$TMP/index
mkdir -p "$A"
echo 'Compte rendu de la réunion du 8 juin 2023 sur les loutres.' > "$A/note.txt"
echo 'The otters meeting.' > "$A/otters.txt"
: > "$A/vide.pdf"

# ---- failed_total ----------------------------------------------------
run_json out --index "$IDX" "$A"
is "$rc" 1 "first run: a file failed in this run, exit 1"
is "$(jget "$out" failed) $(jget "$out" failed_total)" "1 1" "failed 1, failed_total 1"

run_json out --index "$IDX" "$A"
is "$rc" 0 "second run: nothing failed in this run, exit 0 (documented)"
is "$(jget "$out" failed) $(jget "$out" failed_total)" "0 1" \
    "failed 0 in this run, but failed_total still 1"
line=$("$INDEXER" --quiet --index "$IDX" "$A")
like "$line" '0 failed .*; 1 file still fails: run with --retry-failed' \
    "the summary line says the file still fails and how to retry it"

: > "$A/vide2.pdf"
run_json out --index "$IDX" "$A"
is "$(jget "$out" failed) $(jget "$out" failed_total)" "1 2" "a new failure adds to the earlier one"
line=$("$INDEXER" --quiet --index "$IDX" "$A")
like "$line" '2 files still fail: run with --retry-failed' "plural"

rm "$A/vide.pdf" "$A/vide2.pdf"
run_json out --index "$IDX" "$A"
is "$(jget "$out" failed_total)" 0 "removed files no longer fail"
line=$("$INDEXER" --quiet --index "$IDX" "$A")
unlike "$line" 'still fail' "nothing said when nothing fails"

# ---- the progress line on a terminal ---------------------------------
if command -v script >/dev/null 2>&1; then
    rm -rf "$IDX"
    script -qec "'$INDEXER' --index '$IDX' '$A'" "$TMP/tty.log" >/dev/null 2>&1
    tty=$(cat "$TMP/tty.log")
    like "$tty" 'indexer: 2/2 files' "a progress line was drawn on the terminal"
    like "$tty" 'info: compacted the index' "then the compaction message"
    ok "$(perl -0ne 'exit(/files\/s(\e\[K)?indexer: info/ ? 1 : 0)' "$TMP/tty.log"; echo $?)" \
        "the message does not run into the progress line"
    ok "$(perl -0ne 'exit(/(\n|\e\[K)indexer: info: compacted/ ? 0 : 1)' "$TMP/tty.log"; echo $?)" \
        "the message starts its own line"
    ok "$(perl -0ne 'exit(/2\/2 files, [0-9.]+ files\/s\r?\n/ ? 0 : 1)' "$TMP/tty.log"; echo $?)" \
        "the finished progress line stays, ended"
else
    ok 0 "# SKIP no script(1) to give the indexer a terminal"
fi

# ---- French ------------------------------------------------------------
LOC=$TMP/locale
mkdir -p "$LOC"
if localedef -i fr_FR -f UTF-8 "$LOC/fr_FR.UTF-8" >/dev/null 2>&1; then
    rm -rf "$IDX"
    fr() { LOCPATH=$LOC LC_ALL= LANGUAGE= LANG=fr_FR.UTF-8 "$@"; }
    line=$(fr "$INDEXER" --quiet --index "$IDX" "$A")
    like "$line" '^indexé : 2 nouveaux, 0 modifiés, .* 0 en échec \(2 pages\) en [0-9]+,[0-9]{2} s$' \
        "French summary, decimal comma, narrow no-break space before the colon"
    : > "$A/vide.pdf"
    fr "$INDEXER" --quiet --index "$IDX" "$A" >/dev/null
    line=$(fr "$INDEXER" --quiet --index "$IDX" "$A")
    like "$line" ' ; 1 fichier toujours en échec : relancez avec --retry-failed' \
        "French: the file that still fails"
    out=$(fr "$INDEXER" --json --quiet --index "$IDX" "$A")
    like "$out" '"seconds":[0-9]+\.[0-9]' "--json keeps a decimal point in French"
    is "$(jget "$out" failed_total)" 1 "--json keeps its English members"
    err=$(fr "$INDEXER" --index "$TMP/not-a-dir/x" --search loutre 2>&1)
    like "$err" 'impossible d’ouvrir l’index .* : ' "a French error message"
    line=$(LOCPATH=$LOC LC_ALL= LANGUAGE= LANG=C "$INDEXER" --quiet --index "$IDX" "$A")
    like "$line" '^indexed 0 new, ' "English otherwise"
else
    for i in 1 2 3 4 5 6; do ok 0 "# SKIP localedef cannot make fr_FR.UTF-8 (package locales)"; done
fi

# ---- every marked message is translated --------------------------------
if command -v xgettext >/dev/null 2>&1 && command -v msgcmp >/dev/null 2>&1; then
    (cd "$FOUILLE_SRC" && xgettext -o "$TMP/fouille.pot" --from-code=UTF-8 -k_ -ki18n_n:1,2 \
        lib/*.c indexer/*.c server/*.c 2>"$TMP/xgettext.err")
    ok $? "xgettext reads the sources"
    msgcmp "$FOUILLE_SRC/po/fr.po" "$TMP/fouille.pot" 2>"$TMP/msgcmp.err"
    ok $? "po/fr.po translates every message marked in the sources"
    [ -s "$TMP/msgcmp.err" ] && diag "$(head -5 "$TMP/msgcmp.err")"
else
    ok 1 "xgettext and msgcmp (package gettext) are needed"
fi

done_testing
