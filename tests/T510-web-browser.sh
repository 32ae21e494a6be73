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

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
BROWSER_DIR=$FOUILLE_SRC/tests/browser
SHOTS=$FOUILLE_SRC/build/screenshots

[ -x "$CHROMIUM" ] || skip_all "no $CHROMIUM (make deps installs it)"
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 ||
    skip_all "no node/npm (make deps installs them)"

# playwright-core at the pinned version, from the npm registry.
want=$(sed -n 's/.*"playwright-core": *"\([^"]*\)".*/\1/p' "$BROWSER_DIR/package.json")
have=$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' \
       "$BROWSER_DIR/node_modules/playwright-core/package.json" 2>/dev/null | head -1)
if [ "$have" != "$want" ]; then
    (cd "$BROWSER_DIR" && npm ci --no-audit --no-fund --loglevel=error) >"$TMP/npm.log" 2>&1 || {
        echo "Bail out! npm ci failed in tests/browser:"
        sed 's/^/# /' "$TMP/npm.log"
        exit 1
    }
fi

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

# The driver's TAP lines are counted here, so that this script's own
# checks follow them; anything else it prints becomes a comment.
mkdir -p "$SHOTS"
BASE=$BASE BASE_EMPTY=$BASE_EMPTY EMPTY_PID=$EMPTY_PID SHOTS=$SHOTS \
CHROMIUM=$CHROMIUM TAP_PLAN=0 \
    node "$BROWSER_DIR/search-page.mjs" >"$TMP/tap" 2>&1
st=$?
sed '/^\(not \)\{0,1\}ok \|^#/!s/^/# /' "$TMP/tap"
_tap_n=$(grep -c '^\(not \)\{0,1\}ok ' "$TMP/tap")
_tap_failed=$(grep -c '^not ok ' "$TMP/tap")
[ "$st" -eq 0 ] || [ "$_tap_failed" -gt 0 ] ||
    ok 1 "the browser driver ended with status $st"
stop_server
ok $? "the server stops cleanly after the visit"
done_testing
