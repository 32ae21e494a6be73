# lib.sh -- what every shell test sources: TAP output, paths, temp dirs.
#
# A test is `tests/T###-name.sh`: it sources this file, calls ok/is/like,
# and ends with done_testing. prove runs it (make test). The build to test
# is $FOUILLE_BIN (bin/ or build/san/bin/), the source tree $FOUILLE_SRC.
# Each test gets a private $TMP, removed at exit (kept with KEEP_TMP=1).

set -u
FOUILLE_SRC=${FOUILLE_SRC:-$(cd "$(dirname "$0")/.." && pwd)}
FOUILLE_BIN=${FOUILLE_BIN:-$FOUILLE_SRC/bin}
INDEXER=$FOUILLE_BIN/indexer
SERVER=$FOUILLE_BIN/server
TMP=$(mktemp -d "${TMPDIR:-/tmp}/fouille-test.XXXXXX")
_tap_n=0
_tap_failed=0
_cleanup_cmds=""

# at_exit CMD: run CMD when the test ends (servers to stop, and so on).
at_exit() { _cleanup_cmds="$1; $_cleanup_cmds"; }
_tap_exit() {
    eval "$_cleanup_cmds" 2>/dev/null
    [ "${KEEP_TMP:-0}" = 1 ] || rm -rf "$TMP"
}
trap _tap_exit EXIT
trap 'exit 130' INT TERM

# ok STATUS NAME: passes when STATUS is 0. While TODO is set (to a
# reason), checks are TAP "# TODO": a behaviour not built yet, reported
# but not counted as a failure; unset TODO when it is built.
ok() {
    _tap_n=$((_tap_n + 1))
    _todo=${TODO:+ # TODO $TODO}
    if [ "$1" -eq 0 ]; then
        echo "ok $_tap_n - $2$_todo"
    else
        [ -n "$_todo" ] || _tap_failed=$((_tap_failed + 1))
        echo "not ok $_tap_n - $2$_todo"
    fi
}

# is GOT WANT NAME
is() {
    if [ "$1" = "$2" ]; then ok 0 "$3"; else
        ok 1 "$3"; printf '#   got:  %s\n#   want: %s\n' "$1" "$2"; fi
}

# like TEXT PATTERN NAME: TEXT matches the grep -E PATTERN.
like() {
    if printf '%s\n' "$1" | grep -Eq -- "$2"; then ok 0 "$3"; else
        ok 1 "$3"; printf '#   text:    %s\n#   pattern: %s\n' "$(printf '%s' "$1" | head -c 600)" "$2"; fi
}

# unlike TEXT PATTERN NAME: TEXT does not match.
unlike() {
    if printf '%s\n' "$1" | grep -Eq -- "$2"; then
        ok 1 "$3"; printf '#   text:    %s\n#   pattern: %s\n' "$(printf '%s' "$1" | head -c 600)" "$2"; else ok 0 "$3"; fi
}

diag() { printf '# %s\n' "$*"; }

done_testing() {
    echo "1..$_tap_n"
    [ "$_tap_failed" -eq 0 ]
    exit $?
}

# skip_all REASON: the whole test does not apply here.
skip_all() { echo "1..0 # SKIP $*"; exit 0; }

# index_archive DIR [ARCHIVE]: index ARCHIVE (default the sample archive)
# into DIR; prints the indexer's summary line.
index_archive() {
    "$INDEXER" --quiet --index "$1" "${2:-$FOUILLE_SRC/archive}"
}

# search INDEX QUERY: the indexer's hit lines (path TAB page TAB title).
search() { "$INDEXER" --index "$1" --search "$2"; }

# damage_copies GOOD DIR EXT SKIP: damaged copies of the file GOOD in DIR:
# tronque-1..8.EXT cut at 1/9 .. 8/9 of its size, and octets-1..4.EXT
# with 16 bytes past the first SKIP overwritten at random (a fixed seed
# each, so every run writes the same files).
damage_copies() {
    _size=$(wc -c <"$1")
    for _i in 1 2 3 4 5 6 7 8; do
        head -c $((_size * _i / 9)) "$1" >"$2/tronque-$_i.$3"
    done
    for _i in 1 2 3 4; do
        _f=$2/octets-$_i.$3
        cp "$1" "$_f"
        awk -v seed=$_i -v size="$_size" -v skip="$4" 'BEGIN { srand(seed);
            for (k = 0; k < 16; k++) printf "%d %d\n", skip + int(rand() * (size - skip)), int(rand() * 256) }' |
        while read -r _off _byte; do
            printf "\\$(printf '%03o' "$_byte")" |
                dd of="$_f" bs=1 seek="$_off" conv=notrunc 2>/dev/null
        done
    done
}

# damaged_run SECONDS ARCHIVE OPTIONS...: the damage tests' run (T700,
# T710, T711): the indexer over ARCHIVE (its damaged files in
# ARCHIVE/abime) into $TMP/index with OPTIONS, --json into $J. Checks
# that it ends with status 1 within SECONDS, that every file is indexed
# or reported failed, and that every failure has a reason; sets NFILES.
# reason PATH then prints the reason of a file's failure.
damaged_run() {
    _limit=$1 _archive=$2
    shift 2
    NFILES=$(find "$_archive" -type f | wc -l | tr -d ' ')
    diag "$NFILES files, $(find "$_archive/abime" -type f | wc -l | tr -d ' ') damaged"
    J=$TMP/run.json
    _start=$(date +%s)
    timeout 300 "$INDEXER" --index "$TMP/index" --json --quiet "$@" "$_archive" \
        >"$J" 2>"$TMP/run.err"
    _rc=$?
    _secs=$(( $(date +%s) - _start ))
    is "$_rc" 1 "the indexer finishes with status 1 (some files failed)"
    ok $([ "$_secs" -lt "$_limit" ] && echo 0 || echo 1) "the run takes bounded time ($_secs s)"
    [ "$_rc" -eq 1 ] || sed 's/^/# /' "$TMP/run.err" | tail -20
    is "$(jq '.new + .failed' "$J")" "$NFILES" "every file is either indexed or reported failed"
    is "$(jq '[.failures[] | select((.reason // "") == "")] | length' "$J")" 0 \
        "every failure has a reason"
}
reason() { jq -r --arg p "$1" '.failures[] | select(.path == $p) | .reason' "$J"; }

# free_port: a TCP port on 127.0.0.1 that nothing listens on now, below
# the kernel's ephemeral range (32768 and up), so that the clients and the
# port-0 servers of tests running alongside cannot take it meanwhile
# (bash: /dev/tcp and RANDOM).
free_port() {
    _p=$(( 20000 + RANDOM % 12000 ))
    while (exec 3<>"/dev/tcp/127.0.0.1/$_p") 2>/dev/null; do _p=$((_p + 1)); done
    echo "$_p"
}

# index_generation DIR: the folder holding the tables of the index in DIR
# (the generation its XAPIANDB stub names; DIR itself for an old layout),
# for tools that read tables directly, such as xapian-check.
index_generation() {
    if [ -f "$1/XAPIANDB" ]; then
        echo "$1/$(sed -n 's/^auto //p' "$1/XAPIANDB")"
    else
        echo "$1"
    fi
}
