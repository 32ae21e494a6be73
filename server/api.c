/* api.c -- the JSON API over the index: search, suggest, documents,
 * stats, health: parameters -> the index library -> JSON.
 *
 * Design: the route table (routes.c) has checked the names of an
 * endpoint's parameters; the endpoint checks their values and builds an
 * fdb_query or the like, then answers through a job run by readers.c (this
 * thread's index handle at a recent revision, the answers cache, the
 * runs again after FDB_ERR_MODIFIED): a job asks the index (fdb.h) and
 * turns what it hands back -- typed hits and documents, snippets made --
 * into JSON. Answers of /api/search and /api/suggest go through the cache.
 *
 * A search runs within a budget (fdb_budget.cc): a limit of its thread's
 * CPU time (api_set_time_limit, --time-limit) and a wall-clock deadline
 * API_WALL_FACTOR times longer, counted from when its parameters are
 * read; a query over the grammar's bounds is a 400, and a search cut
 * short answers what it found with "partial": true and its reasons.
 *
 * A file is shown the same way everywhere (api_doc_json): in the hits of
 * /api/search and /api/documents/{id}/similar, in the list /api/documents
 * and alone at /api/documents/{id}, which adds the start of each page.
 */
#include "api.h"

#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "about.h"
#include "clock.h"
#include "date.h"
#include "fdb.h"
#include "readers.h"

#define API_MAX_QUERY      1024    /* bytes of q */
#define API_MAX_PER_PAGE   100
#define API_MAX_DEPTH      10000   /* page * per_page */
#define API_MAX_YEARS      32
#define API_OTHER_PAGES    5
#define API_SUGGESTIONS    10
/* A plain search (answered at once, see api_search_is_heavy): no
 * wildcard nor phrase, at most this many words, hits and depth. */
#define API_PLAIN_WORDS    6
#define API_PLAIN_PER_PAGE 20
#define API_PLAIN_DEPTH    200
#define API_TIME_LIMIT     0.3     /* CPU seconds a search may use (default) */
#define API_WALL_FACTOR    5       /* and wall-clock seconds, that many times
                                      more (waiting for a busy CPU) */
#define API_MAX_FOLDERS    32
#define API_MAX_FOLDER     200     /* bytes of a folder name */
#define API_PAGE_STARTS    100     /* pages of /api/documents/{id}, at most */
#define API_PAGE_START_WIDTH 200   /* characters of each page's start */
#define API_SIMILAR        5       /* similar documents by default */
#define API_MAX_SIMILAR    50

struct api {
    readers *index;
    double time_limit;       /* of a search, seconds */
    about *archive;          /* the maintainer's description, or NULL */
};

api *api_create(const char *index_dir, const char *archive_dir, size_t cache_entries)
{
    api *a = calloc(1, sizeof *a);

    if (!a)
        return NULL;
    a->time_limit = API_TIME_LIMIT;
    a->index = readers_create(index_dir, cache_entries);
    a->archive = archive_dir ? about_create(archive_dir) : NULL;
    if (!a->index || (archive_dir && !a->archive)) {
        api_free(a);
        return NULL;
    }
    return a;
}

void api_set_time_limit(api *a, double seconds)
{
    a->time_limit = seconds;
}

readers *api_readers(api *a)
{
    return a->index;
}

void api_budget(const api *a, fdb_query *q)
{
    q->cpu_limit = a->time_limit;
    q->deadline = clock_now() + a->time_limit * API_WALL_FACTOR;
}

void api_free(api *a)
{
    if (!a)
        return;
    readers_free(a->index);
    about_free(a->archive);
    free(a);
}

/* ---- Parameters ---------------------------------------------------- */

static const char *api_arg(const http_request *req, const char *name)
{
    for (size_t i = 0; i < req->nargs; i++)
        if (strcmp(req->args[i].name, name) == 0)
            return req->args[i].value;
    return NULL;
}

/* A decimal number of at most 9 digits, in [min, max]. */
static int api_parse_uint(const char *s, unsigned min, unsigned max,
                          unsigned *out)
{
    size_t n = strlen(s);
    unsigned long v = 0;

    if (n == 0 || n > 9 || strspn(s, "0123456789") != n)
        return -1;
    v = strtoul(s, NULL, 10);
    if (v < min || v > max)
        return -1;
    *out = (unsigned)v;
    return 0;
}

/* ---- Hits ---------------------------------------------------------- */

/* The URL prefix ("" or a trusted proxy's "/recherche") + "/archive/" +
 * the percent-encoded path, "#page=N" for a PDF page. */
static json_t *api_file_url(const http_request *req, const char *path,
                            unsigned page)
{
    char *enc = url_encode_path(path);
    char *url;
    json_t *j;

    if (!enc)
        return NULL;
    url = page ? g_strdup_printf("%s/archive/%s#page=%u", req->url_prefix, enc, page)
               : g_strdup_printf("%s/archive/%s", req->url_prefix, enc);
    j = json_string(url);
    g_free(url);
    free(enc);
    return j;
}

/* A string, or JSON null for NULL. New reference. */
static json_t *api_str(const char *s)
{
    return s ? json_string(s) : json_null();
}

/* obj[key] = value, unless value is NULL. */
static void api_set_opt(json_t *obj, const char *key, const char *value)
{
    if (value)
        json_object_set_new(obj, key, json_string(value));
}

/* The top-level folder of a path (its collection), or JSON null. */
static json_t *api_folder(const char *path)
{
    const char *slash = strchr(path, '/');
    return slash ? json_stringn(path, (size_t)(slash - path)) : json_null();
}

/* When the file came into the archive (its modification time when it was
 * indexed), "YYYY-MM-DD" in UTC, or JSON null. */
static json_t *api_date_added(long long mtime)
{
    char buf[16];
    time_t t = (time_t)mtime;
    struct tm tm;

    if (mtime <= 0 || !gmtime_r(&t, &tm) || !strftime(buf, sizeof buf, "%Y-%m-%d", &tm))
        return json_null();
    return json_string(buf);
}

/* A file as every answer shows it: id, path, url (at `page` when not 0),
 * title, type, date (null when unknown) and where it came from, folder,
 * date_added, size, pages. */
static json_t *api_doc_json(const http_request *req, const fdb_doc *f,
                            unsigned page)
{
    return json_pack("{s:s,s:s,s:o,s:o,s:s,s:o,s:o,s:o,s:o,s:I,s:I}",
                     "id", f->id, "path", f->path,
                     "url", api_file_url(req, f->path, page),
                     "title", api_str(f->title), "type", f->type,
                     "date", api_str(f->date), "date_source", api_str(f->date_source),
                     "folder", api_folder(f->path), "date_added", api_date_added(f->mtime),
                     "size", (json_int_t)f->size, "pages", (json_int_t)f->pages);
}

json_t *api_hit_json(const http_request *req, const fdb_hit *h)
{
    /* Only a PDF opens at a page (#page=N): a slide does not. */
    json_t *o = api_doc_json(req, &h->file, strcmp(h->file.type, "pdf") == 0 ? h->page : 0);
    json_t *others = json_array();

    for (size_t k = 0; k < h->nother_pages; k++)
        json_array_append_new(others, json_integer(h->other_pages[k]));
    json_object_set_new(o, "page", h->page ? json_integer(h->page) : json_null());
    json_object_set_new(o, "other_pages", others);
    json_object_set_new(o, "ocr", json_boolean(h->ocr != 0));
    json_object_set_new(o, "score", json_real(round(h->score * 1e4) / 1e4));
    json_object_set_new(o, "snippet", api_str(h->snippet));
    return o;
}

/* The hits of `res` as a JSON array. */
static json_t *api_hits_json(const http_request *req, const fdb_results *res)
{
    json_t *hits = json_array();

    for (size_t i = 0; i < fdb_results_count(res); i++)
        json_array_append_new(hits, api_hit_json(req, fdb_results_hit(res, i)));
    return hits;
}

/* Pages of `per_page` for `total` files. */
static unsigned api_total_pages(unsigned total, unsigned per_page)
{
    return per_page ? (total + per_page - 1) / per_page : 0;
}

json_t *api_facet_json(const fdb_results *res, const char *facet)
{
    json_t *obj = json_object();
    const char *name;
    unsigned count;

    for (size_t i = 0; fdb_results_facet(res, facet, i, &name, &count); i++)
        json_object_set_new(obj, name, json_integer(count));
    return obj;
}

static json_t *api_facets_json(const fdb_results *res)
{
    return json_pack("{s:o,s:o,s:o}", "type", api_facet_json(res, "type"),
                     "year", api_facet_json(res, "year"),
                     "folder", api_facet_json(res, "folder"));
}

/* ---- /api/search --------------------------------------------------- */

/* The document types a search may filter on (doc_type_name's). */
const char *const api_types[] = { "pdf", "html", "text", "image", "document",
                                         "spreadsheet", "presentation", NULL };
#define API_NTYPES (sizeof api_types / sizeof *api_types - 1)

static int api_known_type(const char *t)
{
    for (size_t k = 0; api_types[k]; k++)
        if (strcmp(t, api_types[k]) == 0)
            return 1;
    return 0;
}

/* Why a search answered in part, as a JSON array of words. */
json_t *api_partial_json(unsigned partial)
{
    json_t *a = json_array();

    if (partial & FDB_PARTIAL_WILDCARD)
        json_array_append_new(a, json_string("wildcard"));
    if (partial & FDB_PARTIAL_TIME)
        json_array_append_new(a, json_string("time"));
    if (partial & FDB_PARTIAL_SHARDS)
        json_array_append_new(a, json_string("shards"));
    return a;
}

/* The names of the index's shards that are down (docs/scaling.md), as a
 * JSON array; [] for one index, or when all are up. */
json_t *api_shards_down_json(fdb *db)
{
    json_t *a = json_array();
    fdb_shard_info s;

    for (size_t i = 0; fdb_shard_get(db, i, &s); i++)
        if (!s.up)
            json_array_append_new(a, json_string(s.name));
    return a;
}

typedef struct {
    fdb_query q;
    const char *types[API_NTYPES];
    int years[API_MAX_YEARS];
    const char *folders[API_MAX_FOLDERS];
    unsigned page, per_page;
} api_search_params;

/* One "folder" parameter: a top-level folder's name. */
static int api_add_folder(http_request *req, api_search_params *p, const char *val)
{
    if (!*val || strchr(val, '/') || strlen(val) > API_MAX_FOLDER) {
        http_reply_error(req, 400, "folder must be a top-level folder's name "
                         "(no /, at most %d bytes)", API_MAX_FOLDER);
        return -1;
    }
    if (p->q.nfolders == API_MAX_FOLDERS) {
        http_reply_error(req, 400, "folder given more than %d times", API_MAX_FOLDERS);
        return -1;
    }
    p->folders[p->q.nfolders++] = val;
    return 0;
}

static int api_client_gone(void *req)
{
    return http_client_gone(req);
}

static int api_parse_search(http_request *req, api_search_params *p)
{
    const char *v;

    memset(p, 0, sizeof *p);
    p->page = 1;
    p->per_page = 10;
    p->q.query = (v = api_arg(req, "q")) ? v : "";
    if (strlen(p->q.query) > API_MAX_QUERY) {
        http_reply_error(req, 400, "q is over %d bytes", API_MAX_QUERY);
        return -1;
    }
    if ((v = api_arg(req, "per_page")) &&
        api_parse_uint(v, 1, API_MAX_PER_PAGE, &p->per_page) < 0) {
        http_reply_error(req, 400, "per_page must be 1 to %d", API_MAX_PER_PAGE);
        return -1;
    }
    if ((v = api_arg(req, "page")) &&
        (api_parse_uint(v, 1, API_MAX_DEPTH, &p->page) < 0 ||
         p->page * p->per_page > API_MAX_DEPTH)) {
        http_reply_error(req, 400, "page must be from 1, with page * per_page "
                         "at most %d", API_MAX_DEPTH);
        return -1;
    }
    for (size_t i = 0; i < req->nargs; i++) {
        const char *name = req->args[i].name, *val = req->args[i].value;
        unsigned year;

        if (strcmp(name, "type") == 0) {
            if (!api_known_type(val)) {
                http_reply_error(req, 400, "type must be pdf, html, text, image, "
                                 "document, spreadsheet or presentation");
                return -1;
            }
            if (p->q.ntypes == API_NTYPES) {
                http_reply_error(req, 400, "type given more than %zu times", API_NTYPES);
                return -1;
            }
            p->types[p->q.ntypes++] = val;
        } else if (strcmp(name, "folder") == 0) {
            if (api_add_folder(req, p, val) < 0)
                return -1;
        } else if (strcmp(name, "year") == 0) {
            if (strcmp(val, "none") == 0) {
                year = 0;      /* the files without a known date */
            } else if (strlen(val) != 4 || api_parse_uint(val, 1000, 9999, &year) < 0) {
                http_reply_error(req, 400, "year must be 4 digits or none");
                return -1;
            }
            if (p->q.nyears == API_MAX_YEARS) {
                http_reply_error(req, 400, "year given more than %d times",
                                 API_MAX_YEARS);
                return -1;
            }
            p->years[p->q.nyears++] = (int)year;
        }
    }
    p->q.from = api_arg(req, "from");
    p->q.to = api_arg(req, "to");
    if ((p->q.from && !date_parse(p->q.from, NULL, NULL, NULL)) ||
        (p->q.to && !date_parse(p->q.to, NULL, NULL, NULL))) {
        http_reply_error(req, 400, "from and to must be dates YYYY-MM-DD");
        return -1;
    }
    if (p->q.from && p->q.to && strcmp(p->q.from, p->q.to) > 0) {
        http_reply_error(req, 400, "from is after to");
        return -1;
    }
    v = api_arg(req, "sort");
    if (!v || strcmp(v, "relevance") == 0)
        p->q.sort = FDB_SORT_RELEVANCE;
    else if (strcmp(v, "date") == 0)
        p->q.sort = FDB_SORT_DATE_ASC;
    else if (strcmp(v, "-date") == 0)
        p->q.sort = FDB_SORT_DATE_DESC;
    else {
        http_reply_error(req, 400, "sort must be relevance, date or -date");
        return -1;
    }
    p->q.types = p->types;
    p->q.years = p->years;
    p->q.folders = p->folders;
    p->q.offset = (p->page - 1) * p->per_page;
    p->q.limit = p->per_page;
    p->q.other_pages = API_OTHER_PAGES;
    p->q.facets = 1;
    p->q.spelling = 1;
    p->q.snippets = 1;
    p->q.stop = api_client_gone;    /* a search nobody waits for stops */
    p->q.stop_ud = req;
    v = api_arg(req, "partial");
    if (v && strcmp(v, "0") != 0 && strcmp(v, "1") != 0) {
        http_reply_error(req, 400, "partial must be 0 or 1");
        return -1;
    }
    p->q.partial = v && strcmp(v, "1") == 0;
    return 0;
}

/* A NULL-terminated list of strings as a JSON array. */
static json_t *api_strv_json(const char *const *v)
{
    json_t *a = json_array();

    for (; v && *v; v++)
        json_array_append_new(a, json_string(*v));
    return a;
}

static fdb_status api_search_job(fdb *db, http_request *req, const void *params,
                                 json_t **out, unsigned *status, char *msg,
                                 size_t msglen)
{
    const api_search_params *p = params;
    fdb_results *res = NULL;
    fdb_status st = fdb_search(db, &p->q, &res);
    json_t *hits, *facets, *o;
    const char *sugg;
    unsigned partial;

    if (st == FDB_ERR_QUERY) {
        *status = 400;
        snprintf(msg, msglen, "the query cannot be understood: %s",
                 fdb_last_error(db));
    } else if (st == FDB_ERR_LIMIT) {
        *status = 400;
        snprintf(msg, msglen, "%s", fdb_last_error(db));
    }
    if (st != FDB_OK)
        return st;
    partial = fdb_results_partial(res);
    if (partial & FDB_PARTIAL_STOPPED) {
        /* Asked to stop: nobody waits for the answer, and a cut one must
         * not be cached. */
        fdb_results_free(res);
        *status = 503;
        snprintf(msg, msglen, "the search was stopped");
        return FDB_ERR_INTERNAL;
    }
    hits = api_hits_json(req, res);
    facets = api_facets_json(res);
    sugg = fdb_results_suggestion(res);
    o = json_object();
    json_object_set_new(o, "query", json_string(p->q.query));
    json_object_set_new(o, "total", json_integer(fdb_results_total(res)));
    json_object_set_new(o, "page", json_integer(p->page));
    json_object_set_new(o, "per_page", json_integer(p->per_page));
    json_object_set_new(o, "total_pages",
                        json_integer(api_total_pages(fdb_results_total(res), p->per_page)));
    json_object_set_new(o, "took_ms", json_real(0));
    json_object_set_new(o, "hits", hits);
    json_object_set_new(o, "facets", facets);
    json_object_set_new(o, "suggestion", sugg ? json_string(sugg) : json_null());
    json_object_set_new(o, "partial", json_boolean(partial != 0));
    json_object_set_new(o, "partial_reasons", api_partial_json(partial));
    json_object_set_new(o, "shards_down", api_shards_down_json(db));
    json_object_set_new(o, "ignored_words", api_strv_json(fdb_results_ignored(res)));
    fdb_results_free(res);
    /* Set last, in place (jansson keeps the key's position). */
    json_object_set_new(o, "took_ms", json_real(readers_took_ms(req)));
    json_decref(*out);
    *out = o;
    return FDB_OK;
}

/* ---- /api/suggest -------------------------------------------------- */

/* What /api/suggest was asked: the typed prefix, and whether to answer in
 * the OpenSearch suggestions shape, [query, [completions]], that browsers
 * read for a search engine added from /opensearch.xml. */
typedef struct {
    const char *prefix;
    int opensearch;
    double deadline;         /* a search's (api_budget): past it, what was found */
} api_suggest_params;

static fdb_status api_suggest_job(fdb *db, http_request *req, const void *params,
                                  json_t **out, unsigned *status, char *msg,
                                  size_t msglen)
{
    const api_suggest_params *p = params;
    char **v = NULL;
    fdb_status st = fdb_suggest(db, p->prefix, API_SUGGESTIONS, p->deadline, &v);
    json_t *list;

    (void)req;
    (void)status;
    (void)msg;
    (void)msglen;
    if (st != FDB_OK)
        return st;
    list = json_array();
    for (size_t i = 0; v && v[i]; i++)
        json_array_append_new(list, json_string(v[i]));
    fdb_strv_free(v);
    json_decref(*out);
    if (p->opensearch)
        *out = json_pack("[s,o]", p->prefix, list);
    else
        *out = json_pack("{s:o}", "suggestions", list);
    return FDB_OK;
}

void api_suggest(api *a, http_request *req, const char *rest)
{
    const char *q, *format;

    (void)rest;
    q = api_arg(req, "q");
    format = api_arg(req, "format");
    if (format && strcmp(format, "json") != 0 && strcmp(format, "opensearch") != 0) {
        http_reply_error(req, 400, "format is json or opensearch");
        return;
    }
    if (!q) {
        http_reply_error(req, 400, "q is required");
        return;
    }
    if (strlen(q) > API_MAX_QUERY) {
        http_reply_error(req, 400, "q is over %d bytes", API_MAX_QUERY);
        return;
    }
    api_suggest_params p;
    fdb_query bounds = { .query = q };

    api_budget(a, &bounds);
    p.prefix = q;
    p.opensearch = format && strcmp(format, "opensearch") == 0;
    p.deadline = bounds.deadline;
    readers_run(a->index, req, api_suggest_job, &p, 1);
}

/* ---- /api/documents/{id} ------------------------------------------- */

/* [{"page": 1, "text": "…"}]: the start of each page (page null for a
 * file that is not a PDF), as HTML like a snippet. */
static fdb_status api_page_starts(fdb *db, const fdb_doc *d, json_t *o)
{
    char **starts = NULL;
    fdb_status st = fdb_document_pages(db, d->id, API_PAGE_STARTS, API_PAGE_START_WIDTH,
                                       &starts);
    json_t *list = json_array();

    for (size_t i = 0; st == FDB_OK && starts[i]; i++)
        json_array_append_new(list, json_pack("{s:o,s:s}", "page",
                              strcmp(d->type, "pdf") == 0 ? json_integer((json_int_t)i + 1)
                                                          : json_null(),
                              "text", starts[i]));
    fdb_strv_free(starts);
    json_object_set_new(o, "page_starts", list);
    return st;
}

static fdb_status api_document_job(fdb *db, http_request *req,
                                   const void *params, json_t **out,
                                   unsigned *status, char *msg, size_t msglen)
{
    const char *id = params;
    fdb_doc d;
    fdb_status st = fdb_document(db, id, &d);

    if (st == FDB_ERR_NOT_FOUND) {
        *status = 404;
        snprintf(msg, msglen, "no document with id '%s'", id);
    }
    if (st != FDB_OK)
        return st;
    json_decref(*out);
    *out = api_doc_json(req, &d, 0);
    /* The longer fields, left out when unknown. */
    api_set_opt(*out, "author", d.author);
    api_set_opt(*out, "description", d.description);
    json_object_set_new(*out, "mtime", json_integer(d.mtime));
    return *out ? api_page_starts(db, &d, *out) : FDB_ERR_NOMEM;
}

typedef struct {
    char id[65];
    unsigned limit;
} api_similar_params;

static fdb_status api_similar_job(fdb *db, http_request *req, const void *params,
                                  json_t **out, unsigned *status, char *msg,
                                  size_t msglen)
{
    const api_similar_params *p = params;
    fdb_results *res = NULL;
    fdb_status st = fdb_similar(db, p->id, p->limit, &res);
    json_t *hits;

    if (st == FDB_ERR_NOT_FOUND) {
        *status = 404;
        snprintf(msg, msglen, "no document with id '%s'", p->id);
    }
    if (st != FDB_OK)
        return st;
    hits = api_hits_json(req, res);
    fdb_results_free(res);
    json_decref(*out);
    *out = json_pack("{s:s,s:o}", "id", p->id, "hits", hits);
    return *out ? FDB_OK : FDB_ERR_NOMEM;
}

/* /api/documents/ID/similar?limit=N */
static void api_similar(api *a, http_request *req, const char *id, size_t idlen)
{
    api_similar_params p = { "", API_SIMILAR };
    const char *v = api_arg(req, "limit");

    if (v && api_parse_uint(v, 1, API_MAX_SIMILAR, &p.limit) < 0) {
        http_reply_error(req, 400, "limit must be 1 to %d", API_MAX_SIMILAR);
        return;
    }
    memcpy(p.id, id, idlen);
    p.id[idlen] = '\0';
    readers_run(a->index, req, api_similar_job, &p, 0);
}

void api_document(api *a, http_request *req, const char *rest)
{
    /* Ids are lower-case hex: anything else names nothing. */
    size_t idlen = strspn(rest, "0123456789abcdef");
    const char *tail = rest + idlen;

    if (idlen == 0 || idlen > 64 || (*tail && strcmp(tail, "/similar") != 0)) {
        http_reply_error(req, 404, "no document with that id");
        return;
    }
    if (*tail) {
        api_similar(a, req, rest, idlen);
        return;
    }
    if (api_arg(req, "limit")) {
        http_reply_error(req, 400, "unknown parameter 'limit'");
        return;
    }
    readers_run(a->index, req, api_document_job, rest, 0);
}

/* ---- /api/documents ------------------------------------------------ */

/* The list of documents: /api/search's filters, sort (newest first by
 * default) and pages, without a query, snippets or "did you mean". */
static fdb_status api_list_job(fdb *db, http_request *req, const void *params,
                               json_t **out, unsigned *status, char *msg,
                               size_t msglen)
{
    const api_search_params *p = params;
    fdb_results *res = NULL;
    fdb_status st = fdb_search(db, &p->q, &res);
    json_t *docs;
    unsigned total;

    (void)status; (void)msg; (void)msglen;
    if (st != FDB_OK)
        return st;
    docs = json_array();
    for (size_t i = 0; i < fdb_results_count(res); i++)
        json_array_append_new(docs, api_doc_json(req, &fdb_results_hit(res, i)->file, 0));
    total = fdb_results_total(res);
    json_decref(*out);
    *out = json_pack("{s:I,s:I,s:I,s:I,s:o,s:o}", "total", (json_int_t)total,
                     "page", (json_int_t)p->page, "per_page", (json_int_t)p->per_page,
                     "total_pages", (json_int_t)api_total_pages(total, p->per_page),
                     "documents", docs, "facets", api_facets_json(res));
    fdb_results_free(res);
    return *out ? FDB_OK : FDB_ERR_NOMEM;
}

void api_documents(api *a, http_request *req, const char *rest)
{
    api_search_params p;

    (void)rest;
    if (api_parse_search(req, &p) < 0)
        return;
    if (!api_arg(req, "sort"))
        p.q.sort = FDB_SORT_DATE_DESC;
    p.q.other_pages = 0;
    p.q.spelling = 0;
    p.q.snippets = 0;
    api_budget(a, &p.q);
    readers_run(a->index, req, api_list_job, &p, 1);
}

/* ---- /api/stats and /healthz --------------------------------------- */

typedef struct {
    unsigned long files, pages;
    json_t *failed;
    size_t nshards;
    unsigned long *shard_files, *shard_failed;  /* per shard, nshards */
} api_tally;

/* Seconds since the epoch as ISO 8601 UTC ("2024-05-01T10:00:00Z"); other
 * text is left as it is. *value is malloc'd or NULL. */
static void api_iso_time(char **value)
{
    char buf[32];
    time_t t;
    struct tm tm;

    if (!*value || !**value || strspn(*value, "0123456789") != strlen(*value) ||
        strlen(*value) > 12)
        return;
    t = (time_t)strtoll(*value, NULL, 10);
    if (!gmtime_r(&t, &tm) ||
        !strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm))
        return;
    free(*value);
    *value = strdup(buf);
}

static int api_on_file(const fdb_file_info *info, void *ud)
{
    api_tally *t = ud;
    char when[32] = "";
    time_t at = (time_t)info->failed_at;
    struct tm tm;

    if (info->shard < t->nshards)
        (info->failure ? t->shard_failed : t->shard_files)[info->shard]++;
    if (!info->failure) {
        t->files++;
        t->pages += info->pages;
        return 0;
    }
    if (at > 0 && gmtime_r(&at, &tm))
        strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    json_array_append_new(t->failed, json_pack("{s:s,s:s,s:s?}", "path",
                          info->path, "reason", info->failure,
                          "failed_at", when[0] ? when : NULL));
    return 0;
}

/* /api/stats "shards": each shard of an index in shards, up or down,
 * with its files and failed files as tallied. */
static json_t *api_shards_json(fdb *db, const api_tally *t)
{
    json_t *a = json_array();
    fdb_shard_info s;
    char since[32];

    for (size_t i = 0; i < t->nshards && fdb_shard_get(db, i, &s); i++) {
        time_t at = (time_t)s.down_since;
        struct tm tm;
        since[0] = 0;
        if (at > 0 && gmtime_r(&at, &tm))
            strftime(since, sizeof since, "%Y-%m-%dT%H:%M:%SZ", &tm);
        json_array_append_new(a, json_pack("{s:s,s:s,s:b,s:I,s:I,s:I,s:I,s:s?,s:s?}",
            "name", s.name, "kind", s.remote ? "remote" : "local", "up", s.up,
            "documents", (json_int_t)t->shard_files[i],
            "pages", (json_int_t)s.pages,
            "failed_count", (json_int_t)t->shard_failed[i],
            "lost", (json_int_t)s.lost,
            "error", s.error, "down_since", since[0] ? since : NULL));
    }
    return a;
}

static void api_tally_free(api_tally *t)
{
    json_decref(t->failed);
    free(t->shard_files);
    free(t->shard_failed);
}

static fdb_status api_stats_job(fdb *db, http_request *req, const void *params,
                                json_t **out, unsigned *status, char *msg,
                                size_t msglen)
{
    size_t nshards = fdb_shard_count(db);
    api_tally t = { 0, 0, json_array(), nshards,
                    calloc(nshards + 1, sizeof(unsigned long)),
                    calloc(nshards + 1, sizeof(unsigned long)) };
    fdb_query all = { .query = "", .limit = 0, .facets = 1 };
    fdb_results *res = NULL;
    unsigned long rev = 0, docs = 0;
    char *last = NULL;
    fdb_status st;

    (void)req; (void)params; (void)status; (void)msg; (void)msglen;
    if (!t.failed || !t.shard_files || !t.shard_failed) {
        api_tally_free(&t);
        return FDB_ERR_NOMEM;
    }
    if ((st = fdb_info(db, &rev, &docs)) != FDB_OK ||
        (st = fdb_files(db, api_on_file, &t)) != FDB_OK ||
        (st = fdb_get_meta(db, "last_update", &last)) != FDB_OK ||
        (st = fdb_search(db, &all, &res)) != FDB_OK) {
        api_tally_free(&t);
        free(last);
        return st;
    }
    api_iso_time(&last);
    json_decref(*out);
    *out = json_pack("{s:s,s:I,s:I,s:o,s:I,s:s?,s:I,s:O,s:o,s:o}",
                     "api_version", FOUILLE_API_VERSION,
                     "documents", (json_int_t)t.files,
                     "pages", (json_int_t)t.pages,
                     "by_type", api_facet_json(res, "type"),
                     "revision", (json_int_t)rev, "last_update", last,
                     "failed_count", (json_int_t)json_array_size(t.failed),
                     "failed", t.failed,
                     "archive", params ? about_get((about *)params) : json_object(),
                     "shards", api_shards_json(db, &t));
    fdb_results_free(res);
    api_tally_free(&t);
    free(last);
    return *out ? FDB_OK : FDB_ERR_NOMEM;
}

static fdb_status api_health_job(fdb *db, http_request *req, const void *params,
                                 json_t **out, unsigned *status, char *msg,
                                 size_t msglen)
{
    unsigned long rev = 0, docs = 0;
    fdb_status st = fdb_info(db, &rev, &docs);

    (void)req; (void)params; (void)status; (void)msg; (void)msglen;
    if (st != FDB_OK)
        return st;
    json_t *down = api_shards_down_json(db);
    json_decref(*out);
    /* Degraded (a shard down) is still a 200: the server answers, from
     * the shards it has; a monitor reads "status" (docs/api.md). */
    *out = json_pack("{s:s,s:I,s:o}", "status",
                     json_array_size(down) ? "degraded" : "ok",
                     "revision", (json_int_t)rev, "shards_down", down);
    return FDB_OK;
}

/* ---- Endpoints ---------------------------------------------------- */

int api_search_is_heavy(const http_request *req)
{
    const char *q = api_arg(req, "q"), *v;
    unsigned per_page = 10, page = 1, words = 0;

    if ((v = api_arg(req, "per_page")))
        api_parse_uint(v, 1, API_MAX_DEPTH, &per_page);
    if ((v = api_arg(req, "page")))
        api_parse_uint(v, 1, API_MAX_DEPTH, &page);
    for (const char *p = q ? q : ""; *p;) {
        p += strspn(p, " \t");
        if (*p) {
            words++;
            p += strcspn(p, " \t");
        }
    }
    return (q && strpbrk(q, "*\"")) || words > API_PLAIN_WORDS ||
           per_page > API_PLAIN_PER_PAGE || page * per_page > API_PLAIN_DEPTH;
}

void api_search(api *a, http_request *req, const char *rest)
{
    api_search_params p;

    (void)rest;
    if (api_parse_search(req, &p) == 0) {
        api_budget(a, &p.q);
        readers_run(a->index, req, api_search_job, &p, 1);
    }
}

void api_stats(api *a, http_request *req, const char *rest)
{
    (void)rest;
    readers_run(a->index, req, api_stats_job, a->archive, 0);
}

void api_health(api *a, http_request *req, const char *rest)
{
    (void)rest;
    readers_run(a->index, req, api_health_job, NULL, 0);
}
