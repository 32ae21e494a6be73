#!/bin/bash
# T721-load-queue -- the lane of costly requests is bounded and does not
# compute for clients that left. With one worker (--threads 1) held by a
# long search: 12 costly requests at once from one client (its address
# given by the trusted proxy's X-Forwarded-For) get 8 places and 4 × 429;
# 30 more from 30 clients fill the queue (32 places) and the rest get 503;
# every refusal is a JSON error with Retry-After, and every admitted
# request is answered. Then six clients ask for a long search and leave
# after 0.5 s: they are dropped uncomputed (logged 499), so a client
# asking next waits for one search, not seven.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-server.sh"

ARCHIVE=$TMP/archive
synth_index "$TMP/index" "$ARCHIVE"
st=$?
ok $st "a synthetic index of 150 documents is built"
[ $st -eq 0 ] || done_testing
start_server "$TMP/index" --threads 1 --cache 0 --trusted-proxy 127.0.0.1 || done_testing
long='/api/search?q=a*%20b*%20c*%20d*%20e*%20f*%20g*%20h*&per_page=100'
short='/api/search?q=conseil&per_page=21'    # costly by its per_page only

t_long=$(curl -s -o /dev/null -w '%{time_total}' "$BASE$long")
diag "one long search alone: $t_long s"

# batch FILE N SAME: N costly requests at once (curl --parallel), from one
# client (SAME=1) or N clients; "STATUS RETRY-AFTER CODE" lines in FILE.
batch() {
    _args=()
    for _i in $(seq 1 "$2"); do
        _ip=192.0.2.2; [ "$3" = 1 ] || _ip=198.51.100.$_i
        _args+=(-s -D "$TMP/h.$1.$_i" -o "$TMP/b.$1.$_i" -H "X-Forwarded-For: $_ip" "$BASE$short" --next)
    done
    curl -Z --parallel-immediate --parallel-max 64 "${_args[@]}" -s -o /dev/null "$BASE/healthz" 2>/dev/null
    for _i in $(seq 1 "$2"); do
        printf '%s %s %s\n' "$(sed -n '1s/^HTTP\/1.1 \([0-9]*\).*/\1/p' "$TMP/h.$1.$_i")" \
            "$(grep -i '^Retry-After:' "$TMP/h.$1.$_i" | tr -d '\r' | sed 's/^[^:]*: *//')" \
            "$(jq -r '.error.code // "-"' "$TMP/b.$1.$_i" 2>/dev/null)"
    done >"$TMP/$1"
}
count() { grep -c "^$2 " "$TMP/$1"; }

curl -s -o /dev/null -H 'X-Forwarded-For: 192.0.2.1' "$BASE$long" &
holder=$!
sleep 0.3
batch one 12 1 &
b1=$!
sleep 0.3
batch many 30 0
wait "$b1" "$holder"
diag "one client, 12 at once: $(cut -d' ' -f1 "$TMP/one" | sort | uniq -c | tr '\n' ' ')"
diag "30 clients at once: $(cut -d' ' -f1 "$TMP/many" | sort | uniq -c | tr '\n' ' ')"
is "$(count one 200)" 8 "one client: 8 costly requests admitted and answered"
is "$(count one 429)" 4 "... 4 refused with 429"
is "$(grep -c '^429 1 too_many_requests$' "$TMP/one")" 4 "... each with Retry-After: 1 and code too_many_requests"
ok "$( [ "$(count many 503)" -ge 1 ]; echo $?)" "30 more clients: the queue fills, the rest get 503 ($(count many 503))"
is "$(grep -c '^503 2 unavailable$' "$TMP/many")" "$(count many 503)" "... each with Retry-After: 2 and code unavailable"
is "$(( $(count many 200) + $(count many 503) ))" 30 "... and every other one is answered, 200"
ok "$( [ "$(( $(count one 200) + $(count many 200) ))" -le 33 ]; echo $?)" \
   "no more were admitted than the queue's 32 places and the running one"

# Clients that leave: dropped, not computed.
before=$(wc -l <"$TMP/access.log")
curl -s -o /dev/null -H 'X-Forwarded-For: 192.0.2.10' "$BASE$long" &
holder=$!
sleep 0.3
leavers=
for i in 1 2 3 4 5 6; do
    curl -s -o /dev/null --max-time 0.5 -H "X-Forwarded-For: 192.0.2.2$i" "$BASE$long" &
    leavers="$leavers $!"
done
sleep 1
t_next=$(curl -s -o /dev/null -w '%{time_total}' -H 'X-Forwarded-For: 192.0.2.30' "$BASE$long")
wait $leavers "$holder"
diag "the next client waited $t_next s (one long search: $t_long s)"
sleep 0.3
is "$(tail -n +$((before + 1)) "$TMP/access.log" | grep -c ' GET /api/search 499 ')" 6 \
   "the six searches whose clients left are logged 499"
ok "$(awk -v a="$t_next" -v t="$t_long" 'BEGIN { exit !(a < 4 * t + 1) }'; echo $?)" \
   "... and were not computed: the next client waited $t_next s, not 7 × $t_long"

stop_server; ok $? "the server stops cleanly"
done_testing
