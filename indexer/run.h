/* run.h -- one indexing run over the archive.
 *
 * Design: walk the archive, extract each file in turn and write its pages
 * to the index, record each file that fails with its reason, drop the
 * files that disappeared, commit in batches and once at the end.
 */
#ifndef FOUILLE_RUN_H
#define FOUILLE_RUN_H

typedef struct {
    const char *archive;     /* folder to index */
    const char *index;       /* index folder */
    long long max_size;      /* bytes; larger files fail as "too large" */
    int quiet;               /* no per-failure lines on stderr */
} run_options;

typedef struct {
    unsigned files;          /* files indexed in this run */
    unsigned pages;          /* pages written in this run */
    unsigned failed;         /* files that failed in this run */
    unsigned removed;        /* files gone from the archive */
    double seconds;
} run_summary;

/* 0 when every file was indexed, 1 when some failed (the rest is in the
 * index), 2 when nothing could be done (message on stderr). */
int run_index(const run_options *opt, run_summary *sum);

#endif
