/* fdb_plan.h -- how a person's query becomes a Xapian query (C++ only,
 * private to the fdb*.cc files). The scoring model is docs/ranking.md.
 *
 * A "plain" query -- words, numbers, hyphenated words, no operators,
 * quotes, parentheses, wildcards, field prefixes or +/- before a word (a
 * dash between words is punctuation) -- of at most FDB_MAX_TERMS (64)
 * words is planned here; anything else is left to QueryParser
 * (fdb_search.cc) and the bounds of fdb_budget.cc. Ownership: a plan is
 * a value; it borrows nothing.
 */
#ifndef FOUILLE_FDB_PLAN_H
#define FOUILLE_FDB_PLAN_H

#include "fdb.h"
#include "fdb_budget.h"

#include <xapian.h>
#include <string>
#include <vector>

/* One unit of a plain query: a word, or the parts of a hyphenated word or
 * of a number written with a dot ("peut-etre", "12-18"), which must stand
 * side by side. */
struct fdb_plan_unit {
    std::vector<std::string> words;   /* folded */
    std::vector<std::string> stems;   /* each word's stem term ('Z' +
                                         stem), "" for none or a stopword */
    bool stopword = false;            /* a one-word unit of norm_stopwords() */
    bool prefix = false;              /* partial: also the words it begins */
};

struct fdb_plan {
    Xapian::Query query;              /* what matches, and how it weighs */
    Xapian::Query marked;             /* what a snippet marks: the same
                                         without a partial word's
                                         completions (fdb_marker) */
    std::vector<fdb_plan_unit> units; /* the query's units, in order */
    std::vector<std::string> ignored; /* words left out: no page has them */
    std::vector<std::string> terms;   /* what a snippet marks: the folded
                                         words and their 'Z' stems */
    std::string title;                /* the XT term of a title that is
                                         the query, all its words
                                         (fdb_schema::title_term) */
};

/* Plan a folded query (norm_fold_query). Returns false when the query is
 * not plain (the caller parses it); `partial` makes its last word, when
 * the query does not end with a space, also match the words it begins.
 * Words that no page holds are left out of the query (and listed in
 * `ignored`), unless every word is; a query whose words are all little
 * words (stopwords) searches them all. */
bool fdb_plan_build(fdb *handle, const std::string &folded, bool partial, fdb_plan &out);

/* The documents holding most of the plan's content units, best first:
 * what to answer when all of them together find nothing. Sets *marked to
 * what its snippets mark (as fdb_plan.marked). */
Xapian::Query fdb_plan_relaxed(Xapian::Database &db, const fdb_plan &plan,
                               Xapian::Query *marked);

/* The plan's content units that document `did` lacks, joined by spaces:
 * the words a relaxed answer left out. */
std::vector<std::string> fdb_plan_missing(Xapian::Database &db, const fdb_plan &plan,
                                          Xapian::docid did);

/* Completions of a half-typed query: the last word completed among the
 * documents that match the words before it (those that make a phrase of
 * the archive with the words before first, "appel à pro" -> "appel à
 * projets"; then those of most of those documents, then the most
 * frequent), or among all words when there are none before it or they
 * find nothing. Each is a whole query: what was typed
 * before the last word, its elision ("l'"), then the word in its accented
 * form. At most `max`; what was found by `until` when it passes
 * (fdb_budget.h). */
std::vector<std::string> fdb_plan_complete(fdb *db, const std::string &typed,
                                           unsigned max, const fdb_limit &until);

/* "Did you mean": the query with its misspelt words corrected, folded, or
 * "" when there is nothing to correct. A word is never corrected when a
 * page holds it (or its stem), when it is short (3 letters or less) or
 * typed in capitals (an abbreviation: "CR"), when it is a little word,
 * or into a little word. `typed` is the query as typed, `folded` as
 * norm_fold_query made it. Plain queries only. */
std::string fdb_plan_correct(fdb *handle, const std::string &typed,
                             const std::string &folded);

/* The stem term ('Z' + stem) of a folded query word, "" when it has none
 * (a word that does not start with a letter): see fdb_stem.cc. */
std::string fdb_plan_stem_term(fdb *handle, const std::string &folded);

#endif
