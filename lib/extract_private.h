/* extract_private.h -- helpers the extractors share; not part of the API.
 *
 * Every function returns a g_malloc'd string (release it with g_free) or
 * fills a caller's buffer; none of them fails on bad input.
 */
#ifndef FOUILLE_EXTRACT_PRIVATE_H
#define FOUILLE_EXTRACT_PRIVATE_H

#include <stddef.h>

#include "extract.h"

/* extract_text.c: decode Windows-1252 bytes to UTF-8. The five bytes that
 * code page leaves undefined (0x81 0x8D 0x8F 0x90 0x9D) become U+FFFD. */
char *extract_cp1252_to_utf8(const char *buf, size_t len);

/* extract_text.c: a copy of UTF-8 text `s` where the C1 controls
 * U+0080..U+009F (what a Windows-1252 page declared ISO-8859-1 turns into)
 * are read as the Windows-1252 characters they stand for: U+0092 -> ’. */
char *extract_fix_c1(const char *s);

/* extract.c: a copy of `s` (`len` bytes, -1: NUL-terminated) made valid
 * UTF-8, with runs of white space made one space and both ends trimmed;
 * NULL when nothing is left or s is NULL. */
char *extract_collapse_ws(const char *s, long len);

/* extract.c: how every extractor starts on `len` bytes: *doc emptied,
 * then EXTRACT_OK, or EXTRACT_ERR_EMPTY (with `err`) when there are none. */
extract_status extract_start(extract_doc *doc, size_t len, char *err, size_t errlen);

/* extract.c: make `doc` hold a single page, taking ownership of `text`. */
void extract_doc_set_page(extract_doc *doc, char *text);

/* extract_date.c: the date at the start of an ISO 8601 string such as
 * metadata carry ("2021-03-15", "2021-03-15T10:00:00+01:00", "2021-03",
 * "2021"), leading white space skipped. Month or day missing become 01.
 * Returns 1 and fills out[11] ("YYYY-MM-DD") for a valid date. */
int extract_date_iso(const char *s, char out[11]);

/* ---- extract_ocr.c: pixels to text (Tesseract) ---------------------- */

/* The most pixels a page is read at: a page rendered larger is rendered
 * at a lower resolution, an image larger is refused (about A3 at 300 dpi:
 * 36 Mpx, 144 MB as RGB). */
#define EXTRACT_OCR_MAX_PIXELS 36e6
/* The resolution pages are rendered at for OCR. */
#define EXTRACT_OCR_DPI 300

/* A file's share of OCR: pages read and when the first started. */
typedef struct {
    unsigned pages;
    long long start_us;
} extract_ocr_budget;

struct Pix;

/* OCR is on (extract_ocr_configure) and may read pages at all. */
int extract_ocr_enabled(void);
void extract_ocr_budget_start(extract_ocr_budget *b);
/* One more page may be read within the file's budget. */
int extract_ocr_budget_allows(const extract_ocr_budget *b);

/* Read `width` x `height` 8-bit grey pixels (rows `stride` bytes apart)
 * scanned at `dpi`, or a Leptonica image. 0 and *text (g_malloc'd valid
 * UTF-8, "" when nothing was recognised); -1 with err when the budget is
 * spent, the image is empty or too large, or the engine cannot start. */
int extract_ocr_gray(extract_ocr_budget *b, const unsigned char *gray,
                     int width, int height, int stride, int dpi,
                     char **text, char *err, size_t errlen);
int extract_ocr_pix(extract_ocr_budget *b, struct Pix *pix, int dpi,
                    char **text, char *err, size_t errlen);

/* extract_pdf_ocr.c: read a PDF page whose text layer is empty, when it
 * shows an image and the budget allows. 1 and *text (g_malloc'd) when it
 * was read, else 0 and *text NULL. */
struct _PopplerPage;
int extract_pdf_ocr_page(struct _PopplerPage *page, extract_ocr_budget *budget,
                         char **text);

/* ---- extract_zip.c: a ZIP package's parts, bounded (zip bombs) ------- */

typedef struct extract_zip extract_zip;

/* Open the package held in buf (borrowed: it must outlive the handle);
 * NULL with *st and err when it is damaged or has too many members. */
extract_zip *extract_zip_open(const char *buf, size_t len, extract_status *st,
                              char *err, size_t errlen);
void extract_zip_free(extract_zip *z);
int extract_zip_has(extract_zip *z, const char *name);
/* Members by index, 0 .. count-1 (names borrowed from the handle). */
size_t extract_zip_count(extract_zip *z);
const char *extract_zip_name(extract_zip *z, size_t i);
/* The part `name` read whole, NUL-terminated (g_malloc'd), its length in
 * *len. NULL with *st EXTRACT_OK when there is no such part; NULL with an
 * error status and err when it is damaged, encrypted or over the bounds
 * (its size, its compression ratio, the package's total). */
char *extract_zip_read(extract_zip *z, const char *name, size_t *len,
                       extract_status *st, char *err, size_t errlen);

#endif
