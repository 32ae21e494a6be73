/* hash.h -- the content hash of an archive file.
 *
 * Design: SHA-256 of the file's bytes (GLib's GChecksum), read in 64 KiB
 * chunks, written as 64 lower-case hex digits. Workers hash each file they
 * extract; the parent hashes only the files that may be renames.
 */
#ifndef FOUILLE_HASH_H
#define FOUILLE_HASH_H

#include <stddef.h>

#define HASH_HEX_LEN 64

/* Fill out (HASH_HEX_LEN + 1 bytes) with the file's hash. 0, or -1 with
 * `err` (errlen bytes) saying why the file could not be read. */
int hash_file(const char *path, char out[HASH_HEX_LEN + 1], char *err, size_t errlen);

#endif
