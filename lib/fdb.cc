/* fdb.cc -- opening, closing and the schema of fouille's Xapian index.
 *
 * THE SCHEMA, written down once (constants in fdb-private.h).
 *
 * One Xapian document per PDF page, and one per HTML page or text file.
 * The file is the unit of identity: its id is 16 hex digits of the SHA-1
 * of its path relative to the archive.
 *
 * Boolean terms (Omega's prefixes where they fit):
 *   Q<fileid>-<page>   the page itself (page 0 for non-PDF files)
 *   XF<fileid>         every page of the file: delete, collapse, "other pages"
 *   T<type>            pdf | html | text
 *   Y<yyyy>, M<yyyymm>, D<yyyymmdd>   the document's date
 * Free-text terms, made from words folded by norm.h (case, accents,
 * ligatures, elisions, line-end hyphens), then stemmed by Snowball
 * "french" (stems carry Xapian's Z prefix), with positions for phrases:
 *   (none)   page text; plus the title (x5), headings (x3), description
 *            (x2), author and path words (x1) so that a plain query finds them
 *   S        title words        -> query field title: / titre:
 *   A        author words       -> author: / auteur:
 *   XP       path words         -> path: / chemin:
 * Values:
 *   0  date "YYYYMMDD" (sorting, from/to ranges)
 *   1  file id (collapse key: one hit per file)
 *   2  page number, 3  file size (sortable_serialise), 4  type,
 *   5  "type year fileid" (the facets' one read per page)
 * Document data: one line of JSON with the file's metadata ("path",
 *   "title", "type", "date", "date_source", "size", "mtime", "pages",
 *   "page", "author", "description", "headings", "hash"), a newline, then
 *   the page's original text (for snippets and for renames).
 * Metadata: F<fileid> -> the file's record as JSON {"path", "size",
 *   "mtime", "hash", "pages"} plus {"failure", "failed_at"} for a file that
 *   could not be indexed; U:<key> -> fdb_set_meta; R:base -> the revision
 *   the index had when it was compacted into this generation (Xapian
 *   counts again from 1 in a new one; fdb_info adds it, so the revision a
 *   reader sees never goes back); W<folded word> -> the
 *   first lower-case accented form seen of it ("economie" -> "économie"),
 *   to show people words as they write them.
 * Spelling: every unprefixed (folded) word, for "did you mean".
 */
#include "fdb-private.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <cstring>

extern "C" {

const char *fdb_status_string(fdb_status st)
{
    switch (st) {
    case FDB_OK: return "ok";
    case FDB_ERR_NOT_FOUND: return "not found";
    case FDB_ERR_LOCKED: return "locked by another writer";
    case FDB_ERR_CORRUPT: return "corrupt index";
    case FDB_ERR_MODIFIED: return "index modified while reading";
    case FDB_ERR_QUERY: return "query syntax error";
    case FDB_ERR_INVALID: return "invalid argument";
    case FDB_ERR_NOMEM: return "out of memory";
    case FDB_ERR_IO: return "input/output error";
    case FDB_ERR_INTERNAL: return "internal error";
    }
    return "unknown status";
}

} /* extern "C" */

std::string fdb_file_id(const std::string &path)
{
    gchar *sum = g_compute_checksum_for_data(G_CHECKSUM_SHA1,
        reinterpret_cast<const guchar *>(path.data()), path.size());
    std::string id(sum, 16);
    g_free(sum);
    return id;
}

void fdb_load_rev_base(fdb *db)
{
    std::string v = db->db->get_metadata(fdb_schema::META_REV_BASE);
    db->rev_base = v.empty() ? 0 : strtoul(v.c_str(), nullptr, 10);
}

std::string fdb_surface(Xapian::Database &db, const std::string &folded)
{
    if (folded.empty() || folded.size() > 200)
        return folded;
    std::string s = db.get_metadata(fdb_schema::META_SURFACE + folded);
    return s.empty() ? folded : s;
}

static void fdb_copy_error(const std::string &msg, char *err, size_t errlen)
{
    if (err && errlen)
        g_strlcpy(err, msg.c_str(), errlen);
}

/* Open in one of the two modes; shared by fdb_open_read/fdb_open_write. */
static fdb_status fdb_open(const char *dir, bool writable, fdb **out,
                           char *err, size_t errlen)
{
    *out = nullptr;
    if (!dir || !*dir) {
        fdb_copy_error("no index folder given", err, errlen);
        return FDB_ERR_INVALID;
    }
    fdb *db = nullptr;
    std::string error;
    fdb_status st = fdb_guard(error, [&]() {
        db = new fdb;
        db->dir = dir;
        if (writable) {
            if (!fdb_layout_prepare(dir, error))
                return FDB_ERR_IO;
            db->wdb = new Xapian::WritableDatabase(dir, Xapian::DB_CREATE_OR_OPEN);
            db->db.reset(db->wdb);
        } else {
            if (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
                error = std::string("no index at ") + dir;
                return FDB_ERR_NOT_FOUND;
            }
            db->stub = fdb_stub_read(dir);
            db->db.reset(new Xapian::Database(dir));
        }
        fdb_load_rev_base(db);
        return FDB_OK;
    });
    if (st != FDB_OK) {
        /* Xapian says "opening" for a folder that holds no index yet. */
        if (st == FDB_ERR_IO && !writable)
            st = FDB_ERR_NOT_FOUND;
        fdb_copy_error(error, err, errlen);
        delete db;
        return st;
    }
    *out = db;
    return FDB_OK;
}

extern "C" {

fdb_status fdb_open_read(const char *dir, fdb **out, char *err, size_t errlen)
{
    return fdb_open(dir, false, out, err, errlen);
}

fdb_status fdb_open_write(const char *dir, fdb **out, char *err, size_t errlen)
{
    return fdb_open(dir, true, out, err, errlen);
}

void fdb_free(fdb *db)
{
    if (!db)
        return;
    std::string ignored;
    fdb_guard(ignored, [&]() {
        if (db->wdb)
            db->wdb->close();
        db->db.reset();
        return FDB_OK;
    });
    delete db;
}

const char *fdb_last_error(const fdb *db)
{
    return db ? db->error.c_str() : "";
}

fdb_status fdb_commit(fdb *db)
{
    return fdb_guard(db->error, [&]() {
        if (!db->wdb)
            throw Xapian::InvalidOperationError("not opened for writing");
        db->wdb->commit();
        return FDB_OK;
    });
}

fdb_status fdb_reopen(fdb *db, int *changed)
{
    return fdb_guard(db->error, [&]() {
        std::string stub = db->wdb ? db->stub : fdb_stub_read(db->dir);
        if (stub != db->stub) {
            /* A compaction switched generations: open the new one. */
            db->db.reset(new Xapian::Database(db->dir));
            db->stub = stub;
            fdb_load_rev_base(db);
            if (changed)
                *changed = 1;
            return FDB_OK;
        }
        bool moved = db->db->reopen();
        if (moved)
            fdb_load_rev_base(db);
        if (changed)
            *changed = moved ? 1 : 0;
        return FDB_OK;
    });
}

fdb_status fdb_info(fdb *db, unsigned long *revision, unsigned long *docs)
{
    return fdb_guard(db->error, [&]() {
        if (revision)
            *revision = db->rev_base + db->db->get_revision();
        if (docs)
            *docs = db->db->get_doccount();
        return FDB_OK;
    });
}

fdb_status fdb_set_meta(fdb *db, const char *key, const char *value)
{
    return fdb_guard(db->error, [&]() {
        if (!db->wdb)
            throw Xapian::InvalidOperationError("not opened for writing");
        if (!key || !*key || strlen(key) > 200)
            throw Xapian::InvalidArgumentError("bad metadata key");
        db->wdb->set_metadata(std::string(fdb_schema::META_USER) + key,
                              value ? value : "");
        return FDB_OK;
    });
}

fdb_status fdb_get_meta(fdb *db, const char *key, char **value)
{
    *value = nullptr;
    return fdb_guard(db->error, [&]() {
        if (!key || !*key || strlen(key) > 200)
            throw Xapian::InvalidArgumentError("bad metadata key");
        std::string v = db->db->get_metadata(std::string(fdb_schema::META_USER) + key);
        if (!v.empty()) {
            *value = strdup(v.c_str());
            if (!*value)
                throw std::bad_alloc();
        }
        return FDB_OK;
    });
}

} /* extern "C" */
