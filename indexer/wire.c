/* wire.c -- framed messages over pipes (see wire.h for the format). */
#include "wire.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

static void wire_reserve(wire_buf *b, size_t n)
{
    if (b->len + n <= b->cap)
        return;
    while (b->len + n > b->cap)
        b->cap = b->cap ? b->cap * 2 : 256;
    b->data = g_realloc(b->data, b->cap);
}

static void wire_le(unsigned char *out, uint64_t v, int n)
{
    for (int i = 0; i < n; i++)
        out[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t wire_from_le(const unsigned char *in, int n)
{
    uint64_t v = 0;
    for (int i = 0; i < n; i++)
        v |= (uint64_t)in[i] << (8 * i);
    return v;
}

void wire_buf_init(wire_buf *b)
{
    memset(b, 0, sizeof *b);
    wire_reserve(b, 4);
    b->len = 4;   /* the frame length, filled in by wire_send */
}

void wire_put_i64(wire_buf *b, int64_t v)
{
    wire_reserve(b, 8);
    wire_le(b->data + b->len, (uint64_t)v, 8);
    b->len += 8;
}

void wire_put_bytes(wire_buf *b, const void *p, size_t n)
{
    wire_reserve(b, 4 + n);
    wire_le(b->data + b->len, n, 4);
    if (n)
        memcpy(b->data + b->len + 4, p, n);
    b->len += 4 + n;
}

void wire_put_str(wire_buf *b, const char *s)
{
    wire_put_bytes(b, s ? s : "", s ? strlen(s) : 0);
}

static int wire_write_all(int fd, const unsigned char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

int wire_send(int fd, wire_buf *b)
{
    wire_le(b->data, b->len - 4, 4);
    return wire_write_all(fd, b->data, b->len);
}

void wire_buf_free(wire_buf *b)
{
    g_free(b->data);
    memset(b, 0, sizeof *b);
}

/* Read exactly n bytes: n, or fewer at the end of the stream, -1 on error. */
static ssize_t wire_read_all(int fd, unsigned char *p, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, p + got, n - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -1;
        if (r == 0)
            break;
        got += (size_t)r;
    }
    return (ssize_t)got;
}

int wire_recv(int fd, unsigned char **frame, size_t *len)
{
    unsigned char head[4];
    *frame = NULL;
    *len = 0;
    ssize_t r = wire_read_all(fd, head, 4);
    if (r == 0)
        return 1;
    if (r != 4)
        return -1;
    size_t n = (size_t)wire_from_le(head, 4);
    if (n > WIRE_MAX_FRAME)
        return -1;
    unsigned char *buf = malloc(n ? n : 1);
    if (!buf)
        return -1;
    if (wire_read_all(fd, buf, n) != (ssize_t)n) {
        free(buf);
        return -1;
    }
    *frame = buf;
    *len = n;
    return 0;
}

void wire_reader_init(wire_reader *r, const unsigned char *frame, size_t len)
{
    r->p = frame;
    r->len = len;
    r->at = 0;
    r->bad = 0;
}

int64_t wire_get_i64(wire_reader *r)
{
    if (r->bad || r->len - r->at < 8) {
        r->bad = 1;
        return 0;
    }
    int64_t v = (int64_t)wire_from_le(r->p + r->at, 8);
    r->at += 8;
    return v;
}

char *wire_get_bytes(wire_reader *r, size_t *n)
{
    size_t k = 0;
    if (!r->bad && r->len - r->at >= 4) {
        k = (size_t)wire_from_le(r->p + r->at, 4);
        if (k <= r->len - r->at - 4)
            r->at += 4;
        else
            r->bad = 1;
    } else {
        r->bad = 1;
    }
    if (r->bad)
        k = 0;
    char *out = malloc(k + 1);
    if (!out)
        abort();
    if (k)
        memcpy(out, r->p + r->at, k);
    out[k] = '\0';
    r->at += k;
    if (n)
        *n = k;
    return out;
}
