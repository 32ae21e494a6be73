/* fdb_budget.cc -- what one search may cost, and the means to hold it.
 *
 * A search open to anyone must cost little whatever it is asked: its
 * words, wildcards, phrases or page size. Three bounds, in the order a
 * search meets them:
 *
 * 1. The grammar. A query may hold at most FDB_MAX_TERMS terms (words and
 *    wildcards, excluded ones too), FDB_MAX_WILDCARDS wildcards,
 *    FDB_MAX_POSITIONAL phrases or NEAR/ADJ groups of at most
 *    FDB_MAX_PHRASE_WORDS words each, NEAR/n and ADJ/n windows of at most
 *    FDB_MAX_WINDOW, and nest at most FDB_MAX_DEPTH deep once parsed.
 *    Over a bound, the search is refused (FDB_ERR_LIMIT, a message naming
 *    the bound): nobody types such a query, and answering part of it
 *    would answer something else.
 * 2. Wildcard expansion, for the whole query: its wildcards share
 *    FDB_MAX_EXPANSION words, each searching at most its share of them.
 *    A wildcard that matches more words searches its most frequent ones,
 *    and the answer says it was cut (FDB_PARTIAL_WILDCARD). The words are
 *    chosen here, from the whole index (fdb_expand_prefix), not by
 *    Xapian: Xapian 1.4 expands an OP_WILDCARD on each shard by itself,
 *    with that shard's words and weights that miss the other shards'
 *    statistics, so an index in shards ranked a wildcard's pages
 *    otherwise than one index (docs/scaling.md).
 * 3. Time. Every match a search runs is filtered through a posting source
 *    that matches every page until the deadline passes (or the caller's
 *    stop function says so), then ends: the AND above it ends with it, so
 *    the match stops where it is and Xapian answers with the best pages
 *    found so far (FDB_PARTIAL_TIME, FDB_PARTIAL_STOPPED). Xapian's own
 *    Enquire::set_time_limit only stops counting past check_at_least; this
 *    one stops the match. The clock is read every FDB_TICKS pages the
 *    match looks at.
 *
 * A posting source of our own cannot be sent to a remote shard
 * (xapian-tcpsrv knows only Xapian's own): over remote shards the third
 * bound is Xapian's set_time_limit alone, which stops counting past
 * check_at_least but not the match (docs/scaling.md).
 *
 * What the first two bounds leave is what one scan of a phrase over the
 * whole index costs (a phrase that never matches gives the source no
 * page to count): bounded by the number of phrases and their words.
 * docs/reliability.md has the figures.
 */
#include "fdb_budget.h"
#include "clock.h"
#include "fdb-private.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

namespace {

const unsigned FDB_MAX_WILDCARDS = 16;
const Xapian::termcount FDB_MAX_EXPANSION = 256;
const unsigned FDB_MAX_POSITIONAL = 8;
const unsigned FDB_MAX_PHRASE_WORDS = 16;
const unsigned FDB_MAX_WINDOW = 50;
const unsigned FDB_MAX_DEPTH = 12;
const unsigned FDB_TICKS = 64;

/* Matches every page until the budget is over or `until` has passed. */
class deadline_source : public Xapian::PostingSource {
    fdb_budget &budget;
    fdb_limit until;
    Xapian::docid did = 0, last = 0;
    Xapian::doccount count = 0;
    unsigned ticks = 0;
    bool ended = false;

    void tick()
    {
        if (ticks++ % FDB_TICKS != 0 || ended)
            return;
        if (budget.over()) {
            ended = true;
        } else if (until.passed()) {
            budget.partial |= FDB_PARTIAL_TIME;
            ended = true;
        }
    }

public:
    deadline_source(fdb_budget &b, fdb_limit u) : budget(b), until(u) {}

    void init(const Xapian::Database &db) override
    {
        did = 0;
        last = db.get_lastdocid();
        count = db.get_doccount();
        ticks = 0;
        ended = false;
    }
    Xapian::doccount get_termfreq_min() const override { return 0; }
    Xapian::doccount get_termfreq_est() const override { return count; }
    Xapian::doccount get_termfreq_max() const override { return count; }
    Xapian::docid get_docid() const override { return did; }
    bool at_end() const override { return ended || did > last; }
    void next(double) override
    {
        ++did;
        tick();
    }
    void skip_to(Xapian::docid target, double) override
    {
        did = std::max(did, target);
        tick();
    }
    Xapian::PostingSource *clone() const override
    {
        return new deadline_source(budget, until);
    }
    std::string get_description() const override { return "fouille deadline"; }
};

void shape_of(const Xapian::Query &q, unsigned depth, unsigned &terms,
              unsigned &wildcards, unsigned &positional, unsigned &widest,
              unsigned &deepest)
{
    using Q = Xapian::Query;
    deepest = std::max(deepest, depth);
    size_t n = q.get_num_subqueries();
    switch (q.get_type()) {
    case Q::LEAF_TERM:
        terms++;
        return;
    case Q::OP_WILDCARD:
        terms++;
        wildcards++;
        return;
    case Q::OP_PHRASE:
    case Q::OP_NEAR:
        positional++;
        widest = std::max<unsigned>(widest, (unsigned)n);
        break;
    default:
        break;
    }
    for (size_t i = 0; i < n; i++)
        shape_of(q.get_subquery(i), depth + 1, terms, wildcards, positional,
                 widest, deepest);
}

[[noreturn]] void over_limit(const char *what, unsigned limit)
{
    throw fdb_limit_error("the query has " + std::string(what) + ": at most " +
                          std::to_string(limit) + " allowed");
}

/* A wildcard's pattern (its prefix, with its field's term prefix). Xapian
 * 1.4 keeps it private; its description is "Query(WILDCARD <combiner>
 * <pattern>)", and a pattern never holds a space or a parenthesis (the
 * parser ends words there). "" when the description is not of that form
 * (test-fdb.c's wildcard test fails then). */
std::string pattern_of(const Xapian::Query &wildcard)
{
    std::string d = wildcard.get_description();
    const std::string head = "Query(WILDCARD ";
    size_t sp = d.rfind(' ');
    if (d.compare(0, head.size(), head) != 0 || d.back() != ')' ||
        sp == std::string::npos || sp < head.size())
        return std::string();
    return d.substr(sp + 1, d.size() - sp - 2);
}

/* BM25's weight of a word that n of the N pages hold (Xapian's
 * BM25Weight without a relevance set): log((N - n + 1/2) / (n + 1/2)),
 * the ratio raised towards 1 below 2 as Xapian does, so never negative. */
double bm25_idf(double n, double N)
{
    double x = (N - n + 0.5) / (n + 0.5);
    if (x < 2)
        x = x * 0.5 + 1;
    return std::log(x);
}

/* Operators whose parts this file may rebuild: those the parser puts above
 * a wildcard, with no parameter of their own. */
bool rebuildable(Xapian::Query::op op)
{
    using Q = Xapian::Query;
    return op == Q::OP_AND || op == Q::OP_OR || op == Q::OP_AND_NOT || op == Q::OP_XOR ||
           op == Q::OP_AND_MAYBE || op == Q::OP_FILTER || op == Q::OP_SYNONYM ||
           op == Q::OP_MAX;
}

bool has_wildcard(const Xapian::Query &q)
{
    if (q.get_type() == Xapian::Query::OP_WILDCARD)
        return true;
    for (size_t i = 0; i < q.get_num_subqueries(); i++)
        if (has_wildcard(q.get_subquery(i)))
            return true;
    return false;
}

Xapian::Query expand_in(Xapian::Database &db, const Xapian::Query &q,
                        Xapian::termcount limit, bool &cut)
{
    using Q = Xapian::Query;
    if (q.get_type() == Q::OP_WILDCARD) {
        std::string pattern = pattern_of(q);
        return pattern.empty() ? q : fdb_expand_prefix(db, pattern, limit, &cut);
    }
    if (!rebuildable(q.get_type()) || !has_wildcard(q))
        return q;
    std::vector<Q> parts;
    for (size_t i = 0; i < q.get_num_subqueries(); i++)
        parts.push_back(expand_in(db, q.get_subquery(i), limit, cut));
    return Q(q.get_type(), parts.begin(), parts.end());
}

} /* namespace */

Xapian::Query fdb_expand_prefix(Xapian::Database &db, const std::string &prefix,
                                Xapian::termcount limit, bool *cut)
{
    using word = std::pair<Xapian::doccount, std::string>;
    std::vector<word> words;
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t)
        words.emplace_back(t.get_termfreq(), *t);
    if (words.size() > limit) {
        if (cut)
            *cut = true;
        auto more_frequent = [](const word &a, const word &b) {
            return a.first != b.first ? a.first > b.first : a.second < b.second;
        };
        std::partial_sort(words.begin(), words.begin() + limit, words.end(), more_frequent);
        words.resize(limit);
    }
    /* The pages holding any of them, as Xapian estimates an OR: as if
     * each word fell on pages independently of the others. */
    double n = db.get_doccount(), none = 1.0;
    for (const auto &w : words)
        none *= 1.0 - std::min(1.0, w.first / std::max(n, 1.0));
    double family = bm25_idf(n * (1.0 - none), n);
    std::vector<Xapian::Query> qs;
    for (const auto &w : words) {
        double own = bm25_idf(w.first, n);
        qs.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(w.second),
                        own > 0 ? family / own : 1.0);
    }
    return Xapian::Query(Xapian::Query::OP_MAX, qs.begin(), qs.end());
}

Xapian::Query fdb_budget_expand(Xapian::Database &db, fdb_budget &b,
                                const Xapian::Query &q, Xapian::termcount limit)
{
    bool cut = false;
    Xapian::Query out = expand_in(db, q, limit, cut);
    if (cut)
        b.partial |= FDB_PARTIAL_WILDCARD;
    return out;
}

bool fdb_limit::passed() const
{
    return (wall > 0 && clock_now() >= wall) ||
           (cpu > 0 && clock_thread_cpu() >= cpu);
}

fdb_budget::fdb_budget(const fdb_query *q)
    : stop(q->stop), stop_ud(q->stop_ud)
{
    end.wall = q->deadline > 0 ? q->deadline : 0;
    end.cpu = q->cpu_limit > 0 ? clock_thread_cpu() + q->cpu_limit : 0;
}

bool fdb_budget::over()
{
    if (!(partial & (FDB_PARTIAL_TIME | FDB_PARTIAL_STOPPED))) {
        if (end.passed())
            partial |= FDB_PARTIAL_TIME;
        else if (stop && stop(stop_ud))
            partial |= FDB_PARTIAL_STOPPED;
    }
    return (partial & (FDB_PARTIAL_TIME | FDB_PARTIAL_STOPPED)) != 0;
}

fdb_limit fdb_budget::after(double share) const
{
    fdb_limit l;
    if (end.wall > 0) {
        double now = clock_now();
        l.wall = now + std::max(0.0, end.wall - now) * share;
    }
    if (end.cpu > 0) {
        double now = clock_thread_cpu();
        l.cpu = now + std::max(0.0, end.cpu - now) * share;
    }
    return l;
}

void fdb_budget_check_text(const std::string &folded)
{
    for (const char *op : {"NEAR/", "ADJ/"}) {
        size_t len = strlen(op);
        for (size_t at = folded.find(op); at != std::string::npos;
             at = folded.find(op, at + len)) {
            size_t digits = strspn(folded.c_str() + at + len, "0123456789");
            std::string n = folded.substr(at + len, std::min<size_t>(digits, 9));
            if (digits > 9 || (!n.empty() && std::stoul(n) > FDB_MAX_WINDOW))
                throw fdb_limit_error("the query has a NEAR or ADJ window over " +
                                      std::to_string(FDB_MAX_WINDOW) + " words");
        }
    }
}

Xapian::Query fdb_budget_parse(Xapian::QueryParser &qp, Xapian::Database &db,
                               fdb_budget &b,
                               const std::function<Xapian::Query()> &parse,
                               Xapian::Query &expanded)
{
    const unsigned kinds = Xapian::QueryParser::FLAG_WILDCARD |
                           Xapian::QueryParser::FLAG_PARTIAL;
    const int most_frequent = Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT;
    qp.set_max_expansion(FDB_MAX_EXPANSION, most_frequent, kinds);
    Xapian::Query q = parse();
    unsigned terms = 0, wildcards = 0, positional = 0, widest = 0, depth = 0;
    shape_of(q, 0, terms, wildcards, positional, widest, depth);
    if (terms > FDB_MAX_TERMS)
        over_limit("too many words", FDB_MAX_TERMS);
    if (wildcards > FDB_MAX_WILDCARDS)
        over_limit("too many wildcards (word*)", FDB_MAX_WILDCARDS);
    if (positional > FDB_MAX_POSITIONAL)
        over_limit("too many phrases or NEAR/ADJ groups", FDB_MAX_POSITIONAL);
    if (widest > FDB_MAX_PHRASE_WORDS)
        over_limit("a phrase or NEAR/ADJ group of too many words",
                   FDB_MAX_PHRASE_WORDS);
    if (depth > FDB_MAX_DEPTH)
        over_limit("parentheses nested too deep", FDB_MAX_DEPTH);
    if (wildcards == 0) {
        expanded = q;
        return q;
    }
    Xapian::termcount share = FDB_MAX_EXPANSION / wildcards;
    if (wildcards > 1) {
        qp.set_max_expansion(share, most_frequent, kinds);
        q = parse();
    }
    expanded = fdb_budget_expand(db, b, q, share);
    return q;
}

Xapian::Query fdb_budget_bound(const Xapian::Query &query, fdb_budget &b,
                               fdb_limit until)
{
    using Q = Xapian::Query;
    if (b.remote)
        return query;
    return Q(Q::OP_FILTER, query, Q((new deadline_source(b, until))->release()));
}
