/* readers.h -- the server's read-only index handles, one a worker
 * thread, kept at a recent revision, and the answers cache in front of
 * them: what api.c's endpoints run their index work through.
 *
 * Ownership: readers_create copies the index path; readers_free releases
 * everything (call it after http_stop, when the worker threads that owned
 * handles are gone).
 */
#ifndef FOUILLE_READERS_H
#define FOUILLE_READERS_H

#include "fdb.h"
#include "http.h"

typedef struct readers readers;

/* Serve the index in `index_dir` (it may not exist yet: requests then
 * answer 503 until it does), keeping up to `cache_entries` recent answers
 * (0: none; see cache.h). NULL when out of memory. */
readers *readers_create(const char *index_dir, size_t cache_entries);
void readers_free(readers *rd);

/* Builds the JSON answer of one request from a handle into *out (replacing
 * what it holds); it may run twice (after FDB_ERR_MODIFIED). On an error
 * it may set *status and a message in `msg` to answer with. */
typedef fdb_status (*readers_job)(fdb *db, http_request *req, const void *params,
                                  json_t **out, unsigned *status, char *msg,
                                  size_t msglen);

/* Answer a request with a job run on this thread's handle: 503 when there
 * is no index (yet) or it cannot be opened, the job again on the newest
 * revision after the one it read was overwritten (a few times at most,
 * then 503), 500 for an index error. A `cacheable`
 * request is answered from the cache when the same target was answered on
 * the same revision, its took_ms (if any) measured anew. One reply. */
void readers_run(readers *rd, http_request *req, readers_job job,
                 const void *params, int cacheable);

/* Milliseconds since the request came, to the microsecond. */
double readers_took_ms(const http_request *req);

#endif
