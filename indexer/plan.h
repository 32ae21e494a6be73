/* plan.h -- what a run has to do: the walk compared with the index.
 *
 * Design: every file the index knows (fdb_files) is set against every
 * file the walk found, by relative path:
 *   - the same stamp as recorded (size, mtime and ctime to the
 *     nanosecond, inode): unchanged, not read again (a file recorded as
 *     failed stays failed unless --retry-failed). A record written before
 *     stamps had nanoseconds is compared on size and mtime in seconds, as
 *     it was then: unchanged, its stamp is completed (restamp) rather than
 *     its file extracted again, and from then on compared whole;
 *   - a walk problem (symlink loop, link leading out...) or a file over
 *     max_size: a failure, recorded without extracting;
 *   - recorded with another size or mtime: changed, extracted again;
 *   - not recorded: new, unless it is a rename: a recorded file that is
 *     gone from the archive with the same size and the same content hash.
 *     Only new files whose size matches a gone file are hashed, and not
 *     here: the plan hands them all at once to the caller's hash function
 *     (the indexer's workers hash them, so that the parent never reads an
 *     archive file); one that cannot be hashed is taken as new. A rename
 *     that kept the mtime moves the pages (fdb_rename_file); one that did
 *     not is extracted again at its new path, its old path dropped;
 *   - recorded but no longer in the archive: removed.
 * With `full`, every file is extracted and no rename is looked for.
 * A plan borrows the walk_list it was made from; plan_free releases the
 * rest.
 */
#ifndef FOUILLE_PLAN_H
#define FOUILLE_PLAN_H

#include "fdb.h"
#include "hash.h"
#include "walk.h"

#include <stddef.h>

typedef enum {
    PLAN_NEW,
    PLAN_CHANGED,
    PLAN_RENAMED             /* extracted at file->rel, old_path dropped */
} plan_kind;

typedef struct {
    const walk_file *file;   /* borrowed from the walk */
    plan_kind kind;
    char *old_path;          /* PLAN_RENAMED only, owned */
} plan_job;

typedef struct {
    const walk_file *file;
    char *old_path;          /* owned */
} plan_rename;

typedef struct {
    const walk_file *file;
    const char *reason;      /* borrowed from the walk or static */
} plan_failure;

typedef struct {
    plan_job *jobs;          /* files to extract, largest first: the big
                                PDFs start early instead of ending a run
                                on one busy worker */
    size_t njobs;
    plan_rename *renames;    /* files moved without change */
    size_t nrenames;
    char **removed;          /* paths gone from the archive, owned */
    size_t nremoved;
    plan_failure *failures;  /* failing without extraction */
    size_t nfailures;
    const walk_file **restamp; /* unchanged, their record's stamp to complete */
    size_t nrestamp;
    unsigned unchanged;
    unsigned unchanged_failed; /* of those, recorded as failed: they
                                  still fail (until changed or retried) */
    unsigned indexed;        /* files the index held (failed ones too) */
} plan;

/* Hash files[0..n) into hashes[0..n) (64 hex digits each), leaving ""
 * for a file that could not be hashed. */
typedef void (*plan_hash_fn)(const walk_file *const *files, size_t n,
                             char (*hashes)[HASH_HEX_LEN + 1], void *ud);

typedef struct {
    long long max_size;      /* bytes; 0 no limit */
    int full;                /* extract everything again */
    int retry_failed;        /* extract unchanged failed files again */
    plan_hash_fn hash;       /* hashes the possible renames */
    void *hash_ud;
} plan_options;

/* Make the plan, from the files of every shard of the index (ndbs
 * handles, one index: 1). FDB_OK, or the status of fdb_files (message on
 * the handle that failed). */
fdb_status plan_make(fdb *const *dbs, size_t ndbs, const walk_list *files,
                     const plan_options *opt, plan *out);

void plan_free(plan *p);

#endif
