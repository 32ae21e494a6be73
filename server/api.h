/* api.h -- the JSON API: /api/search, /api/suggest, /api/documents/{id},
 * /api/stats and /healthz.
 *
 * Ownership: api_create copies the index path; api_free releases it (call
 * it after http_stop, when the worker threads that owned index handles are
 * gone).
 */
#ifndef FOUILLE_API_H
#define FOUILLE_API_H

#include "http.h"

/* Serve the index in `index_dir` (it may not exist yet: requests then
 * answer 503 until it does), keeping up to `cache_entries` recent answers
 * of /api/search and /api/suggest (0: none; see cache.h). NULL when out
 * of memory. */
api *api_create(const char *index_dir, size_t cache_entries);
void api_free(api *a);

/* The CPU time a search may use, in seconds (default 0.3), and five
 * times that on the wall clock: past either, the search answers what it
 * found, marked partial. */
void api_set_time_limit(api *a, double seconds);

/* Answer a GET/HEAD whose path is /healthz or starts with /api/. */
void api_handle(api *a, http_request *req);

#endif
