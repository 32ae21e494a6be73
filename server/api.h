/* api.h -- the JSON API: /api/search, /api/suggest, /api/documents,
 * /api/documents/{id}, /api/documents/{id}/similar, /api/stats and
 * /healthz.
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
 * of /api/search and /api/suggest (0: none; see cache.h). The archive's
 * own description, .fouille.json in `archive_dir` (about.h), goes out in
 * /api/stats; `archive_dir` may be NULL (none). NULL when out of memory. */
api *api_create(const char *index_dir, const char *archive_dir, size_t cache_entries);
void api_free(api *a);

/* The CPU time a search may use, in seconds (default 0.3), and five
 * times that on the wall clock: past either, the search answers what it
 * found, marked partial. */
void api_set_time_limit(api *a, double seconds);

/* The endpoints, as the route table (routes.c) calls them once it has
 * checked the parameters' names; `rest` is the path after the route's
 * prefix (the id of /api/documents/{id}), "" for the others. Each answers
 * exactly once. */
void api_search(api *a, http_request *req, const char *rest);

/* Is this /api/search costly enough to wait in the lane of heavy requests
 * (http.c) rather than be answered at once? Unless plain: no '*' nor '"'
 * in q, at most 6 words, per_page at most 20 and page * per_page at most
 * 200. Reads only the decoded arguments (not yet checked). */
int api_search_is_heavy(const http_request *req);
void api_suggest(api *a, http_request *req, const char *rest);
void api_document(api *a, http_request *req, const char *rest);
void api_documents(api *a, http_request *req, const char *rest);
void api_stats(api *a, http_request *req, const char *rest);
void api_health(api *a, http_request *req, const char *rest);

/* For meili.c, which answers searches in Meilisearch's shape over the
 * same index, budget and hits: */
#include "readers.h"
readers *api_readers(api *a);
/* Set q's CPU limit and wall-clock deadline, counted from now. */
void api_budget(const api *a, fdb_query *q);
/* A hit as /api/search shows it. New reference. */
json_t *api_hit_json(const http_request *req, const fdb_hit *h);
/* One facet ("type", "year", "folder") of res as {value: count}. */
json_t *api_facet_json(const fdb_results *res, const char *facet);
/* Why a search answered in part (FDB_PARTIAL_* bits), as a JSON array of
 * words, and the names of the shards that are down, as a JSON array. */
json_t *api_partial_json(unsigned partial);
json_t *api_shards_down_json(fdb *db);
/* The document types a search may filter on (pdf, html...), NULL-ended. */
extern const char *const api_types[];

#endif
