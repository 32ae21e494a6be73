/* mkpdf.c -- write the sample archive's PDFs from small text sources.
 *
 * Usage: mkpdf SOURCE OUT.pdf
 *        mkpdf SOURCE OUT.png|OUT.jpg|OUT.tif
 *
 * Source format (UTF-8, LF or CRLF line ends):
 *
 *   Title: Compte rendu du groupe de travail     optional header lines,
 *   Author: Collectif des associations           in any order, each at
 *   Date: 2022-05-19                             most once
 *   ---                                          ends the header (required)
 *   # A heading                                  body lines
 *   A body line.
 *
 * Header: Title and Author become the PDF's Title and Author; Date
 * (YYYY-MM-DD) becomes both CreationDate and ModDate, at 12:00 UTC so that
 * the day reads the same in every time zone. A header left out is left out
 * of the PDF (no Title: the PDF has no title; no Date: no dates at all --
 * cairo always writes a CreationDate of its own, so mkpdf then blanks that
 * entry out of the written file with spaces, which keeps every offset).
 *
 * Body: one source line is one PDF line, laid out as written. A line wider
 * than the text column is wrapped at spaces; a word wider than the column
 * stays whole and overflows. An empty line is a blank line (dropped at the
 * top of a page). A line that is only "\f" (backslash, f) or only a form
 * feed starts a new page; so does a full page. A line starting with "# " is
 * a heading: bold, larger, with some space around it. Only ASCII spaces are
 * break points: a no-break space (U+00A0) keeps "mot ;" together. The
 * tool never joins, hyphenates or reflows: a line ending in "-" is printed
 * as is, which is how the archive gets words split at a line end
 * ("marchandi-" then "sation").
 *
 * Scans: a line that is only "\scan" starts a new page and makes it and
 * every page after it a scan: the page is drawn at SCAN_DPI into an image,
 * in grey on white, and the PDF page shows only that image (no text
 * layer), as a scanner would make it. An OUT that is an image (.png, .jpg,
 * .tif, chosen by its extension, written by Leptonica at SCAN_DPI) gets
 * the first page of the body drawn that way, the header being ignored:
 * the archive's photographed tract, and the OCR fixtures.
 *
 * Design: read the whole source, parse the header, then draw line by line
 * with cairo's toy text API (DejaVu Sans, A4, fixed margins), keeping one
 * cursor (the baseline of the next line) on the current page. main() owns
 * the source buffer and the layout; every error is reported on stderr and
 * makes the exit status 1.
 */
#include <cairo.h>
#include <cairo-pdf.h>
#include <errno.h>
#include <leptonica/allheaders.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_W 595.276          /* A4, in points */
#define PAGE_H 841.890
#define MARGIN 72.0
#define TEXT_W (PAGE_W - 2 * MARGIN)
#define FONT "DejaVu Sans"
#define BODY_SIZE 11.0
#define BODY_LEAD 16.0          /* baseline to baseline */
#define HEAD_SIZE 15.0
#define HEAD_LEAD 24.0
#define HEAD_SPACE 8.0          /* extra space above a heading */
#define HEAD_AFTER 3.0          /* and below it */
#define SCAN_DPI 300.0
#define SCAN_W ((int)(PAGE_W * SCAN_DPI / 72.0))
#define SCAN_H ((int)(PAGE_H * SCAN_DPI / 72.0))

typedef struct {
    const char *title;          /* NUL-terminated, inside the source buffer */
    const char *author;
    const char *date;
} mkpdf_header;

typedef struct {
    cairo_surface_t *surface;   /* the PDF; NULL when writing an image */
    cairo_t *pdf;               /* drawing on the PDF */
    cairo_surface_t *scan;      /* the page being scanned, or NULL */
    cairo_t *cr;                /* drawing on the current page: pdf or scan */
    int pages_done;             /* pages finished (for an image: 1 ends it) */
    double y;                   /* baseline of the next line */
    int empty;                  /* nothing drawn on this page yet */
} mkpdf_layout;

/* Read a whole file into a NUL-terminated malloc'd buffer the caller frees;
 * *lenp gets its length. On error, NULL is returned and a message printed. */
static char *mkpdf_read(const char *path, size_t *lenp)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "mkpdf: %s: %s\n", path, strerror(errno));
        return NULL;
    }
    size_t cap = 8192, len = 0;
    char *buf = malloc(cap);
    while (buf) {
        len += fread(buf + len, 1, cap - len - 1, f);
        if (len < cap - 1)
            break;
        char *bigger = realloc(buf, cap * 2);
        if (!bigger) {
            free(buf);
            buf = NULL;
        } else {
            buf = bigger;
            cap *= 2;
        }
    }
    int bad = ferror(f);
    fclose(f);
    if (!buf || bad) {
        fprintf(stderr, "mkpdf: %s: %s\n", path,
                buf ? "read error" : "out of memory");
        free(buf);
        return NULL;
    }
    buf[len] = '\0';
    *lenp = len;
    return buf;
}

/* Cut the line starting at *pos: NUL-terminate it in place (dropping a
 * trailing CR), advance *pos past it and return it; NULL at the end. */
static char *mkpdf_next_line(char **pos)
{
    char *line = *pos;
    if (!*line)
        return NULL;
    char *nl = strchr(line, '\n');
    if (nl) {
        *nl = '\0';
        *pos = nl + 1;
    } else {
        *pos = line + strlen(line);
    }
    size_t n = strlen(line);
    if (n && line[n - 1] == '\r')
        line[n - 1] = '\0';
    return line;
}

static int mkpdf_date_valid(const char *d)
{
    static const char shape[] = "dddd-dd-dd";
    if (strlen(d) != sizeof shape - 1)
        return 0;
    for (size_t i = 0; shape[i]; i++)
        if (shape[i] == 'd' ? (d[i] < '0' || d[i] > '9') : d[i] != shape[i])
            return 0;
    return 1;
}

/* Parse the header lines up to "---", pointing h's fields into the buffer.
 * *pos is left at the first body line. Returns 0, or -1 with a message. */
static int mkpdf_parse_header(const char *path, char **pos, mkpdf_header *h)
{
    static const char *const keys[] = { "Title: ", "Author: ", "Date: " };
    const char **fields[] = { &h->title, &h->author, &h->date };
    char *line;
    int lineno = 0;

    memset(h, 0, sizeof *h);
    while ((line = mkpdf_next_line(pos))) {
        lineno++;
        if (!strcmp(line, "---"))
            break;
        size_t k = 0;
        while (k < 3 && strncmp(line, keys[k], strlen(keys[k])))
            k++;
        if (k == 3 || *fields[k]) {
            fprintf(stderr, "mkpdf: %s:%d: %s header line\n", path, lineno,
                    k == 3 ? "unknown" : "repeated");
            return -1;
        }
        *fields[k] = line + strlen(keys[k]);
    }
    if (!line) {
        fprintf(stderr, "mkpdf: %s: no \"---\" line after the header\n", path);
        return -1;
    }
    if (h->date && !mkpdf_date_valid(h->date)) {
        fprintf(stderr, "mkpdf: %s: Date is not YYYY-MM-DD\n", path);
        return -1;
    }
    return 0;
}

static void mkpdf_set_metadata(cairo_surface_t *s, const mkpdf_header *h)
{
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR,
                                   "fouille tools/mkpdf");
    if (h->title)
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, h->title);
    if (h->author)
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR,
                                       h->author);
    if (h->date) {
        char when[32];
        snprintf(when, sizeof when, "%sT12:00:00Z", h->date);
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE,
                                       when);
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, when);
    }
}

/* A blank scanned page: white, drawn in points like a PDF page. */
static void mkpdf_scan_clear(mkpdf_layout *lo)
{
    cairo_identity_matrix(lo->cr);
    cairo_set_source_rgb(lo->cr, 1, 1, 1);
    cairo_paint(lo->cr);
    cairo_scale(lo->cr, SCAN_DPI / 72.0, SCAN_DPI / 72.0);
    cairo_set_source_rgb(lo->cr, 0.15, 0.15, 0.15);
}

/* From now on pages are scans. */
static void mkpdf_start_scan(mkpdf_layout *lo)
{
    lo->scan = cairo_image_surface_create(CAIRO_FORMAT_RGB24, SCAN_W, SCAN_H);
    lo->cr = cairo_create(lo->scan);
    mkpdf_scan_clear(lo);
}

/* Put the scanned page's image on the PDF page. */
static void mkpdf_scan_to_pdf(mkpdf_layout *lo)
{
    if (!lo->pdf)
        return;
    cairo_surface_flush(lo->scan);
    cairo_save(lo->pdf);
    cairo_scale(lo->pdf, 72.0 / SCAN_DPI, 72.0 / SCAN_DPI);
    cairo_set_source_surface(lo->pdf, lo->scan, 0, 0);
    cairo_paint(lo->pdf);
    cairo_restore(lo->pdf);
}

static void mkpdf_new_page(mkpdf_layout *lo)
{
    if (lo->scan) {
        mkpdf_scan_to_pdf(lo);
        if (lo->pdf)
            mkpdf_scan_clear(lo);
    }
    if (lo->pdf)
        cairo_show_page(lo->pdf);
    lo->pages_done++;
    lo->y = MARGIN;
    lo->empty = 1;
}

/* Move the cursor down by `lead` for a line about to be drawn, starting a
 * new page first when the line would not fit. */
static void mkpdf_advance(mkpdf_layout *lo, double lead)
{
    if (lo->y + lead > PAGE_H - MARGIN && !lo->empty)
        mkpdf_new_page(lo);
    lo->y += lead;
}

static double mkpdf_width(cairo_t *cr, const char *s, size_t n)
{
    char *part = strndup(s, n);
    cairo_text_extents_t ext;
    if (!part)
        return 0;
    cairo_text_extents(cr, part, &ext);
    free(part);
    return ext.x_advance;
}

/* How many bytes of s (n bytes, no leading space) go on one line: all of
 * it if it fits, else up to the last space that fits, else up to the first
 * space (an overlong word stays whole). */
static size_t mkpdf_fit(cairo_t *cr, const char *s, size_t n)
{
    if (mkpdf_width(cr, s, n) <= TEXT_W)
        return n;
    size_t best = 0;
    for (size_t i = 1; i < n; i++) {
        if (s[i] != ' ' || s[i - 1] == ' ')
            continue;
        if (mkpdf_width(cr, s, i) > TEXT_W)
            break;
        best = i;
    }
    if (!best) {
        const char *sp = memchr(s, ' ', n);
        best = sp ? (size_t)(sp - s) : n;
    }
    return best;
}

static void mkpdf_draw(mkpdf_layout *lo, const char *s, size_t n, double lead)
{
    char *part = strndup(s, n);
    if (!part)
        return;
    mkpdf_advance(lo, lead);
    if (!lo->pdf && lo->pages_done) {      /* an image has one page */
        free(part);
        return;
    }
    cairo_move_to(lo->cr, MARGIN, lo->y);
    cairo_show_text(lo->cr, part);
    lo->empty = 0;
    free(part);
}

/* Lay out one body line: a page break, a blank, a heading or text, wrapped
 * to the column. */
static void mkpdf_line(mkpdf_layout *lo, const char *line)
{
    if (!strcmp(line, "\\f") || !strcmp(line, "\f")) {
        mkpdf_new_page(lo);
        return;
    }
    if (!strcmp(line, "\\scan")) {
        if (!lo->empty)
            mkpdf_new_page(lo);
        if (!lo->scan)
            mkpdf_start_scan(lo);
        return;
    }
    if (!*line) {
        if (!lo->empty)
            mkpdf_advance(lo, BODY_LEAD);
        return;
    }
    int heading = !strncmp(line, "# ", 2);
    double lead = heading ? HEAD_LEAD : BODY_LEAD;
    if (heading) {
        line += 2;
        if (!lo->empty)
            lo->y += HEAD_SPACE;
    }
    cairo_select_font_face(lo->cr, FONT, CAIRO_FONT_SLANT_NORMAL,
                           heading ? CAIRO_FONT_WEIGHT_BOLD
                                   : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(lo->cr, heading ? HEAD_SIZE : BODY_SIZE);

    size_t n = strlen(line);
    while (n) {
        size_t take = mkpdf_fit(lo->cr, line, n);
        mkpdf_draw(lo, line, take, lead);
        line += take;
        n -= take;
        while (n && *line == ' ') {
            line++;
            n--;
        }
    }
    if (heading)
        lo->y += HEAD_AFTER;
}

/* Blank out the "/CreationDate (...)" entry cairo puts in the document
 * information dictionary of the PDF at `path`, overwriting it in place with
 * spaces so that the cross-reference offsets stay right. The search runs
 * backwards from the end, where cairo writes that dictionary after every
 * (binary) stream. Returns 0, or -1 with a message. */
static int mkpdf_drop_date(const char *path)
{
    static const char key[] = "/CreationDate (";
    size_t len, klen = sizeof key - 1;
    char *pdf = mkpdf_read(path, &len);
    if (!pdf)
        return -1;
    char *entry = NULL, *end = NULL;
    for (size_t i = len >= klen ? len - klen + 1 : 0; i-- > 0 && !entry;)
        if (!memcmp(pdf + i, key, klen))
            entry = pdf + i;
    if (entry)
        end = memchr(entry, ')', len - (size_t)(entry - pdf));

    int rc = -1;
    FILE *f = NULL;
    if (!end) {
        fprintf(stderr, "mkpdf: %s: no CreationDate to remove\n", path);
    } else if (!(f = fopen(path, "r+b")) || fseek(f, entry - pdf, SEEK_SET)) {
        fprintf(stderr, "mkpdf: %s: %s\n", path, strerror(errno));
    } else {
        size_t n = (size_t)(end - entry) + 1;
        memset(entry, ' ', n);
        rc = fwrite(entry, 1, n, f) == n ? 0 : -1;
    }
    if (f && fclose(f))
        rc = -1;
    if (rc && end && f)
        fprintf(stderr, "mkpdf: %s: write error\n", path);
    free(pdf);
    return rc;
}

/* The image format Leptonica writes for out's extension, or 0 (a PDF). */
static int mkpdf_image_format(const char *out)
{
    const char *dot = strrchr(out, '.');
    if (!dot)
        return 0;
    if (!strcmp(dot, ".png"))
        return IFF_PNG;
    if (!strcmp(dot, ".jpg"))
        return IFF_JFIF_JPEG;
    if (!strcmp(dot, ".tif"))
        return IFF_TIFF_ZIP;
    return 0;
}

/* Write the scanned page as an image file at SCAN_DPI. */
static int mkpdf_write_image(const char *out, cairo_surface_t *scan, int format)
{
    cairo_surface_flush(scan);
    const unsigned char *data = cairo_image_surface_get_data(scan);
    int stride = cairo_image_surface_get_stride(scan);
    PIX *pix = pixCreate(SCAN_W, SCAN_H, 32);
    if (!pix) {
        fprintf(stderr, "mkpdf: %s: out of memory\n", out);
        return -1;
    }
    for (int y = 0; y < SCAN_H; y++) {
        const uint32_t *row = (const uint32_t *)(data + (size_t)y * stride);
        l_uint32 *line = pixGetData(pix) + (size_t)y * pixGetWpl(pix);
        for (int x = 0; x < SCAN_W; x++)
            line[x] = (row[x] << 8) | 0xFF;
    }
    pixSetResolution(pix, (l_int32)SCAN_DPI, (l_int32)SCAN_DPI);
    int rc = pixWrite(out, pix, format);
    pixDestroy(&pix);
    if (rc) {
        fprintf(stderr, "mkpdf: %s: cannot write the image\n", out);
        return -1;
    }
    return 0;
}

/* Write the body starting at pos into out. Returns 0, or -1 with a
 * message. */
static int mkpdf_write(const char *out, const mkpdf_header *h, char *pos)
{
    mkpdf_layout lo = { 0 };
    int image = mkpdf_image_format(out);
    if (image) {
        mkpdf_start_scan(&lo);
    } else {
        lo.surface = cairo_pdf_surface_create(out, PAGE_W, PAGE_H);
        mkpdf_set_metadata(lo.surface, h);
        lo.pdf = lo.cr = cairo_create(lo.surface);
        cairo_set_source_rgb(lo.cr, 0.1, 0.1, 0.1);
    }
    lo.y = MARGIN;
    lo.empty = 1;

    char *line;
    while ((line = mkpdf_next_line(&pos)))
        mkpdf_line(&lo, line);

    if (lo.scan) {
        if (image) {
            int rc = mkpdf_write_image(out, lo.scan, image);
            cairo_destroy(lo.cr);
            cairo_surface_destroy(lo.scan);
            return rc;
        }
        mkpdf_scan_to_pdf(&lo);
        cairo_destroy(lo.cr);
        cairo_surface_destroy(lo.scan);
    }
    cairo_destroy(lo.pdf);
    cairo_surface_finish(lo.surface);
    cairo_status_t st = cairo_surface_status(lo.surface);
    cairo_surface_destroy(lo.surface);
    if (st != CAIRO_STATUS_SUCCESS) {
        fprintf(stderr, "mkpdf: %s: %s\n", out, cairo_status_to_string(st));
        return -1;
    }
    return h->date ? 0 : mkpdf_drop_date(out);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: mkpdf SOURCE OUT.pdf|OUT.png|OUT.jpg|OUT.tif\n");
        return 2;
    }
    size_t len;
    char *src = mkpdf_read(argv[1], &len);
    if (!src)
        return 1;
    if (strlen(src) != len) {
        fprintf(stderr, "mkpdf: %s: NUL byte in the source\n", argv[1]);
        free(src);
        return 1;
    }
    char *pos = src;
    mkpdf_header h;
    int rc = mkpdf_parse_header(argv[1], &pos, &h);
    if (!rc)
        rc = mkpdf_write(argv[2], &h, pos);
    free(src);
    if (rc)
        remove(argv[2]);
    return rc ? 1 : 0;
}
