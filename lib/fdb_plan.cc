/* fdb_plan.cc -- a plain query planned as a reader expects it to rank.
 *
 * Design (the model, with its weights and why, is docs/ranking.md): the
 * index holds each folded word twice, as itself ("economie", with
 * positions) and as its French stem ("Zeconom", without; stemmed as
 * written, then folded: fdb_stem.cc). A query word
 * matches either, so stemming widens what is found, but the word itself
 * weighs EXACT_SCALE times more, so that "économie" comes before pages
 * that only say "économique". Words are ANDed; little words (stopwords)
 * are not required when the query has other words, but the whole query
 * as a phrase, in the text and in the title, lifts the pages that hold it
 * ("Premiers pas", a title typed as it is written). A word that no page
 * holds is left out (and reported), rather than making the query find
 * nothing. With `partial`, the last word also matches the words it
 * begins, below the word itself. Queries with operators, quotes,
 * wildcards or field prefixes are QueryParser's (fdb_search.cc).
 */
#include "fdb_plan.h"
#include "fdb-private.h"
#include "fdb_budget.h"
#include "fdb_derived.h"
#include "norm.h"

#include <glib.h>
#include <algorithm>
#include <cstring>
#include <functional>
#include <map>
#include <unordered_map>
#include <unordered_set>

namespace {

/* Weights, relative to BM25's (docs/ranking.md). */
const double EXACT_SCALE = 2.0;   /* the word as typed, over its stem */
const double PREFIX_SCALE = 0.5;  /* a completion of the last word */
const double PHRASE_SCALE = 1.0;  /* the whole query as a phrase */
const double TITLE_SCALE = 3.0;   /* ... in the title */
/* Completions of a partial last word, the most frequent first. */
const Xapian::termcount PREFIX_EXPANSION = 40;
/* Phrases longer than this are not looked for (positions cost). */
const size_t PHRASE_MAX_WORDS = 8;
/* A plain query of up to the grammar's bound of words is planned here,
 * however long, so that a word meets the index the same way in a long
 * query as in a short one (as itself and by its stem: a word stemmed
 * through the form the index saw of it, "file" through "ﬁle", may not
 * meet a page's own stem). Longer ones, or with more hyphenated units,
 * are QueryParser's, whose answer fdb_budget.cc bounds (it refuses more
 * words than that). */
const size_t PLAN_MAX_WORDS = FDB_MAX_TERMS, PLAN_MAX_GROUPS = 4;

bool is_stopword(const std::string &w)
{
    static const std::unordered_set<std::string> set = [] {
        std::unordered_set<std::string> s;
        for (const char *const *p = norm_stopwords(); *p; p++)
            s.insert(*p);
        return s;
    }();
    return set.count(w) != 0;
}

bool word_byte(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '\'' ||
           (unsigned char)c >= 0x80;
}

/* Does the folded query hold syntax QueryParser must read? A '+' or '-'
 * is an operator when it starts a word ("-marche"); one that stands
 * alone is a dash typed between words ("budget - rapport 2023", "--"
 * for "—"), punctuation. */
bool has_syntax(const std::string &q)
{
    for (size_t i = 0; i < q.size(); i++) {
        char c = q[i];
        if (strchr("\"()*", c) || (c >= 'A' && c <= 'Z'))
            return true;
        if ((c == '-' || c == '+') && (i == 0 || q[i - 1] == ' ') && i + 1 < q.size() &&
            word_byte(q[i + 1]))
            return true;
        if (c == ':' && i + 1 < q.size() && q[i + 1] != ' ')
            return true;
    }
    return false;
}

/* Split a folded plain query into units: runs of word bytes, joined into
 * one unit by '-' or '.' between them. */
std::vector<fdb_plan_unit> split_units(const std::string &q)
{
    std::vector<fdb_plan_unit> units;
    fdb_plan_unit cur;
    std::string word;
    auto end_word = [&]() {
        size_t a = word.find_first_not_of('\''), b = word.find_last_not_of('\'');
        if (a != std::string::npos)
            cur.words.push_back(word.substr(a, b - a + 1));
        word.clear();
    };
    auto end_unit = [&]() {
        end_word();
        if (!cur.words.empty())
            units.push_back(cur);
        cur = fdb_plan_unit();
    };
    for (size_t i = 0; i < q.size(); i++) {
        char c = q[i];
        if (word_byte(c)) {
            word += c;
        } else if ((c == '-' || c == '.') && !word.empty() && i + 1 < q.size() &&
                   word_byte(q[i + 1])) {
            end_word();
        } else {
            end_unit();
        }
    }
    end_unit();
    return units;
}

Xapian::Query scaled(const Xapian::Query &q, double k)
{
    return k == 1.0 ? q : Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, k);
}

bool has_prefix(Xapian::Database &db, const std::string &p)
{
    Xapian::TermIterator t = db.allterms_begin(p);
    return t != db.allterms_end(p);
}

/* Does any page hold the unit (all its words)? */
bool unit_exists(Xapian::Database &db, const fdb_plan_unit &u)
{
    for (size_t i = 0; i < u.words.size(); i++) {
        const std::string &w = u.words[i], &st = u.stems[i];
        bool found = db.term_exists(w) || (!st.empty() && db.term_exists(st)) ||
                     (u.prefix && has_prefix(db, w));
        if (!found)
            return false;
    }
    return true;
}

/* A unit's query: a word as itself (weighted up) or by its stem, plus,
 * for a partial last word, the words of the index it begins (with `db`;
 * without, the query a snippet marks, whose completions are not words the
 * reader typed); a hyphenated unit as a phrase. */
Xapian::Query unit_query(const fdb_plan_unit &u, Xapian::Database *db)
{
    using Q = Xapian::Query;
    if (u.words.size() > 1)
        return Q(Q::OP_PHRASE, u.words.begin(), u.words.end(), (Xapian::termcount)u.words.size());
    const std::string &w = u.words[0];
    std::vector<Q> alts;
    alts.push_back(scaled(Q(w), EXACT_SCALE));
    if (!u.stems[0].empty())
        alts.push_back(Q(u.stems[0]));
    if (u.prefix && db)
        alts.push_back(scaled(fdb_expand_prefix(*db, w, PREFIX_EXPANSION, nullptr),
                              PREFIX_SCALE));
    return Q(Q::OP_OR, alts.begin(), alts.end());
}

/* The phrase of the words typed (those of a partial last word aside), in
 * the text and among the title's words: what lifts a page that holds
 * the query as written. */
Xapian::Query phrase_boost(const std::vector<fdb_plan_unit> &units)
{
    using Q = Xapian::Query;
    std::vector<std::string> words;
    for (const auto &u : units)
        if (!u.prefix)
            words.insert(words.end(), u.words.begin(), u.words.end());
    if (words.empty() || words.size() > PHRASE_MAX_WORDS)
        return Q();
    std::vector<std::string> titled;
    for (const auto &w : words)
        titled.push_back(fdb_schema::TITLE + w);
    if (words.size() == 1)
        return scaled(Q(titled[0]), TITLE_SCALE);
    Xapian::termcount n = (Xapian::termcount)words.size();
    return Q(Q::OP_OR, scaled(Q(Q::OP_PHRASE, words.begin(), words.end(), n), PHRASE_SCALE),
             scaled(Q(Q::OP_PHRASE, titled.begin(), titled.end(), n), TITLE_SCALE));
}

Xapian::Query and_of(const std::vector<Xapian::Query> &qs)
{
    if (qs.size() == 1)
        return qs[0];
    return Xapian::Query(Xapian::Query::OP_AND, qs.begin(), qs.end());
}

} /* namespace */

std::string fdb_plan_stem_term(fdb *handle, const std::string &folded)
{
    std::string st = fdb_stem_folded(handle, folded);
    return st.empty() ? st : fdb_schema::STEM + st;
}

bool fdb_plan_build(fdb *handle, const std::string &folded, bool partial, fdb_plan &out)
{
    Xapian::Database &db = *handle->db;
    if (has_syntax(folded))
        return false;
    out = fdb_plan();
    out.units = split_units(folded);
    size_t nwords = 0, groups = 0;
    for (const auto &u : out.units) {
        nwords += u.words.size();
        groups += u.words.size() > 1;
    }
    if (out.units.empty() || nwords > PLAN_MAX_WORDS || groups > PLAN_MAX_GROUPS)
        return false;
    std::string all;
    for (const auto &u : out.units)
        for (const auto &w : u.words)
            all += (all.empty() ? "" : " ") + w;
    out.title = fdb_schema::title_term(all);
    bool ends_open = !folded.empty() && word_byte(folded.back());
    fdb_plan_unit &last = out.units.back();
    if (partial && ends_open && last.words.size() == 1 && last.words[0].size() >= 2)
        last.prefix = true;
    bool any_content = false;
    for (auto &u : out.units) {
        u.stopword = u.words.size() == 1 && !u.prefix && is_stopword(u.words[0]);
        any_content = any_content || !u.stopword;
    }
    if (!any_content)
        for (auto &u : out.units)
            u.stopword = false;
    for (auto &u : out.units)
        for (const auto &w : u.words)
            u.stems.push_back(u.stopword ? std::string() : fdb_plan_stem_term(handle, w));
    std::vector<Xapian::Query> required, marked;
    std::vector<std::string> missing;
    for (const auto &u : out.units) {
        if (u.stopword)
            continue;
        if (!unit_exists(db, u)) {
            std::string w;
            for (const auto &p : u.words)
                w += (w.empty() ? "" : "-") + p;
            missing.push_back(w);
            continue;
        }
        required.push_back(unit_query(u, &db));
        marked.push_back(unit_query(u, nullptr));
        for (size_t i = 0; i < u.words.size(); i++) {
            out.terms.push_back(u.words[i]);
            if (!u.stems[i].empty())
                out.terms.push_back(u.stems[i]);
        }
    }
    if (required.empty()) {
        /* Nothing holds any word: the query finds nothing, as typed. */
        out.query = out.marked = Xapian::Query();
        return true;
    }
    out.ignored = missing;
    Xapian::Query boost = phrase_boost(out.units);
    auto with_boost = [&](const std::vector<Xapian::Query> &units) {
        Xapian::Query main = and_of(units);
        return boost.empty() ? main : Xapian::Query(Xapian::Query::OP_AND_MAYBE, main, boost);
    };
    out.query = with_boost(required);
    out.marked = with_boost(marked);
    return true;
}

Xapian::Query fdb_plan_relaxed(Xapian::Database &db, const fdb_plan &plan,
                               Xapian::Query *marked)
{
    std::vector<Xapian::Query> qs, ms;
    for (const auto &u : plan.units)
        if (!u.stopword && unit_exists(db, u)) {
            qs.push_back(unit_query(u, &db));
            ms.push_back(unit_query(u, nullptr));
        }
    *marked = Xapian::Query(Xapian::Query::OP_OR, ms.begin(), ms.end());
    return Xapian::Query(Xapian::Query::OP_OR, qs.begin(), qs.end());
}

std::vector<std::string> fdb_plan_missing(Xapian::Database &db, const fdb_plan &plan,
                                          Xapian::docid did)
{
    auto holds = [&](const std::string &term) {
        Xapian::TermIterator t = db.termlist_begin(did);
        t.skip_to(term);
        return t != db.termlist_end(did) && *t == term;
    };
    std::vector<std::string> out;
    for (const auto &u : plan.units) {
        if (u.stopword)
            continue;
        bool all = true;
        for (size_t i = 0; i < u.words.size(); i++)
            all = all && (holds(u.words[i]) || (!u.stems[i].empty() && holds(u.stems[i])));
        if (!all) {
            std::string w;
            for (const auto &p : u.words)
                w += (w.empty() ? "" : "-") + p;
            out.push_back(w);
        }
    }
    return out;
}

/* ---- completions ----------------------------------------------------- */

namespace {

/* Pages of the words before the last one whose words are looked at. */
const Xapian::doccount COMPLETE_DOCS = 50;
/* Words of a page of the sample looked at for a completion, at most: the
 * first that begin with the typed word, in byte order. */
const unsigned COMPLETE_PAGE_WORDS = 64;
/* Terms looked at by a completion among all words, at most; the clock is
 * read every COMPLETE_TICKS of them. */
const unsigned COMPLETE_SCAN = 20000, COMPLETE_TICKS = 256;
/* Completions of a short word kept for the revision (fdb_derived.h). */
const unsigned COMPLETE_KEEP = 16;
/* Completions looked for as a phrase with the words before, at most. */
const size_t COMPLETE_PHRASES = 12;
/* The words that begin with a word of FDB_RANGE_BYTES are kept (and the
 * longer words that begin with it completed from them) when there are
 * at most this many. */
const size_t RANGE_MAX_WORDS = 8192;

/* A word a completion may give: a word of the sample (its id), or one of
 * the most frequent among all words. */
struct candidate {
    uint32_t id = fdb_head_sample::NONE;   /* in the sample's vocabulary */
    const char *word = nullptr;   /* borrowed: the sample's, or the caller's list */
    unsigned docs = 0;            /* pages of the sample that hold it */
    Xapian::doccount freq = 0;    /* pages that hold it (read when it counts) */
    unsigned phrase = 0;          /* of those, pages that hold it right after them */
};

using candidates = std::vector<candidate>;

bool better(const candidate &a, const candidate &b)
{
    if ((a.phrase > 0) != (b.phrase > 0))
        return a.phrase > 0;
    if (a.phrase != b.phrase)
        return a.phrase > b.phrase;
    if (a.docs != b.docs)
        return a.docs > b.docs;
    if (a.freq != b.freq)
        return a.freq > b.freq;
    return strcmp(a.word, b.word) < 0;
}

/* The candidates that can be among the first `keep`, ranked: most pages
 * of the sample first, then most pages at all, then in byte order. Those
 * are the ones found on as many pages of the sample as the keep-th or
 * more; the others are left out, unranked: only the first `keep` can be
 * shown or looked for as phrases. So the number of pages of the whole
 * index that hold a word (a look-up a word, kept with the sample) is read
 * for those only (a completion among all words has its count already). */
candidates rank_candidates(Xapian::Database &db, fdb_head_sample::letter *l,
                           const candidates &found, size_t keep)
{
    unsigned least = 0;
    if (found.size() > keep && keep > 0) {
        std::vector<unsigned> docs;
        docs.reserve(found.size());
        for (const auto &c : found)
            docs.push_back(c.docs);
        std::nth_element(docs.begin(), docs.begin() + (keep - 1), docs.end(),
                         std::greater<unsigned>());
        least = docs[keep - 1];
    }
    candidates ranked;
    for (const auto &c : found) {
        if (c.docs < least)
            continue;
        ranked.push_back(c);
        candidate &r = ranked.back();
        if (r.freq != 0)
            continue;
        Xapian::doccount *kept = l && r.id != fdb_head_sample::NONE ? &l->freq[r.id] : nullptr;
        r.freq = kept && *kept ? *kept : db.get_termfreq(r.word);
        if (kept)
            *kept = r.freq;
    }
    std::sort(ranked.begin(), ranked.end(), better);
    return ranked;
}

/* A folded word's term (a digit, a lower-case letter or a multibyte
 * character first), not a field's (an upper-case prefix). */
bool is_word_term(const std::string &t)
{
    unsigned char c = t.empty() ? 0 : (unsigned char)t[0];
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || c >= 0x80;
}

/* The sample of the words before: the best page of each of the first
 * COMPLETE_DOCS files `head` finds, and each page's words. False when
 * `until` passed first: the sample is then cut short, and not kept.
 * `remote`: the index has remote shards (no deadline source there). */
bool sample_head(Xapian::Database &db, bool remote, const Xapian::Query &head,
                 const fdb_limit &until, fdb_head_sample &s)
{
    fdb_query bounds = {};
    bounds.deadline = until.wall;
    fdb_budget b(&bounds);
    b.remote = remote;
    Xapian::Enquire e(db);
    e.set_query(fdb_budget_bound(head, b));
    e.set_collapse_key(fdb_schema::V_FILEID, 1);
    Xapian::MSet ms = e.get_mset(0, COMPLETE_DOCS);
    for (auto m = ms.begin(); m != ms.end(); ++m) {
        if (until.passed())
            return false;
        fdb_head_sample::page p;
        p.did = *m;
        Xapian::TermIterator end = db.termlist_end(*m);
        for (auto t = db.termlist_begin(*m); t != end;) {
            const std::string term = *t;
            if (is_word_term(term)) {
                p.at.push_back((uint32_t)p.text.size());
                p.text.append(term.c_str(), term.size() + 1);
                ++t;
            } else if (term[0] > '9' && term[0] < 'a') {
                t.skip_to("a");       /* past the fields' terms ('Z' stems...) */
            } else {
                ++t;
            }
        }
        s.pages.push_back(std::move(p));
    }
    return b.partial == 0 && !until.passed();
}

/* The words of page p that begin with byte c: p.at[*b, *e). */
void words_of_letter(const fdb_head_sample::page &p, unsigned char c, size_t *b, size_t *e)
{
    const char *text = p.text.data();
    auto from = [text](uint32_t at, unsigned k) { return (unsigned char)text[at] < k; };
    *b = std::lower_bound(p.at.begin(), p.at.end(), (unsigned)c, from) - p.at.begin();
    *e = std::lower_bound(p.at.begin() + *b, p.at.end(), (unsigned)c + 1, from) - p.at.begin();
}

/* The letter of the sample for words that begin with byte c, made on
 * first use: the pages' words that begin with it (each page's in byte
 * order) merged into one list of distinct words. */
fdb_head_sample::letter &letter_of(fdb_head_sample &s, unsigned char c)
{
    auto found = s.letters.find(c);
    if (found != s.letters.end())
        return found->second;
    fdb_head_sample::letter &l = s.letters[c];
    using cursor = std::pair<const char *, size_t>;   /* a word, its page */
    auto after = [](const cursor &a, const cursor &b) {
        int k = strcmp(a.first, b.first);
        return k != 0 ? k > 0 : a.second > b.second;
    };
    std::vector<cursor> heap;
    std::vector<size_t> next(s.pages.size()), end(s.pages.size());
    std::vector<std::vector<uint32_t>> ids(s.pages.size());
    for (size_t i = 0; i < s.pages.size(); i++) {
        const fdb_head_sample::page &p = s.pages[i];
        words_of_letter(p, c, &next[i], &end[i]);
        if (next[i] < end[i])
            heap.emplace_back(p.text.data() + p.at[next[i]], i);
    }
    std::make_heap(heap.begin(), heap.end(), after);
    while (!heap.empty()) {
        std::pop_heap(heap.begin(), heap.end(), after);
        cursor w = heap.back();
        heap.pop_back();
        if (l.at.empty() || strcmp(l.word((uint32_t)l.at.size() - 1), w.first) != 0) {
            l.at.push_back((uint32_t)l.text.size());
            l.text.append(w.first, strlen(w.first) + 1);
        }
        ids[w.second].push_back((uint32_t)l.at.size() - 1);
        const fdb_head_sample::page &p = s.pages[w.second];
        if (++next[w.second] < end[w.second]) {
            heap.emplace_back(p.text.data() + p.at[next[w.second]], w.second);
            std::push_heap(heap.begin(), heap.end(), after);
        }
    }
    for (const auto &v : ids) {
        l.first.push_back((uint32_t)l.ids.size());
        l.ids.insert(l.ids.end(), v.begin(), v.end());
    }
    l.first.push_back((uint32_t)l.ids.size());
    l.freq.assign(l.at.size(), 0);
    l.phrase.assign(l.at.size(), -1);
    return l;
}

/* Where the words of a page of the sample that a completion looks at
 * are: the letter's ids[first, end). */
struct page_span {
    uint32_t first = 0, end = 0;
};

/* Count, among the pages of the sample, the words that start with
 * `word` (the first COMPLETE_PAGE_WORDS of each page), and note where
 * each page's are (`spans`). */
void complete_among(const fdb_head_sample::letter &l, const std::string &word,
                    candidates &found, std::vector<page_span> &spans)
{
    const char *w = word.c_str();
    size_t n = word.size();
    uint32_t words = (uint32_t)l.at.size(), lo = 0, hi = words;
    while (lo < hi) {                 /* the first word not before `word` */
        uint32_t mid = lo + (hi - lo) / 2;
        if (strcmp(l.word(mid), w) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    uint32_t first = lo;
    for (hi = words; lo < hi;) {      /* and the first past those it begins */
        uint32_t mid = lo + (hi - lo) / 2;
        if (strncmp(l.word(mid), w, n) == 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    uint32_t last = lo;
    uint32_t itself = first < last && l.word(first)[n] == '\0' ? first : fdb_head_sample::NONE;
    std::vector<unsigned> docs(last - first, 0);
    size_t pages = l.first.size() - 1;
    spans.assign(pages, page_span());
    for (size_t i = 0; i < pages; i++) {
        auto from = l.ids.begin() + l.first[i], to = l.ids.begin() + l.first[i + 1];
        auto b = std::lower_bound(from, to, first), e = b;
        for (unsigned k = 0; e != to && *e < last && k < COMPLETE_PAGE_WORDS; ++e, ++k)
            if (*e != itself)
                docs[*e - first]++;
        spans[i].first = (uint32_t)(b - l.ids.begin());
        spans[i].end = (uint32_t)(e - l.ids.begin());
    }
    for (uint32_t id = first; id < last; id++) {
        if (!docs[id - first])
            continue;
        candidate c;
        c.id = id;
        c.word = l.word(id);
        c.docs = docs[id - first];
        found.push_back(c);
    }
}

using positions = std::vector<Xapian::termpos>;

positions positions_of(Xapian::Database &db, Xapian::docid did, const std::string &term)
{
    positions out;
    for (auto p = db.positionlist_begin(did, term); p != db.positionlist_end(did, term); ++p)
        out.push_back(*p);
    return out;
}

/* Do the words before stand right before `last` on page `p`? Their
 * positions there are read once a page (and kept with the sample). */
bool phrase_on(Xapian::Database &db, const std::vector<std::string> &words,
               fdb_head_sample::page &p, const std::string &last)
{
    if (!p.placed) {
        for (const auto &w : words)
            p.before.push_back(positions_of(db, p.did, w));
        p.placed = true;
    }
    Xapian::termpos k = (Xapian::termpos)words.size();
    for (Xapian::termpos at : positions_of(db, p.did, last)) {
        if (at <= k)
            continue;
        bool all = true;
        for (Xapian::termpos i = 0; i < k && all; i++)
            all = std::binary_search(p.before[i].begin(), p.before[i].end(), at - k + i);
        if (all)
            return true;
    }
    return false;
}

/* Among the pages of the sample whose words looked at hold each of the
 * first candidates (`spans`, complete_among), those where the words
 * before (all of them, little words too) stand right before it: a
 * completion that makes a phrase of those pages ("appel à pro" -> "appel
 * à projets") comes first. Only the positions of the words before and
 * of the candidates, on those pages, are read; what is found of a word
 * is kept with the sample. */
void find_phrases(Xapian::Database &db, fdb_head_sample &s, fdb_head_sample::letter &l,
                  const std::vector<page_span> &spans, const fdb_limit &until,
                  candidates &ranked)
{
    if (s.words.empty() || s.words.size() >= PHRASE_MAX_WORDS)
        return;
    for (size_t i = 0; i < ranked.size() && i < COMPLETE_PHRASES && !until.passed(); i++) {
        candidate &c = ranked[i];
        if (c.id == fdb_head_sample::NONE)
            continue;                 /* not a word of the sample's pages */
        int &kept = l.phrase[c.id];
        if (kept < 0) {
            unsigned n = 0;
            std::string last(c.word);
            for (size_t p = 0; p < s.pages.size() && p < spans.size(); p++)
                if (std::binary_search(l.ids.begin() + spans[p].first,
                                       l.ids.begin() + spans[p].end, c.id))
                    n += phrase_on(db, s.words, s.pages[p], last);
            kept = (int)n;
        }
        c.phrase = (unsigned)kept;
    }
    std::stable_sort(ranked.begin(), ranked.end(), better);
}

/* The sample of the words before (`head`, folded), kept for the
 * revision; NULL when they make no query that finds pages (some word
 * no page holds, or only syntax). */
std::shared_ptr<fdb_head_sample> head_sample(fdb *handle, const std::string &head,
                                             const fdb_limit &until)
{
    if (head.find_first_not_of(' ') == std::string::npos)
        return nullptr;
    std::shared_ptr<fdb_head_sample> s = fdb_head_sample_of(handle, head);
    if (s)
        return s;
    fdb_plan plan;
    if (!fdb_plan_build(handle, head, false, plan) || !plan.ignored.empty() ||
        plan.query.empty())
        return nullptr;
    s = std::make_shared<fdb_head_sample>();
    for (const auto &u : plan.units)
        s->words.insert(s->words.end(), u.words.begin(), u.words.end());
    if (sample_head(*handle->db, handle->remote, plan.query, until, *s))
        fdb_head_sample_keep(handle, head, s);
    return s;
}

/* The `max` most frequent of the words offered (the first offered among
 * equals: they come in byte order), in a heap whose top is the worst
 * kept: a word is copied only when it gets in. */
class most_frequent {
public:
    explicit most_frequent(unsigned max) : max_(max) {}
    /* Would a word counted `f` get in? */
    bool wants(Xapian::doccount f) const
    {
        return max_ > 0 && (best_.size() < max_ || f > best_.front().first);
    }
    void add(Xapian::doccount f, std::string word)
    {
        best_.emplace_back(f, std::move(word));
        std::push_heap(best_.begin(), best_.end(), better);
        if (best_.size() > max_) {
            std::pop_heap(best_.begin(), best_.end(), better);
            best_.pop_back();
        }
    }
    /* The words kept, most frequent first. */
    void take(std::vector<fdb_completion> &out)
    {
        std::sort(best_.begin(), best_.end(), better);
        out = std::move(best_);
    }

private:
    static bool better(const fdb_completion &a, const fdb_completion &b)
    {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
    }
    unsigned max_;
    std::vector<fdb_completion> best_;
};

/* The `max` most frequent words that start with `word` (the first in
 * byte order among equals), among the COMPLETE_SCAN first. False when
 * `until` passed first (what was found is kept). */
bool complete_scan(Xapian::Database &db, const std::string &word, unsigned max,
                   const fdb_limit &until, std::vector<fdb_completion> &best)
{
    most_frequent top(max);
    unsigned scanned = 0;
    bool whole = true;
    for (auto t = db.allterms_begin(word); t != db.allterms_end(word) && scanned < COMPLETE_SCAN;
         ++t, ++scanned) {
        if (scanned % COMPLETE_TICKS == 0 && until.passed()) {
            whole = false;
            break;
        }
        Xapian::doccount f = t.get_termfreq();
        if (top.wants(f))
            top.add(f, *t);
    }
    top.take(best);
    return whole;
}

/* The same from the words kept that begin with the word's first bytes
 * (all of them: the scan would have seen the same words). */
void complete_in_range(const fdb_word_range &r, const std::string &word, unsigned max,
                       std::vector<fdb_completion> &best)
{
    most_frequent top(max);
    const char *w = word.c_str();
    auto i = std::lower_bound(r.at.begin(), r.at.end(), word,
                              [&r](uint32_t at, const std::string &x) {
                                  return strcmp(r.text.data() + at, x.c_str()) < 0;
                              });
    for (; i != r.at.end() && strncmp(r.text.data() + *i, w, word.size()) == 0; ++i) {
        Xapian::doccount f = r.freq[i - r.at.begin()];
        if (top.wants(f))
            top.add(f, r.text.data() + *i);
    }
    top.take(best);
}

/* The words that begin with `head` (FDB_RANGE_BYTES bytes), kept for the
 * revision; NULL when `until` passed before all were read. */
const fdb_word_range *word_range(fdb *handle, const std::string &head, const fdb_limit &until)
{
    const fdb_word_range *kept = fdb_word_range_of(handle, head);
    if (kept)
        return kept;
    Xapian::Database &db = *handle->db;
    fdb_word_range r;
    r.whole = true;
    size_t n = 0;
    for (auto t = db.allterms_begin(head); t != db.allterms_end(head); ++t, ++n) {
        if (n % COMPLETE_TICKS == 0 && until.passed())
            return nullptr;
        if (n == RANGE_MAX_WORDS) {
            r = fdb_word_range();     /* too many to keep: scan each word's */
            break;
        }
        const std::string term = *t;
        r.at.push_back((uint32_t)r.text.size());
        r.text.append(term.c_str(), term.size() + 1);
        r.freq.push_back(t.get_termfreq());
    }
    return fdb_word_range_keep(handle, head, std::move(r));
}

/* The `max` most frequent words that start with `word`, into `best`; a
 * short word's COMPLETE_KEEP best are kept for the index's revision
 * (fdb_derived.h) and answer any `max` up to that. A word of
 * FDB_RANGE_BYTES or more is completed from the words kept that begin
 * with its first bytes, when they are few. */
void complete_all(fdb *handle, const std::string &word, unsigned max, const fdb_limit &until,
                  std::vector<fdb_completion> &best)
{
    const std::vector<fdb_completion> *kept = fdb_completions_of(handle, word);
    if (kept && max <= COMPLETE_KEEP) {
        best.assign(kept->begin(), kept->begin() + std::min<size_t>(max, kept->size()));
        return;
    }
    unsigned n = std::max<unsigned>(max, COMPLETE_KEEP);
    const fdb_word_range *range = word.size() >= FDB_RANGE_BYTES
        ? word_range(handle, word.substr(0, FDB_RANGE_BYTES), until) : nullptr;
    bool whole = true;
    if (range && range->whole)
        complete_in_range(*range, word, n, best);
    else
        whole = complete_scan(*handle->db, word, n, until, best);
    if (whole)
        fdb_completions_keep(handle, word, best);
    if (best.size() > max)
        best.resize(max);
}

struct first_word {
    size_t start = std::string::npos;   /* where the word starts, past an elision */
    std::string folded;
};

int take_first(const norm_token *tok, void *ud)
{
    first_word *fw = static_cast<first_word *>(ud);
    fw->start = tok->start;
    fw->folded.assign(tok->word, tok->word_len);
    return 1;
}

} /* namespace */

std::vector<std::string> fdb_plan_complete(fdb *handle, const std::string &typed,
                                           unsigned max, const fdb_limit &until)
{
    Xapian::Database &db = *handle->db;
    std::vector<std::string> out;
    size_t cut = typed.find_last_of(" \t");
    std::string head = cut == std::string::npos ? "" : typed.substr(0, cut + 1);
    std::string last = cut == std::string::npos ? typed : typed.substr(cut + 1);
    first_word fw;
    norm_tokenize(last.c_str(), (long)last.size(), take_first, &fw);
    if (fw.folded.empty() || max == 0)
        return out;
    std::string elision = last.substr(0, fw.start);
    candidates found;
    std::vector<page_span> spans;
    std::vector<fdb_completion> among_all;
    char *hf = norm_fold_query(head.c_str());
    std::string head_folded(hf ? hf : "");
    g_free(hf);
    std::shared_ptr<fdb_head_sample> sample = head_sample(handle, head_folded, until);
    fdb_head_sample::letter *letter =
        sample ? &letter_of(*sample, (unsigned char)fw.folded[0]) : nullptr;
    if (letter)
        complete_among(*letter, fw.folded, found, spans);
    if (found.empty()) {
        complete_all(handle, fw.folded, max, until, among_all);
        for (const auto &w : among_all) {
            candidate c;
            c.word = w.second.c_str();
            c.freq = w.first;
            found.push_back(c);
        }
    }
    candidates ranked = rank_candidates(db, letter, found,
                                        std::max<size_t>(max, COMPLETE_PHRASES));
    if (sample)
        find_phrases(db, *sample, *letter, spans, until, ranked);
    for (size_t i = 0; i < ranked.size() && out.size() < max; i++)
        out.push_back(head + elision + fdb_surface_kept(handle, ranked[i].word));
    return out;
}

/* ---- corrections ------------------------------------------------------- */

namespace {

/* The folded words typed in capitals (2 letters or more): abbreviations. */
int note_capitals(const norm_token *tok, void *ud)
{
    auto *p = static_cast<std::pair<const char *, std::unordered_set<std::string> *> *>(ud);
    const char *s = p->first + tok->start, *end = p->first + tok->end;
    unsigned letters = 0;
    for (; s < end; s = g_utf8_next_char(s)) {
        gunichar c = g_utf8_get_char(s);
        if (g_unichar_islower(c))
            return 0;
        letters += g_unichar_isalpha(c) ? 1 : 0;
    }
    if (letters >= 2)
        p->second->insert(std::string(tok->word, tok->word_len));
    return 0;
}

} /* namespace */

std::string fdb_plan_correct(fdb *handle, const std::string &typed,
                             const std::string &folded)
{
    /* Its words and spelling table: with remote shards, their spelling
     * copies too (fdb_spelling_db). */
    Xapian::Database &db = fdb_spelling_db(handle);
    if (has_syntax(folded))
        return std::string();
    std::unordered_set<std::string> capitals;
    std::pair<const char *, std::unordered_set<std::string> *> ud(typed.c_str(), &capitals);
    norm_tokenize(typed.c_str(), (long)typed.size(), note_capitals, &ud);
    std::vector<fdb_plan_unit> units = split_units(folded);
    bool changed = false;
    std::string out;
    for (const auto &u : units) {
        for (size_t i = 0; i < u.words.size(); i++) {
            std::string w = u.words[i];
            std::string st = fdb_plan_stem_term(handle, w);
            bool keep = g_utf8_strlen(w.c_str(), -1) <= 3 || capitals.count(w) ||
                        is_stopword(w) || db.term_exists(w) ||
                        (!st.empty() && db.term_exists(st));
            if (!keep) {
                std::string fix = db.get_spelling_suggestion(w, 2);
                if (!fix.empty() && !is_stopword(fix)) {
                    w = fix;
                    changed = true;
                }
            }
            out += (i == 0 ? (out.empty() ? "" : " ") : "-") + w;
        }
    }
    return changed ? out : std::string();
}
