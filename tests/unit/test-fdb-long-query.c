/* test-fdb-long-query.c -- a long plain query meets the index as a short
 * one does.
 *
 * A query word is stemmed through the form the index saw of it: the
 * French "avancee" through "avancée". A page that writes the word
 * plainly holds another stem ("avancee" typed without its accent stems
 * to "avance", "avancée" to "avanc"), and finds the word by the word
 * itself. (The English "file" used to go through "ﬁle", a PDF's fi
 * ligature, stemmed to "file" where "file" gives "fil": since format 8
 * ligatures are spelt out first, test-fdb-ligature.c.) Past 16 words a
 * query used to go to QueryParser, which matches a word by its stem
 * alone: the page was then missed by a query of 17 words that its first
 * 16 found. Every plain query is now planned (lib/fdb_plan.cc) up to the
 * grammar's bound of words, past which it is refused.
 */
#include "fdb.h"
#include "tap.h"
#include "tmp-index.h"

#include <glib.h>
#include <string.h>

static fdb *db;

/* The first `n` words of `text`, joined by spaces. */
static char *first_words(const char *text, unsigned n)
{
    char **w = g_strsplit(text, " ", -1);
    char *cut = g_strv_length(w) > n ? w[n] : NULL;
    if (cut)
        w[n] = NULL;
    char *s = g_strjoinv(" ", w);
    if (cut)
        w[n] = cut;
    g_strfreev(w);
    return s;
}

/* The query of `text`'s first 16 words and of all of them (17 or more)
 * both find `path`. */
static void long_and_short(const char *text, const char *path, const char *lang)
{
    char *prefix = first_words(text, 16);
    char *a = tmp_index_found(db, prefix), *b = tmp_index_found(db, text);
    char **words = g_strsplit(text, " ", -1);
    char *why_a = g_strdup_printf("%s: the first 16 words find the page", lang);
    char *why_b = g_strdup_printf("%s: all %u words find it too", lang, g_strv_length(words));
    is_str(a, path, why_a);
    is_str(b, path, why_b);
    g_strfreev(words);
    g_free(why_a);
    g_free(why_b);
    g_free(prefix);
    g_free(a);
    g_free(b);
}

int main(void)
{
    tmp_index t;
    db = tmp_index_open(&t, "long-query");
    const char *en = "the file ltxdoc dtx for use with latex it contains the code for "
                     "ltxdoc cls and its documentation";
    const char *fr = "la reunion a ete avancee au mardi suivant pour que le bureau puisse "
                     "preparer le budget et le rapport moral";
    tmp_index_put_text(db, "en/ltxdoc.txt", NULL, en);
    tmp_index_put_text(db, "en/ligature.txt", NULL, "The ﬁle was typeset with a ligature.");
    tmp_index_put_text(db, "fr/reunion.txt", NULL, fr);
    tmp_index_put_text(db, "fr/accent.txt", NULL, "La date de la réunion est avancée.");
    ok(fdb_commit(db) == FDB_OK, "commit");

    long_and_short(en, "en/ltxdoc.txt", "English, \"file\" seen as \"ﬁle\"");
    long_and_short(fr, "fr/reunion.txt", "French, \"avancee\" seen as \"avancée\"");

    char *s = tmp_index_found(db, "file ligature");
    is_str(s, "en/ligature.txt", "the page with the ligature is found by the word typed plainly");
    g_free(s);
    GString *many = g_string_new("");
    for (int i = 0; i < 64; i++)
        g_string_append_printf(many, "%sfile", i ? " " : "");
    s = tmp_index_found(db, many->str);
    ok(strstr(s, "en/ltxdoc.txt") != NULL, "64 words, the grammar's bound, are searched (%s)", s);
    g_free(s);
    g_string_append(many, " file");
    s = tmp_index_found(db, many->str);
    is_str(s, "ERROR: over a query limit", "65 words are refused");
    g_free(s);
    g_string_free(many, TRUE);

    fdb_free(db);
    tmp_index_remove(&t);
    return done_testing();
}
