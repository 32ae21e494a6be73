/* xfloor.cc -- the Xapian floor: the same queries through the Xapian API
 * alone, on any Xapian database (fouille's index, omindex's, a stub of
 * shards).
 *
 * Usage: xfloor [--collapse SLOT] DATABASE QUERIES_FILE [PASSES]
 *
 * Opens DATABASE once (a folder, or a stub file whose lines may name
 * remote shards), then for every query of QUERIES_FILE (one a line, taken
 * as they are: fold them first for fouille's index, see `floor --fold`;
 * empty lines and lines starting with '#' skipped) times, once to warm the
 * caches and then PASSES times (default 10):
 *
 *   QueryParser::parse_query (French stemmer, STEM_SOME, default operator
 *   AND; phrase, boolean, love/hate, wildcard and pure-NOT syntax, the
 *   flags fouille gives it), a new Enquire, get_mset(0, 10) with BM25 and
 *   Xapian's estimated total, and reading the 10 document ids.
 *
 * Nothing else: no stopper, no document data, no snippets, no facets, no
 * exact count, no spelling. With --collapse SLOT, one hit per distinct
 * value of SLOT (fouille's file id is slot 1), which fouille needs and
 * omindex does not. One line a timed query, as bench/floor prints:
 *
 *   PASS <tab> MILLISECONDS <tab> ESTIMATED_MATCHES <tab> QUERY
 *
 * Design: the one C++ program of bench/, kept apart as lib's wrapper is:
 * it links libxapian only, so it measures Xapian and nothing of fouille.
 * Any Xapian exception ends it with status 1 and the message on stderr.
 */
#include <xapian.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

namespace {

volatile Xapian::docid ids_read;

std::vector<std::string> read_queries(const char *path)
{
    std::vector<std::string> q;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        while (!line.empty() && (line.back() == '\r' || line.back() == '\n'))
            line.pop_back();
        if (!line.empty() && line[0] != '#')
            q.push_back(line);
    }
    return q;
}

/* One query: parse, match, read the top 10 ids. Its time in ms. */
double run_query(const Xapian::Database &db, Xapian::QueryParser &qp,
                 const std::string &text, int collapse, Xapian::doccount *est)
{
    using QP = Xapian::QueryParser;
    const unsigned flags = QP::FLAG_PHRASE | QP::FLAG_BOOLEAN |
                           QP::FLAG_LOVEHATE | QP::FLAG_WILDCARD |
                           QP::FLAG_PURE_NOT;
    auto t0 = std::chrono::steady_clock::now();
    Xapian::Enquire enquire(db);
    enquire.set_query(qp.parse_query(text, flags));
    if (collapse >= 0)
        enquire.set_collapse_key(Xapian::valueno(collapse));
    Xapian::MSet mset = enquire.get_mset(0, 10);
    Xapian::docid sum = 0;
    for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it)
        sum += *it;
    auto t1 = std::chrono::steady_clock::now();
    ids_read = sum;     /* the ids are used: the reads are not optimised out */
    *est = mset.get_matches_estimated();
    return std::chrono::duration<double, std::milli>(t1 - t0).count();
}

int usage()
{
    std::fputs("usage: xfloor [--collapse SLOT] DATABASE QUERIES_FILE [PASSES]\n",
               stderr);
    return 1;
}

} /* namespace */

int main(int argc, char **argv)
{
    int collapse = -1;
    if (argc > 2 && std::strcmp(argv[1], "--collapse") == 0) {
        collapse = std::atoi(argv[2]);
        argc -= 2;
        argv += 2;
    }
    if (argc < 3 || argc > 4)
        return usage();
    int passes = argc == 4 ? std::atoi(argv[3]) : 10;
    std::vector<std::string> queries = read_queries(argv[2]);
    if (queries.empty()) {
        std::fprintf(stderr, "xfloor: no queries in %s\n", argv[2]);
        return 1;
    }
    try {
        Xapian::Database db(argv[1]);
        Xapian::QueryParser qp;
        qp.set_database(db);
        qp.set_stemmer(Xapian::Stem("french"));
        qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
        qp.set_default_op(Xapian::Query::OP_AND);
        for (int pass = 0; pass <= passes; pass++) {
            for (const std::string &q : queries) {
                Xapian::doccount est = 0;
                double ms = run_query(db, qp, q, collapse, &est);
                if (pass > 0)       /* pass 0 warms the caches */
                    std::printf("%d\t%.4f\t%u\t%s\n", pass, ms, unsigned(est),
                                q.c_str());
            }
        }
    } catch (const Xapian::Error &e) {
        std::fprintf(stderr, "xfloor: %s: %s\n", argv[1],
                     e.get_description().c_str());
        return 1;
    }
    return 0;
}
