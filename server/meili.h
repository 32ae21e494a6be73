/* meili.h -- a Meilisearch-compatible search route over the archive, for
 * the front ends and client libraries written against Meilisearch.
 *
 * POST /indexes/archive/search with a JSON body (or GET with the same
 * names as query parameters): q, limit, offset, hitsPerPage, page,
 * filter, facets, attributesToHighlight; the answer and the errors in
 * Meilisearch's shapes. docs/api.md says which subset and how it maps.
 */
#ifndef FOUILLE_MEILI_H
#define FOUILLE_MEILI_H

#include "api.h"

/* The route's handler (routes.c); `rest` is "". One reply. */
void meili_search(api *a, http_request *req, const char *rest);

#endif
