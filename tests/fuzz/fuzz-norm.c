/* fuzz-norm.c -- the French normaliser (lib/norm.h) on any bytes.
 *
 * Promises checked: token spans lie inside the text, in order, never
 * empty; every folded word is non-empty valid UTF-8 of the length given,
 * without a space, capital ASCII letter or non-spacing or enclosing mark
 * (accents are removed); norm_fold_text is valid UTF-8 and its words are the tokens'
 * words in order; norm_fold_word and norm_fold_query return valid UTF-8
 * for any input.
 *
 * Not checked: folding a folded text again changes nothing. It does not
 * hold for repeated elisions ("l'l'avion" -> "l'avion" -> "avion"), which
 * norm.h does not promise; both sides fold once, so they still meet.
 */
#include <glib.h>
#include <string.h>

#include "fuzz.h"
#include "norm.h"

typedef struct {
    size_t len, last_start;
    GString *words;          /* the tokens' words joined by spaces */
} fuzz_walk;

static int fuzz_on_token(const norm_token *tok, void *ud)
{
    fuzz_walk *w = ud;

    FUZZ_CHECK(tok->start < tok->end && tok->end <= w->len,
               "a token spans a non-empty part of the text");
    FUZZ_CHECK(tok->start >= w->last_start, "tokens come in order");
    FUZZ_CHECK(tok->word_len > 0 && strlen(tok->word) == tok->word_len,
               "a folded word is non-empty and NUL-terminated at word_len");
    FUZZ_CHECK(g_utf8_validate(tok->word, (gssize)tok->word_len, NULL),
               "a folded word is valid UTF-8");
    FUZZ_CHECK(!strchr(tok->word, ' '), "a folded word holds no space");
    for (const char *p = tok->word; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        FUZZ_CHECK(!(c >= 'A' && c <= 'Z'), "a folded word is lower-case");
        GUnicodeType t = g_unichar_type(c);
        /* Accents are non-spacing marks; spacing marks (Indic vowel
         * signs such as U+0B4C) are part of their letters and stay. */
        FUZZ_CHECK(t != G_UNICODE_NON_SPACING_MARK &&
                   t != G_UNICODE_ENCLOSING_MARK,
                   "a folded word has no accent");
    }
    w->last_start = tok->start;
    if (w->words->len)
        g_string_append_c(w->words, ' ');
    g_string_append_len(w->words, tok->word, (gssize)tok->word_len);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = g_strndup((const char *)data, size);   /* NUL-terminated */
    fuzz_walk w = { size, 0, g_string_new(NULL) };
    char *folded, *word, *query;

    norm_tokenize((const char *)data, (long)size, fuzz_on_token, &w);
    folded = norm_fold_text((const char *)data, (long)size);
    FUZZ_CHECK(folded && g_utf8_validate(folded, -1, NULL),
               "norm_fold_text is valid UTF-8");
    FUZZ_CHECK(strcmp(folded, w.words->str) == 0,
               "norm_fold_text is the tokens' words");
    word = norm_fold_word((const char *)data, (long)size);
    FUZZ_CHECK(word && g_utf8_validate(word, -1, NULL),
               "norm_fold_word is valid UTF-8");
    query = norm_fold_query(text);
    FUZZ_CHECK(query && g_utf8_validate(query, -1, NULL),
               "norm_fold_query is valid UTF-8");
    g_free(query);
    g_free(word);
    g_free(folded);
    g_string_free(w.words, TRUE);
    g_free(text);
    return 0;
}
