/* fdb_shards.cc -- an index in several shards, read as one, going on
 * with the shards it can reach.
 *
 * `--index` may name a stub file instead of an index folder: one shard a
 * line, "auto PATH" (an index folder, relative to the stub's folder when
 * not absolute) or "remote HOST:PORT" (a shard served by xapian-tcpsrv),
 * '#' starting a comment. Each shard is opened on its own and the ones
 * that are up are added to one Xapian::Database, which searches them as
 * one: Xapian combines their statistics, so ranking, collapsing and
 * counts are those of one index (docs/scaling.md says what differs).
 *
 * Xapian's remote protocol carries no spelling data, so "did you mean"
 * over a remote shard reads a local copy of its spelling table, made by
 * the indexer (fdb_spelling_export) and named by a "spelling PATH" line:
 * the spelling copies and the shards that are up make a second database
 * (fdb_spelling_db), in which Xapian adds up the words' frequencies of
 * every shard as it does for local ones. A copy is followed, and tried
 * again when missing, like a local shard.
 *
 * A shard that cannot be reached (xapian-tcpsrv stopped, its machine
 * down, a local folder gone) is left out: the handle goes on with the
 * others and says which are down (fdb_shard_get; a search's results are
 * partial, FDB_PARTIAL_SHARDS). A shard lost in the middle of a call
 * makes that call fail with FDB_ERR_SHARD; fdb_reopen then finds which
 * shard it was (each up shard is asked for its revision), leaves it out,
 * and tries the down ones again, at most every SHARD_RETRY_SECONDS, so
 * that a shard back on its port is searched again without a restart.
 * Only when no shard at all can be reached does opening fail.
 *
 * The shards are also kept apart, for what Xapian reads from the first
 * sub-database only: metadata (file records, accented forms, user keys)
 * is looked up in each shard (a hit's file record in the shard of its
 * page, whose number says which), file records listed from every shard, and
 * the revision is the sum of the shards' (a remote shard's is estimated,
 * see fdb_shards_revision; each shard's R:base is read once a connection
 * and revision, not at each of the dozen times a search asks for the
 * revision: over a remote shard each read is a round trip). A local shard that the indexer compacted into
 * a new generation is opened anew, as fdb_reopen does for one index (a
 * remote one when its generation says it was replaced, META_REPLACED), and
 * a stub file that changed (bin/indexer --shards N with another N) is
 * read again.
 */
#include "fdb-private.h"

#include "clock.h"

#include <glib.h>
#include <cstdlib>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

/* Seconds between two attempts to reach a shard that is down. */
#define SHARD_RETRY_SECONDS 2.0
/* Milliseconds: connecting to a remote shard, and waiting for any one
 * answer of it (past that, the shard is taken as down). */
#define SHARD_CONNECT_MS 2000
#define SHARD_TIMEOUT_MS 10000

namespace {

/* Times each shard (by path or HOST:PORT) was lost after being up, by
 * any handle of the process: what /api/stats reports, whichever thread
 * asks. */
std::mutex lost_lock;
std::map<std::string, unsigned long> lost_counts;

std::string shard_key(const fdb_shard &s)
{
    return s.remote ? s.host + ":" + std::to_string(s.port) : s.path;
}

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

/* A shard from its stub line (not opened yet); throws on a bad line. */
fdb_shard shard_parse(const std::string &stub, const std::string &kind,
                      const std::string &arg)
{
    fdb_shard s;
    s.name = arg;
    if (kind == "auto" || kind == "glass" || kind == "spelling") {
        s.path = shard_path(stub, arg);
        return s;
    }
    size_t colon = arg.rfind(':');
    if (kind == "remote" && colon != std::string::npos && colon > 0) {
        unsigned long port = strtoul(arg.c_str() + colon + 1, nullptr, 10);
        if (port == 0 || port > 65535)
            throw Xapian::DatabaseOpeningError(stub + ": bad port in " + arg);
        s.remote = true;
        s.host = arg.substr(0, colon);
        s.port = (unsigned)port;
        return s;
    }
    throw Xapian::DatabaseOpeningError(stub + ": a shard line is \"auto PATH\" or "
                                       "\"remote HOST:PORT\", not \"" + kind + " " + arg + "\"");
}

/* Try to open a shard; false (with its error kept) when it cannot. */
bool shard_connect(fdb_shard &s)
{
    try {
        if (s.remote) {
            s.db = Xapian::Remote::open(s.host, s.port, SHARD_TIMEOUT_MS, SHARD_CONNECT_MS);
        } else {
            s.stub = fdb_stub_read(s.path);
            s.db = Xapian::Database(s.path);
        }
        s.up = true;
        s.rev_base_read = false;
        s.error.clear();
        s.down_since = 0;
        return true;
    } catch (const Xapian::Error &e) {
        s.error = e.get_type() + std::string(": ") + e.get_msg();
    }
    return false;
}

/* Mark a shard down after a failure to reach it. */
void shard_lost(fdb_shard &s, const std::string &why)
{
    if (s.up) {
        std::lock_guard<std::mutex> hold(lost_lock);
        lost_counts[shard_key(s)]++;
        s.down_since = (long long)time(nullptr);
    } else if (!s.down_since) {
        s.down_since = (long long)time(nullptr);
    }
    s.up = false;
    s.error = why;
    s.db = Xapian::Database();
    s.next_try = clock_now() + SHARD_RETRY_SECONDS;
}

/* Put the shards that are up into the handle's database. Throws when
 * none is. */
void shards_combine(fdb *db)
{
    db->db.reset(new Xapian::Database);
    db->remote = false;
    const fdb_shard *first_down = nullptr;
    for (auto &s : db->shards) {
        if (s.up) {
            db->db->add_database(s.db);
            db->remote = db->remote || s.remote;
        } else if (!first_down) {
            first_down = &s;
        }
    }
    if (db->db->size() == 0)
        throw Xapian::NetworkError("no shard can be reached (" + first_down->name +
                                   ": " + first_down->error + ")");
    db->spell.reset();
    if (db->spellings.empty())
        return;
    db->spell.reset(new Xapian::Database(*db->db));
    for (auto &s : db->spellings)
        if (s.up)
            db->spell->add_database(s.db);
}

/* A shard that failed while up: a remote one is connected again at once
 * (the indexer's compaction removes the generation xapian-tcpsrv was
 * reading), else, or when that fails too, it is lost. */
bool shard_again(fdb_shard &s, bool &moved, const std::string &why)
{
    if (s.remote && shard_connect(s)) {
        moved = true;
        return true;
    }
    shard_lost(s, why);
    return false;
}

/* Bring one up shard to its newest revision; false when it is lost. */
bool shard_refresh(fdb_shard &s, bool &moved)
{
    try {
        if (!s.remote && fdb_stub_read(s.path) != s.stub) {
            /* Compacted into a new generation: open that one. */
            moved = true;
            return shard_connect(s) || (shard_lost(s, s.error), false);
        }
        if (s.db.reopen()) {
            moved = true;
            s.rev_base_read = false;
            /* xapian-tcpsrv reads the generation it opened: once the
             * indexer compacted the shard into a new one, connect again. */
            if (s.remote && !s.db.get_metadata(fdb_schema::META_REPLACED).empty())
                return shard_connect(s) || (shard_lost(s, s.error), false);
        }
        return true;
    } catch (const Xapian::NetworkError &e) {
        return shard_again(s, moved, e.get_type() + std::string(": ") + e.get_msg());
    } catch (const Xapian::DatabaseError &e) {
        /* A local shard's folder gone or unreadable; a remote one's
         * generation removed after a compaction. */
        return shard_again(s, moved, e.get_type() + std::string(": ") + e.get_msg());
    }
}

} /* namespace */

/* The stub file's text; throws when it cannot be read. */
static std::string stub_text(const std::string &stub)
{
    gchar *text = nullptr;
    if (!g_file_get_contents(stub.c_str(), &text, nullptr, nullptr))
        throw Xapian::DatabaseNotFoundError("cannot read " + stub);
    std::string s(text);
    g_free(text);
    return s;
}

void fdb_shards_open(fdb *db, const std::string &stub)
{
    db->stub_path = stub;
    db->stub = stub_text(stub);
    std::istringstream lines(db->stub);
    std::string line;
    db->shards.clear();
    db->spellings.clear();
    while (std::getline(lines, line)) {
        std::istringstream words(line);
        std::string kind, arg;
        words >> kind >> arg;
        if (kind.empty() || kind[0] == '#')
            continue;
        (kind == "spelling" ? db->spellings : db->shards).push_back(shard_parse(stub, kind, arg));
    }
    if (db->shards.empty())
        throw Xapian::DatabaseOpeningError(stub + " names no shard");
    for (auto *list : { &db->shards, &db->spellings })
        for (auto &s : *list)
            if (!shard_connect(s))
                shard_lost(s, s.error);
    shards_combine(db);
}

bool fdb_shards_reopen(fdb *db)
{
    if (stub_text(db->stub_path) != db->stub) {
        /* Shards added or removed, or the indexer changed their number:
         * open the new ones. */
        fdb_shards_open(db, db->stub_path);
        return true;
    }
    bool moved = false, changed = false;
    double now = clock_now();
    for (auto *list : { &db->shards, &db->spellings })
    for (auto &s : *list) {
        if (s.up) {
            changed = !shard_refresh(s, moved) || changed;
        } else if (now >= s.next_try) {
            if (shard_connect(s))
                changed = true;
            else
                shard_lost(s, s.error);
        }
    }
    if (changed || moved)
        shards_combine(db);
    return moved || changed;
}

unsigned fdb_shards_down(const fdb *db)
{
    unsigned n = 0;
    for (const auto &s : db->shards)
        n += s.up ? 0 : 1;
    return n;
}

Xapian::Database &fdb_spelling_db(fdb *db)
{
    return db->spell ? *db->spell : *db->db;
}

std::string fdb_meta(fdb *db, const std::string &key)
{
    if (db->shards.empty())
        return db->db->get_metadata(key);
    for (auto &s : db->shards) {
        if (!s.up)
            continue;
        std::string v = s.db.get_metadata(key);
        if (!v.empty())
            return v;
    }
    return std::string();
}

std::string fdb_meta_of(fdb *db, Xapian::docid did, const std::string &key)
{
    if (db->shards.empty())
        return db->db->get_metadata(key);
    /* Xapian interleaves the document ids of the shards it searches:
     * those that are up, in the stub's order. */
    std::vector<fdb_shard *> up;
    for (auto &s : db->shards)
        if (s.up)
            up.push_back(&s);
    return up[(did - 1) % up.size()]->db.get_metadata(key);
}

unsigned long fdb_shards_revision(fdb *db)
{
    if (db->shards.empty())
        return db->rev_base + db->db->get_revision();
    unsigned long sum = 0;
    for (auto &s : db->shards) {
        if (!s.up)
            continue;
        if (!s.rev_base_read) {
            std::string base = s.db.get_metadata(fdb_schema::META_REV_BASE);
            s.rev_base = strtoul(base.c_str(), nullptr, 10);
            s.rev_base_read = true;
        }
        sum += s.rev_base;
        try {
            sum += s.db.get_revision();
        } catch (const Xapian::UnimplementedError &) {
            /* A remote shard does not tell its revision: its last
             * document id and count move with any indexer run that
             * adds, changes or removes a file. */
            sum += s.db.get_lastdocid() + s.db.get_doccount();
        }
    }
    return sum;
}

std::map<Xapian::docid, Xapian::Document>
fdb_shards_documents(fdb *db, const std::vector<Xapian::docid> &dids)
{
    std::map<Xapian::docid, Xapian::Document> out;
    if (!db->remote || db->shards.empty() || dids.empty())
        return out;
    /* Xapian interleaves the ids of the shards that are up, in the stub's
     * order (as fdb_meta_of). Each thread uses its shard's own handle
     * only (its own connection); this thread waits for them all. */
    std::vector<fdb_shard *> up;
    for (auto &s : db->shards)
        if (s.up)
            up.push_back(&s);
    size_t n = up.size();
    std::vector<std::vector<std::pair<Xapian::docid, Xapian::Document>>> got(n);
    std::vector<std::exception_ptr> failed(n);
    std::vector<std::thread> threads;
    for (size_t k = 0; k < n; k++)
        threads.emplace_back([&, k]() {
            try {
                for (Xapian::docid did : dids)
                    if ((did - 1) % n == k)
                        got[k].emplace_back(did, up[k]->db.get_document((did - 1) / n + 1));
            } catch (...) {
                failed[k] = std::current_exception();
            }
        });
    for (auto &t : threads)
        t.join();
    for (size_t k = 0; k < n; k++) {
        if (failed[k])
            std::rethrow_exception(failed[k]);
        for (auto &d : got[k])
            out.emplace(d.first, std::move(d.second));
    }
    return out;
}

std::vector<std::pair<unsigned, Xapian::Database>> fdb_shards_each(fdb *db)
{
    if (db->shards.empty())
        return { { 0, *db->db } };
    std::vector<std::pair<unsigned, Xapian::Database>> up;
    for (unsigned i = 0; i < db->shards.size(); i++)
        if (db->shards[i].up)
            up.emplace_back(i, db->shards[i].db);
    return up;
}

extern "C" {

size_t fdb_shard_count(const fdb *db)
{
    return db->shards.size();
}

int fdb_shard_get(fdb *db, size_t i, fdb_shard_info *out)
{
    if (i >= db->shards.size())
        return 0;
    fdb_shard &s = db->shards[i];
    out->name = s.name.c_str();
    out->remote = s.remote ? 1 : 0;
    out->up = s.up ? 1 : 0;
    out->error = s.up ? nullptr : s.error.c_str();
    out->down_since = s.up ? 0 : s.down_since;
    {
        std::lock_guard<std::mutex> hold(lost_lock);
        auto n = lost_counts.find(shard_key(s));
        out->lost = n == lost_counts.end() ? 0 : n->second;
    }
    out->pages = 0;
    if (s.up) {
        std::string ignored;
        fdb_guard(ignored, [&]() {
            out->pages = s.db.get_doccount();
            return FDB_OK;
        });
    }
    return 1;
}

} /* extern "C" */
