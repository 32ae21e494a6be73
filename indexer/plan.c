/* plan.c -- compare the walk with the index (see plan.h for the design). */
#include "plan.h"

#include "extract.h"

#include <string.h>

#include <glib.h>

/* What the index records of one file; owned by the records table. */
typedef struct {
    char *path;
    gint64 size;
    long long mtime, mtime_ns, ctime_ns, inode;
    char *hash;
    int failed;
    int seen;                /* the walk found this path */
    int renamed;             /* a new path took its content */
} plan_record;

static void plan_record_free(gpointer p)
{
    plan_record *r = p;
    g_free(r->path);
    g_free(r->hash);
    g_free(r);
}

static int plan_load(const fdb_file_info *info, void *ud)
{
    plan_record *r = g_new0(plan_record, 1);
    r->path = g_strdup(info->path);
    r->size = info->size;
    r->mtime = info->mtime;
    r->mtime_ns = info->mtime_ns;
    r->ctime_ns = info->ctime_ns;
    r->inode = info->inode;
    r->hash = g_strdup(info->hash);
    r->failed = info->failure != NULL;
    g_hash_table_replace(ud, r->path, r);
    return 0;
}

/* A record from before stamps had nanoseconds (plan.h). */
static int plan_is_old_record(const plan_record *r)
{
    return r->mtime_ns == 0 && r->ctime_ns == 0 && r->inode == 0;
}

static int plan_is_unchanged(const plan_record *r, const walk_file *f, const plan_options *opt)
{
    if (!r || opt->full || (r->failed && opt->retry_failed) || r->size != f->size ||
        r->mtime != f->mtime)
        return 0;
    return plan_is_old_record(r) || (r->mtime_ns == f->mtime_ns &&
                                     r->ctime_ns == f->ctime_ns && r->inode == f->inode);
}

/* Sort one walk file into unchanged, failure or job. */
static void plan_file(plan *out, GArray *jobs, GArray *failures, GPtrArray *restamp,
                      GHashTable *records, const walk_file *f, const plan_options *opt)
{
    plan_record *r = g_hash_table_lookup(records, f->rel);
    if (r)
        r->seen = 1;
    if (plan_is_unchanged(r, f, opt)) {
        out->unchanged++;
        out->unchanged_failed += r->failed != 0;
        if (plan_is_old_record(r) && (f->mtime_ns || f->ctime_ns || f->inode))
            g_ptr_array_add(restamp, (gpointer)f);
        return;
    }
    const char *reason = f->problem;
    if (!reason && opt->max_size > 0 && f->size > opt->max_size)
        reason = extract_status_string(EXTRACT_ERR_TOO_LARGE);
    if (reason) {
        plan_failure fl = {f, reason};
        g_array_append_val(failures, fl);
        return;
    }
    plan_job j = {f, r ? PLAN_CHANGED : PLAN_NEW, NULL};
    g_array_append_val(jobs, j);
}

/* The gone record of this size and content that no rename took yet. */
static plan_record *plan_match(GHashTable *gone_by_size, gint64 size, const char *hash)
{
    GPtrArray *same = g_hash_table_lookup(gone_by_size, &size);
    for (guint i = 0; same && hash[0] && i < same->len; i++) {
        plan_record *r = g_ptr_array_index(same, i);
        if (!r->renamed && strcmp(r->hash, hash) == 0)
            return r;
    }
    return NULL;
}

/* The gone records (not seen, not failed, with a hash), by size. */
static GHashTable *plan_gone_by_size(GHashTable *records)
{
    GHashTable *by_size = g_hash_table_new_full(g_int64_hash, g_int64_equal, NULL,
                                                (GDestroyNotify)g_ptr_array_unref);
    GHashTableIter it;
    gpointer v;
    g_hash_table_iter_init(&it, records);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        plan_record *r = v;
        if (r->seen || r->failed || !r->hash[0])
            continue;
        GPtrArray *same = g_hash_table_lookup(by_size, &r->size);
        if (!same) {
            same = g_ptr_array_new();
            g_hash_table_insert(by_size, &r->size, same);
        }
        g_ptr_array_add(same, r);
    }
    return by_size;
}

/* Make job j (new, with the content of gone record r) a rename: moved
 * pages (kept out of the jobs: 0) or extracted again (kept: 1). */
static int plan_rename_job(GArray *renames, plan_job *j, plan_record *r)
{
    r->renamed = 1;
    if (r->mtime == j->file->mtime) {
        plan_rename rn = {j->file, g_strdup(r->path)};
        g_array_append_val(renames, rn);
        return 0;
    }
    j->kind = PLAN_RENAMED;
    j->old_path = g_strdup(r->path);
    return 1;
}

/* The candidates: the new files of a gone file's size, as job indices
 * (returned) and their files (appended to `files`). */
static GArray *plan_candidates(GArray *jobs, GHashTable *by_size, GPtrArray *files)
{
    GArray *cand = g_array_new(FALSE, FALSE, sizeof(guint));
    for (guint i = 0; i < jobs->len && g_hash_table_size(by_size); i++) {
        const plan_job *j = &g_array_index(jobs, plan_job, i);
        gint64 size = j->file->size;
        if (j->kind == PLAN_NEW && g_hash_table_contains(by_size, &size)) {
            g_array_append_val(cand, i);
            g_ptr_array_add(files, (gpointer)j->file);
        }
    }
    return cand;
}

/* Turn new files that carry a gone file's content into renames: the
 * candidates are hashed by opt->hash, all at once, then matched. */
static void plan_renames(GArray *jobs, GArray *renames, GHashTable *records,
                         const plan_options *opt)
{
    GHashTable *by_size = plan_gone_by_size(records);
    GPtrArray *files = g_ptr_array_new();
    GArray *cand = plan_candidates(jobs, by_size, files);
    char (*hashes)[HASH_HEX_LEN + 1] = g_malloc0_n(cand->len ? cand->len : 1, sizeof *hashes);
    if (cand->len && opt->hash)
        opt->hash((const walk_file *const *)files->pdata, cand->len, hashes, opt->hash_ud);
    int *drop = g_new0(int, jobs->len ? jobs->len : 1);
    for (guint k = 0; k < cand->len; k++) {
        plan_job *j = &g_array_index(jobs, plan_job, g_array_index(cand, guint, k));
        plan_record *r = plan_match(by_size, j->file->size, hashes[k]);
        if (r)
            drop[g_array_index(cand, guint, k)] = !plan_rename_job(renames, j, r);
    }
    guint kept = 0;
    for (guint i = 0; i < jobs->len; i++)
        if (!drop[i])
            g_array_index(jobs, plan_job, kept++) = g_array_index(jobs, plan_job, i);
    g_array_set_size(jobs, kept);
    g_free(drop);
    g_free(hashes);
    g_ptr_array_free(files, TRUE);
    g_array_free(cand, TRUE);
    g_hash_table_destroy(by_size);
}

static int plan_cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Larger files first; the walk's (path) order among equals. */
static gint plan_job_larger_first(gconstpointer a, gconstpointer b)
{
    const walk_file *fa = ((const plan_job *)a)->file, *fb = ((const plan_job *)b)->file;
    if (fa->size != fb->size)
        return fa->size > fb->size ? -1 : 1;
    return strcmp(fa->rel, fb->rel);
}

/* The recorded paths the walk did not find and no rename took. */
static void plan_removed(plan *out, GHashTable *records)
{
    GPtrArray *gone = g_ptr_array_new();
    GHashTableIter it;
    gpointer v;
    g_hash_table_iter_init(&it, records);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        plan_record *r = v;
        if (!r->seen && !r->renamed)
            g_ptr_array_add(gone, g_strdup(r->path));
    }
    out->nremoved = gone->len;
    if (gone->len)
        qsort(gone->pdata, gone->len, sizeof(char *), plan_cmp_str);
    out->removed = (char **)g_ptr_array_free(gone, FALSE);
}

fdb_status plan_make(fdb *const *dbs, size_t ndbs, const walk_list *files,
                     const plan_options *opt, plan *out)
{
    memset(out, 0, sizeof *out);
    GHashTable *records = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, plan_record_free);
    fdb_status st = FDB_OK;
    for (size_t i = 0; i < ndbs && st == FDB_OK; i++)
        st = fdb_files(dbs[i], plan_load, records);
    if (st != FDB_OK) {
        g_hash_table_destroy(records);
        return st;
    }
    GArray *jobs = g_array_new(FALSE, FALSE, sizeof(plan_job));
    GArray *renames = g_array_new(FALSE, FALSE, sizeof(plan_rename));
    GArray *failures = g_array_new(FALSE, FALSE, sizeof(plan_failure));
    GPtrArray *restamp = g_ptr_array_new();
    out->indexed = g_hash_table_size(records);
    for (size_t i = 0; i < files->n; i++)
        plan_file(out, jobs, failures, restamp, records, &files->files[i], opt);
    if (!opt->full)
        plan_renames(jobs, renames, records, opt);
    plan_removed(out, records);
    g_array_sort(jobs, plan_job_larger_first);
    out->njobs = jobs->len;
    out->jobs = (plan_job *)(void *)g_array_free(jobs, FALSE);
    out->nrenames = renames->len;
    out->renames = (plan_rename *)(void *)g_array_free(renames, FALSE);
    out->nfailures = failures->len;
    out->failures = (plan_failure *)(void *)g_array_free(failures, FALSE);
    out->nrestamp = restamp->len;
    out->restamp = (const walk_file **)g_ptr_array_free(restamp, FALSE);
    g_hash_table_destroy(records);
    return FDB_OK;
}

void plan_free(plan *p)
{
    for (size_t i = 0; i < p->njobs; i++)
        g_free(p->jobs[i].old_path);
    for (size_t i = 0; i < p->nrenames; i++)
        g_free(p->renames[i].old_path);
    for (size_t i = 0; i < p->nremoved; i++)
        g_free(p->removed[i]);
    g_free(p->jobs);
    g_free(p->renames);
    g_free(p->removed);
    g_free(p->failures);
    g_free(p->restamp);
    memset(p, 0, sizeof *p);
}
