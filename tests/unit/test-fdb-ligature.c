/* test-fdb-ligature.c -- a word written with a typographic ligature is
 * the word spelt out.
 *
 * PDFs often hold "ﬁ", "ﬂ", "ﬀ", "ﬃ" where the font joined two or three
 * letters. The stemmer does not take them for vowels: "ﬁle" gave the
 * stem "file" while "file" and "files" give "fil", and "ﬁche" the stem
 * "fiche" while "fiches" gives "fich". A page was then found by the word
 * itself, not by its plural or its other forms.
 * Since format 8 a ligature is spelt out before stemming, and the form
 * kept to show people the word ("fidèle" for "fidele") never holds one.
 */
#include "fdb.h"
#include "tap.h"
#include "tmp-index.h"

#include <glib.h>
#include <string.h>

static fdb *db;

static void put(const char *path, const char *text)
{
    size_t len = strlen(text);
    fdb_file f = {.path = path, .type = "text", .size = 1000, .mtime = 1600000000,
                  .npages = 1, .page_text = &text, .page_len = &len};
    if (fdb_replace_file(db, &f) != FDB_OK)
        diag("replace %s: %s", path, fdb_last_error(db));
}

/* The paths a query finds, as "a,b"; "ERROR: status" when it fails. */
static char *found(const char *query)
{
    fdb_query q = {.query = query, .limit = 10};
    fdb_results *r = NULL;
    fdb_status st = fdb_search(db, &q, &r);
    if (st != FDB_OK)
        return g_strdup_printf("ERROR: %s", fdb_status_string(st));
    GString *s = g_string_new("");
    for (size_t i = 0; i < fdb_results_count(r); i++)
        g_string_append_printf(s, "%s%s", i ? "," : "", fdb_results_hit(r, i)->file.path);
    fdb_results_free(r);
    return g_string_free(s, FALSE);
}

static void check(const char *query, const char *want, const char *why)
{
    char *got = found(query);
    char *name = g_strdup_printf("%s: '%s'", why, query);
    is_str(got, want, name);
    g_free(name);
    g_free(got);
}

/* The completions of `typed`, joined by "|". */
static char *completions(const char *typed)
{
    char **v = NULL;
    if (fdb_suggest(db, typed, 10, 0, &v) != FDB_OK)
        return g_strdup("ERROR");
    char *s = g_strjoinv("|", v);
    fdb_strv_free(v);
    return s;
}

int main(void)
{
    tmp_index t;
    db = tmp_index_open(&t, "ligature");
    put("en/typeset.txt", "The ﬁle was typeset with a ligature, and its ﬂags too.");
    put("fr/rapport.txt", "Une ﬁche efﬁcace et une adhérente ﬁdèle au groupe.");
    put("fr/plain.txt", "Des méthodes efficaces pour des adhérents fidèles.");
    ok(fdb_commit(db) == FDB_OK, "commit");

    check("files", "en/typeset.txt", "English: a plural finds \"ﬁle\" by its stem");
    check("flag", "en/typeset.txt", "English: a singular finds \"ﬂags\"");
    check("file", "en/typeset.txt", "English: the word typed plainly finds it");
    check("efficace", "fr/rapport.txt,fr/plain.txt",
          "French: \"efficace\" finds \"efﬁcace\" and its plural \"efficaces\"");
    check("fiches", "fr/rapport.txt", "French: the plural finds \"ﬁche\" by its stem");
    check("fidèles", "fr/plain.txt,fr/rapport.txt",
          "French: the plural finds \"ﬁdèle\" by its stem");
    check("fideles", "fr/plain.txt,fr/rapport.txt", "French: typed without accent too");

    char *c = completions("adhérente fid");
    ok(c && strstr(c, "fidèle") && !strstr(c, "\xEF\xAC"),
       "a completion shows \"fidèle\" spelt out, never the ligature (%s)", c);
    g_free(c);

    fdb_free(db);
    tmp_index_remove(&t);
    return done_testing();
}
