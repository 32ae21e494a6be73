/* fuzz-doc.h -- the promises of lib/extract.h about an extract_doc, shared
 * by the extractor targets (fuzz-html.c, fuzz-text.c).
 */
#ifndef FOUILLE_FUZZ_DOC_H
#define FOUILLE_FUZZ_DOC_H

#include <glib.h>
#include <string.h>

#include "extract.h"
#include "fuzz.h"

static inline void fuzz_check_string(const char *s, const char *what)
{
    if (s)
        FUZZ_CHECK(g_utf8_validate(s, -1, NULL), what);
}

/* After an extractor returned `st` into `doc`, with `err` its message. */
static inline void fuzz_check_doc(extract_status st, const extract_doc *doc,
                           const char *err)
{
    FUZZ_CHECK(memchr(err, '\0', 256), "the error message is terminated");
    FUZZ_CHECK(extract_status_string(st) != NULL, "a status has a reason");
    if (st != EXTRACT_OK) {
        FUZZ_CHECK(doc->npages == 0 && doc->pages == NULL,
                   "a failed extraction leaves no pages");
        return;
    }
    FUZZ_CHECK(doc->npages >= 1 && doc->pages, "a success has a page");
    for (size_t i = 0; i < doc->npages; i++) {
        const extract_page *p = &doc->pages[i];
        FUZZ_CHECK(p->text && strlen(p->text) == p->len,
                   "a page's text is len bytes, NUL-terminated");
        FUZZ_CHECK(g_utf8_validate(p->text, (gssize)p->len, NULL),
                   "a page's text is valid UTF-8");
    }
    fuzz_check_string(doc->title, "the title is valid UTF-8");
    fuzz_check_string(doc->author, "the author is valid UTF-8");
    fuzz_check_string(doc->description, "the description is valid UTF-8");
    fuzz_check_string(doc->headings, "the headings are valid UTF-8");
    FUZZ_CHECK(doc->date[0] == '\0' || strlen(doc->date) == 10,
               "a date is empty or YYYY-MM-DD");
}

/* Run one extractor on data and check the result. */
typedef extract_status (*fuzz_extractor)(const char *buf, size_t len,
                                         extract_doc *doc, char *err,
                                         size_t errlen);

static inline void fuzz_extract(fuzz_extractor fn, const uint8_t *data, size_t size)
{
    extract_doc doc;
    char err[256];
    extract_status st;

    memset(&doc, 0, sizeof doc);
    memset(err, 'x', sizeof err - 1);
    err[sizeof err - 1] = '\0';
    err[0] = '\0';
    st = fn((const char *)data, size, &doc, err, sizeof err);
    fuzz_check_doc(st, &doc, err);
    extract_doc_free(&doc);
    (void)extract_detect("fuzz", data, size < 4096 ? size : 4096);
}

#endif
