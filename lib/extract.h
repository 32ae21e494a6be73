/* extract.h -- text and metadata out of the archive's files.
 *
 * Design: one entry point, extract_file() (or extract_read() then
 * extract_buffer(), for a caller that wants the bytes too: the indexer's
 * worker hashes them), that reads a file once and recognises its type
 * by its content (extract_detect: "%PDF-", the PNG, JPEG and TIFF
 * signatures, a ZIP's, HTML markup, else text unless binary) and hands it
 * to one extractor per type, each in its own file: extract_pdf.c
 * (poppler-glib, one text a page; pages without a text layer read by OCR
 * in extract_pdf_ocr.c), extract_image.c (OCR), extract_office.c
 * (OpenDocument and Office Open XML, through extract_zip.c's bounded
 * reading of ZIP packages), extract_html.c (libxml2's
 * HTML parser, declared charset honoured), extract_text.c (UTF-8, else
 * Windows-1252). OCR itself is extract_ocr.c (Tesseract). Every string it
 * hands back is valid UTF-8.
 *
 * The title falls back to the first line of text, then to the file name;
 * the date to a date in the file name, then to a date at the top of the
 * text ("réunion du 8 juin 2023"), else it is unknown (never the
 * modification time: that is when the file was put in the archive, which
 * the index keeps apart as the date added); date_source says which.
 *
 * An extract_doc owns all its strings; extract_doc_free releases them.
 */
#ifndef FOUILLE_EXTRACT_H
#define FOUILLE_EXTRACT_H

#include <stddef.h>

typedef enum {
    EXTRACT_OK = 0,
    EXTRACT_ERR_EMPTY,        /* "empty file" */
    EXTRACT_ERR_CORRUPT,      /* "corrupt or unreadable document" */
    EXTRACT_ERR_ENCRYPTED,    /* "encrypted (password protected)" */
    EXTRACT_ERR_NO_TEXT,      /* "no text layer" (a scan) */
    EXTRACT_ERR_UNSUPPORTED,  /* "unsupported type" (binary data) */
    EXTRACT_ERR_IO,           /* "unreadable" (open/read failed) */
    EXTRACT_ERR_TOO_LARGE     /* "too large" */
} extract_status;

typedef enum {
    DOC_TYPE_UNKNOWN = 0,
    DOC_TYPE_PDF,
    DOC_TYPE_HTML,
    DOC_TYPE_TEXT,
    DOC_TYPE_IMAGE,           /* PNG, JPEG, TIFF: one page read by OCR */
    DOC_TYPE_DOCUMENT,        /* ODT, DOCX */
    DOC_TYPE_SPREADSHEET,     /* ODS, XLSX */
    DOC_TYPE_PRESENTATION     /* ODP, PPTX: one page a slide */
} doc_type;

typedef struct {
    char *text;               /* UTF-8 */
    size_t len;
    int ocr;                  /* 1: the text was read by OCR from pixels */
} extract_page;

typedef struct {
    doc_type type;
    char *title;              /* never NULL after a successful extract_file */
    char *author;             /* may be NULL */
    char *description;        /* may be NULL */
    char *headings;           /* HTML h1-h6, one a line; may be NULL */
    char date[11];            /* "YYYY-MM-DD", "" when unknown */
    const char *date_source;  /* "metadata", "filename", "text", or NULL
                                 when the date is unknown (static) */
    extract_page *pages;      /* npages >= 1 on success */
    size_t npages;
} extract_doc;

/* The English reason for a status, as recorded for failed files. Static. */
const char *extract_status_string(extract_status st);

/* "pdf", "html", "text", "image", "document", "spreadsheet",
 * "presentation" or "unknown". Static. */
const char *doc_type_name(doc_type t);

/* OCR (extract_ocr.c), set once per process before extracting: pages
 * of a PDF without a text layer and images are read by Tesseract when
 * `enabled`; at most `max_pages` pages a file, each within `page_ms`
 * milliseconds, all of a file's within `file_ms` (0: no bound), so that
 * a long scan ends inside the worker's time limit with its first pages
 * read rather than killed with none. The default is on, 200 pages,
 * 30 s a page, no file bound, languages "fra+eng". */
typedef struct {
    int enabled;
    unsigned max_pages;
    unsigned page_ms;
    unsigned file_ms;
    const char *languages;    /* Tesseract's, e.g. "fra+eng"; copied */
} extract_ocr_options;

void extract_ocr_configure(const extract_ocr_options *opt);

/* The defaults above, to change a field and configure. */
extract_ocr_options extract_ocr_defaults(void);

/* Release the OCR engine (loaded at the first page to read). */
void extract_ocr_shutdown(void);

/* Recognise a type from the first bytes of a file (`head`, `n` bytes; 4 KiB
 * is plenty) and, only to break ties, its name. Any ZIP package is
 * DOC_TYPE_DOCUMENT here: extract_office tells its kind, or that it is no
 * office document at all. */
doc_type extract_detect(const char *name, const unsigned char *head, size_t n);

/* Read the regular file at `path` whole, in one open, into *buf
 * (g_malloc'd and NUL-terminated, the NUL not counted in *len; g_free):
 * EXTRACT_OK (an empty file too), EXTRACT_ERR_IO (it cannot be opened or
 * read, or is not a regular file) or EXTRACT_ERR_TOO_LARGE (over
 * max_size bytes, 0: no limit; then nothing is read). On error, `err`
 * (errlen bytes) gets a detail and *buf is NULL. */
extract_status extract_read(const char *path, long long max_size,
                            char **buf, size_t *len, char *err, size_t errlen);

/* Extract a file from its bytes (what extract_read gave); `name` is its
 * name for fallbacks (the path relative to the archive). The bytes are
 * only read, and only during the call. On error, `err` gets a detail and
 * *doc is left empty. */
extract_status extract_buffer(const char *buf, size_t len, const char *name,
                              extract_doc *doc, char *err, size_t errlen);

/* extract_read, then extract_buffer: the file is opened once. */
extract_status extract_file(const char *path, const char *name,
                            long long max_size, extract_doc *doc,
                            char *err, size_t errlen);

/* The extractors, for tests and for extract_buffer; each takes the file's
 * bytes. They fill type, pages, and what metadata the format carries; not
 * the fallbacks. */
extract_status extract_pdf(const char *buf, size_t len, extract_doc *doc,
                           char *err, size_t errlen);
extract_status extract_html(const char *buf, size_t len, extract_doc *doc,
                            char *err, size_t errlen);
extract_status extract_text(const char *buf, size_t len, extract_doc *doc,
                            char *err, size_t errlen);
/* A ZIP package: OpenDocument (its "mimetype" member) or Office Open XML
 * (its "[Content_Types].xml"); EXTRACT_ERR_UNSUPPORTED for any other ZIP.
 * Sets type to document, spreadsheet or presentation. */
extract_status extract_office(const char *buf, size_t len, extract_doc *doc,
                              char *err, size_t errlen);
/* An image (PNG, JPEG, TIFF; the first frame), read by OCR as one page;
 * EXTRACT_ERR_NO_TEXT when OCR is off or finds nothing. */
extract_status extract_image(const char *buf, size_t len, extract_doc *doc,
                             char *err, size_t errlen);

/* A date written in a file name (a path: the file's own name, extension
 * removed, is read first, then its folders from the nearest up). In order:
 * "20220519"; "2022-05-19", "2022_05_19", "19.05.2022" (any separators;
 * "05-19-2022" when only that order is valid); a French or English month
 * name with a year anywhere in the same component, the day being a 1-2
 * digit number next to the month name or glued to letters: "2022_CR19_mai"
 * -> "2022-05-19", "19 février 2022", "mai-2022" -> "2022-05-01" (French
 * names with or without accents, short forms janv févr sept oct nov déc);
 * year and month number: "2022-05", "lettre_2021_03" -> "2021-03-01"; a
 * year alone, 1900..2099 and not part of a longer number -> "YYYY-01-01".
 * A missing day or month is 01; impossible dates are refused. Returns 1
 * and fills out[11] ("YYYY-MM-DD") when found, else 0. */
int extract_date_from_name(const char *name, char out[11]);

/* A whole date near the top of a text (its first 2 KiB): a day, a French
 * or English month name and a year in a row -- "réunion du 8 juin 2023",
 * "le 1er juin 2023", "June 8, 2023" -- or "08/06/2023", "8.6.2023" (day
 * first). A year or a month alone does not count. The first one found
 * wins. Returns 1 and fills out[11] ("YYYY-MM-DD"), else 0. */
int extract_date_from_text(const char *text, size_t len, char out[11]);

void extract_doc_free(extract_doc *doc);

#endif
