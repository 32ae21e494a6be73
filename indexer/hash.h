/* hash.h -- the content hash of an archive file.
 *
 * Design: SHA-256 of the file's bytes (GLib's GChecksum), written as 64
 * lower-case hex digits. Only worker processes read archive files, so
 * only they hash: the bytes they have read to extract (hash_bytes), or,
 * for a file that may be a rename, the file read in 64 KiB chunks
 * (hash_file), under the workers' time and memory limits.
 */
#ifndef FOUILLE_HASH_H
#define FOUILLE_HASH_H

#include <stddef.h>

#define HASH_HEX_LEN 64

/* Fill out (HASH_HEX_LEN + 1 bytes) with the hash of `len` bytes. */
void hash_bytes(const void *p, size_t len, char out[HASH_HEX_LEN + 1]);

/* Fill out (HASH_HEX_LEN + 1 bytes) with the file's hash. 0, or -1 with
 * `err` (errlen bytes) saying why the file could not be read. */
int hash_file(const char *path, char out[HASH_HEX_LEN + 1], char *err, size_t errlen);

#endif
