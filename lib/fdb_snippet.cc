/* fdb_snippet.cc -- which words of a hit's text a snippet marks.
 *
 * The terms are the query's own (its leaf terms, less those on the
 * excluded side of AND_NOT: "-word", NOT), the same for every hit: a word
 * of a hit's text that is among them is a word that matched. (Reading each
 * hit's term list instead, Enquire::get_matching_terms, would cost a
 * decompression per hit.) A folded word matches an unprefixed term equal
 * to it, or a stem term (fdb_schema::STEM) equal to its stem. Stemming
 * every word of a page would cost more than the search: the French
 * stemmer changes only a word's ending, so a word whose first two bytes
 * start no stem is not stemmed, a word whose first byte starts no term
 * is not looked up at all, and a word as written is stemmed once a
 * marker. The query's phrases are handed on as lists of term ids:
 * snippet.c marks each place they stand as one, and a word the query
 * holds only inside a phrase nowhere else. The same terms give the
 * first bytes a matching word can start with (snippet_heads: a word, a
 * stem's first two bytes, a completed prefix), with which snippet.c skips
 * the text far from them. Cutting and marking is snippet.c's.
 */
#include "fdb-private.h"
#include "norm.h"
#include "snippet.h"

#include <glib.h>
#include <algorithm>
#include <cstring>

namespace {

/* The positive side of a query: its leaf terms (less those on the
 * excluded side of AND_NOT), which of them stand outside any phrase, and
 * its phrases of plain words. */
struct query_terms {
    std::vector<std::string> terms;
    std::unordered_set<std::string> alone;
    std::vector<std::vector<std::string>> phrases;
};

void positive_terms(const Xapian::Query &q, query_terms &out, bool in_phrase)
{
    if (q.get_type() == Xapian::Query::LEAF_TERM) {
        for (auto t = q.get_terms_begin(); t != q.get_terms_end(); ++t) {
            out.terms.push_back(*t);
            if (!in_phrase)
                out.alone.insert(*t);
        }
        return;
    }
    size_t n = q.get_num_subqueries();
    if (q.get_type() == Xapian::Query::OP_AND_NOT)
        n = std::min<size_t>(n, 1);
    bool phrase = q.get_type() == Xapian::Query::OP_PHRASE;
    if (phrase) {
        std::vector<std::string> words;
        for (size_t i = 0; i < n; i++) {
            const Xapian::Query &sub = q.get_subquery(i);
            if (sub.get_type() == Xapian::Query::LEAF_TERM)
                words.push_back(*sub.get_terms_begin());
        }
        if (words.size() == n && n > 1 && !(words[0][0] >= 'A' && words[0][0] <= 'Z'))
            out.phrases.push_back(words);
    }
    for (size_t i = 0; i < n; i++)
        positive_terms(q.get_subquery(i), out, in_phrase || phrase);
}

/* A folded word starts lower-case or with a digit; a prefix is upper-case. */
bool unprefixed(const std::string &t)
{
    return !t.empty() && !(t[0] >= 'A' && t[0] <= 'Z');
}

int match_word(const char *folded, const char *surface, size_t len, void *ud)
{
    return static_cast<fdb_marker *>(ud)->match(folded, surface, len);
}

} /* namespace */

fdb_marker::fdb_marker(const Xapian::Query &query)
{
    query_terms qt;
    positive_terms(query, qt, false);
    const std::vector<std::string> &terms = qt.terms;
    /* A word and its own stem are one term to the snippet (a query word
     * matches as itself or by its stem): a passage is not better for
     * holding both "association" and "associations". */
    int id = 0;
    for (const auto &t : terms) {
        if (unprefixed(t) && !words.count(t))
            words.emplace(t, id++);
    }
    for (const auto &t : terms) {
        if (t[0] != fdb_schema::STEM || !unprefixed(t.substr(1)) || stems.count(t.substr(1)))
            continue;
        int sid = -1;
        for (const auto &w : words)
            if (fdb_stem_of(w.first, nullptr, 0) == t.substr(1))
                sid = w.second;
        stems.emplace(t.substr(1), sid >= 0 ? sid : id++);
        stem_heads.insert(t.substr(1, 2));
    }
    /* A word the query holds only inside phrases is marked only there. */
    for (auto &w : words) {
        bool alone = qt.alone.count(w.first) ||
                     qt.alone.count(std::string(1, fdb_schema::STEM) +
                                    fdb_stem_of(w.first, nullptr, 0));
        if (!alone)
            w.second |= SNIPPET_IN_PHRASE;
    }
    std::unordered_set<int> ids;
    snippet_heads_init(&heads);
    snippet_heads_init(&stem_bits);
    for (const auto &w : words) {
        first_byte[(unsigned char)w.first[0]] = true;
        snippet_heads_add(&heads, w.first.data(), w.first.size(), 0);
        ids.insert(SNIPPET_ID(w.second));
    }
    for (const auto &h : stem_heads) {      /* as match() looks them up */
        snippet_heads_add(&heads, h.data(), h.size(), 1);
        snippet_heads_add(&stem_bits, h.data(), h.size(), 1);
    }
    for (const auto &st : stems)
        ids.insert(SNIPPET_ID(st.second));
    nterms = (unsigned)ids.size();
    for (const auto &st : stems)
        first_byte[(unsigned char)st.first[0]] = true;
    for (const auto &p : qt.phrases) {
        std::vector<int> ids;
        for (const auto &t : p) {
            auto w = words.find(t);
            if (w == words.end())
                break;
            ids.push_back(SNIPPET_ID(w->second));
        }
        if (ids.size() == p.size())
            phrase_ids.push_back(ids);
    }
}

void fdb_marker::add_prefix(const std::string &folded)
{
    auto w = words.find(folded);
    int id = w != words.end() ? SNIPPET_ID(w->second)
                              : (int)(words.size() + stems.size() + prefixes.size());
    prefixes.emplace_back(folded, id);
    first_byte[(unsigned char)folded[0]] = true;
    snippet_heads_add(&heads, folded.data(), folded.size(), 1);
    if (w == words.end())
        nterms++;                 /* an id of its own (snippet_build) */
}

int fdb_marker::match(const char *folded, const char *surface, size_t len)
{
    if (!first_byte[(unsigned char)folded[0]])
        return -1;
    std::string word(folded);
    auto w = words.find(word);
    if (w != words.end())
        return w->second;
    for (const auto &p : prefixes)
        if (word.compare(0, p.first.size(), p.first) == 0)
            return p.second | SNIPPET_RELATIVE;
    /* A stem starts as its word does (its first bytes or first byte). */
    if (stems.empty() || !snippet_heads_allow(&stem_bits, word.data(), word.size()))
        return -1;
    /* The stem is taken of the word as written: remembered by that, or by
     * its folding when that is all its stem depends on. */
    bool by_folding = fdb_stem_by_folding(surface, len);
    std::string written = by_folding ? word : std::string(surface, len);
    auto known = stemmed.find(written);
    if (known != stemmed.end())
        return known->second;
    auto s = stems.find(fdb_stem_of(word, surface, len));
    /* A query word typed or parsed without its accents was stemmed folded
     * ("cafe" -> "caf"): a text word that folds to a relative of it is
     * one too, whatever its own accents make of its stem ("cafë"). */
    if (s == stems.end() && !by_folding)
        s = stems.find(fdb_stem_of(word, nullptr, 0));
    int id = s == stems.end() ? -1 : s->second | SNIPPET_RELATIVE;
    stemmed.emplace(std::move(written), id);
    return id;
}

char *fdb_marker::build(const char *text, size_t len, bool whole, size_t width)
{
    bool any = !words.empty() || !stems.empty() || !prefixes.empty();
    std::vector<snippet_phrase> phrases;
    for (const auto &p : phrase_ids)
        phrases.push_back(snippet_phrase{p.data(), p.size()});
    return snippet_build_part(text, len, whole, any ? match_word : nullptr, this,
                              width ? width : FDB_SNIPPET_WIDTH, phrases.data(),
                              phrases.size(), nterms, &heads);
}

std::string fdb_marker::snippet(const std::string &text, size_t width)
{
    char *s = build(text.data(), text.size(), true, width);
    std::string out(s);
    g_free(s);
    return out;
}

/* A page's text is inflated a piece at a time: the first piece holds most
 * pages whole (p50 1.9 KB, p90 3.3 KB on the bench corpus) and the
 * snippets of many others (a scan stops SNIPPET_AFTER_ALL past the word
 * where every term has been seen, SNIPPET_AFTER_MATCH past the first
 * match); each next piece is larger, up to the most a scan looks at. A
 * piece the scan runs out of is scanned again with the next: at most four
 * scans, of 4 KiB, 16 KiB, 64 KiB and SNIPPET_SCAN_MAX. */
const size_t SNIPPET_FIRST_PIECE = 4 * 1024;
const size_t SNIPPET_PIECE_GROWTH = 4;

std::string fdb_marker::snippet_of_page(const std::string &data, size_t width)
{
    fdb_schema::page_text_reader r(data);
    size_t want = SNIPPET_FIRST_PIECE;
    for (;;) {
        if (!r.fill(want))
            return std::string();           /* corrupt: no snippet */
        char *s = build(r.text(), r.size(), r.whole(), width);
        if (s) {
            std::string out(s);
            g_free(s);
            return out;
        }
        want = std::min(r.size() * SNIPPET_PIECE_GROWTH, (size_t)SNIPPET_SCAN_MAX + 1);
    }
}

extern "C" {

fdb_status fdb_snippet(const char *query, const char *text, size_t len,
                       size_t width, char **out, char *err, size_t errlen)
{
    std::string error;
    *out = nullptr;
    fdb_status st = fdb_guard(error, [&]() {
        if (!text && len)
            throw Xapian::InvalidArgumentError("no text");
        Xapian::QueryParser qp;
        fdb_setup_parser(qp, nullptr);
        char *f = norm_fold_query(query ? query : "");
        std::string folded(f ? f : "");
        g_free(f);
        fdb_marker marker(fdb_parse(qp, folded, false, nullptr));
        std::string s = marker.snippet(std::string(text ? text : "", len), width);
        *out = strdup(s.c_str());
        if (!*out)
            throw std::bad_alloc();
        return FDB_OK;
    });
    fdb_copy_error(error, err, errlen);
    return st;
}

} /* extern "C" */
