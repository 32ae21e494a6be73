/* test-fdb-threads.c -- readers in parallel threads, each with its own
 * handle, as the server runs them (fdb.h: "Readers each open their own
 * handle").
 *
 * Guards a crash found by tests/T702-load-faults.sh: a blank query (the
 * server's /api/stats, or an empty search) used Xapian::Query::MatchAll,
 * a static object whose reference count is not atomic, so concurrent
 * searches corrupted it and the server died in Query::get_length. Many
 * threads running blank and word queries at once must all succeed and
 * agree on the counts (French and English documents).
 */
#include <glib.h>
#include <glib/gstdio.h>
#include <stdlib.h>

#include "fdb.h"
#include "tap.h"
#include "tmp-index.h"

#define THREADS 4
#define ROUNDS 3000

static const char *idx;

typedef struct {
    unsigned blank_total, word_total;   /* what every search must find */
    unsigned failures;                  /* searches that failed or differed */
} job;

static void add(fdb *db, const char *path, const char *text)
{
    size_t len = strlen(text);
    fdb_file f = { .path = path, .type = "text", .title = path,
                   .date_source = "mtime", .npages = 1,
                   .page_text = &text, .page_len = &len };
    ok(fdb_replace_file(db, &f) == FDB_OK, "store %s", path);
}

static unsigned total_of(fdb *db, const char *query)
{
    fdb_query q = { .query = query, .limit = 2, .facets = 1 };
    fdb_results *r = NULL;
    unsigned t;

    if (fdb_search(db, &q, &r) != FDB_OK)
        return (unsigned)-1;
    t = fdb_results_total(r);
    fdb_results_free(r);
    return t;
}

static gpointer reader(gpointer p)
{
    job *j = p;
    fdb *db = NULL;
    char err[256];

    if (fdb_open_read(idx, &db, err, sizeof err) != FDB_OK) {
        j->failures = ROUNDS;
        return NULL;
    }
    for (int i = 0; i < ROUNDS; i++) {
        if (total_of(db, "") != j->blank_total)
            j->failures++;
        if (total_of(db, i % 2 ? "réunion" : "meeting") != j->word_total)
            j->failures++;
    }
    fdb_free(db);
    return NULL;
}

int main(void)
{
    tmp_index ti;
    fdb *db = tmp_index_open(&ti, "threads");
    GThread *t[THREADS];
    job jobs[THREADS];
    unsigned failures = 0;

    idx = ti.path;
    add(db, "a.txt", "Compte rendu de la réunion du bureau.");
    add(db, "b.txt", "Minutes of the meeting of the board.");
    add(db, "c.txt", "La réunion et le meeting : deux mots, un sens.");
    ok(fdb_commit(db) == FDB_OK, "commit");
    fdb_free(db);

    for (int i = 0; i < THREADS; i++) {
        jobs[i] = (job){ .blank_total = 3, .word_total = 2 };
        t[i] = g_thread_new("reader", reader, &jobs[i]);
    }
    for (int i = 0; i < THREADS; i++) {
        g_thread_join(t[i]);
        failures += jobs[i].failures;
    }
    ok(failures == 0, "%d threads x %d blank and word searches all answer "
       "right (%u failed)", THREADS, ROUNDS, failures);

    tmp_index_remove(&ti);
    return done_testing();
}
