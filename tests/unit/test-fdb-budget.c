/* test-fdb-budget.c -- what a search may cost, through fdb.h only.
 *
 * On a small index of French and English pages: a wildcard matching more
 * words than its share searches the most frequent and says it was cut;
 * queries over the grammar's bounds (words, wildcards, phrases, their
 * length, NEAR windows, nesting) are refused with FDB_ERR_LIMIT and a
 * message naming the bound, those just within are answered; a deadline,
 * a CPU limit or a stop function cut a search short and say so; the other
 * matching pages of PDF hits, found in one match, are the best ones.
 */
#include "clock.h"
#include "fdb.h"
#include "tap.h"
#include "tmp-index.h"

#include <glib.h>
#include <stdlib.h>

static fdb *db;

/* Files without a title: a title weighs on a PDF's first page (index format
 * 4), and these tests are about what the pages' text weighs. */
static void put(const char *path, const char *type, size_t npages,
                const char *const *texts)
{
    size_t lens[8];
    for (size_t i = 0; i < npages; i++)
        lens[i] = strlen(texts[i]);
    fdb_file f = {.path = path, .type = type, .date = "2024-01-15",
                  .date_source = "metadata", .size = 1000, .mtime = 1700000000,
                  .npages = npages, .page_text = texts, .page_len = lens};
    if (fdb_replace_file(db, &f) != FDB_OK)
        diag("replace %s: %s", path, fdb_last_error(db));
}

/* 40 notes holding 300 words "motNNN" (the word motNNN in N % 40 + 1
 * of them, so their frequencies differ), and one PDF of six pages where
 * "budget" is most frequent on page 3, then 5, then 1. */
static void build(void)
{
    for (int f = 0; f < 40; f++) {
        GString *s = g_string_new("L’été du collectif, the summer of the collective: ");
        for (int w = 0; w < 300; w++)
            if (f <= w % 40)
                g_string_append_printf(s, "mot%03d ", w);
        char *path = g_strdup_printf("notes/note%02d.txt", f);
        const char *texts[] = {s->str};
        put(path, "text", 1, texts);
        g_free(path);
        g_string_free(s, TRUE);
    }
    const char *pages[] = {
        "budget budget budget de l’association",
        "budget annexe",
        "budget budget budget budget budget : le budget voté",
        "le budget, encore",
        "budget budget budget budget du collectif",
        "budget en fin",
    };
    put("budget/2024_budget.pdf", "pdf", 6, pages);
}

/* Run a query; the status, and its results in *out (NULL on error). Room
 * for every hit: Xapian's count is exact then (with fewer, a collapsed
 * count may be an estimate). */
static fdb_status run(fdb_query q, fdb_results **out)
{
    if (!q.limit)
        q.limit = 50;
    fdb_status st = fdb_search(db, &q, out);
    if (st != FDB_OK)
        *out = NULL;
    return st;
}

static char *repeat(const char *fmt, int n, const char *sep)
{
    GString *s = g_string_new("");
    for (int i = 0; i < n; i++) {
        if (i)
            g_string_append(s, sep);
        g_string_append_printf(s, fmt, i, i);
    }
    return g_string_free(s, FALSE);
}

/* The total of a search, or -1 when it fails; its partial bits in *bits. */
static long total_of(fdb_query q, unsigned *bits)
{
    fdb_results *r;
    if (run(q, &r) != FDB_OK)
        return -1;
    long t = fdb_results_total(r);
    *bits = fdb_results_partial(r);
    fdb_results_free(r);
    return t;
}

static void test_wildcards(void)
{
    unsigned bits = 0;
    long t = total_of((fdb_query){.query = "mot*"}, &bits);
    ok(t >= 0, "a wildcard of 300 words is answered");
    ok(bits & FDB_PARTIAL_WILDCARD, "... and says it was cut to its most frequent words");
    is_int(t, 40, "... which still find every note");
    t = total_of((fdb_query){.query = "mot29*"}, &bits);
    ok(t > 0 && bits == 0, "a wildcard of 10 words is not cut");
    t = total_of((fdb_query){.query = "été colle*"}, &bits);
    ok(bits == 0 && t == 41, "'été colle*' finds 'collectif' and 'collective' (%ld)", t);
    /* Sixteen wildcards share the budget: 16 words each; mot2* has 100. */
    char *w16 = repeat("mot0%d*", 10, " OR ");
    char *q16 = g_strdup_printf("%s OR mot2* OR b* OR c* OR d* OR e* OR f*", w16);
    t = total_of((fdb_query){.query = q16}, &bits);
    ok(t == 41 && (bits & FDB_PARTIAL_WILDCARD),
       "16 wildcards are answered, each cut to its share (%ld)", t);
    fdb_results *r;
    char *q17 = g_strdup_printf("%s OR g*", q16);
    ok(run((fdb_query){.query = q17}, &r) == FDB_ERR_LIMIT, "17 wildcards are refused");
    ok(strstr(fdb_last_error(db), "wildcards") != NULL, "... saying why: %s",
       fdb_last_error(db));
    g_free(w16);
    g_free(q16);
    g_free(q17);
}

static void test_grammar(void)
{
    fdb_results *r;
    struct { const char *fmt, *sep; int n; fdb_status want; const char *why, *says; } cases[] = {
        {"mot%03d", " OR ", 64, FDB_OK, "64 words", NULL},
        {"mot%03d", " OR ", 65, FDB_ERR_LIMIT, "65 words", "words"},
        {"\"mot%03d budget\"", " OR ", 8, FDB_OK, "8 phrases", NULL},
        {"\"mot%03d budget\"", " OR ", 9, FDB_ERR_LIMIT, "9 phrases", "phrases"},
        {"mot%03d", " NEAR/50 ", 3, FDB_OK, "NEAR/50", NULL},
        {"mot%03d", " NEAR/51 ", 3, FDB_ERR_LIMIT, "NEAR/51", "NEAR"},
        {"mot%03d", " ADJ/99999999999 ", 2, FDB_ERR_LIMIT, "ADJ/99999999999", "NEAR or ADJ"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *q = repeat(cases[i].fmt, cases[i].n, cases[i].sep);
        fdb_status st = run((fdb_query){.query = q}, &r);
        ok(st == cases[i].want, "%s: %s", cases[i].why, fdb_status_string(st));
        if (cases[i].says)
            ok(strstr(fdb_last_error(db), cases[i].says) != NULL, "... saying why: %s",
               fdb_last_error(db));
        fdb_results_free(r);
        g_free(q);
    }
    for (int n = 16; n <= 17; n++) {
        char *words = repeat("mot%03d", n, " ");
        char *q = g_strdup_printf("\"%s\"", words);
        fdb_status st = run((fdb_query){.query = q}, &r);
        ok(st == (n == 16 ? FDB_OK : FDB_ERR_LIMIT), "a phrase of %d words: %s", n,
           fdb_status_string(st));
        fdb_results_free(r);
        g_free(q);
        g_free(words);
    }
    for (int n = 4; n <= 20; n += 16) {
        GString *q = g_string_new("");
        for (int i = 0; i < n; i++)
            g_string_append_printf(q, "(mot%03d %s ", i, i % 2 ? "AND" : "OR");
        g_string_append(q, "budget");
        for (int i = 0; i < n; i++)
            g_string_append_c(q, ')');
        fdb_status st = run((fdb_query){.query = q->str}, &r);
        ok(st == (n == 4 ? FDB_OK : FDB_ERR_LIMIT), "%d nested groups: %s", n,
           fdb_status_string(st));
        if (n > 4)
            ok(strstr(fdb_last_error(db), "nested") != NULL, "... saying why: %s",
               fdb_last_error(db));
        fdb_results_free(r);
        g_string_free(q, TRUE);
    }
}

static int stop_calls;
static int stop_now(void *ud)
{
    stop_calls++;
    return *(int *)ud;
}

/* total_of on a new reader of the index at `path`: a handle keeps the
 * count of a query it has counted whole for the revision (fdb_derived.cc),
 * which a search cut short answers then; a new one has counted nothing. */
static long total_fresh(const char *path, fdb_query q, unsigned *bits)
{
    fdb *writer = db;
    char err[256];
    if (fdb_open_read(path, &db, err, sizeof err) != FDB_OK) {
        diag("open %s: %s", path, err);
        db = writer;
        return -1;
    }
    long t = total_of(q, bits);
    fdb_free(db);
    db = writer;
    return t;
}

static void test_time(const char *path)
{
    unsigned bits = 0;
    fdb_query q = {.query = "été OR mot*", .facets = 1, .other_pages = 5};
    long whole = total_of(q, &bits);
    ok(whole == 40 && !(bits & FDB_PARTIAL_TIME), "no deadline: not cut by time (%ld)", whole);

    q.deadline = clock_now() - 1;
    long t = total_fresh(path, q, &bits);
    ok(t >= 0, "a search past its deadline still answers");
    ok(bits & FDB_PARTIAL_TIME, "... and says it was cut by time");
    ok(t < whole, "... having looked at less (%ld of %ld)", t, whole);
    t = total_of(q, &bits);
    ok(t == whole && (bits & FDB_PARTIAL_TIME),
       "past its deadline on the handle that counted it whole: that count (%ld), "
       "cut by time all the same", t);

    q.deadline = clock_now() + 60;
    t = total_fresh(path, q, &bits);
    ok(t == whole && !(bits & FDB_PARTIAL_TIME), "a deadline far off changes nothing");

    q.deadline = 0;
    q.cpu_limit = 1e-9;
    t = total_fresh(path, q, &bits);
    ok(t < whole && (bits & FDB_PARTIAL_TIME), "a CPU limit cuts it too (%ld)", t);

    int yes = 1, no = 0;
    q.cpu_limit = 0;
    q.stop = stop_now;
    q.stop_ud = &no;
    stop_calls = 0;
    t = total_of(q, &bits);
    ok(t == whole && bits == FDB_PARTIAL_WILDCARD,
       "a stop function that says no changes nothing");
    ok(stop_calls > 0, "... it was asked (%d times)", stop_calls);
    q.stop_ud = &yes;
    t = total_fresh(path, q, &bits);
    ok(t < whole && (bits & FDB_PARTIAL_STOPPED),
       "a stop function that says yes stops the search, which says so (%ld)", t);
}

static void test_other_pages(void)
{
    fdb_results *r;
    for (unsigned max = 2; max <= 5; max += 3) {
        fdb_query q = {.query = "budget", .other_pages = max};
        ok(run(q, &r) == FDB_OK && r && fdb_results_count(r) == 1,
           "budget: one hit, the PDF (other_pages %u)", max);
        const fdb_hit *h = r ? fdb_results_hit(r, 0) : NULL;
        is_int(h ? h->page : 0, 3, "... at its best page");
        GString *s = g_string_new("");
        for (size_t i = 0; h && i < h->nother_pages; i++)
            g_string_append_printf(s, "%s%u", i ? "," : "", h->other_pages[i]);
        is_str(s->str, max == 2 ? "1,5" : "1,2,4,5,6",
               max == 2 ? "... its two best other pages, in page order"
                        : "... and all five others");
        g_string_free(s, TRUE);
        fdb_results_free(r);
    }
}

int main(void)
{
    tmp_index t;
    db = tmp_index_open(&t, "budget");
    build();
    ok(fdb_commit(db) == FDB_OK, "commit");
    test_wildcards();
    test_grammar();
    test_time(t.path);
    test_other_pages();
    fdb_free(db);
    tmp_index_remove(&t);
    return done_testing();
}
