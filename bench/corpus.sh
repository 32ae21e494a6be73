#!/bin/sh
# corpus.sh -- make the real corpus of `make bench` in bench/corpus/.
#
# The corpus is Debian's documentation: the French HTML of the Debian
# handbook, reference, new maintainers' guide and developers' reference,
# and the PDFs (English and French manuals of LaTeX packages) of a few
# texlive documentation packages. About 700 PDFs, 22,000 pages, 220 HTML
# pages, 260 MB. The packages are installed with apt-get (as root, through
# bench/deps.sh); the files are hard-linked (or copied) into
# bench/corpus/PACKAGE/..., and .pdf.gz/.html.gz are decompressed, so that
# every tool reads the same plain folder.
#
# Outputs beside it, in bench/work/: corpus.packages (package and version,
# one a line: the corpus's identity, also the stamp that says the corpus
# is up to date) and corpus.stats (counts as shell assignments).
#
# Usage: bench/corpus.sh [CORPUS_DIR [WORK_DIR]]
set -eu

# The documentation packages; the handbook only contributes its fr-FR tree.
DOC_PKGS="debian-handbook debian-reference-fr maint-guide-fr
developers-reference-fr texlive-lang-french texlive-latex-base-doc
texlive-latex-recommended-doc texlive-humanities-doc"

here=$(cd "$(dirname "$0")" && pwd)
corpus=${1:-$here/corpus}
work=${2:-$here/work}
mkdir -p "$work"

sh "$here/deps.sh" $DOC_PKGS

stamp="$work/corpus.packages"
for p in $DOC_PKGS; do
    printf '%s %s\n' "$p" "$(dpkg-query -W -f='${Version}' "$p")"
done >"$stamp.new"
if [ -d "$corpus" ] && [ -f "$work/corpus.stats" ] && cmp -s "$stamp" "$stamp.new"; then
    rm -f "$stamp.new"
    echo "corpus: up to date in $corpus"
    exit 0
fi

# The files a package brings to the corpus: regular files (not symlinks,
# which would index the same text twice) ending in .pdf or .html.
corpus_files() {
    dpkg -L "$1" | grep -E '\.(pdf|html?)(\.gz)?$' |
    case "$1" in
        debian-handbook) grep '/html/fr-FR/' ;;
        *) cat ;;
    esac
}

# Put one file into the corpus under PACKAGE/, decompressing .gz.
corpus_add() {
    pkg=$1 src=$2
    [ -f "$src" ] && [ ! -L "$src" ] || return 0
    rel=${src#/usr/share/}
    dst="$corpus/$pkg/$rel"
    mkdir -p "$(dirname "$dst")"
    case "$src" in
        *.gz) gzip -dc "$src" >"${dst%.gz}" ;;
        *) ln "$src" "$dst" 2>/dev/null || cp -p "$src" "$dst" ;;
    esac
}

rm -rf "$corpus"
mkdir -p "$corpus"
for p in $DOC_PKGS; do
    corpus_files "$p" | while IFS= read -r f; do corpus_add "$p" "$f"; done
done

pdfs=0 pages=0 htmls=0
for f in $(find "$corpus" -name '*.pdf'); do
    n=$(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/ { print $2 }')
    pdfs=$((pdfs + 1)) pages=$((pages + ${n:-0}))
done
htmls=$(find "$corpus" -name '*.htm*' | wc -l)
bytes=$(du -sbL "$corpus" | cut -f1)
cat >"$work/corpus.stats" <<STATS
corpus_pdfs=$pdfs
corpus_pages=$pages
corpus_htmls=$htmls
corpus_bytes=$bytes
STATS
mv "$stamp.new" "$stamp"
echo "corpus: $pdfs PDFs ($pages pages), $htmls HTML pages, $bytes bytes in $corpus"
