/* routes.c -- the route table: every path, its methods, its parameters.
 *
 * Design: one static table read top to bottom, Redis command-table style;
 * the first line whose path matches (exactly, or as a prefix) is the
 * route. A parameter list names the query parameters a route takes,
 * separated by spaces, a '*' after those that may repeat; "" takes none;
 * NULL takes any (the web folder's pages read their own). A route with no
 * handler is a 404 for everything under it. Handlers get the rest of the
 * path after the route's prefix, still percent-encoded. The cost column
 * says which requests are heavy (http.c answers them in its lane of
 * workers): none (light), all, or those a predicate picks.
 */
#include "routes.h"

#include "api.h"
#include "files.h"
#include "meili.h"

#include <string.h>

enum { ROUTE_EXACT, ROUTE_PREFIX };
enum { M_GET = 1, M_HEAD = 2, M_POST = 4 };   /* POST: a JSON body */
enum { E_FOUILLE, E_MEILI };                     /* the shape of errors */

typedef void (*route_api_fn)(api *a, http_request *req, const char *rest);
typedef void (*route_files_fn)(files *f, http_request *req, const char *rest);
typedef int (*route_cost_fn)(const http_request *req);

/* Every request of the route is heavy. */
static int route_always(const http_request *req)
{
    (void)req;
    return 1;
}

/* /api/documents/{id}/similar runs a search (bounded, but a search). */
static int route_similar(const http_request *req)
{
    size_t n = strlen(req->path);
    return n > 8 && strcmp(req->path + n - 8, "/similar") == 0;
}

struct route {
    const char *path;
    int match;                 /* ROUTE_EXACT or ROUTE_PREFIX */
    unsigned methods;          /* M_GET | M_HEAD */
    const char *params;        /* "name name* ...", "" none, NULL any */
    route_api_fn api;          /* the handler: one of these two, or none */
    route_files_fn files;
    route_cost_fn heavy;       /* NULL: light */
    int errors;                /* E_FOUILLE or E_MEILI */
};

static const route route_table[] = {
 /* path              match         methods        parameters                                         handler                    cost                 errors */
  { "/api/search",     ROUTE_EXACT,  M_GET | M_HEAD, "q page per_page type* year* folder* from to sort partial", api_search, NULL,          api_search_is_heavy, E_FOUILLE },
  { "/api/documents",  ROUTE_EXACT,  M_GET | M_HEAD, "page per_page type* year* folder* from to sort",   api_documents, NULL,       api_search_is_heavy, E_FOUILLE },
  { "/api/suggest",    ROUTE_EXACT,  M_GET | M_HEAD, "q format",                                        api_suggest, NULL,         NULL,                E_FOUILLE },
  { "/api/documents/", ROUTE_PREFIX, M_GET | M_HEAD, "limit",  /* {id}, {id}/similar */               api_document, NULL,        route_similar,       E_FOUILLE },
  { "/api/stats",      ROUTE_EXACT,  M_GET | M_HEAD, "",                                                api_stats, NULL,           route_always,        E_FOUILLE },
  /* Meilisearch's search (meili.c): POST with a JSON body, or GET */
  { "/indexes/archive/search", ROUTE_EXACT, M_GET | M_HEAD | M_POST, "q limit offset filter facets attributesToHighlight hitsPerPage page", meili_search, NULL, route_always, E_MEILI },
  { "/healthz",        ROUTE_EXACT,  M_GET | M_HEAD, "",                                                api_health, NULL,          NULL,                E_FOUILLE },
  { "/api/",           ROUTE_PREFIX, M_GET | M_HEAD, NULL,                  /* 404 */                   NULL, NULL,                NULL,                E_FOUILLE },
  { "/archive/",       ROUTE_PREFIX, M_GET | M_HEAD, NULL,                                              NULL, files_serve_archive, NULL,                E_FOUILLE },
  { "/",               ROUTE_PREFIX, M_GET | M_HEAD, NULL,                                              NULL, files_serve_web,     NULL,                E_FOUILLE },
};

const route *route_find(const char *path)
{
    for (size_t i = 0; i < sizeof route_table / sizeof route_table[0]; i++) {
        const route *r = &route_table[i];
        size_t n = strlen(r->path);
        if (r->match == ROUTE_EXACT ? strcmp(path, r->path) == 0
                                    : strncmp(path, r->path, n) == 0)
            return r;
    }
    return NULL;
}

static unsigned route_method_bit(const char *method)
{
    return strcmp(method, "GET") == 0 ? M_GET : strcmp(method, "HEAD") == 0 ? M_HEAD
         : strcmp(method, "POST") == 0 ? M_POST : 0;
}

int route_takes_body(const route *r)
{
    return r && (r->methods & M_POST);
}

int route_meili_errors(const route *r)
{
    return r && r->errors == E_MEILI;
}

const char *route_allow(const route *r)
{
    return route_takes_body(r) ? "GET, HEAD, POST, OPTIONS" : "GET, HEAD, OPTIONS";
}

int route_allows(const route *r, const char *method)
{
    return (route_method_bit(method) & (r ? r->methods : M_GET | M_HEAD)) != 0;
}

/* Is `name` in the parameter list? *many is set when it may repeat. */
static int route_param_known(const char *params, const char *name, int *many)
{
    size_t n = strlen(name);

    for (const char *p = params; *p; ) {
        size_t len = strcspn(p, " ");
        int star = len > 0 && p[len - 1] == '*';
        if (len - (size_t)star == n && strncmp(p, name, n) == 0) {
            *many = star;
            return 1;
        }
        p += len;
        p += strspn(p, " ");
    }
    return 0;
}

/* 400 for a parameter the route does not take, or one given twice that
 * may not repeat. 0 when all are fine. */
static int route_check_params(const route *r, http_request *req)
{
    for (size_t i = 0; r->params && i < req->nargs; i++) {
        const char *name = req->args[i].name;
        int many = 0;

        if (!route_param_known(r->params, name, &many)) {
            http_reply_error(req, 400, "unknown parameter '%.64s'", name);
            return -1;
        }
        for (size_t j = 0; j < i && !many; j++) {
            if (strcmp(req->args[j].name, name) == 0) {
                http_reply_error(req, 400, "parameter '%s' given twice", name);
                return -1;
            }
        }
    }
    return 0;
}

int route_heavy(const route *r, const http_request *req)
{
    return r->heavy && r->heavy(req);
}

void route_run(const route *r, const http_config *cfg, http_request *req)
{
    const char *rest = req->path + strlen(r->path);

    if (!r->api && !r->files) {
        http_reply_error(req, 404, "no such API endpoint");
        return;
    }
    if (route_check_params(r, req) < 0)
        return;
    if (r->api)
        r->api(cfg->api, req, rest);
    else
        r->files(cfg->files, req, rest);
}
