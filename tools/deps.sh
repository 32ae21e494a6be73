#!/bin/sh
# deps.sh -- install the Debian 12 packages fouille needs, the missing ones.
#
#   sh tools/deps.sh          what building and running need (make run)
#   sh tools/deps.sh --test   that and the test tools (make check)
#   sh tools/deps.sh [--test] PKG...   and these packages too (bench/deps.sh)
#
# As root it runs apt-get (update first, once); otherwise it prints the exact
# command to run. The lists below are the only place packages are named.
set -eu

# Building: compilers and the libraries of the fixed stack (cairo renders
# scanned pages for OCR and is for tools/mkpdf, which writes the sample
# archive's PDFs; gettext's msgfmt compiles the indexer's translations,
# po/*.po); Tesseract with its French and English models (OCR), Leptonica
# (images), libzip (office documents).
BUILD_PKGS="gcc g++ make pkg-config libxapian-dev libmicrohttpd-dev
libpoppler-glib-dev libjansson-dev libglib2.0-dev libxml2-dev libcairo2-dev
zlib1g-dev gettext libtesseract-dev libleptonica-dev tesseract-ocr-fra
tesseract-ocr-eng libzip-dev
fonts-dejavu-core"
# Testing: prove (perl), curl and jq for the HTTP tests, xapian-tools to inspect;
# clang and its runtime for the libFuzzer targets, qpdf for damaged PDFs,
# valgrind for make check-valgrind.
TEST_PKGS="perl curl jq xapian-tools clang libclang-rt-14-dev qpdf valgrind"
# The browser test (tests/T510): chromium, and Debian's node and npm unless
# the machine has them already.
TEST_PKGS="$TEST_PKGS chromium"
command -v node >/dev/null 2>&1 || TEST_PKGS="$TEST_PKGS nodejs"
command -v npm >/dev/null 2>&1 || TEST_PKGS="$TEST_PKGS npm"
# The deployment tests (tests/T8xx): systemd-analyze verify, nginx -t,
# and rendering the man pages.
TEST_PKGS="$TEST_PKGS systemd nginx groff man-db"
# The French messages test (T340) compiles a French locale from the
# locales package's sources with localedef, into its own folder.
TEST_PKGS="$TEST_PKGS locales"

if [ "${1:-}" = --test ]; then shift; else TEST_PKGS=""; fi
EXTRA_PKGS="$*"

missing=""
for p in $BUILD_PKGS $TEST_PKGS $EXTRA_PKGS; do
    st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    case "$st" in
        *"install ok installed"*) ;;
        *) missing="$missing $p" ;;
    esac
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
    echo "deps: installing$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends $missing
else
    echo "deps: missing Debian packages:$missing" >&2
    echo "deps: run: sudo apt-get install -y$missing" >&2
    exit 1
fi
