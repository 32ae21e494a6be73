/* extract.c -- the entry point: recognise a file, extract it, fill gaps.
 *
 * Design: extract_read() opens the file once, checks its size and reads
 * it whole (bounded by the size fstat saw, itself bounded by max_size);
 * extract_buffer() lets extract_detect() decide the type from the first
 * 4 KiB alone ("%PDF-", image and ZIP signatures, HTML markup, text
 * unless binary; the name only breaks a tie: a page that starts with an
 * unlisted tag) and hands the bytes to the extractor: poppler reads a PDF
 * from memory too, so a file is opened and read once, whatever its type. After the
 * extractor, the fallbacks run here and nowhere else: title from the first
 * non-empty line of text (not of text read by OCR, too often a stamp or a
 * smudge), then from the file name; date from the file name, then from
 * the top of the first page's text, else none (the mtime is not the
 * document's date).
 *
 * Every string in an extract_doc is g_malloc'd and owned by the doc;
 * extract_doc_free() releases them and leaves the doc empty.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#include "extract.h"
#include "extract_private.h"

#define DETECT_HEAD 4096      /* bytes extract_detect looks at */
#define PDF_MAGIC_WITHIN 1024 /* "%PDF-" must start before this offset */
#define TITLE_MAX_CHARS 120   /* a title taken from text is cut here */
#define TITLE_MIN_CHARS 40    /* ... at a word boundary past this */

const char *extract_status_string(extract_status st)
{
    switch (st) {
    case EXTRACT_OK:              return "ok";
    case EXTRACT_ERR_EMPTY:       return "empty file";
    case EXTRACT_ERR_CORRUPT:     return "corrupt or unreadable document";
    case EXTRACT_ERR_ENCRYPTED:   return "encrypted (password protected)";
    case EXTRACT_ERR_NO_TEXT:     return "no text layer";
    case EXTRACT_ERR_UNSUPPORTED: return "unsupported type";
    case EXTRACT_ERR_IO:          return "unreadable";
    case EXTRACT_ERR_TOO_LARGE:   return "too large";
    }
    return "unknown status";
}

const char *doc_type_name(doc_type t)
{
    switch (t) {
    case DOC_TYPE_PDF:     return "pdf";
    case DOC_TYPE_HTML:    return "html";
    case DOC_TYPE_TEXT:    return "text";
    case DOC_TYPE_IMAGE:   return "image";
    case DOC_TYPE_DOCUMENT:     return "document";
    case DOC_TYPE_SPREADSHEET:  return "spreadsheet";
    case DOC_TYPE_PRESENTATION: return "presentation";
    case DOC_TYPE_UNKNOWN: break;
    }
    return "unknown";
}

/* ---- detection ---------------------------------------------------- */

static int has_pdf_magic(const unsigned char *head, size_t n)
{
    size_t span = n < PDF_MAGIC_WITHIN + 5 ? n : PDF_MAGIC_WITHIN + 5;
    return memmem(head, span, "%PDF-", 5) != NULL;
}

/* Offset of the first tag in `head`, past a UTF-8 BOM, white space, an
 * XML declaration and comments; n when the text starts otherwise. */
static size_t first_tag(const unsigned char *head, size_t n)
{
    size_t i = 0;
    if (n >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    for (;;) {
        while (i < n && g_ascii_isspace(head[i]))
            i++;
        if (i >= n || head[i] != '<')
            return n;
        if (n - i >= 4 && memcmp(head + i, "<!--", 4) == 0) {
            const unsigned char *end = memmem(head + i + 4, n - i - 4,
                                              "-->", 3);
            if (!end)
                return n;
            i = (size_t)(end - head) + 3;
        } else if (n - i >= 2 && head[i + 1] == '?') {
            const unsigned char *end = memchr(head + i, '>', n - i);
            if (!end)
                return n;
            i = (size_t)(end - head) + 1;
        } else {
            return i;
        }
    }
}

/* Does the tag at head[i] ('<' ...) open one of the names that only HTML
 * starts with? */
static int is_html_tag(const unsigned char *head, size_t n, size_t i)
{
    static const char *const names[] = {
        "!doctype html", "html", "head", "body", "meta", "title",
    };
    for (size_t k = 0; k < G_N_ELEMENTS(names); k++) {
        size_t len = strlen(names[k]);
        if (n - i - 1 < len + 1)
            continue;
        if (g_ascii_strncasecmp((const char *)head + i + 1, names[k],
                                len) != 0)
            continue;
        unsigned char after = head[i + 1 + len];
        if (after == '>' || after == '/' || g_ascii_isspace(after))
            return 1;
    }
    return 0;
}

/* Text: no NUL byte and at most 1 control character in 100 bytes (tab,
 * line feed, carriage return, form feed and escape do not count). */
static int looks_like_text(const unsigned char *head, size_t n)
{
    size_t ctrl = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = head[i];
        if (c == 0)
            return 0;
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f'
             && c != 0x1B) || c == 0x7F)
            ctrl++;
    }
    return ctrl * 100 <= n;
}

static int name_says_html(const char *name)
{
    const char *dot = name ? strrchr(name, '.') : NULL;
    return dot && (g_ascii_strcasecmp(dot, ".html") == 0
                   || g_ascii_strcasecmp(dot, ".htm") == 0
                   || g_ascii_strcasecmp(dot, ".xhtml") == 0);
}

/* PNG, JPEG (any of its markers after SOI) and TIFF (either byte order). */
static int has_image_magic(const unsigned char *head, size_t n)
{
    static const struct { const char *magic; size_t len; } sigs[] = {
        {"\x89PNG\r\n\x1a\n", 8}, {"\xFF\xD8\xFF", 3},
        {"II*\0", 4}, {"MM\0*", 4},
    };
    for (size_t k = 0; k < G_N_ELEMENTS(sigs); k++)
        if (n >= sigs[k].len && memcmp(head, sigs[k].magic, sigs[k].len) == 0)
            return 1;
    return 0;
}

doc_type extract_detect(const char *name, const unsigned char *head,
                        size_t n)
{
    if (has_pdf_magic(head, n))
        return DOC_TYPE_PDF;
    if (has_image_magic(head, n))
        return DOC_TYPE_IMAGE;
    if (n >= 4 && memcmp(head, "PK\3\4", 4) == 0)
        return DOC_TYPE_DOCUMENT;
    if (!looks_like_text(head, n))
        return DOC_TYPE_UNKNOWN;
    size_t tag = first_tag(head, n);
    if (tag < n && (is_html_tag(head, n, tag) || name_says_html(name)))
        return DOC_TYPE_HTML;
    return DOC_TYPE_TEXT;
}

/* ---- helpers shared with the extractors (extract_private.h) ---------- */

char *extract_collapse_ws(const char *s, long len)
{
    if (!s)
        return NULL;
    char *valid = g_utf8_make_valid(s, len);
    GString *out = g_string_sized_new(strlen(valid));
    int space = 0;
    for (const char *p = valid; *p; p++) {
        if (g_ascii_isspace(*p)) {
            space = 1;
            continue;
        }
        if (space && out->len)
            g_string_append_c(out, ' ');
        space = 0;
        g_string_append_c(out, *p);
    }
    g_free(valid);
    if (out->len == 0) {
        g_string_free(out, TRUE);
        return NULL;
    }
    return g_string_free(out, FALSE);
}

extract_status extract_start(extract_doc *doc, size_t len, char *err, size_t errlen)
{
    memset(doc, 0, sizeof *doc);
    if (len)
        return EXTRACT_OK;
    snprintf(err, errlen, "file is empty");
    return EXTRACT_ERR_EMPTY;
}

void extract_doc_set_page(extract_doc *doc, char *text)
{
    doc->pages = g_new0(extract_page, 1);
    doc->pages[0].text = text;
    doc->pages[0].len = strlen(text);
    doc->npages = 1;
}

void extract_doc_free(extract_doc *doc)
{
    if (!doc)
        return;
    for (size_t i = 0; i < doc->npages; i++)
        g_free(doc->pages[i].text);
    g_free(doc->pages);
    g_free(doc->title);
    g_free(doc->author);
    g_free(doc->description);
    g_free(doc->headings);
    memset(doc, 0, sizeof *doc);
}

/* ---- fallbacks ----------------------------------------------------- */

/* The first line of `text` with something else than white space in it,
 * trimmed, cut to TITLE_MAX_CHARS at a word boundary; NULL if none. */
static char *title_from_text(const char *text)
{
    const char *line = text;
    while (*line) {
        const char *eol = strchr(line, '\n');
        size_t len = eol ? (size_t)(eol - line) : strlen(line);
        char *t = extract_collapse_ws(line, (long)len);
        if (t) {
            if (g_utf8_strlen(t, -1) > TITLE_MAX_CHARS) {
                char *cut = g_utf8_offset_to_pointer(t, TITLE_MAX_CHARS);
                char *space = cut;
                while (space > t && *space != ' ')
                    space--;
                if (g_utf8_strlen(t, space - t) >= TITLE_MIN_CHARS)
                    cut = space;
                *cut = '\0';
            }
            return t;
        }
        if (!eol)
            break;
        line = eol + 1;
    }
    return NULL;
}

/* The last component of `name` without its extension. */
static char *title_from_name(const char *name)
{
    const char *base = strrchr(name, '/');
    base = base ? base + 1 : name;
    const char *dot = strrchr(base, '.');
    size_t len = (dot && dot > base) ? (size_t)(dot - base) : strlen(base);
    char *t = extract_collapse_ws(base, (long)len);
    return t ? t : g_strdup("untitled");
}

static void fill_title(extract_doc *doc, const char *name)
{
    char *clean = extract_collapse_ws(doc->title, -1);
    g_free(doc->title);
    doc->title = clean;
    for (size_t i = 0; !doc->title && i < doc->npages; i++)
        if (!doc->pages[i].ocr)
            doc->title = title_from_text(doc->pages[i].text);
    if (!doc->title)
        doc->title = title_from_name(name);
}

static void fill_date(extract_doc *doc, const char *name)
{
    if (doc->date[0]) {
        doc->date_source = "metadata";
    } else if (extract_date_from_name(name, doc->date)) {
        doc->date_source = "filename";
    } else if (doc->npages
               && extract_date_from_text(doc->pages[0].text, doc->pages[0].len, doc->date)) {
        doc->date_source = "text";
    } else {
        doc->date[0] = '\0';
        doc->date_source = NULL;
    }
}

/* ---- extract_file -------------------------------------------------- */

/* Read up to `want` bytes from fd into a g_malloc'd, NUL-terminated
 * buffer; *got is the count actually read (the file may have shrunk). */
static char *read_bounded(int fd, size_t want, size_t *got,
                          char *err, size_t errlen)
{
    char *buf = g_try_malloc(want + 1);
    if (!buf) {
        snprintf(err, errlen, "out of memory reading %zu bytes", want);
        return NULL;
    }
    size_t n = 0;
    while (n < want) {
        ssize_t r = read(fd, buf + n, want - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            snprintf(err, errlen, "read: %s", strerror(errno));
            g_free(buf);
            return NULL;
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    buf[n] = '\0';
    *got = n;
    return buf;
}

/* Check what fstat says of fd: EXTRACT_OK with *size, or why not. */
static extract_status check_file(int fd, long long max_size, size_t *size,
                                 char *err, size_t errlen)
{
    struct stat st;
    if (fstat(fd, &st) != 0) {
        snprintf(err, errlen, "stat: %s", strerror(errno));
        return EXTRACT_ERR_IO;
    }
    if (!S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "not a regular file");
        return EXTRACT_ERR_IO;
    }
    if (max_size > 0 && (long long)st.st_size > max_size) {
        snprintf(err, errlen, "%lld bytes, over the limit of %lld",
                 (long long)st.st_size, max_size);
        return EXTRACT_ERR_TOO_LARGE;
    }
    *size = (size_t)st.st_size;
    return EXTRACT_OK;
}

extract_status extract_read(const char *path, long long max_size,
                            char **buf, size_t *len, char *err, size_t errlen)
{
    *buf = NULL;
    *len = 0;
    if (errlen)
        err[0] = '\0';
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errlen, "open: %s", strerror(errno));
        return EXTRACT_ERR_IO;
    }
    size_t size = 0;
    extract_status rc = check_file(fd, max_size, &size, err, errlen);
    if (rc == EXTRACT_OK && !(*buf = read_bounded(fd, size, len, err, errlen)))
        rc = EXTRACT_ERR_IO;
    close(fd);
    return rc;
}

/* Detect the type from the first bytes, then hand the bytes over. */
static extract_status extract_typed(const char *buf, size_t len, const char *name,
                                    extract_doc *doc, char *err, size_t errlen)
{
    if (extract_start(doc, len, err, errlen) != EXTRACT_OK)
        return EXTRACT_ERR_EMPTY;
    switch (extract_detect(name, (const unsigned char *)buf,
                           len < DETECT_HEAD ? len : DETECT_HEAD)) {
    case DOC_TYPE_PDF:
        return extract_pdf(buf, len, doc, err, errlen);
    case DOC_TYPE_HTML:
        return extract_html(buf, len, doc, err, errlen);
    case DOC_TYPE_TEXT:
        return extract_text(buf, len, doc, err, errlen);
    case DOC_TYPE_IMAGE:
        return extract_image(buf, len, doc, err, errlen);
    case DOC_TYPE_DOCUMENT:         /* any ZIP: extract_office tells */
        return extract_office(buf, len, doc, err, errlen);
    case DOC_TYPE_SPREADSHEET:
    case DOC_TYPE_PRESENTATION:
    case DOC_TYPE_UNKNOWN:
        break;
    }
    snprintf(err, errlen, "binary data, neither PDF, image, office document, "
             "HTML nor text");
    return EXTRACT_ERR_UNSUPPORTED;
}

extract_status extract_buffer(const char *buf, size_t len, const char *name,
                              extract_doc *doc, char *err, size_t errlen)
{
    if (errlen)
        err[0] = '\0';
    extract_status rc = extract_typed(buf, len, name, doc, err, errlen);
    if (rc != EXTRACT_OK) {
        extract_doc_free(doc);
        return rc;
    }
    fill_title(doc, name);
    fill_date(doc, name);
    return EXTRACT_OK;
}

extract_status extract_file(const char *path, const char *name,
                            long long max_size, extract_doc *doc,
                            char *err, size_t errlen)
{
    char *buf;
    size_t len;
    memset(doc, 0, sizeof *doc);
    extract_status rc = extract_read(path, max_size, &buf, &len, err, errlen);
    if (rc == EXTRACT_OK)
        rc = extract_buffer(buf, len, name ? name : path, doc, err, errlen);
    g_free(buf);
    return rc;
}
