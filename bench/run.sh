#!/bin/sh
# run.sh -- `make bench`: fouille measured against the poppler limit,
# Xapian Omega (omindex), Recoll (recollindex, recollq) and Xapian alone
# (the floor), on a real corpus and on synthetic documents; prints a
# summary and rewrites bench/RESULTS.md.
#
# Usage: bench/run.sh [EXTRA_SCALE]      (make bench SCALE=100000)
#        bench/run.sh --report           (RESULTS.md again from bench/work/)
#
# Environment: RUNS (repetitions of each timed step, default 3; figures are
# the median with min and max), WRK_SECONDS (10), PASSES (query-list
# passes for took_ms and the floor, 10), SCALES (synthetic sizes, "1000
# 10000"), PROFILE (1: perf profiles of the indexer and the server; 0: no),
# STEPS (which steps to run, default all: "limit omega recoll fouille ocr
# search scale scalesearch shards profile relevance"; a partial list keeps
# the other figures of the last bench, e.g. STEPS=search after a server
# change), OCR_PAGES (scanned pages of the OCR step, 20), SHARD_SCALE (the
# synthetic size the shards step indexes as 4 shards, 100000: about an
# hour on 2 cores: a whole bench measures it only on a corpus made
# before; SHARD_SCALE=100000 STEPS=shards make bench makes it), BENCH_WORK and
# BENCH_CORPUS (another work folder and corpus than bench/work and
# bench/corpus, e.g. to try the bench on a few files: the corpus must be
# up to date by corpus.sh's stamp, see corpus.sh), BENCH_RESULTS (where
# the report goes, bench/RESULTS.md), BENCH_KEEP_BIN (1: measure the
# binaries already in the work folder's bin/, those of an earlier bench,
# e.g. to measure again indexes an older build wrote, instead of copying
# bin/ and build/bench/ there).
#
# Peers: the pdftotext limit (PDFs only, $(nproc) processes), omindex
# (-s french) and recollindex (French stemming, configured in
# work/recoll/) index the same corpus, timed the same way as fouille's
# indexer. The same queries go through the server (took_ms), through
# bench/floor (fdb_search in-process), through bench/xfloor (Xapian alone:
# QueryParser and Enquire, top 10, on fouille's index with the queries
# folded, and on omindex's), and through recollq (one process a query:
# its time includes starting and opening the index, also measured apart
# with a query that matches nothing).
#
# Search is measured with the server's answer cache off (--cache 0): with
# a fixed list of 40 queries every request after the first pass would be a
# cache hit, which measures the cache, not the search. The default cache
# is measured too, apart, and labelled as such.
#
# Design: each step is a shell function that runs its tool RUNS times
# under /usr/bin/time -v and appends one figure a run to a file in
# bench/work/ (wall seconds, peak RSS); `stats` turns a file of figures
# into "median min max" and `pct` into a percentile (nearest rank), both
# with awk, so the bench needs no python. The binaries are copied to
# bench/work/bin/ first: other engineers may rebuild bin/ meanwhile, and
# every run of one bench must measure the same build. Commands are logged
# as run, for RESULTS.md. Everything the bench writes is under
# bench/work/ (gitignored) except RESULTS.md.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
W=${BENCH_WORK:-$ROOT/bench/work}
CORPUS=${BENCH_CORPUS:-$ROOT/bench/corpus}
# Its physical path: it may be a symbolic link to a shared corpus, which
# find(1) would not go into.
[ -d "$CORPUS" ] && CORPUS=$(cd "$CORPUS" && pwd -P)
RUNS=${RUNS:-3}
WRK_SECONDS=${WRK_SECONDS:-10}
PASSES=${PASSES:-10}
SCALES=${SCALES:-"1000 10000"}
PROFILE=${PROFILE:-1}
OCR_PAGES=${OCR_PAGES:-20}
SHARD_SCALE=${SHARD_SCALE:-100000}
[ $# -gt 0 ] && [ -n "$1" ] && [ "$1" != --report ] && SCALES="$SCALES $1"
JOBS=$(nproc)
QUERIES=$ROOT/bench/queries.txt
SUGGEST=$ROOT/bench/suggest.txt

mkdir -p "$W/bin" "$W/fig"
touch "$W/commands.log"      # emptied by a full bench only (see main)

say() { printf 'bench: %s\n' "$*" >&2; }

# clear_figs NAME...: forget a step's figures before it measures them
# again (names are glob patterns under fig/).
clear_figs() { for _p in "$@"; do rm -f "$W"/fig/$_p; done; }

# ---- figures ----------------------------------------------------------

# stats: numbers on stdin, one a line -> "median min max".
stats() {
    sort -g | awk '{ a[NR] = $1 }
        END { if (NR == 0) { print "- - -"; exit }
              m = NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
              printf "%.4g %.4g %.4g\n", m, a[1], a[NR] }'
}
# pct P: numbers on stdin -> the P-th percentile, nearest rank.
pct() {
    sort -g | awk -v p="$1" '{ a[NR] = $1 }
        END { if (NR == 0) { print "-"; exit }
              i = int(p / 100 * NR); if (i < p / 100 * NR) i++
              if (i < 1) i = 1; print a[i] }'
}
med() { stats | cut -d' ' -f1; }
# calc EXPR: floating point arithmetic, 3 significant digits.
calc() { awk "BEGIN { x = $1; printf \"%.3g\n\", x }"; }
# fig NAME: "median (min–max)" of the figures file NAME.
fig() {
    [ -s "$W/fig/$1" ] || { echo "–"; return; }
    stats <"$W/fig/$1" | awk '{ if ($1 == "-") print "–";
        else if ($2 == $3) print $1; else printf "%s (%s–%s)\n", $1, $2, $3 }'
}

# timed NAME CMD...: run CMD under GNU time, append its wall seconds to
# fig/NAME.s, its CPU seconds (user + system, children included) to
# fig/NAME.cpu and its peak RSS (MiB, the largest process) to fig/NAME.mb;
# its output goes to work/NAME.out, GNU time's to work/NAME.time (a file a
# name: steps run apart may overlap). Returns CMD's status.
timed() {
    _name=$1; shift
    echo "$*" >>"$W/commands.log"
    _rc=0
    /usr/bin/time -v -o "$W/$_name.time" "$@" >"$W/$_name.out" 2>"$W/$_name.err" || _rc=$?
    awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0
                    for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' \
        "$W/$_name.time" >>"$W/fig/$_name.s"
    awk -F': ' '/Maximum resident set size/ { printf "%.1f\n", $2 / 1024 }' \
        "$W/$_name.time" >>"$W/fig/$_name.mb"
    awk -F': ' '/User time/ { u = $2 } /System time/ { k = $2 }
                END { printf "%.2f\n", u + k }' "$W/$_name.time" >>"$W/fig/$_name.cpu"
    return $_rc
}

# ---- set-up -----------------------------------------------------------

setup() {
    if [ "${BENCH_KEEP_BIN:-0}" != 1 ]; then
        cp "$ROOT/bin/indexer" "$ROOT/bin/server" "$ROOT/build/bench/floor" \
           "$ROOT/build/bench/xfloor" "$ROOT/build/bench/synth" "$W/bin/"
        git -C "$ROOT" rev-parse --short HEAD >"$W/bin/COMMIT"     # of the build
    fi
    INDEXER=$W/bin/indexer SERVER=$W/bin/server FLOOR=$W/bin/floor SYNTH=$W/bin/synth
    XFLOOR=$W/bin/xfloor
    # fouille's index holds folded words: Xapian alone gets the queries
    # folded as fdb_search folds them (outside its timing).
    "$FLOOR" --fold "$QUERIES" >"$W/queries.folded"
    CACHE_OFF=
    if "$SERVER" --help 2>&1 | grep -q -- '--cache'; then CACHE_OFF="--cache 0"; fi
    WEB=$ROOT/web
    [ -d "$WEB" ] || { WEB=$W/web; mkdir -p "$WEB"; }
    jq -Rr '@uri' <"$QUERIES" >"$W/queries.enc"
    jq -Rr '@uri' <"$SUGGEST" >"$W/suggest.enc"
    sh "$ROOT/bench/corpus.sh" "$CORPUS" "$W" >&2
    . "$W/corpus.stats"
    # Warm the page cache, so that every tool reads the corpus from memory.
    find "$CORPUS" -type f -exec cat {} + >/dev/null
}

machine() {
    DATE=$(date -u '+%Y-%m-%d %H:%M UTC')
    CPU=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
    MEM=$(awk '/^MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo)
    KERNEL=$(uname -r)
    V_FOUILLE=$("$INDEXER" --version)
    V_XAPIAN=$(dpkg-query -W -f='${Version}' libxapian30)
    V_OMEGA=$(omindex --version | head -1)
    V_POPPLER=$(pdftotext -v 2>&1 | head -1)
    V_WRK=$(dpkg-query -W -f='${Version}' wrk)
    V_RECOLL=$(dpkg-query -W -f='${Version}' recollcmd)
    V_COMMIT=$(cat "$W/bin/COMMIT" 2>/dev/null || git -C "$ROOT" rev-parse --short HEAD)
}

# ---- indexing of the real corpus ---------------------------------------

limit() {
    say "limit: pdftotext over $corpus_pdfs PDFs, $JOBS processes, $RUNS runs"
    clear_figs 'pdftotext.*'
    for _i in $(seq "$RUNS"); do
        timed pdftotext sh -c "find '$CORPUS' -name '*.pdf' -print0 |
            xargs -0 -P $JOBS -I{} pdftotext -q -enc UTF-8 {} - | wc -c"
    done
    TEXT_PDF=$(cat "$W/pdftotext.out")
    TEXT_HTML=$(find "$CORPUS" -name '*.htm*' -exec cat {} + |
                sed -e 's/<[^>]*>//g' | wc -c)
}

omega() {
    say "omindex: $RUNS full runs and $RUNS no-change re-runs"
    clear_figs 'omindex.*' 'omindex-rerun.*' omega.kb omega-compact.kb
    for _i in $(seq "$RUNS"); do
        rm -rf "$W/omega"
        timed omindex omindex -s french --db "$W/omega" --url / "$CORPUS" || true
    done
    for _i in $(seq "$RUNS"); do
        timed omindex-rerun omindex -s french --db "$W/omega" --url / "$CORPUS" || true
    done
    OMEGA_DOCS=$(xapian-delve "$W/omega" | sed -n 's/^number of documents = //p')
    du -sk "$W/omega" | cut -f1 >"$W/fig/omega.kb"
    compacted omega
}

# recoll: Recoll on the same corpus, as a person would set it up for a
# French archive: a configuration folder of its own (work/recoll/conf:
# the corpus as its one top folder, French stemming, no aspell, no OCR,
# Recoll's defaults otherwise, among them its stored document text for
# abstracts and its indexing threads). recollindex runs its PDF filter
# (rclpdf.py, pdftotext) under Debian's python3 (/usr/bin first in PATH).
recoll_conf() {
    rm -rf "$W/recoll"
    mkdir -p "$W/recoll/conf"
    cat >"$W/recoll/conf/recoll.conf" <<EOF
topdirs = $(cd "$CORPUS" && pwd -P)
dbdir = $W/recoll/xapiandb
indexstemminglanguages = french
noaspell = 1
pdfocr = 0
loglevel = 1
idxloglevel = 1
EOF
}

recoll_index() {
    say "recoll: $RUNS full runs and $RUNS no-change re-runs"
    clear_figs 'recoll.*' 'recoll-rerun.*' 'recoll-q.*'
    for _i in $(seq "$RUNS"); do
        recoll_conf
        timed recoll env PATH="/usr/bin:/bin:$PATH" recollindex -c "$W/recoll/conf" || true
    done
    for _i in $(seq "$RUNS"); do
        timed recoll-rerun env PATH="/usr/bin:/bin:$PATH" recollindex -c "$W/recoll/conf" || true
    done
    RECOLL_DOCS=$(xapian-delve "$W/recoll/xapiandb" | sed -n 's/^number of documents = //p')
    du -sk "$W/recoll/xapiandb" | cut -f1 >"$W/fig/recoll.kb"
    recoll_queries
}

# recoll_queries: the query list through recollq, top 10, URLs only, one
# process a query (recollq has no other way), PASSES passes after a warm
# one: wall ms of each to fig/recoll-q.ms; and as many runs of a query
# that matches nothing (starting, reading the configuration, opening the
# index) to fig/recoll-q.start. Recoll's language has no NOT: "a NOT b" is
# given as "a -b", its form of the same query.
recoll_queries() {
    sed 's/ NOT / -/' "$QUERIES" | grep -v '^#' | grep -v '^$' >"$W/queries.recoll"
    echo "recollq -c $W/recoll/conf -b -n 10 QUERY   # each of $W/queries.recoll, one process each" >>"$W/commands.log"
    : >"$W/fig/recoll-q.ms"
    : >"$W/fig/recoll-q.start"
    for _pass in $(seq 0 "$PASSES"); do
        while IFS= read -r _q; do
            _a=$(recoll_ms "$_q")
            _b=$(recoll_ms zzqxwkjv)
            [ "$_pass" -gt 0 ] || continue
            echo "$_a" >>"$W/fig/recoll-q.ms"
            echo "$_b" >>"$W/fig/recoll-q.start"
        done <"$W/queries.recoll"
    done
}

# recoll_ms QUERY: recollq's wall time for QUERY, in ms.
recoll_ms() {
    _t0=$(date +%s%N)
    recollq -c "$W/recoll/conf" -b -n 10 "$1" >/dev/null 2>&1 || true
    _t1=$(date +%s%N)
    awk -v a="$_t0" -v b="$_t1" 'BEGIN { printf "%.3f\n", (b - a) / 1e6 }'
}

# index_kb DIR: the size of the live index in DIR, in KiB: the generation
# its XAPIANDB stub names (the indexer compacts after a large run into a
# new generation and may keep the replaced one for readers still on it:
# that one is not part of the index's size, but the whole folder is
# measured too, after every run, in fig/fouille-folder.kb).
index_kb() { du -sk "$(index_gen "$1")" | cut -f1; }

# index_gen DIR: the folder of the live generation of the index in DIR
# (DIR itself for a plain Xapian database).
index_gen() {
    if [ -f "$1/XAPIANDB" ]; then echo "$1/$(sed -n 's/^auto //p' "$1/XAPIANDB")"; else echo "$1"; fi
}

# compacted NAME: the size of index work/NAME once xapian-compact'ed
# (both tools leave their index as written, batch by batch).
compacted() {
    rm -rf "$W/$1-compact"
    echo "xapian-compact $W/$1 $W/$1-compact" >>"$W/commands.log"
    xapian-compact "$W/$1" "$W/$1-compact" >/dev/null
    du -sk "$W/$1-compact" | cut -f1 >"$W/fig/$1-compact.kb"
    rm -rf "$W/$1-compact"
}

fouille_index() {
    say "fouille: $RUNS full runs and $RUNS no-change re-runs, --jobs $JOBS"
    clear_figs 'fouille.*' 'fouille-rerun.*' index-compact.kb 'fouille-folder.*'
    for _i in $(seq "$RUNS"); do
        rm -rf "$W/index"
        timed fouille "$INDEXER" --index "$W/index" --jobs "$JOBS" --quiet --json "$CORPUS" || true
        du -sk "$W/index" | cut -f1 >>"$W/fig/fouille-folder.kb"
    done
    cp "$W/fouille.out" "$W/fouille-full.json"
    for _i in $(seq "$RUNS"); do
        timed fouille-rerun "$INDEXER" --index "$W/index" --jobs "$JOBS" --quiet --json "$CORPUS" || true
        du -sk "$W/index" | cut -f1 >>"$W/fig/fouille-folder.kb"
    done
    F_PAGES=$(json_num pages <"$W/fouille-full.json")
    F_NEW=$(json_num new <"$W/fouille-full.json")
    F_FAILED=$(json_num failed <"$W/fouille-full.json")
    index_kb "$W/index" >"$W/fig/fouille.kb"
    compacted index
}

# ---- OCR ----------------------------------------------------------------

# ocr: a scanned PDF of OCR_PAGES pages of French minutes (the text of
# tests/fixtures/ocr/scan-fr.txt, drawn as 300 dpi images by tools/mkpdf),
# indexed by one worker: OCR pages a second on one core.
ocr() {
    say "ocr: $OCR_PAGES scanned pages, one worker, $RUNS runs"
    clear_figs 'ocr.*'
    _src=$ROOT/tests/fixtures/ocr/scan-fr.txt
    rm -rf "$W/ocr-archive"
    mkdir -p "$W/ocr-archive"
    { sed -n '1,/^---$/p' "$_src"; printf '%s\n' '\scan'
      for _i in $(seq "$OCR_PAGES"); do
          [ "$_i" -gt 1 ] && printf '%s\n' '\f'
          sed '1,/^---$/d' "$_src"
      done; } >"$W/ocr-src.txt"
    "$ROOT/build/tools/mkpdf" "$W/ocr-src.txt" "$W/ocr-archive/scan.pdf"
    for _i in $(seq "$RUNS"); do
        rm -rf "$W/ocr-index"
        timed ocr "$INDEXER" --index "$W/ocr-index" --jobs 1 --timeout 3600 \
            --quiet --json "$W/ocr-archive" || true
    done
    OCR_RATE=$(calc "$OCR_PAGES / $(med <"$W/fig/ocr.s")")
}

# json_num KEY: the number KEY of the one-line JSON object on stdin.
json_num() { sed -n "s/.*\"$1\": *\([0-9.]*\).*/\1/p" | head -1; }

# ---- search -----------------------------------------------------------

# server_start INDEX [OPTION...]: start bin/server on a free loopback
# port; sets BASE and SERVER_PID.
server_start() {
    _idx=$1; shift
    : >"$W/server.err"
    echo "$SERVER --listen 127.0.0.1:0 --index $_idx --archive $CORPUS --web $WEB --log /dev/null $*" >>"$W/commands.log"
    "$SERVER" --listen 127.0.0.1:0 --index "$_idx" --archive "$CORPUS" \
        --web "$WEB" --log /dev/null "$@" 2>"$W/server.err" &
    SERVER_PID=$!
    _port=
    for _i in $(seq 100); do
        _port=$(sed -n 's/.*(port \([0-9][0-9]*\)).*/\1/p' "$W/server.err")
        [ -n "$_port" ] && break
        sleep 0.05
    done
    [ -n "$_port" ] || { cat "$W/server.err" >&2; kill "$SERVER_PID"; return 1; }
    BASE=http://127.0.0.1:$_port
}

server_stop() {
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
}

# took NAME: PASSES passes of the query list (after one warm-up pass)
# through /api/search, one request at a time; took_ms of each to
# fig/NAME.took. Fails when an answer has no took_ms.
took() {
    : >"$W/curl.cfg"
    while IFS= read -r _q; do
        echo "url = \"$BASE/api/search?q=$_q\"" >>"$W/curl.cfg"
    done <"$W/queries.enc"
    echo "curl -s -K $W/curl.cfg  # one url line a query of bench/queries.txt" >>"$W/commands.log"
    curl -s -K "$W/curl.cfg" >/dev/null
    : >"$W/fig/$1.took"
    for _i in $(seq "$PASSES"); do
        curl -s -K "$W/curl.cfg" >"$W/took.out"
        grep -o '"took_ms": *[0-9.eE+-]*' "$W/took.out" |
            sed 's/.*: *//' >>"$W/fig/$1.took"
    done
    cp "$W/took.out" "$W/answers-$1.json"       # the last pass's answers
    _want=$(( $(wc -l <"$W/queries.enc") * PASSES ))
    _got=$(wc -l <"$W/fig/$1.took")
    [ "$_got" -eq "$_want" ] || { say "took: $_got answers with took_ms, $_want wanted"; return 1; }
}

# floor NAME INDEX [XAPIAN_INDEX]: the same queries in-process, as the
# server runs them (fig/NAME.floor) and bare, top 10 only (fig/NAME.bare);
# then Xapian alone on the same index (xfloor; on XAPIAN_INDEX when
# given), plain (fig/NAME.xfloor) and one hit per file
# (fig/NAME.xcollapse); in ms.
floor() {
    echo "$FLOOR $2 $QUERIES $PASSES" >>"$W/commands.log"
    "$FLOOR" "$2" "$QUERIES" "$PASSES" >"$W/floor-$1.out"
    cut -f2 "$W/floor-$1.out" >"$W/fig/$1.floor"
    echo "$FLOOR --bare $2 $QUERIES $PASSES" >>"$W/commands.log"
    "$FLOOR" --bare "$2" "$QUERIES" "$PASSES" >"$W/floor-$1-bare.out"
    cut -f2 "$W/floor-$1-bare.out" >"$W/fig/$1.bare"
    xfloor "$1" "${3:-$2}"
}

# xfloor NAME DATABASE [QUERIES]: Xapian alone (bench/xfloor.cc says
# what it times) over DATABASE, with QUERIES (default: the list folded as
# fouille folds it), plain to fig/NAME.xfloor and collapsed on fouille's
# file id (value 1) to fig/NAME.xcollapse.
xfloor() {
    _ql=${3:-$W/queries.folded}
    echo "$XFLOOR $2 $_ql $PASSES" >>"$W/commands.log"
    "$XFLOOR" "$2" "$_ql" "$PASSES" >"$W/xfloor-$1.out"
    cut -f2 "$W/xfloor-$1.out" >"$W/fig/$1.xfloor"
    [ -n "${3:-}" ] && return 0
    echo "$XFLOOR --collapse 1 $2 $_ql $PASSES" >>"$W/commands.log"
    "$XFLOOR" --collapse 1 "$2" "$_ql" "$PASSES" >"$W/xfloor-$1-collapse.out"
    cut -f2 "$W/xfloor-$1-collapse.out" >"$W/fig/$1.xcollapse"
}

# load NAME ENCODED_LIST PATH_PREFIX: RUNS wrk runs, 2 threads and 16
# connections for WRK_SECONDS; rps and latency percentiles to fig/NAME.*.
load() {
    for _i in $(seq "$RUNS"); do
        echo "wrk -t2 -c16 -d${WRK_SECONDS}s -s bench/rotate.lua $BASE -- $2 $3" >>"$W/commands.log"
        wrk -t2 -c16 -d"${WRK_SECONDS}s" -s "$ROOT/bench/rotate.lua" "$BASE" -- "$2" "$3" >"$W/wrk.out"
        _line=$(grep '^WRK ' "$W/wrk.out")
        for _k in rps p50 p90 p99 non2xx errors; do
            echo "$_line" | tr ' ' '\n' | sed -n "s/^$_k=//p" >>"$W/fig/$1.$_k"
        done
    done
}

search() {
    say "search: took_ms, floor, wrk on /api/search and /api/suggest (${CACHE_OFF:-no --cache option})"
    clear_figs 'real.*' 'search.*' 'suggest.*' 'cached.*' 'search-cached.*' 'suggest-cached.*'
    server_start "$W/index" $CACHE_OFF
    took real
    load search "$W/queries.enc" "/api/search?q="
    load suggest "$W/suggest.enc" "/api/suggest?q="
    RSS_KB=$(awk '/^VmRSS/ { print $2 }' "/proc/$SERVER_PID/status")
    HWM_KB=$(awk '/^VmHWM/ { print $2 }' "/proc/$SERVER_PID/status")
    if [ "$PROFILE" = 1 ]; then profile_server; fi
    server_stop
    CACHED_RSS_KB=
    if [ -n "$CACHE_OFF" ]; then
        say "search: again with the server's default answer cache"
        server_start "$W/index"
        took cached
        load search-cached "$W/queries.enc" "/api/search?q="
        load suggest-cached "$W/suggest.enc" "/api/suggest?q="
        CACHED_RSS_KB=$(awk '/^VmRSS/ { print $2 }' "/proc/$SERVER_PID/status")
        server_stop
    fi
    floor real "$W/index"
    # Xapian alone on omindex's index (words as typed: omindex does not
    # fold accents), when the omega step has made one.
    clear_figs 'omega.xfloor'
    if [ -d "$W/omega" ]; then xfloor omega "$W/omega" "$QUERIES"; fi
}

# ---- scaling ----------------------------------------------------------

# synth_corpus N: the synthetic corpus of N files (work/synth-N), made
# once and kept (work/synth-N.done says it is whole).
synth_corpus() {
    if [ ! -f "$W/synth-$1.done" ]; then
        say "synthetic corpus of $1 files: generating"
        clear_figs "synth-$1.*"
        rm -rf "$W/synth-$1"
        timed synth-$1 "$SYNTH" --seed 1 "$1" "$W/synth-$1"
        touch "$W/synth-$1.done"
    fi
}

scale() {
    _n=$1
    _dir=$W/synth-$_n
    synth_corpus "$_n"
    _runs=$RUNS
    [ "$_n" -ge 100000 ] && _runs=1
    say "scale $_n: $_runs full runs, $RUNS re-runs"
    clear_figs "index-$_n.*" "rerun-$_n.*" "pages-$_n" "synth-$_n.kb" "commit-$_n"
    for _i in $(seq "$_runs"); do
        rm -rf "$W/index-$_n"
        timed index-$_n "$INDEXER" --index "$W/index-$_n" --jobs "$JOBS" --quiet --json "$_dir" || true
    done
    json_num pages <"$W/index-$_n.out" >"$W/fig/pages-$_n"
    for _i in $(seq "$RUNS"); do
        timed rerun-$_n "$INDEXER" --index "$W/index-$_n" --jobs "$JOBS" --quiet --json "$_dir" || true
    done
    index_kb "$W/index-$_n" >"$W/fig/index-$_n.kb"
    du -sk "$_dir" | cut -f1 >"$W/fig/synth-$_n.kb"
    echo "$V_COMMIT" >"$W/fig/commit-$_n"
}

# scale_search N: took_ms (no cache) and the floor on the N-document index.
scale_search() {
    say "scale $1: search"
    clear_figs "scale-$1.*"
    server_start "$W/index-$1" $CACHE_OFF
    took scale-$1
    server_stop
    floor scale-$1 "$W/index-$1"
}

# ---- shards (issue 17) --------------------------------------------------

# shards: what remote shards cost a search. The SHARD_SCALE synthetic
# files (its corpus and index from the scale step) as 1 local index,
# and as 2 and 4 shards, each served by its own xapian-tcpsrv on a
# loopback port and named by a stub of "remote" lines, and the same
# shards as "auto" lines (local) for comparison: took_ms through the
# server (--cache 0) and the floors, as on one index.
shards() {
    _n=$SHARD_SCALE
    # A whole bench measures shards only on a corpus an earlier one made
    # (an index of 100k files takes an hour here); STEPS=shards makes it.
    if [ ! -f "$W/synth-$_n.done" ] && [ "$STEPS" = "$ALL_STEPS" ]; then
        say "shards: skipped, no synthetic corpus of $_n files (SHARD_SCALE=$_n STEPS=shards make bench)"
        return 0
    fi
    synth_corpus "$_n"
    shard_indexes "$_n" || { say "shards: the shards could not be made"; return 0; }
    [ -d "$W/index-$_n" ] || shard_merge_all "$_n" ||
        { say "shards: no single index of $_n files"; return 0; }
    clear_figs 'shards-*'
    say "shards: 1 local index of $_n files"
    shard_measure shards-1 "$W/index-$_n" || say "shards: 1 index: failed"
    for _k in 2 4; do
        _stub=$W/shards-$_n/local-$_k.stub
        : >"$_stub"
        for _i in $(seq 0 $((_k - 1))); do
            echo "auto $W/shards-$_n/index$_k-$_i" >>"$_stub"
        done
        say "shards: $_k local shards"
        shard_measure shards-$_k-local "$_stub" || say "shards: $_k local: failed"
        # The server's stub names the spelling copies too; Xapian alone
        # (xfloor) reads a stub of remote lines only, Xapian's format.
        _stub=$W/shards-$_n/remote-$_k.stub
        _xstub=$W/shards-$_n/remote-$_k.xapian.stub
        : >"$_stub"
        : >"$_xstub"
        TCPSRV_PIDS=
        for _i in $(seq 0 $((_k - 1))); do
            _shard=$W/shards-$_n/index$_k-$_i
            tcpsrv_start "$_shard" || break
            echo "remote 127.0.0.1:$TCPSRV_PORT" | tee -a "$_xstub" >>"$_stub"
            [ -e "$_shard.spelling" ] && echo "spelling $_shard.spelling" >>"$_stub"
        done
        say "shards: $_k remote shards (xapian-tcpsrv on loopback)"
        shard_measure shards-$_k-remote "$_stub" "$_xstub" || say "shards: $_k remote: failed"
        for _p in $TCPSRV_PIDS; do kill -TERM "-$_p" 2>/dev/null || true; done
    done
    for _s in 2-local 2-remote 4-local 4-remote; do same_answers shards-$_s shards-1; done
    echo "$V_COMMIT" >"$W/fig/shards-commit"
}

# same_answers NAME ONE: how many queries of the list NAME answered as ONE
# did (the last pass of `took`, work/answers-NAME.json), by what T600 and
# T610 compare (tests/lib-shards.sh): the total and the top 10 in order
# (each hit's path, page, other pages and snippet), among the answers
# that both gave whole (not partial: a search cut by its time limit
# answers what it found by then, which depends on the layout); and of
# those, how many have the same facets. "SAME WHOLE FACETS PARTIAL" to
# fig/NAME.same; the queries whose top 10 or total differ to
# work/answers-NAME.diff.
same_answers() {
    [ -s "$W/answers-$1.json" ] && [ -s "$W/answers-$2.json" ] || return 0
    _proj='[.partial, ([.total, [.hits[] | [.path, .page, .other_pages, .snippet]]] | tojson), (.facets | tojson)]'
    jq -r "$_proj | @tsv" <"$W/answers-$1.json" >"$W/answers-$1.proj" || return 0
    jq -r "$_proj | @tsv" <"$W/answers-$2.json" >"$W/answers-$2.proj" || return 0
    : >"$W/answers-$1.diff"
    paste -d '\t' "$W/answers-$2.proj" "$W/answers-$1.proj" "$QUERIES" |
        awk -F '\t' -v diff="$W/answers-$1.diff" '
            $1 == "true" || $4 == "true" { partial++; next }
            { whole++ }
            $2 != $5 { print $7 >diff; next }
            { same++; if ($3 == $6) facets++ }
            END { printf "%d %d %d %d\n", same, whole, facets, partial }' >"$W/fig/$1.same"
}

# shard_indexes N: the shards of the synthetic corpus of N files, as
# work/shards-N/indexK-I (I from 0), with their spelling copies as
# indexK-I.spelling (the stubs of remote shards name them, so that "did
# you mean" costs what it costs on one index). With `bin/indexer --shards
# 4` (one full run, timed; a file goes to shard FNV-1a(path) mod 4) when
# the indexer has it: an interrupted run (or bench) goes on where it
# stopped, the indexer being incremental. The 2 shards are those 4 merged
# in pairs by xapian-compact, shard-4-1 + shard-4-3 and shard-4-2 +
# shard-4-4, spelling copies too: since h mod 2 = (h mod 4) mod 2, each
# pair holds exactly the files (so the pages, terms and spelling
# frequencies) that `--shards 2` puts in its shard 1 and 2 (checked: T610
# compares --shards 2 and 4 merged so). What differs from a --shards 2
# run: document ids (the first shard's, then the second's, so pages of
# equal weight may tie in another order) and metadata of the index as a
# whole (the accented form of a word, the revision base), which
# xapian-compact takes from the first of the pair. Without --shards
# (method "folders", an older indexer): the corpus split into 4 parts by
# folder (dNNN, NNN modulo 4; hard links, so the relative paths stay the
# same), each indexed into its own index (timed), merged in pairs the
# same way. Kept between benches in work/shards-N/ (remove it to make
# them again).
shard_indexes() {
    _d=$W/shards-$1
    [ -f "$_d/done" ] && return 0
    clear_figs 'shard-index*'
    if "$INDEXER" --help 2>&1 | grep -q -- '--shards'; then
        mkdir -p "$_d"
        say "shards: indexing synth-$1 with --shards 4 (2 shards: those merged in pairs)"
        timed shard-index4 "$INDEXER" --index "$_d/idx4" --shards 4 \
            --jobs "$JOBS" --quiet --json "$W/synth-$1" || return 1
        echo "$V_COMMIT" >"$W/fig/shard-index4-commit"
        for _i in $(seq "$RUNS"); do    # the no-change run of a sharded index
            timed shard-rerun4 "$INDEXER" --index "$_d/idx4" --shards 4 \
                --jobs "$JOBS" --quiet --json "$W/synth-$1" || true
        done
        for _i in 1 2 3 4; do
            ln -sfn "idx4/shard-4-$_i" "$_d/index4-$((_i - 1))"
            ln -sfn "idx4/shard-4-$_i.spelling" "$_d/index4-$((_i - 1)).spelling"
        done
        echo "indexer --shards 4" >"$_d/method"
    else
        rm -rf "$_d"
        mkdir -p "$_d"
        shard_folders "$1" || return 1
        echo "folders" >"$_d/method"
    fi
    shard_pairs || return 1
    touch "$_d/done"
}

# shard_pairs: index2-0 and index2-1 (and their spelling copies) from the
# 4 shards in _d, merged in pairs (0+2, 1+3) by xapian-compact.
shard_pairs() {
    for _i in 0 1; do
        for _s in "" .spelling; do
            [ -n "$_s" ] && [ ! -e "$_d/index4-$_i$_s" ] && continue
            _a=$(index_gen "$_d/index4-$_i$_s")
            _b=$(index_gen "$_d/index4-$((_i + 2))$_s")
            rm -rf "$_d/index2-$_i$_s"
            echo "xapian-compact $_a $_b $_d/index2-$_i$_s" >>"$W/commands.log"
            xapian-compact "$_a" "$_b" "$_d/index2-$_i$_s" >/dev/null 2>>"$W/compact.err" || return 1
        done
    done
}

# shard_merge_all N: the single index of the N synthetic files, when the
# scale step did not build it (a 100k build takes over an hour: one build
# for both layouts): the 4 shards merged by xapian-compact, as the pairs
# are (same files, so the same pages, terms and statistics; what differs
# is said above shard_indexes). Recorded in work/shards-N/single.
shard_merge_all() {
    _d=$W/shards-$1
    set --
    for _i in 0 1 2 3; do set -- "$@" "$(index_gen "$_d/index4-$_i")"; done
    echo "xapian-compact $* $W/index-$SHARD_SCALE" >>"$W/commands.log"
    xapian-compact "$@" "$W/index-$SHARD_SCALE" >/dev/null 2>>"$W/compact.err" || return 1
    echo "the 4 shards merged by xapian-compact" >"$_d/single"
}

# shard_folders N: the "folders" method of shard_indexes (into its _d).
shard_folders() {
    say "shards: splitting synth-$1 into 4 parts and indexing each"
    for _f in "$W/synth-$1"/d*; do
        _k=$(( $(basename "$_f" | sed 's/^d0*//; s/^$/0/') % 4 ))
        mkdir -p "$_d/part4-$_k"
        cp -al "$_f" "$_d/part4-$_k/"
    done
    for _i in 0 1 2 3; do
        timed shard-index4 "$INDEXER" --index "$_d/index4-$_i" --jobs "$JOBS" \
            --quiet --json "$_d/part4-$_i" || return 1
        index_kb "$_d/index4-$_i" >>"$W/fig/shard-index4.kb"
    done
}

# shard_measure NAME DATABASE [XAPIAN_DATABASE]: took_ms through the
# server and the floors (Xapian alone on XAPIAN_DATABASE when given).
shard_measure() {
    server_start "$2" $CACHE_OFF || return 1
    took "$1" || { server_stop; return 1; }
    server_stop
    floor "$1" "$2" "${3:-$2}"
}

# tcpsrv_start INDEX: xapian-tcpsrv serving INDEX on a free loopback port
# (20000-31999, below the ephemeral range), in a session of its own (it
# forks a child per connection); sets TCPSRV_PORT, adds to TCPSRV_PIDS.
tcpsrv_start() {
    TCPSRV_PORT=$(( 20000 + $$ % 12000 ))
    while [ -n "$(ss -Hltn "sport = :$TCPSRV_PORT")" ]; do
        TCPSRV_PORT=$((TCPSRV_PORT + 1))
    done
    echo "xapian-tcpsrv --quiet --interface 127.0.0.1 --port PORT $1" >>"$W/commands.log"
    setsid xapian-tcpsrv --quiet --interface 127.0.0.1 --port "$TCPSRV_PORT" \
        "$(index_gen "$1")" >>"$W/tcpsrv.err" 2>&1 &
    TCPSRV_PIDS="$TCPSRV_PIDS $!"
    for _i in $(seq 100); do
        [ -n "$(ss -Hltn "sport = :$TCPSRV_PORT")" ] && return 0
        sleep 0.05
    done
    say "shards: xapian-tcpsrv did not listen on port $TCPSRV_PORT"
    return 1
}

# ---- profiles ---------------------------------------------------------

# perf_summary DATA NAME: from a perf record with DWARF call graphs, the
# shared objects by self time, our functions (and the library calls they
# make) by inclusive time, and the hottest functions by self time.
perf_summary() {
    perf report -i "$1" --stdio --no-children --sort dso -g none 2>/dev/null |
        grep -v '^#' | grep -v '^$' | head -10 >"$W/profile-$2-dso.txt"
    perf report -i "$1" --stdio --children --sort sym -g none 2>/dev/null |
        grep -E '\] (fdb_|api_|snippet_|norm_|http_|extract|run_|worker_|pool_|wire_|main|json_dump|poppler_[a-z_]*text|Xapian::[A-Za-z:]*(get_mset|get_data|add_document|replace_document|commit|index_text|get_spelling|Stem::operator))' |
        head -30 >"$W/profile-$2-incl.txt"
    perf report -i "$1" --stdio --no-children --sort sym -g none 2>/dev/null |
        grep -v '^#' | grep -v '^$' | head -20 >"$W/profile-$2.txt"
}

# perf over a fresh index of the 1k synthetic documents (workers
# included), and over the server under the /api/search load.
profile_indexer() {
    say "profile: indexer (perf record, 1k synthetic documents)"
    rm -rf "$W/index-prof"
    echo "perf record -F 499 --call-graph dwarf,16384 -o $W/perf-indexer.data -- $INDEXER --index $W/index-prof --jobs $JOBS --quiet $W/synth-1000" >>"$W/commands.log"
    perf record -F 499 --call-graph dwarf,16384 -o "$W/perf-indexer.data" -- \
        "$INDEXER" --index "$W/index-prof" --jobs "$JOBS" --quiet "$W/synth-1000" \
        >/dev/null 2>&1 || true
    perf_summary "$W/perf-indexer.data" indexer
}

profile_server() {
    say "profile: server (perf record during a wrk load on /api/search)"
    echo "perf record -F 499 --call-graph dwarf,16384 -p SERVER_PID -o $W/perf-server.data -- sleep 6   # during wrk -d5s on /api/search" >>"$W/commands.log"
    perf record -F 499 --call-graph dwarf,16384 -p "$SERVER_PID" \
        -o "$W/perf-server.data" -- sleep 6 >/dev/null 2>&1 &
    _perf=$!
    sleep 0.5
    wrk -t2 -c16 -d5s -s "$ROOT/bench/rotate.lua" "$BASE" -- "$W/queries.enc" "/api/search?q=" >/dev/null
    wait "$_perf" || true
    perf_summary "$W/perf-server.data" server
}

# ---- relevance ----------------------------------------------------------

# bench/relevance.sh on the indexes of the corpus made above (a known-item
# test and the judged queries of bench/judged.tsv, fouille and Omega).
relevance() {
    say "relevance: known items on the corpus, judged queries on archive/"
    echo "sh bench/relevance.sh   # W=$W INDEXER=$INDEXER REL_INDEX=$W/index REL_OMEGA=$W/omega" >>"$W/commands.log"
    W=$W INDEXER=$INDEXER CORPUS=$CORPUS REL_INDEX=$W/index REL_OMEGA=$W/omega \
        sh "$ROOT/bench/relevance.sh" 2>"$W/relevance.err"
}

# ---- main ---------------------------------------------------------------

# The figures that are not in fig/ files, kept for `run.sh --report`.
VARS="DATE CPU MEM KERNEL V_FOUILLE V_XAPIAN V_OMEGA V_POPPLER V_WRK V_COMMIT
JOBS RUNS WRK_SECONDS PASSES SCALES TEXT_PDF TEXT_HTML OMEGA_DOCS F_PAGES
V_RECOLL RECOLL_DOCS SHARD_SCALE
F_NEW F_FAILED OCR_PAGES OCR_RATE RSS_KB HWM_KB CACHED_RSS_KB CACHE_OFF corpus_pdfs corpus_pages
corpus_htmls corpus_bytes"
# unset_vars_empty: the VARS no step of this bench (or of the last) set
# are empty, so that the report shows what was not measured as such.
unset_vars_empty() {
    for _v in $VARS; do eval ": \"\${$_v=}\""; done
}

keep_vars() {
    for _v in $VARS; do
        eval "_x=\${$_v-}"
        printf "%s='%s'\n" "$_v" "$(printf '%s' "$_x" | sed "s/'/'\\\\''/g")"
    done >"$W/vars.env"
}

if [ "${1:-}" = --report ]; then
    # Rewrite RESULTS.md from the last bench's figures (after editing
    # bench/analysis.md or report.sh), without measuring again.
    . "$W/vars.env"
else
    ALL_STEPS="limit omega recoll fouille ocr search scale scalesearch shards profile relevance"
    STEPS=${STEPS:-$ALL_STEPS}
    [ "$STEPS" = "$ALL_STEPS" ] && : >"$W/commands.log"
    if [ "$STEPS" != "$ALL_STEPS" ] && [ -f "$W/vars.env" ]; then
        _keep="RUNS=$RUNS WRK_SECONDS=$WRK_SECONDS PASSES=$PASSES SHARD_SCALE=$SHARD_SCALE"
        _scales=$SCALES
        . "$W/vars.env"          # the figures of the steps not run now
        eval "$_keep"
        SCALES=$_scales
    fi
    setup
    machine
    for _s in $STEPS; do
        case $_s in
        limit) limit ;;
        omega) omega ;;
        recoll) recoll_index ;;
        fouille) fouille_index ;;
        ocr) ocr ;;
        search) search ;;
        scale) for _n in $SCALES; do scale "$_n"; done ;;
        scalesearch) for _n in $SCALES; do scale_search "$_n"; done ;;
        shards) shards ;;
        profile) if [ "$PROFILE" = 1 ]; then profile_indexer; fi ;;
        relevance) relevance ;;
        *) say "unknown step $_s"; exit 2 ;;
        esac
    done
    keep_vars
fi
unset_vars_empty
. "$ROOT/bench/report.sh"
RESULTS=${BENCH_RESULTS:-$ROOT/bench/RESULTS.md}
report >"$RESULTS"
sed -n '/^## Summary/,/^## Indexing/p' "$RESULTS" | sed '$d'
say "wrote $RESULTS"
