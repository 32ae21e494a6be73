# lib-deploy.sh -- what the deployment tests (T8xx) share; source it after
# lib.sh.
#
# deploy_make TARGET [VAR=VALUE...] runs the source tree's Makefile on
# the binaries of the build under test ($FOUILLE_BIN, never rebuilt here:
# -o marks them up to date), outside any parent make's jobserver.
# deploy_install ROOT [PREFIX] installs into ROOT (DESTDIR) with PREFIX
# (default /usr). start_bg LOG CMD... starts a server command in the
# background with stderr in LOG, waits for its "(port N)" line and sets
# BASE and BG_PID; it is stopped when the test ends.

deploy_make() {
    env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
        make -s -C "$FOUILLE_SRC" BIN="$FOUILLE_BIN" \
        -o "$FOUILLE_BIN/indexer" -o "$FOUILLE_BIN/server" "$@"
}

deploy_install() {
    deploy_make install DESTDIR="$1" PREFIX="${2:-/usr}"
}

BG_PID=
start_bg() {
    _log=$1; shift
    : >"$_log"
    "$@" 2>"$_log" &
    BG_PID=$!
    at_exit "kill $BG_PID"
    _port=
    for _i in $(seq 1 100); do
        _port=$(sed -n 's/.*(port \([0-9][0-9]*\)).*/\1/p' "$_log" | head -1)
        [ -n "$_port" ] && break
        kill -0 "$BG_PID" 2>/dev/null || break
        sleep 0.05
    done
    if [ -z "$_port" ]; then
        diag "did not start: $*"; sed 's/^/# /' "$_log"
        BASE=
        return 1
    fi
    BASE=http://127.0.0.1:$_port
}

# stop_bg: stop the background command; its exit status.
stop_bg() {
    kill -TERM "$BG_PID" 2>/dev/null
    wait "$BG_PID"
}
