/* norm.h -- French text normalisation, the one place where words are made.
 *
 * Design: the same folding runs on the archive's text at index time and on
 * a visitor's query at search time, so whatever a French reader takes for
 * the same word gives the same term. A word is a run of letters and digits,
 * the letters of one script ("LaTeX2ε" is two words, "latex2" and "ε":
 * what a keyboard without ε types finds it); folding a word:
 *   - lowers its case (g_utf8_casefold: "ÉTÉ" -> "été"),
 *   - expands ligatures ("ﬁ" -> "fi" by NFKD, "œ" -> "oe", "æ" -> "ae"),
 *   - removes accents (NFKD, then combining marks dropped: "été" -> "ete"),
 *   - drops a French elision before an apostrophe, ' or ’ or ʼ
 *     (l' d' j' m' n' s' t' c' qu' jusqu' lorsqu' puisqu' quoiqu'):
 *     "l’Association" -> "association", "d'impact" -> "impact";
 *     other apostrophes stay inside the word as ASCII "'" ("aujourd'hui").
 * Between words, in text (not in queries): a hyphen at the end of a line
 * followed by a lower-case letter joins the two halves ("marchandi-\n
 * sation" -> "marchandisation"); a soft hyphen (U+00AD) is dropped inside a
 * word; no-break spaces separate words. Bytes that are not valid UTF-8
 * separate words, like punctuation.
 *
 * Stemming (Snowball "french") is applied to each word as written, and
 * the stem then folded (lib/fdb_stem.cc), on both sides, so
 * "économiques" and "economique" meet at one stem.
 *
 * All returned strings are g_malloc'd: release them with g_free().
 */
#ifndef FOUILLE_NORM_H
#define FOUILLE_NORM_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* One word of a text, as found by norm_tokenize. */
typedef struct {
    size_t start, end;   /* byte span in the original text: both halves of
                            a hyphenated word; a dropped elision is left
                            out ("l’association" starts at "a") */
    const char *word;    /* folded word, NUL-terminated; valid only during
                            the callback */
    size_t word_len;
} norm_token;

/* Return non-zero to stop the walk. */
typedef int (*norm_token_cb)(const norm_token *tok, void *ud);

/* Walk the words of `text` (`len` bytes, or -1 for NUL-terminated) in
 * order. Offsets refer to `text` as given, even when it held invalid
 * UTF-8 (bad bytes are then skipped as separators). */
void norm_tokenize(const char *text, long len, norm_token_cb cb, void *ud);

/* Fold a whole text for indexing: its folded words, separated by single
 * spaces, in order. */
char *norm_fold_text(const char *text, long len);

/* Fold one word (or any short string) without splitting it: case, accents,
 * ligatures; elisions dropped. */
char *norm_fold_word(const char *word, long len);

/* Fold a query as typed by a person: words are folded as in norm_fold_text,
 * and the query syntax is kept as it is: the operators (norm_is_operator)
 * written in capitals, quotes, parentheses, a leading + or -, a trailing *,
 * and field prefixes such as "title:". */
char *norm_fold_query(const char *query);

/* Is the word (`len` bytes) one of the query operators Xapian's parser
 * reads, written in capitals: AND OR NOT XOR NEAR ADJ? ("and", "ANDROID":
 * no.) The one list of them, for folding and for the lenient re-reading of
 * a query that does not parse. */
int norm_is_operator(const char *word, size_t len);

/* The words a query can do without: French articles, prepositions,
 * pronouns, conjunctions and the commonest forms of être and avoir (and a
 * few English ones), folded. Queries drop them outside phrases; the text
 * keeps them, so phrases still match. A static NULL-terminated list. */
const char *const *norm_stopwords(void);

#ifdef __cplusplus
}
#endif

#endif
