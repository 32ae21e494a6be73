/* fdb_budget.h -- what one search may cost, and the means to hold it to
 * that (C++ only; fdb_budget.cc states the design and the numbers).
 *
 * Ownership: an fdb_budget lives on the stack of one fdb_search call; the
 * queries fdb_budget_bound makes refer to it and must not outlive it.
 */
#ifndef FOUILLE_FDB_BUDGET_H
#define FOUILLE_FDB_BUDGET_H

#include "fdb.h"

#include <xapian.h>
#include <functional>
#include <string>

/* The most terms (words and wildcards) a query may hold: the grammar's
 * first bound (fdb_budget.cc). */
const unsigned FDB_MAX_TERMS = 64;

/* A point in time on both clocks a search is bounded by (clock.h): the
 * monotonic clock_now() and the searching thread's clock_thread_cpu();
 * 0: none. */
struct fdb_limit {
    double wall = 0, cpu = 0;
    bool passed() const;
};

/* The time bound of one search and what it cut short. Used by the
 * thread that made it (the CPU clock is that thread's). */
struct fdb_budget {
    fdb_limit end;               /* when the search must stop */
    fdb_stop_fn stop = nullptr;
    void *stop_ud = nullptr;
    unsigned partial = 0;        /* FDB_PARTIAL_* bits */
    bool remote = false;         /* the index has remote shards: no
                                    deadline source (fdb_budget.cc) */

    /* The bounds of fdb_query q, from now. */
    explicit fdb_budget(const fdb_query *q);
    /* True once the end has passed or stop said so (and from then on),
     * recording why in `partial`. */
    bool over();
    /* The point `share` (0..1) of the time left from now, on each clock. */
    fdb_limit after(double share) const;
};

/* Refuse a folded query over the bounds that can be read from its text
 * (NEAR/n and ADJ/n windows): throws fdb_limit_error. */
void fdb_budget_check_text(const std::string &folded);

/* Parse a folded query within the bounds (terms, wildcards, phrases and
 * their words, depth): `parse` runs the parser, which this sets up for
 * wildcards, once, or twice when the query has several wildcards (then
 * each gets its share of the expansion budget). Returns the query as
 * parsed (what a snippet marks: a wildcard's words were not typed), and
 * sets `expanded` to what is searched: the same with each wildcard
 * expanded over the whole index to its share (fdb_budget_expand). Throws
 * fdb_limit_error. */
Xapian::Query fdb_budget_parse(Xapian::QueryParser &qp, Xapian::Database &db,
                               fdb_budget &b,
                               const std::function<Xapian::Query()> &parse,
                               Xapian::Query &expanded);

/* `q` with each wildcard (OP_WILDCARD) replaced by the words of the index
 * it begins, at most `limit` (fdb_expand_prefix); a part of `q` without
 * one is kept as it is. Sets FDB_PARTIAL_WILDCARD in b.partial when a
 * wildcard begins more words. Only the boolean operators a parser puts
 * above a wildcard are rebuilt; under any other, a wildcard would be left
 * to Xapian (none such comes from fdb_parse). */
Xapian::Query fdb_budget_expand(Xapian::Database &db, fdb_budget &b,
                                const Xapian::Query &q, Xapian::termcount limit);

/* The words of the index that begin with `prefix`, all shards together,
 * at most `limit` (the most frequent first, then in byte order; *cut set
 * to true when there were more), as one query: a page weighs as its best
 * word, each word weighed with the rarity of them all together (BM25's
 * term weight of the pages that hold any of them, estimated as Xapian
 * estimates an OR), as one word standing for the family would weigh.
 * The same words and weights on one index and on its shards, local or
 * remote. Matches nothing when no word begins with `prefix`. */
Xapian::Query fdb_expand_prefix(Xapian::Database &db, const std::string &prefix,
                                Xapian::termcount limit, bool *cut);

/* `query` bounded in time: its match ends where it is, within a few dozen
 * pages, once b.over() or `until` has passed, and Xapian answers with the
 * best found by then. Refers to b. Over remote shards (b.remote),
 * `query` itself. */
Xapian::Query fdb_budget_bound(const Xapian::Query &query, fdb_budget &b,
                               fdb_limit until = fdb_limit());

#endif
