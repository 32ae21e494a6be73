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

#endif
