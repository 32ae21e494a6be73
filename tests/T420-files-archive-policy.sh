#!/bin/sh
# T420-files-archive-policy -- no archive file can run script on the
# site's origin or read its cookies (issue #12): every /archive/ answer
# but a PDF's carries the sandbox CSP (200, 206, 304, 404, 416), all carry
# nosniff; HTML pages, texts, Markdown (as text/plain), CSS and raster
# images are served inline; SVG, XML, XHTML, JavaScript, JSON and unknown
# types come as downloads (application/octet-stream, attachment, with the
# file's name, accents kept); PDFs open inline, without CSP (a sandbox
# stops the browsers' PDF viewers). The search page (web/) keeps its own
# policy.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-server.sh"

ARCHIVE=$TMP/archive
WEB=$TMP/web
mkdir -p "$ARCHIVE/docs" "$WEB"
cp "$FOUILLE_SRC/archive/comptes-rendus/2019_CR_mars.pdf" "$ARCHIVE/docs/cr.pdf"
printf '<!doctype html><meta charset="utf-8"><title>Réunion</title><p style="color:red">Compte rendu</p><script>document.cookie</script>\n' \
    >"$ARCHIVE/docs/page.html"
cp "$ARCHIVE/docs/page.html" "$ARCHIVE/docs/old.HTM"
printf 'Meeting notes, été\n' >"$ARCHIVE/docs/notes.txt"
printf '# Feuille de route\n' >"$ARCHIVE/docs/route.md"
printf 'p { color: green }\n' >"$ARCHIVE/docs/style.css"
printf '\211PNG\r\n\032\n' >"$ARCHIVE/docs/photo.png"
printf '\377\330\377\340' >"$ARCHIVE/docs/photo.jpg"
xhtml='<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body><script>alert(document.cookie)</script></body></html>'
printf '%s\n' "$xhtml" >"$ARCHIVE/docs/evil.xml"
printf '%s\n' "$xhtml" >"$ARCHIVE/docs/evil.xhtml"
printf '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>\n' >"$ARCHIVE/docs/logo été.svg"
printf 'alert(document.cookie)\n' >"$ARCHIVE/docs/app.js"
printf '{"a": 1}\n' >"$ARCHIVE/docs/data.json"
printf 'MZ\n' >"$ARCHIVE/docs/setup.exe"
printf 'sans extension\n' >"$ARCHIVE/docs/LISEZMOI"
printf '<!doctype html><meta charset="utf-8"><title>fouille</title>\n' >"$WEB/index.html"

start_server "$TMP/no-index" || { done_testing; }
CSP="sandbox; default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'"

# ---- Inline, sandboxed --------------------------------------------
check_inline() { # PATH TYPE
    is "$(http "/archive/docs/$1")" 200 "$1 is served"
    is "$(header Content-Type)" "$2" "... as $2"
    is "$(header Content-Security-Policy)" "$CSP" "... sandboxed"
    is "$(header X-Content-Type-Options)" nosniff "... with nosniff"
    is "$(header Content-Disposition)" "" "... inline"
}
check_inline page.html text/html
check_inline old.HTM text/html
check_inline notes.txt "text/plain; charset=utf-8"
check_inline route.md "text/plain; charset=utf-8"
check_inline style.css "text/css; charset=utf-8"
check_inline photo.png image/png
check_inline photo.jpg image/jpeg

# ---- Downloads ------------------------------------------------------
check_download() { # URL-PATH FILE-NAME
    is "$(http "/archive/docs/$1")" 200 "$2 is served"
    is "$(header Content-Type)" application/octet-stream "... as a download (application/octet-stream)"
    like "$(header Content-Disposition)" "^attachment; filename=\"" "... attachment"
    is "$(header Content-Security-Policy)" "$CSP" "... sandboxed all the same"
    is "$(header X-Content-Type-Options)" nosniff "... with nosniff"
}
for f in evil.xml evil.xhtml app.js data.json setup.exe LISEZMOI; do
    check_download "$f" "$f"
    like "$(header Content-Disposition)" "filename=\"$f\"; filename\*=UTF-8''$f\$" "... named $f"
done
check_download 'logo%20%C3%A9t%C3%A9.svg' 'logo été.svg (SVG can hold script)'
is "$(header Content-Disposition)" "attachment; filename=\"logo __t__.svg\"; filename*=UTF-8''logo%20%C3%A9t%C3%A9.svg" \
    "... its accented name percent-encoded, with an ASCII fallback"
cmp -s "$TMP/body" "$ARCHIVE/docs/logo été.svg"; ok $? "... byte for byte"

# ---- PDFs: inline, no sandbox (the PDF viewers refuse one) ------------
is "$(http /archive/docs/cr.pdf)" 200 "a PDF is served"
is "$(header Content-Type)" application/pdf "... as application/pdf"
is "$(header Content-Security-Policy)" "" "... without a sandbox, so that it opens inline"
is "$(header Content-Disposition)" "" "... inline"
is "$(header X-Content-Type-Options)" nosniff "... with nosniff"
is "$(http /archive/docs/cr.pdf -H 'Range: bytes=0-9')" 206 "a PDF range (the viewer at #page=N asks for pieces)"

# ---- Every other archive answer is sandboxed too ---------------------
is "$(http /archive/docs/page.html -H 'Range: bytes=0-9')" 206 "206"
is "$(header Content-Security-Policy)" "$CSP" "... sandboxed"
etag=$(curl -s -D - -o /dev/null "$BASE/archive/docs/page.html" | sed -n 's/^[Ee][Tt][Aa][Gg]: *//p' | tr -d '\r')
is "$(http /archive/docs/page.html -H "If-None-Match: $etag")" 304 "304"
is "$(header Content-Security-Policy)" "$CSP" "... sandboxed"
is "$(http /archive/docs/page.html -H 'Range: bytes=9999-')" 416 "416"
is "$(header Content-Security-Policy)" "$CSP" "... sandboxed"
is "$(http /archive/docs/absent.html)" 404 "404"
is "$(header Content-Security-Policy)" "$CSP" "... sandboxed"
is "$(header X-Content-Type-Options)" nosniff "... with nosniff"
is "$(http /archive/docs/page.html -I)" 200 "HEAD"
is "$(header Content-Security-Policy)" "$CSP" "... sandboxed"

# ---- The search page keeps its policy ---------------------------------
is "$(http /)" 200 "the search page"
is "$(header Content-Security-Policy)" "default-src 'self'" "... keeps its own CSP, and only it"
is "$(grep -ci '^Content-Security-Policy:' "$TMP/headers")" 1 "... a single CSP header"
http /archive/docs/page.html >/dev/null
is "$(grep -ci '^Content-Security-Policy:' "$TMP/headers")" 1 "an archive page has a single CSP header (no default-src 'self' added)"

stop_server; ok $? "the server stops cleanly"
done_testing
