/* walk.h -- list the files of the archive.
 *
 * Design: a depth-first walk of the archive folder that returns every
 * regular file with its path relative to the archive, its size and its
 * modification time, sorted by path. Hidden entries (a name starting with
 * '.') are skipped. A symbolic link is followed only when it resolves
 * inside the archive; a link leading out, a broken link or a loop (a
 * folder reached twice) is returned as a problem instead of a file. Names
 * are bytes: spaces, accents, quotes and newlines are kept as they are.
 */
#ifndef FOUILLE_WALK_H
#define FOUILLE_WALK_H

#include <stddef.h>

typedef struct {
    char *rel;            /* path relative to the archive */
    char *abs;            /* path to open */
    long long size;
    long long mtime;
    const char *problem;  /* NULL for a file to index, else why not (static) */
} walk_file;

typedef struct {
    walk_file *files;
    size_t n, cap;
} walk_list;

/* Walk `root`. Returns 0, or -1 with `err` set when the root itself
 * cannot be read. Entries below that cannot be read become problems. */
int walk_archive(const char *root, walk_list *out, char *err, size_t errlen);

void walk_list_free(walk_list *list);

#endif
