/* fdb_write.cc -- putting files into the index and taking them out.
 *
 * A file becomes one Xapian document per page (see fdb_schema.h). Its
 * words are folded (norm.h) and indexed as Xapian's term generator would
 * (a plain word added here, any other by the generator: index_words);
 * their stems are added here, each taken of the word as written
 * (fdb_stem.cc), once a distinct word of a file (stem_cache).
 * The work is split in two so that it can be shared between processes:
 * fdb_file_encode() folds and stems the text and serialises the file's
 * documents into a blob, with no index at hand (a worker can do it);
 * fdb_store_blob() deletes the file's old pages, adds the new ones, feeds
 * the spelling table and writes the file's record (only the writer does);
 * fdb_add_blob() does the same for a file the index does not hold yet,
 * without looking for old pages. As much as can be is done in the
 * encoder, which runs in parallel in the workers: the writer is the one
 * serial stage of a run (docs/indexing.md), so it gets the spelling words
 * of the whole file counted once each, not a page's terms to filter.
 *
 * Blob layout: "FDB3" (the blob's own version: worker and writer are the
 * same program), then length-prefixed strings (frame.h: 4 bytes, little
 * endian): the file's record (fdb_schema.h), the file's accented words
 * (lines of "folded TAB surface"), its spelling words (lines of "word TAB
 * count"), then each page's serialised document.
 *
 * Accented words: the index holds folded words only ("economie"); to show a
 * visitor "économie" in completions and "did you mean", the first surface
 * form seen of each word whose folding changed it is kept in the metadata
 * (W<folded> -> surface, see fdb_schema.h).
 */
#include "date.h"
#include "fdb-private.h"
#include "frame.h"
#include "norm.h"

#include <glib.h>
#include <algorithm>
#include <cstring>
#include <ctime>
#include <map>
#include <memory>
#include <unordered_map>
#include <vector>

namespace {

const char BLOB_MAGIC[] = "FDB3";   /* 3: the blob's layout (above) */
/* The parts before the pages: record, accented words, spelling words. */
const size_t BLOB_HEAD_PARTS = 3;

/* Folded word -> its first lower-case accented form seen. */
using surface_map = std::map<std::string, std::string>;

/* A file's words -> their stems, so that each distinct word of a file is
 * stemmed once (Snowball, and for an accented word its lower-casing and
 * folding, were a third of the encoder's time): the folded word for a
 * word written in ASCII (its stem depends on it alone), the folded word,
 * a NUL and the word as written for any other (fdb_stem_of). */
using stem_cache = std::unordered_map<std::string, std::string>;

/* A text folded: its folded words, separated by single spaces (what
 * norm_fold_text gives), and each word's stem, taken of the word as
 * written (fdb_stem.cc; "" for a word without one). */
struct folded_text {
    std::string words;
    std::vector<std::string> stems;
};

/* One walk of norm_tokenize over a text: its folding, and the surface
 * forms of its accented words when `forms` is given. */
struct fold_walk {
    const char *text;
    folded_text out;
    surface_map *forms;
    stem_cache *stems;
};

/* The stem of a token (fdb_stem_of), from the file's cache when it was
 * seen before. */
const std::string &token_stem(stem_cache &cache, const norm_token *tok, const char *text)
{
    const char *span = text + tok->start;
    size_t n = tok->end - tok->start;
    std::string key(tok->word, tok->word_len);
    if (!fdb_stem_by_folding(span, n)) {
        key += '\0';
        key.append(span, n);
    }
    auto it = cache.find(key);
    if (it == cache.end())
        it = cache.emplace(key, fdb_stem_of(std::string(tok->word, tok->word_len), span, n))
                 .first;
    return it->second;
}

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
    /* "ﬁdèle" is kept as "fidèle": a ligature is the font's, not a
     * form people type. */
    std::string spelt = fdb_spell_ligatures(span, n);
    char *lower = g_utf8_strdown(spelt.data(), (gssize)spelt.size());
    if (strcmp(lower, tok->word) != 0)
        fw->forms->emplace(tok->word, lower);
    g_free(lower);
}

int fold_token(const norm_token *tok, void *ud)
{
    fold_walk *fw = static_cast<fold_walk *>(ud);
    if (!fw->out.words.empty())
        fw->out.words += ' ';
    fw->out.words.append(tok->word, tok->word_len);
    fw->out.stems.push_back(token_stem(*fw->stems, tok, fw->text));
    if (fw->forms)
        keep_surface(fw, tok);
    return 0;
}

folded_text folded(stem_cache &stems, const char *s, size_t len, surface_map *forms = nullptr)
{
    if (!s || !len)
        return folded_text();
    fold_walk fw = {s, folded_text(), forms, &stems};
    fw.out.words.reserve(len);
    norm_tokenize(s, (long)len, fold_token, &fw);
    return fw.out;
}

folded_text folded(stem_cache &stems, const char *s, surface_map *forms = nullptr)
{
    return s ? folded(stems, s, strlen(s), forms) : folded_text();
}

/* Path words: separators in file names become spaces. */
folded_text folded_path(stem_cache &stems, const char *path)
{
    std::string p(path), split;
    for (char &c : p)
        if (c == '/' || c == '_' || c == '.' || c == '-')
            c = ' ';
    /* Also the words split where letters meet digits: "CR19" -> "CR 19". */
    for (size_t i = 0; i < p.size(); i++) {
        bool digit = g_ascii_isdigit(p[i]), alpha = g_ascii_isalpha(p[i]);
        if (i > 0 && ((digit && g_ascii_isalpha(p[i - 1])) ||
                      (alpha && g_ascii_isdigit(p[i - 1]))))
            split += ' ';
        split += p[i];
    }
    return folded(stems, split == p ? p.c_str() : (p + " " + split).c_str());
}

/* A file's stamp into its record: what tells a change without reading. */
void set_stamp(fdb_schema::file_record &r, long long size, long long mtime,
               long long mtime_ns, long long ctime_ns, long long inode)
{
    r.size = size;
    r.mtime = mtime;
    r.mtime_ns = mtime_ns;
    r.ctime_ns = ctime_ns;
    r.inode = inode;
}

fdb_schema::file_record file_record(const fdb_file *f)
{
    fdb_schema::file_record r;
    r.path = f->path;
    set_stamp(r, f->size, f->mtime, f->mtime_ns, f->ctime_ns, f->inode);
    r.hash = f->hash ? f->hash : "";
    r.pages = (unsigned)f->npages;
    auto field = [](const char *v) {
        return v ? std::optional<std::string>(v) : std::nullopt;
    };
    r.type = f->type;
    r.title = field(f->title);
    r.date = field(f->date);
    r.date_source = field(f->date_source);
    r.author = field(f->author);
    r.description = field(f->description);
    r.headings = field(f->headings);
    return r;
}

/* "2022-05-19" -> "20220519", or "" when not a date (date.h). */
std::string date_key(const char *date)
{
    char key[DATE_KEY_SIZE];
    return date_to_key(date, key) ? std::string(key) : std::string();
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

/* A file's spelling words and how many of its pages hold each. */
using spelling_counts = std::map<std::string, Xapian::termcount>;

void count_spelling(const Xapian::Document &doc, spelling_counts &counts)
{
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
        if (is_spelling_word(*t))
            counts[*t]++;
}

/* The blob's part of spelling words: lines of "word TAB count". */
std::string spelling_lines(const spelling_counts &counts)
{
    std::string out;
    for (const auto &kv : counts)
        out += kv.first + '\t' + std::to_string(kv.second) + '\n';
    return out;
}

/* The text shared by every page of a file, folded once. */
struct file_words {
    folded_text title, headings, description, author, path;
};

/* A folded word Xapian's term generator takes as it is, one term: ASCII
 * lower-case letters and digits, no longer than its longest term (64). */
bool plain_word(const char *w, size_t n)
{
    if (n == 0 || n > 64)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((w[i] >= 'a' && w[i] <= 'z') || (w[i] >= '0' && w[i] <= '9')))
            return false;
    return true;
}

/* Index folded words (separated by single spaces) as the term generator
 * does, without reading the text a second time: a plain word is added
 * here at the generator's next position; any other (an apostrophe, other
 * scripts, a word too long) goes through the generator itself, from that
 * position. The terms, positions and wdf are the generator's (checked by
 * test-fdb-encode against a document indexed by it alone). */
void index_words(Xapian::TermGenerator &tg, Xapian::Document &doc, const std::string &words,
                 Xapian::termcount wdf, const char *prefix, bool positions)
{
    Xapian::termpos pos = tg.get_termpos();
    std::string term(prefix);
    const size_t plen = term.size();
    for (size_t at = 0, end; at < words.size(); at = end + 1) {
        end = words.find(' ', at);
        if (end == std::string::npos)
            end = words.size();
        if (plain_word(words.data() + at, end - at)) {
            term.replace(plen, std::string::npos, words, at, end - at);
            if (positions)
                doc.add_posting(term, ++pos, wdf);
            else
                doc.add_term(term, wdf);
            continue;
        }
        tg.set_termpos(pos);
        if (positions)
            tg.index_text(words.substr(at, end - at), wdf, prefix);
        else
            tg.index_text_without_positions(words.substr(at, end - at), wdf, prefix);
        pos = tg.get_termpos();
    }
    tg.set_termpos(pos);
}

/* Index a folded text: its words (with positions unless `positions` is
 * false), their stems (without), each `wdf` times, under `prefix` ("Z" +
 * prefix + stem, Xapian's way). */
void index_folded(Xapian::TermGenerator &tg, Xapian::Document &doc, const folded_text &t,
                  Xapian::termcount wdf, const char *prefix, bool positions)
{
    index_words(tg, doc, t.words, wdf, prefix, positions);
    for (const auto &st : t.stems)
        if (!st.empty())
            doc.add_term(fdb_schema::STEM + (prefix + st), wdf);
}

/* `stored`: the page's document data as an index stored it already (a
 * rename), copied as it is; NULL: encoded from its text. */
Xapian::Document page_document(const fdb_file *f, const std::string &fid,
                               const file_words &w, size_t i,
                               Xapian::TermGenerator &tg, surface_map &forms,
                               stem_cache &stems, const std::string *stored)
{
    using namespace fdb_schema;
    /* PDFs and presentations have pages (slides); others one, page 0. */
    bool paged = strcmp(f->type, "pdf") == 0 || strcmp(f->type, "presentation") == 0;
    unsigned page = paged ? (unsigned)(i + 1) : 0;
    Xapian::Document doc;
    tg.set_document(doc);

    index_folded(tg, doc, folded(stems, f->page_text[i], f->page_len[i], &forms), 1, "", true);
    /* The file's own words go on every page, so that a page matches a
     * query mixing them with its text; with positions (phrases) on the
     * first page only: positions are most of an index's size. */
    auto words = [&](const folded_text &text, Xapian::termcount wdf, const char *prefix) {
        if (i == 0)
            tg.increase_termpos();
        index_folded(tg, doc, text, wdf, prefix, i == 0);
    };
    /* A PDF's title weighs on its first page: on every page, a manual
     * titled "Référence Debian" would win every query for "référence". */
    words(w.title, i == 0 ? 5 : 1, "");
    words(w.title, 1, TITLE);
    words(w.headings, 3, "");
    words(w.description, 2, "");
    words(w.author, 1, "");
    index_folded(tg, doc, w.author, 1, AUTHOR, false);
    index_folded(tg, doc, w.path, 1, "", false);
    index_folded(tg, doc, w.path, 1, PATH, false);

    doc.add_boolean_term(GROUP + fid);
    if (i == 0 && !w.title.words.empty())
        doc.add_boolean_term(title_term(w.title.words));
    doc.add_boolean_term(std::string(TYPE) + f->type);
    std::string dk = date_key(f->date);
    if (!dk.empty()) {
        doc.add_boolean_term(YEAR + dk.substr(0, 4));
        doc.add_value(V_DATE, dk);
    }
    doc.add_value(V_FILEID, fid);
    doc.add_value(V_PAGE, Xapian::sortable_serialise(page));
    std::string folder = path_folder(f->path);
    if (dk.empty())
        doc.add_boolean_term(std::string(YEAR) + YEAR_NONE);
    if (!folder.empty() && folder.size() <= MAX_FOLDER_TERM)
        doc.add_boolean_term(FOLDER + folder);
    doc.add_value(V_FACET, std::string(f->type) + " " +
                               (dk.empty() ? std::string(YEAR_NONE) : dk.substr(0, 4)) + " " +
                               fid + " " + folder);

    if (f->page_ocr && f->page_ocr[i])
        doc.add_value(V_OCR, "1");
    /* The text alone: the file's fields are in its record, once. */
    doc.set_data(stored ? *stored : page_text_encode(f->page_text[i], f->page_len[i]));
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
    if (parts.size() <= BLOB_HEAD_PARTS)
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

/* `stored`: the pages' document data as stored already (a rename; their
 * texts give the terms), else NULL. */
std::string encode(const fdb_file *f, const std::vector<std::string> *stored = nullptr)
{
    if (!f || !f->path || !*f->path || !f->type || f->npages == 0 ||
        !f->page_text || !f->page_len)
        throw Xapian::InvalidArgumentError("incomplete fdb_file");
    std::string fid = fdb_file_id(f->path);
    surface_map forms;
    file_words w;
    stem_cache stems;
    w.title = folded(stems, f->title, &forms);
    w.headings = folded(stems, f->headings, &forms);
    w.description = folded(stems, f->description, &forms);
    w.author = folded(stems, f->author);
    w.path = folded_path(stems, f->path);

    /* Words only: their stems are fdb_stem.cc's (index_folded). */
    Xapian::TermGenerator tg;
    tg.set_stemming_strategy(Xapian::TermGenerator::STEM_NONE);

    /* The pages first: folding them also finds their accented words and
     * their spelling words, which the blob carries before them. */
    std::vector<std::string> pages;
    spelling_counts spelling;
    for (size_t i = 0; i < f->npages; i++) {
        Xapian::Document doc = page_document(f, fid, w, i, tg, forms, stems,
                                             stored ? &(*stored)[i] : nullptr);
        count_spelling(doc, spelling);
        pages.push_back(doc.serialise());
    }
    std::string blob(BLOB_MAGIC, 4);
    blob_put(blob, fdb_schema::file_record_encode(file_record(f)));
    blob_put(blob, surface_lines(forms));
    blob_put(blob, spelling_lines(spelling));
    for (const auto &p : pages)
        blob_put(blob, p);
    return blob;
}

/* A record's path. */
std::string record_path(const std::string &record)
{
    fdb_schema::file_record r;
    if (!fdb_schema::file_record_decode(record, r) || r.path.empty())
        throw Xapian::InvalidArgumentError("file record without a path");
    return r.path;
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

/* Feed the spelling table from the blob's lines of "word TAB count". */
void store_spelling(Xapian::WritableDatabase &w, const std::string &lines)
{
    size_t at = 0;
    while (at < lines.size()) {
        size_t tab = lines.find('\t', at), nl = lines.find('\n', at);
        if (tab == std::string::npos || nl == std::string::npos || tab > nl)
            throw Xapian::InvalidArgumentError("bad spelling words in an fdb blob");
        unsigned long n = strtoul(lines.c_str() + tab + 1, nullptr, 10);
        if (n > 0)
            w.add_spelling(lines.substr(at, tab - at), (Xapian::termcount)n);
        at = nl + 1;
    }
}

/* Store a parsed blob; `fresh`: the index holds no page of the file. */
void store(fdb *db, const std::vector<std::string> &parts, bool fresh = false)
{
    using namespace fdb_schema;
    Xapian::WritableDatabase &w = *db->wdb;
    std::string fid = fdb_file_id(record_path(parts[0]));
    if (!fresh)
        w.delete_document(GROUP + fid);
    store_surfaces(db, parts[1]);
    store_spelling(w, parts[2]);
    for (size_t i = BLOB_HEAD_PARTS; i < parts.size(); i++)
        w.add_document(Xapian::Document::unserialise(parts[i]));
    w.set_metadata(META_FILE + fid, parts[0]);
}

Xapian::WritableDatabase &writer(fdb *db)
{
    if (!db->wdb)
        throw Xapian::InvalidOperationError("index not opened for writing");
    return *db->wdb;
}

/* A stored page: its number, document data (the text as stored), text
 * and OCR mark. */
struct stored_page {
    unsigned page;
    std::string data, text;
    unsigned char ocr;
};

/* The stored pages of a file, in page order. */
std::vector<stored_page> load_pages(Xapian::Database &d, const std::string &fid)
{
    using namespace fdb_schema;
    std::vector<stored_page> pages;
    const std::string term = GROUP + fid;
    for (auto it = d.postlist_begin(term); it != d.postlist_end(term); ++it) {
        Xapian::Document doc = d.get_document(*it);
        stored_page p{(unsigned)Xapian::sortable_unserialise(doc.get_value(V_PAGE)),
                      doc.get_data(), std::string(),
                      (unsigned char)!doc.get_value(V_OCR).empty()};
        if (!page_text_decode(p.data, p.text))
            throw Xapian::DatabaseCorruptError("a page's stored text is corrupt");
        pages.push_back(std::move(p));
    }
    std::sort(pages.begin(), pages.end(),
              [](const stored_page &a, const stored_page &b) { return a.page < b.page; });
    return pages;
}

} /* namespace */

extern "C" {

fdb_status fdb_file_encode(const fdb_file *file, char **blob, size_t *len,
                           char *err, size_t errlen)
{
    std::string error;
    *blob = nullptr;
    *len = 0;
    fdb_status st = fdb_guard(error, [&]() {
        std::string b = encode(file);
        char *out = static_cast<char *>(malloc(b.size()));
        if (!out)
            throw std::bad_alloc();
        memcpy(out, b.data(), b.size());
        *blob = out;
        *len = b.size();
        return FDB_OK;
    });
    fdb_copy_error(error, err, errlen);
    return st;
}

fdb_status fdb_store_blob(fdb *db, const char *blob, size_t len)
{
    return fdb_guard(db->error, [&]() {
        writer(db);
        store(db, blob_parse(blob, len));
        return FDB_OK;
    });
}

fdb_status fdb_add_blob(fdb *db, const char *blob, size_t len)
{
    return fdb_guard(db->error, [&]() {
        writer(db);
        store(db, blob_parse(blob, len), true);
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

fdb_status fdb_record_failure(fdb *db, const fdb_file_info *rec)
{
    return fdb_guard(db->error, [&]() {
        Xapian::WritableDatabase &w = writer(db);
        if (!rec || !rec->path || !*rec->path)
            throw Xapian::InvalidArgumentError("failure without a path");
        std::string fid = fdb_file_id(rec->path);
        fdb_schema::file_record r;
        r.path = rec->path;
        set_stamp(r, rec->size, rec->mtime, rec->mtime_ns, rec->ctime_ns, rec->inode);
        r.hash = rec->hash ? rec->hash : "";
        r.failure = rec->failure ? rec->failure : "unknown error";
        r.failed_at = (long long)time(nullptr);
        w.delete_document(fdb_schema::GROUP + fid);
        w.set_metadata(fdb_schema::META_FILE + fid, fdb_schema::file_record_encode(r));
        return FDB_OK;
    });
}

fdb_status fdb_restamp_file(fdb *db, const fdb_file_info *rec)
{
    return fdb_guard(db->error, [&]() {
        Xapian::WritableDatabase &w = writer(db);
        std::string key = fdb_schema::META_FILE + fdb_file_id(rec->path);
        std::string record = w.get_metadata(key);
        if (record.empty())
            return FDB_ERR_NOT_FOUND;
        fdb_schema::file_record r;
        if (!fdb_schema::file_record_decode(record, r))
            throw Xapian::DatabaseCorruptError("bad file record");
        set_stamp(r, rec->size, rec->mtime, rec->mtime_ns, rec->ctime_ns, rec->inode);
        w.set_metadata(key, fdb_schema::file_record_encode(r));
        return FDB_OK;
    });
}

fdb_status fdb_rename_file(fdb *db, const char *old_path, const char *new_path)
{
    return fdb_move_file(db, db, old_path, new_path);
}

fdb_status fdb_move_file(fdb *from, fdb *to, const char *old_path, const char *new_path)
{
    return fdb_guard(from->error, [&]() {
        Xapian::WritableDatabase &w = writer(from);
        Xapian::WritableDatabase &into = writer(to);
        std::string ofid = fdb_file_id(old_path);
        std::string record = w.get_metadata(fdb_schema::META_FILE + ofid);
        if (record.empty())
            return FDB_ERR_NOT_FOUND;
        fdb_schema::file_record r;
        if (!fdb_schema::file_record_decode(record, r))
            throw Xapian::DatabaseCorruptError("bad file record");
        std::vector<stored_page> pages = load_pages(w, ofid);
        if (pages.empty()) {
            /* A failed file: move its record only. */
            r.path = new_path;
            into.set_metadata(fdb_schema::META_FILE + fdb_file_id(new_path),
                              fdb_schema::file_record_encode(r));
        } else {
            std::vector<const char *> texts;
            std::vector<size_t> lens;
            std::vector<unsigned char> ocr;
            std::vector<std::string> stored;
            for (auto &p : pages) {
                stored.push_back(std::move(p.data));
                texts.push_back(p.text.c_str());
                lens.push_back(p.text.size());
                ocr.push_back(p.ocr);
            }
            fdb_file f;
            fdb_schema::file_record_file(r, new_path, f);
            f.npages = pages.size();
            f.page_text = texts.data();
            f.page_len = lens.data();
            f.page_ocr = ocr.data();
            std::string b = encode(&f, &stored);
            store(to, blob_parse(b.data(), b.size()));
        }
        w.delete_document(fdb_schema::GROUP + ofid);
        w.set_metadata(fdb_schema::META_FILE + ofid, "");
        w.set_metadata(fdb_schema::META_ALIAS + ofid, fdb_file_id(new_path));
        return FDB_OK;
    });
}

fdb_status fdb_note_move(fdb *db, const char *old_path, const char *new_path)
{
    return fdb_guard(db->error, [&]() {
        Xapian::WritableDatabase &w = writer(db);
        w.set_metadata(fdb_schema::META_ALIAS + fdb_file_id(old_path), fdb_file_id(new_path));
        return FDB_OK;
    });
}

} /* extern "C" */

/* Xapian 1.4 (Glass) loses a table cursor, about 16 KiB, when the
 * DatabaseModifiedError of a revision overwritten since a reader opened it
 * interrupts metadata_keys_begin: the GlassMetadataTermList constructor
 * throws with the cursor held by a raw pointer (reproduced with Xapian
 * alone by tests/valgrind/xapian-metadata-leak.cc). So a reader that is
 * not on the newest revision stops before it (fdb_reader_current), with
 * the same FDB_ERR_MODIFIED, and the leak needs two commits by the writer
 * in the microseconds between that check and the call.
 *
 * That leak, and only it, is suppressed under ASan by the name of
 * fdb_metadata_keys (tests/lsan.supp): libxapian has no frame pointers nor
 * symbols for its inner functions, so ASan's stack of an allocation made
 * in it shows one unnamed libxapian frame and then the caller of the
 * function that called into Xapian (its frame pointer is the last one
 * kept). fdb_metadata_keys calls only fdb_metadata_keys_xapian, which
 * calls only metadata_keys_begin, neither inlined nor a tail call (the
 * iterator is assigned after the call), so every allocation whose stack
 * names fdb_metadata_keys was made inside metadata_keys_begin. */
__attribute__((noinline)) static void fdb_metadata_keys_xapian(const Xapian::Database &d,
                                                               const std::string &prefix,
                                                               Xapian::TermIterator &first)
{
    first = d.metadata_keys_begin(prefix);
}

/* The first of the metadata keys of `d` that start with `prefix`. */
__attribute__((noinline)) static void fdb_metadata_keys(const Xapian::Database &d,
                                                        const std::string &prefix,
                                                        Xapian::TermIterator &first)
{
    fdb_metadata_keys_xapian(d, prefix, first);
    __asm__ volatile("" ::: "memory");   /* keeps this frame: no tail call */
}

extern "C" {

fdb_status fdb_files(fdb *db, fdb_file_cb cb, void *ud)
{
    return fdb_guard(db->error, [&]() {
        const std::string prefix = fdb_schema::META_FILE;
        fdb_reader_current(db);
        for (auto &shard : fdb_shards_each(db)) {
        Xapian::Database &d = shard.second;
        Xapian::TermIterator k;
        fdb_metadata_keys(d, prefix, k);
        for (; k != d.metadata_keys_end(prefix); ++k) {
            fdb_schema::file_record r;
            if (!fdb_schema::file_stamp_decode(d.get_metadata(*k), r))
                continue;
            fdb_file_info info;
            info.path = r.path.c_str();
            info.size = r.size;
            info.mtime = r.mtime;
            info.mtime_ns = r.mtime_ns;
            info.ctime_ns = r.ctime_ns;
            info.inode = r.inode;
            info.hash = r.hash.c_str();
            info.pages = r.pages;
            info.failure = r.failure ? r.failure->c_str() : nullptr;
            info.failed_at = r.failed_at;
            info.shard = shard.first;
            if (cb(&info, ud))
                return FDB_OK;
        }
        }
        return FDB_OK;
    });
}

} /* extern "C" */
