/* fuzz-meili.c -- the filter of Meilisearch's search route (server/meili.c)
 * on any text, in-process, over the small index of seed-index.c.
 *
 * The input is a filter expression ("type = pdf AND year IN [2022, none]"),
 * made valid UTF-8 (JSON strings are). It is sent as the "filter" of a POST
 * body {"q": "", "facets": ["*"], "filter": ...} through the route table,
 * as a string and in the other forms that must mean the same:
 *
 *   F          the string
 *   [F]        an array of one string (AND of one)
 *   [[F]]      an array of one OR-array of one string
 *   (F), (F) AND (F), (F) OR (F)
 *   (F) AND type = pdf
 *
 * Promises checked: every answer is 200 or 400, never 500 or 503, and a
 * JSON object; a 400 has the code invalid_search_filter and a message; a
 * 200 has no more hits than the index has files nor than its estimated
 * total, and every hit an id and a type; F, [F] and [[F]] are all
 * refused, or all give the same hits in the same order; when F is a whole
 * expression (accepted, not blank, not nested at the limit), (F),
 * (F) AND (F) and (F) OR (F) give the same hits, and (F) AND type = pdf
 * gives PDFs among F's hits.
 */
#include <glib.h>
#include <jansson.h>
#include <string.h>

#include "api.h"
#include "fuzz.h"
#include "http-double.h"
#include "routes.h"
#include "seed-index.h"

#define FUZZ_PATH "/indexes/archive/search"

static api *fuzz_api;     /* seed-index.c's */

/* POST a search with this filter (stolen); the hits' ids as one JSON
 * text ("[...]", free()), or NULL after a 400. Every hit is of `type`
 * unless it is NULL. */
static char *fuzz_search(json_t *filter, const char *type)
{
    json_t *body = json_pack("{s:s,s:[s],s:i,s:o}", "q", "", "facets", "*",
                             "limit", 20, "filter", filter);
    char *text = json_dumps(body, JSON_COMPACT);
    http_request *req = http_double_request(FUZZ_PATH);
    json_t *o, *hits, *h, *ids;
    size_t i;
    unsigned status;
    char *out;

    FUZZ_CHECK(text && req, "the request is made");
    json_decref(body);
    req->method = "POST";
    req->body = text;
    req->body_len = strlen(text);
    http_double_reset();
    route_run(route_find(FUZZ_PATH), &(http_config){ .api = fuzz_api }, req);
    status = http_double_status();
    FUZZ_CHECK(req->answered, "every request is answered");
    req->body = NULL;
    http_double_request_free(req);
    free(text);
    if (status != 200 && status != 400)
        fprintf(stderr, "%u %s\n", status, http_double_body());
    FUZZ_CHECK(status == 200 || status == 400, "only 200 or 400");
    o = json_loads(http_double_body(), 0, NULL);
    FUZZ_CHECK(json_is_object(o), "the answer is a JSON object");
    if (status == 400) {
        const json_t *e = json_object_get(o, "error");
        const char *code = json_string_value(json_object_get(e, "code"));
        const char *msg = json_string_value(json_object_get(e, "message"));
        FUZZ_CHECK(code && strcmp(code, "invalid_search_filter") == 0,
                   "a refusal is invalid_search_filter");
        FUZZ_CHECK(msg && *msg, "a refusal says why");
        json_decref(o);
        return NULL;
    }
    hits = json_object_get(o, "hits");
    FUZZ_CHECK(json_is_array(hits) && json_array_size(hits) <= SEED_INDEX_FILES,
               "no more hits than files");
    FUZZ_CHECK(json_integer_value(json_object_get(o, "estimatedTotalHits")) >=
                   (json_int_t)json_array_size(hits),
               "the total counts at least the hits");
    FUZZ_CHECK(json_is_object(json_object_get(o, "facetDistribution")),
               "the facets asked");
    ids = json_array();
    json_array_foreach(hits, i, h) {
        const char *t = json_string_value(json_object_get(h, "type"));
        FUZZ_CHECK(json_is_string(json_object_get(h, "id")) && t,
                   "a hit has an id and a type");
        FUZZ_CHECK(!type || strcmp(t, type) == 0, "a hit is of the type filtered");
        json_array_append(ids, json_object_get(h, "id"));
    }
    out = json_dumps(ids, JSON_COMPACT | JSON_ENCODE_ANY);
    json_decref(ids);
    json_decref(o);
    return out;
}

static char *fuzz_search_text(const char *fmt, const char *f, const char *type)
{
    char *s = g_strdup_printf(fmt, f, f);
    char *out = fuzz_search(json_string(s), type);

    g_free(s);
    return out;
}

/* Both refused, or the same hits in the same order. */
static void fuzz_same(const char *a, const char *b, const char *what)
{
    if (!a || !b)
        FUZZ_CHECK(!a && !b, what);
    else
        FUZZ_CHECK(strcmp(a, b) == 0, what);
}

/* Is every id of `part` (a JSON list) in `whole`? */
static int fuzz_subset(const char *part, const char *whole)
{
    json_t *p = json_loads(part, JSON_DECODE_ANY, NULL);
    json_t *w = json_loads(whole, JSON_DECODE_ANY, NULL), *e, *f;
    size_t i, j;
    int all = 1;

    json_array_foreach(p, i, e) {
        int found = 0;
        json_array_foreach(w, j, f)
            found |= json_equal(e, f);
        all &= found;
    }
    json_decref(p);
    json_decref(w);
    return all;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc; (void)argv;
    fuzz_api = seed_api_open("fuzz-meili");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gchar *f = g_utf8_make_valid((const char *)data, (gssize)size);
    size_t nesting = 0;
    char *plain, *one, *inner;

    /* JSON strings hold no NUL: it ends the filter here. */
    plain = fuzz_search(json_string(f), NULL);
    one = fuzz_search(json_pack("[s]", f), NULL);
    inner = fuzz_search(json_pack("[[s]]", f), NULL);
    fuzz_same(plain, one, "F and [F] mean the same");
    fuzz_same(plain, inner, "F and [[F]] mean the same");
    for (const char *p = f; *p; p++)
        nesting += *p == '(';
    /* A whole expression (not a blank one, which "()" is not), with room
     * for one more level of parentheses. */
    if (plain && f[strspn(f, " \t\r\n")] && nesting < 14) {
        char *paren = fuzz_search_text("(%s)", f, NULL);
        char *twice = fuzz_search_text("(%s) AND (%s)", f, NULL);
        char *either = fuzz_search_text("(%s) OR (%s)", f, NULL);
        char *pdf = fuzz_search_text("(%s) AND type = pdf", f, "pdf");
        fuzz_same(plain, paren, "F and (F) mean the same");
        fuzz_same(plain, twice, "F and (F) AND (F) mean the same");
        fuzz_same(plain, either, "F and (F) OR (F) mean the same");
        FUZZ_CHECK(pdf && fuzz_subset(pdf, plain),
                   "(F) AND type = pdf finds PDFs among F's hits");
        free(paren);
        free(twice);
        free(either);
        free(pdf);
    }
    free(plain);
    free(one);
    free(inner);
    g_free(f);
    return 0;
}
