/* run.h -- one indexing run over the archive.
 *
 * Design: walk the archive (walk.h), open the index for writing (a
 * second writer gets Xapian's lock error: exit status 2), compare the
 * walk with the index (plan.h; the workers hash the new files that may be
 * renames), then apply the plan: renames and removals first (no
 * extraction), failures known without extraction, then the files to
 * extract, handed to the workers and stored as their blobs come back (by
a writer thread, writer.h, so that reading the answers never waits for a
store or a commit). The
 * worker pool (pool.h) is started at the first file to read, and the
 * last commit (with the "last_update" time) made only when something
 * changed: a run that finds nothing to do starts no process and writes
 * nothing, not even a revision (servers keep theirs, and their caches).
 * Only this process writes to the index. Changes are committed in batches, by
 * count (--batch) or by the memory they hold (--batch-memory), so that a run killed at any moment leaves a
 * committed revision behind and the next run finishes the work (a file's
 * record carries the size and mtime seen by the walk, before it was read).
 * SIGINT and SIGTERM stop the run: jobs in flight are dropped, what is
 * done is committed.
 *
 * An index in N shards (--shards, shards.h) has one writer a shard; each
 * file goes to its shard's (run_db), and everything else (commits, the
 * last update, compaction, each shard's spelling copy) is done for each
 * shard on its own. The plan is made from the files of all of them.
 *
 * Data safety: a run that would remove more than half of the files in the
 * index, and at least 2 (an empty or unmounted archive folder), changes
 * nothing and ends with status 2, unless allow_mass_removal; so does the
 * rebuild of an index of an older format (which replaces it at once) from
 * an archive folder where the walk found no file. A file that
 * vanishes during the run (its worker could not read it, and it is no
 * longer there) is removed from the index and counted as removed, not as
 * a failure.
 */
#ifndef FOUILLE_RUN_H
#define FOUILLE_RUN_H

#include "report.h"

typedef struct {
    const char *archive;     /* folder to index */
    const char *index;       /* index folder */
    long long max_size;      /* bytes; larger files fail as "too large" */
    long long max_memory;    /* bytes of address space per worker */
    int timeout_s;           /* per document */
    int ocr;                 /* read scans and images by OCR */
    unsigned ocr_pages;      /* pages of a file read by OCR, at most */
    unsigned jobs;           /* worker processes */
    unsigned batch;          /* files per commit, 0: by memory only */
    long long batch_memory;  /* and a commit whenever the process is
                                resident over this many bytes; 0: never */
    int full;                /* extract every file again */
    int retry_failed;        /* extract unchanged failed files again */
    int no_compact;          /* never compact the index after a run */
    int allow_mass_removal;  /* remove more than half of the index if need be */
    int quiet;               /* no progress nor failure lines on stderr */
    const char *spelling_copy; /* NULL, or a folder to copy the index's
                                spelling table into after the run
                                (fdb_spelling_export; one shard only) */
    unsigned shards;         /* shards of the index (shards.h); 0: as many
                                as it has now */
} run_options;

/* Run; fills rep (report_init'ed by the caller). 0 when no file failed
 * in this run, 1 when some failed or the run was interrupted (what was
 * done is committed), 2 when nothing could be done (message on stderr). */
int run_index(const run_options *opt, report *rep);

#endif
