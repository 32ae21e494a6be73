#!/bin/sh
# T422-files-browser -- archive files in Debian's headless Chromium
# (tests/browser/archive-files.mjs, run by tests/lib-browser.sh): an
# uploaded HTML page runs no script, has an opaque origin (no access to
# the site's cookies) and keeps its inline styles and the archive's
# images; an XHTML page in a .xml or .xhtml file, an SVG and a script file
# are downloaded, never shown; a PDF opens inline in the browser's viewer
# (#page=2), which a sandbox would stop.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-server.sh"
. "$(dirname "$0")/lib-browser.sh"
browser_setup

ARCHIVE=$TMP/archive
mkdir -p "$ARCHIVE/docs"
cp "$FOUILLE_SRC/archive/lettre-mensuelle/2021_lettre_mensuelle_mars.pdf" "$ARCHIVE/docs/cr.pdf"
# A 1x1 PNG.
printf '\211PNG\r\n\032\n\0\0\0\rIHDR\0\0\0\1\0\0\0\1\10\2\0\0\0\220wS\336\0\0\0\14IDATx\234c\370\317\300\0\0\3\1\1\0\311\376\222\357\0\0\0\0IEND\256B`\202' \
    >"$ARCHIVE/docs/point.png"
cat >"$ARCHIVE/docs/page.html" <<'HTML'
<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Compte rendu</title></head>
<body><p style="color: rgb(200, 0, 0)">Réunion du bureau — the board's meeting.</p>
<img src="point.png" alt="">
<script>window.__ran = 1; new Image().src = "/steal?c=" + document.cookie;</script>
</body></html>
HTML
xhtml='<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body><script>window.__ran = 1</script></body></html>'
printf '%s\n' "$xhtml" >"$ARCHIVE/docs/evil.xml"
printf '%s\n' "$xhtml" >"$ARCHIVE/docs/evil.xhtml"
printf '<svg xmlns="http://www.w3.org/2000/svg"><script>window.__ran = 1</script></svg>\n' >"$ARCHIVE/docs/logo.svg"
printf 'window.__ran = 1;\n' >"$ARCHIVE/docs/app.js"

start_server "$TMP/no-index" || { done_testing; }
BASE=$BASE browser_run archive-files.mjs
unlike "$(cat "$TMP/access.log")" '/steal' "the page's script sent nothing out"

stop_server; ok $? "the server stops cleanly"
done_testing
