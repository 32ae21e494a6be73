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

int main(void)
{
    tmp_index t;
    db = tmp_index_open(&t, "positions");
    tmp_index_put_text(db, "fr/reunion.txt", "Compte rendu",
        "La réunion du 12 mars aujourd'hui au local : le mot λόγος puis "
        "antidisestablishmentarianismantidisestablishmentarianismantidisestablishment "
        "enfin la cotisation 2024 votée.");
    tmp_index_put_text(db, "en/minutes.txt", "Compte rendu",
        "Today's meeting of the board voted the 2024 budget.");
    ok(fdb_commit(db) == FDB_OK, "commit");

    tmp_index_check(db, "\"réunion du 12 mars\"", "fr/reunion.txt",
                    "French: plain words and a number");
    tmp_index_check(db, "\"mars aujourd'hui au local\"", "fr/reunion.txt",
                    "French: a phrase through a word with an apostrophe");
    tmp_index_check(db, "\"le mot λόγος puis\"", "fr/reunion.txt",
                    "French: a phrase through a Greek word");
    tmp_index_check(db, "\"puis enfin la cotisation\"", "fr/reunion.txt",
                    "French: a word too long to "
                    "index is left out with its place, as Xapian's generator does");
    tmp_index_check(db, "\"la cotisation 2024 votée\"", "fr/reunion.txt",
                    "French: the words after the long one are in sequence");
    tmp_index_check(db, "\"réunion 12 mars\"", "",
                    "French: a phrase with a word left out does not match");
    tmp_index_check(db, "\"today's meeting of the board\"", "en/minutes.txt",
                    "English: a phrase starting with a word with an apostrophe");
    tmp_index_check(db, "\"voted the 2024 budget\"", "en/minutes.txt",
                    "English: plain words and a number");
    tmp_index_check(db, "\"meeting the board\"", "", "English: a word left out breaks the phrase");

    fdb_free(db);
    tmp_index_remove(&t);
    return done_testing();
}
