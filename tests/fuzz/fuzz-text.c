/* fuzz-text.c -- the plain-text decoder (lib/extract_text.c) on any bytes:
 * UTF-8 or not, BOMs, NUL bytes, control characters, Markdown titles.
 * Promises checked (fuzz-doc.h), plus the decoding rule of extract_text.c:
 * a note without a Markdown title, in valid UTF-8, is kept byte for byte
 * (a BOM dropped); any other is read as Windows-1252, one character a
 * byte, nothing lost. A note with a Markdown title loses its syntax.
 */
#include "fuzz-doc.h"

static void fuzz_check_decoding(const uint8_t *data, size_t size)
{
    extract_doc doc;
    char err[256];
    const char *buf = (const char *)data;

    if (extract_text(buf, size, &doc, err, sizeof err) != EXTRACT_OK)
        return;
    if (size >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        buf += 3, size -= 3;
    if (doc.title)            /* read as Markdown: its syntax left out */
        ;
    else if (g_utf8_validate(buf, (gssize)size, NULL))
        FUZZ_CHECK(doc.pages[0].len == size &&
                   memcmp(doc.pages[0].text, buf, size) == 0,
                   "a UTF-8 note is kept as it is");
    else
        FUZZ_CHECK(g_utf8_strlen(doc.pages[0].text, -1) == (glong)size,
                   "a Windows-1252 note has one character a byte");
    extract_doc_free(&doc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_extract(extract_text, data, size);
    fuzz_check_decoding(data, size);
    return 0;
}
