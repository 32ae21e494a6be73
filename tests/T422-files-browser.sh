#!/bin/sh
# T422-files-browser -- archive files in Debian's headless Chromium
# (tests/browser/archive-files.mjs, set up by tests/lib-browser.sh): an
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
BASE=$BASE CHROMIUM=$CHROMIUM node "$BROWSER_DIR/archive-files.mjs" >"$TMP/facts" 2>"$TMP/node.err"
ok $? "the browser driver ran"
sed 's/^/# /' "$TMP/node.err" | head -20
fact() { awk -F '\t' -v k="$1" '$1 == k { print $2 }' "$TMP/facts"; }

is "$(fact html.status)" 200 "an archive HTML page opens"
is "$(fact html.script_ran)" undefined "... its script does not run"
is "$(fact html.script_blocked)" true "... the browser says the sandbox blocked it"
is "$(fact html.origin)" null "... its origin is opaque"
is "$(fact html.cookie)" SecurityError "... it cannot read the site's cookies"
is "$(fact html.inline_style)" "rgb(200, 0, 0)" "... its inline styles apply"
is "$(fact html.image)" 1 "... an archive image shows"
unlike "$(cat "$TMP/access.log")" '/steal' "... and nothing was sent out"
for f in evil.xml evil.xhtml logo.svg app.js; do
    is "$(fact "$f.download")" "$f" "$f is downloaded, not shown"
done
is "$(fact pdf.status)" 200 "a PDF opens"
is "$(fact pdf.type)" application/pdf "... as a PDF"
is "$(fact pdf.viewer)" true "... in the browser's viewer, inline (#page=2)"

stop_server; ok $? "the server stops cleanly"
done_testing
