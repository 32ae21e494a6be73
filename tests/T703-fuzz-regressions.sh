#!/bin/sh
# T703-fuzz-regressions -- what the fuzzers found, replayed against the real
# server (the plain and the sanitized build): each tests/fuzz/corpus/
# fuzz-search/regress-* input is a query string that once broke a promise
# of /api/search; the server must answer it with 200 or 400, never 500.
# Named cases below state the behaviour each fix guards.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-server.sh"

index_archive "$TMP/index" >/dev/null
start_server "$TMP/index" || { done_testing; }

# api.c's date check let "2022-01-2-" through (sscanf stops at the '-'),
# and the index refused it: a 500. A date has digits where digits belong.
is "$(http '/api/search?q=r%C3%A9union&from=2022-01-2-')" 400 \
    "from=2022-01-2- (a dash for a digit) is a 400, not a 500"
is "$(error_code)" bad_request "... bad_request"
is "$(http '/api/search?q=meeting&to=2O22-01-02')" 400 \
    "to=2O22-01-02 (a letter O for a zero) is a 400"
is "$(http '/api/search?q=r%C3%A9union&from=2019-01-02&to=2030-12-31')" 200 \
    "well-formed from and to still answer 200"

for f in "$FOUILLE_SRC"/tests/fuzz/corpus/fuzz-search/regress-*; do
    [ -f "$f" ] || continue
    q=$(cat "$f")
    st=$(http "/api/search?$q")
    case $st in 200|400) ok 0 "$(basename "$f"): $st" ;;
    *) ok 1 "$(basename "$f"): $st"; diag "$(cat "$TMP/body")" ;; esac
done

stop_server
is $? 0 "the server stops cleanly"
done_testing
