/* meili.c -- Meilisearch's search route, the subset that instant-search
 * front ends and Meilisearch's own clients use, over fouille's index.
 *
 * Design: the request (the JSON body of a POST, or the query of a GET
 * turned into the same JSON) is read into one meili_params: an fdb_query
 * with Meilisearch's paging (limit/offset, or hitsPerPage/page), the
 * facets asked and the attributes to highlight. The filter, in
 * Meilisearch's string syntax or its array form (inner arrays OR-ed,
 * outer AND-ed), is parsed by recursive descent into one constraint per
 * attribute (type, year, folder): any value, or a set of values. AND
 * intersects the sets; OR unites them when both sides constrain the same
 * one attribute, and is refused otherwise: fdb's filters are an AND of
 * per-attribute ORs, and "type = pdf OR year = 2022" has no such form.
 * != is the complement of a type (the list of types is closed); on year
 * and folder it is refused, as are NOT, TO, EXISTS, < and >. A refusal is
 * a 400 with Meilisearch's code (invalid_search_filter...) in its error
 * shape, like every error of the route (http.c answers in that shape
 * where the route table says so).
 *
 * The answer: hits as /api/search's (api_hit_json), each with _formatted
 * when attributes to highlight are asked: every string field
 * HTML-escaped, and in the highlighted ones the query's words wrapped in
 * <em> as Meilisearch does by default (the snippet's <mark> renamed, the
 * title marked by fdb_snippet). The search runs in the lane of heavy
 * requests (routes.c) within /api/search's budget (api_budget).
 */
#include "meili.h"

#include <glib.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "fdb.h"
#include "readers.h"

#define MEILI_MAX_VALUES   32      /* values of one attribute in a filter */
#define MEILI_MAX_LIMIT    100     /* hits an answer (as /api/search) */
#define MEILI_MAX_DEPTH    10000   /* offset + limit */
#define MEILI_MAX_QUERY    1024    /* bytes of q */
#define MEILI_MAX_NESTING  16      /* parentheses and arrays in a filter */
#define MEILI_MAX_FOLDER   200     /* bytes of a folder name */
#define MEILI_DEFAULT_LIMIT 20     /* Meilisearch's */

enum { MA_TYPE, MA_YEAR, MA_FOLDER, MA_N };
static const char *const meili_attrs[MA_N] = { "type", "year", "folder" };

/* The values an attribute may take: any, or those n. */
typedef struct {
    int any;
    size_t n;
    const char *v[MEILI_MAX_VALUES];
} meili_set;

typedef struct {
    meili_set s[MA_N];
} meili_filter;

typedef struct {
    fdb_query q;
    int nothing;                     /* the filter matches no file */
    const char *types[MEILI_MAX_VALUES];
    int years[MEILI_MAX_VALUES];
    const char *folders[MEILI_MAX_VALUES];
    int facets[MA_N];                /* the facets asked */
    int any_facets;                  /* "facets" given */
    const json_t *highlight;         /* attributesToHighlight, or NULL */
    int paged;                       /* hitsPerPage/page rather than limit/offset */
    unsigned page, hits_per_page;
    GPtrArray *strings;              /* the filter's values, owned */
} meili_params;

/* ---- Filters ------------------------------------------------------- */

enum { T_END, T_LP, T_RP, T_LB, T_RB, T_COMMA, T_EQ, T_NE, T_WORD, T_STRING, T_BAD };

typedef struct {
    const char *p;                   /* what is left of the expression */
    int tok;                         /* the current token */
    const char *val;                 /* its text (T_WORD, T_STRING), owned
                                        by params->strings */
    int depth;
    meili_params *params;
    char *err;                       /* the reason of a refusal */
    size_t errlen;
} meili_lexer;

static int meili_fail(meili_lexer *lx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int meili_fail(meili_lexer *lx, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(lx->err, lx->errlen, fmt, ap);
    va_end(ap);
    return -1;
}

/* A string kept until the params are freed. */
static const char *meili_keep(meili_params *p, char *s)
{
    g_ptr_array_add(p->strings, s);
    return s;
}

/* The next token into lx->tok (and lx->val). */
static void meili_lex(meili_lexer *lx)
{
    const char *p = lx->p + strspn(lx->p, " \t\r\n");
    static const char singles[] = "()[],=";
    static const int kinds[] = { T_LP, T_RP, T_LB, T_RB, T_COMMA, T_EQ };

    lx->val = NULL;
    if (!*p) {
        lx->tok = T_END;
    } else if (strchr(singles, *p)) {
        lx->tok = kinds[strchr(singles, *p) - singles];
        p++;
    } else if (p[0] == '!' && p[1] == '=') {
        lx->tok = T_NE;
        p += 2;
    } else if (*p == '"' || *p == '\'') {
        GString *s = g_string_new(NULL);
        char quote = *p++;
        while (*p && *p != quote) {
            if (*p == '\\' && p[1])
                p++;
            g_string_append_c(s, *p++);
        }
        lx->tok = *p ? T_STRING : T_BAD;
        p += *p != '\0';
        lx->val = meili_keep(lx->params, g_string_free(s, FALSE));
    } else if (strchr("!<>", *p)) {
        lx->tok = T_BAD;
        lx->val = meili_keep(lx->params, g_strndup(p, 2));
        p++;
    } else {
        size_t n = strcspn(p, " \t\r\n()[],=!<>\"'");
        lx->tok = T_WORD;
        lx->val = meili_keep(lx->params, g_strndup(p, n));
        p += n;
    }
    lx->p = p;
}

static int meili_is_word(const meili_lexer *lx, const char *word)
{
    return lx->tok == T_WORD && g_ascii_strcasecmp(lx->val, word) == 0;
}

static int meili_set_has(const meili_set *s, const char *v)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->v[i], v) == 0)
            return 1;
    return 0;
}

static int meili_set_add(meili_lexer *lx, meili_set *s, const char *v)
{
    if (meili_set_has(s, v))
        return 0;
    if (s->n == MEILI_MAX_VALUES)
        return meili_fail(lx, "a filter may name at most %d values of an attribute",
                          MEILI_MAX_VALUES);
    s->v[s->n++] = v;
    return 0;
}

static int meili_set_equal(const meili_set *a, const meili_set *b)
{
    if (a->any || b->any)
        return a->any == b->any;
    if (a->n != b->n)
        return 0;
    for (size_t i = 0; i < a->n; i++)
        if (!meili_set_has(b, a->v[i]))
            return 0;
    return 1;
}

/* Does the filter match no file (an attribute with no value allowed)? */
static int meili_filter_empty(const meili_filter *f)
{
    for (int i = 0; i < MA_N; i++)
        if (!f->s[i].any && f->s[i].n == 0)
            return 1;
    return 0;
}

static void meili_filter_all(meili_filter *f)
{
    memset(f, 0, sizeof *f);
    for (int i = 0; i < MA_N; i++)
        f->s[i].any = 1;
}

/* a = a AND b. */
static void meili_and(meili_filter *a, const meili_filter *b)
{
    for (int i = 0; i < MA_N; i++) {
        meili_set *x = &a->s[i];
        const meili_set *y = &b->s[i];
        size_t k = 0;

        if (y->any)
            continue;
        if (x->any) {
            *x = *y;
            continue;
        }
        for (size_t j = 0; j < x->n; j++)
            if (meili_set_has(y, x->v[j]))
                x->v[k++] = x->v[j];
        x->n = k;
    }
}

/* a = a OR b, when that is an AND of per-attribute sets. */
static int meili_or(meili_lexer *lx, meili_filter *a, const meili_filter *b)
{
    int diff = -1;

    if (meili_filter_empty(b))
        return 0;
    if (meili_filter_empty(a)) {
        *a = *b;
        return 0;
    }
    for (int i = 0; i < MA_N; i++) {
        if (meili_set_equal(&a->s[i], &b->s[i]))
            continue;
        if (diff >= 0)
            return meili_fail(lx, "OR between conditions on different attributes "
                              "(`%s` and `%s`) is not supported here: combine "
                              "values of one attribute with OR or IN, attributes "
                              "with AND", meili_attrs[diff], meili_attrs[i]);
        diff = i;
    }
    if (diff < 0)
        return 0;
    if (a->s[diff].any || b->s[diff].any) {
        a->s[diff].any = 1;
        return 0;
    }
    for (size_t j = 0; j < b->s[diff].n; j++)
        if (meili_set_add(lx, &a->s[diff], b->s[diff].v[j]) < 0)
            return -1;
    return 0;
}

/* A value of attribute `attr`, checked. */
static int meili_value(meili_lexer *lx, int attr, const char **out)
{
    const char *v = lx->val;

    if (lx->tok != T_WORD && lx->tok != T_STRING)
        return meili_fail(lx, "a value was expected after `%s`", meili_attrs[attr]);
    if (attr == MA_YEAR && strcmp(v, "none") != 0 &&
        (strlen(v) != 4 || strspn(v, "0123456789") != 4))
        return meili_fail(lx, "year must be 4 digits or none, not `%.64s`", v);
    if (attr == MA_FOLDER && (!*v || strchr(v, '/') || strlen(v) > MEILI_MAX_FOLDER))
        return meili_fail(lx, "folder must be a top-level folder's name (no /, "
                          "at most %d bytes)", MEILI_MAX_FOLDER);
    *out = v;
    meili_lex(lx);
    return 0;
}

/* attr = v, attr != v, attr IN [v, ...] */
static int meili_condition(meili_lexer *lx, meili_filter *f)
{
    int attr = -1;
    const char *v;

    meili_filter_all(f);
    if (lx->tok == T_WORD || lx->tok == T_STRING)
        for (int i = 0; i < MA_N; i++)
            if (strcmp(lx->val, meili_attrs[i]) == 0)
                attr = i;
    if (meili_is_word(lx, "NOT"))
        return meili_fail(lx, "NOT is not supported here: use != on type");
    if (attr < 0)
        return meili_fail(lx, "`%.64s` is not a filterable attribute: type, year "
                          "and folder are", lx->val ? lx->val : "");
    meili_lex(lx);
    f->s[attr].any = 0;
    if (lx->tok == T_EQ || lx->tok == T_NE) {
        int ne = lx->tok == T_NE;
        meili_lex(lx);
        if (meili_value(lx, attr, &v) < 0)
            return -1;
        if (!ne)
            return meili_set_add(lx, &f->s[attr], v);
        if (attr != MA_TYPE)
            return meili_fail(lx, "!= is supported on type only");
        for (size_t k = 0; api_types[k]; k++)
            if (strcmp(api_types[k], v) != 0)
                f->s[attr].v[f->s[attr].n++] = api_types[k];
        return 0;
    }
    if (!meili_is_word(lx, "IN"))
        return meili_fail(lx, "`%s` must be followed by =, != or IN (other "
                          "operators are not supported here)", meili_attrs[attr]);
    meili_lex(lx);
    if (lx->tok != T_LB)
        return meili_fail(lx, "IN must be followed by [");
    do {
        meili_lex(lx);
        if (meili_value(lx, attr, &v) < 0 || meili_set_add(lx, &f->s[attr], v) < 0)
            return -1;
    } while (lx->tok == T_COMMA);
    if (lx->tok != T_RB)
        return meili_fail(lx, "IN [...] must end with ]");
    meili_lex(lx);
    return 0;
}

static int meili_expr(meili_lexer *lx, meili_filter *f);

/* ( expr ) or a condition */
static int meili_primary(meili_lexer *lx, meili_filter *f)
{
    if (lx->tok != T_LP)
        return meili_condition(lx, f);
    if (++lx->depth > MEILI_MAX_NESTING)
        return meili_fail(lx, "the filter nests over %d levels", MEILI_MAX_NESTING);
    meili_lex(lx);
    if (meili_expr(lx, f) < 0)
        return -1;
    if (lx->tok != T_RP)
        return meili_fail(lx, "a ( is not closed");
    lx->depth--;
    meili_lex(lx);
    return 0;
}

/* primary (AND primary)* */
static int meili_conjunction(meili_lexer *lx, meili_filter *f)
{
    meili_filter g;

    if (meili_primary(lx, f) < 0)
        return -1;
    while (meili_is_word(lx, "AND")) {
        meili_lex(lx);
        if (meili_primary(lx, &g) < 0)
            return -1;
        meili_and(f, &g);
    }
    return 0;
}

/* conjunction (OR conjunction)* */
static int meili_expr(meili_lexer *lx, meili_filter *f)
{
    meili_filter g;

    if (meili_conjunction(lx, f) < 0)
        return -1;
    while (meili_is_word(lx, "OR")) {
        meili_lex(lx);
        if (meili_conjunction(lx, &g) < 0 || meili_or(lx, f, &g) < 0)
            return -1;
    }
    return 0;
}

/* One filter string, whole. */
static int meili_filter_string(meili_lexer *lx, const char *s, meili_filter *f)
{
    lx->p = s;
    lx->depth = 0;
    meili_lex(lx);
    if (lx->tok == T_END) {          /* "" filters nothing out */
        meili_filter_all(f);
        return 0;
    }
    if (meili_expr(lx, f) < 0)
        return -1;
    if (lx->tok != T_END)
        return meili_fail(lx, "unexpected `%.32s` in the filter",
                          lx->val ? lx->val : lx->tok == T_RP ? ")" : "…");
    return 0;
}

/* The filter: null, a string, or an array of strings and arrays of
 * strings (inner arrays OR-ed, the outer one AND-ed). */
static int meili_filter_json(meili_lexer *lx, const json_t *j, int depth,
                             meili_filter *f)
{
    size_t i;
    const json_t *e;
    meili_filter g;

    meili_filter_all(f);
    if (!j || json_is_null(j))
        return 0;
    if (json_is_string(j))
        return meili_filter_string(lx, json_string_value(j), f);
    if (!json_is_array(j) || depth > 1)
        return meili_fail(lx, "filter must be a string, or an array of strings "
                          "and arrays of strings");
    json_array_foreach(j, i, e) {
        if (json_is_array(e) && depth == 0) {   /* OR of its members */
            size_t k;
            const json_t *m;
            meili_filter h;
            int first = 1;
            json_array_foreach(e, k, m) {
                if (!json_is_string(m))
                    return meili_fail(lx, "an array inside filter must hold strings");
                if (meili_filter_string(lx, json_string_value(m), &h) < 0)
                    return -1;
                if (first)
                    g = h;
                else if (meili_or(lx, &g, &h) < 0)
                    return -1;
                first = 0;
            }
            if (first)
                meili_filter_all(&g);
        } else if (meili_filter_json(lx, e, depth + 1, &g) < 0) {
            return -1;
        }
        meili_and(f, &g);
    }
    return 0;
}

/* The filter into p->q (or p->nothing). */
static void meili_filter_query(meili_params *p, const meili_filter *f)
{
    p->nothing = meili_filter_empty(f);
    for (size_t i = 0; !f->s[MA_TYPE].any && i < f->s[MA_TYPE].n; i++)
        p->types[p->q.ntypes++] = f->s[MA_TYPE].v[i];
    for (size_t i = 0; !f->s[MA_YEAR].any && i < f->s[MA_YEAR].n; i++)
        p->years[p->q.nyears++] = strcmp(f->s[MA_YEAR].v[i], "none") == 0
                                      ? 0 : atoi(f->s[MA_YEAR].v[i]);
    for (size_t i = 0; !f->s[MA_FOLDER].any && i < f->s[MA_FOLDER].n; i++)
        p->folders[p->q.nfolders++] = f->s[MA_FOLDER].v[i];
    p->q.types = p->types;
    p->q.years = p->years;
    p->q.folders = p->folders;
}

/* ---- Parameters ---------------------------------------------------- */

/* A whole number of `name` in [min, max] into *out (left alone when the
 * member is absent or null); else a 400 with `code`. */
static int meili_uint(http_request *req, const json_t *body, const char *name,
                      unsigned min, unsigned max, const char *code, unsigned *out)
{
    const json_t *j = json_object_get(body, name);

    if (!j || json_is_null(j))
        return 0;
    if (!json_is_integer(j) || json_integer_value(j) < min ||
        json_integer_value(j) > max) {
        http_reply_error_code(req, 400, code, "`%s` must be a whole number from "
                              "%u to %u", name, min, max);
        return -1;
    }
    *out = (unsigned)json_integer_value(j);
    return 0;
}

/* An array of strings (or absent, or null), else a 400 with `code`. */
static int meili_strings(http_request *req, const json_t *body, const char *name,
                         const char *code, const json_t **out)
{
    const json_t *j = json_object_get(body, name), *e;
    size_t i;

    *out = NULL;
    if (!j || json_is_null(j))
        return 0;
    if (json_is_array(j)) {
        json_array_foreach(j, i, e)
            if (!json_is_string(e))
                break;
        if (i == json_array_size(j)) {
            *out = j;
            return 0;
        }
    }
    http_reply_error_code(req, 400, code, "`%s` must be an array of strings", name);
    return -1;
}

static const char *const meili_members[] = {
    "q", "limit", "offset", "hitsPerPage", "page", "filter", "facets",
    "attributesToHighlight", NULL
};

/* Every member is one this server knows: a misspelt one is a 400, as
 * Meilisearch answers. */
static int meili_known_members(http_request *req, const json_t *body)
{
    const char *key;
    const json_t *v;

    json_object_foreach((json_t *)body, key, v) {
        size_t k = 0;
        while (meili_members[k] && strcmp(meili_members[k], key) != 0)
            k++;
        if (!meili_members[k]) {
            http_reply_error_code(req, 400, "bad_request", "Unknown field `%.64s`: "
                                  "expected one of q, limit, offset, hitsPerPage, "
                                  "page, filter, facets, attributesToHighlight", key);
            return -1;
        }
    }
    return 0;
}

static int meili_parse_facets(http_request *req, const json_t *body, meili_params *p)
{
    const json_t *facets, *e;
    size_t i;

    if (meili_strings(req, body, "facets", "invalid_search_facets", &facets) < 0)
        return -1;
    p->any_facets = facets != NULL;
    json_array_foreach(facets, i, e) {
        const char *name = json_string_value(e);
        int k = 0;
        while (k < MA_N && strcmp(name, meili_attrs[k]) != 0)
            k++;
        if (strcmp(name, "*") == 0) {
            for (k = 0; k < MA_N; k++)
                p->facets[k] = 1;
        } else if (k == MA_N) {
            http_reply_error_code(req, 400, "invalid_search_facets", "`%.64s` is not "
                                  "a facet: type, year and folder are", name);
            return -1;
        } else {
            p->facets[k] = 1;
        }
    }
    return 0;
}

static int meili_parse_paging(http_request *req, const json_t *body, meili_params *p)
{
    unsigned limit = MEILI_DEFAULT_LIMIT, offset = 0;

    p->page = 1;
    p->hits_per_page = MEILI_DEFAULT_LIMIT;
    p->paged = json_object_get(body, "page") || json_object_get(body, "hitsPerPage");
    if (meili_uint(req, body, "limit", 0, MEILI_MAX_LIMIT, "invalid_search_limit", &limit) < 0 ||
        meili_uint(req, body, "offset", 0, MEILI_MAX_DEPTH, "invalid_search_offset", &offset) < 0 ||
        meili_uint(req, body, "hitsPerPage", 0, MEILI_MAX_LIMIT, "invalid_search_hits_per_page",
                   &p->hits_per_page) < 0 ||
        meili_uint(req, body, "page", 1, MEILI_MAX_DEPTH, "invalid_search_page", &p->page) < 0)
        return -1;
    if (p->paged) {
        limit = p->hits_per_page;
        offset = (p->page - 1) * p->hits_per_page;
    }
    if (offset + limit > MEILI_MAX_DEPTH) {
        http_reply_error_code(req, 400, p->paged ? "invalid_search_page"
                                                 : "invalid_search_offset",
                              "hits past the first %d are not given", MEILI_MAX_DEPTH);
        return -1;
    }
    p->q.limit = limit;
    p->q.offset = offset;
    return 0;
}

static int meili_client_gone(void *req)
{
    return http_client_gone(req);
}

/* The request's JSON into p; 0, or -1 when answered (an error). */
static int meili_parse(http_request *req, const json_t *body, meili_params *p)
{
    const json_t *q = json_object_get(body, "q");
    char err[256];
    meili_lexer lx = { .params = p, .err = err, .errlen = sizeof err };
    meili_filter f;

    if (meili_known_members(req, body) < 0)
        return -1;
    if (q && !json_is_null(q) &&
        (!json_is_string(q) || json_string_length(q) > MEILI_MAX_QUERY)) {
        http_reply_error_code(req, 400, "invalid_search_q", "`q` must be a string "
                              "of at most %d bytes", MEILI_MAX_QUERY);
        return -1;
    }
    p->q.query = json_is_string(q) ? json_string_value(q) : "";
    if (meili_parse_paging(req, body, p) < 0 || meili_parse_facets(req, body, p) < 0 ||
        meili_strings(req, body, "attributesToHighlight",
                      "invalid_search_attributes_to_highlight", &p->highlight) < 0)
        return -1;
    if (meili_filter_json(&lx, json_object_get(body, "filter"), 0, &f) < 0) {
        http_reply_error_code(req, 400, "invalid_search_filter", "%s", err);
        return -1;
    }
    meili_filter_query(p, &f);
    p->q.facets = 1;        /* also what makes the total exact (fdb.h) */
    p->q.snippets = 1;
    p->q.other_pages = 5;
    p->q.stop = meili_client_gone;
    p->q.stop_ud = req;
    return 0;
}

/* A GET's query as the JSON a POST would send: numbers as numbers,
 * facets and attributesToHighlight split at commas. */
static json_t *meili_query_json(const http_request *req)
{
    json_t *o = json_object();

    for (size_t i = 0; i < req->nargs; i++) {
        const char *name = req->args[i].name, *v = req->args[i].value;
        json_t *j;

        if (strcmp(name, "facets") == 0 || strcmp(name, "attributesToHighlight") == 0) {
            gchar **parts = g_strsplit(v, ",", -1);
            j = json_array();
            for (gchar **s = parts; *s; s++)
                if (**s)
                    json_array_append_new(j, json_string(g_strstrip(*s)));
            g_strfreev(parts);
        } else if (strcmp(name, "q") != 0 && strcmp(name, "filter") != 0 &&
                   *v && strlen(v) <= 9 && strspn(v, "0123456789") == strlen(v)) {
            j = json_integer(strtol(v, NULL, 10));
        } else {
            j = json_string(v);
        }
        json_object_set_new(o, name, j);
    }
    return o;
}

/* A POST's body as a JSON object, or NULL when answered (an error). */
static json_t *meili_body_json(http_request *req)
{
    json_error_t jerr;
    json_t *body;

    if (!req->body || req->body_len == 0) {
        http_reply_error_code(req, 400, "missing_payload", "a JSON body is required");
        return NULL;
    }
    body = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &jerr);
    if (!body || !json_is_object(body)) {
        http_reply_error_code(req, 400, "malformed_payload", "the body must be a "
                              "JSON object%s%.200s", body ? "" : ": ",
                              body ? "" : jerr.text);
        json_decref(body);
        return NULL;
    }
    return body;
}

/* ---- Answer -------------------------------------------------------- */

static int meili_highlighted(const meili_params *p, const char *key)
{
    size_t i;
    const json_t *e;

    json_array_foreach(p->highlight, i, e)
        if (strcmp(json_string_value(e), "*") == 0 ||
            strcmp(json_string_value(e), key) == 0)
            return 1;
    return 0;
}

/* `html` with each `from` replaced by `to`. */
static char *meili_replace(const char *html, const char *from, const char *to)
{
    gchar **parts = g_strsplit(html, from, -1);
    gchar *out = g_strjoinv(to, parts);

    g_strfreev(parts);
    return out;
}

/* Snippet HTML with <em> for <mark> (its only tags: the text is escaped). */
static char *meili_em(const char *html)
{
    gchar *open = meili_replace(html, "<mark>", "<em>");
    gchar *out = meili_replace(open, "</mark>", "</em>");

    g_free(open);
    return out;
}

/* HTML of meili_em's without its tags. */
static char *meili_untag(const char *html)
{
    gchar *open = meili_replace(html, "<em>", "");
    gchar *out = meili_replace(open, "</em>", "");

    g_free(open);
    return out;
}

/* The whole of a field, HTML-escaped, the query's words in <em>:
 * fdb_snippet marks them, wide enough not to cut the end, but it starts a
 * little before the first match; what it left out before ("… ") is put
 * back from the escaped text (escaped alike). */
static char *meili_mark_whole(const char *query, const char *value)
{
    char *marked = NULL, *html;
    gchar *esc = g_markup_escape_text(value, -1), *plain, *tail, *at;
    const char *cut = "\u2026 ";

    if (fdb_snippet(query, value, strlen(value), strlen(value) + 16, &marked,
                    NULL, 0) != FDB_OK) {
        free(marked);
        return esc;
    }
    tail = meili_em(g_str_has_prefix(marked, cut) ? marked + strlen(cut) : marked);
    free(marked);
    plain = meili_untag(tail);
    at = strstr(esc, plain);
    html = at ? g_strdup_printf("%.*s%s", (int)(at - esc), esc, tail) : g_strdup(tail);
    g_free(plain);
    g_free(tail);
    g_free(esc);
    return html;
}

/* A field of _formatted: HTML, the query's words in <em> when highlighted. */
static json_t *meili_format(const meili_params *p, const fdb_hit *h,
                            const char *key, const char *value)
{
    char *html;
    json_t *j;

    if (!meili_highlighted(p, key))
        html = g_markup_escape_text(value, -1);
    else if (strcmp(key, "snippet") == 0 && h->snippet)
        html = meili_em(h->snippet);
    else
        html = meili_mark_whole(p->q.query, value);
    j = json_string(html);
    g_free(html);
    return j;
}

static json_t *meili_hit(const meili_params *p, const http_request *req,
                         const fdb_hit *h)
{
    json_t *o = api_hit_json(req, h), *f, *v;
    const char *key;

    if (!o || !p->highlight)
        return o;
    f = json_object();
    json_object_foreach(o, key, v)
        json_object_set_new(f, key, json_is_string(v)
                                        ? meili_format(p, h, key, json_string_value(v))
                                        : json_incref(v));
    json_object_set_new(o, "_formatted", f);
    return o;
}

static json_t *meili_facets(const meili_params *p, const fdb_results *res)
{
    json_t *o = json_object();

    for (int k = 0; k < MA_N; k++)
        if (p->facets[k])
            json_object_set_new(o, meili_attrs[k],
                                res ? api_facet_json(res, meili_attrs[k]) : json_object());
    return o;
}

/* The answer, from res (NULL: the filter matches nothing). */
static json_t *meili_answer(const meili_params *p, const http_request *req,
                            const fdb_results *res)
{
    json_t *o = json_object(), *hits = json_array();
    unsigned total = res ? fdb_results_total(res) : 0;

    for (size_t i = 0; res && i < fdb_results_count(res); i++)
        json_array_append_new(hits, meili_hit(p, req, fdb_results_hit(res, i)));
    json_object_set_new(o, "hits", hits);
    json_object_set_new(o, "query", json_string(p->q.query));
    json_object_set_new(o, "processingTimeMs",
                        json_integer((json_int_t)(readers_took_ms(req) + 0.5)));
    if (p->paged) {
        json_object_set_new(o, "hitsPerPage", json_integer(p->hits_per_page));
        json_object_set_new(o, "page", json_integer(p->page));
        json_object_set_new(o, "totalPages", json_integer(p->hits_per_page
            ? (total + p->hits_per_page - 1) / p->hits_per_page : 0));
        json_object_set_new(o, "totalHits", json_integer(total));
    } else {
        json_object_set_new(o, "limit", json_integer(p->q.limit));
        json_object_set_new(o, "offset", json_integer(p->q.offset));
        json_object_set_new(o, "estimatedTotalHits", json_integer(total));
    }
    if (p->any_facets)
        json_object_set_new(o, "facetDistribution", meili_facets(p, res));
    return o;
}

/* Meilisearch has no word for an answer given in part: fouille adds its
 * own members (docs/api.md), and only then, so that a full answer is
 * Meilisearch's shape exactly. */
static void meili_mark_partial(json_t *o, fdb *db, unsigned partial)
{
    if (!partial)
        return;
    json_object_set_new(o, "partial", json_true());
    json_object_set_new(o, "partial_reasons", api_partial_json(partial));
    json_object_set_new(o, "shards_down", api_shards_down_json(db));
}

static fdb_status meili_job(fdb *db, http_request *req, const void *params,
                            json_t **out, unsigned *status, char *msg, size_t msglen)
{
    const meili_params *p = params;
    fdb_results *res = NULL;
    fdb_status st = p->nothing ? FDB_OK : fdb_search(db, &p->q, &res);

    if (st == FDB_ERR_QUERY || st == FDB_ERR_LIMIT) {
        *status = 400;
        snprintf(msg, msglen, "%s", fdb_last_error(db));
    }
    if (st != FDB_OK)
        return st;
    if (res && (fdb_results_partial(res) & FDB_PARTIAL_STOPPED)) {
        fdb_results_free(res);
        *status = 503;
        snprintf(msg, msglen, "the search was stopped");
        return FDB_ERR_INTERNAL;
    }
    json_decref(*out);
    *out = meili_answer(p, req, res);
    meili_mark_partial(*out, db, res ? fdb_results_partial(res) : 0);
    fdb_results_free(res);
    return FDB_OK;
}

void meili_search(api *a, http_request *req, const char *rest)
{
    int post = strcmp(req->method, "POST") == 0;
    json_t *body = post ? meili_body_json(req) : meili_query_json(req);
    meili_params p;

    (void)rest;
    if (!body)
        return;
    memset(&p, 0, sizeof p);
    p.strings = g_ptr_array_new_with_free_func(g_free);
    if (meili_parse(req, body, &p) == 0) {
        api_budget(a, &p.q);
        /* A POST's answer depends on its body, which the cache's key
         * (the target) does not hold. */
        readers_run(api_readers(a), req, meili_job, &p, !post);
    }
    g_ptr_array_free(p.strings, TRUE);
    json_decref(body);
}
