#!/bin/sh
# relevance.sh -- how well fouille ranks, against Xapian Omega on the same
# queries in the same run: the relevance step of `make bench`.
#
# Two tests:
#   known  a known-item test on the real corpus (bench/corpus.sh): the
#          title of each HTML page and of each PDF that has one in its
#          metadata is the query, and the file it names is the answer.
#          Each title is typed twice: as titled, and lower-case without
#          accents (as people type). Titles that name several files, and
#          titles that are file names ("xyli-doc.dvi", "C:/...") are left
#          out. Figures: MRR@10, success@1, success@10, also for the
#          titles that carry accents alone.
#   judged the French queries of bench/judged.tsv on the sample archive
#          (archive/), judged by hand with grades: MRR@10, nDCG@10,
#          success@1, best@1 (the first answer is the one looked for),
#          success@10.
# Omega is omindex -s french with quest -s french (its defaults otherwise:
# OR between words, BM25, no accent folding), one document per file.
# fouille is asked through `indexer --search` (the top 10 files).
#
# Usage: bench/relevance.sh [--results] [known] [judged]   (default both)
#   --results also puts the section into bench/RESULTS.md, in place of
#   the one there (or before "## Analysis"), without running the bench.
# Environment: W (work folder, default bench/work), INDEXER (default
# bin/indexer), CORPUS (bench/corpus), REL_INDEX and REL_OMEGA (fouille's
# and Omega's indexes of the corpus; default W/index and W/omega, made
# when missing), REL_COMMIT (the commit the INDEXER was built at, when
# not HEAD), REL_JOBS (fouille's queries run at a time, each its own
# process, default 1: on a loaded machine a query's process waits more
# than it works; the answers are the same).
#
# Design: each engine answers a file of "qid TAB query" lines into a file
# of "qid TAB rank TAB path" lines; bench/score.awk turns answers and
# judgments ("qid TAB path TAB grade") into the figures. Every file is
# under W/rel/; the section for RESULTS.md is W/relevance.md.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
W=${W:-$ROOT/bench/work}
R=$W/rel
INDEXER=${INDEXER:-$ROOT/bin/indexer}
CORPUS=${CORPUS:-$ROOT/bench/corpus}
REL_INDEX=${REL_INDEX:-$W/index}
REL_OMEGA=${REL_OMEGA:-$W/omega}
REL_JOBS=${REL_JOBS:-1}
JUDGED=$ROOT/bench/judged.tsv
TAB=$(printf '\t')
export LC_ALL=C.UTF-8

results=0 tests=""
for a in "$@"; do
    case $a in
    --results) results=1 ;;
    known|judged) tests="$tests $a" ;;
    *) echo "usage: bench/relevance.sh [--results] [known] [judged]" >&2; exit 2 ;;
    esac
done
[ -n "$tests" ] || tests="known judged"
mkdir -p "$R"

say() { printf 'relevance: %s\n' "$*" >&2; }

# ---- engines ----------------------------------------------------------

# fouille_run INDEX QUERIES OUT: REL_JOBS queries at a time, each into a
# file of its own, put together in the queries' order.
fouille_run() {
    _tmp=$R/run.tmp
    rm -rf "$_tmp"
    mkdir "$_tmp"
    tr '\t' '\n' <"$2" | INDEXER=$INDEXER xargs -d '\n' -n 2 -P "$REL_JOBS" sh -c '
        "$INDEXER" --index "$0" --search="$3" 2>/dev/null |
            awk -F"\t" -v q="$2" "{ print q \"\t\" NR \"\t\" \$1 }" >"$1/$2"' "$1" "$_tmp"
    cut -f1 "$2" | while read -r _qid; do cat "$_tmp/$_qid"; done >"$3"
    rm -rf "$_tmp"
}

# omega_run DB QUERIES OUT: quest's url= lines, "/" and %XX taken out.
omega_run() {
    while IFS="$TAB" read -r _qid _q; do
        quest -d "$1" -s french -m 10 -- "$_q" 2>/dev/null | sed -n 's|^url=/||p' |
            LC_ALL=C awk -v q="$_qid" '
                BEGIN { for (i = 0; i < 256; i++) hex[sprintf("%02X", i)] = i }
                { out = ""; s = $0
                  while ((i = index(s, "%")) > 0) {
                      out = out substr(s, 1, i - 1)
                      out = out sprintf("%c", hex[toupper(substr(s, i + 1, 2))])
                      s = substr(s, i + 3)
                  }
                  print q "\t" NR "\t" out s }'
    done <"$2" >"$3"
}

# score QRELS RUN [PERQ]: "queries MRR S1 S10 nDCG best1"
score() {
    awk -F'\t' -v perq="${3:-}" -f "$ROOT/bench/score.awk" "$1" "$2"
}

# ---- known items -------------------------------------------------------

# The corpus's titled files: "path TAB title", whitespace collapsed.
titles() {
    (cd "$CORPUS" && find . -type f \( -name '*.htm' -o -name '*.html' \) | sort) |
    while IFS= read -r _f; do
        _t=$(xmllint --html --xpath 'string(//title)' "$CORPUS/$_f" 2>/dev/null || true)
        printf '%s\t%s\n' "${_f#./}" "$(printf '%s' "$_t" | tr '\n\t' '  ')"
    done
    (cd "$CORPUS" && find . -type f -name '*.pdf' | sort) |
    while IFS= read -r _f; do
        _t=$(pdfinfo -enc UTF-8 "$CORPUS/$_f" 2>/dev/null | sed -n 's/^Title: *//p')
        printf '%s\t%s\n' "${_f#./}" "$(printf '%s' "$_t" | tr '\n\t' '  ')"
    done
}

known() {
    say "known items: titles of $CORPUS"
    titles | awk -F'\t' '{ gsub(/  +/, " ", $2); sub(/^ /, "", $2); sub(/ $/, "", $2) } 1' OFS='\t' >"$R/titles.all"
    # Left out: no title, a file name for a title, a title of several files.
    awk -F'\t' '
        $2 == "" { next }
        $2 ~ /[\/\\]/ || tolower($2) ~ /\.(dvi|tex|pdf|ps|sty|dtx|txt|doc)$/ || tolower($2) ~ /^untitled/ { fname++; next }
        { n[$2]++; line[NR] = $0; t[NR] = $2 }
        END { for (i = 1; i <= NR; i++) if ((i in line) && n[t[i]] == 1) print line[i]
              print fname + 0 >"/dev/stderr" }' "$R/titles.all" >"$R/known.tsv" 2>"$R/known.fnames"
    awk -F'\t' '{ printf "k%d\t%s\n", NR, $2 }' "$R/known.tsv" >"$R/known-titled.q"
    # A letter without an ASCII spelling (the ε of LaTeX2ε) is left out, as
    # iconv writes it "?": the title's own "?" are kept aside meanwhile.
    cut -f2 "$R/known-titled.q" | sed 's/?/\x01/g' | iconv -f UTF-8 -t ASCII//TRANSLIT |
        sed -e 's/?//g' -e 's/\x01/?/g' | tr 'A-Z' 'a-z' |
        paste "$R/known-titled.q" - | cut -f1,3 >"$R/known-folded.q"
    awk -F'\t' '{ printf "k%d\t%s\t1\n", NR, $1 }' "$R/known.tsv" >"$R/known.qrels"
    # The titles with accents (a letter outside ASCII).
    awk -F'\t' 'NR == FNR { if ($2 ~ /[\200-\377]/) acc[$1] = 1; next } $1 in acc' \
        "$R/known-titled.q" "$R/known.qrels" >"$R/known-accents.qrels"
    [ -d "$REL_INDEX" ] || {
        say "fouille: indexing the corpus into $REL_INDEX"
        "$INDEXER" --index "$REL_INDEX" --quiet "$CORPUS" >/dev/null || true
    }
    [ -d "$REL_OMEGA" ] || {
        say "omindex: indexing the corpus into $REL_OMEGA"
        mkdir -p "$REL_OMEGA"
        omindex -s french --db "$REL_OMEGA" --url / "$CORPUS" >/dev/null 2>&1 || true
    }
    for _typed in titled folded; do
        say "known items, typed $_typed: $(wc -l <"$R/known-$_typed.q") queries"
        fouille_run "$REL_INDEX" "$R/known-$_typed.q" "$R/fouille-known-$_typed.run"
        omega_run "$REL_OMEGA" "$R/known-$_typed.q" "$R/omega-known-$_typed.run"
        for _e in fouille omega; do
            score "$R/known.qrels" "$R/$_e-known-$_typed.run" "$R/$_e-known-$_typed.perq" \
                >"$R/$_e-known-$_typed.fig"
            score "$R/known-accents.qrels" "$R/$_e-known-$_typed.run" >"$R/$_e-known-$_typed-accents.fig"
        done
    done
}

# ---- judged queries on the sample archive -------------------------------

judged() {
    say "judged queries on $ROOT/archive"
    grep -v '^#' "$JUDGED" | grep -v '^$' >"$R/judged.tsv"
    awk -F'\t' '{ printf "j%d\t%s\n", NR, $1 }' "$R/judged.tsv" >"$R/judged.q"
    awk -F'\t' '{ for (i = 2; i <= NF; i++)
                      printf "j%d\t%s\t%s\n", NR, substr($i, 3), substr($i, 1, 1) }' \
        "$R/judged.tsv" >"$R/judged.qrels"
    rm -rf "$R/archive-index" "$R/archive-omega"
    "$INDEXER" --index "$R/archive-index" --quiet "$ROOT/archive" >/dev/null || true
    mkdir -p "$R/archive-omega"
    omindex -s french --db "$R/archive-omega" --url / "$ROOT/archive" >/dev/null 2>&1 || true
    fouille_run "$R/archive-index" "$R/judged.q" "$R/fouille-judged.run"
    omega_run "$R/archive-omega" "$R/judged.q" "$R/omega-judged.run"
    for _e in fouille omega; do
        score "$R/judged.qrels" "$R/$_e-judged.run" "$R/$_e-judged.perq" >"$R/$_e-judged.fig"
    done
}

# ---- the section of RESULTS.md -------------------------------------------

# row ENGINE TYPED FIGFILE: a known-item table row.
known_row() {
    [ -s "$3" ] || return 0
    read -r _n _mrr _s1 _s10 _nd _b1 <"$3"
    echo "| $1 | $2 | $_n | $_mrr | $_s1 | $_s10 |"
}

# missed ENGINE TYPED: the known items not in the top 10 (at most 15).
missed() {
    awk -F'\t' 'NR == FNR { q[$1] = $2; next } $2 == 0 { print "    " q[$1] }' \
        "$R/known-$2.q" "$R/$1-known-$2.perq" | head -15
}

section() {
    echo "## Relevance"
    echo
    echo "Written by \`bench/relevance.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'), at commit"
    echo "${REL_COMMIT:-$(git -C "$ROOT" rev-parse --short HEAD)} ($("$INDEXER" --version); $(omindex --version | head -1))."
    if [ -s "$R/known.tsv" ]; then
        _h=$(grep -c '\.html\?	' "$R/known.tsv" || true)
        _p=$(grep -c '\.pdf	' "$R/known.tsv" || true)
        _dup=$(awk -F'\t' '$2 != "" { n[$2]++ } END { for (t in n) if (n[t] > 1) s += n[t]; print s + 0 }' "$R/titles.all")
        echo
        echo "**Known items** on the real corpus: each title is the query, the file it"
        echo "names the answer. $(wc -l <"$R/known.tsv") titles: $_h HTML pages and $_p PDFs"
        echo "(their metadata title); left out: $_dup files whose title names several"
        echo "files, $(cat "$R/known.fnames") whose title is a file name, the rest have"
        echo "none. Typed as titled, and lower-case without accents (\`iconv"
        echo "//TRANSLIT\`, \`tr A-Z a-z\`, a letter with no ASCII spelling left out);"
        echo "\"accents\": the $(wc -l <"$R/known-accents.qrels") titles with a"
        echo "letter outside ASCII."
        echo
        echo "| engine | typed | queries | MRR@10 | success@1 | success@10 |"
        echo "|---|---|---|---|---|---|"
        for _e in fouille omega; do
            _name=$_e; [ $_e = omega ] && _name=Omega
            known_row $_name "as titled" "$R/$_e-known-titled.fig"
            known_row $_name "lower-case, no accents" "$R/$_e-known-folded.fig"
            known_row $_name "accents, as titled" "$R/$_e-known-titled-accents.fig"
            known_row $_name "accents, lower-case no accents" "$R/$_e-known-folded-accents.fig"
        done
        echo
        echo "Titles fouille does not find in its top 10 (typed as titled; at most 15):"
        echo
        echo '```'
        missed fouille titled
        echo '```'
    fi
    if [ -s "$R/judged.q" ]; then
        echo
        echo "**Judged queries** on the sample archive (\`archive/\`): the"
        echo "$(wc -l <"$R/judged.q") French queries of \`bench/judged.tsv\`, each relevant file graded"
        echo "(2: the answer looked for, 1: useful). best@1: the first answer has the"
        echo "query's highest grade."
        echo
        echo "| engine | queries | MRR@10 | nDCG@10 | success@1 | best@1 | success@10 |"
        echo "|---|---|---|---|---|---|---|"
        for _e in fouille omega; do
            _name=$_e; [ $_e = omega ] && _name=Omega
            read -r _n _mrr _s1 _s10 _nd _b1 <"$R/$_e-judged.fig"
            echo "| $_name | $_n | $_mrr | $_nd | $_s1 | $_b1 | $_s10 |"
        done
        echo
        echo "Judged queries whose first answer is not the one looked for (fouille):"
        echo
        echo '```'
        awk -F'\t' 'NR == FNR { if ($1 ~ /^j/) { top[$1] = top[$1] > $3 ? top[$1] : $3; g[$1, $2] = $3 }; next }
                    $2 == 1 && g[$1, $3] < top[$1] { print $1 }' \
            "$R/judged.qrels" "$R/fouille-judged.run" >"$R/judged.notbest"
        awk -F'\t' 'NR == FNR { bad[$1] = 1; next } ($1 in bad) { print "    " $2 }' \
            "$R/judged.notbest" "$R/judged.q"
        awk -F'\t' 'NR == FNR { had[$1] = 1; next } !($1 in had) { print "    " $2 "   (no answer)" }' \
            "$R/fouille-judged.run" "$R/judged.q"
        echo '```'
    fi
}

# ---- main ---------------------------------------------------------------

for t in $tests; do $t; done
section >"$W/relevance.md"
cat "$W/relevance.md" >&2
if [ "$results" = 1 ]; then
    _res=$ROOT/bench/RESULTS.md
    awk -v sec="$W/relevance.md" '
        function put() { while ((getline l <sec) > 0) print l; print ""; done = 1 }
        /^## Relevance/ { skip = 1; put(); next }
        skip && /^## / { skip = 0 }
        skip { next }
        /^## Analysis/ && !done { put() }
        { print }
        END { if (!done) { print ""; put() } }' "$_res" >"$_res.new"
    mv "$_res.new" "$_res"
    say "wrote the relevance section of bench/RESULTS.md"
fi
