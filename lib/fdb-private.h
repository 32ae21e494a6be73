/* fdb-private.h -- what the fdb*.cc files share; C++ only, never included
 * from C. The handle's body, the schema's constants (described once, at
 * the top of fdb.cc) and the exception guard every entry point runs in. */
#ifndef FOUILLE_FDB_PRIVATE_H
#define FOUILLE_FDB_PRIVATE_H

#include "fdb.h"

#include <xapian.h>
#include <memory>
#include <string>
#include <unordered_set>

namespace fdb_schema {
/* Term prefixes (Omega's conventions where they fit). */
const char *const UNIQUE = "Q";     /* Q<fileid>-<page>: one page */
const char *const GROUP = "XF";         /* XF<fileid>: every page of a file */
const char *const TYPE = "T";       /* Tpdf, Thtml, Ttext */
const char *const YEAR = "Y";       /* Y2022 */
const char *const MONTH = "M";      /* M202205 */
const char *const DATE = "D";       /* D20220519 */
const char *const TITLE = "S";      /* title words (title:) */
const char *const AUTHOR = "A";     /* author words (author:) */
const char *const PATH = "XP";      /* path words (path:) */
/* Value slots. */
const Xapian::valueno V_DATE = 0;   /* "YYYYMMDD": sorting and ranges */
const Xapian::valueno V_FILEID = 1; /* collapse key: one hit per file */
const Xapian::valueno V_PAGE = 2;   /* sortable_serialise(page) */
const Xapian::valueno V_SIZE = 3;   /* sortable_serialise(bytes) */
const Xapian::valueno V_TYPE = 4;   /* "pdf", "html", "text" */
const Xapian::valueno V_FACET = 5;  /* "<type> <yyyy or -> <fileid>": what
                                       facets count, in one read */
/* Metadata keys. */
const char *const META_FILE = "F";  /* F<fileid>: the file's record */
const char *const META_USER = "U:"; /* U:<key>: fdb_set_meta */
const char *const META_SURFACE = "W"; /* W<folded>: an accented form */
const char *const META_REV_BASE = "R:base"; /* revisions of the generations
                                               before this one */
}

struct fdb {
    std::unique_ptr<Xapian::Database> db;          /* reader, or = wdb */
    Xapian::WritableDatabase *wdb = nullptr;        /* owned by db */
    std::string dir;
    std::string error;
    std::string stub;        /* XAPIANDB's text when opened ("" if none) */
    unsigned long rev_base = 0; /* added to Xapian's revision (see fdb_info) */
    std::unordered_set<std::string> surfaces_known; /* writer: W keys seen */
};

/* The index folder's layout (fdb_compact.cc): the text of its XAPIANDB
 * stub ("" when there is none), and making a new index folder in the
 * stub layout (false with `error` set when it cannot be written). */
std::string fdb_stub_read(const std::string &dir);

/* Read the revision base of the generation the handle is on. */
void fdb_load_rev_base(fdb *db);
bool fdb_layout_prepare(const std::string &dir, std::string &error);

/* The surface form of a folded word ("economie" -> "économie"), or the
 * word itself when none is known. */
std::string fdb_surface(Xapian::Database &db, const std::string &folded);

/* The file id: 16 hex digits of the SHA-1 of the path. */
std::string fdb_file_id(const std::string &path);

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
    } catch (const Xapian::QueryParserError &e) {
        error = e.get_msg();
        return FDB_ERR_QUERY;
    } catch (const Xapian::InvalidArgumentError &e) {
        error = e.get_msg();
        return FDB_ERR_INVALID;
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
