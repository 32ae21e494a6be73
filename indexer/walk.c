/* walk.c -- list the files of the archive (see walk.h for the design). */
#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Deeper folders than this are reported, not walked. */
#define WALK_MAX_DEPTH 64

typedef struct {
    const char *root_real;   /* realpath of the archive */
    size_t root_len;
    GHashTable *seen_dirs;   /* "dev:ino" of folders entered */
    walk_list *out;
} walk_state;

static void walk_add(walk_list *l, const char *rel, const char *abs,
                     const struct stat *st, const char *problem)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 256;
        l->files = g_renew(walk_file, l->files, l->cap);
    }
    walk_file *f = &l->files[l->n++];
    f->rel = g_strdup(rel);
    f->abs = g_strdup(abs);
    f->size = st ? (long long)st->st_size : 0;
    f->mtime = st ? (long long)st->st_mtime : 0;
    f->problem = problem;
}

/* Does `real` lie inside the archive? */
static int walk_inside(const walk_state *ws, const char *real)
{
    return strncmp(real, ws->root_real, ws->root_len) == 0 &&
           (real[ws->root_len] == '/' || real[ws->root_len] == '\0');
}

/* Enter a folder once: returns 0 when it was seen before (a loop). */
static int walk_enter(walk_state *ws, const struct stat *st)
{
    char *key = g_strdup_printf("%llu:%llu", (unsigned long long)st->st_dev,
                                (unsigned long long)st->st_ino);
    if (g_hash_table_contains(ws->seen_dirs, key)) {
        g_free(key);
        return 0;
    }
    g_hash_table_add(ws->seen_dirs, key);
    return 1;
}

static void walk_dir(walk_state *ws, const char *abs, const char *rel, int depth);

/* One entry of a folder: a file, a folder, or a link to either. */
static void walk_entry(walk_state *ws, const char *abs, const char *rel, int depth)
{
    struct stat lst, st;
    if (lstat(abs, &lst) != 0) {
        walk_add(ws->out, rel, abs, NULL, "unreadable");
        return;
    }
    if (S_ISLNK(lst.st_mode)) {
        char *real = realpath(abs, NULL);
        if (!real) {
            walk_add(ws->out, rel, abs, &lst,
                     errno == ELOOP ? "symbolic link loop" : "broken symbolic link");
            return;
        }
        int inside = walk_inside(ws, real);
        free(real);
        if (!inside) {
            walk_add(ws->out, rel, abs, &lst, "symbolic link leading out of the archive");
            return;
        }
    }
    if (stat(abs, &st) != 0) {
        walk_add(ws->out, rel, abs, &lst, "unreadable");
        return;
    }
    if (S_ISDIR(st.st_mode)) {
        if (depth >= WALK_MAX_DEPTH)
            walk_add(ws->out, rel, abs, &st, "folders nested too deep");
        else if (!walk_enter(ws, &st))
            walk_add(ws->out, rel, abs, &st, "symbolic link loop");
        else
            walk_dir(ws, abs, rel, depth + 1);
    } else if (S_ISREG(st.st_mode)) {
        walk_add(ws->out, rel, abs, &st, NULL);
    }
    /* Sockets, fifos and devices are not documents: ignored. */
}

static void walk_dir(walk_state *ws, const char *abs, const char *rel, int depth)
{
    DIR *d = opendir(abs);
    if (!d) {
        if (*rel)
            walk_add(ws->out, rel, abs, NULL, "unreadable");
        return;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;   /* ".", "..", and hidden entries */
        char *cabs = g_build_filename(abs, e->d_name, NULL);
        char *crel = *rel ? g_strconcat(rel, "/", e->d_name, NULL) : g_strdup(e->d_name);
        walk_entry(ws, cabs, crel, depth);
        g_free(cabs);
        g_free(crel);
    }
    closedir(d);
}

static int walk_cmp(const void *a, const void *b)
{
    return strcmp(((const walk_file *)a)->rel, ((const walk_file *)b)->rel);
}

int walk_archive(const char *root, walk_list *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    char *real = realpath(root, NULL);
    struct stat st;
    if (!real || stat(real, &st) != 0 || !S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "%s: not a readable folder%s%s", root,
                 errno ? ": " : "", errno ? g_strerror(errno) : "");
        free(real);
        return -1;
    }
    walk_state ws = {real, strlen(real), g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL), out};
    walk_enter(&ws, &st);
    walk_dir(&ws, root, "", 0);
    g_hash_table_destroy(ws.seen_dirs);
    free(real);
    if (out->n)
        qsort(out->files, out->n, sizeof *out->files, walk_cmp);
    return 0;
}

void walk_list_free(walk_list *list)
{
    for (size_t i = 0; i < list->n; i++) {
        g_free(list->files[i].rel);
        g_free(list->files[i].abs);
    }
    g_free(list->files);
    memset(list, 0, sizeof *list);
}
