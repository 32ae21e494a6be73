/* run.c -- one indexing run over the archive (see run.h for the design). */
#include "run.h"

#include "extract.h"
#include "fdb.h"
#include "walk.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* Commit after this many files, so that readers see progress. */
#define RUN_BATCH_FILES 200

static double run_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void run_report(const run_options *opt, const char *rel, const char *why)
{
    if (!opt->quiet)
        fprintf(stderr, "indexer: %s: %s\n", rel, why);
}

/* Extract one file and write it. Returns 1 when indexed, 0 when it failed
 * (recorded), -1 on an index error. */
static int run_file(fdb *db, const run_options *opt, const walk_file *wf, run_summary *sum)
{
    char err[256] = "";
    const char *reason = wf->problem;
    extract_doc doc;
    memset(&doc, 0, sizeof doc);
    if (!reason) {
        extract_status es = extract_file(wf->abs, wf->rel, opt->max_size, &doc, err, sizeof err);
        if (es != EXTRACT_OK)
            reason = extract_status_string(es);
    }
    if (reason) {
        run_report(opt, wf->rel, *err ? err : reason);
        sum->failed++;
        if (fdb_record_failure(db, wf->rel, reason, wf->size, wf->mtime, NULL) != FDB_OK)
            return -1;
        return 0;
    }
    const char **texts = g_new(const char *, doc.npages);
    size_t *lens = g_new(size_t, doc.npages);
    for (size_t i = 0; i < doc.npages; i++) {
        texts[i] = doc.pages[i].text;
        lens[i] = doc.pages[i].len;
    }
    fdb_file f = {
        .path = wf->rel, .type = doc_type_name(doc.type), .title = doc.title,
        .author = doc.author, .description = doc.description, .headings = doc.headings,
        .date = doc.date[0] ? doc.date : NULL, .date_source = doc.date_source,
        .size = wf->size, .mtime = wf->mtime, .hash = NULL,
        .npages = doc.npages, .page_text = texts, .page_len = lens,
    };
    fdb_status st = fdb_replace_file(db, &f);
    g_free(texts);
    g_free(lens);
    if (st != FDB_OK) {
        extract_doc_free(&doc);
        return -1;
    }
    sum->files++;
    sum->pages += (unsigned)doc.npages;
    extract_doc_free(&doc);
    return 1;
}

typedef struct {
    GHashTable *present;     /* rel paths found by the walk */
    GPtrArray *gone;         /* indexed paths no longer there */
} run_gone;

static int run_collect_gone(const fdb_file_info *info, void *ud)
{
    run_gone *g = ud;
    if (!g_hash_table_contains(g->present, info->path))
        g_ptr_array_add(g->gone, g_strdup(info->path));
    return 0;
}

/* Drop from the index the files that left the archive. */
static fdb_status run_remove_gone(fdb *db, const walk_list *files, run_summary *sum)
{
    run_gone g = {g_hash_table_new(g_str_hash, g_str_equal), g_ptr_array_new_with_free_func(g_free)};
    for (size_t i = 0; i < files->n; i++)
        g_hash_table_add(g.present, files->files[i].rel);
    fdb_status st = fdb_files(db, run_collect_gone, &g);
    for (guint i = 0; st == FDB_OK && i < g.gone->len; i++) {
        st = fdb_delete_file(db, g_ptr_array_index(g.gone, i));
        sum->removed++;
    }
    g_hash_table_destroy(g.present);
    g_ptr_array_free(g.gone, TRUE);
    return st;
}

static int run_fail(fdb *db, const char *what)
{
    fprintf(stderr, "indexer: %s: %s\n", what, db ? fdb_last_error(db) : "");
    return 2;
}

int run_index(const run_options *opt, run_summary *sum)
{
    double t0 = run_now();
    memset(sum, 0, sizeof *sum);
    char err[512];
    walk_list files;
    if (walk_archive(opt->archive, &files, err, sizeof err) != 0) {
        fprintf(stderr, "indexer: %s\n", err);
        return 2;
    }
    fdb *db = NULL;
    fdb_status st = fdb_open_write(opt->index, &db, err, sizeof err);
    if (st != FDB_OK) {
        fprintf(stderr, "indexer: cannot open the index %s: %s%s\n", opt->index,
                st == FDB_ERR_LOCKED ? "another indexer is running: " : "", err);
        walk_list_free(&files);
        return 2;
    }
    int rc = 0;
    for (size_t i = 0; i < files.n && rc != 2; i++) {
        if (run_file(db, opt, &files.files[i], sum) < 0)
            rc = run_fail(db, files.files[i].rel);
        else if ((i + 1) % RUN_BATCH_FILES == 0 && fdb_commit(db) != FDB_OK)
            rc = run_fail(db, "commit");
    }
    if (rc != 2 && run_remove_gone(db, &files, sum) != FDB_OK)
        rc = run_fail(db, "removing deleted files");
    if (rc != 2) {
        char *stamp = g_strdup_printf("%lld", (long long)time(NULL));
        if (fdb_set_meta(db, "last_update", stamp) != FDB_OK || fdb_commit(db) != FDB_OK)
            rc = run_fail(db, "commit");
        g_free(stamp);
    }
    if (rc == 0 && sum->failed)
        rc = 1;
    fdb_free(db);
    walk_list_free(&files);
    sum->seconds = run_now() - t0;
    return rc;
}
