#!/bin/bash
# T800 -- make install / make uninstall: with DESTDIR and PREFIX=/usr the
# exact file set is installed (renamed binaries, web files, man pages,
# units and examples with PREFIX written in), the installed programs run
# (--version, indexing the sample archive, a search) and the installed
# server finds its web folder by itself; the default PREFIX is
# /usr/local; uninstall leaves no file behind.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-deploy.sh"

ROOT=$TMP/root
deploy_install "$ROOT" /usr >"$TMP/install.log" 2>&1
ok $? "make install DESTDIR=... PREFIX=/usr succeeds" || sed 's/^/# /' "$TMP/install.log"

expected=$( {
    printf '%s\n' usr/bin/fouille-indexer usr/bin/fouille-server \
        usr/lib/systemd/system/fouille-indexer.path \
        usr/lib/systemd/system/fouille-indexer.service \
        usr/lib/systemd/system/fouille-indexer.timer \
        usr/lib/systemd/system/fouille-server.service \
        usr/lib/systemd/system/fouille-shard@.service \
        usr/share/fouille/fouille.env usr/share/fouille/nginx-fouille.conf \
        usr/share/man/man1/fouille-indexer.1 usr/share/man/man1/fouille-server.1
    (cd "$FOUILLE_SRC/po" && for po in *.po; do
        echo "usr/share/locale/${po%.po}/LC_MESSAGES/fouille.mo"; done)
    (cd "$FOUILLE_SRC/web" && find . -type f ! -name '.*' | sed 's|^\./|usr/share/fouille/web/|')
} | LC_ALL=C sort)
got=$(cd "$ROOT" && find . ! -type d | sed 's|^\./||' | LC_ALL=C sort)
is "$got" "$expected" "exactly the expected files are installed"
like "$got" 'usr/share/fouille/web/index.html' "the search page is among them"

BINDIR=$ROOT/usr/bin
ok "$( [ -x "$BINDIR/fouille-indexer" ] && [ -x "$BINDIR/fouille-server" ]; echo $?)" \
   "both programs are executable"
is "$(stat -c %a "$ROOT/usr/lib/systemd/system/fouille-server.service" \
      "$ROOT/usr/share/man/man1/fouille-server.1" "$ROOT/usr/share/fouille/web/index.html" | sort -u)" \
   644 "units, man pages and web files are mode 644"

version=$(cat "$FOUILLE_SRC/VERSION")
like "$("$BINDIR/fouille-indexer" --version)" "$version" "fouille-indexer --version runs"
like "$("$BINDIR/fouille-server" --version)" "$version" "fouille-server --version runs"

units=$(cat "$ROOT"/usr/lib/systemd/system/*)
like "$units" '^ExecStart=/usr/bin/fouille-server$' "the server unit runs /usr/bin/fouille-server"
like "$units" '^ExecStart=/usr/bin/fouille-indexer ' "the indexer unit runs /usr/bin/fouille-indexer"
like "$units" '^Environment=FOUILLE_WEB=/usr/share/fouille/web$' "the web folder is under PREFIX"
unlike "$units$(cat "$ROOT/usr/share/fouille/fouille.env")" '/usr/local' \
       "no /usr/local left in the units and the env file"

# The installed indexer indexes the sample archive; its search finds
# "association" in a file of that archive.
"$BINDIR/fouille-indexer" --quiet --index "$TMP/index" "$FOUILLE_SRC/archive" >"$TMP/run.out"
ok $? "the installed indexer indexes the sample archive"
hits=$("$BINDIR/fouille-indexer" --index "$TMP/index" --search "économie")
first=$(printf '%s\n' "$hits" | head -1 | cut -f1)
ok "$( [ -n "$first" ] && [ -f "$FOUILLE_SRC/archive/$first" ]; echo $?)" \
   "its --search finds économie in an archived file ($first)"

# The installed server, started from a folder without web/ and no --web,
# serves the installed search page.
cd "$TMP" || exit 1
start_bg "$TMP/server.err" "$BINDIR/fouille-server" --listen 127.0.0.1:0 \
    --index "$TMP/index" --archive "$FOUILLE_SRC/archive" --threads 2
ok $? "the installed server starts"
is "$(curl -s -o "$TMP/page" -w '%{http_code}' "$BASE/")" 200 "it answers / ..."
cmp -s "$TMP/page" "$ROOT/usr/share/fouille/web/index.html"
ok $? "... with the installed index.html (found next to its bin/ folder)"
is "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/healthz")" 200 "/healthz answers 200"
stop_bg
ok $? "the installed server stops cleanly"
cd "$FOUILLE_SRC" || exit 1

deploy_make uninstall DESTDIR="$ROOT" PREFIX=/usr
ok $? "make uninstall succeeds"
is "$(cd "$ROOT" && find . ! -type d | wc -l)" 0 "make uninstall leaves no file"
ok "$( [ ! -e "$ROOT/usr/share/fouille" ]; echo $?)" "nor the share/fouille folder"

# Default PREFIX: /usr/local.
ROOT2=$TMP/root2
deploy_make install DESTDIR="$ROOT2" >/dev/null
ok $? "make install with the default PREFIX"
ok "$( [ -x "$ROOT2/usr/local/bin/fouille-server" ]; echo $?)" "installs under /usr/local"
like "$(cat "$ROOT2/usr/local/lib/systemd/system/fouille-server.service")" \
     '^ExecStart=/usr/local/bin/fouille-server$' "its unit runs /usr/local/bin/fouille-server"
deploy_make uninstall DESTDIR="$ROOT2"
is "$(cd "$ROOT2" && find . ! -type d | wc -l)" 0 "and its uninstall leaves no file"

done_testing
