/* pool.h -- a pool of worker processes that extract files.
 *
 * Design: pool_create starts N workers (worker.h: forked, then the
 * program is exec'd again as a worker), each with a pipe for jobs and one
 * for answers; the run creates the pool only when it has a file to read,
 * so a run that finds nothing new starts no process. The parent
 * hands a job (extract a file, or only hash it) to an idle worker
 * (pool_submit) and waits for any answer
 * with poll() (pool_wait), which also enforces the wall-clock timeout per
 * document: a worker past its deadline is killed (SIGKILL). A worker that
 * hangs, crashes or runs out of memory is reaped and replaced by a fresh
 * one, and its job comes back as a failure with the reason ("timed out
 * after 60 s", "worker crashed (signal 11)", "out of memory"); the pool
 * goes on. The pool owns its workers and pipes; pool_free ends them all.
 */
#ifndef FOUILLE_POOL_H
#define FOUILLE_POOL_H

#include "walk.h"
#include "worker.h"

#include <stddef.h>

typedef struct {
    unsigned workers;        /* at least 1 */
    int timeout_s;           /* per document, wall clock */
    worker_options worker;
} pool_options;

/* One finished job. Every pointer is malloc'd and owned by the result
 * until pool_result_clear. */
typedef struct {
    size_t id;               /* as given to pool_submit */
    worker_job_kind kind;    /* as given to pool_submit */
    int ok;
    char *hash;              /* "" when unknown */
    unsigned npages;         /* ok: pages encoded (0 for WORKER_HASH) */
    char *blob;              /* ok: fdb_file_encode's blob */
    size_t len;
    char *reason;            /* failure: the reason to record */
    char *detail;            /* failure: more for the log, may be "" */
} pool_result;

typedef struct pool pool;

/* Start the workers. NULL with `err` set when not even one could start. */
pool *pool_create(const pool_options *opt, char *err, size_t errlen);

/* Is a worker free for a job? How many jobs are in flight? (A NULL
 * pool has no worker.) */
int pool_has_idle(const pool *p);
unsigned pool_busy(const pool *p);

/* Give a job of `kind` on file f to an idle worker (f's stamp goes into
 * its record). 0, or -1 when no worker can be started (errno from fork or
 * pipe). What the job needs of f is copied. */
int pool_submit(pool *p, size_t id, worker_job_kind kind, const walk_file *f);

/* Wait for one job to end (answer, crash or timeout). 1 with *out
 * filled, 0 when a signal interrupted the wait, -1 when no job is in
 * flight or poll failed. */
int pool_wait(pool *p, pool_result *out);

void pool_result_clear(pool_result *r);

/* End every worker (busy ones are killed) and release the pool. NULL is
 * a no-op. */
void pool_free(pool *p);

#endif
