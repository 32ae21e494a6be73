/* test-fdb.c -- the index wrapper, through its C header only.
 *
 * Builds a small index in a temporary folder from French and English
 * texts and checks what a reader of the archive expects: accents and
 * elisions do not matter, plurals meet singulars, one hit per file with
 * its best page and other pages, filters, facets counting files, sorting
 * by date, "did you mean", completions, renames, deletions, failures.
 */
#include "clock.h"
#include "fdb.h"
#include "tap.h"
#include "tmp-index.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <stdlib.h>

static fdb *db;

static void put(const char *path, const char *type, const char *title,
                const char *date, size_t npages, const char *const *texts)
{
    size_t lens[8];
    for (size_t i = 0; i < npages; i++)
        lens[i] = strlen(texts[i]);
    fdb_file f = {.path = path, .type = type, .title = title, .date = date,
                  .date_source = "metadata", .size = 1000, .mtime = 1600000000,
                  .npages = npages, .page_text = texts, .page_len = lens};
    fdb_status st = fdb_replace_file(db, &f);
    if (st != FDB_OK)
        diag("replace %s: %s", path, fdb_last_error(db));
}

/* The paths of the hits of a query, as "a,b,c"; pages as "path#N". */
static char *hits(const char *query, const fdb_query *base)
{
    fdb_query q = base ? *base : (fdb_query){0};
    q.query = query;
    if (!q.limit)
        q.limit = 10;
    fdb_results *r = NULL;
    if (fdb_search(db, &q, &r) != FDB_OK) {
        diag("search %s: %s", query, fdb_last_error(db));
        return g_strdup("ERROR");
    }
    GString *s = g_string_new("");
    for (size_t i = 0; i < fdb_results_count(r); i++) {
        const fdb_hit *h = fdb_results_hit(r, i);
        g_string_append_printf(s, "%s%s", i ? "," : "", h->file.path);
        if (h->page)
            g_string_append_printf(s, "#%u", h->page);
    }
    fdb_results_free(r);
    return g_string_free(s, FALSE);
}

static void check(const char *query, const char *want, const char *why)
{
    char *got = hits(query, NULL);
    char *name = g_strdup_printf("%s: '%s'", why, query);
    is_str(got, want, name);
    g_free(name);
    g_free(got);
}

static void build(void)
{
    const char *cr[] = {
        "Compte rendu de la réunion du groupe de travail.",
        "L’association dénonce la marchandisation du travail social.",
        "Les contrats à impact social et l'État : un débat économique.",
    };
    put("comptes-rendus/2022_CR19_mai.pdf", "pdf", "Réunion de mai", "2022-05-19", 3, cr);
    const char *art[] = {"Les associations d'éducation populaire face aux appels d'offres. "
                         "Le cœur de l'œuvre associative."};
    put("articles/appels.html", "html", "Appels d’offres", "2019-03-02", 1, art);
    const char *note[] = {"Social impact bonds: a note in English about funding and charities."};
    put("notes/sib.txt", "text", "SIB note", "2021-01-10", 1, note);
    const char *script[] = {"<script> in a title must stay text"};
    put("articles/script.html", "html", "Les <script> des plateformes", "2020-06-01", 1, script);
}

static void test_words(void)
{
    check("\"association denonce\"", "comptes-rendus/2022_CR19_mai.pdf#2",
          "elided l’association found by its word, in a phrase");
    check("\"l'association dénonce\"", "comptes-rendus/2022_CR19_mai.pdf#2",
          "the query's elision goes too");
    check("associations", "articles/appels.html,comptes-rendus/2022_CR19_mai.pdf#2",
          "plural finds the singular too (stem)");
    check("economique", "comptes-rendus/2022_CR19_mai.pdf#3", "no accent finds the accented word");
    check("ÉCONOMIQUE", "comptes-rendus/2022_CR19_mai.pdf#3", "capitals and accents fold");
    check("etat", "comptes-rendus/2022_CR19_mai.pdf#3", "l'État with a straight apostrophe");
    check("coeur oeuvre", "articles/appels.html", "œ ligature");
    check("\"travail social\"", "comptes-rendus/2022_CR19_mai.pdf#2", "phrase");
    check("\"social travail\"", "", "phrase words in the wrong order");
    check("funding charities", "notes/sib.txt", "English words");
    check("marchandis*", "comptes-rendus/2022_CR19_mai.pdf#2", "wildcard");
    check("social -impact", "comptes-rendus/2022_CR19_mai.pdf#2", "exclusion");
    char *got = hits("title:réunion", NULL);
    ok(g_str_has_prefix(got, "comptes-rendus/2022_CR19_mai.pdf#") && !strchr(got, ','),
       "title field: 'title:réunion' finds the file titled Réunion (%s)", got);
    g_free(got);
    check("titre:offres", "articles/appels.html", "French title field");
    check("travail OR", "comptes-rendus/2022_CR19_mai.pdf#2", "half-typed query still answers");
    check("zzzzunknown", "", "unknown word finds nothing");
    check("le travail avec les associations", "comptes-rendus/2022_CR19_mai.pdf#2",
          "French stopwords (le, avec, les) are not required");
    check("the funding of charities", "notes/sib.txt", "English stopwords neither");
    check("\"travail social\" du", "comptes-rendus/2022_CR19_mai.pdf#2",
          "a stopword beside a phrase");
    char *all = hits("les", NULL);
    ok(strlen(all) > 0, "a query of stopwords only still finds documents (%s)", all);
    g_free(all);
}

static void test_hits(void)
{
    fdb_query q = {.query = "social", .limit = 10, .other_pages = 5, .facets = 1,
                   .snippets = 1};
    fdb_results *r = NULL;
    ok(fdb_search(db, &q, &r) == FDB_OK, "search 'social' runs");
    is_int(fdb_results_total(r), 2, "total counts files, not pages");
    const fdb_hit *h = NULL;
    for (size_t i = 0; i < fdb_results_count(r); i++)
        if (fdb_results_hit(r, i)->page)
            h = fdb_results_hit(r, i);
    ok(h && h->nother_pages == 1, "the PDF hit lists its other matching page");
    ok(h && h->score > 0 && h->score <= 1, "score is relative, in (0, 1]");
    ok(h && h->snippet && strstr(h->snippet, "<mark>social</mark>") != NULL,
       "the hit carries its page's snippet, the query's word marked (%s)",
       h && h->snippet ? h->snippet : "");
    ok(h && !strcmp(h->file.type, "pdf") && h->file.pages == 3 && h->file.size == 1000 &&
       !strcmp(h->file.title, "Réunion de mai") && !strcmp(h->file.date, "2022-05-19") &&
       !strcmp(h->file.date_source, "metadata") && h->file.mtime == 1600000000 &&
       h->file.author == NULL && strlen(h->file.id) == 16,
       "the hit's file fields are typed: type, pages, size, title, date and its source, mtime");
    const char *name;
    unsigned count, pdf = 0, text = 0;
    for (size_t i = 0; fdb_results_facet(r, "type", i, &name, &count); i++) {
        if (!strcmp(name, "pdf")) pdf = count;
        if (!strcmp(name, "text")) text = count;
    }
    ok(pdf == 1 && text == 1, "type facet counts one PDF file and one text");
    fdb_results_free(r);

    q.snippets = 0;
    fdb_search(db, &q, &r);
    ok(fdb_results_count(r) > 0 && fdb_results_hit(r, 0)->snippet == NULL,
       "no snippet when the query does not ask for one");
    fdb_results_free(r);

    fdb_query qn = {.query = "social -impact NOT debat", .limit = 10, .snippets = 1};
    fdb_search(db, &qn, &r);
    h = fdb_results_count(r) ? fdb_results_hit(r, 0) : NULL;
    ok(h && h->snippet && strstr(h->snippet, "<mark>social</mark>") &&
       !strstr(h->snippet, "<mark>impact") && !strstr(h->snippet, "<mark>débat"),
       "excluded words (-impact, NOT debat) are not marked in snippets (%s)",
       h && h->snippet ? h->snippet : "");
    fdb_results_free(r);
}

static unsigned facet(const fdb_results *r, const char *facet, const char *value)
{
    const char *name;
    unsigned count;
    for (size_t i = 0; fdb_results_facet(r, facet, i, &name, &count); i++)
        if (!strcmp(name, value))
            return count;
    return 0;
}

static void test_facets(void)
{
    const char *types[] = {"pdf"};
    fdb_query q = {.query = "social", .limit = 10, .types = types, .ntypes = 1, .facets = 1};
    fdb_results *r = NULL;
    fdb_search(db, &q, &r);
    is_int(fdb_results_total(r), 1, "type=pdf keeps only the PDF");
    is_int(facet(r, "type", "text"), 1, "the type facet still counts the other types");
    is_int(facet(r, "year", "2022"), 1, "the year facet follows the type filter");
    is_int(facet(r, "year", "2021"), 0, "a year only the filtered-out text has is not counted");
    fdb_results_free(r);
}

static void test_filters(void)
{
    const char *types[] = {"html"};
    fdb_query q = {.types = types, .ntypes = 1};
    char *got = hits("", &q);
    is_str(got, "articles/appels.html,articles/script.html", "empty query with a type filter lists that type");
    g_free(got);
    int years[] = {2021};
    fdb_query qy = {.years = years, .nyears = 1};
    got = hits("", &qy);
    is_str(got, "notes/sib.txt", "year filter");
    g_free(got);
    fdb_query qr = {.from = "2019-01-01", .to = "2020-12-31", .sort = FDB_SORT_DATE_ASC};
    got = hits("", &qr);
    is_str(got, "articles/appels.html,articles/script.html", "date range, sorted by date");
    g_free(got);
    fdb_query qd = {.sort = FDB_SORT_DATE_DESC};
    got = hits("", &qd);
    is_str(got, "comptes-rendus/2022_CR19_mai.pdf#1,notes/sib.txt,articles/script.html,articles/appels.html",
           "newest first");
    g_free(got);
}

static void test_spelling_and_suggest(void)
{
    fdb_query q = {.query = "marchandisaton", .limit = 10, .spelling = 1};
    fdb_results *r = NULL;
    ok(fdb_search(db, &q, &r) == FDB_OK, "misspelt search runs");
    is_str(fdb_results_suggestion(r), "marchandisation", "did you mean corrects a typo");
    fdb_results_free(r);
    q.query = "economiqe";
    fdb_search(db, &q, &r);
    is_str(fdb_results_suggestion(r), "économique", "did you mean shows the accents back");
    fdb_results_free(r);
    q.query = "marchandisation";
    fdb_search(db, &q, &r);
    ok(fdb_results_suggestion(r) == NULL, "no suggestion when the query finds something");
    fdb_results_free(r);

    char **s = NULL;
    ok(fdb_suggest(db, "travail marchan", 10, 0, &s) == FDB_OK, "suggest runs");
    is_str(s && s[0] ? s[0] : NULL, "travail marchandisation", "completion keeps the typed start");
    fdb_strv_free(s);
    fdb_suggest(db, "s", 2, 0, &s);
    ok(s && s[0] && s[1] && !s[2], "at most max completions");
    ok(s && s[0] && !strcmp(s[0], "social"), "the most frequent first (%s)", s && s[0] ? s[0] : "");
    fdb_strv_free(s);
    fdb_suggest(db, "ÉCO", 10, 0, &s);
    is_str(s ? s[0] : NULL, "économique",
           "completion of a capital prefix shows the word with its accents");
    fdb_strv_free(s);

    /* A deadline already past: the answer comes at once, with what was
     * found by then (here nothing), and that cut answer is not kept for
     * the next request ("so" -> "social" once there is time). */
    ok(fdb_suggest(db, "so", 10, clock_now() - 1, &s) == FDB_OK && s && !s[0],
       "a suggestion past its deadline answers at once, with nothing found yet");
    fdb_strv_free(s);
    fdb_suggest(db, "so", 10, 0, &s);
    is_str(s ? s[0] : NULL, "social", "a cut suggestion is not kept: in time, it is found");
    fdb_strv_free(s);
    /* The completions kept for a short word serve a longer list too. */
    fdb_suggest(db, "s", 1, 0, &s);
    fdb_strv_free(s);
    fdb_suggest(db, "s", 10, 0, &s);
    ok(s && s[0] && s[1] && s[2], "a short word's kept completions are not cut to a smaller max");
    fdb_strv_free(s);
}

static int count_one(const fdb_file_info *info, void *ud)
{
    (void)info;
    (*(unsigned *)ud)++;
    return 0;
}

static unsigned count_files(void)
{
    unsigned n = 0;
    fdb_files(db, count_one, &n);
    return n;
}

static int find_failure(const fdb_file_info *info, void *ud)
{
    if (info->failure && !strcmp(info->path, "casse/vide.pdf"))
        *(const char **)ud = "found";
    return 0;
}

/* The stamp of one file's record, found by path (ud: in path, out the rest). */
static int find_stamp(const fdb_file_info *info, void *ud)
{
    fdb_file_info *want = ud;
    if (strcmp(info->path, want->path) != 0)
        return 0;
    want->size = info->size;
    want->mtime = info->mtime;
    want->mtime_ns = info->mtime_ns;
    want->ctime_ns = info->ctime_ns;
    want->inode = info->inode;
    return 1;
}

/* A record keeps the whole stamp (nanoseconds, inode), for a failure, an
 * indexed file, and after fdb_restamp_file. */
static void test_stamps(void)
{
    fdb_file_info rec = {.path = "casse/vide.pdf", .size = 0, .mtime = 1700000000,
                         .mtime_ns = 1700000000123456789LL, .ctime_ns = 1700000001987654321LL,
                         .inode = 4242, .failure = "empty file"};
    ok(fdb_record_failure(db, &rec) == FDB_OK, "record a failure with its stamp");
    fdb_file_info got = {.path = "casse/vide.pdf"};
    fdb_files(db, find_stamp, &got);
    ok(got.mtime_ns == rec.mtime_ns && got.ctime_ns == rec.ctime_ns && got.inode == 4242 &&
       got.mtime == 1700000000, "a failure's record keeps mtime and ctime in ns, and the inode");

    const char *t[] = {"Tampon : horodatage à la nanoseconde."};
    size_t l[] = {strlen(t[0])};
    fdb_file f = {.path = "tampon.txt", .type = "text", .size = 40, .mtime = 1700000000,
                  .mtime_ns = 1700000000000000001LL, .ctime_ns = 1700000000000000002LL,
                  .inode = 7, .npages = 1, .page_text = t, .page_len = l};
    ok(fdb_replace_file(db, &f) == FDB_OK, "store a file with its stamp");
    got = (fdb_file_info){.path = "tampon.txt"};
    fdb_files(db, find_stamp, &got);
    ok(got.size == 40 && got.mtime_ns == f.mtime_ns && got.ctime_ns == f.ctime_ns &&
       got.inode == 7, "an indexed file's record keeps its stamp");
    fdb_file_info now = {.path = "tampon.txt", .size = 41, .mtime = 1700000005,
                         .mtime_ns = 1700000005000000005LL, .ctime_ns = 1700000006000000006LL,
                         .inode = 8};
    ok(fdb_restamp_file(db, &now) == FDB_OK, "restamp a file");
    got = (fdb_file_info){.path = "tampon.txt"};
    fdb_files(db, find_stamp, &got);
    ok(got.size == 41 && got.mtime == 1700000005 && got.mtime_ns == now.mtime_ns &&
       got.ctime_ns == now.ctime_ns && got.inode == 8, "... its record has the new stamp");
    now.path = "absent.txt";
    ok(fdb_restamp_file(db, &now) == FDB_ERR_NOT_FOUND, "restamping an unknown file: not found");
    ok(fdb_delete_file(db, "tampon.txt") == FDB_OK, "(the stamped file goes)");
}

/* The reason recorded for a path, found by fdb_files (ud: in the path,
 * out the reason and size). */
static int find_reason(const fdb_file_info *info, void *ud)
{
    fdb_file_info *want = ud;
    if (strcmp(info->path, want->path) != 0)
        return 0;
    want->failure = info->failure ? strdup(info->failure) : NULL;
    want->size = info->size;
    want->inode = info->inode;
    return 1;
}

/* fdb_files reads the records' text back exactly, whatever the path and
 * the reason hold: quotes, backslashes, control characters, accents, a
 * character outside the BMP (a surrogate pair in the record's JSON). */
static void test_record_text(void)
{
    const char *paths[] = {
        "notes/« guillemets » \"cités\" et \\barre\\.txt",
        "comptes-rendus/réunion d’été 2024 – fête 🎉.txt",
        "bizarre/tab\there, line\nbreak/and \x01 control.txt",
        "plain/ascii-path_2024.txt",
    };
    const char *reason = "illisible : « document corrompu » \"x\" \\ 🎉";
    for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
        fdb_file_info rec = {.path = paths[i], .size = 100 + (long long)i, .mtime = 1700000000,
                             .mtime_ns = 1700000000000000000LL + (long long)i,
                             .ctime_ns = 1700000000000000000LL, .inode = 9000 + (long long)i,
                             .failure = reason};
        ok(fdb_record_failure(db, &rec) == FDB_OK, "record a failure at path %zu", i);
        fdb_file_info got = {.path = paths[i]};
        int found = 0;
        fdb_files(db, find_reason, &got);
        found = got.failure != NULL;
        ok(found && strcmp(got.failure, reason) == 0 && got.size == rec.size &&
           got.inode == rec.inode, "path %zu and its reason read back exactly", i);
        free((char *)got.failure);
        ok(fdb_delete_file(db, paths[i]) == FDB_OK, "(and removed)");
    }
}

static void test_changes(void)
{
    ok(fdb_rename_file(db, "notes/sib.txt", "notes/renamed sib.txt") == FDB_OK, "rename");
    fdb_commit(db);
    check("charities", "notes/renamed sib.txt", "a renamed file is found at its new path");
    check("path:renamed", "notes/renamed sib.txt", "and by its new path words");

    const char *two[] = {"Une page.", "Deux pages."};
    put("comptes-rendus/2022_CR19_mai.pdf", "pdf", "Réunion de mai", "2022-05-19", 2, two);
    fdb_commit(db);
    check("marchandisation", "", "a PDF that lost pages keeps no stale page");

    test_stamps();
    test_record_text();
    ok(fdb_delete_file(db, "articles/appels.html") == FDB_OK, "delete");
    fdb_commit(db);
    check("associations", "", "a deleted file is gone");
    const char *found = NULL;
    fdb_files(db, find_failure, &found);
    ok(found != NULL, "the failure is listed with its reason");
    is_int(count_files(), 4, "files: 3 indexed + 1 failed");

    char *blob = NULL;
    size_t len = 0;
    const char *t[] = {"Blob de test : financement public."};
    size_t l[] = {strlen(t[0])};
    fdb_file f = {.path = "blob.txt", .type = "text", .npages = 1, .page_text = t, .page_len = l};
    char err[256] = "";
    ok(fdb_file_encode(&f, &blob, &len, err, sizeof err) == FDB_OK && len > 4,
       "encode without an index");
    fdb_file incomplete = {.type = "text", .npages = 1, .page_text = t, .page_len = l};
    char *none = NULL;
    size_t nlen = 0;
    is_int(fdb_file_encode(&incomplete, &none, &nlen, err, sizeof err), FDB_ERR_INVALID,
           "a file without a path is not encoded");
    ok(none == NULL && err[0] != '\0', "... and the caller gets the message (%s)", err);
    ok(fdb_store_blob(db, blob, len) == FDB_OK, "store the blob");
    ok(fdb_store_blob(db, blob, len / 2) == FDB_ERR_INVALID, "a truncated blob is refused");
    free(blob);
    fdb_commit(db);
    check("financement", "blob.txt", "a stored blob is searchable");
}

/* Folders in the index folder: its generations. */
static unsigned generations(const char *dir)
{
    unsigned n = 0;
    GDir *d = g_dir_open(dir, 0, NULL);
    const char *name;
    while (d && (name = g_dir_read_name(d))) {
        char *full = g_build_filename(dir, name, NULL);
        n += g_file_test(full, G_FILE_TEST_IS_DIR);
        g_free(full);
    }
    if (d)
        g_dir_close(d);
    return n;
}

static void test_compact(const char *dir)
{
    fdb *r = NULL;
    char err[256];
    fdb_open_read(dir, &r, err, sizeof err);
    char *stub = g_build_filename(dir, "XAPIANDB", NULL);
    ok(g_file_test(stub, G_FILE_TEST_EXISTS), "a new index folder holds a stub naming its generation");
    g_free(stub);
    int done = 0;
    unsigned long rev_before = 0, rev_after = 0;
    fdb_info(r, &rev_before, NULL);
    ok(fdb_compact(db, &done) == FDB_OK && done, "compact");
    is_int(generations(dir), 1, "the generation replaced is removed at once: one copy of the index");
    fdb_query still = {.query = "\"impact bonds\"", .limit = 10, .snippets = 1};
    fdb_results *before = NULL;
    ok(fdb_search(r, &still, &before) == FDB_OK && fdb_results_count(before) == 1,
       "a reader still on the removed generation reads on from its open files (a phrase, "
       "with its snippet)");
    fdb_results_free(before);
    int changed = 0;
    ok(fdb_reopen(r, &changed) == FDB_OK && changed, "a reader moves to the compacted generation");
    fdb_info(r, &rev_after, NULL);
    ok(rev_after > rev_before, "the revision it sees still grows (%lu -> %lu)", rev_before, rev_after);
    char *got = NULL;
    fdb_query q = {.query = "charities", .limit = 10};
    fdb_results *res = NULL;
    ok(fdb_search(r, &q, &res) == FDB_OK && fdb_results_count(res) == 1,
       "... and finds what the index held");
    fdb_results_free(res);
    const char *t[] = {"apres compactage"};
    size_t l[] = {16};
    fdb_file f = {.path = "after.txt", .type = "text", .npages = 1, .page_text = t, .page_len = l};
    ok(fdb_replace_file(db, &f) == FDB_OK && fdb_commit(db) == FDB_OK,
       "the writer writes on in the new generation");
    fdb_reopen(r, NULL);
    got = hits("compactage", NULL);
    is_str(got, "after.txt", "what it writes is found");
    g_free(got);
    ok(fdb_compact(db, &done) == FDB_OK && done, "compact again");
    is_int(generations(dir), 1, "again one generation");
    ok(fdb_reopen(r, &changed) == FDB_OK && changed, "the reader follows again");
    fdb_free(r);
}

/* A generation left behind (a compaction killed before its switch, a
 * run killed after it) goes when a writer opens the index. */
static void test_tidy(const char *dir)
{
    char *stray = g_build_filename(dir, "g99", NULL);
    char *table = g_build_filename(stray, "postlist.glass", NULL);
    g_mkdir(stray, 0755);
    g_file_set_contents(table, "left by a killed compaction", -1, NULL);
    fdb_free(db);
    db = NULL;
    char err[256];
    ok(fdb_open_write(dir, &db, err, sizeof err) == FDB_OK, "the writer opens the index again");
    ok(!g_file_test(stray, G_FILE_TEST_EXISTS), "a stray generation is removed on opening");
    is_int(generations(dir), 1, "one generation is left, the one in use");
    char *got = hits("compactage", NULL);
    is_str(got, "after.txt", "... and it holds the index");
    g_free(got);
    g_free(table);
    g_free(stray);
}

/* Whether the generation the stub of `dir` names was named before in
 * `seen` (1), or is new there (0, and now seen). */
static unsigned generation_seen(GHashTable *seen, const char *dir)
{
    char *stub = g_build_filename(dir, "XAPIANDB", NULL);
    char *text = NULL;
    unsigned again = 0;
    if (!g_file_get_contents(stub, &text, NULL, NULL))
        diag("no stub in %s", dir);
    else if (g_hash_table_contains(seen, text))
        diag("%s names again: %s", stub, g_strchomp(text));
    again = text && g_hash_table_contains(seen, text);
    if (text && !again)
        g_hash_table_add(seen, text);
    else
        g_free(text);
    g_free(stub);
    return again;
}

/* A generation's name is never given twice in its folder: a reader still
 * on a removed generation (its open files, or a stub text it compares)
 * must never find another index under the same name. Compactions within
 * the same second, a rebuild after a compaction removed the rebuild
 * before, spelling copies one after the other: every stub names a folder
 * never named there before. */
static void test_generation_names(void)
{
    tmp_index t;
    fdb *w = tmp_index_open(&t, "names");
    char *spelling = g_build_filename(t.dir, "spelling", NULL);
    GHashTable *index_seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    GHashTable *spelling_seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    unsigned again = 0, steps = 0, failed = 0;
    char err[256] = "";
    generation_seen(index_seen, t.path);
    for (int round = 0; round < 4 && w; round++) {
        const char *text[] = {round % 2 ? "Rapport annuel de l'association" : "Annual report"};
        size_t len[] = {strlen(text[0])};
        fdb_file f = {.path = "rapport.txt", .type = "text", .npages = 1, .page_text = text,
                      .page_len = len};
        int done = 0;
        failed += fdb_replace_file(w, &f) != FDB_OK || fdb_commit(w) != FDB_OK;
        failed += fdb_compact(w, &done) != FDB_OK || !done;
        again += generation_seen(index_seen, t.path);
        failed += fdb_compact(w, &done) != FDB_OK || !done;
        again += generation_seen(index_seen, t.path);
        failed += fdb_spelling_export(w, spelling) != FDB_OK;
        again += generation_seen(spelling_seen, spelling);
        fdb_free(w);
        w = NULL;
        failed += fdb_open_rebuild(t.path, &w, err, sizeof err) != FDB_OK;
        again += generation_seen(index_seen, t.path);
        steps += 4;
    }
    if (!is_int(failed, 0, "compactions, spelling copies and rebuilds, 4 rounds"))
        diag("%s", err[0] ? err : fdb_last_error(w));
    ok(again == 0, "%u new generations: none takes a name its folder gave before (%u did)",
       steps, again);
    is_int(g_hash_table_size(index_seen) + g_hash_table_size(spelling_seen), steps + 1,
           "... each stub named a new folder");
    g_hash_table_destroy(index_seen);
    g_hash_table_destroy(spelling_seen);
    g_free(spelling);
    fdb_free(w);
    tmp_index_remove(&t);
}

static void test_reader(const char *dir)
{
    fdb *r = NULL;
    char err[256];
    ok(fdb_open_read(dir, &r, err, sizeof err) == FDB_OK, "a reader opens beside the writer");
    is_int(fdb_commit(r), FDB_ERR_INVALID, "a reader's handle cannot commit: a caller's mistake");
    ok(strstr(fdb_last_error(r), "writing") != NULL, "... the handle says why (%s)", fdb_last_error(r));
    fdb *w2 = NULL;
    is_int(fdb_open_write(dir, &w2, err, sizeof err), FDB_ERR_LOCKED, "a second writer is refused");
    unsigned long rev0 = 0, rev1 = 0;
    fdb_info(r, &rev0, NULL);
    const char *t[] = {"nouveau"};
    size_t l[] = {7};
    fdb_file f = {.path = "new.txt", .type = "text", .npages = 1, .page_text = t, .page_len = l};
    fdb_replace_file(db, &f);
    fdb_commit(db);
    int changed = 0;
    ok(fdb_reopen(r, &changed) == FDB_OK && changed, "reopen sees the new revision");
    fdb_info(r, &rev1, NULL);
    ok(rev1 > rev0, "the revision moved");
    fdb_doc d;
    ok(fdb_document(r, "0123", &d) == FDB_ERR_NOT_FOUND, "a malformed id is not found");
    ok(fdb_document(r, "0123456789abcdef", &d) == FDB_ERR_NOT_FOUND, "an unknown id is not found");
    fdb_query q = {.query = "nouveau", .limit = 1};
    fdb_results *res = NULL;
    char id[17] = "";
    if (fdb_search(r, &q, &res) == FDB_OK && fdb_results_count(res) == 1)
        g_strlcpy(id, fdb_results_hit(res, 0)->file.id, sizeof id);
    fdb_results_free(res);
    ok(fdb_document(r, id, &d) == FDB_OK && !strcmp(d.id, id) && !strcmp(d.path, "new.txt") &&
       !strcmp(d.type, "text") && d.title == NULL && d.date == NULL && d.pages == 1,
       "a document by the id of its hit: its typed fields, NULL when unknown");
    fdb_free(r);
    fdb *none = NULL;
    is_int(fdb_open_read("/nonexistent/fouille", &none, err, sizeof err), FDB_ERR_NOT_FOUND,
           "no index there: not found");
}

int main(void)
{
    tmp_index t;
    db = tmp_index_open(&t, "fdb");
    build();
    ok(fdb_commit(db) == FDB_OK, "commit");
    test_words();
    test_hits();
    test_filters();
    test_facets();
    test_spelling_and_suggest();
    test_changes();
    test_reader(t.path);
    test_compact(t.path);
    test_tidy(t.path);
    test_generation_names();
    fdb_free(db);
    tmp_index_remove(&t);
    return done_testing();
}
