/* fdb-private.h -- what the fdb*.cc files share; C++ only, never included
 * from C. The handle's body, the snippet marker, the layout functions and
 * the exception guard every entry point runs in. The schema is in
 * fdb_schema.h. */
#ifndef FOUILLE_FDB_PRIVATE_H
#define FOUILLE_FDB_PRIVATE_H

#include "fdb.h"
#include "fdb_schema.h"
#include "snippet.h"

#include <map>

#include <xapian.h>
#include <memory>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

struct fdb_derived;

/* One shard of an index opened through a stub file (fdb_shards.cc). */
struct fdb_shard {
    std::string name;        /* as the stub line gives it */
    std::string path;        /* a local shard's folder */
    std::string host;        /* a remote shard's (xapian-tcpsrv) */
    unsigned port = 0;
    bool remote = false;
    bool up = false;         /* opened, and in the handle's database */
    Xapian::Database db;     /* when up */
    std::string stub;        /* a local shard's XAPIANDB text when opened */
    std::string error;       /* why it is down */
    unsigned long rev_base = 0; /* its R:base (fdb_shards_revision), read */
    bool rev_base_read = false; /* once a connection and revision: a
                                   remote read is a round trip */
    long long down_since = 0; /* time(2) it was found down, 0 when up */
    double next_try = 0;     /* clock_now() of the next attempt to reach it */
};

struct fdb {
    std::unique_ptr<Xapian::Database> db;          /* reader, or = wdb */
    Xapian::WritableDatabase *wdb = nullptr;        /* owned by db */
    std::string dir;
    std::string error;
    std::string stub;        /* XAPIANDB's text when opened ("" if none);
                                opened through a stub file: its text */
    std::string stub_path;   /* that stub file */
    std::vector<fdb_shard> shards; /* opened through a stub file: its
                                shards, those up in db (fdb_shards.cc) */
    bool remote = false;     /* one of those up is remote */
    std::vector<fdb_shard> spellings; /* "spelling PATH" lines: spelling
                                copies of remote shards */
    std::unique_ptr<Xapian::Database> spell; /* with spellings: the shards
                                up and the copies, for "did you mean" */
    unsigned long rev_base = 0; /* added to Xapian's revision (see fdb_info) */
    std::unordered_set<std::string> surfaces_known; /* writer: W keys seen */
    fdb_schema::file_record doc; /* what fdb_document handed out last */
    std::string doc_id;
    /* A reader's tables derived from the index at one revision
     * (fdb_derived.cc); shared_ptr: its type is complete there only. */
    std::shared_ptr<fdb_derived> derived;
};

/* The words a snippet marks (fdb_snippet.cc): the leaf terms of a query
 * but those it excludes (-word, NOT). A folded word of a text matches
 * one when it is an unprefixed term, or when its stem is a stem term. */
class fdb_marker {
public:
    explicit fdb_marker(const Xapian::Query &query);
    /* The HTML snippet of a text (see fdb_snippet in fdb.h). */
    std::string snippet(const std::string &text, size_t width);
    /* The same of a page's text as its document data stores it
     * (fdb_schema::page_text_encode), inflated only as far as the snippet
     * looks; "" when the stored text is corrupt. */
    std::string snippet_of_page(const std::string &data, size_t width);
    /* Which term a folded word matches (an id), or -1; `surface` is the
     * word as written (len bytes), for its stem (fdb_stem_of). */
    int match(const char *folded, const char *surface, size_t len);
    /* Mark the words that start with `folded` too (a partial last word,
     * completed): as relatives of the word. */
    void add_prefix(const std::string &folded);
private:
    /* snippet_build_part with this marker's terms, phrases and heads. */
    char *build(const char *text, size_t len, bool whole, size_t width);
    std::unordered_map<std::string, int> words, stems;
    std::vector<std::pair<std::string, int>> prefixes;
    std::unordered_set<std::string> stem_heads; /* stems' first 2 bytes */
    snippet_heads stem_bits;                    /* the same, as bits */
    std::vector<std::vector<int>> phrase_ids;   /* the query's phrases */
    /* The first bytes of the words and stems: a word of the text that
     * starts with none of them is no match, found without a look-up. */
    bool first_byte[256] = {};
    /* The same, by first two bytes, for snippet_build to skip the text
     * far from any word that may match. */
    snippet_heads heads;
    /* The answers of match() for the words of the text stemmed so far. */
    std::unordered_map<std::string, int> stemmed;
    unsigned nterms = 0;          /* distinct ids match() answers */
};

/* The query parser fouille reads queries with (fdb_search.cc); `db` may
 * be NULL (no wildcard expansion, no spelling). */
void fdb_setup_parser(Xapian::QueryParser &qp, fdb *db);

/* Parse a folded query, strictly then leniently (fdb_search.cc). */
Xapian::Query fdb_parse(Xapian::QueryParser &qp, const std::string &folded,
                        bool spelling, std::string *corrected);

/* The index folder's layout (fdb_compact.cc): the text of its XAPIANDB
 * stub ("" when there is none), and making a new index folder in the
 * stub layout (false with `error` set when it cannot be written). */
std::string fdb_stub_read(const std::string &dir);

/* Read the revision base of the generation the handle is on. */
void fdb_load_rev_base(fdb *db);

/* A reader on a revision that is no longer the newest (another one was
 * committed, or a compaction switched generations) throws
 * Xapian::DatabaseModifiedError, as its reads may; a writer, or a handle
 * on shards, never does (fdb.cc). Called before metadata_keys_begin,
 * which loses memory when that error interrupts it (fdb_files). */
void fdb_reader_current(fdb *db);
bool fdb_layout_prepare(const std::string &dir, std::string &error);

/* Writer: go on in a fresh, empty generation of the current format that
 * replaces the index at once, its revision base above the old revision
 * (fdb_compact.cc). */
void fdb_layout_fresh(fdb *db);

/* Writer: remove every generation folder but the one its stub names
 * (fdb_compact.cc); nothing for the old layout. */
void fdb_layout_tidy(fdb *db);

/* Mark a new, empty generation with the current format. */
void fdb_format_set(Xapian::WritableDatabase &w);

/* FDB_OK when the handle's index is of the current format, else
 * FDB_ERR_FORMAT with `error` set. */
fdb_status fdb_format_check(fdb *db);

/* The surface form of a folded word ("economie" -> "économie"), or the
 * word itself when none is known. */
std::string fdb_surface(fdb *db, const std::string &folded);

/* Stems (fdb_stem.cc): a word is stemmed as written, accents kept, and
 * the stem folded. fdb_stem_of: the stem of a word of a text, `surface`
 * its span as written (len bytes), `folded` its folding; fdb_stem_folded:
 * the stem of a folded query word, taken of the accented form the index
 * saw of it (db may be NULL: the word itself). Both "" when the word has
 * no stem (it does not start with a letter); without the STEM prefix. */
std::string fdb_stem_of(const std::string &folded, const char *surface, size_t len);
/* Is a word written so (`len` bytes; NULL: not known) stemmed by its
 * folding alone (fdb_stem_of)? */
bool fdb_stem_by_folding(const char *surface, size_t len);
/* A text with its typographic ligatures (U+FB00 to U+FB06) spelt out
 * ("ﬁdèle" -> "fidèle"), the rest as it is: how a word is stemmed and
 * kept as a surface form. */
std::string fdb_spell_ligatures(const char *s, size_t n);
std::string fdb_stem_folded(fdb *db, const std::string &folded);

/* The same for Xapian's QueryParser (fdb_setup_parser), which stems
 * folded words; `handle` is borrowed (may be NULL). */
class fdb_stemmer : public Xapian::StemImplementation {
public:
    explicit fdb_stemmer(fdb *handle);
    std::string operator()(const std::string &word) override;
    std::string get_description() const override;
private:
    fdb *db;
};

/* Shards (fdb_shards.cc): open the shards a stub file names as the
 * handle's database, with those that can be reached (throws
 * Xapian::NetworkError when none can, as Xapian does on a bad line);
 * bring them to their newest revision, leave out those lost and take
 * back those that came back (true when anything changed; throws when no
 * shard is left); how many are down; a metadata value, from the first
 * shard that has it; the revision, summed over the shards; the databases
 * to list file records from, with their shard's number (the shards that
 * are up, or the one database as number 0). */
void fdb_shards_open(fdb *db, const std::string &stub);
bool fdb_shards_reopen(fdb *db);
unsigned fdb_shards_down(const fdb *db);
/* The database "did you mean" reads: its words (term_exists) and its
 * spelling table; the handle's own, or with the spelling copies a stub
 * names. */
Xapian::Database &fdb_spelling_db(fdb *db);
std::string fdb_meta(fdb *db, const std::string &key);
/* A metadata value from the shard that holds document `did` (a page's
 * file record). */
std::string fdb_meta_of(fdb *db, Xapian::docid did, const std::string &key);
unsigned long fdb_shards_revision(fdb *db);
std::vector<std::pair<unsigned, Xapian::Database>> fdb_shards_each(fdb *db);
/* Documents `dids` (of the handle's database), read at once, a thread a
 * shard, when the index has remote shards: through the combined
 * database each read is a round trip, one after the other. Empty (read
 * them as usual) for one index or local shards only. Throws what a read
 * throws. */
std::map<Xapian::docid, Xapian::Document>
fdb_shards_documents(fdb *db, const std::vector<Xapian::docid> &dids);

/* Copy an error message into a caller's buffer (err may be NULL): the
 * calls that have no handle to keep it on. */
void fdb_copy_error(const std::string &msg, char *err, size_t errlen);

/* The file id: 16 hex digits of the SHA-1 of the path. */
std::string fdb_file_id(const std::string &path);

/* A query over one of fdb_search's bounds (fdb_budget.cc): FDB_ERR_LIMIT,
 * with a message that says which. */
struct fdb_limit_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/* Run f, mapping every exception to a status and keeping its message in
 * `error`. */
template <class F>
fdb_status fdb_guard(std::string &error, F f)
{
    try {
        error.clear();
        return f();
    } catch (const Xapian::DatabaseModifiedError &e) {
        error = e.get_msg();
        return FDB_ERR_MODIFIED;
    } catch (const Xapian::DatabaseLockError &e) {
        error = e.get_msg();
        return FDB_ERR_LOCKED;
    } catch (const Xapian::DatabaseCorruptError &e) {
        error = e.get_msg();
        return FDB_ERR_CORRUPT;
    } catch (const Xapian::DatabaseVersionError &e) {
        error = e.get_msg();
        return FDB_ERR_CORRUPT;
    } catch (const Xapian::DatabaseNotFoundError &e) {
        error = e.get_msg();
        return FDB_ERR_NOT_FOUND;
    } catch (const Xapian::DatabaseOpeningError &e) {
        error = e.get_msg();
        return FDB_ERR_IO;
    } catch (const fdb_limit_error &e) {
        error = e.what();
        return FDB_ERR_LIMIT;
    } catch (const Xapian::QueryParserError &e) {
        error = e.get_msg();
        return FDB_ERR_QUERY;
    } catch (const Xapian::InvalidArgumentError &e) {
        error = e.get_msg();
        return FDB_ERR_INVALID;
    } catch (const Xapian::InvalidOperationError &e) {
        /* A writer's call on a reader: the caller's mistake. */
        error = e.get_msg();
        return FDB_ERR_INVALID;
    } catch (const Xapian::DatabaseError &e) {
        /* The rest of the database errors: a failed read or write. */
        error = e.get_type() + std::string(": ") + e.get_msg();
        return FDB_ERR_IO;
    } catch (const Xapian::NetworkError &e) {
        /* A remote shard that cannot be reached (fdb_shards.cc). */
        error = e.get_type() + std::string(": ") + e.get_msg();
        return FDB_ERR_SHARD;
    } catch (const Xapian::Error &e) {
        error = e.get_type() + std::string(": ") + e.get_msg();
        return FDB_ERR_INTERNAL;
    } catch (const std::bad_alloc &) {
        error = "out of memory";
        return FDB_ERR_NOMEM;
    } catch (const std::exception &e) {
        error = e.what();
        return FDB_ERR_INTERNAL;
    } catch (...) {
        error = "unknown exception";
        return FDB_ERR_INTERNAL;
    }
}

#endif
