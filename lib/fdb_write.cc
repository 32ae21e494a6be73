/* fdb_write.cc -- putting files into the index and taking them out.
 *
 * A file becomes one Xapian document per page (see the schema in fdb.cc).
 * The work is split in two so that it can be shared between processes:
 * fdb_file_encode() folds and stems the text and serialises the file's
 * documents into a blob, with no index at hand (a worker can do it);
 * fdb_store_blob() deletes the file's old pages, adds the new ones, feeds
 * the spelling table and writes the file's record (only the writer does).
 *
 * Blob layout: "FDB1", then length-prefixed strings (frame.h: 4 bytes,
 * little endian): the file's record (JSON), the file's accented words
 * (lines of "folded TAB surface"), then each page's serialised document.
 *
 * Accented words: the index holds folded words only ("economie"); to show a
 * visitor "économie" in completions and "did you mean", the first surface
 * form seen of each word whose folding changed it is kept in the metadata
 * (W<folded> -> surface, see fdb.cc).
 */
#include "date.h"
#include "fdb-private.h"
#include "frame.h"
#include "norm.h"

#include <glib.h>
#include <jansson.h>
#include <algorithm>
#include <cstring>
#include <ctime>
#include <map>
#include <memory>
#include <vector>

namespace {

const char BLOB_MAGIC[] = "FDB1";

/* Folded word -> its first lower-case accented form seen. */
using surface_map = std::map<std::string, std::string>;

/* One walk of norm_tokenize over a text: its folded words, separated by
 * single spaces (what norm_fold_text gives), and the surface forms of its
 * accented words when `forms` is given. */
struct fold_walk {
    const char *text;
    std::string out;
    surface_map *forms;
};

/* Keep a word's surface form when folding changed it, for a clean word
 * only (not elided, hyphen-joined or mixed with digits). */
void keep_surface(const fold_walk *fw, const norm_token *tok)
{
    size_t n = tok->end - tok->start;
    if (n > 120 || tok->word_len == 0)
        return;
    const char *span = fw->text + tok->start;
    for (const char *p = span; p < span + n; p = g_utf8_next_char(p))
        if (!g_unichar_isalpha(g_utf8_get_char(p)))
            return;
    char *lower = g_utf8_strdown(span, (gssize)n);
    if (strcmp(lower, tok->word) != 0)
        fw->forms->emplace(tok->word, lower);
    g_free(lower);
}

int fold_token(const norm_token *tok, void *ud)
{
    fold_walk *fw = static_cast<fold_walk *>(ud);
    if (!fw->out.empty())
        fw->out += ' ';
    fw->out.append(tok->word, tok->word_len);
    if (fw->forms)
        keep_surface(fw, tok);
    return 0;
}

std::string folded(const char *s, size_t len, surface_map *forms = nullptr)
{
    if (!s || !len)
        return std::string();
    fold_walk fw = {s, std::string(), forms};
    fw.out.reserve(len);
    norm_tokenize(s, (long)len, fold_token, &fw);
    return fw.out;
}

std::string folded(const char *s, surface_map *forms = nullptr)
{
    return s ? folded(s, strlen(s), forms) : std::string();
}

/* Path words: separators in file names become spaces. */
std::string folded_path(const char *path)
{
    std::string p(path);
    for (char &c : p)
        if (c == '/' || c == '_' || c == '.' || c == '-')
            c = ' ';
    return folded(p.c_str());
}

std::string json_dump(json_t *obj)
{
    char *s = json_dumps(obj, JSON_COMPACT | JSON_ENSURE_ASCII);
    json_decref(obj);
    if (!s)
        throw std::bad_alloc();
    std::string out(s);
    free(s);
    return out;
}

void json_set_str(json_t *obj, const char *key, const char *value)
{
    if (value)
        json_object_set_new(obj, key, json_string(value));
}

std::string file_record(const fdb_file *f)
{
    json_t *o = json_object();
    json_set_str(o, "path", f->path);
    json_object_set_new(o, "size", json_integer(f->size));
    json_object_set_new(o, "mtime", json_integer(f->mtime));
    json_set_str(o, "hash", f->hash ? f->hash : "");
    json_object_set_new(o, "pages", json_integer((json_int_t)f->npages));
    return json_dump(o);
}

std::string page_meta(const fdb_file *f, unsigned page)
{
    json_t *o = json_object();
    json_set_str(o, "path", f->path);
    json_set_str(o, "title", f->title);
    json_set_str(o, "type", f->type);
    json_set_str(o, "date", f->date);
    json_set_str(o, "date_source", f->date_source);
    json_object_set_new(o, "size", json_integer(f->size));
    json_object_set_new(o, "mtime", json_integer(f->mtime));
    json_object_set_new(o, "pages", json_integer((json_int_t)f->npages));
    json_object_set_new(o, "page", json_integer(page));
    json_set_str(o, "author", f->author);
    json_set_str(o, "description", f->description);
    json_set_str(o, "headings", f->headings);
    json_set_str(o, "hash", f->hash);
    return json_dump(o);
}

/* "2022-05-19" -> "20220519", or "" when not a date (date.h). */
std::string date_key(const char *date)
{
    char key[DATE_KEY_SIZE];
    return date_to_key(date, key) ? std::string(key) : std::string();
}

/* The text shared by every page of a file, folded once. */
struct file_words {
    std::string title, headings, description, author, path;
};

Xapian::Document page_document(const fdb_file *f, const std::string &fid,
                               const file_words &w, size_t i,
                               Xapian::TermGenerator &tg, surface_map &forms)
{
    using namespace fdb_schema;
    bool pdf = strcmp(f->type, "pdf") == 0;
    unsigned page = pdf ? (unsigned)(i + 1) : 0;
    Xapian::Document doc;
    tg.set_document(doc);

    tg.index_text(folded(f->page_text[i], f->page_len[i], &forms));
    /* The file's own words go on every page, so that a page matches a
     * query mixing them with its text; with positions (phrases) on the
     * first page only: positions are most of an index's size. */
    auto words = [&](const std::string &text, Xapian::termcount wdf, const char *prefix) {
        if (i == 0) {
            tg.increase_termpos();
            tg.index_text(text, wdf, prefix);
        } else {
            tg.index_text_without_positions(text, wdf, prefix);
        }
    };
    words(w.title, 5, "");
    words(w.title, 1, TITLE);
    words(w.headings, 3, "");
    words(w.description, 2, "");
    words(w.author, 1, "");
    tg.index_text_without_positions(w.author, 1, AUTHOR);
    tg.index_text_without_positions(w.path, 1);
    tg.index_text_without_positions(w.path, 1, PATH);

    doc.add_boolean_term(UNIQUE + fid + "-" + std::to_string(page));
    doc.add_boolean_term(GROUP + fid);
    doc.add_boolean_term(std::string(TYPE) + f->type);
    std::string dk = date_key(f->date);
    if (!dk.empty()) {
        doc.add_boolean_term(YEAR + dk.substr(0, 4));
        doc.add_boolean_term(MONTH + dk.substr(0, 6));
        doc.add_boolean_term(DATE + dk);
        doc.add_value(V_DATE, dk);
    }
    doc.add_value(V_FILEID, fid);
    doc.add_value(V_PAGE, Xapian::sortable_serialise(page));
    doc.add_value(V_SIZE, Xapian::sortable_serialise((double)f->size));
    doc.add_value(V_TYPE, f->type);
    doc.add_value(V_FACET, std::string(f->type) + " " +
                               (dk.empty() ? std::string("-") : dk.substr(0, 4)) + " " + fid);

    std::string data = page_meta(f, page);
    data += '\n';
    data.append(f->page_text[i], f->page_len[i]);
    doc.set_data(data);
    return doc;
}

void blob_put(std::string &blob, const std::string &s)
{
    unsigned char head[FRAME_LEN_SIZE];
    frame_set_len(head, s.size());
    blob.append(reinterpret_cast<char *>(head), sizeof head);
    blob += s;
}

std::vector<std::string> blob_parse(const char *blob, size_t len)
{
    std::vector<std::string> parts;
    if (len < 4 || memcmp(blob, BLOB_MAGIC, 4) != 0)
        throw Xapian::InvalidArgumentError("not an fdb blob");
    frame_reader r;
    frame_reader_init(&r, blob + 4, len - 4);
    while (frame_left(&r)) {
        size_t n;
        const char *run = static_cast<const char *>(frame_get_run(&r, &n));
        if (!run)
            throw Xapian::InvalidArgumentError("truncated fdb blob");
        parts.emplace_back(run, n);
    }
    if (parts.size() < 3)
        throw Xapian::InvalidArgumentError("fdb blob without pages");
    return parts;
}

/* The blob's part of accented words: lines of "folded TAB surface". */
std::string surface_lines(const surface_map &forms)
{
    std::string out;
    for (const auto &kv : forms)
        out += kv.first + '\t' + kv.second + '\n';
    return out;
}

std::string encode(const fdb_file *f)
{
    if (!f || !f->path || !*f->path || !f->type || f->npages == 0 ||
        !f->page_text || !f->page_len)
        throw Xapian::InvalidArgumentError("incomplete fdb_file");
    std::string fid = fdb_file_id(f->path);
    surface_map forms;
    file_words w;
    w.title = folded(f->title, &forms);
    w.headings = folded(f->headings, &forms);
    w.description = folded(f->description, &forms);
    w.author = folded(f->author);
    w.path = folded_path(f->path);

    Xapian::TermGenerator tg;
    tg.set_stemmer(Xapian::Stem("french"));
    tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);

    /* The pages first: folding them also finds their accented words,
     * which the blob carries before them. */
    std::vector<std::string> pages;
    for (size_t i = 0; i < f->npages; i++)
        pages.push_back(page_document(f, fid, w, i, tg, forms).serialise());
    std::string blob(BLOB_MAGIC, 4);
    blob_put(blob, file_record(f));
    blob_put(blob, surface_lines(forms));
    for (const auto &p : pages)
        blob_put(blob, p);
    return blob;
}

/* A record's path, from its JSON. */
std::string record_path(const std::string &record)
{
    json_t *o = json_loads(record.c_str(), 0, nullptr);
    const char *p = o ? json_string_value(json_object_get(o, "path")) : nullptr;
    std::string path(p ? p : "");
    json_decref(o);
    if (path.empty())
        throw Xapian::InvalidArgumentError("file record without a path");
    return path;
}

/* Words worth correcting towards: unprefixed (folded, so they start
 * lower-case), 3 to 30 bytes, without digits (no numbers, no codes). */
bool is_spelling_word(const std::string &term)
{
    if (term.size() < 3 || term.size() > 30 || (term[0] >= 'A' && term[0] <= 'Z'))
        return false;
    for (char c : term)
        if (c >= '0' && c <= '9')
            return false;
    return true;
}

/* Keep the first surface form of each accented word; the handle
 * remembers the words it already checked. */
void store_surfaces(fdb *db, const std::string &lines)
{
    size_t at = 0;
    while (at < lines.size()) {
        size_t tab = lines.find('\t', at), nl = lines.find('\n', at);
        if (tab == std::string::npos || nl == std::string::npos || tab > nl)
            break;
        std::string folded = lines.substr(at, tab - at);
        at = nl + 1;
        if (!db->surfaces_known.insert(folded).second)
            continue;
        std::string key = fdb_schema::META_SURFACE + folded;
        if (db->wdb->get_metadata(key).empty())
            db->wdb->set_metadata(key, lines.substr(tab + 1, nl - tab - 1));
    }
}

void store(fdb *db, const std::vector<std::string> &parts)
{
    using namespace fdb_schema;
    Xapian::WritableDatabase &w = *db->wdb;
    std::string fid = fdb_file_id(record_path(parts[0]));
    w.delete_document(GROUP + fid);
    store_surfaces(db, parts[1]);
    for (size_t i = 2; i < parts.size(); i++) {
        Xapian::Document doc = Xapian::Document::unserialise(parts[i]);
        for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
            if (is_spelling_word(*t))
                w.add_spelling(*t);
        w.add_document(doc);
    }
    w.set_metadata(META_FILE + fid, parts[0]);
}

Xapian::WritableDatabase &writer(fdb *db)
{
    if (!db->wdb)
        throw Xapian::InvalidOperationError("index not opened for writing");
    return *db->wdb;
}

/* The stored pages of a file, in page order. */
struct json_release {
    void operator()(json_t *o) const { json_decref(o); }
};
using json_ptr = std::unique_ptr<json_t, json_release>;

struct stored_page {
    unsigned page;
    json_ptr meta;
    std::string text;
};

std::vector<stored_page> load_pages(Xapian::Database &d, const std::string &fid)
{
    std::vector<stored_page> pages;
    const std::string term = fdb_schema::GROUP + fid;
    for (auto it = d.postlist_begin(term); it != d.postlist_end(term); ++it) {
        std::string data = d.get_document(*it).get_data();
        size_t nl = data.find('\n');
        if (nl == std::string::npos)
            continue;
        json_t *meta = json_loadb(data.data(), nl, 0, nullptr);
        if (!meta)
            continue;
        unsigned page = (unsigned)json_integer_value(json_object_get(meta, "page"));
        pages.push_back({page, json_ptr(meta), data.substr(nl + 1)});
    }
    std::sort(pages.begin(), pages.end(),
              [](const stored_page &a, const stored_page &b) { return a.page < b.page; });
    return pages;
}

const char *jstr(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

} /* namespace */

extern "C" {

fdb_status fdb_file_encode(const fdb_file *file, char **blob, size_t *len)
{
    std::string error;
    *blob = nullptr;
    *len = 0;
    return fdb_guard(error, [&]() {
        std::string b = encode(file);
        char *out = static_cast<char *>(malloc(b.size()));
        if (!out)
            throw std::bad_alloc();
        memcpy(out, b.data(), b.size());
        *blob = out;
        *len = b.size();
        return FDB_OK;
    });
}

fdb_status fdb_store_blob(fdb *db, const char *blob, size_t len)
{
    return fdb_guard(db->error, [&]() {
        writer(db);
        store(db, blob_parse(blob, len));
        return FDB_OK;
    });
}

fdb_status fdb_replace_file(fdb *db, const fdb_file *file)
{
    return fdb_guard(db->error, [&]() {
        writer(db);
        std::string b = encode(file);
        store(db, blob_parse(b.data(), b.size()));
        return FDB_OK;
    });
}

fdb_status fdb_delete_file(fdb *db, const char *path)
{
    return fdb_guard(db->error, [&]() {
        Xapian::WritableDatabase &w = writer(db);
        std::string fid = fdb_file_id(path);
        w.delete_document(fdb_schema::GROUP + fid);
        w.set_metadata(fdb_schema::META_FILE + fid, "");
        return FDB_OK;
    });
}

fdb_status fdb_record_failure(fdb *db, const char *path, const char *reason,
                              long long size, long long mtime, const char *hash)
{
    return fdb_guard(db->error, [&]() {
        Xapian::WritableDatabase &w = writer(db);
        std::string fid = fdb_file_id(path);
        json_t *o = json_object();
        json_set_str(o, "path", path);
        json_object_set_new(o, "size", json_integer(size));
        json_object_set_new(o, "mtime", json_integer(mtime));
        json_set_str(o, "hash", hash ? hash : "");
        json_object_set_new(o, "pages", json_integer(0));
        json_set_str(o, "failure", reason ? reason : "unknown error");
        json_object_set_new(o, "failed_at", json_integer((json_int_t)time(nullptr)));
        w.delete_document(fdb_schema::GROUP + fid);
        w.set_metadata(fdb_schema::META_FILE + fid, json_dump(o));
        return FDB_OK;
    });
}

fdb_status fdb_rename_file(fdb *db, const char *old_path, const char *new_path)
{
    return fdb_guard(db->error, [&]() {
        Xapian::WritableDatabase &w = writer(db);
        std::string ofid = fdb_file_id(old_path);
        std::string record = w.get_metadata(fdb_schema::META_FILE + ofid);
        if (record.empty())
            return FDB_ERR_NOT_FOUND;
        std::vector<stored_page> pages = load_pages(w, ofid);
        fdb_status st = FDB_OK;
        if (pages.empty()) {
            /* A failed file: move its record only. */
            json_t *o = json_loads(record.c_str(), 0, nullptr);
            if (!o)
                throw Xapian::DatabaseCorruptError("bad file record");
            json_object_set_new(o, "path", json_string(new_path));
            w.set_metadata(fdb_schema::META_FILE + fdb_file_id(new_path), json_dump(o));
        } else {
            json_t *m = pages[0].meta.get();
            std::vector<const char *> texts;
            std::vector<size_t> lens;
            for (auto &p : pages) {
                texts.push_back(p.text.c_str());
                lens.push_back(p.text.size());
            }
            fdb_file f = {};
            f.path = new_path;
            f.type = jstr(m, "type");
            f.title = jstr(m, "title");
            f.author = jstr(m, "author");
            f.description = jstr(m, "description");
            f.headings = jstr(m, "headings");
            f.date = jstr(m, "date");
            f.date_source = jstr(m, "date_source");
            f.size = json_integer_value(json_object_get(m, "size"));
            f.mtime = json_integer_value(json_object_get(m, "mtime"));
            f.hash = jstr(m, "hash");
            f.npages = pages.size();
            f.page_text = texts.data();
            f.page_len = lens.data();
            if (!f.type) {
                st = FDB_ERR_CORRUPT;
            } else {
                std::string b = encode(&f);
                store(db, blob_parse(b.data(), b.size()));
            }
        }
        if (st != FDB_OK) {
            db->error = "stored page without metadata";
            return st;
        }
        w.delete_document(fdb_schema::GROUP + ofid);
        w.set_metadata(fdb_schema::META_FILE + ofid, "");
        return FDB_OK;
    });
}

fdb_status fdb_files(fdb *db, fdb_file_cb cb, void *ud)
{
    return fdb_guard(db->error, [&]() {
        Xapian::Database &d = *db->db;
        const std::string prefix = fdb_schema::META_FILE;
        for (auto k = d.metadata_keys_begin(prefix); k != d.metadata_keys_end(prefix); ++k) {
            std::string v = d.get_metadata(*k);
            json_t *o = json_loads(v.c_str(), 0, nullptr);
            if (!o)
                continue;
            fdb_file_info info;
            info.path = jstr(o, "path");
            info.size = json_integer_value(json_object_get(o, "size"));
            info.mtime = json_integer_value(json_object_get(o, "mtime"));
            info.hash = jstr(o, "hash") ? jstr(o, "hash") : "";
            info.pages = (unsigned)json_integer_value(json_object_get(o, "pages"));
            info.failure = jstr(o, "failure");
            info.failed_at = json_integer_value(json_object_get(o, "failed_at"));
            int stop = info.path ? cb(&info, ud) : 0;
            json_decref(o);
            if (stop)
                break;
        }
        return FDB_OK;
    });
}

} /* extern "C" */
