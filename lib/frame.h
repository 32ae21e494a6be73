/* frame.h -- length-prefixed byte runs: the one encoding of the indexer's
 * messages between processes (indexer/wire.c) and of the blobs that carry
 * a file's index documents (lib/fdb_write.cc).
 *
 * Design: a run is its length, 4 bytes little endian, then that many
 * bytes; an integer is 8 bytes little endian (two's complement). A
 * frame_buf being built owns its bytes (g_malloc'd; frame_buf_free). A
 * frame_reader borrows the bytes it reads; the first read that would go
 * past their end makes it "bad", and from then on every read gives
 * nothing (0, NULL), so a caller checks `bad` once, after its reads.
 */
#ifndef FOUILLE_FRAME_H
#define FOUILLE_FRAME_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define FRAME_LEN_SIZE 4   /* bytes of a run's length */

/* Write n (at most 0xffffffff) as a run's length at `at`; read one. */
void frame_set_len(unsigned char at[FRAME_LEN_SIZE], size_t n);
size_t frame_get_len(const unsigned char at[FRAME_LEN_SIZE]);

typedef struct {
    unsigned char *data;   /* owned */
    size_t len, cap;
} frame_buf;

void frame_buf_init(frame_buf *b);
void frame_put_raw(frame_buf *b, const void *p, size_t n);   /* no length */
void frame_put_i64(frame_buf *b, int64_t v);
void frame_put_run(frame_buf *b, const void *p, size_t n);   /* length, bytes */
void frame_buf_free(frame_buf *b);

typedef struct {
    const unsigned char *p;   /* borrowed */
    size_t len, at;
    int bad;                  /* a read ran past the end */
} frame_reader;

void frame_reader_init(frame_reader *r, const void *data, size_t len);
int64_t frame_get_i64(frame_reader *r);
/* The next run: a pointer into the reader's bytes and its length in *n;
 * NULL (and *n = 0) once the reader is bad. */
const void *frame_get_run(frame_reader *r, size_t *n);
/* Bytes not read yet (0 once bad). */
size_t frame_left(const frame_reader *r);

#ifdef __cplusplus
}
#endif

#endif
