/* report.h -- the summary of an indexing run.
 *
 * Design: counters filled by run.c and the list of files that failed in
 * this run, printed at the end either as one line for people or, with
 * --json, as one JSON object on stdout for scripts:
 *   {"new", "updated", "renamed", "removed", "unchanged", "failed",
 *    "failed_total", "pages", "seconds", "interrupted",
 *    "failures": [{"path", "reason"}]}
 * "failed" and "failures" are this run's; "failed_total" counts every
 * file the index records as failed after the run: this run's failures
 * and the earlier ones left untried because their file did not change.
 * The line for people says so when earlier failures remain ("5 files
 * still fail: run with --retry-failed"). Texts for people go through
 * gettext (i18n.h); the JSON stays English, for scripts.
 * Paths are relative to the archive; a name that is not valid UTF-8 gets
 * U+FFFD for its bad bytes in the JSON. A report owns its failure list.
 */
#ifndef FOUILLE_REPORT_H
#define FOUILLE_REPORT_H

#include <stdio.h>

typedef struct {
    unsigned added, updated, renamed, removed, unchanged, failed;
    unsigned failed_earlier; /* files that failed in an earlier run and
                                were not tried again (unchanged) */
    unsigned pages;          /* pages written in this run */
    double seconds;
    int interrupted;         /* stopped by SIGINT/SIGTERM */
    void *failures;          /* GPtrArray of failures, owned */
} report;

void report_init(report *r);
void report_add_failure(report *r, const char *path, const char *reason);
/* Files recorded as failed after the run (see above). */
unsigned report_failed_total(const report *r);
void report_print_line(const report *r, FILE *out);
/* 0, or -1 when the JSON could not be written. */
int report_print_json(const report *r, FILE *out);
void report_free(report *r);

#endif
