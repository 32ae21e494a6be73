/* wire.h -- the messages between the indexer and its worker processes.
 *
 * Design: a message is built as a frame_buf (lib/frame.h: integers as 8
 * bytes little endian, strings and byte runs length-prefixed) and crosses
 * a pipe whole as one run of frame.h's encoding: its 4-byte length, then
 * its bytes. wire_begin leaves room for that length, wire_send fills it in
 * and writes the message, wire_recv reads one back for a frame_reader. A
 * string's terminating NUL is not sent; wire_get_str adds one.
 */
#ifndef FOUILLE_WIRE_H
#define FOUILLE_WIRE_H

#include "frame.h"

#include <stddef.h>

/* Messages larger than this are refused by the reader (a damaged stream). */
#define WIRE_MAX_FRAME (1u << 30)

/* Start a message in b (frame_buf_free releases it). */
void wire_begin(frame_buf *b);
void wire_put_str(frame_buf *b, const char *s);   /* NULL is sent as "" */
/* Write the message to fd, retrying on EINTR and short writes: 0, or -1
 * with errno set (EPIPE when the other end is gone). */
int wire_send(int fd, frame_buf *b);

/* Read one message from fd into a malloc'd buffer (*msg, *len; free()).
 * 0 on success, 1 at a clean end of stream (nothing read), -1 on an error
 * or a stream cut in the middle of a message. */
int wire_recv(int fd, unsigned char **msg, size_t *len);

/* A malloc'd, NUL-terminated copy of the next string or byte run (its
 * length in *n when n is not NULL); "" once the reader is bad. */
char *wire_get_str(frame_reader *r, size_t *n);

#endif
