/* pagetext.c -- a page's stored text: deflate it once, inflate it in
 * pieces (the format is in pagetext.h).
 *
 * Design: one deflate stream a text, at zlib's default level (Xapian's
 * own, which stored the texts up to format 8), its window no larger than
 * the text (a short page costs a small allocation, not zlib's 256 KiB).
 * The reader inflates into one growing buffer, the stream kept between
 * calls; every length read from the stored bytes is checked against what
 * they can hold before anything is allocated by it, so corrupt bytes give
 * an error, never a huge allocation or a read past their end.
 */
#include "pagetext.h"

#include <glib.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>
#include <zlib.h>

#define PAGETEXT_PLAIN 'T'
#define PAGETEXT_DEFLATE 'Z'
#define PAGETEXT_LEN_MAX 10             /* bytes of a LEB128 length */
#define PAGETEXT_RATIO_MAX 1032         /* deflate's best ratio, bounded */
#define PAGETEXT_STEP 4096              /* the least a fill reads on */

/* Append n as LEB128 at `at`; its length. */
static size_t pagetext_put_len(unsigned char *at, size_t n)
{
    size_t k = 0;

    do {
        at[k] = (unsigned char)(n & 0x7f);
        n >>= 7;
        if (n)
            at[k] |= 0x80;
        k++;
    } while (n);
    return k;
}

/* Read a LEB128 length from data[*pos, len); -1 when it is cut or too long. */
static int pagetext_get_len(const unsigned char *data, size_t len, size_t *pos,
                            size_t *out)
{
    size_t n = 0;

    for (unsigned shift = 0; *pos < len && shift < 7 * PAGETEXT_LEN_MAX; shift += 7) {
        unsigned char b = data[(*pos)++];
        if (shift >= 63 && (b & 0x7e))
            return -1;                  /* past 64 bits */
        n |= (size_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) {
            *out = n;
            return 0;
        }
    }
    return -1;
}

/* The window of a text of len bytes: no larger than it (9 to 15 bits). */
static int pagetext_window_bits(size_t len)
{
    int bits = 9;

    while (bits < 15 && ((size_t)1 << bits) < len)
        bits++;
    return bits;
}

char *pagetext_encode(const char *text, size_t len, size_t *out_len)
{
    z_stream z;
    unsigned char *out;
    size_t head, room;

    *out_len = 0;
    if (len == 0)
        return g_malloc0(1);
    memset(&z, 0, sizeof z);
    if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -pagetext_window_bits(len), 8,
                     Z_DEFAULT_STRATEGY) != Z_OK)
        g_error("pagetext: zlib cannot start a deflate stream");
    room = 1 + PAGETEXT_LEN_MAX + deflateBound(&z, (uLong)len);
    out = g_malloc(MAX(room, len + 1));
    out[0] = PAGETEXT_DEFLATE;
    head = 1 + pagetext_put_len(out + 1, len);
    z.next_in = (Bytef *)(void *)(uintptr_t)text;
    z.avail_in = (uInt)len;
    z.next_out = out + head;
    z.avail_out = (uInt)(room - head);
    if (len > UINT_MAX || deflate(&z, Z_FINISH) != Z_STREAM_END ||
        head + z.total_out >= len + 1) {
        /* deflating does not pay (or the text is beyond zlib's counts) */
        out[0] = PAGETEXT_PLAIN;
        memcpy(out + 1, text, len);
        *out_len = len + 1;
    } else {
        *out_len = head + z.total_out;
    }
    deflateEnd(&z);
    return (char *)out;
}

int pagetext_reader_init(pagetext_reader *r, const char *data, size_t len)
{
    memset(r, 0, sizeof *r);
    r->data = (const unsigned char *)data;
    r->len = len;
    if (len == 0) {
        r->whole = 1;
        return 0;
    }
    r->pos = 1;
    if (r->data[0] == PAGETEXT_PLAIN) {
        r->total = len - 1;
        return 0;
    }
    if (r->data[0] != PAGETEXT_DEFLATE ||
        pagetext_get_len(r->data, len, &r->pos, &r->total) < 0 ||
        r->total == 0 || r->total / PAGETEXT_RATIO_MAX > len - r->pos) {
        r->bad = 1;
        return -1;
    }
    r->z = g_new0(z_stream, 1);
    r->z->next_in = (Bytef *)(void *)(uintptr_t)(r->data + r->pos);
    r->z->avail_in = (uInt)MIN(len - r->pos, (size_t)UINT_MAX);
    if (inflateInit2(r->z, -15) != Z_OK) {
        g_free(r->z);
        r->z = NULL;
        r->bad = 1;
        return -1;
    }
    return 0;
}

/* The reader is bad: drop what it read. */
static int pagetext_reader_fail(pagetext_reader *r)
{
    r->bad = 1;
    r->have = 0;
    if (r->text)
        r->text[0] = 0;
    return -1;
}

/* Inflate on until `target` bytes are read (at most total + 1: one byte
 * more than stored tells a stream longer than its length). */
static int pagetext_inflate(pagetext_reader *r, size_t target)
{
    int st;

    r->text = g_realloc(r->text, target + 1);
    r->z->next_out = (Bytef *)r->text + r->have;
    r->z->avail_out = (uInt)(target - r->have);
    /* Z_FINISH: a text inflated in one call never fills zlib's window
     * (a copy of its last 32 KiB); one left unfinished says Z_BUF_ERROR
     * with its output full, and goes on at the next call. */
    st = inflate(r->z, Z_FINISH);
    r->have = target - r->z->avail_out;
    r->text[r->have] = 0;
    if (st == Z_STREAM_END) {
        r->whole = 1;
        return r->have == r->total ? 0 : -1;
    }
    if ((st != Z_OK && st != Z_BUF_ERROR) || r->z->avail_out > 0 || r->have > r->total)
        return -1;                      /* bad data, cut short, or too long */
    return 0;
}

int pagetext_reader_fill(pagetext_reader *r, size_t want)
{
    if (r->bad)
        return -1;
    if (!r->z && !r->whole) {           /* 'T': all of it at once */
        r->text = g_malloc(r->total + 1);
        memcpy(r->text, r->data + r->pos, r->total);
        r->text[r->total] = 0;
        r->have = r->total;
        r->whole = 1;
    }
    while (!r->whole && r->have < want) {
        size_t target = MIN(MAX(want, r->have + PAGETEXT_STEP), r->total + 1);
        if (target > UINT_MAX || pagetext_inflate(r, target) < 0)
            return pagetext_reader_fail(r);
    }
    return 0;
}

void pagetext_reader_free(pagetext_reader *r)
{
    if (r->z) {
        inflateEnd(r->z);
        g_free(r->z);
    }
    g_free(r->text);
    memset(r, 0, sizeof *r);
}

char *pagetext_decode(const char *data, size_t len, size_t *text_len)
{
    pagetext_reader r;
    char *text = NULL;

    *text_len = 0;
    if (pagetext_reader_init(&r, data, len) == 0 &&
        pagetext_reader_fill(&r, SIZE_MAX) == 0) {
        text = r.text ? r.text : g_malloc0(1);
        *text_len = r.have;
        r.text = NULL;
    }
    pagetext_reader_free(&r);
    return text;
}
