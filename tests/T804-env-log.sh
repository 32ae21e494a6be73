#!/bin/bash
# T804 -- options from the environment and the log lines, on the built
# programs: FOUILLE_INDEX and FOUILLE_ARCHIVE drive the indexer, the
# command line wins over a variable, a bad variable is refused by name;
# the server listens on FOUILLE_LISTEN and answers /healthz there;
# --log-format json and FOUILLE_LOG_FORMAT=json print one JSON object per
# line (checked with jq), with levels (a failed file is a warning); under
# journald (JOURNAL_STREAM naming stderr) lines start with "<N>".
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-deploy.sh"
unset JOURNAL_STREAM FOUILLE_INDEX FOUILLE_ARCHIVE FOUILLE_LOG_FORMAT
ARCHIVE=$FOUILLE_SRC/archive

# ---- Indexer -------------------------------------------------------------
FOUILLE_INDEX=$TMP/env-index FOUILLE_ARCHIVE=$ARCHIVE FOUILLE_QUIET=1 "$INDEXER" >"$TMP/out"
ok $? "FOUILLE_INDEX and FOUILLE_ARCHIVE alone make an indexing run"
ok "$( [ -d "$TMP/env-index" ]; echo $?)" "... into FOUILLE_INDEX"
hits=$(FOUILLE_INDEX=$TMP/env-index "$INDEXER" --search "économie")
like "$hits" '\.(pdf|html|txt|md)' "FOUILLE_INDEX=... indexer --search finds « économie »"
hits=$(FOUILLE_INDEX=$TMP/nowhere "$INDEXER" --index "$TMP/env-index" --search "meeting OR réunion")
like "$hits" '\.(pdf|html|txt|md)' "--index on the command line wins over FOUILLE_INDEX"
err=$(FOUILLE_QUIET=peut-être "$INDEXER" --index "$TMP/x" "$ARCHIVE" 2>&1 >/dev/null)
is "$?" 2 "a flag variable that is not a boolean: exit status 2 ..."
like "$err" 'FOUILLE_QUIET' "... naming the variable"
err=$(FOUILLE_JOBS=zéro "$INDEXER" --index "$TMP/x" "$ARCHIVE" 2>&1 >/dev/null)
like "$err" '--jobs' "a bad FOUILLE_JOBS is reported as --jobs"
like "$("$INDEXER" --help)" 'FOUILLE_MAX_SIZE' "indexer --help documents the variables"

# A file that cannot be read: a warning, as a JSON line.
mkdir -p "$TMP/arch/notes"
cp "$ARCHIVE"/*/*.txt "$TMP/arch/notes/" 2>/dev/null
printf '%%PDF-1.4\n1 0 obj\n<< /Type /Catalog' >"$TMP/arch/notes/cassé.pdf"
"$INDEXER" --log-format json --jobs 1 --index "$TMP/i2" "$TMP/arch" >/dev/null 2>"$TMP/json.err"
is "$?" 1 "indexing a broken PDF: exit status 1"
ok "$(jq -e -s 'length > 0' "$TMP/json.err" >/dev/null 2>&1; echo $?)" \
   "--log-format json: stderr is JSON objects"
is "$(grep -cv '^{.*}$' "$TMP/json.err")" 0 "... one per line"
is "$(jq -r 'select(.message | test("cassé.pdf")) | .level' "$TMP/json.err")" warning \
   "... the broken file is a warning naming it (accent kept)"
is "$(jq -r '.program' "$TMP/json.err" | sort -u)" indexer "... from the program indexer"

FOUILLE_LOG_FORMAT=json "$INDEXER" --full --jobs 1 --index "$TMP/i2" "$TMP/arch" >/dev/null 2>"$TMP/json2.err"
ok "$(jq -e -s 'map(.level) | index("warning") != null' "$TMP/json2.err" >/dev/null 2>&1; echo $?)" \
   "FOUILLE_LOG_FORMAT=json does the same"
FOUILLE_LOG_FORMAT=json "$INDEXER" --log-format text --full --jobs 1 --index "$TMP/i2" "$TMP/arch" >/dev/null 2>"$TMP/text.err"
like "$(cat "$TMP/text.err")" '^indexer: warning: notes/cassé.pdf: ' \
     "--log-format text wins over the variable: 'indexer: warning: FILE: reason'"
err=$("$INDEXER" --log-format xml "$TMP/arch" 2>&1)
is "$?" 2 "--log-format xml: exit status 2"

# ---- Server --------------------------------------------------------------
index_archive "$TMP/index" >/dev/null
port=$(free_port)
FOUILLE_LISTEN=127.0.0.1:$port FOUILLE_INDEX=$TMP/index FOUILLE_ARCHIVE=$ARCHIVE \
FOUILLE_WEB=$FOUILLE_SRC/web FOUILLE_THREADS=2 FOUILLE_LOG_FORMAT=json \
    start_bg "$TMP/server.err" "$SERVER"
ok $? "the server starts from variables only"
is "$BASE" "http://127.0.0.1:$port" "it listens on FOUILLE_LISTEN"
is "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/healthz")" 200 \
   "/healthz answers on that port"
is "$(curl -s -o "$TMP/stats" -w '%{http_code}' "http://127.0.0.1:$port/api/search?q=association")" 200 \
   "the API reads FOUILLE_INDEX"
stop_bg
ok $? "it stops cleanly"
lines=$(jq -c 'select(.program)' "$TMP/server.err")
ok "$(printf '%s\n' "$lines" | jq -e -s 'length >= 2 and all(.[]; .program == "server" and (.time | test("Z$")))' >/dev/null 2>&1; echo $?)" \
   "its events are JSON lines (program, time)"
is "$(grep -cv '^{.*}$' "$TMP/server.err")" 0 "every line on stderr is JSON, access log included"
is "$(jq -r 'select(.method) | "\(.method) \(.path) \(.status)"' "$TMP/server.err" | sort | tr '\n' ,)" \
   "GET /api/search 200,GET /healthz 200," "the access log lines are JSON objects with method, path, status"
info=$(printf '%s\n' "$lines" | jq -r 'select(.level == "info") | .message')
like "$info" "^listening on 127.0.0.1:$port \\(port $port\\)" "... 'listening' at level info"
like "$info" 'stopping$' "... 'stopping' at level info"

err=$(FOUILLE_THREADS=0 "$SERVER" 2>&1)
is "$?" 2 "FOUILLE_THREADS=0: exit status 2"
like "$err" 'threads' "... about --threads"
like "$("$SERVER" --help)" 'FOUILLE_LISTEN' "server --help documents the variables"

# Under journald: stderr is the stream JOURNAL_STREAM names.
: >"$TMP/journal.err"
js=$(stat -c '%d:%i' "$TMP/journal.err")
JOURNAL_STREAM=$js start_bg "$TMP/journal.err" "$SERVER" --listen 127.0.0.1:0 \
    --index "$TMP/index" --archive "$ARCHIVE" --web "$FOUILLE_SRC/web" --threads 2
stop_bg
like "$(cat "$TMP/journal.err")" '^<6>server: info: listening' \
     "under journald an info line starts with <6>"
JOURNAL_STREAM=$js "$INDEXER" --jobs 1 --full --index "$TMP/i2" "$TMP/arch" >/dev/null 2>"$TMP/j2.err"
like "$(cat "$TMP/j2.err")" '^indexer: warning: ' \
     "with JOURNAL_STREAM naming another file there is no prefix"

done_testing
