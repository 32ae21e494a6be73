/* pdfw.c -- a minimal PDF writer (see pdfw.h for the design).
 *
 * Object numbers: 1 catalog, 2 page tree, 3 Helvetica, 4 Helvetica-Bold,
 * 5 information dictionary, then a content stream and a page object for
 * each page, in order. Objects 1, 2 and 5 are written last, when the list
 * of pages is known; the cross-reference table does not care about order.
 */
#include "pdfw.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PDFW_TOP      786    /* first baseline, points from the bottom */
#define PDFW_BOTTOM    56
#define PDFW_LEADING   14
#define PDFW_FIRST_PAGE_OBJ 6

typedef struct {
    char *s;
    size_t len, cap;
} pdfw_buf;

struct pdfw {
    pdfw_buf out;            /* the file so far */
    pdfw_buf page;           /* the current page's content stream */
    size_t *offset;          /* offset[obj] in out; owned */
    unsigned nobj, capobj;   /* objects numbered so far (1-based) */
    unsigned npages;
    int y;                   /* baseline of the next line */
    int font;                /* font selected in the page: 0 none, 1, 2 */
    int failed;              /* ran out of memory */
    char *title, *author, *date;
};

static void pdfw_grow(pdfw *w, pdfw_buf *b, size_t more)
{
    if (b->len + more + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + more + 1)
        cap *= 2;
    char *s = realloc(b->s, cap);
    if (!s) {
        w->failed = 1;
        return;
    }
    b->s = s;
    b->cap = cap;
}

static void pdfw_put(pdfw *w, pdfw_buf *b, const char *s, size_t n)
{
    pdfw_grow(w, b, n);
    if (w->failed)
        return;
    memcpy(b->s + b->len, s, n);
    b->len += n;
}

__attribute__((format(printf, 3, 4)))
static void pdfw_printf(pdfw *w, pdfw_buf *b, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof tmp) {
        w->failed = 1;
        return;
    }
    pdfw_put(w, b, tmp, (size_t)n);
}

/* Record where object `obj` starts (objects may come in any order). */
static void pdfw_obj(pdfw *w, unsigned obj)
{
    if (obj >= w->capobj) {
        unsigned cap = w->capobj ? w->capobj * 2 : 64;
        while (cap <= obj)
            cap *= 2;
        size_t *o = realloc(w->offset, cap * sizeof *o);
        if (!o) {
            w->failed = 1;
            return;
        }
        memset(o + w->capobj, 0, (cap - w->capobj) * sizeof *o);
        w->offset = o;
        w->capobj = cap;
    }
    if (obj > w->nobj)
        w->nobj = obj;
    w->offset[obj] = w->out.len;
    pdfw_printf(w, &w->out, "%u 0 obj\n", obj);
}

/* Decode one UTF-8 sequence at *p (advancing it); U+FFFD when invalid. */
static uint32_t pdfw_utf8(const unsigned char **p)
{
    const unsigned char *s = *p;
    uint32_t c = s[0];
    int n = c < 0x80 ? 0 : c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : -1;
    if (n < 0) {
        (*p)++;
        return 0xFFFD;
    }
    c &= n ? 0x3F >> n : 0x7F;
    for (int i = 1; i <= n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *p = s + i;
            return 0xFFFD;
        }
        c = (c << 6) | (s[i] & 0x3F);
    }
    *p = s + n + 1;
    return c;
}

/* WinAnsiEncoding byte for a code point; '?' when it has none. */
static unsigned char pdfw_winansi(uint32_t c)
{
    static const struct { uint32_t cp; unsigned char b; } extra[] = {
        { 0x20AC, 0x80 }, { 0x2026, 0x85 }, { 0x0152, 0x8C }, { 0x2018, 0x91 },
        { 0x2019, 0x92 }, { 0x201C, 0x93 }, { 0x201D, 0x94 }, { 0x2013, 0x96 },
        { 0x2014, 0x97 }, { 0x0153, 0x9C }, { 0x0178, 0x9F },
    };
    if ((c >= 0x20 && c < 0x7F) || (c >= 0xA0 && c <= 0xFF))
        return (unsigned char)c;
    for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++)
        if (extra[i].cp == c)
            return extra[i].b;
    return '?';
}

/* A PDF literal string of UTF-8 text in WinAnsi bytes: (...). */
static void pdfw_string(pdfw *w, pdfw_buf *b, const char *utf8)
{
    const unsigned char *p = (const unsigned char *)utf8;
    pdfw_put(w, b, "(", 1);
    while (*p) {
        unsigned char c = pdfw_winansi(pdfw_utf8(&p));
        if (c == '(' || c == ')' || c == '\\')
            pdfw_put(w, b, "\\", 1);
        pdfw_put(w, b, (const char *)&c, 1);
    }
    pdfw_put(w, b, ")", 1);
}

/* A text string for the information dictionary: UTF-16BE in hex. */
static void pdfw_text_string(pdfw *w, pdfw_buf *b, const char *utf8)
{
    const unsigned char *p = (const unsigned char *)utf8;
    pdfw_put(w, b, "<FEFF", 5);
    while (*p) {
        uint32_t c = pdfw_utf8(&p);
        if (c > 0xFFFF)
            c = 0xFFFD;
        pdfw_printf(w, b, "%04X", (unsigned)c);
    }
    pdfw_put(w, b, ">", 1);
}

static char *pdfw_dup(pdfw *w, const char *s)
{
    char *d = s ? strdup(s) : NULL;
    if (s && !d)
        w->failed = 1;
    return d;
}

pdfw *pdfw_create(const char *title, const char *author, const char *date)
{
    pdfw *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->title = pdfw_dup(w, title);
    w->author = pdfw_dup(w, author);
    w->date = pdfw_dup(w, date);
    pdfw_printf(w, &w->out, "%%PDF-1.4\n%%\xE2\xE3\xCF\xD3\n");
    pdfw_obj(w, 3);
    pdfw_printf(w, &w->out, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
                "/Encoding /WinAnsiEncoding >>\nendobj\n");
    pdfw_obj(w, 4);
    pdfw_printf(w, &w->out, "<< /Type /Font /Subtype /Type1 /BaseFont "
                "/Helvetica-Bold /Encoding /WinAnsiEncoding >>\nendobj\n");
    w->nobj = PDFW_FIRST_PAGE_OBJ - 1;
    if (w->failed) {
        pdfw_free(w);
        return NULL;
    }
    return w;
}

void pdfw_free(pdfw *w)
{
    if (!w)
        return;
    free(w->out.s);
    free(w->page.s);
    free(w->offset);
    free(w->title);
    free(w->author);
    free(w->date);
    free(w);
}

void pdfw_page_begin(pdfw *w)
{
    w->page.len = 0;
    w->font = 0;
    w->y = PDFW_TOP;
    pdfw_printf(w, &w->page, "BT\n%d TL\n56 %d Td\n", PDFW_LEADING, PDFW_TOP);
}

int pdfw_lines_left(const pdfw *w)
{
    return (w->y - PDFW_BOTTOM) / PDFW_LEADING;
}

void pdfw_line(pdfw *w, const char *utf8, int heading)
{
    int font = heading ? 2 : 1;
    if (font != w->font) {
        pdfw_printf(w, &w->page, "/F%d %d Tf\n", font, heading ? 15 : 11);
        w->font = font;
    }
    if (heading && w->y != PDFW_TOP) {
        pdfw_printf(w, &w->page, "T*\n");
        w->y -= PDFW_LEADING;
    }
    pdfw_string(w, &w->page, utf8);
    pdfw_printf(w, &w->page, " Tj T*\n");
    w->y -= PDFW_LEADING;
}

void pdfw_page_end(pdfw *w)
{
    unsigned content = w->nobj + 1, page = w->nobj + 2;

    pdfw_printf(w, &w->page, "ET\n");
    pdfw_obj(w, content);
    pdfw_printf(w, &w->out, "<< /Length %zu >>\nstream\n", w->page.len);
    pdfw_put(w, &w->out, w->page.s, w->page.len);
    pdfw_printf(w, &w->out, "\nendstream\nendobj\n");
    pdfw_obj(w, page);
    pdfw_printf(w, &w->out, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                "/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> "
                "/Contents %u 0 R >>\nendobj\n", content);
    w->npages++;
}

/* Page tree, catalog, information, cross-reference table, trailer. */
static void pdfw_finish(pdfw *w)
{
    pdfw_obj(w, 2);
    pdfw_printf(w, &w->out, "<< /Type /Pages /Count %u /Kids [", w->npages);
    for (unsigned i = 0; i < w->npages; i++)
        pdfw_printf(w, &w->out, " %u 0 R", PDFW_FIRST_PAGE_OBJ + 2 * i + 1);
    pdfw_printf(w, &w->out, " ] >>\nendobj\n");
    pdfw_obj(w, 1);
    pdfw_printf(w, &w->out, "<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
    pdfw_obj(w, 5);
    pdfw_printf(w, &w->out, "<< /Producer (fouille bench/synth)");
    if (w->title) {
        pdfw_printf(w, &w->out, " /Title ");
        pdfw_text_string(w, &w->out, w->title);
    }
    if (w->author) {
        pdfw_printf(w, &w->out, " /Author ");
        pdfw_text_string(w, &w->out, w->author);
    }
    if (w->date && strlen(w->date) == 10)
        pdfw_printf(w, &w->out, " /CreationDate (D:%.4s%.2s%.2s120000Z)"
                    " /ModDate (D:%.4s%.2s%.2s120000Z)", w->date, w->date + 5,
                    w->date + 8, w->date, w->date + 5, w->date + 8);
    pdfw_printf(w, &w->out, " >>\nendobj\n");

    size_t xref = w->out.len;
    pdfw_printf(w, &w->out, "xref\n0 %u\n0000000000 65535 f \n", w->nobj + 1);
    for (unsigned i = 1; i <= w->nobj && !w->failed; i++)
        pdfw_printf(w, &w->out, "%010zu 00000 n \n", w->offset[i]);
    pdfw_printf(w, &w->out, "trailer\n<< /Size %u /Root 1 0 R /Info 5 0 R >>\n"
                "startxref\n%zu\n%%%%EOF\n", w->nobj + 1, xref);
}

int pdfw_write(pdfw *w, const char *path)
{
    pdfw_finish(w);
    if (w->failed) {
        errno = ENOMEM;
        return -1;
    }
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t n = fwrite(w->out.s, 1, w->out.len, f);
    int e = errno;
    if (fclose(f) != 0 || n != w->out.len) {
        errno = n != w->out.len ? e : errno;
        return -1;
    }
    return 0;
}
