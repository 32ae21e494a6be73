/* fuzz-search.c -- /api/search and /api/suggest (server/api.c) on any query
 * string, in-process, over a small index built once at start-up
 * (seed-index.c).
 *
 * The input is the raw query string after "?" ("q=caf%C3%A9&page=2"). It
 * goes the way http.c sends it: url_args_parse (a refusal is the server's
 * 400, no handler runs), then the route table (routes.c: the parameters'
 * names, then the endpoint in api.c), whose reply the HTTP double
 * (http-double.c) records. Promises checked: the answer is 200 or 400,
 * never 500 or 503; its body is a JSON object; a 400 carries an error
 * message; a 200 search answer has total >= its hits, no more hits than
 * per_page and than the index has files, page and per_page as asked, and
 * each hit has an id, a path, a url under /archive/ and a string snippet;
 * a 200 suggest answer is a list of at most 10 strings.
 */
#include <glib.h>
#include <jansson.h>
#include <string.h>
#include <unistd.h>

#include "api.h"
#include "fdb.h"
#include "fuzz.h"
#include "http-double.h"
#include "routes.h"
#include "seed-index.h"

static api *fuzz_api;     /* seed-index.c's */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc; (void)argv;
    fuzz_api = seed_api_open("fuzz-search");
    return 0;
}

static json_int_t fuzz_int(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    FUZZ_CHECK(json_is_integer(v), "an integer member");
    return json_integer_value(v);
}

static void fuzz_check_search(const json_t *o)
{
    const json_t *hits = json_object_get(o, "hits");
    size_t i;
    const json_t *h;

    FUZZ_CHECK(json_is_array(hits), "hits is a list");
    FUZZ_CHECK(fuzz_int(o, "total") >= (json_int_t)json_array_size(hits),
               "total counts at least the hits");
    FUZZ_CHECK(json_array_size(hits) <= (size_t)fuzz_int(o, "per_page") &&
               json_array_size(hits) <= SEED_INDEX_FILES,
               "no more hits than per_page and than files");
    FUZZ_CHECK(fuzz_int(o, "page") >= 1, "pages count from 1");
    FUZZ_CHECK(json_is_object(json_object_get(o, "facets")), "facets");
    json_array_foreach(hits, i, h) {
        const char *url = json_string_value(json_object_get(h, "url"));
        FUZZ_CHECK(json_is_string(json_object_get(h, "id")) &&
                   json_is_string(json_object_get(h, "path")) &&
                   json_is_string(json_object_get(h, "snippet")),
                   "a hit has an id, a path and a snippet");
        FUZZ_CHECK(url && strncmp(url, "/archive/", 9) == 0,
                   "a hit's url is under /archive/");
    }
}

/* Run one endpoint; returns the parsed 200 body (caller decrefs) or NULL. */
static json_t *fuzz_call(const char *path, const char *query)
{
    char *target = g_strconcat(path, "?", query, NULL);
    http_request *req = http_double_request(target);
    json_t *body = NULL;
    unsigned status;

    g_free(target);
    if (!req)
        return NULL;   /* url_args_parse refused it: http.c answers 400 */
    http_double_reset();
    route_run(route_find(path), &(http_config){ .api = fuzz_api }, req);
    status = http_double_status();
    FUZZ_CHECK(req->answered, "every request is answered");
    if (status != 200 && status != 400)
        fprintf(stderr, "%s -> %u %s\n", path, status, http_double_body());
    FUZZ_CHECK(status == 200 || status == 400, "only 200 or 400");
    body = json_loads(http_double_body(), 0, NULL);
    FUZZ_CHECK(json_is_object(body), "the answer is a JSON object");
    if (status == 400)
        FUZZ_CHECK(json_is_string(json_object_get(
                       json_object_get(body, "error"), "message")),
                   "a 400 says why");
    http_double_request_free(req);
    if (status != 200) {
        json_decref(body);
        return NULL;
    }
    return body;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *query = g_strndup((const char *)data, size);
    json_t *o;

    if ((o = fuzz_call("/api/search", query))) {
        fuzz_check_search(o);
        json_decref(o);
    }
    if ((o = fuzz_call("/api/suggest", query))) {
        const json_t *list = json_object_get(o, "suggestions");
        FUZZ_CHECK(json_is_array(list) && json_array_size(list) <= 10,
                   "at most 10 suggestions");
        json_decref(o);
    }
    g_free(query);
    return 0;
}
