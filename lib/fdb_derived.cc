/* fdb_derived.cc -- what a reader derives from the index once per
 * revision, so that each search does not: the facets of every page, and
 * the completions of short words.
 *
 * Design: a handle keeps one fdb_derived, valid for the revision it was
 * made at; fdb_derived_of() drops it when the index moved on (a new
 * revision, or the handle reopened on a new generation), so nothing in it
 * is ever older than the index searched. Both tables are filled as they
 * are first needed, never ahead:
 *
 * - The facet table: a page's facet value ("type year fileid folder",
 *   fdb_schema.h) as small numbers, its page number and its OCR mark, by
 *   document id,
 *   read once from the value streams. A search's facet spy then costs an
 *   array look-up a matching page instead of reading and parsing its
 *   value and a string map's insertion, and the other pages of the PDFs
 *   shown need not read each page's value (fdb_search.cc).
 *   Not made past FACET_TABLE_MAX documents (memory), nor over shards
 *   (a spy sees each shard's own document ids, a remote shard knows only
 *   Xapian's own spies): Xapian's ValueCountMatchSpy does it there.
 * - Completions of a word of at most COMPLETION_MAX_BYTES bytes: the
 *   most frequent words it begins; such a short word begins thousands,
 *   all read by every completion otherwise (fdb_plan.cc). At most
 *   COMPLETION_ENTRIES words are kept (then the table starts again).
 * - Samples for completions after other words: the pages the words
 *   before find first and their words (on the bench corpus the server's
 *   memory grew by 5 MB with 8 of them a thread and the tables below), so
 *   that the letters typed after "fichier de " read no
 *   term list again (each costs a zlib inflate and a decoding, about
 *   0.1 ms a page there). At most HEAD_ENTRIES are kept.
 * - The words that begin with a word of FDB_RANGE_BYTES bytes, with
 *   their counts, when there are at most RANGE_MAX_WORDS of them: the
 *   letters typed after "con" are completed from them, where each would
 *   read the index's term list again (a B-tree cursor, its blocks read
 *   by pread). At most RANGE_WORDS in all.
 * - The accented form of the words a completion shows (fdb_surface, a
 *   metadata look-up each): at most SURFACE_ENTRIES.
 * - File records of the hits shown, decoded from their JSON once (a
 *   search shows ten; the files that answer many queries come back):
 *   at most FILE_ENTRIES.
 * - The count and facets of a query with its filters, from a count pass
 *   that was not cut short: the other pages of its answer, and its
 *   other orders, count the same pages (fdb_search.cc). At most
 *   COUNT_ENTRIES.
 */
#include "fdb_derived.h"

#include <cstdint>
#include <unordered_map>

namespace {

const Xapian::docid FACET_TABLE_MAX = 4000000;
const size_t COMPLETION_MAX_BYTES = 3;
const size_t COMPLETION_ENTRIES = 4096;
const size_t HEAD_ENTRIES = 8;
const size_t FILE_ENTRIES = 2048;
const size_t COUNT_ENTRIES = 512;
const size_t RANGE_WORDS = 262144;
const size_t SURFACE_ENTRIES = 16384;

/* Interns names: the id of each distinct one, in order of first sight. */
struct names {
    std::vector<std::string> list;
    std::unordered_map<std::string, uint32_t> ids;
    uint32_t id(const std::string &s)
    {
        auto it = ids.emplace(s, (uint32_t)list.size());
        if (it.second)
            list.push_back(s);
        return it.first->second;
    }
};

void facet_table_build(Xapian::Database &db, fdb_facet_table &t)
{
    using namespace fdb_schema;
    names types, years, folders, files;
    t.by_doc.assign(db.get_lastdocid(), fdb_facet_table::page());
    for (auto v = db.valuestream_begin(V_FACET); v != db.valuestream_end(V_FACET); ++v) {
        const std::string s = *v;
        size_t a = s.find(' '), b = a == std::string::npos ? a : s.find(' ', a + 1);
        size_t c = b == std::string::npos ? b : s.find(' ', b + 1);
        Xapian::docid did = v.get_docid();
        if (c == std::string::npos || did == 0 || did > t.by_doc.size())
            continue;
        fdb_facet_table::page &p = t.by_doc[did - 1];
        p.type = types.id(s.substr(0, a));
        p.year = years.id(s.substr(a + 1, b - a - 1));
        p.file = files.id(s.substr(b + 1, c - b - 1));
        p.folder = c + 1 < s.size() ? folders.id(s.substr(c + 1)) : fdb_facet_table::NONE;
    }
    for (auto v = db.valuestream_begin(V_PAGE); v != db.valuestream_end(V_PAGE); ++v)
        if (v.get_docid() > 0 && v.get_docid() <= t.by_doc.size())
            t.by_doc[v.get_docid() - 1].number = (uint32_t)Xapian::sortable_unserialise(*v);
    for (auto v = db.valuestream_begin(V_OCR); v != db.valuestream_end(V_OCR); ++v)
        if (v.get_docid() > 0 && v.get_docid() <= t.by_doc.size())
            t.by_doc[v.get_docid() - 1].ocr = !(*v).empty();
    t.types = std::move(types.list);
    t.years = std::move(years.list);
    t.folders = std::move(folders.list);
    t.nfiles = (uint32_t)files.list.size();
}

} /* namespace */

fdb_derived &fdb_derived_of(fdb *db)
{
    unsigned long rev = fdb_shards_revision(db);
    if (!db->derived || db->derived->revision != rev || db->derived->stub != db->stub) {
        db->derived = std::make_shared<fdb_derived>();
        db->derived->revision = rev;
        db->derived->stub = db->stub;
    }
    return *db->derived;
}

const fdb_facet_table *fdb_facet_table_of(fdb *db)
{
    if (db->remote || !db->shards.empty() || db->db->get_lastdocid() > FACET_TABLE_MAX)
        return nullptr;
    fdb_derived &d = fdb_derived_of(db);
    if (!d.facets) {
        std::unique_ptr<fdb_facet_table> t(new fdb_facet_table);
        facet_table_build(*db->db, *t);
        d.facets = std::move(t);
    }
    return d.facets.get();
}

const std::vector<fdb_completion> *fdb_completions_of(fdb *db, const std::string &word)
{
    if (word.size() > COMPLETION_MAX_BYTES)
        return nullptr;
    fdb_derived &d = fdb_derived_of(db);
    auto it = d.completions.find(word);
    return it == d.completions.end() ? nullptr : &it->second;
}

void fdb_completions_keep(fdb *db, const std::string &word,
                          const std::vector<fdb_completion> &found)
{
    if (word.size() > COMPLETION_MAX_BYTES)
        return;
    fdb_derived &d = fdb_derived_of(db);
    if (d.completions.size() >= COMPLETION_ENTRIES)
        d.completions.clear();
    d.completions[word] = found;
}

const fdb_word_range *fdb_word_range_of(fdb *db, const std::string &head)
{
    if (head.size() > FDB_RANGE_BYTES)
        return nullptr;
    fdb_derived &d = fdb_derived_of(db);
    auto it = d.ranges.find(head);
    return it == d.ranges.end() ? nullptr : &it->second;
}

const fdb_word_range *fdb_word_range_keep(fdb *db, const std::string &head,
                                          fdb_word_range &&range)
{
    if (head.size() > FDB_RANGE_BYTES)
        return nullptr;
    fdb_derived &d = fdb_derived_of(db);
    if (d.range_words + range.at.size() > RANGE_WORDS) {
        d.ranges.clear();
        d.range_words = 0;
    }
    d.range_words += range.at.size();
    fdb_word_range &kept = d.ranges[head];
    kept = std::move(range);
    return &kept;
}

std::string fdb_surface_kept(fdb *db, const std::string &folded)
{
    if (db->wdb)
        return fdb_surface(db, folded);
    fdb_derived &d = fdb_derived_of(db);
    auto it = d.surfaces.find(folded);
    if (it != d.surfaces.end())
        return it->second;
    std::string s = fdb_surface(db, folded);
    if (d.surfaces.size() >= SURFACE_ENTRIES)
        d.surfaces.clear();
    d.surfaces.emplace(folded, s);
    return s;
}

std::shared_ptr<fdb_head_sample> fdb_head_sample_of(fdb *db, const std::string &head)
{
    fdb_derived &d = fdb_derived_of(db);
    auto it = d.heads.find(head);
    return it == d.heads.end() ? nullptr : it->second;
}

void fdb_head_sample_keep(fdb *db, const std::string &head,
                          const std::shared_ptr<fdb_head_sample> &sample)
{
    fdb_derived &d = fdb_derived_of(db);
    if (d.heads.size() >= HEAD_ENTRIES)
        d.heads.clear();
    d.heads[head] = sample;
}

const fdb_schema::file_record *fdb_file_record_of(fdb *db, Xapian::docid did,
                                                  const std::string &id)
{
    fdb_derived &d = fdb_derived_of(db);
    auto it = d.files.find(id);
    if (it != d.files.end())
        return &it->second;
    fdb_schema::file_record r;
    if (!fdb_schema::file_record_decode(fdb_meta_of(db, did, fdb_schema::META_FILE + id), r))
        return nullptr;
    if (d.files.size() >= FILE_ENTRIES)
        d.files.clear();
    return &d.files.emplace(id, std::move(r)).first->second;
}

const fdb_counted *fdb_counted_of(fdb *db, const std::string &key)
{
    fdb_derived &d = fdb_derived_of(db);
    auto it = d.counts.find(key);
    return it == d.counts.end() ? nullptr : &it->second;
}

void fdb_counted_keep(fdb *db, const std::string &key, const fdb_counted &c)
{
    fdb_derived &d = fdb_derived_of(db);
    if (d.counts.size() >= COUNT_ENTRIES)
        d.counts.clear();
    d.counts[key] = c;
}
