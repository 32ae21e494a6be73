/* test-fdb-browse.c -- browsing the index, through its C header only:
 * the folder (collection) facet and filter; documents without a known
 * date counted as the year "none", chosen with year 0, and sorted last in
 * both date orders; similar documents by relevance-set expansion (a
 * minutes on "subventions" finds the other one on subsidies before an
 * English note on otters); the start of each page of a document; an id
 * that keeps answering after its file is renamed or moved.
 */
#include "fdb.h"
#include "tap.h"
#include "tmp-index.h"

#include <glib.h>
#include <stdlib.h>

static fdb *db;

static void put(const char *path, const char *date, const char *text)
{
    size_t len = strlen(text);
    const char *texts[] = {text, "Deuxième page : la suite du compte rendu, les décisions."};
    size_t lens[] = {len, strlen(texts[1])};
    fdb_file f = {.path = path, .type = "pdf", .title = path, .date = date,
                  .date_source = date ? "filename" : NULL, .size = 10, .mtime = 1600000000,
                  .npages = 2, .page_text = texts, .page_len = lens};
    if (fdb_replace_file(db, &f) != FDB_OK)
        diag("replace %s: %s", path, fdb_last_error(db));
}

/* The hits' paths, "a,b"; with the facet `facet` as " | k=n k=n". */
static char *list(fdb_query q, const char *facet)
{
    fdb_results *r = NULL;
    q.limit = q.limit ? q.limit : 10;
    q.facets = facet != NULL;
    if (fdb_search(db, &q, &r) != FDB_OK)
        return g_strdup(fdb_last_error(db));
    GString *s = g_string_new("");
    for (size_t i = 0; i < fdb_results_count(r); i++)
        g_string_append_printf(s, "%s%s", i ? "," : "", fdb_results_hit(r, i)->file.path);
    const char *name;
    unsigned n;
    if (facet)
        g_string_append(s, " |");
    for (size_t i = 0; facet && fdb_results_facet(r, facet, i, &name, &n); i++)
        g_string_append_printf(s, " %s=%u", name, n);
    fdb_results_free(r);
    return g_string_free(s, FALSE);
}

static void check(fdb_query q, const char *facet, const char *want, const char *why)
{
    char *got = list(q, facet);
    is_str(got, want, why);
    g_free(got);
}

int main(void)
{
    tmp_index t;
    if (!(db = tmp_index_open(&t, "browse"))) {
        printf("Bail out! cannot make an index\n");
        return 1;
    }
    put("comptes-rendus/cr-subventions.pdf", "2022-05-19",
        "Compte rendu : les subventions aux associations baissent, la préfecture "
        "remplace les subventions de fonctionnement par des appels à projets.");
    put("comptes-rendus/cr-bureau.pdf", NULL,
        "Réunion du bureau, notes prises à la volée sur la trésorerie.");
    put("lettres/lettre-subventions.pdf", "2020-11-05",
        "Lettre ouverte : sans subventions de fonctionnement, les associations "
        "ferment ; les appels à projets ne financent pas la durée.");
    put("notes/otters.pdf", "2023-01-10",
        "The otters of the river were counted in January by the volunteers.");
    put("racine.pdf", "2019-03-01", "Un document à la racine de l'archive.");
    fdb_commit(db);

    /* Everything weighs the same: the files come in the order of their
     * ids (the same on one index and on its shards). */
    fdb_query all = {.query = ""};
    check(all, "folder",
          "comptes-rendus/cr-bureau.pdf,comptes-rendus/cr-subventions.pdf,racine.pdf,"
          "lettres/lettre-subventions.pdf,notes/otters.pdf"
          " | comptes-rendus=2 lettres=1 notes=1",
          "folder facet: files per top-level folder, by name; a file at the root is in none");
    const char *cr[] = {"comptes-rendus"};
    fdb_query in_cr = {.query = "", .folders = cr, .nfolders = 1};
    check(in_cr, "folder",
          "comptes-rendus/cr-bureau.pdf,comptes-rendus/cr-subventions.pdf"
          " | comptes-rendus=2 lettres=1 notes=1",
          "folder filter: that collection only; its facet keeps the others' counts");
    check(in_cr, "year", "comptes-rendus/cr-bureau.pdf,comptes-rendus/cr-subventions.pdf"
          " | 2022=1 none=1", "year facet: an undated file counts as « none », last");
    const int none[] = {0};
    fdb_query undated = {.query = "", .years = none, .nyears = 1};
    check(undated, NULL, "comptes-rendus/cr-bureau.pdf", "year 0 chooses the undated files");
    const int mixed[] = {2020, 0};
    fdb_query two = {.query = "", .years = mixed, .nyears = 2, .sort = FDB_SORT_DATE_DESC};
    check(two, NULL, "lettres/lettre-subventions.pdf,comptes-rendus/cr-bureau.pdf",
          "a year and « none » together");
    fdb_query newest = {.query = "", .sort = FDB_SORT_DATE_DESC};
    check(newest, NULL,
          "notes/otters.pdf,comptes-rendus/cr-subventions.pdf,lettres/lettre-subventions.pdf,"
          "racine.pdf,comptes-rendus/cr-bureau.pdf", "newest first: the undated file last");
    fdb_query oldest = {.query = "", .sort = FDB_SORT_DATE_ASC};
    check(oldest, NULL,
          "racine.pdf,lettres/lettre-subventions.pdf,comptes-rendus/cr-subventions.pdf,"
          "notes/otters.pdf,comptes-rendus/cr-bureau.pdf", "oldest first: the undated file last too");

    /* Similar documents. */
    fdb_query find = {.query = "subventions préfecture", .limit = 1};
    fdb_results *r = NULL;
    char id[32] = "";
    if (fdb_search(db, &find, &r) == FDB_OK && fdb_results_count(r) == 1)
        g_strlcpy(id, fdb_results_hit(r, 0)->file.id, sizeof id);
    fdb_results_free(r);
    r = NULL;
    ok(fdb_similar(db, id, 3, &r) == FDB_OK, "fdb_similar answers for a file");
    const char *first = r && fdb_results_count(r) ? fdb_results_hit(r, 0)->file.path : "";
    is_str(first, "lettres/lettre-subventions.pdf",
           "the most similar file to the minutes on subsidies is the letter on subsidies");
    int self = 0;
    for (size_t i = 0; r && i < fdb_results_count(r); i++)
        self |= strcmp(fdb_results_hit(r, i)->file.id, id) == 0;
    ok(!self, "a file is not similar to itself");
    fdb_results_free(r);
    r = NULL;
    is_int(fdb_similar(db, "0123456789abcdef", 3, &r), FDB_ERR_NOT_FOUND, "similar: unknown id");
    is_int(fdb_similar(db, "../etc", 3, &r), FDB_ERR_NOT_FOUND, "similar: not an id");

    /* The start of each page. */
    char **starts = NULL;
    ok(fdb_document_pages(db, id, 10, 30, &starts) == FDB_OK, "fdb_document_pages answers");
    ok(starts && starts[0] && starts[1] && !starts[2], "one start a page, two pages");
    if (starts && starts[0] && starts[1]) {
        ok(g_str_has_prefix(starts[0], "Compte rendu : les subventions") &&
           g_str_has_suffix(starts[0], "…"), "page 1 starts with its first words, cut: '%s'", starts[0]);
        ok(g_str_has_prefix(starts[1], "Deuxième page"), "page 2: '%s'", starts[1]);
    }
    fdb_strv_free(starts);
    starts = NULL;
    ok(fdb_document_pages(db, id, 1, 0, &starts) == FDB_OK && starts && starts[0] && !starts[1],
       "at most `max` pages");
    fdb_strv_free(starts);
    is_int(fdb_document_pages(db, "0123456789abcdef", 10, 0, &starts), FDB_ERR_NOT_FOUND,
           "pages: unknown id");

    /* An id survives a rename. */
    fdb_doc d;
    ok(fdb_rename_file(db, "comptes-rendus/cr-subventions.pdf",
                       "archives/2022/cr-subventions.pdf") == FDB_OK && fdb_commit(db) == FDB_OK,
       "a file is renamed");
    ok(fdb_document(db, id, &d) == FDB_OK, "its old id still answers");
    is_str(d.path, "archives/2022/cr-subventions.pdf", "... with the file at its new path");
    ok(strcmp(d.id, id) != 0 && strlen(d.id) == 16, "... and its new id (%s)", d.id);
    char newid[32];
    g_strlcpy(newid, d.id, sizeof newid);
    ok(fdb_rename_file(db, "archives/2022/cr-subventions.pdf", "cr.pdf") == FDB_OK &&
       fdb_note_move(db, "lettres/lettre-subventions.pdf", "courrier/lettre.pdf") == FDB_OK &&
       fdb_commit(db) == FDB_OK, "renamed again");
    ok(fdb_document(db, id, &d) == FDB_OK && strcmp(d.path, "cr.pdf") == 0,
       "the first id follows both renames (%s)", d.path);
    ok(fdb_document(db, newid, &d) == FDB_OK && strcmp(d.path, "cr.pdf") == 0, "so does the second");
    r = NULL;
    ok(fdb_similar(db, id, 2, &r) == FDB_OK && fdb_results_count(r) > 0, "similar follows it too");
    fdb_results_free(r);
    starts = NULL;
    ok(fdb_document_pages(db, id, 2, 0, &starts) == FDB_OK && starts && starts[0], "and the pages");
    fdb_strv_free(starts);
    ok(fdb_delete_file(db, "cr.pdf") == FDB_OK && fdb_commit(db) == FDB_OK, "deleted");
    is_int(fdb_document(db, id, &d), FDB_ERR_NOT_FOUND, "a deleted file's old ids answer nothing");

    fdb_free(db);
    tmp_index_remove(&t);
    return done_testing();
}
