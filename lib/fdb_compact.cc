/* fdb_compact.cc -- the index's folder layout, and compaction.
 *
 * Layout: the index folder holds a Xapian stub file, XAPIANDB, that names
 * the generation in use ("auto g1"), and the generation folders beside it.
 * An index written page after page in batches leaves its B-trees about
 * half full; fdb_compact() writes a compact copy into a new generation
 * and rewrites XAPIANDB atomically, so a reader or a
 * crash sees one generation or the other, never a mix. Readers notice the
 * new stub at their next fdb_reopen() and open it. Every other generation
 * (the one replaced, any left by a compaction that was killed or by a
 * rebuild) is removed right after the switch, so that the folder holds one
 * copy of the index: a reader still on the one replaced reads on from the
 * files it holds open (Xapian opens every table of a revision when it
 * opens it, and an unlinked file stays readable through an open
 * descriptor), and moves at its next fdb_reopen. A reader that read the
 * old stub just before the switch and opens the generation just after it
 * went finds the new stub and opens that (fdb.cc). A writer also removes
 * them when it opens the index (fdb_layout_tidy; but the shards of an
 * index in shards, "shard-*", which are no generations: bin/indexer
 * --shards writes them beside one index while it goes from one layout
 * to the other): none is left behind by a
 * rebuild or by a run killed between its switch and its tidying. Xapian
 * counts revisions from 1 again in the new generation; the
 * revision the old one had is kept in it (R:base) and added by fdb_info,
 * so revisions only grow. An index folder made before this layout (tables directly inside)
 * is used as it is and never compacted.
 *
 * Names: a generation's name is never given twice in its folder, so a
 * stub's text names one index for good. A reader compares the stub's
 * text with the one it opened (fdb_reopen): a name taken again after its
 * generation was removed would hide the switch from it, or show it
 * another index's tables under the name it holds. A name is a letter
 * saying what made it and a number: "g1" the first, made in a folder
 * that holds no index; then "c" a compaction, "r" a rebuild, "s" a
 * spelling copy. The folder's file GENERATION keeps the last number
 * given, written (durably) before the generation is made; a new number
 * is also above every generation the folder holds (one made before
 * GENERATION existed, or named by Xapian, which names a compaction into
 * a stub's folder by the second: we compact into a folder we name).
 * Only the holder of the index's write lock names generations.
 *
 * A spelling copy (fdb_spelling_export) uses the same layout in a folder
 * of its own: generations "s1", "s2"… named by its XAPIANDB, the one
 * before kept for the readers on it, older ones removed.
 *
 * A rebuild (an index of an older format, fdb_open_rebuild) goes on in a
 * fresh, empty generation ("r" and its number), named by the stub the
 * same way; readers see the old generation until then, and an empty index that
 * fills after; the old one goes at the compaction that ends the rebuilding
 * run. An index of the old layout is emptied in place.
 */
#include "fdb-private.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <algorithm>
#include <cerrno>
#include <cstring>

namespace {

const char STUB[] = "XAPIANDB";
const char COUNTER[] = "GENERATION";   /* the last number a generation was given */
const char FIRST_GENERATION[] = "g1";

std::string path_in(const std::string &dir, const char *name)
{
    return dir + "/" + name;
}

/* Remove a generation folder: its files, then the folder. */
void remove_generation(const std::string &gen)
{
    GDir *d = g_dir_open(gen.c_str(), 0, nullptr);
    if (!d)
        return;
    while (const char *name = g_dir_read_name(d))
        g_remove(path_in(gen, name).c_str());
    g_dir_close(d);
    g_rmdir(gen.c_str());
}

/* The generation a stub's text names ("auto NAME\n" -> "NAME"). */
std::string stub_target(const std::string &stub)
{
    std::string t = stub;
    if (t.compare(0, 5, "auto ") == 0)
        t = t.substr(5);
    while (!t.empty() && (t.back() == '\n' || t.back() == ' '))
        t.pop_back();
    return t;
}

/* The number in a generation's name: letters then digits ("c12" -> 12,
 * Xapian's "1764672000" too); 0 for any other name. */
unsigned long long generation_number(const char *name)
{
    while (g_ascii_isalpha(*name))
        name++;
    if (!g_ascii_isdigit(*name))
        return 0;
    char *end = nullptr;
    unsigned long long n = g_ascii_strtoull(name, &end, 10);
    return *end ? 0 : n;
}

/* The last number `dir` gave a generation: GENERATION's, or the highest of
 * the generations it holds if that is higher. */
unsigned long long generation_last(const std::string &dir)
{
    unsigned long long last = 0;
    gchar *text = nullptr;
    if (g_file_get_contents(path_in(dir, COUNTER).c_str(), &text, nullptr, nullptr))
        last = g_ascii_strtoull(text, nullptr, 10);
    g_free(text);
    GDir *d = g_dir_open(dir.c_str(), 0, nullptr);
    while (const char *name = d ? g_dir_read_name(d) : nullptr)
        if (g_file_test(path_in(dir, name).c_str(), G_FILE_TEST_IS_DIR))
            last = std::max(last, generation_number(name));
    if (d)
        g_dir_close(d);
    return last;
}

/* A name for a new generation of `dir`: `prefix` and a number the folder
 * never gave before, kept in GENERATION (durably) before the caller makes
 * the folder. Throws Xapian::DatabaseError when GENERATION cannot be
 * written. */
std::string generation_new(const std::string &dir, const char *prefix)
{
    unsigned long long n = generation_last(dir) + 1;
    std::string text = std::to_string(n) + "\n";
    GError *gerr = nullptr;
    if (!g_file_set_contents_full(path_in(dir, COUNTER).c_str(), text.c_str(),
                                  (gssize)text.size(),
                                  (GFileSetContentsFlags)(G_FILE_SET_CONTENTS_CONSISTENT |
                                                          G_FILE_SET_CONTENTS_DURABLE),
                                  0644, &gerr)) {
        std::string msg = std::string("cannot write ") + path_in(dir, COUNTER) + ": " +
                          gerr->message;
        g_error_free(gerr);
        throw Xapian::DatabaseError(msg);
    }
    return prefix + std::to_string(n);
}

/* Remove the generation folders of `dir` but `keep_now` and `keep_prev`.
 * The shards of an index in shards ("shard-*", bin/indexer --shards) are
 * not generations: while the indexer goes from shards to one index, both
 * are in the folder. */
void generations_tidy(const std::string &dir, const std::string &keep_now,
                      const std::string &keep_prev)
{
    GDir *d = g_dir_open(dir.c_str(), 0, nullptr);
    while (const char *name = d ? g_dir_read_name(d) : nullptr) {
        std::string full = path_in(dir, name);
        if (name != keep_now && name != keep_prev && !g_str_has_prefix(name, "shard-") &&
            g_file_test(full.c_str(), G_FILE_TEST_IS_DIR))
            remove_generation(full);
    }
    if (d)
        g_dir_close(d);
}

/* Point the stub at generation `name`, atomically. */
bool stub_write(const std::string &dir, const char *name, std::string &error)
{
    std::string tmp = path_in(dir, "XAPIANDB.tmp");
    std::string text = std::string("auto ") + name + "\n";
    if (!g_file_set_contents(tmp.c_str(), text.c_str(), (gssize)text.size(), nullptr) ||
        g_rename(tmp.c_str(), path_in(dir, STUB).c_str()) != 0) {
        error = "cannot write " + path_in(dir, STUB) + ": " + g_strerror(errno);
        return false;
    }
    return true;
}

} /* namespace */

void fdb_layout_tidy(fdb *db)
{
    std::string keep = stub_target(db->stub);
    if (!db->wdb || keep.empty())
        return;   /* a reader, or the old layout: no generations */
    GDir *d = g_dir_open(db->dir.c_str(), 0, nullptr);
    while (const char *name = d ? g_dir_read_name(d) : nullptr) {
        std::string full = path_in(db->dir, name);
        if (name != keep && !g_str_has_prefix(name, "shard-") &&
            g_file_test(full.c_str(), G_FILE_TEST_IS_DIR))
            remove_generation(full);
    }
    if (d)
        g_dir_close(d);
}

std::string fdb_stub_read(const std::string &dir)
{
    gchar *text = nullptr;
    gsize len = 0;
    if (!g_file_get_contents(path_in(dir, STUB).c_str(), &text, &len, nullptr))
        return std::string();
    std::string s(text, len);
    g_free(text);
    return s;
}

bool fdb_layout_prepare(const std::string &dir, std::string &error)
{
    if (g_mkdir_with_parents(dir.c_str(), 0755) != 0) {
        error = "cannot create " + dir + ": " + g_strerror(errno);
        return false;
    }
    if (g_file_test(path_in(dir, STUB).c_str(), G_FILE_TEST_EXISTS) ||
        g_file_test(path_in(dir, "iamglass").c_str(), G_FILE_TEST_EXISTS))
        return true;   /* an index already, in either layout */
    Xapian::WritableDatabase first(path_in(dir, FIRST_GENERATION), Xapian::DB_CREATE_OR_OPEN);
    fdb_format_set(first);
    first.close();
    return stub_write(dir, FIRST_GENERATION, error);
}

void fdb_layout_fresh(fdb *db)
{
    if (!db->wdb)
        throw Xapian::InvalidOperationError("index not opened for writing");
    unsigned long revision = db->rev_base + db->wdb->get_revision();
    std::string error;
    if (db->stub.empty() && fdb_stub_read(db->dir).empty()) {
        /* The old layout: start again in place. */
        db->db.reset();
        db->wdb = nullptr;
        db->wdb = new Xapian::WritableDatabase(db->dir, Xapian::DB_CREATE_OR_OVERWRITE);
        db->db.reset(db->wdb);
    } else {
        /* A new generation, written before the stub names it; the old
         * one is removed by the next compaction. */
        std::string name = generation_new(db->dir, "r");
        std::unique_ptr<Xapian::WritableDatabase> fresh(new Xapian::WritableDatabase(
            path_in(db->dir, name.c_str()), Xapian::DB_CREATE));
        if (!stub_write(db->dir, name.c_str(), error))
            throw Xapian::DatabaseError(error);
        db->wdb = fresh.get();
        db->db.reset(fresh.release());   /* the old generation's lock goes */
        db->stub = fdb_stub_read(db->dir);
    }
    fdb_format_set(*db->wdb);
    db->wdb->set_metadata(fdb_schema::META_REV_BASE, std::to_string(revision));
    db->wdb->commit();
    fdb_load_rev_base(db);
}

extern "C" {

fdb_status fdb_compact(fdb *db, int *done)
{
    if (done)
        *done = 0;
    return fdb_guard(db->error, [&]() {
        if (!db->wdb)
            throw Xapian::InvalidOperationError("index not opened for writing");
        std::string before = fdb_stub_read(db->dir);
        if (before.empty())
            return FDB_OK;   /* the old layout: nothing to switch */
        db->wdb->commit();
        unsigned long revision = db->rev_base + db->wdb->get_revision();
        /* Into a folder named here, not Xapian's (a stub's folder gets a
         * name by the second from it): see "Names" above. */
        std::string name = generation_new(db->dir, "c");
        db->wdb->compact(path_in(db->dir, name.c_str()));
        std::string error;
        if (!stub_write(db->dir, name.c_str(), error))
            throw Xapian::DatabaseError(error);
        std::string after = fdb_stub_read(db->dir);
        /* Readers through xapian-tcpsrv stay on the generation they
         * opened: tell them it was replaced. */
        db->wdb->set_metadata(fdb_schema::META_REPLACED, "1");
        db->wdb->commit();
        /* Write on in the new generation, then tidy up. */
        db->db.reset();
        db->wdb = nullptr;     /* no dangling writer if opening throws */
        db->wdb = new Xapian::WritableDatabase(db->dir, Xapian::DB_OPEN);
        db->db.reset(db->wdb);
        db->stub = after;
        db->wdb->set_metadata(fdb_schema::META_REV_BASE, std::to_string(revision));
        db->wdb->commit();
        fdb_load_rev_base(db);
        fdb_layout_tidy(db);
        if (done)
            *done = 1;
        return FDB_OK;
    });
}

fdb_status fdb_spelling_export(fdb *db, const char *out)
{
    return fdb_guard(db->error, [&]() {
        if (!out || !*out)
            throw Xapian::InvalidArgumentError("no folder for the spelling copy");
        std::string dir = out;
        if (g_mkdir_with_parents(dir.c_str(), 0755) != 0)
            throw Xapian::DatabaseCreateError("cannot create " + dir + ": " + g_strerror(errno));
        std::string before = fdb_stub_read(dir);
        std::string name = generation_new(dir, "s");
        {
            Xapian::WritableDatabase copy(path_in(dir, name.c_str()), Xapian::DB_CREATE);
            Xapian::Database &from = *db->db;
            for (auto w = from.spellings_begin(); w != from.spellings_end(); ++w)
                copy.add_spelling(*w, w.get_termfreq());
            copy.commit();
            copy.close();
        }
        std::string error;
        if (!stub_write(dir, name.c_str(), error))
            throw Xapian::DatabaseError(error);
        generations_tidy(dir, name, stub_target(before));
        return FDB_OK;
    });
}

} /* extern "C" */
