/* seed-index.c -- see seed-index.h. */
#define _XOPEN_SOURCE 700
#include "seed-index.h"

#include <ftw.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "fdb.h"
#include "fuzz.h"
#include "http-double.h"

static char *seed_dir;     /* the index's folder (g_free) */
static api *seed_api;

static void seed_add(fdb *db, const char *path, const char *type,
                     const char *title, const char *date, size_t npages,
                     const char *const *pages)
{
    size_t lens[8];
    fdb_file f = { .path = path, .type = type, .title = title, .date = date,
                   .date_source = "metadata", .size = 1000, .mtime = 1e9,
                   .npages = npages, .page_text = pages, .page_len = lens };

    for (size_t i = 0; i < npages; i++)
        lens[i] = strlen(pages[i]);
    FUZZ_CHECK(fdb_replace_file(db, &f) == FDB_OK, "a seed file is stored");
}

/* Make a temporary folder from `tmpl` (mkdtemp, changed in place) and
 * write the index into it. */
static void seed_index_build(char *tmpl)
{
    static const char *const cr[] = {
        "Compte rendu de l’assemblée générale du 19 mai 2022.",
        "Le budget de l’association est voté ; les finances sont saines.",
        "Questions diverses : la fête de l’été, l’économie sociale.",
    };
    static const char *const article[] = {
        "L’Association des habitants publie sa lettre : œuvres, cœur, café.",
    };
    static const char *const note[] = {
        "Meeting notes: the budget was approved and the party is in June.",
    };
    static const char *const letter[] = {
        "Lettre ouverte au maire sur la marchandisation des communs.",
    };
    char err[256];
    fdb *db = NULL;

    FUZZ_CHECK(mkdtemp(tmpl) != NULL, "a temporary folder");
    FUZZ_CHECK(fdb_open_write(tmpl, &db, err, sizeof err) == FDB_OK,
               "the index opens for writing");
    seed_add(db, "comptes-rendus/2022_CR_mai.pdf", "pdf",
             "Assemblée générale", "2022-05-19", 3, cr);
    seed_add(db, "web/lettre été.html", "html", "La lettre", "2021-03-01",
             1, article);
    seed_add(db, "notes/meeting.txt", "text", "Meeting notes", "2023-06-12",
             1, note);
    seed_add(db, "lettres/ouverte.pdf", "pdf", "Lettre ouverte", NULL, 1,
             letter);
    fdb_file_info scan = {.path = "scans/scan.pdf", .size = 10, .mtime = 1000000000,
                          .failure = "no text layer"};
    FUZZ_CHECK(fdb_record_failure(db, &scan) == FDB_OK, "a failure is stored");
    FUZZ_CHECK(fdb_commit(db) == FDB_OK, "the index commits");
    fdb_free(db);
}

static int seed_rm(const char *path, const struct stat *st, int flag,
                   struct FTW *ftw)
{
    (void)st; (void)flag; (void)ftw;
    return remove(path);
}

static void seed_api_close(void)
{
    api_free(seed_api);
    http_double_reset();
    nftw(seed_dir, seed_rm, 16, FTW_DEPTH | FTW_PHYS);
    g_free(seed_dir);
}

api *seed_api_open(const char *target)
{
    FUZZ_CHECK(seed_api == NULL, "the seed index is opened once");
    seed_dir = g_strdup_printf("%s/fouille-%s.XXXXXX", g_get_tmp_dir(), target);
    seed_index_build(seed_dir);
    seed_api = api_create(seed_dir, NULL, 0);
    FUZZ_CHECK(seed_api != NULL, "the api is created");
    atexit(seed_api_close);
    return seed_api;
}
