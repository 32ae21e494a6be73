#!/bin/bash
# T721-load-queue -- the lane of costly requests is bounded and does not
# work for clients that left. One worker (--threads 1); each costly
# request takes 300 ms more there (FOUILLE_TEST_HEAVY_MS, spent as a long
# search would: searches are now cheap on a small index). While it works
# on one, 42 costly requests arrive at once: 12 from one client (its
# address given by the trusted proxy's X-Forwarded-For), 30 from 30
# others. One client gets at most 8 places (the rest 429), the queue 32
# (the rest 503); every refusal is a JSON error with Retry-After, every
# admitted request is answered. Then seven clients ask and leave before
# their answer: none is computed (all logged 499), so a client asking
# next waits for its own request only, not for seven.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-server.sh"

index_archive "$TMP/index" >/dev/null
FOUILLE_TEST_HEAVY_MS=300 start_server "$TMP/index" --threads 1 --cache 0 \
    --trusted-proxy 127.0.0.1 || done_testing
costly='/api/search?q=budget&per_page=21'    # costly by its per_page only

# Transfers at once (curl --parallel); "STATUS RETRY-AFTER CODE" lines in
# $TMP/NAME, one a request: 12 from 192.0.2.2, then 30 from 198.51.100.N.
args=()
for i in $(seq 1 42); do
    ip=192.0.2.2; [ "$i" -le 12 ] || ip=198.51.100.$i
    args+=(-s -D "$TMP/h.$i" -o "$TMP/b.$i" -H "X-Forwarded-For: $ip" "$BASE$costly" --next)
done
curl -s -o /dev/null -H 'X-Forwarded-For: 192.0.2.1' "$BASE$costly" &
holder=$!
sleep 0.1
curl -Z --parallel-immediate --parallel-max 64 "${args[@]}" -s -o /dev/null "$BASE/healthz" 2>/dev/null
wait "$holder"
for i in $(seq 1 42); do
    printf '%s %s %s\n' "$(sed -n '1s/^HTTP\/1.1 \([0-9]*\).*/\1/p' "$TMP/h.$i")" \
        "$(grep -i '^Retry-After:' "$TMP/h.$i" | tr -d '\r' | sed 's/^[^:]*: *//')" \
        "$(jq -r '.error.code // "-"' "$TMP/b.$i" 2>/dev/null)"
done >"$TMP/statuses"
head -12 "$TMP/statuses" >"$TMP/one"
tail -30 "$TMP/statuses" >"$TMP/many"
count() { grep -c "^$2 " "$TMP/$1"; }
diag "one client, 12 at once: $(cut -d' ' -f1 "$TMP/one" | sort | uniq -c | tr -s ' \n' ' ')"
diag "30 clients at once: $(cut -d' ' -f1 "$TMP/many" | sort | uniq -c | tr -s ' \n' ' ')"

ok "$( [ "$(count one 200)" -le 8 ]; echo $?)" "one client: at most 8 costly requests admitted ($(count one 200))"
ok "$( [ "$(count one 429)" -ge 1 ]; echo $?)" "... the others refused with 429 ($(count one 429))"
is "$(grep -c '^429 1 too_many_requests$' "$TMP/statuses")" "$(grep -c '^429 ' "$TMP/statuses")" \
   "... each with Retry-After: 1 and code too_many_requests"
ok "$( [ "$(grep -c '^503 ' "$TMP/statuses")" -ge 1 ]; echo $?)" \
   "the queue fills: the rest get 503 ($(grep -c '^503 ' "$TMP/statuses"))"
is "$(grep -c '^503 2 unavailable$' "$TMP/statuses")" "$(grep -c '^503 ' "$TMP/statuses")" \
   "... each with Retry-After: 2 and code unavailable"
is "$(( $(grep -c '^200 ' "$TMP/statuses") + $(grep -c '^429 ' "$TMP/statuses") + $(grep -c '^503 ' "$TMP/statuses") ))" 42 \
   "every other one is answered, 200"
ok "$( [ "$(grep -c '^200 ' "$TMP/statuses")" -le 33 ]; echo $?)" \
   "no more were admitted than the queue's 32 places and the running one ($(grep -c '^200 ' "$TMP/statuses"))"

# Clients that leave: nothing computed for them.
before=$(wc -l <"$TMP/access.log")
leavers=
for i in 1 2 3 4 5 6 7; do
    curl -s -o /dev/null --max-time 0.2 -H "X-Forwarded-For: 192.0.2.2$i" "$BASE$costly" &
    leavers="$leavers $!"
done
wait $leavers
t_next=$(curl -s -o /dev/null -w '%{time_total}' -H 'X-Forwarded-For: 192.0.2.30' "$BASE$costly")
diag "the next client waited $t_next s"
sleep 0.3
is "$(tail -n +$((before + 1)) "$TMP/access.log" | grep -c ' GET /api/search 499 ')" 7 \
   "the seven requests whose clients left are logged 499"
ok "$(awk -v a="$t_next" 'BEGIN { exit !(a < 1.2) }'; echo $?)" \
   "... and were dropped: the next client waited $t_next s, not 7 × 0.3 s more"

stop_server; ok $? "the server stops cleanly"
done_testing
