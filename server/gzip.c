/* gzip.c -- one-shot gzip compression of an in-memory body with zlib.
 *
 * Design: bodies worth compressing (JSON answers) are small and already
 * whole in memory, so one deflate() call into a buffer of deflateBound()
 * bytes does it; level 6 is zlib's balance of speed and size.
 */
#include "gzip.h"

#include <stdint.h>
#include <stdlib.h>
#include <zlib.h>

int gzip_compress(const void *in, size_t len, char **out, size_t *outlen)
{
    z_stream zs = { 0 };
    char *buf;
    uLong cap;
    int rc;

    if (len > (size_t)1 << 30)      /* beyond what one deflate() call takes */
        return -1;
    /* windowBits 15 + 16 asks zlib for a gzip header and trailer. */
    if (deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return -1;
    cap = deflateBound(&zs, (uLong)len);
    buf = malloc(cap);
    if (!buf) {
        deflateEnd(&zs);
        return -1;
    }
    zs.next_in = (Bytef *)(uintptr_t)in;
    zs.avail_in = (uInt)len;
    zs.next_out = (Bytef *)buf;
    zs.avail_out = (uInt)cap;
    rc = deflate(&zs, Z_FINISH);
    if (rc != Z_STREAM_END) {
        deflateEnd(&zs);
        free(buf);
        return -1;
    }
    *outlen = zs.total_out;
    *out = buf;
    deflateEnd(&zs);
    return 0;
}
