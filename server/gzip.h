/* gzip.h -- compress a response body for Content-Encoding: gzip. */
#ifndef FOUILLE_GZIP_H
#define FOUILLE_GZIP_H

#include <stddef.h>

/* Compress `len` bytes of `in` into a gzip stream: *out is malloc'd (the
 * caller frees it), *outlen its size. Returns 0, or -1 when zlib fails or
 * memory runs out (*out untouched). */
int gzip_compress(const void *in, size_t len, char **out, size_t *outlen);

#endif
