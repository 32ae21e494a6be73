/* shards.c -- an index in N shards, on the indexer's side (see shards.h
 * for the design). */
#include "shards.h"

#include "fdb.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

/* The stub's line prefix of a shard made by the indexer. */
#define SHARDS_LINE "auto shard-"

unsigned shards_count(const char *index)
{
    char *stub = g_build_filename(index, FDB_SHARDS_STUB, NULL);
    char *text = NULL;
    unsigned n = 0;

    if (g_file_get_contents(stub, &text, NULL, NULL)) {
        for (const char *p = text; (p = strstr(p, SHARDS_LINE)); p++)
            if (p == text || p[-1] == '\n')
                n++;
    }
    g_free(text);
    g_free(stub);
    return n ? n : 1;
}

unsigned shards_of(const char *path, unsigned n)
{
    uint64_t h = 14695981039346656037ull;

    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        h ^= *p;
        h *= 1099511628211ull;
    }
    return n > 1 ? (unsigned)(h % n) : 0;
}

/* A shard's name in the index folder: shard-N-K, K from 1. */
static char *shards_name(unsigned n, unsigned k)
{
    return g_strdup_printf("shard-%u-%u", n, k + 1);
}

char *shards_dir(const char *index, unsigned n, unsigned k)
{
    if (n <= 1)
        return g_strdup(index);
    char *name = shards_name(n, k);
    char *dir = g_build_filename(index, name, NULL);
    g_free(name);
    return dir;
}

char *shards_spelling_dir(const char *index, unsigned n, unsigned k)
{
    char *dir = shards_dir(index, n, k);
    char *out = g_strconcat(dir, ".spelling", NULL);
    g_free(dir);
    return out;
}

/* Remove a folder and what it holds (an index: two levels of folders). */
static void shards_remove_tree(const char *path)
{
    GDir *d = g_dir_open(path, 0, NULL);
    const char *name;

    if (!d) {
        g_remove(path);
        return;
    }
    while ((name = g_dir_read_name(d))) {
        char *full = g_build_filename(path, name, NULL);
        if (g_file_test(full, G_FILE_TEST_IS_DIR) && !g_file_test(full, G_FILE_TEST_IS_SYMLINK))
            shards_remove_tree(full);
        else
            g_remove(full);
        g_free(full);
    }
    g_dir_close(d);
    g_rmdir(path);
}

/* Write the stub naming the n shards, atomically. */
static int shards_write_stub(const char *index, unsigned n, char *err, size_t errlen)
{
    GString *text = g_string_new(NULL);
    char *stub = g_build_filename(index, FDB_SHARDS_STUB, NULL);
    char *tmp = g_strconcat(stub, ".tmp", NULL);
    int rc = 0;

    g_string_append_printf(text, "# fouille: an index in %u shards (bin/indexer --shards %u)\n",
                           n, n);
    for (unsigned k = 0; k < n; k++)
        g_string_append_printf(text, SHARDS_LINE "%u-%u\n", n, k + 1);
    if (!g_file_set_contents(tmp, text->str, (gssize)text->len, NULL) ||
        g_rename(tmp, stub) != 0) {
        snprintf(err, errlen, "cannot write %s: %s", stub, g_strerror(errno));
        rc = -1;
    }
    g_string_free(text, TRUE);
    g_free(tmp);
    g_free(stub);
    return rc;
}

/* Is `name` part of the layout of an index in n shards? */
static int shards_keep(const char *name, unsigned n)
{
    char *prefix = g_strdup_printf("shard-%u-", n);
    int keep = n > 1 ? (strcmp(name, FDB_SHARDS_STUB) == 0 || g_str_has_prefix(name, prefix))
                     : !g_str_has_prefix(name, "shard-");
    g_free(prefix);
    return keep;
}

int shards_settle(const char *index, unsigned n, char *err, size_t errlen)
{
    char *stub = g_build_filename(index, FDB_SHARDS_STUB, NULL);
    int rc = 0;

    if (n > 1)
        rc = shards_write_stub(index, n, err, errlen);
    else if (g_remove(stub) != 0 && errno != ENOENT) {
        snprintf(err, errlen, "cannot remove %s: %s", stub, g_strerror(errno));
        rc = -1;
    }
    g_free(stub);
    if (rc != 0)
        return rc;
    /* The server reads the new layout from now on: the old one goes. */
    GDir *d = g_dir_open(index, 0, NULL);
    const char *name;
    while (d && (name = g_dir_read_name(d))) {
        if (shards_keep(name, n))
            continue;
        char *full = g_build_filename(index, name, NULL);
        shards_remove_tree(full);
        g_free(full);
    }
    if (d)
        g_dir_close(d);
    return 0;
}
