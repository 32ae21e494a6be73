/* progress.h -- what the indexer tells the maintainer while it runs.
 *
 * Design: on a terminal (stderr is a tty), one progress line -- files
 * done/total, rate, time left -- rewritten in place with \r at most ten
 * times a second, never scrolling; a failure is printed above it and the
 * line redrawn; any other log event first ends the line (lib/log.h's
 * "before" hook), so that nothing runs into it. Elsewhere (a log, a pipe), plain lines: one per failure
 * and one progress line every few seconds. Quiet: nothing at all. File
 * names go to the log as they are: log.h escapes them, once.
 * Everything goes to stderr; stdout is for the summary.
 */
#ifndef FOUILLE_PROGRESS_H
#define FOUILLE_PROGRESS_H

typedef struct progress progress;

/* total: the files to extract. Owned by the caller, progress_free. */
progress *progress_create(unsigned total, int quiet);

/* One more file done (indexed or failed). */
void progress_step(progress *p);

/* A file that failed, with its reason and an optional detail. */
void progress_failure(progress *p, const char *rel, const char *reason, const char *detail);

/* A message line (e.g. "interrupted"). */
void progress_message(progress *p, const char *msg);

/* Clear the terminal line; release. NULL is a no-op. */
void progress_free(progress *p);

#endif
