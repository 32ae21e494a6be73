/* test-fdb-complete.c -- completions (fdb_suggest) as a reader's handle
 * answers them, in French and in English, whatever it completed before.
 *
 * A reader keeps what it derives from the index for the revision
 * (lib/fdb_derived.cc): the words that begin with a word's first 3
 * bytes, which then complete the longer words that begin with them; and
 * for words typed before the last one, the pages they find, with those
 * pages' words by first letter. These tests check that the answers are
 * the index's: the most frequent words first, ties in byte order, only
 * words that begin with what was typed, the phrases of the archive
 * first after other words; and that they do not depend on what the
 * handle completed before (a fresh handle answers the same), nor on the
 * number of words a range holds (past what is kept, each word's are read
 * from the index).
 */
#include "fdb.h"
#include "tap.h"
#include "tmp-index.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>

/* Words that begin with "zzq" on one page: more than a range keeps. */
#define MANY_WORDS 8300

static void put(fdb *w, const char *path, const char *text)
{
    size_t len = strlen(text);
    fdb_file f = {.path = path, .type = "text", .size = 1000, .mtime = 1600000000,
                  .npages = 1, .page_text = &text, .page_len = &len};
    if (fdb_replace_file(w, &f) != FDB_OK)
        diag("replace %s: %s", path, fdb_last_error(w));
}

static void build(fdb *w)
{
    put(w, "textes/serveur.txt", "Le fichier de configuration du serveur. Configurer le serveur.");
    put(w, "textes/conference.txt", "Un fichier de configuration, une conférence sur la configuration.");
    put(w, "textes/controle.txt", "Le fichier de contrôle et le fichier de configuration.");
    put(w, "textes/confiance.txt", "La confiance et le conflit : une conférence.");
    put(w, "texts/server.txt", "The configuration file of the server: configure the server.");
    put(w, "texts/conference.txt", "The config file and the conference.");
    GString *many = g_string_new("");
    for (unsigned i = 0; i < MANY_WORDS; i++)
        g_string_append_printf(many, "zzq%04u ", i);
    put(w, "many.txt", many->str);
    g_string_free(many, TRUE);
}

/* The completions of `typed` on handle r, as "a|b|c". */
static char *complete(fdb *r, const char *typed, unsigned max)
{
    char **v = NULL;
    if (fdb_suggest(r, typed, max, 0, &v) != FDB_OK) {
        diag("suggest %s: %s", typed, fdb_last_error(r));
        return g_strdup("ERROR");
    }
    char *s = g_strjoinv("|", v);
    fdb_strv_free(v);
    return s;
}

static void is_completion(fdb *r, const char *typed, unsigned max, const char *want,
                          const char *why)
{
    char *got = complete(r, typed, max);
    char *name = g_strdup_printf("%s: '%s'", why, typed);
    is_str(got, want, name);
    g_free(name);
    g_free(got);
}

/* Among all words: by pages that hold them, then in byte order; from
 * the words kept for "con" once completed, the same as read from the
 * index. */
static void test_all_words(const char *dir)
{
    const char *conf = "configuration|conférence|confiance|config|configure|configurer|conflit";
    fdb *r = tmp_index_reader(dir);
    is_completion(r, "conf", 10, conf,
                  "most pages first (configuration 4, conférence 3, French and English "
                  "alike), then byte order; contrôle does not begin with conf");
    is_completion(r, "conf", 10, conf, "the same again");
    is_completion(r, "con", 3, "configuration|conférence|confiance",
                  "the 3-byte word itself");
    is_completion(r, "confi", 10, "configuration|confiance|config|configure|configurer",
                  "a longer word from the kept range: only the words it begins");
    is_completion(r, "config", 10, "configuration|config|configure|configurer",
                  "the word itself too, where a page holds it");
    is_completion(r, "conté", 10, "", "nothing begins with it: nothing");
    fdb *fresh = tmp_index_reader(dir);
    is_completion(fresh, "confi", 10, "configuration|confiance|config|configure|configurer",
                  "a fresh handle, with nothing kept, answers the same");
    is_completion(fresh, "Config", 2, "configuration|config", "capitals fold; at most max");
    fdb_free(fresh);

    /* More words begin with zzq than a range keeps: each word's are read
     * from the index, and the answer is the same kind. */
    is_completion(r, "zzq1", 3, "zzq1000|zzq1001|zzq1002",
                  "past a range's size, the words read from the index, in byte order");
    is_completion(r, "zzq82", 20,
                  "zzq8200|zzq8201|zzq8202|zzq8203|zzq8204|zzq8205|zzq8206|zzq8207|zzq8208|zzq8209|"
                  "zzq8210|zzq8211|zzq8212|zzq8213|zzq8214|zzq8215|zzq8216|zzq8217|zzq8218|zzq8219",
                  "... up to max");
    fdb_free(r);
}

/* After other words: the words of the pages they find, a phrase of the
 * archive first; the same on a handle that completed other letters
 * after the same words first. */
static void test_after_words(const char *dir)
{
    const char *fr = "fichier de configuration|fichier de conférence|fichier de configurer";
    fdb *fresh = tmp_index_reader(dir);
    is_completion(fresh, "fichier de conf", 10, fr,
                  "« fichier de configuration » is a phrase of 3 pages; then by pages of the "
                  "sample, then pages in all (conférence 3, configurer 1)");
    fdb_free(fresh);
    fresh = tmp_index_reader(dir);
    is_completion(fresh, "configuration fi", 10, "configuration file|configuration fichier",
                  "English: « configuration file » is a phrase, « fichier » on more pages is not");
    fdb_free(fresh);

    fdb *r = tmp_index_reader(dir);
    char *c = complete(r, "fichier de c", 10);
    ok(strstr(c, "fichier de configuration") == c, "fichier de c -> configuration first (%s)", c);
    g_free(c);
    g_free(complete(r, "fichier de s", 10));
    g_free(complete(r, "fichier de co", 10));
    is_completion(r, "fichier de conf", 10, fr,
                  "after other letters on the same words, the same as a fresh handle");
    is_completion(r, "fichier de confi", 10, "fichier de configuration|fichier de configurer",
                  "a longer word: only the words it begins");
    is_completion(r, "fichier de configuration", 10, "fichier de configuration",
                  "no other word of the sample begins with it: among all words, itself");
    is_completion(r, "l'fichier de conf", 1, "l'fichier de configuration",
                  "what was typed before stays as typed");
    is_completion(r, "fichier de conté", 10, "", "no word of the sample begins with it, "
                  "nor any word of the index: nothing");
    is_completion(r, "configuration f", 10, "configuration file|configuration fichier",
                  "English after French on the same handle");
    fdb_free(r);
}

int main(void)
{
    tmp_index t;
    fdb *w = tmp_index_open(&t, "complete");
    build(w);
    ok(fdb_commit(w) == FDB_OK, "commit");
    fdb_free(w);
    test_all_words(t.path);
    test_after_words(t.path);
    tmp_index_remove(&t);
    return done_testing();
}
