/* fuzz-pagetext.c -- a page's stored text (lib/pagetext.h) on any bytes.
 *
 * Input: any bytes, read both as a text and as stored bytes.
 * Promises checked: a text comes back from its stored bytes byte for
 * byte, whole and in pieces (each piece a prefix of it); any stored bytes
 * give the whole text or an error (NULL), never a crash nor a read past
 * them, and a reader in pieces reads as far as asked or to the end, or
 * fails, never past the text it says it read.
 */
#include <glib.h>
#include <string.h>

#include "fuzz.h"
#include "pagetext.h"

/* Read `data` in pieces of growing sizes: a prefix of `whole` each time
 * (whole NULL: any text), or an error. */
static void fuzz_read_pieces(const char *data, size_t len, const char *whole,
                             size_t whole_len)
{
    pagetext_reader r;
    size_t want = 1;

    if (pagetext_reader_init(&r, data, len) == 0) {
        for (;;) {
            if (pagetext_reader_fill(&r, want) != 0) {
                FUZZ_CHECK(!whole, "the stored bytes of a text read in pieces");
                FUZZ_CHECK(r.have == 0, "a failed reader holds nothing");
                break;
            }
            FUZZ_CHECK(r.have >= want || r.whole, "a piece is read as far as asked");
            FUZZ_CHECK(!r.text || r.text[r.have] == 0, "what is read ends with a NUL");
            if (whole)
                FUZZ_CHECK(r.have <= whole_len &&
                           (r.have == 0 || memcmp(r.text, whole, r.have) == 0),
                           "what is read is a prefix of the text");
            if (r.whole)
                break;
            want = want * 3 + 1;
        }
        if (whole && !r.bad)
            FUZZ_CHECK(r.have == whole_len, "read to its end, the text is whole");
    }
    pagetext_reader_free(&r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    size_t n, back_len;
    char *stored = pagetext_encode(text, size, &n);
    char *back = pagetext_decode(stored, n, &back_len);

    FUZZ_CHECK(back && back_len == size && memcmp(back, text, size) == 0,
               "a text comes back whole from its stored bytes");
    fuzz_read_pieces(stored, n, text, size);
    g_free(back);
    g_free(stored);

    /* The bytes as stored bytes: a text or an error. */
    char *copy = g_memdup2(data, size);     /* exactly size bytes */
    back = pagetext_decode(copy, size, &back_len);
    FUZZ_CHECK(!back || back[back_len] == 0, "a decoded text ends with a NUL");
    fuzz_read_pieces(copy, size, NULL, 0);
    g_free(back);
    g_free(copy);
    return 0;
}
