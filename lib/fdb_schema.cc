/* fdb_schema.cc -- reading and writing a page's document data and a
 * file's record, the two JSON texts of the schema (fdb_schema.h). The
 * keys are named here and nowhere else; jansson is used here only.
 */
#include "fdb_schema.h"

#include <jansson.h>
#include <cstring>
#include <memory>

namespace fdb_schema {

namespace {

/* Document-data and record keys. */
const char K_PATH[] = "path", K_TITLE[] = "title", K_TYPE[] = "type",
           K_DATE[] = "date", K_DATE_SOURCE[] = "date_source",
           K_SIZE[] = "size", K_MTIME[] = "mtime", K_PAGES[] = "pages",
           K_PAGE[] = "page", K_AUTHOR[] = "author",
           K_DESCRIPTION[] = "description", K_HEADINGS[] = "headings",
           K_HASH[] = "hash", K_OCR[] = "ocr", K_FAILURE[] = "failure",
           K_FAILED_AT[] = "failed_at", K_MTIME_NS[] = "mtime_ns",
           K_CTIME_NS[] = "ctime_ns", K_INODE[] = "inode";

struct json_release {
    void operator()(json_t *o) const { json_decref(o); }
};
using json_ptr = std::unique_ptr<json_t, json_release>;

std::string dump(json_t *obj)
{
    json_ptr o(obj);
    char *s = o ? json_dumps(o.get(), JSON_COMPACT | JSON_ENSURE_ASCII) : nullptr;
    if (!s)
        throw std::bad_alloc();
    std::string out(s);
    free(s);
    return out;
}

void set_str(json_t *o, const char *key, const char *value)
{
    if (value)
        json_object_set_new(o, key, json_string(value));
}

void set_int(json_t *o, const char *key, long long value)
{
    json_object_set_new(o, key, json_integer((json_int_t)value));
}

std::optional<std::string> get_str(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? std::optional<std::string>(s) : std::nullopt;
}

long long get_int(json_t *o, const char *key)
{
    return (long long)json_integer_value(json_object_get(o, key));
}

const char *c_str(const std::optional<std::string> &s)
{
    return s ? s->c_str() : nullptr;
}

} /* namespace */

std::string page_data_encode(const fdb_file *f, unsigned page, size_t i)
{
    json_t *o = json_object();
    set_str(o, K_PATH, f->path);
    set_str(o, K_TITLE, f->title);
    set_str(o, K_TYPE, f->type);
    set_str(o, K_DATE, f->date);
    set_str(o, K_DATE_SOURCE, f->date_source);
    set_int(o, K_SIZE, f->size);
    set_int(o, K_MTIME, f->mtime);
    set_int(o, K_PAGES, (long long)f->npages);
    set_int(o, K_PAGE, page);
    set_str(o, K_AUTHOR, f->author);
    set_str(o, K_DESCRIPTION, f->description);
    set_str(o, K_HEADINGS, f->headings);
    set_str(o, K_HASH, f->hash);
    if (f->page_ocr && f->page_ocr[i])
        json_object_set_new(o, K_OCR, json_true());
    std::string data = dump(o);
    data += '\n';
    data.append(f->page_text[i], f->page_len[i]);
    return data;
}

bool page_data_decode(const std::string &data, page_data &out, bool with_text)
{
    size_t nl = data.find('\n');
    json_ptr o(json_loadb(data.data(), nl == std::string::npos ? data.size() : nl,
                          0, nullptr));
    std::optional<std::string> path = get_str(o.get(), K_PATH),
                               type = get_str(o.get(), K_TYPE);
    if (!path || !type)
        return false;
    out.path = *path;
    out.type = *type;
    out.title = get_str(o.get(), K_TITLE);
    out.date = get_str(o.get(), K_DATE);
    out.date_source = get_str(o.get(), K_DATE_SOURCE);
    out.author = get_str(o.get(), K_AUTHOR);
    out.description = get_str(o.get(), K_DESCRIPTION);
    out.headings = get_str(o.get(), K_HEADINGS);
    out.hash = get_str(o.get(), K_HASH);
    out.size = get_int(o.get(), K_SIZE);
    out.mtime = get_int(o.get(), K_MTIME);
    out.pages = (unsigned)get_int(o.get(), K_PAGES);
    out.page = (unsigned)get_int(o.get(), K_PAGE);
    out.ocr = json_is_true(json_object_get(o.get(), K_OCR));
    if (with_text && nl != std::string::npos)
        out.text.assign(data, nl + 1, std::string::npos);
    else
        out.text.clear();
    return true;
}

void page_data_file(const page_data &p, const char *path, fdb_file &out)
{
    out = fdb_file();
    out.path = path;
    out.type = p.type.c_str();
    out.title = c_str(p.title);
    out.author = c_str(p.author);
    out.description = c_str(p.description);
    out.headings = c_str(p.headings);
    out.date = c_str(p.date);
    out.date_source = c_str(p.date_source);
    out.size = p.size;
    out.mtime = p.mtime;
    out.hash = c_str(p.hash);
}

void page_data_doc(const page_data &p, const std::string &id, fdb_doc &out)
{
    fdb_file f;
    page_data_file(p, p.path.c_str(), f);
    out = fdb_doc{id.c_str(), f.path, f.type, f.title, f.date, f.date_source,
                  f.author, f.description, f.size, f.mtime, p.pages};
}

std::string file_record_encode(const file_record &r)
{
    json_t *o = json_object();
    set_str(o, K_PATH, r.path.c_str());
    set_int(o, K_SIZE, r.size);
    set_int(o, K_MTIME, r.mtime);
    set_int(o, K_MTIME_NS, r.mtime_ns);
    set_int(o, K_CTIME_NS, r.ctime_ns);
    set_int(o, K_INODE, r.inode);
    set_str(o, K_HASH, r.hash.c_str());
    set_int(o, K_PAGES, r.pages);
    if (r.failure) {
        set_str(o, K_FAILURE, r.failure->c_str());
        set_int(o, K_FAILED_AT, r.failed_at);
    }
    return dump(o);
}

bool file_record_decode(const std::string &text, file_record &out)
{
    json_ptr o(json_loadb(text.data(), text.size(), 0, nullptr));
    std::optional<std::string> path = get_str(o.get(), K_PATH);
    if (!path)
        return false;
    out.path = *path;
    out.hash = get_str(o.get(), K_HASH).value_or("");
    out.size = get_int(o.get(), K_SIZE);
    out.mtime = get_int(o.get(), K_MTIME);
    out.mtime_ns = get_int(o.get(), K_MTIME_NS);
    out.ctime_ns = get_int(o.get(), K_CTIME_NS);
    out.inode = get_int(o.get(), K_INODE);
    out.pages = (unsigned)get_int(o.get(), K_PAGES);
    out.failure = get_str(o.get(), K_FAILURE);
    out.failed_at = get_int(o.get(), K_FAILED_AT);
    return true;
}

std::string path_folder(const std::string &path)
{
    size_t slash = path.find('/');
    return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

} /* namespace fdb_schema */
