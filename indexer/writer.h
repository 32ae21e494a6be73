/* writer.h -- the index writer as a thread of its own.
 *
 * Design: the parent process reads the workers' answers and gives each
 * worker its next file (run.c). Storing an answer (Xapian's inversion)
 * takes about as long as extracting a small file, and a commit seconds;
 * a worker whose answer is not read meanwhile waits, and with every
 * worker waiting a core sat idle (docs/indexing.md). So the answers go
 * through a queue to one writer thread, the only one to touch the index,
 * the report and the progress lines; the main thread only moves answers
 * from the pipes to the queue and files to the workers. Answers are
 * stored in the order they came. The queue holds at most `max_bytes` of
 * blobs (always one answer, however large); when it is full the main
 * thread waits for the writer, as it waited for each store before.
 * A store that fails stops the writer: writer_put then refuses the
 * answer, and writer_finish returns the failure. The writer thread
 * blocks SIGINT and SIGTERM, which stay the main thread's (its poll()).
 */
#ifndef FOUILLE_WRITER_H
#define FOUILLE_WRITER_H

#include "pool.h"

#include <stddef.h>

/* Store one answer; 0, or non-zero to stop (the error already logged). */
typedef int (*writer_store_fn)(pool_result *r, void *ud);

typedef struct writer writer;

/* Start the thread; NULL when it cannot be started. */
writer *writer_start(writer_store_fn store, void *ud, size_t max_bytes);

/* Hand over an answer: its contents are the writer's (r is cleared).
 * 0, or the store function's non-zero result when the writer stopped on
 * it (r is cleared then too). */
int writer_put(writer *w, pool_result *r);

/* Store what is queued, end the thread and free the writer: 0, or the
 * first failure of a store. */
int writer_finish(writer *w);

#endif
