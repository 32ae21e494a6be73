/* fdb_search.cc -- answering queries: search, completions, one document.
 *
 * A query is folded by norm_fold_query() exactly as the text was folded at
 * index time, then parsed by Xapian's QueryParser with the French stemmer
 * and AND as the default operator. A query that does not parse (a
 * half-typed "chevaux OR") is parsed again with its operators taken out,
 * so that something always answers. One hit per file (collapse on the file
 * id), and the ranked match computes only the hits asked for (by
 * relevance, the first FILE_WINDOW files, which are then judged as files:
 * docs/ranking.md; the files whose whole title is the query, found by
 * their XT term, come first); one second query, filtered to the PDFs among them and
 * keeping a few best pages of each, adds a share of a file's next best
 * pages to its best page's weight and gives the hits shown their other
 * matching pages (sorted by date, or past that window, the same query
 * filtered to the hits' files gives only those). Every match runs within
 * the search's budget (fdb_budget.cc: bounded grammar and wildcard
 * expansion, a time limit past which it answers what it found).
 * The exact count and the facets, when asked, come from a count pass
 * apart from the ranked match: every matching page once, without weights
 * or grouping, through a match spy that counts each file once (by type,
 * year and folder: an array look-up a page with the reader's facet
 * table, fdb_derived.cc), each facet without its own filter (so that the
 * other choices keep their counts). Without facets, the total is
 * Xapian's estimate. Files without a known date sort last in
 * both date orders (date_key_maker) and count as the year "none".
 * Similar documents (fdb_similar) come from Xapian's relevance-set
 * expansion: the file's own pages are the relevant set, Enquire::get_eset
 * picks the terms that set them apart from the rest of the index, and a
 * query of the best of them finds the other files. French stopwords are dropped outside
 * phrases. A "did you mean" is computed only when the query found little
 * (the spelling table is costly to consult), and offered only when the
 * correction finds more; it and completions show words in their accented
 * form (fdb_surface). A hit's fields are decoded from its file's record
 * (fdb_schema.h), and its snippet, when asked, is cut from the page's text
 * (its document data, inflated only then, and only as far as the
 * snippet looks: fdb_marker::snippet_of_page) with the query's terms
 * (fdb_marker, fdb_snippet.cc).
 */
#include "clock.h"
#include "date.h"
#include "fdb-private.h"
#include "fdb_budget.h"
#include "fdb_derived.h"
#include "fdb_plan.h"
#include "norm.h"

#include <glib.h>
#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <set>
#include <unordered_set>
#include <vector>

namespace {

/* Pages examined at least, so that counts and facets are exact on
 * archives of this size and bounded beyond. */
const Xapian::doccount CHECK_AT_LEAST = 20000;
/* A query finding at most this many files may get a "did you mean". */
const unsigned FEW_HITS = 2;
/* Shares of the time left (fdb_budget.h) that the main match may take
 * counting every page (Xapian's soft limit), and at all: what is left
 * goes to other pages, facets and spelling. */
const double COUNT_SHARE = 0.3, MATCH_SHARE = 0.6;
/* fdb_similar: the pages of a file it reads the terms of (a 900-page PDF
 * would cost as many term lists), and the CPU its search of similar files
 * may use (fdb_budget.h). */
const unsigned SIMILAR_PAGES = 64;
const double SIMILAR_CPU = 0.1;
/* A file judged as a file (docs/ranking.md): the files of the first
 * FILE_WINDOW are ordered again by their best page's weight plus
 * FILE_SHARE of each of their next best pages, FILE_PAGES in all. */
const Xapian::doccount FILE_WINDOW = 20;
const unsigned FILE_PAGES = 3;
const double FILE_SHARE = 0.25;

struct hit_store {
    std::string id, snippet;
    fdb_schema::file_record file;
    unsigned page = 0;
    bool ocr = false;
    std::vector<unsigned> others;
    double score = 0;
};

/* Counts files by type, year and folder among the pages a match is
 * shown, each file once. With the reader's facet table (fdb_derived.h) a
 * page costs an array look-up (table_spy); without it (remote shards:
 * xapian-tcpsrv knows only Xapian's own spies, whose counts from several
 * shards add up), Xapian's ValueCountMatchSpy counts the facet value
 * ("type year fileid folder") of each page, and tally() counts each
 * distinct value (it names its file) once. */
class table_spy : public Xapian::MatchSpy {
public:
    const fdb_facet_table &table;
    std::vector<bool> seen;                     /* by file */
    std::vector<unsigned> types, years, folders;
    unsigned files = 0;

    explicit table_spy(const fdb_facet_table &t)
        : table(t), seen(t.nfiles), types(t.types.size()), years(t.years.size()),
          folders(t.folders.size()) {}
    void operator()(const Xapian::Document &doc, double) override
    {
        Xapian::docid did = doc.get_docid();
        if (did == 0 || did > table.by_doc.size())
            return;
        const fdb_facet_table::page &p = table.by_doc[did - 1];
        if (p.file == fdb_facet_table::NONE || seen[p.file])
            return;
        seen[p.file] = true;
        files++;
        types[p.type]++;
        years[p.year]++;
        if (p.folder != fdb_facet_table::NONE)
            folders[p.folder]++;
    }
    Xapian::MatchSpy *clone() const override { return new table_spy(table); }
    std::string name() const override { return "fouille facets"; }
};

struct facet_spy {
    Xapian::ValueCountMatchSpy counter{fdb_schema::V_FACET};
    std::unique_ptr<table_spy> fast;
    std::map<std::string, unsigned> types, years, folders;
    unsigned files = 0;          /* after tally() */

    explicit facet_spy(const fdb_facet_table *t)
    {
        if (t)
            fast.reset(new table_spy(*t));
    }
    Xapian::MatchSpy *spy()
    {
        return fast ? static_cast<Xapian::MatchSpy *>(fast.get()) : &counter;
    }
    void tally()
    {
        if (fast) {
            auto put = [](const std::vector<std::string> &names,
                          const std::vector<unsigned> &n, std::map<std::string, unsigned> &m) {
                for (size_t i = 0; i < n.size(); i++)
                    if (n[i])
                        m[names[i]] = n[i];
            };
            put(fast->table.types, fast->types, types);
            put(fast->table.years, fast->years, years);
            put(fast->table.folders, fast->folders, folders);
            files = fast->files;
            return;
        }
        for (auto it = counter.values_begin(); it != counter.values_end(); ++it) {
            const std::string v = *it;
            size_t a = v.find(' '), b = a == std::string::npos ? a : v.find(' ', a + 1);
            size_t c = b == std::string::npos ? b : v.find(' ', b + 1);
            files++;
            if (c == std::string::npos)
                continue;
            types[v.substr(0, a)]++;
            years[v.substr(a + 1, b - a - 1)]++;
            if (c + 1 < v.size())
                folders[v.substr(c + 1)]++;
        }
    }
};

std::string fold_query(const char *q)
{
    char *f = norm_fold_query(q ? q : "");
    std::string out(f ? f : "");
    g_free(f);
    return out;
}

bool is_blank(const std::string &s)
{
    return s.find_first_not_of(" \t\r\n") == std::string::npos;
}

/* The words of a query with its syntax taken out: the lenient reading. */
std::string plain_words(const std::string &q)
{
    std::string out, word;
    auto flush = [&]() {
        if (!word.empty() && !norm_is_operator(word.data(), word.size()))
            out += (out.empty() ? "" : " ") + word;
        word.clear();
    };
    for (char c : q) {
        if (strchr(" \t\r\n\"()+-*:", c))
            flush();
        else
            word += c;
    }
    flush();
    return out;
}

const Xapian::SimpleStopper &french_stopper()
{
    static const char *const *words = norm_stopwords();
    static const Xapian::SimpleStopper stopper(words, words + g_strv_length(const_cast<char **>(words)));
    return stopper;
}

} /* namespace */

void fdb_setup_parser(Xapian::QueryParser &qp, fdb *db)
{
    using namespace fdb_schema;
    if (db)
        qp.set_database(*db->db);
    qp.set_stopper(&french_stopper());
    qp.set_stemmer(Xapian::Stem(new fdb_stemmer(db)));
    qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    qp.set_default_op(Xapian::Query::OP_AND);
    for (const char *f : {"title", "titre"})
        qp.add_prefix(f, TITLE);
    for (const char *f : {"author", "auteur"})
        qp.add_prefix(f, AUTHOR);
    for (const char *f : {"path", "chemin"})
        qp.add_prefix(f, PATH);
}

/* Parse, strictly then leniently. Sets *corrected to the spelling
 * correction (folded) when asked and one exists: that costs a look at the
 * spelling table for every word, so it is asked only when a query found
 * little. */
Xapian::Query fdb_parse(Xapian::QueryParser &qp, const std::string &folded,
                        bool spelling, std::string *corrected)
{
    using QP = Xapian::QueryParser;
    unsigned extra = spelling ? QP::FLAG_SPELLING_CORRECTION : 0;
    unsigned strict = QP::FLAG_PHRASE | QP::FLAG_BOOLEAN | QP::FLAG_LOVEHATE |
                      QP::FLAG_WILDCARD | QP::FLAG_PURE_NOT | extra;
    Xapian::Query query;
    try {
        query = qp.parse_query(folded, strict);
    } catch (const Xapian::QueryParserError &) {
        query = qp.parse_query(plain_words(folded), extra);
    }
    if (corrected)
        *corrected = spelling ? qp.get_corrected_query_string() : std::string();
    return query;
}

namespace {

Xapian::Query or_terms(const std::string &prefix, const std::vector<std::string> &vals)
{
    std::vector<Xapian::Query> qs;
    for (const auto &v : vals)
        qs.emplace_back(prefix + v);
    return Xapian::Query(Xapian::Query::OP_OR, qs.begin(), qs.end());
}

/* "2022-05-19" -> "20220519"; throws on anything else (date.h). */
std::string date_bound(const char *d)
{
    char key[DATE_KEY_SIZE];
    if (!date_to_key(d, key))
        throw Xapian::InvalidArgumentError("dates are YYYY-MM-DD");
    return key;
}

/* Which filters with_filters leaves out: a facet is counted without its
 * own filter, so that a visitor who chose "pdf" still sees the other
 * types and their counts. */
enum filter_skip { SKIP_NONE, SKIP_TYPES, SKIP_YEARS, SKIP_FOLDERS };

Xapian::Query with_filters(Xapian::Query query, const fdb_query *q,
                           filter_skip skip = SKIP_NONE)
{
    using namespace fdb_schema;
    using Q = Xapian::Query;
    if (q->ntypes && skip != SKIP_TYPES) {
        std::vector<std::string> v(q->types, q->types + q->ntypes);
        query = Q(Q::OP_FILTER, query, or_terms(TYPE, v));
    }
    if (q->nyears && skip != SKIP_YEARS) {
        std::vector<std::string> v;
        for (size_t i = 0; i < q->nyears; i++)
            v.push_back(q->years[i] ? std::to_string(q->years[i]) : YEAR_NONE);
        query = Q(Q::OP_FILTER, query, or_terms(YEAR, v));
    }
    if (q->nfolders && skip != SKIP_FOLDERS) {
        std::vector<std::string> v(q->folders, q->folders + q->nfolders);
        query = Q(Q::OP_FILTER, query, or_terms(FOLDER, v));
    }
    if (q->from && q->to)
        query = Q(Q::OP_FILTER, query,
                  Q(Q::OP_VALUE_RANGE, V_DATE, date_bound(q->from), date_bound(q->to)));
    else if (q->from)
        query = Q(Q::OP_FILTER, query, Q(Q::OP_VALUE_GE, V_DATE, date_bound(q->from)));
    else if (q->to)
        query = Q(Q::OP_FILTER, query, Q(Q::OP_VALUE_LE, V_DATE, date_bound(q->to)));
    return query;
}

void set_order(Xapian::Enquire &e, fdb_sort sort, bool remote)
{
    e.set_collapse_key(fdb_schema::V_FILEID, 1);
    if (sort != FDB_SORT_DATE_ASC && sort != FDB_SORT_DATE_DESC) {
        /* Pages of two files that weigh the same: by file id, not by
         * document id, which differs between one index and its shards
         * (T610: the same order either way). */
        e.set_sort_by_relevance_then_value(fdb_schema::V_FILEID, false);
        return;
    }
    /* By the date value "YYYYMMDD"; an undated page last either way: "~"
     * comes after every digit, and reversed, the empty value after every
     * date. Remote shards take no key maker at all (Xapian 1.4): there,
     * by the value itself, which puts undated pages first oldest first. */
    bool newest = sort == FDB_SORT_DATE_DESC;
    if (remote) {
        e.set_sort_by_value_then_relevance(fdb_schema::V_DATE, newest);
        return;
    }
    auto *key = new Xapian::MultiValueKeyMaker;
    key->add_value(fdb_schema::V_DATE, newest, newest ? "" : "~");
    e.set_sort_by_key_then_relevance(key->release(), false);
}

unsigned page_of(const Xapian::Document &doc)
{
    return (unsigned)Xapian::sortable_unserialise(doc.get_value(fdb_schema::V_PAGE));
}

/* A hit's page number: from the reader's facet table, else its value. */
unsigned hit_page(const fdb_facet_table *table, const Xapian::MSetIterator &it)
{
    Xapian::docid did = *it;
    return table && did <= table->by_doc.size() ? table->by_doc[did - 1].number
                                                : page_of(it.get_document());
}

/* The matches of pages whose numbers are read for every hit (a file's
 * best pages, the other pages): without the reader's facet table (remote
 * or local shards, a large index), reading a page's number from its
 * document costs a read of the page (over remote shards, a round trip to
 * its shard, one after the other), so these matches sort by relevance
 * then page number, and the number comes with each hit as its sort key
 * (in the MSet, which Xapian brings back from every shard at once). Pages
 * of one file that tie keep the same order as by document id (a file's
 * pages are added in page order), so the same pages are kept. */
void pages_in_order(Xapian::Enquire &e, const fdb_facet_table *table)
{
    if (!table)
        e.set_sort_by_relevance_then_value(fdb_schema::V_PAGE, false);
}

/* A page's number in a match ordered by pages_in_order. */
unsigned ordered_page(const fdb_facet_table *table, const Xapian::MSetIterator &it)
{
    return table ? hit_page(table, it)
                 : (unsigned)Xapian::sortable_unserialise(it.get_sort_key());
}

/* The other matching pages of the PDFs among the hits, in one match: the
 * query filtered to those files, keeping the max + 1 best pages of each
 * (collapse), each file's then put in page order, its hit page left out. */

void other_pages(fdb *handle, const Xapian::Query &query, std::vector<hit_store> &hits,
                 unsigned max, fdb_budget &b)
{
    Xapian::Database &db = *handle->db;
    using Q = Xapian::Query;
    std::map<std::string, hit_store *> by_id;
    std::vector<Q> files;
    for (auto &h : hits)
        if (h.page > 0 && by_id.emplace(h.id, &h).second)
            files.emplace_back(fdb_schema::GROUP + h.id);
    if (files.empty() || max == 0 || b.over())
        return;
    const fdb_facet_table *table = fdb_facet_table_of(handle);
    Xapian::Enquire e(db);
    e.set_query(fdb_budget_bound(
        Q(Q::OP_FILTER, query, Q(Q::OP_OR, files.begin(), files.end())), b));
    e.set_collapse_key(fdb_schema::V_FILEID, max + 1);
    pages_in_order(e, table);
    Xapian::MSet ms = e.get_mset(0, (Xapian::doccount)files.size() * (max + 1));
    for (auto it = ms.begin(); it != ms.end(); ++it) {
        auto h = by_id.find(it.get_collapse_key());
        unsigned p = ordered_page(table, it);
        if (h != by_id.end() && p != h->second->page && h->second->others.size() < max)
            h->second->others.push_back(p);
    }
    for (auto &h : hits)
        std::sort(h.others.begin(), h.others.end());
}

/* The best pages of the paged files (PDFs, presentations) among a
 * match's hits: the query filtered to those files, `keep` pages a file
 * (collapse), each file's as (weight, page), best first. Without the
 * reader's facet table, which files are paged is not known without
 * reading each hit's page: every hit's file is taken then, a file of one
 * page adding nothing to its score nor to its other pages. */
using file_pages = std::map<std::string, std::vector<std::pair<double, unsigned>>>;

/* The files judged as files: each one's best page in a match. */
using file_window = std::vector<Xapian::MSetIterator>;

file_pages best_pages(fdb *handle, const Xapian::Query &query, const file_window &window,
                      unsigned keep, fdb_budget &b)
{
    Xapian::Database &db = *handle->db;
    const fdb_facet_table *table = fdb_facet_table_of(handle);
    using Q = Xapian::Query;
    file_pages by_file;
    std::vector<Q> files;
    for (const auto &it : window)
        if (!table || hit_page(table, it) > 0)
            files.emplace_back(fdb_schema::GROUP + it.get_collapse_key());
    if (files.empty() || b.over())
        return by_file;
    Xapian::Enquire e(db);
    e.set_query(fdb_budget_bound(
        Q(Q::OP_FILTER, query, Q(Q::OP_OR, files.begin(), files.end())), b));
    e.set_collapse_key(fdb_schema::V_FILEID, keep);
    pages_in_order(e, table);
    Xapian::MSet pages = e.get_mset(0, (Xapian::doccount)files.size() * keep);
    for (auto it = pages.begin(); it != pages.end(); ++it)
        by_file[it.get_collapse_key()].emplace_back(it.get_weight(), ordered_page(table, it));
    return by_file;
}

/* A file's score: its best page's weight, and a share of its next best. */
double file_score(const Xapian::MSetIterator &it, const file_pages &by_file)
{
    double score = it.get_weight();
    auto f = by_file.find(it.get_collapse_key());
    if (f == by_file.end())
        return score;
    for (size_t i = 1; i < f->second.size() && i < FILE_PAGES; i++)
        score += FILE_SHARE * f->second[i].first;
    return score;
}

/* The window: the files whose whole title is the query (`exact`, in
 * their order), then the files of `ms` not among them. */
file_window window_of(const Xapian::MSet &exact, const Xapian::MSet &ms)
{
    file_window w;
    std::set<std::string> seen;
    for (auto it = exact.begin(); it != exact.end(); ++it)
        if (seen.insert(it.get_collapse_key()).second)
            w.push_back(it);
    for (auto it = ms.begin(); it != ms.end(); ++it)
        if (!seen.count(it.get_collapse_key()))
            w.push_back(it);
    return w;
}

/* The window's files in their order as files: the first `nexact` (their
 * title is the query) first, then by file_score; from `offset` on, at
 * most `limit`. Their scores go to `scores`: 1 for a title that is the
 * query, else relative to the best file_score. */
file_window by_files(const file_window &window, size_t nexact, const file_pages &by_file,
                     unsigned offset, unsigned limit, std::vector<double> &scores)
{
    std::vector<double> all;
    std::vector<size_t> order;
    for (size_t i = 0; i < window.size(); i++) {
        all.push_back(file_score(window[i], by_file));
        order.push_back(i);
    }
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        return (a < nexact) != (b < nexact) ? a < nexact : all[a] > all[b];
    });
    double top = all.empty() ? 0 : *std::max_element(all.begin(), all.end());
    file_window out;
    for (size_t i = offset; i < order.size() && out.size() < limit; i++) {
        out.push_back(window[order[i]]);
        scores.push_back(order[i] < nexact ? 1.0 : top > 0 ? all[order[i]] / top : 0);
    }
    return out;
}

/* A hit's other matching pages from its file's best pages: at most
 * `max`, its own left out, in page order. */
void others_from(hit_store &h, const file_pages &by_file, unsigned max)
{
    auto f = by_file.find(h.id);
    if (f == by_file.end())
        return;
    for (const auto &wp : f->second)
        if (wp.second != h.page && h.others.size() < max)
            h.others.push_back(wp.second);
    std::sort(h.others.begin(), h.others.end());
}

/* A hit: its file's fields from the file's record (in the shard of its
 * page, decoded once a revision: fdb_derived.h), its page's number and
 * OCR mark from the reader's table (else their values); its page's text
 * (the document data, deflated: inflated only as far as the snippet
 * looks) only for a snippet. */
void fill_hit(fdb *db, hit_store &h, const Xapian::MSetIterator &it, double max_weight,
              const fdb_query *q, fdb_marker &marker,
              const std::map<Xapian::docid, Xapian::Document> &read)
{
    /* Read once (a round trip when remote), or before with the others. */
    auto pre = read.find(*it);
    Xapian::Document doc = pre != read.end() ? pre->second : it.get_document();
    h.id = it.get_collapse_key();      /* V_FILEID: read by the match already */
    const fdb_facet_table *table = fdb_facet_table_of(db);
    Xapian::docid did = *it;
    h.page = table ? hit_page(table, it) : page_of(doc);
    h.ocr = table && did <= table->by_doc.size() ? table->by_doc[did - 1].ocr
                                                 : !doc.get_value(fdb_schema::V_OCR).empty();
    const fdb_schema::file_record *file = fdb_file_record_of(db, *it, h.id);
    if (!file)
        throw Xapian::DatabaseCorruptError("a page without its file's record");
    h.file = *file;
    if (q->snippets)
        h.snippet = marker.snippet_of_page(doc.get_data(), FDB_SNIPPET_WIDTH);
    h.score = max_weight > 0 ? it.get_weight() / max_weight : 0;
}

enum facet_order { BY_COUNT, BY_YEAR, BY_NAME };

/* A facet's entries: most files first; years newest first with "none"
 * last; names in byte order (the map's). */
std::vector<std::pair<std::string, unsigned>>
facet_list(const std::map<std::string, unsigned> &m, facet_order order)
{
    std::vector<std::pair<std::string, unsigned>> v(m.begin(), m.end());
    auto none = [](const std::string &y) { return y == fdb_schema::YEAR_NONE; };
    if (order == BY_YEAR)
        std::sort(v.begin(), v.end(), [&](auto &a, auto &b) {
            return none(a.first) != none(b.first) ? none(b.first) : a.first > b.first;
        });
    else if (order == BY_COUNT)
        std::stable_sort(v.begin(), v.end(), [](auto &a, auto &b) { return a.second > b.second; });
    return v;
}

/* Count the files a query finds, and their facets, in one pass over its
 * matching pages (CHECK_AT_LEAST of them at least): no weights, no
 * grouping by file, until `until`. True when the pass saw every matching
 * page: spy.files is then the exact count. */
bool count_pass(Xapian::Database &db, const Xapian::Query &query, facet_spy &spy,
                fdb_budget &b, fdb_limit until)
{
    Xapian::Enquire e(db);
    e.set_query(fdb_budget_bound(query, b, until));
    e.set_weighting_scheme(Xapian::BoolWeight());
    e.set_docid_order(Xapian::Enquire::ASCENDING);
    e.add_matchspy(spy.spy());
    unsigned before = b.partial;
    Xapian::MSet ms = e.get_mset(0, 1, CHECK_AT_LEAST);
    spy.tally();
    bool cut = (b.partial & ~before) != 0 || b.over();
    return !cut && ms.get_matches_upper_bound() <= CHECK_AT_LEAST;
}

/* Files a query finds (estimate), for judging a correction. */
unsigned count_files(Xapian::Database &db, const Xapian::Query &query,
                     fdb_budget &b)
{
    Xapian::Enquire e(db);
    e.set_query(fdb_budget_bound(query, b));
    e.set_collapse_key(fdb_schema::V_FILEID, 1);
    return e.get_mset(0, 10, CHECK_AT_LEAST).get_matches_estimated();
}

/* A folded query with each plain word shown in its accented form. */
std::string with_surfaces(fdb *db, const std::string &q)
{
    std::string out, word;
    auto flush = [&]() {
        out += word.empty() ? "" : fdb_surface(db, word);
        word.clear();
    };
    for (char c : q) {
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (unsigned char)c >= 0x80) {
            word += c;
        } else {
            flush();
            out += c;
        }
    }
    flush();
    return out;
}

} /* namespace */

struct fdb_results {
    unsigned total = 0;
    std::vector<hit_store> store;
    std::vector<fdb_hit> hits;
    std::vector<std::pair<std::string, unsigned>> types, years, folders;
    std::string suggestion;
    bool has_suggestion = false;
    unsigned partial = 0;                 /* FDB_PARTIAL_* */
    std::vector<std::string> ignored;     /* words left out */
    std::vector<const char *> ignored_ptrs;  /* the same, NULL-terminated */
};

static void suggest_correction(fdb *db, Xapian::QueryParser &qp,
                               const std::string &folded, const fdb_query *q,
                               fdb_results &r, fdb_budget &b);
static void plan_correction(fdb *db, const std::string &folded,
                            const fdb_query *q, fdb_results &r, fdb_budget &b);

/* The ranked match: one page a file, the hits asked for and no more
 * (counting is count_pass's); past a share of the time left it stops
 * (fdb_budget.h). */
static Xapian::MSet match(Xapian::Database &d, const Xapian::Query &filtered,
                          const fdb_query *q, Xapian::doccount first, Xapian::doccount count,
                          fdb_budget &b)
{
    Xapian::Enquire e(d);
    e.set_query(fdb_budget_bound(filtered, b, b.after(MATCH_SHARE)));
    set_order(e, q->sort, b.remote);
    return e.get_mset(first, count);
}

/* When all the words of a plain query together find nothing: the files
 * that hold most of them (the words the best one lacks go to
 * plan.ignored). False when there is nothing to relax or it finds none. */
static bool relax(Xapian::Database &d, fdb_plan &plan, const fdb_query *q,
                  Xapian::doccount count, fdb_budget &b, Xapian::Query &query,
                  Xapian::Query &marked, Xapian::Query &filtered, Xapian::MSet &ms)
{
    size_t content = 0;
    for (const auto &u : plan.units)
        content += !u.stopword;
    if (content < 2 || b.over())
        return false;
    Xapian::Query rmarked;
    Xapian::Query rq = fdb_plan_relaxed(d, plan, &rmarked);
    Xapian::Query rf = with_filters(rq, q);
    Xapian::MSet rm = match(d, rf, q, 0, count, b);
    if (rm.empty())
        return false;
    plan.ignored = fdb_plan_missing(d, plan, *rm.begin());
    query = rq;
    marked = rmarked;
    filtered = rf;
    ms = rm;
    return true;
}

/* What identifies a count pass's answer at a revision: the query and
 * its filters; "" when the query cannot be written out. */
static std::string count_key(const Xapian::Query &query, const fdb_query *q)
{
    std::string key;
    try {
        key = query.serialise();
    } catch (const Xapian::Error &) {
        return std::string();
    }
    auto put = [&key](const char *s) {
        key += '\1';
        key += s ? s : "";
    };
    for (size_t i = 0; i < q->ntypes; i++)
        put(q->types[i]);
    key += '\2';
    for (size_t i = 0; i < q->nyears; i++)
        put(std::to_string(q->years[i]).c_str());
    key += '\2';
    for (size_t i = 0; i < q->nfolders; i++)
        put(q->folders[i]);
    key += '\2';
    put(q->from);
    put(q->to);
    return key;
}

/* The exact count and the facets, each facet without its own filter;
 * kept for the query and its filters at this revision when no pass was
 * cut short, and then reused by its other pages and orders. */
static void count_and_facets(fdb *db, const Xapian::Query &query,
                             const Xapian::Query &filtered, const fdb_query *q,
                             fdb_results &r, fdb_budget &b)
{
    std::string key = count_key(query, q);
    const fdb_counted *kept = key.empty() ? nullptr : fdb_counted_of(db, key);
    fdb_counted c;
    unsigned before = b.partial;
    if (kept) {
        c = *kept;
    } else {
        Xapian::Database &d = *db->db;
        const fdb_facet_table *table = fdb_facet_table_of(db);
        facet_spy all(table);
        c.exact = count_pass(d, filtered, all, b, b.after(COUNT_SHARE));
        c.total = all.files;
        facet_spy other_types(table), other_years(table), other_folders(table);
        if (q->ntypes)
            count_pass(d, with_filters(query, q, SKIP_TYPES), other_types, b, fdb_limit());
        if (q->nyears)
            count_pass(d, with_filters(query, q, SKIP_YEARS), other_years, b, fdb_limit());
        if (q->nfolders)
            count_pass(d, with_filters(query, q, SKIP_FOLDERS), other_folders, b, fdb_limit());
        c.types = facet_list(q->ntypes ? other_types.types : all.types, BY_COUNT);
        c.years = facet_list(q->nyears ? other_years.years : all.years, BY_YEAR);
        c.folders = facet_list(q->nfolders ? other_folders.folders : all.folders, BY_NAME);
        if (!key.empty() && b.partial == before && !b.over())
            fdb_counted_keep(db, key, c);
    }
    if (c.exact)
        r.total = c.total;
    r.types = c.types;
    r.years = c.years;
    r.folders = c.folders;
}

static void search(fdb *db, const fdb_query *q, fdb_results &r)
{
    Xapian::Database &d = *db->db;
    Xapian::QueryParser qp;
    fdb_setup_parser(qp, db);
    std::string folded = fold_query(q->query);
    fdb_budget b(q);
    b.remote = db->remote;
    fdb_budget_check_text(folded);
    /* Not Xapian::Query::MatchAll: that static object's reference count
     * is not atomic, and readers search from many threads at once. */
    fdb_plan plan;
    bool planned = !is_blank(folded) && fdb_plan_build(db, folded, q->partial != 0, plan);
    /* What is searched, and what a snippet marks (the query as typed). */
    Xapian::Query query, marked;
    if (is_blank(folded))
        query = marked = Xapian::Query(std::string());
    else if (planned)
        query = plan.query, marked = plan.marked;
    else
        marked = fdb_budget_parse(qp, d, b, [&]() { return fdb_parse(qp, folded, false, nullptr); },
                                  query);
    Xapian::Query filtered = with_filters(query, q);

    /* By relevance, the first FILE_WINDOW files are judged as files. */
    bool as_files = !is_blank(folded) && q->sort != FDB_SORT_DATE_ASC &&
                    q->sort != FDB_SORT_DATE_DESC && q->offset + q->limit <= FILE_WINDOW;
    Xapian::doccount first = as_files ? 0 : q->offset, count = as_files ? FILE_WINDOW : q->limit;
    Xapian::MSet ms = match(d, filtered, q, first, count, b);
    if (ms.empty() && planned && q->offset == 0)
        relax(d, plan, q, count, b, query, marked, filtered, ms);
    r.ignored = plan.ignored;
    /* Xapian's count after grouping by file is an estimate; the count
     * pass's is exact when it saw every matching page. */
    r.total = ms.get_matches_estimated();
    fdb_marker marker(marked);
    if (planned && plan.units.back().prefix)
        marker.add_prefix(plan.units.back().words[0]);
    if (as_files) {
        /* A file whose whole title is the query comes first, wherever its
         * pages' weight put it (a known item looked for by its title). */
        Xapian::MSet exact;
        if (planned && !plan.title.empty() && !ms.empty() && d.term_exists(plan.title))
            exact = match(d, Xapian::Query(Xapian::Query::OP_FILTER, filtered,
                                           Xapian::Query(plan.title)),
                          q, 0, FILE_WINDOW, b);
        file_window window = window_of(exact, ms);
        file_pages pages = best_pages(db, filtered, window,
                                      std::max(FILE_PAGES, q->other_pages + 1), b);
        std::vector<double> scores;
        file_window order = by_files(window, exact.size(), pages, q->offset, q->limit, scores);
        std::vector<Xapian::docid> dids;
        for (const auto &it : order)
            dids.push_back(*it);
        auto read = fdb_shards_documents(db, dids);
        r.store.resize(order.size());
        for (size_t i = 0; i < order.size(); i++) {
            fill_hit(db, r.store[i], order[i], ms.get_max_attained(), q, marker, read);
            r.store[i].score = scores[i];
            others_from(r.store[i], pages, q->other_pages);
        }
    } else {
        std::vector<Xapian::docid> dids(ms.begin(), ms.end());
        auto read = fdb_shards_documents(db, dids);
        r.store.resize(ms.size());
        size_t i = 0;
        for (auto it = ms.begin(); it != ms.end(); ++it, ++i)
            fill_hit(db, r.store[i], it, ms.get_max_attained(), q, marker, read);
        other_pages(db, filtered, r.store, q->other_pages, b);
    }
    if (q->facets)
        count_and_facets(db, query, filtered, q, r, b);
    if (q->spelling && r.total <= FEW_HITS && !is_blank(folded) && !b.over()) {
        if (planned)
            plan_correction(db, folded, q, r, b);
        else
            suggest_correction(db, qp, folded, q, r, b);
    }
    r.partial = b.partial | (fdb_shards_down(db) ? FDB_PARTIAL_SHARDS : 0u);
}

/* "Did you mean" for a plain query: the correction, when it finds clearly
 * more (more than twice as many files). */
static void plan_correction(fdb *db, const std::string &folded,
                            const fdb_query *q, fdb_results &r, fdb_budget &b)
{
    Xapian::Database &d = *db->db;
    std::string corrected = fdb_plan_correct(db, q->query ? q->query : "", folded);
    fdb_plan cplan;
    if (corrected.empty() || !fdb_plan_build(db, corrected, false, cplan) ||
        !cplan.ignored.empty())
        return;
    unsigned n = count_files(d, with_filters(cplan.query, q), b);
    if (n > 2 * r.total) {
        r.suggestion = with_surfaces(db, corrected);
        r.has_suggestion = true;
    }
}

/* "Did you mean": the spelling correction, when it finds more. */
static void suggest_correction(fdb *db, Xapian::QueryParser &qp,
                               const std::string &folded, const fdb_query *q,
                               fdb_results &r, fdb_budget &b)
{
    Xapian::Database &d = *db->db;
    std::string corrected;
    if (db->spell) {
        /* Remote shards: their spelling is in the local copies. */
        Xapian::QueryParser spelling;
        fdb_setup_parser(spelling, db);
        spelling.set_database(*db->spell);
        fdb_parse(spelling, folded, true, &corrected);
    } else {
        fdb_parse(qp, folded, true, &corrected);
    }
    if (!corrected.empty() && corrected != folded) {
        Xapian::Query cq = with_filters(fdb_parse(qp, corrected, false, nullptr), q);
        if (count_files(d, cq, b) > r.total) {
            r.suggestion = with_surfaces(db, corrected);
            r.has_suggestion = true;
        }
    }
}

static void link_hits(fdb_results &r, const fdb_query *q)
{
    for (const auto &w : r.ignored)
        r.ignored_ptrs.push_back(w.c_str());
    r.ignored_ptrs.push_back(nullptr);
    r.hits.resize(r.store.size());
    for (size_t i = 0; i < r.store.size(); i++) {
        hit_store &h = r.store[i];
        fdb_hit &out = r.hits[i];
        fdb_schema::file_record_doc(h.file, h.id, out.file);
        out.page = h.page;
        out.ocr = h.ocr;
        out.other_pages = h.others.data();
        out.nother_pages = h.others.size();
        out.score = h.score;
        out.snippet = q->snippets ? h.snippet.c_str() : nullptr;
    }
}

/* Plain words worth expanding a file into: unprefixed, at least 3 bytes,
 * not all digits, not a stopword. */
class similar_decider : public Xapian::ExpandDecider {
public:
    bool operator()(const std::string &t) const override
    {
        if (t.size() < 3 || !((t[0] >= 'a' && t[0] <= 'z') || (unsigned char)t[0] >= 0x80))
            return false;
        if (t.find_first_not_of("0123456789") == std::string::npos)
            return false;
        return !french_stopper()(t);
    }
};

/* fdb_similar's search; false when the file has no page. */
static bool similar(fdb *db, const std::string &fid, unsigned limit, fdb_results &r)
{
    using Q = Xapian::Query;
    Xapian::Database &d = *db->db;
    const std::string group = fdb_schema::GROUP + fid;
    Xapian::RSet rset;
    for (auto it = d.postlist_begin(group);
         it != d.postlist_end(group) && rset.size() < SIMILAR_PAGES; ++it)
        rset.add_document(*it);
    if (rset.empty())
        return false;
    Xapian::Enquire e(d);
    e.set_query(Q(group));
    similar_decider decider;
    Xapian::ESet es = e.get_eset(FDB_SIMILAR_TERMS, rset, &decider);
    std::vector<Q> terms;
    for (auto t = es.begin(); t != es.end(); ++t)
        terms.emplace_back(*t);
    if (terms.empty() || limit == 0)
        return true;
    Q query(Q::OP_AND_NOT, Q(Q::OP_OR, terms.begin(), terms.end()), Q(group));
    fdb_query bounds = {};
    bounds.cpu_limit = SIMILAR_CPU;
    fdb_budget b(&bounds);
    b.remote = db->remote;
    Xapian::Enquire like(d);
    like.set_query(fdb_budget_bound(query, b));
    like.set_collapse_key(fdb_schema::V_FILEID, 1);
    Xapian::MSet ms = like.get_mset(0, limit);
    r.total = ms.get_matches_estimated();
    r.partial = b.partial | (fdb_shards_down(db) ? FDB_PARTIAL_SHARDS : 0u);
    r.store.resize(ms.size());
    fdb_query q = {};
    fdb_marker marker{Q()};
    std::vector<Xapian::docid> dids(ms.begin(), ms.end());
    auto read = fdb_shards_documents(db, dids);
    size_t i = 0;
    for (auto it = ms.begin(); it != ms.end(); ++it, ++i)
        fill_hit(db, r.store[i], it, ms.get_max_attained(), &q, marker, read);
    return true;
}

/* A malloc'd NULL-terminated copy of `v` (fdb_strv_free). */
static fdb_status strv_copy(const std::vector<std::string> &v, char ***out)
{
    char **a = static_cast<char **>(calloc(v.size() + 1, sizeof(char *)));
    if (!a)
        return FDB_ERR_NOMEM;
    for (size_t i = 0; i < v.size(); i++) {
        a[i] = strdup(v[i].c_str());
        if (!a[i]) {
            fdb_strv_free(a);
            return FDB_ERR_NOMEM;
        }
    }
    *out = a;
    return FDB_OK;
}

static bool is_file_id(const char *id)
{
    if (!id || strlen(id) != 16)
        return false;
    for (const char *p = id; *p; p++)
        if (!g_ascii_isxdigit(*p) || g_ascii_isupper(*p))
            return false;
    return true;
}

/* The id a file answers to now: `id` itself while the index has its
 * pages, else the id its renames led to (META_ALIAS, a bounded chain);
 * "" when none has pages. */
static std::string current_id(fdb *db, const char *id)
{
    Xapian::Database &d = *db->db;
    std::string cur(id);
    for (unsigned hop = 0; hop <= fdb_schema::MAX_ALIAS_HOPS; hop++) {
        const std::string term = fdb_schema::GROUP + cur;
        if (d.postlist_begin(term) != d.postlist_end(term))
            return cur;
        cur = fdb_meta(db, fdb_schema::META_ALIAS + cur);   /* any shard's */
        if (cur.empty())
            break;
    }
    return std::string();
}

extern "C" {

fdb_status fdb_search(fdb *db, const fdb_query *q, fdb_results **out)
{
    *out = nullptr;
    fdb_results *r = nullptr;
    fdb_status st = fdb_guard(db->error, [&]() {
        if (!q || q->limit > 1000)
            throw Xapian::InvalidArgumentError("bad query arguments");
        r = new fdb_results;
        search(db, q, *r);
        link_hits(*r, q);
        return FDB_OK;
    });
    if (st != FDB_OK) {
        delete r;
        return st;
    }
    *out = r;
    return FDB_OK;
}

unsigned fdb_results_total(const fdb_results *r) { return r->total; }
unsigned fdb_results_partial(const fdb_results *r) { return r->partial; }
size_t fdb_results_count(const fdb_results *r) { return r->hits.size(); }

const fdb_hit *fdb_results_hit(const fdb_results *r, size_t i)
{
    return i < r->hits.size() ? &r->hits[i] : nullptr;
}

int fdb_results_facet(const fdb_results *r, const char *facet, size_t i,
                      const char **name, unsigned *count)
{
    const auto *v = strcmp(facet, "type") == 0 ? &r->types
                  : strcmp(facet, "year") == 0 ? &r->years
                  : strcmp(facet, "folder") == 0 ? &r->folders : nullptr;
    if (!v || i >= v->size())
        return 0;
    *name = (*v)[i].first.c_str();
    *count = (*v)[i].second;
    return 1;
}

const char *fdb_results_suggestion(const fdb_results *r)
{
    return r->has_suggestion ? r->suggestion.c_str() : nullptr;
}

const char *const *fdb_results_ignored(const fdb_results *r)
{
    return r->ignored_ptrs.data();
}

void fdb_results_free(fdb_results *r)
{
    delete r;
}

fdb_status fdb_suggest(fdb *db, const char *prefix, unsigned max, double deadline,
                       char ***out)
{
    *out = nullptr;
    std::vector<std::string> found;
    fdb_status st = fdb_guard(db->error, [&]() {
        fdb_limit until;
        until.wall = deadline > 0 ? deadline : 0;
        found = fdb_plan_complete(db, prefix ? prefix : "", max, until);
        return FDB_OK;
    });
    if (st != FDB_OK)
        return st;
    return strv_copy(found, out);
}

void fdb_strv_free(char **v)
{
    if (!v)
        return;
    for (char **p = v; *p; p++)
        free(*p);
    free(v);
}

fdb_status fdb_similar(fdb *db, const char *id, unsigned limit, fdb_results **out)
{
    *out = nullptr;
    fdb_results *r = nullptr;
    fdb_status st = fdb_guard(db->error, [&]() {
        if (limit > 100)
            throw Xapian::InvalidArgumentError("bad limit");
        std::string cur = is_file_id(id) ? current_id(db, id) : std::string();
        if (cur.empty())
            return FDB_ERR_NOT_FOUND;
        r = new fdb_results;
        if (!similar(db, cur, limit, *r))
            return FDB_ERR_NOT_FOUND;
        fdb_query q = {};
        link_hits(*r, &q);
        return FDB_OK;
    });
    if (st != FDB_OK) {
        delete r;
        return st;
    }
    *out = r;
    return FDB_OK;
}

fdb_status fdb_document_pages(fdb *db, const char *id, unsigned max, size_t width,
                              char ***out)
{
    *out = nullptr;
    std::vector<std::string> starts;
    fdb_status st = fdb_guard(db->error, [&]() {
        Xapian::Database &d = *db->db;
        std::string cur = is_file_id(id) ? current_id(db, id) : std::string();
        if (cur.empty())
            return FDB_ERR_NOT_FOUND;
        const std::string term = fdb_schema::GROUP + cur;
        std::map<unsigned, std::string> pages;   /* the `max` first pages */
        bool found = false;
        for (auto it = d.postlist_begin(term); it != d.postlist_end(term); ++it) {
            found = true;
            Xapian::Document doc = d.get_document(*it);
            unsigned p = page_of(doc);
            if (max == 0 || (pages.size() >= max && p >= pages.rbegin()->first))
                continue;
            pages[p] = doc.get_data();
            if (pages.size() > max)
                pages.erase(std::prev(pages.end()));
        }
        if (!found)
            return FDB_ERR_NOT_FOUND;
        fdb_marker none{Xapian::Query()};
        for (const auto &kv : pages)
            starts.push_back(kv.second.empty() ? std::string()
                                               : none.snippet_of_page(kv.second, width));
        return FDB_OK;
    });
    if (st != FDB_OK)
        return st;
    return strv_copy(starts, out);
}

fdb_status fdb_document(fdb *db, const char *id, fdb_doc *out)
{
    *out = fdb_doc();
    return fdb_guard(db->error, [&]() {
        Xapian::Database &d = *db->db;
        std::string cur = is_file_id(id) ? current_id(db, id) : std::string();
        if (cur.empty())
            return FDB_ERR_NOT_FOUND;
        std::string key = fdb_schema::META_FILE + cur;
        Xapian::PostingIterator page = d.postlist_begin(fdb_schema::GROUP + cur);
        if (!fdb_schema::file_record_decode(fdb_meta_of(db, *page, key), db->doc))
            throw Xapian::DatabaseCorruptError("a file without its record");
        db->doc_id = cur;
        fdb_schema::file_record_doc(db->doc, db->doc_id, *out);
        return FDB_OK;
    });
}

} /* extern "C" */
