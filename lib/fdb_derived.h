/* fdb_derived.h -- tables a reader derives from the index once per
 * revision (see fdb_derived.cc for the design). C++ only. */
#ifndef FOUILLE_FDB_DERIVED_H
#define FOUILLE_FDB_DERIVED_H

#include "fdb-private.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

/* The facet value, page number and OCR mark of every page, the names as
 * ids into the name lists. */
struct fdb_facet_table {
    static const uint32_t NONE = UINT32_MAX;
    struct page {
        uint32_t file = NONE;     /* NONE: the page has no facet value */
        uint32_t type = 0, year = 0, folder = NONE;   /* NONE: at the root */
        uint32_t number = 0;      /* the page's number (V_PAGE) */
        bool ocr = false;         /* its text was read by OCR (V_OCR) */
    };
    std::vector<page> by_doc;     /* by document id - 1 */
    std::vector<std::string> types, years, folders;
    uint32_t nfiles = 0;
};

/* A completion: pages that hold the word, and the word. */
typedef std::pair<Xapian::doccount, std::string> fdb_completion;

/* The pages that the words typed before a completion's last word find
 * first, and each page's words (fdb_plan.cc): read from the index once
 * for those words, then every letter typed after them is completed from
 * memory. The words of the pages that begin with one byte make one list
 * of distinct words (a `letter`), made when a completion first needs
 * it, and a page's words as ids into it: a completion counts the pages
 * of each word with integers, and what it finds of a word once (its
 * pages in the index, whether it follows the words before) is kept by
 * id. */
struct fdb_head_sample {
    static const uint32_t NONE = UINT32_MAX;
    struct page {
        Xapian::docid did = 0;
        std::string text;             /* its words, in byte order, each ended by '\0' */
        std::vector<uint32_t> at;     /* where each word starts in text */
        /* The positions of the words before on the page, by word, read
         * when first needed (`placed`). */
        std::vector<std::vector<Xapian::termpos>> before;
        bool placed = false;
    };
    struct letter {
        std::string text;             /* word `id`: the string at text + at[id] */
        std::vector<uint32_t> at;     /* in byte order */
        std::vector<uint32_t> ids;    /* the pages' words, as ids: page p's */
        std::vector<uint32_t> first;  /* are ids[first[p], first[p + 1]) */
        /* By id: the pages of the index that hold the word (0: not read
         * yet), and of the sample's pages, those where it follows the
         * words before (-1: not looked for yet). */
        std::vector<Xapian::doccount> freq;
        std::vector<int> phrase;
        const char *word(uint32_t id) const { return text.data() + at[id]; }
    };
    std::vector<std::string> words;   /* the words before, little words too */
    std::vector<page> pages;          /* best first */
    std::map<unsigned char, letter> letters;   /* by first byte */
};

/* What a query's count pass found (fdb_search.cc): the exact number of
 * files when it saw every matching page, and the facets. */
struct fdb_counted {
    bool exact = false;
    unsigned total = 0;
    std::vector<std::pair<std::string, unsigned>> types, years, folders;
};

/* The words of the index that begin with a short word (at most
 * FDB_RANGE_BYTES bytes), with the pages that hold each, in byte order:
 * all of them when they are few, so that a longer word that begins with
 * it is completed from memory (fdb_plan.cc). */
struct fdb_word_range {
    bool whole = false;           /* all of them (else too many: empty) */
    std::string text;             /* word i is the '\0'-ended string at text + at[i] */
    std::vector<uint32_t> at;
    std::vector<Xapian::doccount> freq;
};
const size_t FDB_RANGE_BYTES = 3;

struct fdb_derived {
    unsigned long revision = 0;
    std::string stub;             /* the generation it was made on */
    std::unique_ptr<fdb_facet_table> facets;
    std::map<std::string, std::vector<fdb_completion>> completions;
    std::map<std::string, std::shared_ptr<fdb_head_sample>> heads;
    std::map<std::string, fdb_word_range> ranges;
    size_t range_words = 0;       /* in all the ranges kept */
    std::unordered_map<std::string, std::string> surfaces;   /* by folded word */
    std::map<std::string, fdb_schema::file_record> files;   /* by file id */
    std::map<std::string, fdb_counted> counts;   /* by query and filters */
};

/* The handle's derived tables, emptied when the index moved on. */
fdb_derived &fdb_derived_of(fdb *db);

/* The facet table at the handle's revision, made on first use; NULL over
 * remote shards or an index too large for it. */
const fdb_facet_table *fdb_facet_table_of(fdb *db);

/* The completions kept for a short word at this revision, or NULL; and
 * keeping them (a word too long to keep is ignored). */
const std::vector<fdb_completion> *fdb_completions_of(fdb *db, const std::string &word);
void fdb_completions_keep(fdb *db, const std::string &word,
                          const std::vector<fdb_completion> &found);

/* The words that begin with `head` (FDB_RANGE_BYTES bytes or fewer)
 * kept at this revision, or NULL; and keeping them (borrowed until the
 * next call that keeps a range; at most a few hundred thousand words
 * are kept: then they start again). */
const fdb_word_range *fdb_word_range_of(fdb *db, const std::string &head);
const fdb_word_range *fdb_word_range_keep(fdb *db, const std::string &head,
                                          fdb_word_range &&range);

/* fdb_surface(), read once at this revision (at most a few thousand words
 * are kept); a writer's handle reads it each time. */
std::string fdb_surface_kept(fdb *db, const std::string &folded);

/* The sample kept for the words before (folded) at this revision, or
 * NULL; and keeping one (at most a few are kept: then they start again). */
std::shared_ptr<fdb_head_sample> fdb_head_sample_of(fdb *db, const std::string &head);
void fdb_head_sample_keep(fdb *db, const std::string &head,
                          const std::shared_ptr<fdb_head_sample> &sample);

/* The count and facets kept for a query and its filters (`key`) at this
 * revision, or NULL; and keeping them (at most a few hundred are kept). */
const fdb_counted *fdb_counted_of(fdb *db, const std::string &key);
void fdb_counted_keep(fdb *db, const std::string &key, const fdb_counted &c);

/* The record of file `id` (fdb_schema.h), whose page `did` was found,
 * decoded once at this revision; NULL when the index has none. Borrowed
 * until the next call (at most a few thousand are kept). */
const fdb_schema::file_record *fdb_file_record_of(fdb *db, Xapian::docid did,
                                                  const std::string &id);

#endif
