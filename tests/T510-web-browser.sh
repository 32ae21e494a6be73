#!/bin/sh
# T510-web-browser -- the search page (web/) in Debian's headless Chromium,
# driven by tests/browser/search-page.mjs (playwright-core, pinned in
# tests/browser/package-lock.json, installed into tests/browser/node_modules
# by `npm ci` when missing) against the real bin/server: a visitor types
# French without accents, uses suggestions, pages, filters, sorting, the
# back button, "did you mean", and documents whose titles hold markup;
# the missing-index and server-gone states; English for English browsers.
# Screenshots go to build/screenshots/ (look at them).
#
# It runs under SANITIZE builds too (about 10 s): a browser aborts the
# requests it no longer needs, which the sanitised server must take well,
# and the server must then stop without a leak.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-server.sh"

. "$(dirname "$0")/lib-browser.sh"
browser_setup

# The sample archive, plus one page whose title and text hold markup that
# would run if the page ever inserted them as HTML.
ARCHIVE=$TMP/archive
cp -R "$FOUILLE_SRC/archive" "$ARCHIVE"
cat >"$ARCHIVE/articles/piege.html" <<'EOF'
<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8">
<title>Piège &lt;img src=x onerror="window.__xss=1"&gt; zygomatique</title></head>
<body><h1>Piège zygomatique</h1>
<p>Un titre peut contenir &lt;script&gt;window.__xss = 2&lt;/script&gt; ou
&lt;img src=x onerror="window.__xss=3"&gt; : la page zygomatique doit
l’afficher comme du texte.</p></body></html>
EOF

index_archive "$TMP/index" "$ARCHIVE" >/dev/null || {
    echo "Bail out! the test archive could not be indexed"; exit 1; }
start_server "$TMP/no-index" || { echo "Bail out! server did not start"; exit 1; }
BASE_EMPTY=$BASE
EMPTY_PID=$SERVER_PID
start_server "$TMP/index" || { echo "Bail out! server did not start"; exit 1; }

export BASE BASE_EMPTY EMPTY_PID
browser_run search-page.mjs
stop_server
ok $? "the server stops cleanly after the visit"
done_testing
