/* hash.c -- SHA-256 of a file (see hash.h). */
#include "hash.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#define HASH_CHUNK (64 * 1024)

void hash_bytes(const void *p, size_t len, char out[HASH_HEX_LEN + 1])
{
    char *hex = g_compute_checksum_for_data(G_CHECKSUM_SHA256, p, len);
    g_strlcpy(out, hex, HASH_HEX_LEN + 1);
    g_free(hex);
}

int hash_file(const char *path, char out[HASH_HEX_LEN + 1], char *err, size_t errlen)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errlen, "cannot open: %s", g_strerror(errno));
        return -1;
    }
    GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA256);
    guchar *buf = g_malloc(HASH_CHUNK);
    ssize_t n;
    while ((n = read(fd, buf, HASH_CHUNK)) != 0) {
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            break;
        g_checksum_update(sum, buf, (gssize)n);
    }
    int rc = 0;
    if (n < 0) {
        snprintf(err, errlen, "cannot read: %s", g_strerror(errno));
        rc = -1;
    } else {
        g_strlcpy(out, g_checksum_get_string(sum), HASH_HEX_LEN + 1);
    }
    g_free(buf);
    g_checksum_free(sum);
    close(fd);
    return rc;
}
