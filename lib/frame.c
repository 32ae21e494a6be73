/* frame.c -- length-prefixed byte runs (see frame.h for the encoding). */
#include "frame.h"

#include <string.h>

#include <glib.h>

static void frame_le(unsigned char *out, uint64_t v, int n)
{
    for (int i = 0; i < n; i++)
        out[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t frame_from_le(const unsigned char *in, int n)
{
    uint64_t v = 0;
    for (int i = 0; i < n; i++)
        v |= (uint64_t)in[i] << (8 * i);
    return v;
}

void frame_set_len(unsigned char at[FRAME_LEN_SIZE], size_t n)
{
    frame_le(at, n, FRAME_LEN_SIZE);
}

size_t frame_get_len(const unsigned char at[FRAME_LEN_SIZE])
{
    return (size_t)frame_from_le(at, FRAME_LEN_SIZE);
}

/* Make room for n more bytes. */
static void frame_reserve(frame_buf *b, size_t n)
{
    if (b->len + n <= b->cap)
        return;
    while (b->len + n > b->cap)
        b->cap = b->cap ? b->cap * 2 : 256;
    b->data = g_realloc(b->data, b->cap);
}

void frame_buf_init(frame_buf *b)
{
    memset(b, 0, sizeof *b);
}

void frame_put_raw(frame_buf *b, const void *p, size_t n)
{
    frame_reserve(b, n);
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
}

void frame_put_i64(frame_buf *b, int64_t v)
{
    frame_reserve(b, 8);
    frame_le(b->data + b->len, (uint64_t)v, 8);
    b->len += 8;
}

void frame_put_run(frame_buf *b, const void *p, size_t n)
{
    frame_reserve(b, FRAME_LEN_SIZE + n);
    frame_set_len(b->data + b->len, n);
    b->len += FRAME_LEN_SIZE;
    frame_put_raw(b, p, n);
}

void frame_buf_free(frame_buf *b)
{
    g_free(b->data);
    memset(b, 0, sizeof *b);
}

void frame_reader_init(frame_reader *r, const void *data, size_t len)
{
    r->p = data;
    r->len = len;
    r->at = 0;
    r->bad = 0;
}

size_t frame_left(const frame_reader *r)
{
    return r->bad ? 0 : r->len - r->at;
}

int64_t frame_get_i64(frame_reader *r)
{
    if (frame_left(r) < 8) {
        r->bad = 1;
        return 0;
    }
    int64_t v = (int64_t)frame_from_le(r->p + r->at, 8);
    r->at += 8;
    return v;
}

const void *frame_get_run(frame_reader *r, size_t *n)
{
    *n = 0;
    if (frame_left(r) < FRAME_LEN_SIZE) {
        r->bad = 1;
        return NULL;
    }
    size_t k = frame_get_len(r->p + r->at);
    if (k > r->len - r->at - FRAME_LEN_SIZE) {
        r->bad = 1;
        return NULL;
    }
    const void *run = r->p + r->at + FRAME_LEN_SIZE;
    r->at += FRAME_LEN_SIZE + k;
    *n = k;
    return run;
}
