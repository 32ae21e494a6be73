/* run.c -- one indexing run over the archive (see run.h for the design). */
#include "run.h"

#include "clock.h"
#include "fdb.h"
#include "i18n.h"
#include "plan.h"
#include "pool.h"
#include "progress.h"
#include "statm.h"
#include "shards.h"
#include "walk.h"
#include "writer.h"
#include "log.h"

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

/* A commit after opt->batch files, when given, and whenever this process
 * is over opt->batch_memory bytes resident (the writer's pending changes
 * are most of it): memory, not a count of files or bytes of text, bounds
 * what a batch holds, whatever the files are. */
/* The answers waiting for the writer thread hold at most this many bytes
 * of blobs (writer.h); the batch's memory bound counts them too. */
#define RUN_QUEUE_BYTES (16 * 1024 * 1024)
/* Compact after a run that wrote at least this share of the pages. */
#define RUN_COMPACT_SHARE 0.1
/* A run refuses to remove more than half of the indexed files, when that
 * is at least this many (run.h). */
#define RUN_MASS_REMOVAL_MIN 2

static volatile sig_atomic_t run_stop;

static void run_on_signal(int sig)
{
    (void)sig;
    run_stop = 1;
}

/* SIGINT/SIGTERM set run_stop and interrupt poll() (no SA_RESTART);
 * SIGPIPE is ignored: a dead worker shows as EPIPE. */
static void run_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = run_on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
}

/* The state of one run; the run owns every member. */
typedef struct {
    const run_options *opt;
    fdb *db;                 /* the shard written last (its error message) */
    fdb *dbs[SHARDS_MAX];    /* one writer a shard (shards.h) */
    unsigned nshards;
    unsigned long shard_pages[SHARDS_MAX]; /* pages written into each */
    int shard_changed[SHARDS_MAX];
    pool *workers;           /* started at the first file to read */
    pool_options pool_opt;
    plan plan;
    progress *progress;
    report *rep;
    size_t done;             /* jobs answered */
    unsigned batch_files;    /* changes since the last commit */
    int rebuild;             /* the index was of an older format */
    int relayout;            /* the index goes to another number of shards */
} run_state;

#ifdef __SANITIZE_ADDRESS__
/* From the sanitizer runtime (gcc ships no header for it). */
size_t __sanitizer_get_current_allocated_bytes(void);
#endif

/* This process's resident memory in bytes, from /proc/self/statm (0 when
 * it cannot be read); under ASan, whose shadow and quarantine make the
 * resident size meaningless, the bytes allocated. */
static long long run_memory(void)
{
#ifdef __SANITIZE_ADDRESS__
    return (long long)__sanitizer_get_current_allocated_bytes();
#endif
    return statm_bytes(STATM_RESIDENT);
}

/* Is the batch full: opt->batch files (when given), or the memory bound? */
static int run_batch_full(const run_state *rs)
{
    if (rs->opt->batch && rs->batch_files >= rs->opt->batch)
        return 1;
    return rs->opt->batch_memory > 0 && run_memory() >= rs->opt->batch_memory;
}

/* The writer of the shard that holds (or will hold) a file. */
static fdb *run_db(run_state *rs, const char *path)
{
    unsigned k = shards_of(path, rs->nshards);
    rs->shard_changed[k] = 1;
    rs->db = rs->dbs[k];
    return rs->db;
}

/* Commit every shard. */
static fdb_status run_commit(run_state *rs)
{
    fdb_status st = FDB_OK;
    for (unsigned k = 0; k < rs->nshards && st == FDB_OK; k++)
        st = fdb_commit(rs->db = rs->dbs[k]);
    return st;
}

/* Count one change; commit when the batch is full, and give the memory
 * the batch held back to the system, so that the next one is measured
 * from a low mark. FDB_OK or the commit's status. */
static fdb_status run_batch(run_state *rs)
{
    rs->batch_files++;
    if (!run_batch_full(rs))
        return FDB_OK;
    rs->batch_files = 0;
    fdb_status st = run_commit(rs);
    malloc_trim(0);
    return st;
}

static int run_index_error(run_state *rs, const char *what)
{
    log_error("%s: %s", what, fdb_last_error(rs->db));
    return 2;
}

/* The record of a walked file: its path and the stamp the walk saw. */
static fdb_file_info run_record(const walk_file *f)
{
    fdb_file_info rec = {.path = f->rel, .size = f->size, .mtime = f->mtime,
                         .mtime_ns = f->mtime_ns, .ctime_ns = f->ctime_ns,
                         .inode = f->inode};
    return rec;
}

static fdb_status run_record_failure(run_state *rs, const walk_file *f, const char *reason,
                                     const char *hash)
{
    fdb_file_info rec = run_record(f);
    rec.failure = reason;
    rec.hash = hash;
    return fdb_record_failure(run_db(rs, f->rel), &rec);
}

static fdb_status run_failure(run_state *rs, const walk_file *f, const char *reason,
                              const char *detail, const char *hash)
{
    progress_failure(rs->progress, f->rel, reason, detail);
    report_add_failure(rs->rep, f->rel, reason);
    fdb_status st = run_record_failure(rs, f, reason, hash);
    return st == FDB_OK ? run_batch(rs) : st;
}

static fdb_status run_restamp(run_state *rs, const walk_file *f)
{
    fdb_file_info rec = run_record(f);
    fdb_status st = fdb_restamp_file(run_db(rs, f->rel), &rec);
    return st == FDB_OK ? run_batch(rs) : st;
}

/* Refuse a run that would remove more than half of the files in the index
 * (at least RUN_MASS_REMOVAL_MIN): the archive folder is most likely empty
 * or not mounted. 0, or 2 with the reason on stderr. */
static int run_check_removals(const run_state *rs)
{
    const plan *pl = &rs->plan;
    if (rs->opt->allow_mass_removal || pl->nremoved < RUN_MASS_REMOVAL_MIN ||
        pl->nremoved * 2 <= pl->indexed)
        return 0;
    log_error("refusing to remove %zu of the %u files in the index (more than half): "
              "is the archive folder %s empty or not mounted? Nothing was changed. "
              "If these files were really deleted, run again with --allow-mass-removal",
              pl->nremoved, pl->indexed, rs->opt->archive);
    return 2;
}

/* A file renamed (same text): its pages move, into another shard when
 * its new path belongs there. */
static fdb_status run_rename(run_state *rs, const char *old_path, const char *new_path)
{
    fdb *to = run_db(rs, new_path);
    return fdb_move_file(run_db(rs, old_path), to, old_path, new_path);
}

/* Renames, removals, failures known without extraction, and the stamps
 * of unchanged files to complete. */
static int run_apply_cheap(run_state *rs)
{
    plan *pl = &rs->plan;
    for (size_t i = 0; i < pl->nrenames; i++) {
        if (run_rename(rs, pl->renames[i].old_path, pl->renames[i].file->rel) != FDB_OK ||
            run_restamp(rs, pl->renames[i].file) != FDB_OK)
            return run_index_error(rs, "renaming");
        rs->rep->renamed++;
    }
    for (size_t i = 0; i < pl->nrestamp; i++)
        if (run_restamp(rs, pl->restamp[i]) != FDB_OK)
            return run_index_error(rs, "updating a file's stamp");
    for (size_t i = 0; i < pl->nremoved; i++) {
        if (fdb_delete_file(run_db(rs, pl->removed[i]), pl->removed[i]) != FDB_OK ||
            run_batch(rs) != FDB_OK)
            return run_index_error(rs, "removing");
        rs->rep->removed++;
    }
    for (size_t i = 0; i < pl->nfailures; i++)
        if (run_failure(rs, pl->failures[i].file, pl->failures[i].reason, NULL, NULL) != FDB_OK)
            return run_index_error(rs, "recording a failure");
    return 0;
}

/* A file moved and extracted again at its new path: its old path goes,
 * and its old id is noted to lead to the new one when it was indexed. */
static fdb_status run_moved(run_state *rs, const plan_job *j, int indexed)
{
    fdb *old = run_db(rs, j->old_path);
    fdb_status st = fdb_delete_file(old, j->old_path);
    if (st == FDB_OK && indexed)
        st = fdb_note_move(old, j->old_path, j->file->rel);
    return st;
}

/* Is the file gone since the walk (deleted during the run)? */
static int run_vanished(const walk_file *f)
{
    struct stat st;
    return lstat(f->abs, &st) != 0 && (errno == ENOENT || errno == ENOTDIR);
}

/* Store what a worker answered for job j. A file that could not be read
 * because it was deleted meanwhile is removed, not failed. */
static fdb_status run_store(run_state *rs, const plan_job *j, const pool_result *r)
{
    fdb_status st;
    if (!r->ok && run_vanished(j->file)) {
        st = fdb_delete_file(run_db(rs, j->file->rel), j->file->rel);
        if (st != FDB_OK)
            return st;
        rs->rep->removed++;
    } else if (r->ok) {
        /* A new file has no pages to look for in the index. */
        fdb *into = run_db(rs, j->file->rel);
        st = j->kind == PLAN_NEW ? fdb_add_blob(into, r->blob, r->len)
                                 : fdb_store_blob(into, r->blob, r->len);
        if (st != FDB_OK)
            return st;
        rs->rep->pages += r->npages;
        rs->shard_pages[shards_of(j->file->rel, rs->nshards)] += r->npages;
        if (j->kind == PLAN_NEW)
            rs->rep->added++;
        else if (j->kind == PLAN_CHANGED)
            rs->rep->updated++;
        else
            rs->rep->renamed++;
    } else {
        st = run_record_failure(rs, j->file, r->reason, r->hash);
        if (st != FDB_OK)
            return st;
        progress_failure(rs->progress, j->file->rel, r->reason, r->detail);
        report_add_failure(rs->rep, j->file->rel, r->reason);
        if (j->kind == PLAN_RENAMED)
            rs->rep->removed++;
    }
    if (j->kind == PLAN_RENAMED && (st = run_moved(rs, j, r->ok)) != FDB_OK)
        return st;
    rs->done++;
    progress_step(rs->progress);
    return run_batch(rs);
}

/* The workers, started now when they are not yet (a run that reads no
 * file starts none); NULL, with the reason logged, when none could be. */
static pool *run_workers(run_state *rs)
{
    char err[512] = "";
    if (!rs->workers && !(rs->workers = pool_create(&rs->pool_opt, err, sizeof err)))
        log_error("%s", err);
    return rs->workers;
}

/* Give a job to every idle worker. */
static void run_feed(run_state *rs, size_t *next)
{
    const plan *pl = &rs->plan;
    while (!run_stop && *next < pl->njobs && pool_has_idle(rs->workers)) {
        const walk_file *f = pl->jobs[*next].file;
        if (pool_submit(rs->workers, *next, WORKER_EXTRACT, f) != 0)
            break;
        (*next)++;
    }
}

/* The plan's hash function (plan_hash_fn): the workers hash the possible
 * renames, under the same timeout and memory limit as extraction, so the
 * parent never reads an archive file. A file whose hash job failed, or
 * was not run because the run was interrupted, keeps "" (a new file). */
static void run_hash(const walk_file *const *files, size_t n,
                     char (*hashes)[HASH_HEX_LEN + 1], void *ud)
{
    run_state *rs = ud;
    size_t next = 0;
    if (!run_workers(rs))
        return;
    while (!run_stop) {
        while (!run_stop && next < n && pool_has_idle(rs->workers) &&
               pool_submit(rs->workers, next, WORKER_HASH, files[next]) == 0)
            next++;
        if (pool_busy(rs->workers) == 0)
            break;
        pool_result r;
        int got = pool_wait(rs->workers, &r);
        if (got < 0)
            break;
        if (got == 1 && r.kind == WORKER_HASH && r.ok)
            g_strlcpy(hashes[r.id], r.hash, HASH_HEX_LEN + 1);
        if (got == 1)
            pool_result_clear(&r);
    }
}

/* The writer thread's store (writer_store_fn): a worker's answer into
 * the index; 0, or 2 with the error logged. */
static int run_store_answer(pool_result *r, void *ud)
{
    run_state *rs = ud;
    const plan_job *j = &rs->plan.jobs[r->id];
    return run_store(rs, j, r) == FDB_OK ? 0 : run_index_error(rs, j->file->rel);
}

/* Hand the jobs to the workers and pass their answers as they come to
 * the writer thread (writer.h), which stores them: a worker that answered
 * gets its next job at once, and no worker waits for a store or a commit
 * to have its answer read. */
static int run_extract_loop(run_state *rs, writer *w)
{
    size_t next = 0;
    const plan *pl = &rs->plan;
    for (;;) {
        run_feed(rs, &next);
        if (pool_busy(rs->workers) == 0) {
            if (!run_stop && next < pl->njobs) {
                log_error("no worker process could be started");
                return 2;
            }
            return 0;
        }
        pool_result r;
        int got = pool_wait(rs->workers, &r);
        if (got < 0) {
            log_error("waiting for the workers failed");
            return 2;
        }
        if (got == 0)
            continue;   /* a signal: run_stop is checked above */
        if (r.kind != WORKER_EXTRACT) {   /* a hash left by an interruption */
            pool_result_clear(&r);
            continue;
        }
        run_feed(rs, &next);
        int rc = writer_put(w, &r);
        if (rc != 0)
            return rc;
        if (run_stop)
            return 0;
    }
}

static int run_extract(run_state *rs)
{
    const plan *pl = &rs->plan;
    if (pl->njobs && !run_workers(rs))
        return 2;
    writer *w = writer_start(run_store_answer, rs, RUN_QUEUE_BYTES);
    if (!w) {
        log_error("cannot start the writer thread");
        return 2;
    }
    int rc = run_extract_loop(rs, w);
    int wrc = writer_finish(w);
    if (rc == 0)
        rc = wrc;
    if (rc != 0)
        return rc;
    if (run_stop) {
        rs->rep->interrupted = 1;
        char msg[160];
        snprintf(msg, sizeof msg, _("interrupted: %zu files left for the next run"),
                 pl->njobs - rs->done);
        progress_message(rs->progress, msg);
    }
    return 0;
}

/* Open one shard's writer (the index's, for one shard) into rs->db; the
 * pool is already running. `walked`: how many files the walk found. */
static int run_open_one(run_state *rs, const char *index, size_t walked)
{
    char err[512] = "";
    fdb_status st = fdb_open_write(index, &rs->db, err, sizeof err);
    if (st == FDB_ERR_FORMAT && walked == 0 && !rs->opt->allow_mass_removal) {
        /* A rebuild replaces the index at once: from an empty (unmounted)
         * archive folder it would leave nothing (the mass-removal guard). */
        log_error("the index %s is of an older format and must be rebuilt from the "
                  "archive, but the archive folder %s holds no file: is it empty or "
                  "not mounted? Nothing was changed. To rebuild it empty, run again "
                  "with --allow-mass-removal", index, rs->opt->archive);
        return 2;
    }
    if (st == FDB_ERR_FORMAT) {
        /* An index fouille no longer reads: every file again, as with
         * --full, into a fresh generation. */
        log_warning("rebuilding the index %s from the whole archive, as with --full: %s",
                 index, err);
        rs->rebuild = 1;
        st = fdb_open_rebuild(index, &rs->db, err, sizeof err);
    }
    if (st == FDB_ERR_LOCKED) {
        log_error(_("the index %s is locked: another indexer is writing it; "
                    "try again when it has finished (%s)"), index, err);
        return 2;
    }
    if (st != FDB_OK) {
        log_error(_("cannot open the index %s: %s"), index, err);
        return 2;
    }
    return 0;
}

/* Open the writer of every shard: as many as opt->shards asks, else as
 * the index has now. Another number than now is a rebuild into new
 * shards (shards.h), refused from an empty archive folder as a mass
 * removal is. */
static int run_open(run_state *rs, size_t walked)
{
    unsigned now = shards_count(rs->opt->index);
    rs->nshards = rs->opt->shards ? rs->opt->shards : now;
    if (rs->nshards != now && walked == 0 && !rs->opt->allow_mass_removal &&
        g_file_test(rs->opt->index, G_FILE_TEST_EXISTS)) {
        log_error("the index %s is in %u shards and --shards %u rebuilds it from the "
                  "archive, but the archive folder %s holds no file: is it empty or not "
                  "mounted? Nothing was changed", rs->opt->index, now, rs->nshards,
                  rs->opt->archive);
        return 2;
    }
    rs->relayout = rs->nshards != now;
    if (rs->relayout && !rs->opt->quiet)
        log_info("the index %s goes from %u to %u shards: rebuilding it", rs->opt->index,
                 now, rs->nshards);
    for (unsigned k = 0; k < rs->nshards; k++) {
        char *dir = shards_dir(rs->opt->index, rs->nshards, k);
        int rc = run_open_one(rs, dir, walked);
        g_free(dir);
        if (rc != 0)
            return rc;
        rs->dbs[k] = rs->db;
    }
    return 0;
}

/* After a run that wrote a large part of the index (a first or full run,
 * a big upload), rewrite it compactly: its batches leave the B-trees
 * about half full. Cheap (a second or so for 20,000 pages), and readers
 * switch to the compact copy by themselves. */
static int run_compact(run_state *rs, unsigned k)
{
    unsigned long docs = 0, pages = rs->shard_pages[k];
    int done = 0;
    double t0 = clock_now();
    rs->db = rs->dbs[k];
    if (rs->opt->no_compact || pages == 0 ||
        fdb_info(rs->db, NULL, &docs) != FDB_OK ||
        (double)pages < RUN_COMPACT_SHARE * (double)docs)
        return 0;
    if (fdb_compact(rs->db, &done) != FDB_OK)
        return run_index_error(rs, "compacting the index");
    if (done && !rs->opt->quiet)
        log_info(_("compacted the index (%lu pages) in %.2f s"), docs, clock_now() - t0);
    return 0;
}

/* The copy of shard k's spelling table, when it changed or has none
 * yet: opt->spelling_copy for one index, beside each shard for several. */
static int run_spelling_copy(run_state *rs, unsigned k)
{
    char *dir = rs->nshards > 1 ? shards_spelling_dir(rs->opt->index, rs->nshards, k)
                                : g_strdup(rs->opt->spelling_copy);
    int rc = 0;
    if (dir && (rs->shard_changed[k] || !g_file_test(dir, G_FILE_TEST_IS_DIR)) &&
        fdb_spelling_export(rs->db = rs->dbs[k], dir) != FDB_OK)
        rc = run_index_error(rs, "copying the spelling table");
    g_free(dir);
    return rc;
}

/* The time of this run as "last_update", in the shards it changed only
 * (the first when it wrote a new index without a file): the others are
 * not written (fdb_get_meta reads the latest); then the last commit. A
 * run that changed nothing writes nothing: no revision, no sync, and
 * readers keep theirs (and their caches). */
static int run_commit_last(run_state *rs)
{
    char stamp[32];
    snprintf(stamp, sizeof stamp, "%lld", (long long)time(NULL));
    int any = 0;
    for (unsigned k = 0; k < rs->nshards; k++)
        any |= rs->shard_changed[k];
    if (!any && !rs->rebuild && !rs->relayout)
        return 0;
    for (unsigned k = 0; k < rs->nshards; k++)
        if ((rs->shard_changed[k] || (!any && k == 0)) &&
            fdb_set_meta(rs->db = rs->dbs[k], "last_update", stamp) != FDB_OK)
            return run_index_error(rs, "commit");
    if (run_commit(rs) != FDB_OK)
        return run_index_error(rs, "commit");
    return 0;
}

static int run_finish(run_state *rs)
{
    char err[512];
    if (run_commit_last(rs) != 0)
        return 2;
    if (rs->rep->interrupted)
        return 0;
    int rc = 0;
    for (unsigned k = 0; k < rs->nshards && rc == 0; k++)
        if ((rc = run_compact(rs, k)) == 0)
            rc = run_spelling_copy(rs, k);
    if (rc == 0 && shards_settle(rs->opt->index, rs->nshards, err, sizeof err) != 0) {
        log_error("%s", err);
        rc = 2;
    }
    return rc;
}

int run_index(const run_options *opt, report *rep)
{
    double t0 = clock_now();
    char err[512] = "";
    walk_list files;
    if (walk_archive(opt->archive, &files, err, sizeof err) != 0) {
        log_error("%s", err);
        return 2;
    }
    run_stop = 0;
    run_signals();
    run_state rs = {.opt = opt, .rep = rep,
                    .pool_opt = {opt->jobs, opt->timeout_s,
                                 {opt->max_memory, opt->max_size, opt->ocr,
                                  opt->ocr_pages, opt->timeout_s}}};
    int rc = run_open(&rs, files.n);
    plan_options plo = {opt->max_size, opt->full || rs.rebuild, opt->retry_failed, run_hash,
                        &rs};
    if (rc == 0 && plan_make(rs.dbs, rs.nshards, &files, &plo, &rs.plan) != FDB_OK)
        rc = run_index_error(&rs, "reading the index");
    if (rc == 0)
        rc = run_check_removals(&rs);
    if (rc == 0) {
        rep->unchanged = rs.plan.unchanged;
        rep->failed_earlier = rs.plan.unchanged_failed;
        rs.progress = progress_create((unsigned)rs.plan.njobs, opt->quiet);
        rc = run_apply_cheap(&rs);
        if (rc == 0)
            rc = run_extract(&rs);
    }
    /* Jobs still in flight (an interruption) are dropped with their workers. */
    pool_free(rs.workers);
    if (rc == 0)
        rc = run_finish(&rs);
    progress_free(rs.progress);
    plan_free(&rs.plan);
    for (unsigned k = 0; k < rs.nshards; k++)
        fdb_free(rs.dbs[k]);
    walk_list_free(&files);
    rep->seconds = clock_now() - t0;
    if (rc == 0 && (rep->failed || rep->interrupted))
        rc = 1;
    return rc;
}
