/* extract_pdf.c -- PDF text and metadata through poppler-glib.
 *
 * Design: poppler reads the PDF from the bytes extract_read() read (a
 * GBytes over them, so the file is not opened again and nothing is
 * copied) and hands back one text per page; each becomes one
 * extract_page, an empty string for a page without text, so page numbers
 * stay those of the PDF. A page whose text layer is empty is handed to
 * extract_pdf_ocr.c, which reads it by OCR when it is a scan (its page is
 * then marked ocr). A PDF none of whose pages holds anything but white
 * space even so is EXTRACT_ERR_NO_TEXT. Load errors map to ENCRYPTED (a
 * password is needed) or CORRUPT (anything else, and a PDF with no page
 * at all).
 * Metadata: title, author, subject (as the description) and the creation
 * date, else the modification date, as written in the PDF (its own time
 * zone). Nothing to silence: poppler-glib routes its core's complaints
 * about damaged files to g_log at INFO level (domain "Poppler"), which
 * GLib prints only when G_MESSAGES_DEBUG asks for them.
 */
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <poppler.h>

#include "extract.h"
#include "extract_private.h"

static extract_status load_error(const GError *gerr, char *err,
                                 size_t errlen)
{
    const char *msg = gerr ? gerr->message : "unknown error";
    if (g_error_matches(gerr, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED)) {
        snprintf(err, errlen, "PDF needs a password: %s", msg);
        return EXTRACT_ERR_ENCRYPTED;
    }
    snprintf(err, errlen, "damaged PDF: %s", msg);
    return EXTRACT_ERR_CORRUPT;
}

/* A document over `len` bytes at buf, which must outlive it. */
static PopplerDocument *open_pdf(const char *buf, size_t len, GError **gerr)
{
    GBytes *bytes = g_bytes_new_static(buf, len);
    PopplerDocument *pd = poppler_document_new_from_bytes(bytes, NULL, gerr);
    g_bytes_unref(bytes);   /* the document holds its own reference */
    return pd;
}

static int has_text(const char *s)
{
    for (; *s; s = g_utf8_next_char(s))
        if (!g_unichar_isspace(g_utf8_get_char(s)))
            return 1;
    return 0;
}

/* The text of page i as valid UTF-8, "" when poppler has none; read by
 * OCR (*ocr set) when the page has no text layer and is a scan. */
static char *page_text(PopplerDocument *pd, int i, extract_ocr_budget *ocr_budget,
                       int *ocr)
{
    PopplerPage *page = poppler_document_get_page(pd, i);
    *ocr = 0;
    if (!page)
        return g_strdup("");
    char *raw = poppler_page_get_text(page);
    char *text = g_utf8_make_valid(raw ? raw : "", -1);
    g_free(raw);
    char *read;
    if (!has_text(text) && extract_pdf_ocr_page(page, ocr_budget, &read)) {
        g_free(text);
        text = read;
        *ocr = 1;
    }
    g_object_unref(page);
    return text;
}

static extract_status read_pages(PopplerDocument *pd, extract_doc *doc,
                                 char *err, size_t errlen)
{
    int n = poppler_document_get_n_pages(pd);
    int with_text = 0;
    if (n <= 0) {
        snprintf(err, errlen, "PDF has no page");
        return EXTRACT_ERR_CORRUPT;
    }
    extract_ocr_budget ocr_budget;
    extract_ocr_budget_start(&ocr_budget);
    doc->pages = g_new0(extract_page, (size_t)n);
    for (int i = 0; i < n; i++) {
        char *text = page_text(pd, i, &ocr_budget, &doc->pages[i].ocr);
        with_text |= has_text(text);
        doc->pages[i].text = text;
        doc->pages[i].len = strlen(text);
        doc->npages = (size_t)i + 1;
    }
    if (!with_text) {
        snprintf(err, errlen, "none of the %d page(s) has text (a scan?)%s", n,
                 !extract_ocr_enabled() ? "; OCR is off"
                 : ocr_budget.pages ? "; OCR read none" : "");
        return EXTRACT_ERR_NO_TEXT;
    }
    return EXTRACT_OK;
}

/* Take a string poppler gave us: cleaned, or NULL; the original freed. */
static char *take_string(char *s)
{
    char *clean = extract_collapse_ws(s, -1);
    g_free(s);
    return clean;
}

static void read_date(PopplerDocument *pd, extract_doc *doc)
{
    GDateTime *dt = poppler_document_get_creation_date_time(pd);
    if (!dt)
        dt = poppler_document_get_modification_date_time(pd);
    if (!dt)
        return;
    char *iso = g_date_time_format(dt, "%Y-%m-%d");
    if (iso && extract_date_iso(iso, doc->date))
        doc->date_source = "metadata";
    g_free(iso);
    g_date_time_unref(dt);
}

static void read_metadata(PopplerDocument *pd, extract_doc *doc)
{
    doc->title = take_string(poppler_document_get_title(pd));
    doc->author = take_string(poppler_document_get_author(pd));
    doc->description = take_string(poppler_document_get_subject(pd));
    read_date(pd, doc);
}

extract_status extract_pdf(const char *buf, size_t len, extract_doc *doc,
                           char *err, size_t errlen)
{
    GError *gerr = NULL;
    if (extract_start(doc, len, err, errlen) != EXTRACT_OK)
        return EXTRACT_ERR_EMPTY;
    PopplerDocument *pd = open_pdf(buf, len, &gerr);
    if (!pd) {
        extract_status rc = load_error(gerr, err, errlen);
        g_clear_error(&gerr);
        return rc;
    }
    extract_status rc = read_pages(pd, doc, err, errlen);
    if (rc == EXTRACT_OK) {
        read_metadata(pd, doc);
        doc->type = DOC_TYPE_PDF;
    } else {
        extract_doc_free(doc);
    }
    g_object_unref(pd);
    return rc;
}
