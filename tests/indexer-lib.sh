# indexer-lib.sh -- what the indexer tests (T3xx) share, on top of lib.sh:
# reading the --json summary (with perl's core JSON::PP, perl being a test
# dependency already) and writing small PDFs with tools/mkpdf.

MKPDF=$FOUILLE_SRC/build/tools/mkpdf

# counts JSON: "new=N updated=N renamed=N removed=N unchanged=N failed=N"
counts() {
    printf '%s' "$1" | perl -MJSON::PP -e '
        my $j = decode_json(join "", <STDIN>);
        print join " ", map { "$_=$j->{$_}" } qw(new updated renamed removed unchanged failed);'
}

# jget JSON MEMBER: one top-level member, as perl prints it.
jget() {
    printf '%s' "$1" | perl -MJSON::PP -e '
        my $j = decode_json(join "", <STDIN>); my $v = $j->{$ARGV[0]};
        print JSON::PP::is_bool($v) ? ($v ? "true" : "false") : $v;' "$2"
}

# failures JSON: "path<TAB>reason" a line, sorted; a newline in a path is
# printed as \n.
failures() {
    printf '%s' "$1" | perl -MJSON::PP -e '
        binmode STDOUT, ":utf8";
        my $j = decode_json(join "", <STDIN>);
        print join "", sort map { (my $p = $_->{path}) =~ s/\n/\\n/g; "$p\t$_->{reason}\n" }
            @{$j->{failures}};'
}

# reason_of JSON PATH: the reason recorded for PATH ("" when none).
reason_of() { failures "$1" | awk -F '\t' -v p="$2" '$1 == p { print $2 }'; }

# make_pdf OUT SOURCE: a PDF from mkpdf's source format (see tools/mkpdf.c).
make_pdf() {
    printf '%s' "$2" > "$TMP/mkpdf-src.txt"
    "$MKPDF" "$TMP/mkpdf-src.txt" "$1"
}

# hits INDEX QUERY: the paths found, sorted, one a line.
hits() { search "$1" "$2" | cut -f1 | sort; }

# run_json OUT_VAR ARGS...: run the indexer with --json --quiet; the JSON in
# $OUT_VAR, the exit status in $rc.
run_json() {
    local _var=$1; shift
    local _out
    _out=$("$INDEXER" --json --quiet "$@")
    rc=$?
    printf -v "$_var" '%s' "$_out"
}
