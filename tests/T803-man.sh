#!/bin/bash
# T803 -- the manual pages: groff -ww and man -l render both without a
# warning; each page documents every option its program's --help lists,
# the FOUILLE_* variable of each option (but the actions --search, --help,
# --version) and every variable --help names; and they say what the exit
# statuses mean. So a new option without its documentation fails here.
. "$(dirname "$0")/lib.sh"
command -v groff >/dev/null || skip_all "no groff (make deps)"

MAN=$FOUILLE_SRC/dist/man
for prog in indexer server; do
    page=$MAN/fouille-$prog.1
    bin=$FOUILLE_BIN/$prog
    warn=$(groff -man -ww -z "$page" 2>&1)
    is "$warn" "" "fouille-$prog.1: groff -man -ww: no warning"
    if command -v man >/dev/null; then
        text=$(MANWIDTH=80 man -l "$page" 2>"$TMP/man.err")
        is "$(cat "$TMP/man.err")" "" "fouille-$prog.1: man -l: no warning"
        like "$text" "^NAME" "... and it renders (NAME)"
    fi
    # The page with \- written -, as a reader sees it.
    src=$(sed 's/\\-/-/g' "$page")
    help=$("$bin" --help)
    missing=""
    for o in $(printf '%s\n' "$help" | grep -oE -- '--[a-z][a-z-]+' | sort -u); do
        printf '%s\n' "$src" | grep -qF -- "$o" || missing="$missing $o"
    done
    is "$missing" "" "fouille-$prog.1 documents every option of --help"
    missing=""
    for o in $(printf '%s\n' "$help" | grep -oE -- '--[a-z][a-z-]+' | sort -u); do
        case $o in --search|--help|--version) continue ;; esac
        v=FOUILLE_$(printf '%s' "${o#--}" | tr 'a-z-' 'A-Z_')
        printf '%s\n' "$src" | grep -qF "$v" || missing="$missing $v"
    done
    is "$missing" "" "fouille-$prog.1 documents the variable of each option"
    missing=""
    for v in $(printf '%s\n' "$help" | grep -oE 'FOUILLE_[A-Z_]+' | sort -u); do
        printf '%s\n' "$src" | grep -qF "$v" || missing="$missing $v"
    done
    is "$missing" "" "fouille-$prog.1 documents every variable --help names"
    like "$src" '^\.SH EXIT STATUS' "fouille-$prog.1 has EXIT STATUS"
    like "$src" '^\.SH ENVIRONMENT' "fouille-$prog.1 has ENVIRONMENT"
    like "$src" '^\.SH EXAMPLES' "fouille-$prog.1 has EXAMPLES"
done

# The README tells how to deploy, with the installed names.
readme=$(cat "$FOUILLE_SRC/README.md")
like "$readme" '^## Deploy' "README.md has a Deploy section"
like "$readme" 'fouille-indexer' "... naming fouille-indexer"
like "$readme" 'fouille-server' "... and fouille-server"

done_testing
