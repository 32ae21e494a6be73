/* routes.h -- what the server answers where: the route table.
 *
 * Every path the server knows, the methods it answers there and the query
 * parameters it takes are one line of the table in routes.c. http.c asks
 * it which route a path names and whether a method is allowed there, and
 * runs the route once the transport checks pass; the route checks the
 * parameters' names (an unknown or repeated one is a 400: a misspelt
 * parameter must not be silently ignored), then calls its handler, which
 * checks their values and answers.
 */
#ifndef FOUILLE_ROUTES_H
#define FOUILLE_ROUTES_H

#include "http.h"

typedef struct route route;

/* The route of a request path ("/api/search", "/archive/a.pdf"), the
 * first line of the table that matches; NULL for a path that does not
 * start with '/'. Static. */
const route *route_find(const char *path);

/* Whether `method` ("GET", "HEAD"...) is answered on route `r`; on a NULL
 * route, GET and HEAD (the request is refused later, for its path).
 * OPTIONS, the CORS preflight, is http.c's on any path. */
int route_allows(const route *r, const char *method);

/* Does route `r` (NULL: no) take a POST with a JSON body? */
int route_takes_body(const route *r);

/* Does route `r` (NULL: no) answer errors in Meilisearch's shape? */
int route_meili_errors(const route *r);

/* The methods route `r` answers, for an Allow header: "GET, HEAD, OPTIONS"
 * (and POST where it takes one); NULL route: GET, HEAD, OPTIONS. */
const char *route_allow(const route *r);

/* Is this request on route `r` (not NULL) a heavy one, for the lane of
 * heavy requests (http.c) rather than to be answered at once? /api/stats
 * (it walks every file), /api/documents/{id}/similar (a search), costly
 * searches and lists (api_search_is_heavy: per_page over 20...); every
 * other request is light. */
int route_heavy(const route *r, const http_request *req);

/* Answer the request on route `r` (not NULL): check its parameters'
 * names against the route's list, then run the route's handler with the
 * rest of the path after the route's prefix. Exactly one reply. */
void route_run(const route *r, const http_config *cfg, http_request *req);

#endif
