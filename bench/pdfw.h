/* pdfw.h -- a minimal PDF writer for the benchmark's synthetic documents.
 *
 * Design: the whole file is built in memory, object by object, with the
 * byte offset of each object kept for the cross-reference table. Pages
 * hold uncompressed text drawn with the standard Helvetica and
 * Helvetica-Bold fonts (no embedding) in WinAnsiEncoding, so French
 * accents, œ, ’, « » and € come out as text any PDF reader extracts. Page
 * objects are written as they are finished; the page tree, catalog and
 * information dictionary come last, then the cross-reference table.
 * Speed over features: no images, no compression, no kerning.
 *
 * Ownership: a pdfw is made by pdfw_create, used for one document, and
 * released by pdfw_free; strings passed in are copied.
 */
#ifndef FOUILLE_BENCH_PDFW_H
#define FOUILLE_BENCH_PDFW_H

typedef struct pdfw pdfw;

/* A new document; title and author may be NULL; date is "YYYY-MM-DD" or
 * NULL (then no dates). NULL when out of memory. */
pdfw *pdfw_create(const char *title, const char *author, const char *date);
void pdfw_free(pdfw *w);

/* Start a page (A4), add lines of UTF-8 text top-down (a heading is bold
 * and larger), end the page. A line does not wrap: the caller wraps. */
void pdfw_page_begin(pdfw *w);
void pdfw_line(pdfw *w, const char *utf8, int heading);
void pdfw_page_end(pdfw *w);

/* How many more body lines fit on the current page. */
int pdfw_lines_left(const pdfw *w);

/* Finish the document and write it to `path`. 0, or -1 with errno set
 * (ENOMEM when an earlier call ran out of memory). */
int pdfw_write(pdfw *w, const char *path);

#endif
