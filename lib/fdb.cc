/* fdb.cc -- opening and closing fouille's Xapian index, its revision,
 * format and metadata. The schema is written down in fdb_schema.h.
 *
 * A handle is opened on an index of the current format only (the format
 * is stored in the index, fdb_schema::META_FORMAT): an older index is not
 * misread but refused with FDB_ERR_FORMAT, and fdb_open_rebuild starts it
 * again in a fresh generation (fdb_compact.cc) for the indexer to fill.
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
    case FDB_ERR_FORMAT: return "index of another format";
    case FDB_ERR_LIMIT: return "over a query limit";
    case FDB_ERR_SHARD: return "a shard cannot be reached";
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

std::string fdb_surface(fdb *db, const std::string &folded)
{
    if (folded.empty() || folded.size() > 200)
        return folded;
    std::string s = fdb_meta(db, fdb_schema::META_SURFACE + folded);
    return s.empty() ? folded : s;
}

void fdb_format_set(Xapian::WritableDatabase &w)
{
    w.set_metadata(fdb_schema::META_FORMAT, std::to_string(fdb_schema::FORMAT));
}

fdb_status fdb_format_check(fdb *db)
{
    std::string v = db->db->get_metadata(fdb_schema::META_FORMAT);
    unsigned format = v.empty() ? 1 : (unsigned)strtoul(v.c_str(), nullptr, 10);
    if (format == fdb_schema::FORMAT)
        return FDB_OK;
    db->error = "the index at " + db->dir + " is of format " + std::to_string(format) +
                "; this program reads format " + std::to_string(fdb_schema::FORMAT) +
                ": the indexer rebuilds it";
    return FDB_ERR_FORMAT;
}

void fdb_copy_error(const std::string &msg, char *err, size_t errlen)
{
    if (err && errlen)
        g_strlcpy(err, msg.c_str(), errlen);
}

/* A reader's database of the index folder `dir` whose stub read `stub`:
 * when the generation it names is gone (a compaction switched the stub
 * and removed it between the read and the open), the one the stub names
 * now, whose text goes into `stub`. */
static Xapian::Database *fdb_open_generation(const std::string &dir, std::string &stub)
{
    try {
        return new Xapian::Database(dir);
    } catch (const Xapian::DatabaseError &) {
        std::string now = fdb_stub_read(dir);
        if (now.empty() || now == stub)
            throw;
        stub = now;
        return new Xapian::Database(dir);
    }
}

/* How fdb_open opens. */
enum fdb_mode { FDB_READ, FDB_WRITE, FDB_REBUILD };

/* Open in one of the modes; shared by fdb_open_read/_write/_rebuild. */
static fdb_status fdb_open(const char *dir, fdb_mode mode, fdb **out,
                           char *err, size_t errlen)
{
    *out = nullptr;
    if (!dir || !*dir) {
        fdb_copy_error("no index folder given", err, errlen);
        return FDB_ERR_INVALID;
    }
    bool writable = mode != FDB_READ;
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
            /* Read once the lock is held: only its holder switches it. */
            db->stub = fdb_stub_read(dir);
        } else {
            if (!g_file_test(dir, G_FILE_TEST_EXISTS)) {
                error = std::string("no index at ") + dir;
                return FDB_ERR_NOT_FOUND;
            }
            std::string in_dir = std::string(dir) + "/" + FDB_SHARDS_STUB;
            if (g_file_test(dir, G_FILE_TEST_IS_REGULAR)) {
                fdb_shards_open(db, dir);
            } else if (g_file_test(in_dir.c_str(), G_FILE_TEST_IS_REGULAR)) {
                fdb_shards_open(db, in_dir);
            } else {
                db->stub = fdb_stub_read(dir);
                db->db.reset(fdb_open_generation(dir, db->stub));
            }
        }
        fdb_load_rev_base(db);
        if (mode == FDB_REBUILD) {
            /* The generation replaced stays until the run's compaction
             * tidies the folder (or the next writer's opening does). */
            fdb_layout_fresh(db);
            return FDB_OK;
        }
        fdb_status format = fdb_format_check(db);
        error = db->error;
        if (format == FDB_OK)
            fdb_layout_tidy(db);
        return format;
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
    return fdb_open(dir, FDB_READ, out, err, errlen);
}

fdb_status fdb_open_write(const char *dir, fdb **out, char *err, size_t errlen)
{
    return fdb_open(dir, FDB_WRITE, out, err, errlen);
}

fdb_status fdb_open_rebuild(const char *dir, fdb **out, char *err, size_t errlen)
{
    return fdb_open(dir, FDB_REBUILD, out, err, errlen);
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
        if (!db->shards.empty()) {
            bool moved = fdb_shards_reopen(db);
            if (changed)
                *changed = moved ? 1 : 0;
            return FDB_OK;
        }
        std::string stub = db->wdb ? db->stub : fdb_stub_read(db->dir);
        bool moved = false;
        if (stub == db->stub) {
            try {
                moved = db->db->reopen();
            } catch (const Xapian::DatabaseError &) {
                /* Its generation went just after the check above. */
                if (db->wdb || (stub = fdb_stub_read(db->dir)) == db->stub)
                    throw;
            }
        }
        if (stub != db->stub) {
            /* A compaction switched generations: open the new one. */
            db->db.reset(fdb_open_generation(db->dir, stub));
            db->stub = stub;
            fdb_load_rev_base(db);
            if (changed)
                *changed = 1;
            return FDB_OK;
        }
        if (moved)
            fdb_load_rev_base(db);
        if (changed)
            *changed = moved ? 1 : 0;
        return FDB_OK;
    });
}

} /* extern "C" */

void fdb_reader_current(fdb *db)
{
    if (db->wdb || !db->shards.empty())
        return;
    Xapian::rev newest = 0;
    try {
        if (fdb_stub_read(db->dir) == db->stub)
            newest = Xapian::Database(db->dir).get_revision();
    } catch (const Xapian::DatabaseError &) {
        /* Replaced or removed while we looked: not ours any more. */
    }
    if (newest != db->db->get_revision())
        throw Xapian::DatabaseModifiedError("a newer revision of the index "
                                            "was committed: reopen");
}

extern "C" {

fdb_status fdb_info(fdb *db, unsigned long *revision, unsigned long *docs)
{
    return fdb_guard(db->error, [&]() {
        if (revision)
            *revision = fdb_shards_revision(db);
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
        std::string k = std::string(fdb_schema::META_USER) + key, v;
        for (auto &shard : fdb_shards_each(db)) {
            std::string one = shard.second.get_metadata(k);
            if (one.size() > v.size() || (one.size() == v.size() && one > v))
                v = one;
        }
        if (!v.empty()) {
            *value = strdup(v.c_str());
            if (!*value)
                throw std::bad_alloc();
        }
        return FDB_OK;
    });
}

} /* extern "C" */
