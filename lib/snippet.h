/* snippet.h -- the highlighted extract shown under a search hit.
 *
 * Ownership: snippet_build returns a g_malloc'd string (g_free()).
 */
#ifndef FOUILLE_SNIPPET_H
#define FOUILLE_SNIPPET_H

#include <stddef.h>

/* Stems a folded word; returns a malloc'd string (released with free())
 * or NULL. fdb_stem has this shape. */
typedef char *(*snippet_stem_fn)(const char *folded_word);

/* Width of a snippet, in characters of the original text. */
#define SNIPPET_WIDTH 240

/* Cut an HTML snippet of about `width` characters from `text` (`len`
 * bytes of UTF-8): the window holding the most distinct matched terms,
 * cut at word boundaries with "…" where text was left out, whitespace
 * collapsed, everything HTML-escaped, matched words wrapped in
 * <mark>…</mark>. A word matches when its folded form (norm.h) is one of
 * `terms` (NULL-terminated; may be NULL), or when 'Z' + stem(folded) is
 * (stems as fdb_results_terms gives them; `stem` may be NULL: no stem
 * matching). A mark covers the span norm_tokenize gives the word, which
 * starts after an elision: "l’<mark>association</mark>" (the article is
 * not what was searched for). No match: the start of the text. Only the
 * first SNIPPET_SCAN_MAX bytes are looked at, and no more than
 * SNIPPET_AFTER_MATCH bytes past the first match: the best window is
 * chosen among the matches found by then (on a long web page, folding
 * every word after the first matches would cost more than the search).
 * Never NULL. */
#define SNIPPET_SCAN_MAX (256 * 1024)
#define SNIPPET_AFTER_MATCH (8 * 1024)
char *snippet_build(const char *text, size_t len, const char *const *terms,
                    snippet_stem_fn stem, size_t width);

#endif
