#!/bin/sh
# T421-files-validators -- archive files' validators and ranges (issue #12):
# the ETag follows the modification time to the nanosecond, so a file
# rewritten within the same second at the same size (same inode) gets a
# new one and a browser holding the old one gets the new file, not a 304;
# a 304 carries the file's Content-Length but no body, and keeps a
# keep-alive connection open (a 304 of unknown length closed it, so a
# browser revalidating a page's files reconnected each time); every Range
# position too large for 64 bits is read as "past the end" (416) or "to
# the end" (206), never ignored.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-server.sh"

ARCHIVE=$TMP/archive
mkdir -p "$ARCHIVE"
F=$ARCHIVE/note.txt
printf 'Compte rendu : version A\n' >"$F"
touch -d '2024-03-01 10:00:00.100000000' "$F"
start_server "$TMP/no-index" || { done_testing; }

etag_of() { curl -s -D - -o /dev/null "$BASE/archive/note.txt" | sed -n 's/^[Ee][Tt][Aa][Gg]: *//p' | tr -d '\r'; }

# ---- Same second, same size, same inode: a new ETag ---------------------
e1=$(etag_of)
ino1=$(stat -c %i "$F")
printf 'Compte rendu : version B\n' >"$F"     # rewritten in place
touch -d '2024-03-01 10:00:00.200000000' "$F"
is "$(stat -c %i "$F")" "$ino1" "the file keeps its inode"
e2=$(etag_of)
ok "$( [ -n "$e1" ] && [ "$e1" != "$e2" ]; echo $?)" "a rewrite within the same second at the same size changes the ETag ($e1 -> $e2)"
is "$(http /archive/note.txt -H "If-None-Match: $e1")" 200 "the old ETag gets the new file (200)"
is "$(cat "$TMP/body")" "Compte rendu : version B" "... its new text"
is "$(http /archive/note.txt -H "If-None-Match: $e2")" 304 "the new ETag: 304"

# ---- A 304: the file's Content-Length, no body, the connection kept ---
size=$(wc -c <"$F" | tr -d ' ')
is "$(header Content-Length)" "$size" "a 304 carries the file's Content-Length (RFC 9110 8.6)"
is "$(body_size)" 0 "... and no body"
is "$(header Connection)" "" "... and no Connection: close"
# Two requests on one connection: a conditional GET answered 304, then a
# plain one (curl reuses the connection when the server keeps it open).
conns=$(curl -s -H "If-None-Match: $e2" -o /dev/null -w '%{http_code} %{num_connects}\n' \
            "$BASE/archive/note.txt" --next -o "$TMP/body" \
            -w '%{http_code} %{num_connects}\n' "$BASE/archive/note.txt" | tr '\n' ' ')
is "$conns" "304 1 200 0 " "after a 304 the keep-alive connection answers the next request"
is "$(cat "$TMP/body")" "Compte rendu : version B" "... with the whole file"
is "$(header ETag)" "$e2" "... but its ETag"
is "$(header Content-Type)" "" "... and no Content-Type"
lastmod=$(curl -s -D - -o /dev/null "$BASE/archive/note.txt" | sed -n 's/^[Ll]ast-[Mm]odified: *//p' | tr -d '\r')
is "$(http /archive/note.txt -H "If-Modified-Since: $lastmod")" 304 "If-Modified-Since: 304"
is "$(header Content-Length)" "$size" "... with the file's Content-Length too"

# ---- Ranges: overflow and edge cases ---------------------------------
size=$(wc -c <"$F" | tr -d ' ')
range() { http /archive/note.txt -H "Range: bytes=$1"; }
is "$(range 18446744073709551615-)" 416 "bytes=18446744073709551615- (2^64-1): 416"
is "$(header Content-Range)" "bytes */$size" "... Content-Range: bytes */size"
is "$(range 18446744073709551616-)" 416 "bytes=18446744073709551616- (2^64): 416"
is "$(range 99999999999999999999999999999999-)" 416 "a 32-digit first position: 416"
is "$(range 18446744073709551615-18446744073709551615)" 416 "first and last 2^64-1: 416"
is "$(range "$size"-)" 416 "first position = size: 416"
is "$(range 0-18446744073709551616)" 206 "a last position past 2^64: to the end (206)"
is "$(header Content-Range)" "bytes 0-$((size - 1))/$size" "... the whole file"
is "$(body_size)" "$size" "... every byte"
is "$(range 3-99999999999999999999999999)" 206 "a 26-digit last position: 206"
is "$(header Content-Range)" "bytes 3-$((size - 1))/$size" "... from 3 to the end"
is "$(range -18446744073709551616)" 206 "a suffix past 2^64: the whole file (206)"
is "$(header Content-Range)" "bytes 0-$((size - 1))/$size" "... all of it"
is "$(range -0)" 416 "an empty suffix: 416"
is "$(range 5-3)" 200 "last before first: the header is ignored (200)"
is "$(range 0x10-)" 200 "not digits: ignored (200)"
is "$(range ' 1-2')" 200 "a space: ignored (200)"
is "$(range 0-0)" 206 "bytes=0-0: one byte"
is "$(cat "$TMP/body")" "C" "... the first one"

stop_server; ok $? "the server stops cleanly"
done_testing
