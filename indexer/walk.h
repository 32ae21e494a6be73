/* walk.h -- list the files of the archive.
 *
 * Design: a depth-first walk of the archive folder that returns every
 * regular file with its path relative to the archive and its stamp (size,
 * modification and change times to the nanosecond, inode: what tells a
 * change without reading the file), sorted by path. Hidden entries (a
 * name starting with '.') are skipped. Names are bytes: spaces, accents,
 * quotes and newlines are kept as they are.
 *
 * Symbolic links are followed only when they resolve inside the archive;
 * a link leading out, a broken link or a loop is returned as a problem
 * instead of a file. Each real folder is walked once, under its real path:
 * the walk first goes through real folders only, names sorted, and keeps
 * the links to folders for after; then each such link (sorted by path,
 * round after round for links found inside linked folders) is a
 * "duplicate of <path>" when its folder was walked already, or "symbolic
 * link loop" when that folder holds the link itself; a folder reached
 * only through links (say, inside a hidden folder) is walked under the
 * first link's path. So the result does not depend on readdir's order. A
 * link to a file is a file at the link's path.
 */
#ifndef FOUILLE_WALK_H
#define FOUILLE_WALK_H

#include <stddef.h>

typedef struct {
    char *rel;            /* path relative to the archive */
    char *abs;            /* path to open */
    long long size;
    long long mtime;      /* seconds since the epoch */
    long long mtime_ns;   /* the same in nanoseconds */
    long long ctime_ns;   /* the inode's last change, nanoseconds */
    long long inode;
    char *problem;        /* NULL for a file to index, else why not */
} walk_file;

typedef struct {
    walk_file *files;
    size_t n, cap;
} walk_list;

/* Walk `root`. Returns 0, or -1 with `err` set when the root itself
 * cannot be read. Entries below that cannot be read become problems.
 * The list owns its strings: walk_list_free. */
int walk_archive(const char *root, walk_list *out, char *err, size_t errlen);

void walk_list_free(walk_list *list);

#endif
