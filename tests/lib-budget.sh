# lib-budget.sh -- a synthetic archive and the server's CPU per request,
# for the tests of the search budget; source it after lib-server.sh.
#
# make_synth_index N sets ARCHIVE and INDEX to N synthetic French PDFs of
# up to 4 pages (bench/synth.c, built by `make test`) and their index.
# server_cpu prints the server's CPU time so far in milliseconds (user +
# system, all threads, from /proc); cpu_of URL requests URL once and
# prints "STATUS MS": the status and the CPU the server spent meanwhile.
# The body is left in $TMP/body, as http does.

SYNTH=$FOUILLE_SRC/build/bench/synth
_clk_tck=$(getconf CLK_TCK)

make_synth_index() {
    ARCHIVE=$TMP/synth
    INDEX=$TMP/synth-index
    [ -x "$SYNTH" ] || { diag "no $SYNTH (make build/bench/synth)"; return 1; }
    "$SYNTH" --html 0 --max-pages 4 "$1" "$ARCHIVE" >/dev/null || return 1
    "$INDEXER" --quiet --index "$INDEX" "$ARCHIVE" >/dev/null
}

server_cpu() {
    awk -v t="$_clk_tck" '{ printf "%d\n", ($14 + $15) * 1000 / t }' "/proc/$SERVER_PID/stat"
}

cpu_of() {
    _c0=$(server_cpu)
    _st=$(http "$1")
    echo "$_st $(( $(server_cpu) - _c0 ))"
}

# urlq TEXT: TEXT percent-encoded for a query string (jq's @uri).
urlq() { printf '%s' "$1" | jq -sRr @uri; }
