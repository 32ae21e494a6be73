# lib-shards.sh -- an index in shards against one index of the same files
# (T600, T610); source it after lib-server.sh.
#
# answer BASE URL prints what must not differ between one index and its
# shards: total, top 10 in order (each hit's path, page, other pages and
# snippet), facets, partial (or the error's code). compare ONE OTHER URL... prints the URLs whose answers differ
# between the two servers. judged_urls sets the array `urls` to
# /api/search for the first 40 queries of bench/judged.tsv.
# wildcard_urls sets `urls` to searches whose words come from a prefix:
# wildcards (« con* », « title:con* », « subvention OR fin* », English
# « public* ») and words being typed (partial=1: « contrats impa »,
# « subv »): their words are those of the whole index, each weighed with
# the statistics of the whole index, so shards rank them as one index.

q() { printf '%s' "$1" | jq -sRr @uri; }

answer() {
    curl -s "$1$2" | jq -cS 'if .hits then [.total, [.hits[] | [.path, .page, .other_pages, .snippet]],
                                      .facets, .partial] else .error.code end'
}

compare() {
    _one=$1 _other=$2; shift 2
    for _u in "$@"; do
        [ "$(answer "$_one" "$_u")" = "$(answer "$_other" "$_u")" ] || printf ' %s' "$_u"
    done
}

judged_urls() {
    urls=()
    while IFS=$'\t' read -r _query _; do
        case $_query in '#'*|'') continue ;; esac
        urls+=("/api/search?q=$(q "$_query")")
    done <"$FOUILLE_SRC/bench/judged.tsv"
    urls=("${urls[@]:0:40}")
}

wildcard_urls() {
    urls=()
    for _w in 'con*' 'sub*' 'p*' 'title:con*' 'subvention OR fin*' 'public* service*' 'a* b* c*'; do
        urls+=("/api/search?q=$(q "$_w")")
    done
    for _t in 'contrats impa' 'subv' 'comm' 'lettre ou' 're' 'fin'; do
        urls+=("/api/search?q=$(q "$_t")&partial=1")
    done
}
