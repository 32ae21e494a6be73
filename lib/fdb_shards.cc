/* fdb_shards.cc -- an index in several shards, read as one.
 *
 * `--index` may name a stub file instead of an index folder: one shard a
 * line, "auto PATH" (an index folder, relative to the stub's folder when
 * not absolute) or "remote HOST:PORT" (a shard served by xapian-tcpsrv),
 * '#' starting a comment. Each shard is opened on its own and added to
 * one Xapian::Database, which searches them as one: Xapian combines their
 * statistics, so ranking, collapsing and counts are those of one index
 * (docs/scaling.md says what differs).
 *
 * The shards are also kept apart, for what Xapian reads from the first
 * sub-database only: metadata (file records, accented forms, user keys)
 * is looked up in each shard (a hit's file record in the shard of its
 * page, whose number says which), file records listed from every shard, and
 * the revision is the sum of the shards' (a remote shard's is estimated,
 * see fdb_shards_revision).
 */
#include "fdb-private.h"

#include <glib.h>
#include <cstdlib>
#include <sstream>

namespace {

/* The path of a shard line relative to the stub's folder. */
std::string shard_path(const std::string &stub, const std::string &p)
{
    if (g_path_is_absolute(p.c_str()))
        return p;
    gchar *dir = g_path_get_dirname(stub.c_str());
    gchar *full = g_build_filename(dir, p.c_str(), nullptr);
    std::string out(full);
    g_free(dir);
    g_free(full);
    return out;
}

/* Open the shard a stub line names; sets `remote` for a remote one. */
Xapian::Database shard_open(const std::string &stub, const std::string &kind,
                            const std::string &arg, bool &remote)
{
    if (kind == "auto" || kind == "glass")
        return Xapian::Database(shard_path(stub, arg));
    size_t colon = arg.rfind(':');
    if (kind == "remote" && colon != std::string::npos && colon > 0) {
        unsigned long port = strtoul(arg.c_str() + colon + 1, nullptr, 10);
        if (port == 0 || port > 65535)
            throw Xapian::DatabaseOpeningError(stub + ": bad port in " + arg);
        remote = true;
        return Xapian::Remote::open(arg.substr(0, colon), (unsigned)port);
    }
    throw Xapian::DatabaseOpeningError(stub + ": a shard line is \"auto PATH\" or "
                                       "\"remote HOST:PORT\", not \"" + kind + " " + arg + "\"");
}

} /* namespace */

void fdb_shards_open(fdb *db, const std::string &stub)
{
    gchar *text = nullptr;
    if (!g_file_get_contents(stub.c_str(), &text, nullptr, nullptr))
        throw Xapian::DatabaseNotFoundError("cannot read " + stub);
    std::istringstream lines(text);
    g_free(text);
    std::string line;
    db->shards.clear();
    db->db.reset(new Xapian::Database);
    while (std::getline(lines, line)) {
        std::istringstream words(line);
        std::string kind, arg;
        words >> kind >> arg;
        if (kind.empty() || kind[0] == '#')
            continue;
        db->shards.push_back(shard_open(stub, kind, arg, db->remote));
        db->db->add_database(db->shards.back());
    }
    if (db->shards.empty())
        throw Xapian::DatabaseOpeningError(stub + " names no shard");
}

std::string fdb_meta(fdb *db, const std::string &key)
{
    if (db->shards.empty())
        return db->db->get_metadata(key);
    for (auto &s : db->shards) {
        std::string v = s.get_metadata(key);
        if (!v.empty())
            return v;
    }
    return std::string();
}

std::string fdb_meta_of(fdb *db, Xapian::docid did, const std::string &key)
{
    if (db->shards.empty())
        return db->db->get_metadata(key);
    /* Xapian interleaves the shards' document ids. */
    return db->shards[(did - 1) % db->shards.size()].get_metadata(key);
}

unsigned long fdb_shards_revision(fdb *db)
{
    if (db->shards.empty())
        return db->rev_base + db->db->get_revision();
    unsigned long sum = 0;
    for (auto &s : db->shards) {
        std::string base = s.get_metadata(fdb_schema::META_REV_BASE);
        sum += strtoul(base.c_str(), nullptr, 10);
        try {
            sum += s.get_revision();
        } catch (const Xapian::UnimplementedError &) {
            /* A remote shard does not tell its revision: its last
             * document id and count move with any indexer run that
             * adds, changes or removes a file. */
            sum += s.get_lastdocid() + s.get_doccount();
        }
    }
    return sum;
}

std::vector<Xapian::Database> fdb_shards_each(fdb *db)
{
    if (db->shards.empty())
        return { *db->db };
    return db->shards;
}
