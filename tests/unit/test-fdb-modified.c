/* test-fdb-modified.c -- every reader's call on a revision the writer has
 * overwritten: FDB_ERR_MODIFIED, nothing lost, and the same call answers
 * again once the handle is reopened.
 *
 * A reader keeps reading the revision it opened until the writer's second
 * commit after it reuses that revision's blocks; its next read of one of
 * them throws Xapian::DatabaseModifiedError, which fdb_guard turns into
 * FDB_ERR_MODIFIED (the server then reopens and runs the request again,
 * server/readers.c). Here the writer rewrites every file and commits
 * several times while a reader is open, so that each call (searches with
 * facets, sorting, spelling and other pages, completions, a document, its
 * pages, similar files, the file records, metadata) meets an overwritten
 * block on its first read, deterministically. Run under ASan (make test
 * SANITIZE=address,undefined; make check-valgrind runs it under
 * valgrind), it guards the exception paths against leaks: a call the
 * exception interrupts must free what it built (results, key makers,
 * posting sources, match spies, cursors). It found one inside Xapian
 * (metadata_keys_begin, under fdb_files: see fdb_reader_current).
 */
#include <glib.h>
#include <stdlib.h>

#include "fdb.h"
#include "tap.h"
#include "tmp-index.h"

#define FILES 60
#define PAGES 3
#define COMMITS 3

static const char *idx;
static fdb *writer;
static char first_id[17];

/* Every file's pages, rewritten in `round` (other words each round, so
 * that every table's blocks change): French and English text. */
static void write_all(unsigned round)
{
    static const char *const words[] = {
        "réunion", "budget", "association", "économie", "meeting",
        "funding", "travail", "bureau", "compte", "rendu", "social", "charity",
    };
    for (unsigned f = 0; f < FILES; f++) {
        char path[32], title[64], date[16];
        char *pages[PAGES];
        size_t lens[PAGES];
        snprintf(path, sizeof path, "notes/n%02u.pdf", f);
        snprintf(title, sizeof title, "Compte rendu %u, version %u", f, round);
        snprintf(date, sizeof date, "20%02u-0%u-1%u", 10 + f % 12, 1 + f % 9, f % 10);
        for (unsigned p = 0; p < PAGES; p++) {
            GString *s = g_string_new("");
            for (unsigned w = 0; w < 40; w++)
                g_string_append_printf(s, "%s n%u ", words[(f + p + w + round) % G_N_ELEMENTS(words)],
                                       (w * 7 + f + round) % 50);
            lens[p] = s->len;
            pages[p] = g_string_free(s, FALSE);
        }
        fdb_file file = { .path = path, .type = "pdf", .title = title,
                          .date = f % 5 ? date : NULL,
                          .date_source = f % 5 ? "metadata" : NULL,
                          .size = 1000 + f, .mtime = 1600000000 + round,
                          .npages = PAGES, .page_text = (const char *const *)pages,
                          .page_len = lens };
        if (fdb_replace_file(writer, &file) != FDB_OK)
            diag("replace %s: %s", path, fdb_last_error(writer));
        for (unsigned p = 0; p < PAGES; p++)
            g_free(pages[p]);
    }
    /* Metadata over several blocks, so that the one of last_update is
     * not the block opening the index read (its format). */
    for (unsigned k = 0; k < 200; k++) {
        char key[16], value[80];
        snprintf(key, sizeof key, "a%03u", k);
        snprintf(value, sizeof value, "note %u of round %u, written to fill "
                 "the metadata's blocks", k, round);
        fdb_set_meta(writer, key, value);
    }
    if (fdb_set_meta(writer, "last_update", round % 2 ? "1700000000" : "1700000001") != FDB_OK ||
        fdb_commit(writer) != FDB_OK)
        diag("commit: %s", fdb_last_error(writer));
}

/* ---- The calls, each releasing what it was handed ------------------ */

static fdb_status run_search(fdb *db, const fdb_query *q)
{
    fdb_results *r = NULL;
    fdb_status st = fdb_search(db, q, &r);
    if (st == FDB_OK && fdb_results_count(r) == 0 && q->query && q->query[0] &&
        !fdb_results_suggestion(r))
        st = FDB_ERR_NOT_FOUND;
    fdb_results_free(r);
    return st;
}

static fdb_status op_search_words(fdb *db)
{
    fdb_query q = { .query = "réunion budget", .limit = 10, .other_pages = 3,
                    .facets = 1, .snippets = 1 };
    return run_search(db, &q);
}

static fdb_status op_search_stats(fdb *db)
{
    /* What /api/stats asks: every file, facets only. */
    fdb_query q = { .query = "", .limit = 0, .facets = 1 };
    return run_search(db, &q);
}

static fdb_status op_search_sorted(fdb *db)
{
    const char *types[] = { "pdf" };
    int years[] = { 2011, 2012, 0 };
    fdb_query q = { .query = "association", .limit = 20, .sort = FDB_SORT_DATE_DESC,
                    .types = types, .ntypes = 1, .years = years, .nyears = 3,
                    .facets = 1, .snippets = 1 };
    return run_search(db, &q);
}

static fdb_status op_search_wildcard(fdb *db)
{
    fdb_query q = { .query = "econ* OR \"compte rendu\"", .limit = 10,
                    .sort = FDB_SORT_DATE_ASC, .facets = 1 };
    return run_search(db, &q);
}

static fdb_status op_search_partial(fdb *db)
{
    fdb_query q = { .query = "travail fund", .limit = 10, .partial = 1, .facets = 1 };
    return run_search(db, &q);
}

static fdb_status op_search_spelling(fdb *db)
{
    /* Finds nothing: "did you mean" consults the spelling table. */
    fdb_query q = { .query = "reunoin", .limit = 10, .spelling = 1, .facets = 1 };
    fdb_results *r = NULL;
    fdb_status st = fdb_search(db, &q, &r);
    fdb_results_free(r);
    return st;
}

static fdb_status op_suggest(fdb *db)
{
    char **s = NULL;
    fdb_status st = fdb_suggest(db, "compte ren", 8, 0, &s);
    if (st == FDB_OK && (!s || !s[0]))
        st = FDB_ERR_NOT_FOUND;
    fdb_strv_free(s);
    return st;
}

static fdb_status op_document(fdb *db)
{
    fdb_doc d;
    return fdb_document(db, first_id, &d);
}

static fdb_status op_document_pages(fdb *db)
{
    char **pages = NULL;
    fdb_status st = fdb_document_pages(db, first_id, 2, 80, &pages);
    fdb_strv_free(pages);
    return st;
}

static fdb_status op_similar(fdb *db)
{
    fdb_results *r = NULL;
    fdb_status st = fdb_similar(db, first_id, 5, &r);
    fdb_results_free(r);
    return st;
}

static int count_one(const fdb_file_info *info, void *ud)
{
    (void)info;
    (*(unsigned *)ud)++;
    return 0;
}

static fdb_status op_files(fdb *db)
{
    unsigned n = 0;
    fdb_status st = fdb_files(db, count_one, &n);
    return st == FDB_OK && n != FILES ? FDB_ERR_INTERNAL : st;
}

static fdb_status op_get_meta(fdb *db)
{
    char *v = NULL;
    fdb_status st = fdb_get_meta(db, "last_update", &v);
    free(v);
    return st;
}

typedef struct {
    const char *name;
    fdb_status (*run)(fdb *db);
} op;

static const op ops[] = {
    { "search with facets, snippets and other pages", op_search_words },
    { "blank search with facets (/api/stats)", op_search_stats },
    { "search sorted by date, filtered by type and year", op_search_sorted },
    { "wildcard and phrase search sorted oldest first", op_search_wildcard },
    { "search as you type", op_search_partial },
    { "misspelt search with \"did you mean\"", op_search_spelling },
    { "completions", op_suggest },
    { "a document", op_document },
    { "a document's pages", op_document_pages },
    { "similar files", op_similar },
    { "file records", op_files },
    { "metadata", op_get_meta },
};

/* The id of notes/n00.pdf (the ids are the library's), from a search. */
static void learn_first_id(void)
{
    fdb_query q = { .query = "", .limit = FILES };
    fdb_results *r = NULL;
    if (fdb_search(writer, &q, &r) == FDB_OK)
        for (size_t i = 0; i < fdb_results_count(r); i++)
            if (!strcmp(fdb_results_hit(r, i)->file.path, "notes/n00.pdf"))
                g_strlcpy(first_id, fdb_results_hit(r, i)->file.id, sizeof first_id);
    fdb_results_free(r);
}

/* Each call on two readers of the first revision: a cold one, whose
 * first read is of an overwritten block, and a warm one, which answered
 * the same call before and may still hold some of the blocks it needs
 * (the server's case: its handles answer many requests). Then both
 * reopen and answer. */
int main(void)
{
    enum { N = G_N_ELEMENTS(ops) };
    tmp_index t;
    char err[256];
    fdb *cold[N] = { NULL }, *warm[N] = { NULL };
    unsigned round = 0, warm_modified = 0;

    writer = tmp_index_open(&t, "modified");
    idx = t.path;
    write_all(round++);
    learn_first_id();
    ok(strlen(first_id) == 16, "a file's id (%s)", first_id);
    for (size_t i = 0; i < N; i++) {
        if (fdb_open_read(idx, &cold[i], err, sizeof err) != FDB_OK ||
            fdb_open_read(idx, &warm[i], err, sizeof err) != FDB_OK)
            diag("open a reader: %s", err);
        is_int(ops[i].run(warm[i]), FDB_OK, ops[i].name);
    }
    for (int c = 0; c < COMMITS; c++)
        write_all(round++);

    for (size_t i = 0; i < N; i++) {
        fdb_status st = ops[i].run(cold[i]);
        if (!ok(st == FDB_ERR_MODIFIED, "%s, on a revision overwritten since: "
                "FDB_ERR_MODIFIED (%s)", ops[i].name, fdb_status_string(st)))
            diag("%s", fdb_last_error(cold[i]));
        st = ops[i].run(warm[i]);
        ok(st == FDB_ERR_MODIFIED || st == FDB_OK, "the same after it answered "
           "on that revision: FDB_ERR_MODIFIED, or an answer from the blocks "
           "it holds (%s)", fdb_status_string(st));
        warm_modified += st == FDB_ERR_MODIFIED;
        ok(fdb_reopen(cold[i], NULL) == FDB_OK && fdb_reopen(warm[i], NULL) == FDB_OK,
           "both reopen");
        is_int(ops[i].run(cold[i]), FDB_OK, "and answer on the newest revision");
        is_int(ops[i].run(warm[i]), FDB_OK, "both");
        fdb_free(cold[i]);
        fdb_free(warm[i]);
    }
    diag("%u of %d warm calls met an overwritten revision", warm_modified, N);

    fdb_free(writer);
    tmp_index_remove(&t);
    return done_testing();
}
