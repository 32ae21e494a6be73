/* tmp-index.h -- the index an fdb unit test writes, in a temporary folder
 * of its own: tmp_index_open makes the folder and opens a writer on
 * FOLDER/index (a TAP check), tmp_index_remove removes the folder with all
 * it holds (the test frees its handles first); tmp_index_reader opens a
 * reader on it. tmp_index_put_text,
 * tmp_index_found and tmp_index_check: a one-page text file in, the paths
 * a query finds out, the way the search tests of single words need them.
 */
#ifndef FOUILLE_TMP_INDEX_H
#define FOUILLE_TMP_INDEX_H

#include <glib.h>
#include <stdlib.h>
#include <string.h>

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

/* A reader on the index at `path`; NULL (said on the TAP output) when it
 * cannot be opened. */
static inline fdb *tmp_index_reader(const char *path)
{
    fdb *r = NULL;
    char err[256] = "";

    if (fdb_open_read(path, &r, err, sizeof err) != FDB_OK)
        diag("open %s: %s", path, err);
    return r;
}

/* Add a text file of one page, `text`, titled `title` (NULL: none). */
static inline void tmp_index_put_text(fdb *db, const char *path, const char *title,
                                      const char *text)
{
    size_t len = strlen(text);
    fdb_file f = {.path = path, .type = "text", .size = 1000, .mtime = 1600000000,
                  .title = title, .npages = 1, .page_text = &text, .page_len = &len};

    if (fdb_replace_file(db, &f) != FDB_OK)
        diag("replace %s: %s", path, fdb_last_error(db));
}

/* The paths the first 10 hits of a query are in, as "a,b"; "ERROR:
 * status" when it fails (g_free it). */
static inline char *tmp_index_found(fdb *db, const char *query)
{
    fdb_query q = {.query = query, .limit = 10};
    fdb_results *r = NULL;
    fdb_status st = fdb_search(db, &q, &r);

    if (st != FDB_OK)
        return g_strdup_printf("ERROR: %s", fdb_status_string(st));
    GString *s = g_string_new("");
    for (size_t i = 0; i < fdb_results_count(r); i++)
        g_string_append_printf(s, "%s%s", i ? "," : "", fdb_results_hit(r, i)->file.path);
    fdb_results_free(r);
    return g_string_free(s, FALSE);
}

/* A check that `query` finds the paths `want` (as tmp_index_found). */
static inline void tmp_index_check(fdb *db, const char *query, const char *want,
                                   const char *why)
{
    char *got = tmp_index_found(db, query);
    char *name = g_strdup_printf("%s: '%s'", why, query);

    is_str(got, want, name);
    g_free(name);
    g_free(got);
}

#endif
