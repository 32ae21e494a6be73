/* tmp-index.h -- the index an fdb unit test writes, in a temporary folder
 * of its own: tmp_index_open makes the folder and opens a writer on
 * FOLDER/index (a TAP check), tmp_index_remove removes the folder with all
 * it holds (the test frees its handles first).
 */
#ifndef FOUILLE_TMP_INDEX_H
#define FOUILLE_TMP_INDEX_H

#include <glib.h>
#include <stdlib.h>

#include "fdb.h"
#include "tap.h"

typedef struct {
    char *dir;               /* the temporary folder (g_dir_make_tmp) */
    char *path;              /* dir/index: the index */
} tmp_index;

/* A writer on a new index in a new folder named after `name`; NULL (the
 * check failed) when either cannot be made. */
static inline fdb *tmp_index_open(tmp_index *t, const char *name)
{
    char *tmpl = g_strdup_printf("fouille-%s-XXXXXX", name);
    char err[256] = "";
    fdb *db = NULL;

    t->dir = g_dir_make_tmp(tmpl, NULL);
    t->path = g_build_filename(t->dir ? t->dir : "", "index", NULL);
    g_free(tmpl);
    if (!ok(t->dir && fdb_open_write(t->path, &db, err, sizeof err) == FDB_OK,
            "create an index"))
        diag("%s", err);
    return db;
}

static inline void tmp_index_remove(tmp_index *t)
{
    char *rm = g_strdup_printf("rm -rf '%s'", t->dir);

    if (t->dir && system(rm) != 0)
        diag("could not remove %s", t->dir);
    g_free(rm);
    g_free(t->path);
    g_free(t->dir);
}

#endif
