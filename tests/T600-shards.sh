#!/bin/bash
# T600-shards -- an index in two shards read as one (issue 17,
# docs/scaling.md): the sample archive's folders split between two
# indexes, served by two xapian-tcpsrv on loopback ports and named by a
# stub file of "remote HOST:PORT" lines, or by one of "auto PATH" lines.
# The same queries (bench/judged.tsv: « contrats à impact social »,
# « subvention »…) give the same top 10 paths in the same order, the same
# totals and the same facets as one index of the whole archive; so do a
# type filter and a date order; documents by id, completions (« asso »)
# and the stats (files and pages of both shards) too. "Did you mean"
# works over local shards; remote shards give none (Xapian's remote
# protocol does not carry spelling data). A remote shard down: 503, then
# full answers once it is back, without a restart.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-server.sh"

command -v xapian-tcpsrv >/dev/null || skip_all "xapian-tcpsrv not installed (make deps-test)"

# Split the sample archive's folders between two archives, alternately.
mkdir -p "$TMP/a" "$TMP/b"
n=0
for d in "$FOUILLE_SRC"/archive/*/; do
    if [ $((n % 2)) = 0 ]; then cp -R "$d" "$TMP/a/"; else cp -R "$d" "$TMP/b/"; fi
    n=$((n + 1))
done
index_archive "$TMP/full" >/dev/null &&
index_archive "$TMP/s1" "$TMP/a" >/dev/null &&
index_archive "$TMP/s2" "$TMP/b" >/dev/null
ok $? "the whole archive and its two halves are indexed"

# tcpsrv INDEX: serve INDEX on a free loopback port; sets PORT. In a
# session of its own (on SIGTERM xapian-tcpsrv kills its process group),
# stopped at the end with the children serving each connection.
tcpsrv() {
    PORT=$(free_port)
    setsid xapian-tcpsrv --quiet --interface 127.0.0.1 --port "$PORT" "$1" \
        >>"$TMP/tcpsrv.err" 2>&1 &
    TPID=$!
    at_exit "kill -- -$TPID"
    for _i in $(seq 1 100); do
        (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && return 0
        sleep 0.05
    done
    return 1
}
tcpsrv "$TMP/s1" && P1=$PORT && tcpsrv "$TMP/s2" && P2=$PORT && T2=$TPID
ok $? "two xapian-tcpsrv serve the shards on loopback ports"
printf '# the two halves\nremote 127.0.0.1:%s\nremote 127.0.0.1:%s\n' "$P1" "$P2" >"$TMP/remote.stub"
printf 'auto s1\nauto %s/s2\n' "$TMP" >"$TMP/local.stub"

start_server "$TMP/full" --cache 0 || done_testing
FULL=$BASE
start_server "$TMP/remote.stub" --cache 0 || done_testing
REMOTE=$BASE
start_server "$TMP/local.stub" --cache 0 || done_testing
LOCAL=$BASE

q() { printf '%s' "$1" | jq -sRr @uri; }
# answer BASE URL: what must not differ between one index and shards.
answer() {
    curl -s "$1$2" | jq -cS 'if .hits then [.total, [.hits[].path], .facets, .partial] else .error.code end'
}

# compare URL...: the URLs whose answers differ between one index and
# the shards of $1 (REMOTE or LOCAL).
compare() {
    _base=$1; shift
    for _u in "$@"; do
        [ "$(answer "$FULL" "$_u")" = "$(answer "$_base" "$_u")" ] || printf ' %s' "$_u"
    done
}

urls=()
while IFS=$'\t' read -r query _; do
    case $query in '#'*|'') continue ;; esac
    urls+=("/api/search?q=$(q "$query")")
done <"$FOUILLE_SRC/bench/judged.tsv"
urls=("${urls[@]:0:40}")
ok $((${#urls[@]} < 30)) "at least 30 judged queries (${#urls[@]})"
urls+=("/api/search?q=association&type=pdf" "/api/search?q=collectif&sort=-date"
       "/api/search?q=$(q 'réunion -mars')")
# Oldest first, undated pages come first over remote shards (no key
# maker there): the same files, dated ones in the same order.
dated() { curl -s "$1/api/search?q=collectif&sort=date" | jq -c '[.hits[] | select(.date) | .path]'; }
got=$(dated "$REMOTE")
is "$got" "$(dated "$FULL" | jq -c ".[:$(printf '%s' "$got" | jq length)]")" \
   "oldest first over remote shards: dated files in the same order"

is "$(compare "$REMOTE" "${urls[@]}")" "" "2 remote shards: same totals, top 10 paths in order, facets as one index"
is "$(compare "$LOCAL" "${urls[@]}")" "" "2 local shards: the same"
nonempty=$(for u in "${urls[@]}"; do answer "$FULL" "$u"; done | grep -c '^\[[1-9]')
ok $((nonempty < 25)) "... on queries that find something ($nonempty)"

http "/api/search?q=contrat" >/dev/null
id=$(jqb '.hits[0].id')
want=$(jqb '.hits[0].path')
BASE=$REMOTE
is "$(http "/api/documents/$id")" 200 "a document by id through the remote shards"
is "$(jqb .path)" "$want" "... the right one"

for base in "$REMOTE" "$LOCAL"; do
    is "$(curl -s "$base/api/suggest?q=asso")" "$(curl -s "$FULL/api/suggest?q=asso")" \
       "completions of « asso » as one index ($base)"
    is "$(curl -s "$base/api/stats" | jq -c '[.documents, .pages, .by_type]')" \
       "$(curl -s "$FULL/api/stats" | jq -c '[.documents, .pages, .by_type]')" \
       "stats count the files and pages of every shard ($base)"
done

is "$(curl -s "$LOCAL/api/search?q=contrt" | jq -r .suggestion)" contrat \
   "local shards: « contrt » -> did you mean « contrat »"
is "$(curl -s "$REMOTE/api/search?q=contrt" | jq -r .suggestion)" null \
   "remote shards: no spelling data, no « did you mean » (docs/scaling.md)"
is "$(curl -s -o /dev/null -w '%{http_code}' "$REMOTE/healthz")" 200 "/healthz over remote shards"

# ---- a shard that is down ---------------------------------------------
# Searches answer 503 (unavailable, never 500) while it is down, and the
# server reconnects by itself once it is back on its port.
kill -- -"$T2"; sleep 0.3
BASE=$REMOTE
is "$(http "/api/search?q=contrat")" 503 "a remote shard down: 503, not a 5xx of our own"
is "$(jqb .error.code)" unavailable "... unavailable"
is "$(http /healthz)" 503 "... and /healthz says so"
PORT=$P2
setsid xapian-tcpsrv --quiet --interface 127.0.0.1 --port "$P2" "$TMP/s2" >>"$TMP/tcpsrv.err" 2>&1 &
at_exit "kill -- -$!"
st=
for i in $(seq 1 50); do
    st=$(http "/api/search?q=contrat"); [ "$st" = 200 ] && break; sleep 0.2
done
is "$st" 200 "the shard back: the server reconnects by itself"
is "$(answer "$REMOTE" "/api/search?q=contrat")" "$(answer "$FULL" "/api/search?q=contrat")" "... and answers in full"

done_testing
