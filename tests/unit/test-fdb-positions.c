/* test-fdb-positions.c -- the words of a page keep their positions, so
 * phrases match across every kind of word.
 *
 * The encoder adds a plain word (ASCII letters and digits) to a page
 * itself and hands any other word (an apostrophe inside, another
 * script, a word longer than Xapian's 64 bytes) to Xapian's term
 * generator, from the same position (lib/fdb_write.cc). A phrase that
 * crosses from one kind to the other finds its page only when both
 * number the words in one sequence; a phrase with a word left out does
 * not find it. A word longer than 64 bytes is not indexed and takes no
 * position (what the term generator does with it).
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
                  .title = "Compte rendu", .npages = 1, .page_text = &text,
                  .page_len = &len};
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

int main(void)
{
    tmp_index t;
    db = tmp_index_open(&t, "positions");
    put("fr/reunion.txt",
        "La réunion du 12 mars aujourd'hui au local : le mot λόγος puis "
        "antidisestablishmentarianismantidisestablishmentarianismantidisestablishment "
        "enfin la cotisation 2024 votée.");
    put("en/minutes.txt", "Today's meeting of the board voted the 2024 budget.");
    ok(fdb_commit(db) == FDB_OK, "commit");

    check("\"réunion du 12 mars\"", "fr/reunion.txt", "French: plain words and a number");
    check("\"mars aujourd'hui au local\"", "fr/reunion.txt",
          "French: a phrase through a word with an apostrophe");
    check("\"le mot λόγος puis\"", "fr/reunion.txt", "French: a phrase through a Greek word");
    check("\"puis enfin la cotisation\"", "fr/reunion.txt", "French: a word too long to "
          "index is left out with its place, as Xapian's generator does");
    check("\"la cotisation 2024 votée\"", "fr/reunion.txt",
          "French: the words after the long one are in sequence");
    check("\"réunion 12 mars\"", "", "French: a phrase with a word left out does not match");
    check("\"today's meeting of the board\"", "en/minutes.txt",
          "English: a phrase starting with a word with an apostrophe");
    check("\"voted the 2024 budget\"", "en/minutes.txt", "English: plain words and a number");
    check("\"meeting the board\"", "", "English: a word left out breaks the phrase");

    fdb_free(db);
    tmp_index_remove(&t);
    return done_testing();
}
