#!/bin/sh
# T530-web-front -- the archive as a visitor meets it, in Debian's headless
# Chromium (tests/browser/visit-pages.mjs): the front page, browse views
# that are URLs, the phone's filter sheet, 44 px targets, the Tab count to
# the first result, a live region that speaks once, labels that read as
# sentences, French spacing, undated documents, a document's page with
# similar documents. Screenshots go to build/screenshots/ (front-1280,
# browse-1280, doc-1280, phone-sheet-360, phone-after-choice-360,
# front-360).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-server.sh"
. "$(dirname "$0")/lib-browser.sh"
browser_setup

# The sample archive with its maintainer's description (.fouille.json).
ARCHIVE=$TMP/archive
cp -R "$FOUILLE_SRC/archive" "$ARCHIVE"
cat >"$ARCHIVE/.fouille.json" <<'EOF'
{"title": "Archive du Collectif Liens Associatifs",
 "description": "Les comptes rendus, feuilles de route, lettres et articles du collectif : tout ce qu'il a publié depuis 2019 !",
 "collections": {"comptes-rendus": "Comptes rendus de réunion"}}
EOF
index_archive "$TMP/index" "$ARCHIVE" >/dev/null || {
    echo "Bail out! the sample archive could not be indexed"; exit 1; }
start_server "$TMP/index" || { echo "Bail out! server did not start"; exit 1; }
export BASE
browser_run visit-pages.mjs
stop_server
ok $? "the server stops cleanly after the visit"
done_testing
