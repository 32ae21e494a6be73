/* files.c -- static files: the archive under /archive/, web/ at the root.
 *
 * Design: a request path is refused before it touches the file system if
 * it could name anything outside the folder (files_resolve: backslashes,
 * encoded '/', '\' or NUL, absolute paths, empty or dot segments, which
 * covers "." and ".." and hidden files); what remains is joined to the
 * folder, canonicalised with realpath() and must still lie inside it, so
 * a symlink leading out is a 404 like a missing file. Only regular files
 * are served: no directory listing ever.
 *
 * The body is the open file itself (MHD_create_response_from_fd_at_offset64,
 * sendfile underneath), with validators built from fstat (ETag from inode,
 * size and the mtime in nanoseconds, so a file rewritten within the same
 * second at the same size gets a new one; Last-Modified) for 304s, and one
 * byte range for the PDF viewers that ask for pieces (206 / 416).
 * Multi-range requests get the whole file (200), which RFC 9110 allows.
 * A 304 carries the Content-Length of the file it stands for (RFC 9110
 * 8.6 allows it; libmicrohttpd 0.9.75 adds one to every response of known
 * size, and sends no body with a 304): a response of unknown size would
 * be one whose end is the connection's, and the keep-alive connection of
 * a browser revalidating its cache would close at every 304.
 *
 * The archive holds files anybody may have uploaded, served on the site's
 * origin (behind nginx, the collective's main website): none may run
 * script there or read its cookies. Only the types of files_types marked
 * inline are shown by the browser: PDFs, HTML pages, texts (Markdown as
 * text/plain), CSS and raster images; every other file (SVG, XML, XHTML,
 * JavaScript, JSON, unknown) is a download (application/octet-stream,
 * Content-Disposition: attachment), which no browser executes. Every
 * archive answer but a PDF's carries FILES_ARCHIVE_CSP: a sandbox without
 * allow-scripts nor allow-same-origin, so an HTML page runs no script and
 * has an opaque origin (no cookies, no storage), keeps its inline styles
 * and may show the archive's images and stylesheets, and loads nothing
 * else. PDFs get no CSP: browsers refuse to start their PDF viewer in a
 * sandboxed document, and their viewers run a PDF's JavaScript away from
 * the page's origin. nosniff (added by http.c) keeps every type as sent.
 * The web folder (the search page) keeps http.c's policy.
 */
#define _FILE_OFFSET_BITS 64
#include "files.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "url.h"

struct files {
    char *archive;   /* canonical path, NULL when the folder is missing */
    char *web;       /* idem */
};

files *files_create(const char *archive_dir, const char *web_dir)
{
    files *f = calloc(1, sizeof *f);

    if (!f)
        return NULL;
    /* realpath() fails for a missing folder: those paths then 404. */
    f->archive = archive_dir ? realpath(archive_dir, NULL) : NULL;
    f->web = web_dir ? realpath(web_dir, NULL) : NULL;
    return f;
}

void files_free(files *f)
{
    if (!f)
        return;
    free(f->archive);
    free(f->web);
    free(f);
}

/* ---- Path resolution ----------------------------------------------- */

/* Escapes that must never be decoded into a path: '/', '\' and NUL. */
static int files_has_bad_escape(const char *raw)
{
    for (const char *p = strchr(raw, '%'); p; p = strchr(p + 1, '%')) {
        if (p[1] == '\0' || p[2] == '\0')
            return 1;
        if ((p[1] == '2' && (p[2] == 'f' || p[2] == 'F')) ||
            (p[1] == '5' && (p[2] == 'c' || p[2] == 'C')) ||
            (p[1] == '0' && p[2] == '0'))
            return 1;
    }
    return 0;
}

/* Every segment non-empty and not starting with '.'. */
static int files_segments_ok(const char *path)
{
    const char *seg = path;

    for (;;) {
        size_t n = strcspn(seg, "/");
        if (n == 0 || seg[0] == '.')
            return 0;
        if (seg[n] == '\0')
            return 1;
        seg += n + 1;
    }
}

static int files_inside(const char *root, const char *real)
{
    size_t n = strlen(root);

    if (n == 1 && root[0] == '/')
        return real[0] == '/';
    return strncmp(real, root, n) == 0 && real[n] == '/';
}

int files_resolve(const char *root, const char *raw, char **out)
{
    char *dec = NULL, *joined = NULL, *real = NULL;
    size_t declen;
    struct stat st;
    int rc = -1;

    if (!root || !raw[0] || strlen(raw) > FILES_MAX_PATH ||
        strchr(raw, '\\') || files_has_bad_escape(raw))
        return -1;
    if (url_decode(raw, strlen(raw), 0, &dec, &declen) < 0)
        return -1;
    if (strlen(dec) != declen || dec[0] == '/' || !files_segments_ok(dec))
        goto out;
    joined = g_strconcat(root, "/", dec, NULL);
    real = realpath(joined, NULL);
    if (!real || !files_inside(root, real) || stat(real, &st) < 0 ||
        !S_ISREG(st.st_mode))
        goto out;
    *out = real;
    real = NULL;
    rc = 0;
out:
    free(dec);
    g_free(joined);
    free(real);
    return rc;
}

/* ---- Content types ------------------------------------------------- */

/* Content types by extension. `archive` marks the types an archive file
 * is served inline with (see the design above); the others are
 * downloads there, and keep their type only in the web folder. */
typedef struct {
    const char *ext;
    const char *type;
    int archive;
} files_type;

static const files_type files_types[] = {
    { "pdf",   "application/pdf",                 1 },
    { "html",  "text/html",                       1 },
    { "htm",   "text/html",                       1 },
    { "txt",   "text/plain",                      1 },
    { "md",    "text/plain",                      1 },
    { "css",   "text/css; charset=utf-8",         1 },
    { "png",   "image/png",                       1 },
    { "jpg",   "image/jpeg",                      1 },
    { "jpeg",  "image/jpeg",                      1 },
    { "gif",   "image/gif",                       1 },
    { "webp",  "image/webp",                      1 },
    { "ico",   "image/x-icon",                    1 },
    { "tif",   "image/tiff",                      1 },
    { "tiff",  "image/tiff",                      1 },
    { "js",    "text/javascript; charset=utf-8",  0 },
    { "mjs",   "text/javascript; charset=utf-8",  0 },
    { "json",  "application/json; charset=utf-8", 0 },
    { "xml",   "application/xml; charset=utf-8",  0 },
    { "svg",   "image/svg+xml",                   0 },
    { "woff2", "font/woff2",                      0 },
};

#define FILES_DOWNLOAD_TYPE "application/octet-stream"

static const files_type *files_type_of(const char *name)
{
    const char *slash = strrchr(name, '/');
    const char *dot = strrchr(slash ? slash + 1 : name, '.');

    if (dot) {
        for (size_t i = 0; i < G_N_ELEMENTS(files_types); i++)
            if (strcasecmp(dot + 1, files_types[i].ext) == 0)
                return &files_types[i];
    }
    return NULL;
}

const char *files_content_type(const char *name)
{
    const files_type *t = files_type_of(name);
    return t ? t->type : FILES_DOWNLOAD_TYPE;
}

const char *files_archive_content_type(const char *name)
{
    const files_type *t = files_type_of(name);
    return t && t->archive ? t->type : FILES_DOWNLOAD_TYPE;
}

/* Texts and HTML: the archive holds UTF-8 and Windows-1252 files alike
 * (the indexer reads both), so the charset of a text is told from its
 * first 64 KiB; an HTML page keeps its own <meta charset> (none sent). */
static const char *files_text_type(int fd, const char *type, char *buf,
                                   size_t buflen)
{
    char head[64 * 1024];
    ssize_t n;
    const char *end;

    if (strncmp(type, "text/plain", 10) != 0)
        return type;
    n = pread(fd, head, sizeof head, 0);
    if (n < 0)
        n = 0;
    /* Valid UTF-8 (NUL bytes excluded), forgiving a sequence cut short by
     * the 64 KiB window. */
    if (g_utf8_validate(head, n, &end) ||
        (n == (ssize_t)sizeof head && n - (end - head) < 4 && *end != '\0'))
        snprintf(buf, buflen, "%s; charset=utf-8", type);
    else
        snprintf(buf, buflen, "%s; charset=windows-1252", type);
    return buf;
}

/* ---- Validators and ranges ----------------------------------------- */

static void files_http_date(time_t t, char *buf, size_t len)
{
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, len, "%a, %d %b %Y %H:%M:%S GMT", &tm);
}

static int files_etag_listed(const char *list, const char *etag)
{
    const char *p = list;
    size_t elen = strlen(etag);

    while (*p) {
        size_t n;
        p += strspn(p, " \t,");
        if (strncmp(p, "W/", 2) == 0)
            p += 2;
        n = strcspn(p, " \t,");
        if ((n == 1 && p[0] == '*') || (n == elen && memcmp(p, etag, n) == 0))
            return 1;
        p += n;
    }
    return 0;
}

/* RFC 9110 13.2.2: If-None-Match first; If-Modified-Since only without it. */
static int files_not_modified(const http_request *req, const char *etag,
                              time_t mtime)
{
    const char *inm = http_header(req, "If-None-Match");
    const char *ims = http_header(req, "If-Modified-Since");
    struct tm tm = { 0 };
    const char *end;

    if (inm)
        return files_etag_listed(inm, etag);
    if (!ims)
        return 0;
    end = strptime(ims, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    return end && *end == '\0' && mtime <= timegm(&tm);
}

/* A run of digits, saturated at UINT64_MAX: a position past any file
 * (bytes=18446744073709551615-, or longer) is unsatisfiable, not
 * malformed. -1 when s is not only digits. */
static int files_parse_u64(const char *s, size_t n, uint64_t *v)
{
    uint64_t x = 0;

    if (n == 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        unsigned d = (unsigned)(s[i] - '0');
        if (d > 9)
            return -1;
        x = x > (UINT64_MAX - d) / 10 ? UINT64_MAX : x * 10 + d;
    }
    *v = x;
    return 0;
}

/* One range of `size` bytes: 1 with *off and *len set, 0 to send the
 * whole file (no header, a malformed one, several ranges, last < first),
 * -1 when unsatisfiable (the first byte is past the end, or a suffix of
 * 0 bytes). Positions of any length saturate (see files_parse_u64). */
static int files_parse_range(const char *h, uint64_t size, uint64_t *off,
                             uint64_t *len)
{
    const char *dash;
    uint64_t a, b;
    size_t alen;

    if (!h || strncmp(h, "bytes=", 6) != 0 || strchr(h, ','))
        return 0;
    h += 6;
    dash = strchr(h, '-');
    if (!dash)
        return 0;
    alen = (size_t)(dash - h);
    if (alen == 0) {                        /* "-n": the last n bytes */
        if (files_parse_u64(dash + 1, strlen(dash + 1), &b) < 0)
            return 0;
        if (b == 0 || size == 0)
            return -1;
        *len = b < size ? b : size;
        *off = size - *len;
        return 1;
    }
    if (files_parse_u64(h, alen, &a) < 0)
        return 0;
    if (dash[1] == '\0')                     /* "a-": to the end */
        b = UINT64_MAX;
    else if (files_parse_u64(dash + 1, strlen(dash + 1), &b) < 0 || b < a)
        return 0;
    if (a >= size)
        return -1;
    if (b >= size)
        b = size - 1;
    *off = a;
    *len = b - a + 1;
    return 1;
}

/* If-Range: the range only applies while the file is the one the client
 * knows (same ETag or Last-Modified); otherwise the whole file. */
static int files_range_applies(const http_request *req, const char *etag,
                               const char *lastmod)
{
    const char *ir = http_header(req, "If-Range");
    return !ir || strcmp(ir, etag) == 0 || strcmp(ir, lastmod) == 0;
}

/* ---- Serving ------------------------------------------------------- */

/* Every archive answer but a PDF's: see the design at the top. */
#define FILES_ARCHIVE_CSP \
    "sandbox; default-src 'none'; style-src 'self' 'unsafe-inline'; " \
    "img-src 'self' data:; font-src 'self'"

/* What one answer is about: the folder's kind and the file's type. */
typedef struct {
    int archive;             /* an archive file, not the search page's */
    const char *ctype;       /* Content-Type, NULL for none (304) */
    const char *name;        /* the file's real path, for a download */
} files_answer;

/* Content-Disposition of a download: the base name, as a quoted ASCII
 * fallback (other bytes as '_') and percent-encoded UTF-8 (RFC 6266). */
static void files_add_download(struct MHD_Response *resp, const char *name)
{
    const char *base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
    GString *v = g_string_new("attachment; filename=\"");

    for (const char *p = base; *p; p++)
        g_string_append_c(v, (*p >= 0x20 && *p < 0x7f && *p != '"' &&
                              *p != '\\' && *p != '%') ? *p : '_');
    g_string_append(v, "\"; filename*=UTF-8''");
    for (const unsigned char *p = (const unsigned char *)base; *p; p++) {
        if (g_ascii_isalnum(*p) || strchr("!#$&+-.^_`|~", *p))
            g_string_append_c(v, (char)*p);
        else
            g_string_append_printf(v, "%%%02X", *p);
    }
    MHD_add_response_header(resp, "Content-Disposition", v->str);
    g_string_free(v, TRUE);
}

/* The archive's own headers on any answer (NULL resp: none). */
static void files_add_policy(struct MHD_Response *resp, const files_answer *a)
{
    if (!resp || !a->archive)
        return;
    if (!a->ctype || strcmp(a->ctype, "application/pdf") != 0)
        MHD_add_response_header(resp, "Content-Security-Policy",
                                FILES_ARCHIVE_CSP);
    if (a->ctype && a->name && strcmp(a->ctype, FILES_DOWNLOAD_TYPE) == 0)
        files_add_download(resp, a->name);
}

static void files_reply_error(http_request *req, unsigned status,
                              const char *message, int archive)
{
    size_t len = 0;
    struct MHD_Response *resp = http_error_response(status, message, &len);
    files_answer a = { archive, NULL, NULL };

    files_add_policy(resp, &a);
    http_reply_response(req, status, resp, len, "application/json; charset=utf-8");
}

static void files_reply_416(http_request *req, uint64_t size, int archive)
{
    size_t len = 0;
    char cr[64];
    struct MHD_Response *resp =
        http_error_response(416, "range not satisfiable", &len);
    files_answer a = { archive, NULL, NULL };

    if (resp) {
        snprintf(cr, sizeof cr, "bytes */%" PRIu64, size);
        MHD_add_response_header(resp, "Content-Range", cr);
        files_add_policy(resp, &a);
    }
    http_reply_response(req, 416, resp, len, "application/json; charset=utf-8");
}

static ssize_t files_no_body(void *cls, uint64_t pos, char *buf, size_t max)
{
    (void)cls;
    (void)pos;
    (void)buf;
    (void)max;
    return MHD_CONTENT_READER_END_OF_STREAM;
}

/* A 304 for a file of `size` bytes: that Content-Length, no body (see
 * the design at the top; MHD never asks files_no_body for one). */
static struct MHD_Response *files_not_modified_response(uint64_t size)
{
    return MHD_create_response_from_callback(size, 1024, files_no_body,
                                             NULL, NULL);
}

static void files_serve(http_request *req, const char *root, const char *raw,
                        int archive)
{
    char *real = NULL;
    char etag[96], lastmod[64], ctbuf[64];
    files_answer a = { archive, NULL, NULL };
    struct stat st;
    uint64_t off = 0, len;
    struct MHD_Response *resp;
    unsigned status = 200;
    int fd, r;

    if (files_resolve(root, raw, &real) < 0) {
        files_reply_error(req, 404, "no such file", archive);
        return;
    }
    fd = open(real, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        if (fd >= 0)
            close(fd);
        free(real);
        files_reply_error(req, 404, "no such file", archive);
        return;
    }
    a.name = real;
    a.ctype = files_text_type(fd, archive ? files_archive_content_type(real)
                                          : files_content_type(real),
                              ctbuf, sizeof ctbuf);
    snprintf(etag, sizeof etag, "\"%jx-%jx-%jx.%lx\"", (uintmax_t)st.st_ino,
             (uintmax_t)st.st_size, (uintmax_t)st.st_mtim.tv_sec,
             (unsigned long)st.st_mtim.tv_nsec);
    files_http_date(st.st_mtime, lastmod, sizeof lastmod);
    len = (uint64_t)st.st_size;

    if (files_not_modified(req, etag, st.st_mtime)) {
        close(fd);
        resp = files_not_modified_response((uint64_t)st.st_size);
        status = 304;
        len = 0;
        a.ctype = NULL;
    } else {
        r = files_range_applies(req, etag, lastmod)
                ? files_parse_range(http_header(req, "Range"),
                                    (uint64_t)st.st_size, &off, &len)
                : 0;
        if (r < 0) {
            close(fd);
            free(real);
            files_reply_416(req, (uint64_t)st.st_size, archive);
            return;
        }
        if (r > 0)
            status = 206;
        /* The response owns fd from here: MHD closes it. */
        resp = MHD_create_response_from_fd_at_offset64(len, fd, off);
        if (!resp)
            close(fd);
    }
    if (resp) {
        MHD_add_response_header(resp, "ETag", etag);
        MHD_add_response_header(resp, "Last-Modified", lastmod);
        MHD_add_response_header(resp, "Accept-Ranges", "bytes");
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
        files_add_policy(resp, &a);
        if (status == 206) {
            char cr[96];
            snprintf(cr, sizeof cr, "bytes %" PRIu64 "-%" PRIu64 "/%jd", off,
                     off + len - 1, (intmax_t)st.st_size);
            MHD_add_response_header(resp, "Content-Range", cr);
        }
    }
    free(real);
    http_reply_response(req, status, resp, len, a.ctype);
}

void files_serve_archive(files *f, http_request *req, const char *raw)
{
    files_serve(req, f->archive, raw, 1);
}

void files_serve_web(files *f, http_request *req, const char *raw)
{
    files_serve(req, f->web, raw[0] ? raw : "index.html", 0);
}
