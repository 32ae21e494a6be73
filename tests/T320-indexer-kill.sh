#!/usr/bin/env bash
# T320 -- safe writes: a run killed with SIGKILL mid-way leaves an index
# that opens and answers, holding the batches committed so far, and the
# next run completes the work with the same results as a clean run; a run
# stopped by SIGINT commits what is done and says it was interrupted.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/indexer-lib.sh"

A=$TMP/archive
mkdir -p "$A"
animals=(belette blaireau castor chamois chevreuil ecureuil fouine genette herisson
         hermine lievre loutre lynx marmotte martre mouflon putois ragondin renard vison)
for i in "${!animals[@]}"; do
    w=${animals[$i]}
    if [ $((i % 4)) = 0 ]; then
        make_pdf "$A/$(printf %02d "$i")-$w.pdf" "Title: Fiche $w
---
Le $w vit dans la forêt commune.
\\f
Page deux du $w.
"
    else
        printf 'Le %s vit dans la forêt commune.\n' "$w" > "$A/$(printf %02d "$i")-$w.txt"
    fi
done
n=${#animals[@]}

# every_hit INDEX: the hits of every animal's name, one line each.
every_hit() {
    for w in "${animals[@]}"; do printf '%s: %s\n' "$w" "$(search "$1" "$w" | cut -f1,2 | tr '\n' ' ')"; done
}
# found INDEX: how many animals the index finds.
found() { every_hit "$1" | grep -c ': [0-9]'; }

run_json out --jobs 2 --index "$TMP/clean" "$A"
is "$(jget "$out" new)" "$n" "clean run indexes the $n files"
clean=$(every_hit "$TMP/clean")

# SIGKILL in the middle of a slow run (one worker, 300 ms a file, a commit
# every 3 files: 6 s in all, killed after 2.5 s, which leaves a worker
# time to start, a loaded program under ASan on a busy machine).
FOUILLE_TEST_WORKER_SLOW=300 "$INDEXER" --quiet --jobs 1 --batch 3 --index "$TMP/killed" "$A" >/dev/null &
pid=$!
sleep 2.5
kill -KILL "$pid"
wait "$pid" 2>/dev/null
search "$TMP/killed" renard >/dev/null
is "$?" 0 "the killed run's index opens and answers"
k=$(found "$TMP/killed")
ok "$([ "$k" -gt 0 ] && [ "$k" -lt "$n" ]; echo $?)" "it holds the committed batches only ($k of $n)"
sleep 0.2
is "$(pgrep -f "index $TMP/killed" | wc -l)" 0 "its workers died with it"

run_json out --jobs 2 --index "$TMP/killed" "$A"
is "$rc" 0 "the next run completes"
is "$(( $(jget "$out" new) + $(jget "$out" unchanged) ))" "$n" "new + unchanged = every file"
is "$(every_hit "$TMP/killed")" "$clean" "same search results as a clean run"

# SIGINT: a clean stop.
FOUILLE_TEST_WORKER_SLOW=300 "$INDEXER" --json --quiet --jobs 1 --batch 1000 --index "$TMP/stopped" "$A" \
    >"$TMP/stopped.json" &
pid=$!
sleep 2.5
kill -INT "$pid"
wait "$pid"
is "$?" 1 "SIGINT: exit status 1"
out=$(cat "$TMP/stopped.json")
is "$(jget "$out" interrupted)" true "the summary says interrupted"
done_count=$(jget "$out" new)
ok "$([ "$done_count" -gt 0 ] && [ "$done_count" -lt "$n" ]; echo $?)" "part of the files done ($done_count)"
is "$(found "$TMP/stopped")" "$done_count" "what was done is committed"
run_json out --jobs 2 --index "$TMP/stopped" "$A"
is "$(jget "$out" new)" "$((n - done_count))" "the next run does the rest"
is "$(every_hit "$TMP/stopped")" "$clean" "same search results as a clean run"
done_testing
