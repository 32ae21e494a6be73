/* wire.c -- messages over pipes (see wire.h; the encoding is frame.h's). */
#include "wire.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void wire_begin(frame_buf *b)
{
    static const unsigned char room[FRAME_LEN_SIZE];
    frame_buf_init(b);
    frame_put_raw(b, room, sizeof room);   /* the length, set by wire_send */
}

void wire_put_str(frame_buf *b, const char *s)
{
    frame_put_run(b, s ? s : "", s ? strlen(s) : 0);
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

int wire_send(int fd, frame_buf *b)
{
    frame_set_len(b->data, b->len - FRAME_LEN_SIZE);
    return wire_write_all(fd, b->data, b->len);
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

int wire_recv(int fd, unsigned char **msg, size_t *len)
{
    unsigned char head[FRAME_LEN_SIZE];
    *msg = NULL;
    *len = 0;
    ssize_t r = wire_read_all(fd, head, sizeof head);
    if (r == 0)
        return 1;
    if (r != (ssize_t)sizeof head)
        return -1;
    size_t n = frame_get_len(head);
    if (n > WIRE_MAX_FRAME)
        return -1;
    unsigned char *buf = malloc(n ? n : 1);
    if (!buf)
        return -1;
    if (wire_read_all(fd, buf, n) != (ssize_t)n) {
        free(buf);
        return -1;
    }
    *msg = buf;
    *len = n;
    return 0;
}

char *wire_get_str(frame_reader *r, size_t *n)
{
    size_t k;
    const char *run = frame_get_run(r, &k);
    char *out = malloc(k + 1);
    if (!out)
        abort();
    if (k)
        memcpy(out, run, k);
    out[k] = '\0';
    if (n)
        *n = k;
    return out;
}
