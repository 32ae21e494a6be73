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
    tmp_index_put_text(db, "en/typeset.txt", NULL,
        "The ﬁle was typeset with a ligature, and its ﬂags too.");
    tmp_index_put_text(db, "fr/rapport.txt", NULL,
        "Une ﬁche efﬁcace et une adhérente ﬁdèle au groupe.");
    tmp_index_put_text(db, "fr/plain.txt", NULL,
        "Des méthodes efficaces pour des adhérents fidèles.");
    ok(fdb_commit(db) == FDB_OK, "commit");

    tmp_index_check(db, "files", "en/typeset.txt", "English: a plural finds \"ﬁle\" by its stem");
    tmp_index_check(db, "flag", "en/typeset.txt", "English: a singular finds \"ﬂags\"");
    tmp_index_check(db, "file", "en/typeset.txt", "English: the word typed plainly finds it");
    tmp_index_check(db, "efficace", "fr/rapport.txt,fr/plain.txt",
                    "French: \"efficace\" finds \"efﬁcace\" and its plural \"efficaces\"");
    tmp_index_check(db, "fiches", "fr/rapport.txt",
                    "French: the plural finds \"ﬁche\" by its stem");
    tmp_index_check(db, "fidèles", "fr/plain.txt,fr/rapport.txt",
                    "French: the plural finds \"ﬁdèle\" by its stem");
    tmp_index_check(db, "fideles", "fr/plain.txt,fr/rapport.txt",
                    "French: typed without accent too");

    char *c = completions("adhérente fid");
    ok(c && strstr(c, "fidèle") && !strstr(c, "\xEF\xAC"),
       "a completion shows \"fidèle\" spelt out, never the ligature (%s)", c);
    g_free(c);

    fdb_free(db);
    tmp_index_remove(&t);
    return done_testing();
}
