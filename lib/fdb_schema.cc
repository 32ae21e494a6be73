/* fdb_schema.cc -- reading and writing a file's record, the JSON text of
 * the schema (fdb_schema.h): its stamp and the fields its hits show. The
 * keys are named here and nowhere else; jansson is used here only. A
 * page's document data is its text alone, deflated: pagetext.c encodes
 * and reads it, wrapped here for the C++ side.
 */
#include "fdb_schema.h"

#include <glib.h>
#include <jansson.h>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>

namespace fdb_schema {

namespace {

/* Record keys. */
const char K_PATH[] = "path", K_TITLE[] = "title", K_TYPE[] = "type",
           K_DATE[] = "date", K_DATE_SOURCE[] = "date_source",
           K_SIZE[] = "size", K_MTIME[] = "mtime", K_PAGES[] = "pages",
           K_AUTHOR[] = "author",
           K_DESCRIPTION[] = "description", K_HEADINGS[] = "headings",
           K_HASH[] = "hash", K_FAILURE[] = "failure",
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

void file_record_file(const file_record &r, const char *path, fdb_file &out)
{
    out = fdb_file();
    out.path = path;
    out.type = r.type.c_str();
    out.title = c_str(r.title);
    out.author = c_str(r.author);
    out.description = c_str(r.description);
    out.headings = c_str(r.headings);
    out.date = c_str(r.date);
    out.date_source = c_str(r.date_source);
    out.size = r.size;
    out.mtime = r.mtime;
    out.hash = r.hash.empty() ? nullptr : r.hash.c_str();
}

void file_record_doc(const file_record &r, const std::string &id, fdb_doc &out)
{
    fdb_file f;
    file_record_file(r, r.path.c_str(), f);
    out = fdb_doc{id.c_str(), f.path, f.type, f.title, f.date, f.date_source,
                  f.author, f.description, f.size, f.mtime, r.pages};
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
    if (!r.type.empty())
        set_str(o, K_TYPE, r.type.c_str());
    set_str(o, K_TITLE, c_str(r.title));
    set_str(o, K_DATE, c_str(r.date));
    set_str(o, K_DATE_SOURCE, c_str(r.date_source));
    set_str(o, K_AUTHOR, c_str(r.author));
    set_str(o, K_DESCRIPTION, c_str(r.description));
    set_str(o, K_HEADINGS, c_str(r.headings));
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
    out.type = get_str(o.get(), K_TYPE).value_or("");
    out.title = get_str(o.get(), K_TITLE);
    out.date = get_str(o.get(), K_DATE);
    out.date_source = get_str(o.get(), K_DATE_SOURCE);
    out.author = get_str(o.get(), K_AUTHOR);
    out.description = get_str(o.get(), K_DESCRIPTION);
    out.headings = get_str(o.get(), K_HEADINGS);
    out.failure = get_str(o.get(), K_FAILURE);
    out.failed_at = get_int(o.get(), K_FAILED_AT);
    return true;
}

std::string title_term(const std::string &folded_words)
{
    if (folded_words.empty())
        return std::string();
    return WHOLE_TITLE + folded_words.substr(0, MAX_TITLE_TERM);
}

namespace {

/* The stamp scanner of file_stamp_decode: a flat JSON object, as
 * file_record_encode writes it (strings and integers); false at anything
 * else, for jansson to decide. */
struct flat_scan {
    const char *p, *end;

    void ws()
    {
        while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
            p++;
    }

    bool eat(char c)
    {
        ws();
        if (p >= end || *p != c)
            return false;
        p++;
        return true;
    }

    bool hex4(unsigned &cp)
    {
        cp = 0;
        for (int i = 0; i < 4; i++, p++) {
            if (p >= end || !g_ascii_isxdigit(*p))
                return false;
            cp = cp * 16 + (unsigned)g_ascii_xdigit_value(*p);
        }
        return true;
    }

    /* After a backslash and 'u': a code point, a surrogate pair joined. */
    bool escaped_unicode(std::string *out)
    {
        unsigned cp, lo;
        if (!hex4(cp) || (cp >= 0xDC00 && cp <= 0xDFFF) || cp == 0)
            return false;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (end - p < 2 || p[0] != '\\' || p[1] != 'u')
                return false;
            p += 2;
            if (!hex4(lo) || lo < 0xDC00 || lo > 0xDFFF)
                return false;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        }
        if (out) {
            char utf8[8];
            out->append(utf8, (size_t)g_unichar_to_utf8((gunichar)cp, utf8));
        }
        return true;
    }

    /* A string, decoded into *out, or skipped when out is NULL. Bytes
     * outside ASCII are not expected (the encoder escapes them). */
    bool string(std::string *out)
    {
        if (!eat('"'))
            return false;
        while (p < end) {
            unsigned char c = (unsigned char)*p++;
            if (c == '"')
                return true;
            if (c < 0x20 || c >= 0x80)
                return false;
            if (c != '\\') {
                if (out)
                    out->push_back((char)c);
                continue;
            }
            if (p >= end)
                return false;
            char e = *p++, plain;
            switch (e) {
            case '"': case '\\': case '/': plain = e; break;
            case 'b': plain = '\b'; break;
            case 'f': plain = '\f'; break;
            case 'n': plain = '\n'; break;
            case 'r': plain = '\r'; break;
            case 't': plain = '\t'; break;
            case 'u':
                if (!escaped_unicode(out))
                    return false;
                continue;
            default: return false;
            }
            if (out)
                out->push_back(plain);
        }
        return false;
    }

    /* An integer (no fraction, no exponent), into *out when given. */
    bool integer(long long *out)
    {
        ws();
        const char *start = p;
        if (p < end && *p == '-')
            p++;
        const char *digits = p;
        while (p < end && g_ascii_isdigit(*p))
            p++;
        if (p == digits || (p < end && (*p == '.' || *p == 'e' || *p == 'E')))
            return false;
        if (!out)
            return true;
        std::string n(start, (size_t)(p - start));
        errno = 0;
        *out = strtoll(n.c_str(), nullptr, 10);
        return errno == 0;
    }

    /* Any other member's value: a string, an integer, true, false, null. */
    bool skip_value()
    {
        ws();
        if (p < end && *p == '"')
            return string(nullptr);
        for (const char *word : {"true", "false", "null"}) {
            size_t n = strlen(word);
            if ((size_t)(end - p) >= n && memcmp(p, word, n) == 0) {
                p += n;
                return true;
            }
        }
        return integer(nullptr);
    }

    /* One member into the stamp fields of r. */
    bool member(file_record &r, bool &has_path)
    {
        std::string key;
        if (!string(&key) || !eat(':'))
            return false;
        long long n = 0;
        if (key == K_PATH) {
            r.path.clear();
            has_path = string(&r.path);
            return has_path;
        }
        if (key == K_HASH) {
            r.hash.clear();
            return string(&r.hash);
        }
        if (key == K_FAILURE) {
            r.failure = std::string();
            return string(&*r.failure);
        }
        long long *field = key == K_SIZE ? &r.size : key == K_MTIME ? &r.mtime :
                           key == K_MTIME_NS ? &r.mtime_ns :
                           key == K_CTIME_NS ? &r.ctime_ns :
                           key == K_INODE ? &r.inode :
                           key == K_FAILED_AT ? &r.failed_at :
                           key == K_PAGES ? &n : nullptr;
        if (!field)
            return skip_value();
        if (!integer(field))
            return false;
        if (field == &n)
            r.pages = (unsigned)n;
        return true;
    }
};

} /* namespace */

bool file_stamp_decode(const std::string &text, file_record &out)
{
    file_record r;
    flat_scan scan{text.data(), text.data() + text.size()};
    bool has_path = false, ok = scan.eat('{');
    if (ok && !scan.eat('}')) {
        do
            ok = scan.member(r, has_path);
        while (ok && scan.eat(','));
        ok = ok && scan.eat('}');
    }
    scan.ws();
    if (ok && has_path && scan.p == scan.end) {
        out = std::move(r);
        return true;
    }
    return file_record_decode(text, out);
}

std::string path_folder(const std::string &path)
{
    size_t slash = path.find('/');
    return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

std::string page_text_encode(const char *text, size_t len)
{
    size_t n;
    char *data = pagetext_encode(text, len, &n);
    std::string out(data, n);
    g_free(data);
    return out;
}

bool page_text_decode(const std::string &data, std::string &out)
{
    size_t n;
    char *text = pagetext_decode(data.data(), data.size(), &n);
    if (!text) {
        out.clear();
        return false;
    }
    out.assign(text, n);
    g_free(text);
    return true;
}

page_text_reader::page_text_reader(const std::string &data)
{
    pagetext_reader_init(&r, data.data(), data.size());
}

page_text_reader::~page_text_reader()
{
    pagetext_reader_free(&r);
}

bool page_text_reader::fill(size_t want)
{
    return pagetext_reader_fill(&r, want) == 0;
}

} /* namespace fdb_schema */
