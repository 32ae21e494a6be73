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

/* A link to a folder, walked (or reported) after the real folders. */
typedef struct {
    char *rel, *abs;
    struct stat lst;         /* the link itself */
    int depth;
} walk_link;

typedef struct {
    const char *root_real;   /* realpath of the archive */
    size_t root_len;
    GHashTable *dirs;        /* "dev:ino" of folders walked -> their rel */
    GPtrArray *links;        /* walk_link, waiting for the next round */
    walk_list *out;
} walk_state;

static long long walk_ns(struct timespec ts)
{
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Add a file, or a problem (copied) when `problem` is not NULL. */
static void walk_add(walk_list *l, const char *rel, const char *abs,
                     const struct stat *st, const char *problem)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 256;
        l->files = g_renew(walk_file, l->files, l->cap);
    }
    walk_file *f = &l->files[l->n++];
    memset(f, 0, sizeof *f);
    f->rel = g_strdup(rel);
    f->abs = g_strdup(abs);
    if (st) {
        f->size = (long long)st->st_size;
        f->mtime = (long long)st->st_mtim.tv_sec;
        f->mtime_ns = walk_ns(st->st_mtim);
        f->ctime_ns = walk_ns(st->st_ctim);
        f->inode = (long long)st->st_ino;
    }
    f->problem = g_strdup(problem);
}

/* Does `real` lie inside the archive? */
static int walk_inside(const walk_state *ws, const char *real)
{
    return strncmp(real, ws->root_real, ws->root_len) == 0 &&
           (real[ws->root_len] == '/' || real[ws->root_len] == '\0');
}

static char *walk_dir_key(const struct stat *st)
{
    return g_strdup_printf("%llu:%llu", (unsigned long long)st->st_dev,
                           (unsigned long long)st->st_ino);
}

/* Claim a folder for `rel`: NULL when it is new (walk it), else the path
 * it was walked under (borrowed). */
static const char *walk_claim(walk_state *ws, const struct stat *st, const char *rel)
{
    char *key = walk_dir_key(st);
    const char *seen = g_hash_table_lookup(ws->dirs, key);
    if (seen) {
        g_free(key);
        return seen;
    }
    g_hash_table_insert(ws->dirs, key, g_strdup(rel));
    return NULL;
}

static void walk_dir(walk_state *ws, const char *abs, const char *rel, int depth);

/* A folder met at `rel`: walked, or reported when walked already (a bind
 * mount, or a link met in a later round). */
static void walk_folder(walk_state *ws, const char *abs, const char *rel,
                        const struct stat *st, const struct stat *report_st, int depth)
{
    if (depth >= WALK_MAX_DEPTH) {
        walk_add(ws->out, rel, abs, report_st, "folders nested too deep");
        return;
    }
    const char *seen = walk_claim(ws, st, rel);
    if (!seen) {
        walk_dir(ws, abs, rel, depth + 1);
        return;
    }
    size_t n = strlen(seen);
    if (n == 0 || (strncmp(rel, seen, n) == 0 && rel[n] == '/')) {
        walk_add(ws->out, rel, abs, report_st, "symbolic link loop");
    } else {
        char *why = g_strdup_printf("duplicate of %s", seen);
        walk_add(ws->out, rel, abs, report_st, why);
        g_free(why);
    }
}

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
    /* What is not a link is what lstat saw: one system call a file. */
    if (!S_ISLNK(lst.st_mode))
        st = lst;
    else if (stat(abs, &st) != 0) {
        walk_add(ws->out, rel, abs, &lst, "unreadable");
        return;
    }
    if (S_ISDIR(st.st_mode) && S_ISLNK(lst.st_mode)) {
        walk_link *l = g_new0(walk_link, 1);
        l->rel = g_strdup(rel);
        l->abs = g_strdup(abs);
        l->lst = lst;
        l->depth = depth;
        g_ptr_array_add(ws->links, l);
    } else if (S_ISDIR(st.st_mode)) {
        walk_folder(ws, abs, rel, &st, &st, depth);
    } else if (S_ISREG(st.st_mode)) {
        walk_add(ws->out, rel, abs, &st, NULL);
    }
    /* Sockets, fifos and devices are not documents: ignored. */
}

static int walk_cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The folder's entries, names sorted, so that the walk does not depend
 * on readdir's order. */
static void walk_dir(walk_state *ws, const char *abs, const char *rel, int depth)
{
    DIR *d = opendir(abs);
    if (!d) {
        if (*rel)
            walk_add(ws->out, rel, abs, NULL, "unreadable");
        return;
    }
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (e->d_name[0] != '.')   /* ".", "..", and hidden entries */
            g_ptr_array_add(names, g_strdup(e->d_name));
    closedir(d);
    if (names->len)
        qsort(names->pdata, names->len, sizeof(char *), walk_cmp_names);
    for (guint i = 0; i < names->len; i++) {
        const char *name = g_ptr_array_index(names, i);
        char *cabs = g_build_filename(abs, name, NULL);
        char *crel = *rel ? g_strconcat(rel, "/", name, NULL) : g_strdup(name);
        walk_entry(ws, cabs, crel, depth);
        g_free(cabs);
        g_free(crel);
    }
    g_ptr_array_unref(names);
}

static void walk_link_free(gpointer p)
{
    walk_link *l = p;
    g_free(l->rel);
    g_free(l->abs);
    g_free(l);
}

static int walk_cmp_links(const void *a, const void *b)
{
    return strcmp((*(walk_link *const *)a)->rel, (*(walk_link *const *)b)->rel);
}

/* The links to folders, round after round: those found while walking a
 * linked folder wait for the next round. */
static void walk_links(walk_state *ws)
{
    while (ws->links->len) {
        GPtrArray *round = ws->links;
        ws->links = g_ptr_array_new_with_free_func(walk_link_free);
        qsort(round->pdata, round->len, sizeof(gpointer), walk_cmp_links);
        for (guint i = 0; i < round->len; i++) {
            walk_link *l = g_ptr_array_index(round, i);
            struct stat st;
            if (stat(l->abs, &st) != 0 || !S_ISDIR(st.st_mode))
                walk_add(ws->out, l->rel, l->abs, &l->lst, "unreadable");
            else
                walk_folder(ws, l->abs, l->rel, &st, &l->lst, l->depth);
        }
        g_ptr_array_unref(round);
    }
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
    walk_state ws = {real, strlen(real),
                     g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free),
                     g_ptr_array_new_with_free_func(walk_link_free), out};
    walk_claim(&ws, &st, "");
    walk_dir(&ws, root, "", 0);
    walk_links(&ws);
    g_ptr_array_unref(ws.links);
    g_hash_table_destroy(ws.dirs);
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
        g_free(list->files[i].problem);
    }
    g_free(list->files);
    memset(list, 0, sizeof *list);
}
