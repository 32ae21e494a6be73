/* wire.h -- the messages between the indexer and its worker processes.
 *
 * Design: a message is a frame, a 4-byte little-endian length then that
 * many bytes, written and read whole over a pipe. Inside a frame, fields
 * follow each other: integers as 8 bytes little endian, strings and byte
 * runs as a 4-byte length then the bytes (a string's terminating NUL is
 * not sent; the reader adds one). A wire_buf being built owns its bytes
 * (wire_buf_free); a wire_reader only borrows the frame it reads.
 */
#ifndef FOUILLE_WIRE_H
#define FOUILLE_WIRE_H

#include <stddef.h>
#include <stdint.h>

/* Frames larger than this are refused by the reader (a damaged stream). */
#define WIRE_MAX_FRAME (1u << 30)

typedef struct {
    unsigned char *data;   /* owned; starts with room for the frame length */
    size_t len, cap;
} wire_buf;

void wire_buf_init(wire_buf *b);
void wire_put_i64(wire_buf *b, int64_t v);
void wire_put_bytes(wire_buf *b, const void *p, size_t n);
void wire_put_str(wire_buf *b, const char *s);   /* NULL is sent as "" */
/* Write the frame to fd, retrying on EINTR and short writes: 0, or -1
 * with errno set (EPIPE when the other end is gone). */
int wire_send(int fd, wire_buf *b);
void wire_buf_free(wire_buf *b);

typedef struct {
    const unsigned char *p;   /* borrowed */
    size_t len, at;
    int bad;                  /* set when a read ran past the end */
} wire_reader;

/* Read one frame from fd into a malloc'd buffer (*frame, *len; free()).
 * 0 on success, 1 at a clean end of stream (nothing read), -1 on an error
 * or a stream cut in the middle of a frame. */
int wire_recv(int fd, unsigned char **frame, size_t *len);

void wire_reader_init(wire_reader *r, const unsigned char *frame, size_t len);
int64_t wire_get_i64(wire_reader *r);
/* A malloc'd, NUL-terminated copy of the next string or byte run (its
 * length in *n when n is not NULL); "" once the reader is bad. */
char *wire_get_bytes(wire_reader *r, size_t *n);

#endif
