# lib-server.sh -- start and stop bin/server in a shell test; source it
# after lib.sh.
#
# start_server INDEX [OPTIONS...] starts the server on 127.0.0.1, port 0
# (the kernel picks a free one, so parallel tests never collide; the port
# is read back from the server's "listening" line), over $ARCHIVE and $WEB
# (default: the sample archive and web/), with the access log in
# $TMP/access.log. It sets BASE (http://127.0.0.1:PORT) and SERVER_PID, and
# stops the server when the test ends. stop_server stops it now and
# returns its exit status (non-zero under ASan when it leaked).

ARCHIVE=${ARCHIVE:-$FOUILLE_SRC/archive}
WEB=${WEB:-$FOUILLE_SRC/web}
SERVER_PID=
BASE=

start_server() {
    _idx=$1; shift
    : >"$TMP/server.err"
    "$SERVER" --listen 127.0.0.1:0 --index "$_idx" --archive "$ARCHIVE" \
        --web "$WEB" --threads 4 --log "$TMP/access.log" "$@" \
        2>"$TMP/server.err" &
    SERVER_PID=$!
    at_exit "kill $SERVER_PID"
    _port=
    for _i in $(seq 1 100); do
        _port=$(sed -n 's/.*(port \([0-9][0-9]*\)).*/\1/p' "$TMP/server.err")
        [ -n "$_port" ] && break
        kill -0 "$SERVER_PID" 2>/dev/null || break
        sleep 0.05
    done
    if [ -z "$_port" ]; then
        diag "server did not start:"; sed 's/^/# /' "$TMP/server.err"
        return 1
    fi
    BASE=http://127.0.0.1:$_port
}

stop_server() {
    kill -TERM "$SERVER_PID" 2>/dev/null
    wait "$SERVER_PID"
    _st=$?
    # On stderr, which prove shows without -v: why a server did not stop
    # cleanly (a sanitizer's report) is in the log of a whole run.
    [ "$_st" -eq 0 ] || sed 's/^/# /' "$TMP/server.err" | head -60 >&2
    return $_st
}

# http URL [CURL OPTIONS...]: prints "STATUS" and leaves the body in
# $TMP/body and the headers in $TMP/headers. Each call is counted in
# $TMP/http.count (a file: the call often runs in a subshell).
http() {
    _u=$1; shift
    rm -f "$TMP/body"; : >"$TMP/headers"
    echo $(( $(cat "$TMP/http.count" 2>/dev/null || echo 0) + 1 )) >"$TMP/http.count"
    curl -s --path-as-is -o "$TMP/body" -D "$TMP/headers" -w '%{http_code}' \
        "$@" "$BASE$_u"
}

# log_last: the access log's last line once it holds a line for every
# http call so far. The server writes a line when a request completes,
# which can be just after the client has read the answer (keep-alive,
# a loaded machine): waits 10 s at most, then prints what is there.
log_last() {
    _want=$(cat "$TMP/http.count" 2>/dev/null || echo 0)
    for _i in $(seq 1 200); do
        [ "$(wc -l <"$TMP/access.log" 2>/dev/null || echo 0)" -ge "$_want" ] && break
        sleep 0.05
    done
    tail -1 "$TMP/access.log"
}

# header NAME: the value of a response header of the last http call.
header() {
    grep -i "^$1:" "$TMP/headers" | head -1 | sed 's/^[^:]*: *//' | tr -d '\r'
}

# body_size: bytes of the last body (0 when there was none).
body_size() { if [ -f "$TMP/body" ]; then wc -c <"$TMP/body" | tr -d ' '; else echo 0; fi; }

# jqb FILTER: run jq -r on the last body.
jqb() { jq -r "$@" "$TMP/body"; }

# every_thread SECONDS WANT COMMAND...: run COMMAND (it prints one line
# an answer) 8 times, so that each worker thread (start_server runs 4)
# answers some, until the distinct lines it printed, each followed by a
# space, are WANT, or SECONDS have passed (a server looks for a new
# revision every 0.15 s); prints those of the last round.
every_thread() {
    _secs=$1 _want=$2; shift 2
    _t0=$(date +%s) _got=
    while :; do
        for _i in 1 2 3 4 5 6 7 8; do "$@"; done >"$TMP/every"
        _got=$(sort -u "$TMP/every" | tr '\n' ' ')
        [ "$_got" = "$_want" ] && break
        [ $(( $(date +%s) - _t0 )) -ge "$_secs" ] && break
        sleep 0.2
    done
    echo "$_got"
}

# error_code: the "code" of a JSON error body ("" when not one).
error_code() { jq -r '.error.code // ""' "$TMP/body" 2>/dev/null; }

# synth_index INDEX ARCHIVE: index 150 synthetic French documents (about
# 550 pages; bench/synth, built by make test) written into ARCHIVE: enough
# text for a wildcard search over many hits to cost real time. 1 (after a
# diagnostic) when the writer is missing.
SYNTH=${FOUILLE_SRC}/build/bench/synth
synth_index() {
    [ -x "$SYNTH" ] || { diag "no $SYNTH (make test builds it)"; return 1; }
    "$SYNTH" --max-pages 8 150 "$2" >/dev/null && index_archive "$1" "$2" >/dev/null
}
