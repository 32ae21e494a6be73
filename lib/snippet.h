/* snippet.h -- the highlighted extract shown under a search hit; private
 * to lib/ (fdb_search makes a hit's snippet, fdb.h hands it out).
 *
 * Ownership: snippet_build returns a g_malloc'd string (g_free()).
 */
#ifndef FOUILLE_SNIPPET_H
#define FOUILLE_SNIPPET_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Which query term a folded word (norm.h) matches: a term id (>= 0;
 * equal ids are the same term), or -1 for none. An id with
 * SNIPPET_RELATIVE set is a weaker match (the word is a relative of the
 * term, by its stem, not the word itself): a window holding the words
 * themselves is preferred among windows of as many distinct terms. */
#define SNIPPET_RELATIVE 0x40000000
/* An id with SNIPPET_IN_PHRASE set is a term the query holds only inside
 * a phrase: the word is marked only where the phrase stands. */
#define SNIPPET_IN_PHRASE 0x20000000
#define SNIPPET_ID(t) ((t) & ~(SNIPPET_RELATIVE | SNIPPET_IN_PHRASE))

/* A phrase of the query: the ids of its words, in order. Where its words
 * stand side by side in the text, they are marked as one:
 * "<mark>appel à projets</mark>". */
typedef struct {
    const int *ids;
    size_t n;
} snippet_phrase;
/* `surface` is the word as written in the text (`len` bytes, the span
 * norm_tokenize gives it). */
typedef int (*snippet_match_fn)(const char *folded, const char *surface, size_t len,
                                void *ud);

/* Which folded words may match, judged on their first bytes: what lets
 * snippet_build skip, without folding it, the text far from every word
 * that may match (a page's words are mostly far from the query's). The
 * caller's `match` must answer -1 for a word the heads do not allow;
 * allowing more only costs time. */
typedef struct {
    unsigned char pair[256 * 256 / 8];  /* first two bytes of a word of 2 or more */
    unsigned char one[256 / 8];         /* a word of one byte */
    unsigned char lead[256 / 8];        /* the first byte of a word of any length */
    int all;                            /* any word may match: nothing skipped */
} snippet_heads;

/* No word may match yet. */
void snippet_heads_init(snippet_heads *h);
/* The folded word `w` (`len` bytes) may match; with `start`, any word
 * that starts with it too (`len` 0: every word). */
void snippet_heads_add(snippet_heads *h, const char *w, size_t len, int start);
/* May the folded word `w` (`len` bytes) match? */
int snippet_heads_allow(const snippet_heads *h, const char *w, size_t len);

/* Width of a snippet, in characters of the original text (fdb.h's
 * FDB_SNIPPET_WIDTH). */
#define SNIPPET_WIDTH 240

/* Cut an HTML snippet of about `width` characters from `text` (`len`
 * bytes of UTF-8): the window holding the most distinct matched terms,
 * cut at word boundaries with "…" where text was left out, whitespace
 * collapsed, everything HTML-escaped, matched words wrapped in
 * <mark>…</mark>. Whether a word matches is `match`'s say (NULL: none
 * does): the snippet knows nothing of terms or stems (fdb_snippet.cc
 * does). A mark covers the span norm_tokenize gives the word, which
 * starts after an elision: "l’<mark>association</mark>" (the article is
 * not what was searched for). No match: the start of the text. Only the
 * first SNIPPET_SCAN_MAX bytes are looked at, and no more than
 * SNIPPET_AFTER_MATCH bytes past the first match: the best window is
 * chosen among the matches found by then (on a long web page, folding
 * every word after the first matches would cost more than the search).
 * `nterms` is the number of distinct term ids `match` answers (0:
 * unknown): once every one has been seen, no window can hold more, and
 * the scan goes on SNIPPET_AFTER_ALL bytes only (for the window's end).
 * With `heads` (NULL: every word is folded and matched), the words far
 * from any that the heads allow are skipped: the snippet is the same
 * byte for byte, only cheaper. Never NULL. */
#define SNIPPET_SCAN_MAX (256 * 1024)
#define SNIPPET_AFTER_MATCH (8 * 1024)
#define SNIPPET_AFTER_ALL 1024
char *snippet_build(const char *text, size_t len, snippet_match_fn match,
                    void *ud, size_t width, const snippet_phrase *phrases,
                    size_t nphrases, unsigned nterms, const snippet_heads *heads);

/* The snippet of a text of which only the first `len` bytes are given
 * (`whole` 0; `whole` 1: all of it, as snippet_build): the one
 * snippet_build gives for the whole text, byte for byte, or NULL when
 * those bytes are not enough (the scan ran into their end before its own
 * rules stopped it: call again with more of the text). A part longer than
 * SNIPPET_SCAN_MAX bytes is always enough. What lets a page stored
 * deflated be inflated only as far as its snippet needs (fdb_snippet.cc). */
char *snippet_build_part(const char *text, size_t len, int whole,
                         snippet_match_fn match, void *ud, size_t width,
                         const snippet_phrase *phrases, size_t nphrases,
                         unsigned nterms, const snippet_heads *heads);

#ifdef __cplusplus
}
#endif

#endif
