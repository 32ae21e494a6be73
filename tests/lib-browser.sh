# lib-browser.sh -- what the browser tests (T510, T53x) share, on top of
# lib.sh and lib-server.sh: Debian's Chromium, node, and playwright-core at
# the version pinned in tests/browser/package.json (package-lock.json),
# installed into tests/browser/node_modules by `npm ci` when missing; and
# a runner that turns a driver's TAP lines into this test's.

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
BROWSER_DIR=$FOUILLE_SRC/tests/browser
SHOTS=$FOUILLE_SRC/build/screenshots

# browser_setup: skip the test without a browser or node; install the
# pinned playwright-core if it is not there.
browser_setup() {
    [ -x "$CHROMIUM" ] || skip_all "no $CHROMIUM (make deps installs it)"
    command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 ||
        skip_all "no node/npm (make deps installs them)"
    browser_npm playwright-core
    mkdir -p "$SHOTS"
}

# browser_npm PACKAGE: `npm ci` in tests/browser unless node_modules has
# PACKAGE at the version package.json pins.
browser_npm() {
    _want=$(sed -n "s/.*\"$1\": *\"\\([^\"]*\\)\".*/\\1/p" "$BROWSER_DIR/package.json")
    _have=$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' \
           "$BROWSER_DIR/node_modules/$1/package.json" 2>/dev/null | head -1)
    if [ "$_have" != "$_want" ]; then
        (cd "$BROWSER_DIR" && npm ci --no-audit --no-fund --loglevel=error) >"$TMP/npm.log" 2>&1 || {
            echo "Bail out! npm ci failed in tests/browser:"
            sed 's/^/# /' "$TMP/npm.log"
            exit 1
        }
    fi
}

# browser_run DRIVER: run tests/browser/DRIVER with node (the environment
# passes BASE and the rest); its TAP lines are counted as this test's, so
# that the script's own checks follow them; anything else it prints
# becomes a comment.
browser_run() {
    SHOTS=$SHOTS CHROMIUM=$CHROMIUM TAP_PLAN=0 \
        node "$BROWSER_DIR/$1" >"$TMP/tap" 2>&1
    _st=$?
    sed '/^\(not \)\{0,1\}ok \|^#/!s/^/# /' "$TMP/tap"
    _tap_n=$(grep -c '^\(not \)\{0,1\}ok ' "$TMP/tap")
    _tap_failed=$(grep -c '^not ok ' "$TMP/tap")
    [ "$_st" -eq 0 ] || [ "$_tap_failed" -gt 0 ] ||
        ok 1 "the browser driver ended with status $_st"
}
