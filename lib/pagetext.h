/* pagetext.h -- a page's text as the index stores it (its document data,
 * index format 9), deflated by fouille itself, and read back in pieces.
 * Private to lib/: fdb_schema.h wraps it for the fdb*.cc files, which
 * read and write a page's text through fdb_schema only.
 *
 * Design: the stored bytes are "" for an empty text; else one byte that
 * says how the text follows:
 *   'T' <the text as is>        when deflating does not make it shorter
 *   'Z' <length> <raw deflate>  the text's length in bytes (LEB128: 7 bits
 *                               a byte, low first), then one raw deflate
 *                               stream (no zlib header or checksum: the
 *                               length checks where the text ends)
 * Xapian's glass stores such bytes as they are (it keeps a tag only when
 * its own deflate makes it shorter, which a deflated text never is), and
 * so never inflates a whole page when it is read: a pagetext_reader
 * inflates only as far as its caller asks (the snippet of a hit looks at
 * the text up to its first matches, not at a whole long web page).
 *
 * Ownership: pagetext_encode and pagetext_decode return g_malloc'd bytes
 * (g_free). A pagetext_reader lives where its caller puts it, borrows the
 * stored bytes (they must outlive it) and owns what it has read:
 * pagetext_reader_free releases it.
 */
#ifndef FOUILLE_PAGETEXT_H
#define FOUILLE_PAGETEXT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The stored bytes of `len` bytes of text (*out_len of them). Never NULL
 * (zlib's own failure to allocate aborts, as g_malloc does). */
char *pagetext_encode(const char *text, size_t len, size_t *out_len);

/* The whole text of stored bytes (*text_len bytes, plus a NUL); NULL when
 * they are not a text this module wrote (corrupt). */
char *pagetext_decode(const char *data, size_t len, size_t *text_len);

struct z_stream_s;

typedef struct {
    const unsigned char *data;  /* the stored bytes, borrowed */
    size_t len;
    size_t pos;                 /* where the deflate stream starts */
    size_t total;               /* the text's length, as stored */
    char *text;                 /* what is read so far: `have` bytes and a
                                   NUL (g_malloc'd; NULL before any) */
    size_t have;
    struct z_stream_s *z;       /* the inflater ('Z' only; g_malloc'd) */
    int whole;                  /* the text is read to its end */
    int bad;                    /* the stored bytes are corrupt */
} pagetext_reader;

/* Start reading stored bytes: 0, or -1 when their header is corrupt (the
 * reader is then bad, and still to be freed). */
int pagetext_reader_init(pagetext_reader *r, const char *data, size_t len);

/* Read on until at least `want` bytes of text are read, or all of it
 * (r->whole): 0, or -1 when the stored bytes turn out corrupt (bad
 * deflate data, a text shorter or longer than its stored length): the
 * reader is then bad, and what it read is dropped (have 0). */
int pagetext_reader_fill(pagetext_reader *r, size_t want);

void pagetext_reader_free(pagetext_reader *r);

#ifdef __cplusplus
}
#endif

#endif
