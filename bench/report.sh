# report.sh -- sourced by bench/run.sh: `report` prints bench/RESULTS.md
# from the figures in bench/work/fig/ and the variables run.sh set.
#
# Design: every figure is read back from its file (one value a run) and
# shown as "median (min–max)"; every target of issues 15 and 17 is one
# `target` line that compares a median with its bound and says by how much
# it is missed; every fouille figure is also given as a ratio to the
# limit's, omindex's, Recoll's and Xapian alone's (report_ratios). The analysis of a missed target is written by a person in
# bench/analysis.md, copied in verbatim, since it cannot be computed.

# target NAME MEASURED_TEXT VALUE OP BOUND: a summary table row; OP is
# "<=" or ">=", VALUE and BOUND numbers (VALUE "-" when not measured).
target() {
    if [ "$3" = - ] || [ "$3" = – ] || [ -z "$3" ]; then
        printf '| %s | %s | not measured |\n' "$1" "$2"
        return
    fi
    _ok=$(awk -v v="$3" -v b="$5" -v op="$4" 'BEGIN {
        ok = op == "<=" ? v <= b : v >= b
        if (ok) print "**yes**"
        else if (op == "<=") printf "no: %.2g× over the bound\n", v / b
        else printf "no: %.2g× under the bound\n", b / v }')
    printf '| %s | %s | %s |\n' "$1" "$2" "$_ok"
}

# m NAME: the median of figures file NAME, "-" when absent.
m() { if [ -s "$W/fig/$1" ]; then med <"$W/fig/$1"; else echo -; fi; }
# p P NAME: percentile P of figures file NAME.
p() { if [ -s "$W/fig/$2" ]; then pct "$1" <"$W/fig/$2"; else echo -; fi; }
mb() { awk -v k="$(cat "$W/fig/$1" 2>/dev/null || echo 0)" 'BEGIN { printf "%.1f", k / 1024 }'; }

# ratio A B: A / B to 3 significant digits, "–" when either is missing.
ratio() {
    for _x in "$1" "$2"; do
        case $_x in -|–|'') echo "–"; return ;; esac
    done
    awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "–"; else printf "%.3g\n", a / b }'
}
# kb_max NAME: the largest figure of fig/NAME, "-" when absent.
kb_max() { if [ -s "$W/fig/$1" ]; then sort -g "$W/fig/$1" | tail -1; else echo -; fi; }
# net P: percentile P of recollq's times less the median of its start.
net() {
    _r=$(p "$1" recoll-q.ms) _s=$(m recoll-q.start)
    [ "$_r" != - ] && [ "$_s" != - ] || { echo -; return; }
    awk -v a="$_r" -v b="$_s" 'BEGIN { printf "%.3g\n", a - b }'
}

report_summary() {
    _om=$(m omindex.s) _fo=$(m fouille.s) _pt=$(m pdftotext.s) _rc=$(m recoll.s)
    _fcpu=$(m fouille.cpu) _pcpu=$(m pdftotext.cpu)
    _re=$(m fouille-rerun.s) _fmb=$(m fouille.mb)
    _t50=$(p 50 real.took) _t99=$(p 99 real.took)
    _srps=$(m search.rps) _grps=$(m suggest.rps)
    _rss=$(awk -v k="${RSS_KB:-0}" 'BEGIN { printf "%.1f", k / 1024 }')
    _fkb=$(cat "$W/fig/fouille.kb" 2>/dev/null || echo -)
    _okb=$(cat "$W/fig/omega.kb" 2>/dev/null || echo -)
    _dir=$(kb_max fouille-folder.kb)
    _f_pt=$(ratio "$_fo" "$_pt") _om_f=$(ratio "$_om" "$_fo")
    _cpu_pt=$(ratio "$_fcpu" "$_pcpu") _f_o=$(ratio "$_fkb" "$_okb")
    _dir_f=$(ratio "$_dir" "$_fkb")
    echo "| target (issue 15; the last one issue 17) | measured (median) | met? |"
    echo "|---|---|---|"
    target "full index ≤ 1.05× the pdftotext limit (wall)" \
        "fouille/pdftotext = $_f_pt ($_fo s / $_pt s)" "$_f_pt" "<=" 1.05
    target "full index CPU ≤ 1.1× pdftotext's" \
        "fouille/pdftotext = $_cpu_pt ($_fcpu s / $_pcpu s CPU)" "$_cpu_pt" "<=" 1.1
    target "full index ≥ 2.5× faster than omindex" \
        "omindex/fouille = $_om_f ($_om s / $_fo s)" "$_om_f" ">=" 2.5
    target "no-change re-run < 0.05 s" "$_re s" "$_re" "<=" 0.05
    target "indexer peak RSS ≤ 200 MiB" "$_fmb MiB (largest process)" "$_fmb" "<=" 200
    target "index ≤ 1.5× omindex's" \
        "fouille/omindex = $_f_o ($(mb fouille.kb) MB / $(mb omega.kb) MB)" "$_f_o" "<=" 1.5
    target "index folder after any run ≤ 1.2× the live index" \
        "largest folder / live = $_dir_f ($(calc "${_dir:-0} / 1024") MB / $(mb fouille.kb) MB)" "$_dir_f" "<=" 1.2
    target "/api/search p50 server time ≤ 1 ms (uncached, snippets, facets)" "$_t50 ms" "$_t50" "<=" 1
    target "/api/search p99 server time ≤ 5 ms" "$_t99 ms" "$_t99" "<=" 5
    target "≥ 3,000 searches/s over HTTP (2 cores, uncached)" "$_srps /s" "$_srps" ">=" 3000
    target "≥ 20,000 suggestions/s over HTTP" "$_grps /s" "$_grps" ">=" 20000
    target "server RSS < 100 MB after the load" "$_rss MB" "$_rss" "<=" 100
    if [ -s "$W/fig/rerun-100000.s" ]; then
        target "100k files: no-change re-run < 2 s" \
            "$(m rerun-100000.s) s (at $(cat "$W/fig/commit-100000" 2>/dev/null))" \
            "$(m rerun-100000.s)" "<=" 2
    elif [ -s "$W/fig/shard-rerun4.s" ] && [ "$SHARD_SCALE" = 100000 ]; then
        target "100k files: no-change re-run < 2 s" \
            "$(m shard-rerun4.s) s (index in 4 shards, at $(cat "$W/fig/shard-index4-commit" 2>/dev/null))" \
            "$(m shard-rerun4.s)" "<=" 2
    else
        target "100k files: no-change re-run < 2 s" \
            "not run (make bench SCALE=100000); 10k: $(m rerun-10000.s) s" - "<=" 2
    fi
    if [ -s "$W/fig/scale-100000.took" ]; then
        target "100k files: search p50 < 5 ms" "$(p 50 scale-100000.took) ms" \
            "$(p 50 scale-100000.took)" "<=" 5
    else
        target "100k files: search p50 < 5 ms" "$(p 50 shards-1.took) ms (shards step, one index)" \
            "$(p 50 shards-1.took)" "<=" 5
    fi
    _s1=$(p 50 shards-1.took) _s2=$(p 50 shards-2-remote.took)
    target "100k files, 2 remote shards: search p50 ≤ 2× one index's" \
        "$(ratio "$_s2" "$_s1")× ($_s2 ms / $_s1 ms)" "$(ratio "$_s2" "$_s1")" "<=" 2
    echo
    report_ratios
    if [ -n "${OCR_RATE:-}" ]; then
        echo
        echo "OCR (issue 16): $OCR_RATE scanned pages/s on one core (one worker,"
        echo "$OCR_PAGES pages of French minutes at 300 dpi, median of $RUNS runs:"
        echo "$(m ocr.s) s). The full run above needs no OCR (born-digital corpus)."
    fi
    if [ -n "${CACHE_OFF:-}" ]; then
        echo
        echo "Search targets are judged with the server's answer cache off"
        echo "(\`$CACHE_OFF\`): the real cost of a query. With its default cache,"
        echo "where a 40-query list is all hits after one pass: took_ms p50"
        echo "$(p 50 cached.took) ms, p99 $(p 99 cached.took) ms; $(m search-cached.rps) searches/s,"
        echo "$(m suggest-cached.rps) suggestions/s (see Search)."
    fi
}

# report_ratios: each fouille figure against the same figure of the
# limit, omindex, Recoll and Xapian alone (medians; "–": not comparable).
report_ratios() {
    echo "Each fouille figure as a ratio to the same figure of the others (medians;"
    echo "below 1: fouille is faster or smaller):"
    echo
    echo "| fouille | value | ÷ pdftotext limit | ÷ omindex | ÷ Recoll | ÷ Xapian alone |"
    echo "|---|---|---|---|---|---|"
    for _k in s cpu mb; do
        case $_k in s) _l="full index, wall s" ;; cpu) _l="full index, CPU s" ;;
                    mb) _l="full index, peak RSS MiB" ;; esac
        echo "| $_l | $(m fouille.$_k) | $(ratio "$(m fouille.$_k)" "$(m pdftotext.$_k)") | $(ratio "$(m fouille.$_k)" "$(m omindex.$_k)") | $(ratio "$(m fouille.$_k)" "$(m recoll.$_k)") | – |"
    done
    _fkb=$(cat "$W/fig/fouille.kb" 2>/dev/null || echo -)
    echo "| index MB (live) | $(mb fouille.kb) | – | $(ratio "$_fkb" "$(cat "$W/fig/omega.kb" 2>/dev/null || echo -)") | $(ratio "$_fkb" "$(cat "$W/fig/recoll.kb" 2>/dev/null || echo -)") | – |"
    echo "| no-change re-run s | $(m fouille-rerun.s) | – | $(ratio "$(m fouille-rerun.s)" "$(m omindex-rerun.s)") | $(ratio "$(m fouille-rerun.s)" "$(m recoll-rerun.s)") | – |"
    for _q in 50 99; do
        _t=$(p $_q real.took)
        echo "| search p$_q ms, server took_ms | $_t | – | $(ratio "$_t" "$(p $_q omega.xfloor)")ᵃ | $(ratio "$_t" "$(net $_q)")ᵇ | $(ratio "$_t" "$(p $_q real.xfloor)") |"
    done
    for _q in 50 99; do
        _t=$(p $_q real.floor)
        echo "| search p$_q ms, fdb_search in-process | $_t | – | $(ratio "$_t" "$(p $_q omega.xfloor)")ᵃ | $(ratio "$_t" "$(net $_q)")ᵇ | $(ratio "$_t" "$(p $_q real.xfloor)") |"
    done
    echo
    echo "ᵃ against Xapian alone on omindex's index (omindex has no search"
    echo "program of its own to time but Omega's CGI, not measured).  "
    echo "ᵇ against recollq's time less its start (the median time of a recollq"
    echo "run whose query matches nothing: $(m recoll-q.start) ms); recollq as a"
    echo "whole takes p50 $(p 50 recoll-q.ms) ms, p99 $(p 99 recoll-q.ms) ms a query."
}

report_indexing() {
    echo "Corpus (\`bench/corpus.sh\`): $corpus_pdfs PDFs ($corpus_pages pages),"
    echo "$corpus_htmls HTML pages, $(calc "$corpus_bytes / 1048576") MB, from these Debian packages:"
    echo
    echo "| package | version |"
    echo "|---|---|"
    sed 's/^\([^ ]*\) \(.*\)$/| \1 | \2 |/' "$W/corpus.packages"
    echo
    echo "Text extracted by pdftotext: $(calc "$TEXT_PDF / 1048576") MB; HTML text"
    echo "(tags stripped): $(calc "$TEXT_HTML / 1048576") MB. omindex indexed $OMEGA_DOCS documents;"
    echo "fouille $F_NEW files ($F_PAGES index pages, $F_FAILED failed)."
    echo
    echo "Recoll indexed ${RECOLL_DOCS:-?} documents (recollcmd ${V_RECOLL:-?}; its configuration:"
    echo "\`recoll_conf\` in bench/run.sh)."
    echo
    echo "| step | wall seconds | CPU seconds | peak RSS MiB (largest process) | index MB | compacted MB |"
    echo "|---|---|---|---|---|---|"
    echo "| limit: pdftotext, $JOBS in parallel (PDFs only) | $(fig pdftotext.s) | $(fig pdftotext.cpu) | $(fig pdftotext.mb) | – | – |"
    echo "| omindex -s french, full | $(fig omindex.s) | $(fig omindex.cpu) | $(fig omindex.mb) | $(mb omega.kb) | $(mb omega-compact.kb) |"
    echo "| omindex, no-change re-run | $(fig omindex-rerun.s) | $(fig omindex-rerun.cpu) | $(fig omindex-rerun.mb) | | |"
    echo "| recollindex (French stemming), full | $(fig recoll.s) | $(fig recoll.cpu) | $(fig recoll.mb) | $(mb recoll.kb) | – |"
    echo "| recollindex, no-change re-run | $(fig recoll-rerun.s) | $(fig recoll-rerun.cpu) | $(fig recoll-rerun.mb) | | |"
    echo "| fouille --jobs $JOBS, full | $(fig fouille.s) | $(fig fouille.cpu) | $(fig fouille.mb) | $(mb fouille.kb) | $(mb index-compact.kb) |"
    echo "| fouille, no-change re-run | $(fig fouille-rerun.s) | $(fig fouille-rerun.cpu) | $(fig fouille-rerun.mb) | | |"
    echo
    echo "Index MB: the live index (for fouille, the generation its stub names);"
    echo "fouille's whole index folder after each run: $(sort -g "$W/fig/fouille-folder.kb" 2>/dev/null |
        awk '{ printf "%s%.1f", (NR > 1 ? ", " : ""), $1 / 1024 }') MB."
    echo "Compacted: the same index through \`xapian-compact\`. CPU: user + system"
    echo "time of the process and its children (GNU time)."
}

# prow LABEL NAME: a row of percentiles of fig/NAME, when it exists.
prow() {
    [ -s "$W/fig/$2" ] || return 0
    echo "| $1 | $(p 50 "$2") | $(p 90 "$2") | $(p 99 "$2") | $(p 100 "$2") |"
}

report_search() {
    _n=$(wc -l <"$W/queries.enc")
    echo "$_n queries (\`bench/queries.txt\`), $PASSES passes after a warm-up pass,"
    echo "one request at a time: $(wc -l <"$W/fig/real.took") samples each."
    echo
    echo "| | p50 ms | p90 ms | p99 ms | max ms |"
    echo "|---|---|---|---|---|"
    prow "server took_ms (/api/search, snippets, JSON${CACHE_OFF:+; $CACHE_OFF})" real.took
    if [ -s "$W/fig/cached.took" ]; then
        prow "server took_ms, default answer cache (hits after pass 1)" cached.took
    fi
    prow "floor: fdb_search in-process (bench/floor)" real.floor
    prow "bare floor: top 10 only (no facets, other pages, spelling)" real.bare
    prow "Xapian alone (bench/xfloor), fouille's index, top 10" real.xfloor
    prow "Xapian alone, fouille's index, top 10 files (collapsed)" real.xcollapse
    prow "Xapian alone, omindex's index, top 10" omega.xfloor
    prow "recollq, top 10, one process a query" recoll-q.ms
    prow "recollq start: a query that matches nothing" recoll-q.start
    echo
    echo "Slowest queries (floor, median of the passes, ms; hits):"
    echo
    echo '```'
    awk -F'\t' '{ s[$4] = s[$4] " " $2; t[$4] = $3 }
        END { for (q in s) { n = split(s[q], a, " "); asort_n(a, n)
                             printf "%9.3f %7d  %s\n", a[int((n + 1) / 2)], t[q], q } }
        function asort_n(a, n,   i, j, x) { for (i = 2; i <= n; i++) { x = a[i]
            for (j = i - 1; j >= 1 && a[j] + 0 > x + 0; j--) a[j + 1] = a[j]; a[j + 1] = x } }' \
        "$W/floor-real.out" | sort -rn | head -8
    echo '```'
    echo
    echo "HTTP load with wrk (2 threads, 16 connections, ${WRK_SECONDS} s, $RUNS runs;"
    echo "wrk shares the 2 cores with the server, so these are lower bounds):"
    echo
    echo "| endpoint | requests/s | p50 ms | p90 ms | p99 ms | non-2xx | socket errors |"
    echo "|---|---|---|---|---|---|---|"
    for _e in search suggest search-cached suggest-cached; do
        [ -s "$W/fig/$_e.rps" ] || continue
        case $_e in
        *-cached) _label="/api/${_e%-cached}, default answer cache" ;;
        *) _label="/api/$_e${CACHE_OFF:+, $CACHE_OFF}" ;;
        esac
        echo "| $_label | $(fig $_e.rps) | $(fig $_e.p50) | $(fig $_e.p90) | $(fig $_e.p99) | $(fig $_e.non2xx) | $(fig $_e.errors) |"
    done
    echo
    echo "Server memory after the load: VmRSS $(calc "$RSS_KB / 1024") MB, peak (VmHWM) $(calc "$HWM_KB / 1024") MB."
    if [ -n "${CACHED_RSS_KB:-}" ]; then
        echo "With the default answer cache, after its load: VmRSS $(calc "$CACHED_RSS_KB / 1024") MB."
    fi
}

# scales: the synthetic sizes with figures (from this bench or an
# earlier one: the 100k one is run apart, make bench SCALE=100000).
scales() {
    ls "$W/fig" 2>/dev/null | sed -n 's/^index-\([0-9][0-9]*\)\.s$/\1/p' | sort -n
}

report_scaling() {
    echo "Synthetic French documents (\`bench/synth\`, seed 1: 75 % PDFs of 1 to 8"
    echo "pages, 4.5 on average, and 25 % HTML pages; so 100k files make about"
    echo "370k pages, not 1M), the same query list. Full index: $RUNS runs (1 at"
    echo "100k); each size is measured at the commit shown (the 100k run takes"
    echo "long and is run apart)."
    echo
    echo "| files | commit | pages | corpus MB | generation s | full index s | CPU s | pages/s | peak RSS MiB | no-change re-run s | index MB |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|"
    for _n in $(scales); do
        _pg=$(cat "$W/fig/pages-$_n" 2>/dev/null || echo 0)
        echo "| $_n | $(cat "$W/fig/commit-$_n" 2>/dev/null || echo ?) | $_pg | $(mb synth-$_n.kb) | $(fig synth-$_n.s) | $(fig index-$_n.s) | $(fig index-$_n.cpu) | $(calc "$_pg / $(m index-$_n.s)") | $(fig index-$_n.mb) | $(fig rerun-$_n.s) | $(mb index-$_n.kb) |"
    done
    echo
    echo "Search on the same indexes (ms; took_ms through the server, --cache 0):"
    echo
    echo "| files | took p50 | took p99 | fdb_search p50 | fdb_search p99 | Xapian alone p50 | Xapian alone p99 | took p50 ÷ Xapian alone p50 |"
    echo "|---|---|---|---|---|---|---|---|"
    for _n in $(scales); do
        echo "| $_n | $(p 50 scale-$_n.took) | $(p 99 scale-$_n.took) | $(p 50 scale-$_n.floor) | $(p 99 scale-$_n.floor) | $(p 50 scale-$_n.xfloor) | $(p 99 scale-$_n.xfloor) | $(ratio "$(p 50 scale-$_n.took)" "$(p 50 scale-$_n.xfloor)") |"
    done
    echo
    echo "(A corpus generated in an earlier bench is reused: its generation time is"
    echo "then \"–\".)"
}

report_shards() {
    [ -s "$W/fig/shards-1.took" ] || { echo "Not measured (\`SHARD_SCALE=$SHARD_SCALE STEPS=shards make bench\`)."; return; }
    echo "The $SHARD_SCALE synthetic files as one index, and split into 2 and 4 shards"
    echo "(\`shards\` step of bench/run.sh, at commit $(cat "$W/fig/shards-commit" 2>/dev/null)): the"
    echo "remote shards each served by its own \`xapian-tcpsrv\` on a loopback port,"
    echo "all on this one 2-core machine. ms, $PASSES passes of the query list:"
    echo
    echo "| layout | took p50 | took p99 | ÷ one index (p50) | fdb_search p50 | fdb_search p99 | Xapian alone p50 | Xapian alone p99 | same answers as one index |"
    echo "|---|---|---|---|---|---|---|---|---|"
    _one=$(p 50 shards-1.took)
    for _s in 1 2-local 2-remote 4-local 4-remote; do
        case $_s in 1) _l="1 index, local" ;; *-local) _l="${_s%-*} shards, local (auto)" ;;
                    *) _l="${_s%-*} shards, remote (xapian-tcpsrv)" ;; esac
        [ -s "$W/fig/shards-$_s.took" ] || { echo "| $_l | failed or not run | | | | | | | |"; continue; }
        _same=–
        [ -s "$W/fig/shards-$_s.same" ] &&
            _same=$(awk '{ printf "%s of %s (facets: %s); %s partial\n", $1, $2, $3, $4 }' "$W/fig/shards-$_s.same")
        [ "$_s" = 1 ] && _same=
        echo "| $_l | $(p 50 shards-$_s.took) | $(p 99 shards-$_s.took) | $(ratio "$(p 50 shards-$_s.took)" "$_one") | $(p 50 shards-$_s.floor) | $(p 99 shards-$_s.floor) | $(p 50 shards-$_s.xfloor) | $(p 99 shards-$_s.xfloor) | $_same |"
    done
    echo
    if [ "$(cat "$W/shards-$SHARD_SCALE/method" 2>/dev/null)" = "indexer --shards 4" ]; then
        echo "Shard indexes: \`bin/indexer --shards 4\` over the corpus (at commit"
        echo "$(cat "$W/fig/shard-index4-commit" 2>/dev/null); a full run:"
        echo "$(fig shard-index4.s) s wall, $(fig shard-index4.cpu) s CPU, peak RSS"
        echo "$(fig shard-index4.mb) MiB, or what was left of an interrupted one; the"
        echo "no-change run after it: $(fig shard-rerun4.s) s); the 2"
        echo "shards are those 4 merged in pairs by \`xapian-compact\` (1 + 3, 2 + 4:"
        echo "the files \`--shards 2\` puts in each, see docs/scaling.md)."
    else
        echo "Shard indexes: 4 parts by folder (dNNN, NNN modulo 4), each indexed by"
        echo "\`bin/indexer\` (median $(fig shard-index4.s) s each); the 2 shards are"
        echo "those 4 merged in pairs by \`xapian-compact\`."
    fi
    echo "*Same answers*: the queries whose total and top 10 (in order, with each"
    echo "hit's page, other pages and snippet) are the one index's, as T600 and"
    echo "T610 compare them, among those answered whole by both (the last pass;"
    echo "those that differ are in bench/work/answers-shards-*.diff); then how"
    echo "many of them have the same facets (exact up to 20,000 matching pages,"
    echo "counts of the pages looked at beyond), and how many answers were"
    echo "partial on either side (cut by the search's time limit: what was found"
    echo "by then depends on the layout)."
    echo
    if [ -f "$W/shards-$SHARD_SCALE/single" ]; then
        echo "The one index is the 4 shards merged by \`xapian-compact\` (no scale"
        echo "step of $SHARD_SCALE files was run: one build for both layouts). It holds"
        echo "the same files and terms as a one-index build (T610 checks it on the"
        echo "sample archive, answers included)."
    fi
}

report_profiles() {
    for _f in indexer server; do
        [ -s "$W/profile-$_f.txt" ] || continue
        echo "### $_f"
        echo
        echo '```'
        echo "# by shared object (self time)"
        cat "$W/profile-$_f-dso.txt"
        echo
        echo "# our functions and key library calls (inclusive time: children, self)"
        cat "$W/profile-$_f-incl.txt" 2>/dev/null
        echo
        echo "# hottest functions (self time)"
        cat "$W/profile-$_f.txt"
        echo '```'
        echo
    done
}

report() {
    cat <<EOF
# fouille benchmark results

Written by \`make bench\` (\`bench/run.sh\`) on $DATE, at commit $V_COMMIT.
Re-run rather than edit: every figure below is rewritten; the analysis
comes from \`bench/analysis.md\`.

**Noise.** This is a shared 2-core virtual machine: other engineers build
and run tests on it while the bench runs, and times vary from run to run.
Figures are medians of $RUNS runs with (min–max); prefer the ratios, which
share the same conditions, to the absolute times. The corpus is read from
the page cache (warmed before the first run).

## Machine and versions

- $JOBS cores (\`nproc\`), $CPU, $MEM memory, Linux $KERNEL
- fouille: $V_FOUILLE; libxapian $V_XAPIAN; $V_OMEGA
- $V_POPPLER; wrk $V_WRK; recollcmd ${V_RECOLL:-?}

## Summary

EOF
    report_summary
    echo
    echo "## Indexing the real corpus"
    echo
    report_indexing
    echo
    echo "## Search on the real corpus"
    echo
    report_search
    echo
    echo "## Scaling"
    echo
    report_scaling
    echo
    echo "## Shards (issue 17)"
    echo
    report_shards
    echo
    if [ -s "$W/relevance.md" ]; then
        cat "$W/relevance.md"
        echo
    fi
    echo "## Analysis"
    echo
    if [ -f "$ROOT/bench/analysis.md" ]; then cat "$ROOT/bench/analysis.md"; else echo "(none yet)"; fi
    echo
    echo "## Profiles (perf, hottest first)"
    echo
    report_profiles
    echo "## Commands"
    echo
    echo "As run (paths absolute; \`{}\` is each PDF; PORT and SERVER_PID stand for"
    echo "the server's port and process, which change from run to run):"
    echo
    echo '```'
    awk '!seen[$0]++' "$W/commands.log"
    echo '```'
}
