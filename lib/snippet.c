/* snippet.c -- choose, cut, escape and highlight a search snippet.
 *
 * Design: one pass of norm_tokenize over the text (at most
 * SNIPPET_SCAN_MAX bytes, and SNIPPET_AFTER_MATCH bytes past the first
 * match, so a huge page costs a bounded time; SNIPPET_AFTER_ALL past the
 * word where every term of the query has been seen) records
 * each word's byte span, its position in characters and which query term
 * it matches (-1: none): the caller's matcher is given the word folded by
 * norm.h, exactly as the index folds it, and answers with the index's
 * terms and stemmer (fdb_snippet.cc). A sliding window over the words then
 * picks the span of about `width` characters holding the most distinct
 * terms (then the most matches, the words themselves counting twice their
 * relatives, then the earliest), moved back a little so
 * the first match has some context before it. The window is copied from
 * the original text: runs of white space become one space, invalid UTF-8
 * is dropped, a word cut by a line-end hyphen is shown rejoined, & < > "
 * ' are escaped, matched words are wrapped in <mark>, a phrase of the
 * query where it stands as one mark (and a word the query holds only in
 * a phrase nowhere else).
 * Cuts fall on word boundaries only, so never inside a UTF-8 sequence.
 */
#include "snippet.h"

#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "norm.h"

#define SNIPPET_MAX_WORDS 65536
#define SNIPPET_LEAD 40            /* characters of context before a match */

typedef struct {
    size_t start, end;      /* byte span in the text */
    size_t cstart, cend;    /* the same in characters */
    int term;               /* index in terms, or -1 */
    int run;                /* a phrase starts here: its words (> 1); -1:
                               inside a phrase begun before; 0 otherwise */
} snippet_word;

typedef struct {
    const char *text;
    snippet_match_fn match;
    void *ud;
    GArray *words;          /* of snippet_word */
    size_t stop_at;         /* byte where the scan ends, once a match is
                               found; 0 before */
    unsigned nterms;        /* distinct term ids (0: unknown) */
    uint64_t seen;          /* the ids seen so far (modulo 64) */
    unsigned nseen;         /* how many */
    size_t cpos, bpos;      /* characters counted up to byte bpos */
} snippet_scan;

/* Characters between s->bpos and byte `to`, which is on a boundary. */
static size_t snippet_advance(snippet_scan *s, size_t to)
{
    for (; s->bpos < to; s->bpos++)
        if (((unsigned char)s->text[s->bpos] & 0xC0) != 0x80)
            s->cpos++;
    return s->cpos;
}

static int snippet_on_token(const norm_token *tok, void *ud)
{
    snippet_scan *s = ud;
    snippet_word w;

    w.start = tok->start;
    w.end = tok->end;
    w.cstart = snippet_advance(s, tok->start);
    w.cend = snippet_advance(s, tok->end);
    if (s->stop_at && tok->start >= s->stop_at)
        return 1;
    w.term = s->match ? s->match(tok->word, s->text + tok->start, tok->end - tok->start,
                                 s->ud)
                     : -1;
    w.run = 0;
    if (w.term >= 0 && !s->stop_at)
        s->stop_at = tok->end + SNIPPET_AFTER_MATCH;
    if (w.term >= 0 && s->nterms && !(s->seen & ((uint64_t)1 << (SNIPPET_ID(w.term) % 64)))) {
        s->seen |= (uint64_t)1 << (SNIPPET_ID(w.term) % 64);
        if (++s->nseen == s->nterms && tok->end + SNIPPET_AFTER_ALL < s->stop_at)
            s->stop_at = tok->end + SNIPPET_AFTER_ALL;
    }
    g_array_append_val(s->words, w);
    return s->words->len >= SNIPPET_MAX_WORDS;
}

/* The first word of the best window and one past its last. */
static void snippet_choose(const snippet_word *w, size_t n, size_t width,
                           size_t *first, size_t *last)
{
    size_t best_first = 0, best_distinct = 0, best_hits = 0;
    size_t j = 0;

    for (size_t i = 0; i < n; i++) {
        uint64_t seen = 0;
        size_t distinct = 0, hits = 0;

        if (w[i].term < 0)
            continue;
        for (j = i; j < n && w[j].cend - w[i].cstart <= width; j++) {
            uint64_t bit;
            if (w[j].term < 0)
                continue;
            bit = (uint64_t)1 << (SNIPPET_ID(w[j].term) % 64);
            hits += w[j].term & SNIPPET_RELATIVE ? 1 : 2;
            if (!(seen & bit)) {
                seen |= bit;
                distinct++;
            }
        }
        if (distinct > best_distinct ||
            (distinct == best_distinct && hits > best_hits)) {
            best_first = i;
            best_distinct = distinct;
            best_hits = hits;
        }
    }
    /* Some context before the first match, without losing the last. */
    if (best_distinct > 0) {
        size_t m = best_first, lastmatch = best_first;
        for (j = m; j < n && w[j].cend - w[m].cstart <= width; j++)
            if (w[j].term >= 0)
                lastmatch = j;
        while (best_first > 0 &&
               w[m].cstart - w[best_first - 1].cstart <= SNIPPET_LEAD &&
               w[lastmatch].cend - w[best_first - 1].cstart <= width)
            best_first--;
    }
    *first = best_first;
    for (j = best_first; j < n && w[j].cend - w[best_first].cstart <= width; j++)
        ;
    *last = j > best_first ? j : (n > best_first ? best_first + 1 : n);
}

/* Does phrase p stand at word i? */
static int snippet_phrase_at(const snippet_word *w, size_t n, size_t i,
                             const snippet_phrase *p)
{
    if (p->n < 2 || i + p->n > n)
        return 0;
    for (size_t k = 0; k < p->n; k++)
        if (w[i + k].term < 0 || SNIPPET_ID(w[i + k].term) != p->ids[k])
            return 0;
    return 1;
}

/* Find the phrases in the words: each occurrence becomes one run; a word
 * of a phrase only, outside an occurrence, is not a match. */
static void snippet_phrases(snippet_word *w, size_t n, const snippet_phrase *phrases,
                            size_t nphrases)
{
    for (size_t i = 0; i < n; i++) {
        if (w[i].run < 0 || w[i].term < 0)
            continue;
        for (size_t p = 0; p < nphrases; p++) {
            if (snippet_phrase_at(w, n, i, &phrases[p])) {
                w[i].run = (int)phrases[p].n;
                for (size_t k = 1; k < phrases[p].n; k++)
                    w[i + k].run = -1;
                break;
            }
        }
    }
    for (size_t i = 0; i < n; i++)
        if (w[i].term >= 0 && (w[i].term & SNIPPET_IN_PHRASE) && w[i].run == 0)
            w[i].term = -1;
}

static void snippet_escape_char(GString *out, gunichar c)
{
    switch (c) {
    case '&': g_string_append(out, "&amp;"); break;
    case '<': g_string_append(out, "&lt;"); break;
    case '>': g_string_append(out, "&gt;"); break;
    case '"': g_string_append(out, "&quot;"); break;
    case '\'': g_string_append(out, "&#39;"); break;
    default: g_string_append_unichar(out, c); break;
    }
}

/* Append text[from, to) escaped, white space runs collapsed; *space says
 * whether the output already ends with a space. */
static void snippet_copy(GString *out, const char *text, size_t from, size_t to,
                         int *space)
{
    const char *p = text + from, *end = text + to;

    while (p < end) {
        gunichar c = g_utf8_get_char_validated(p, end - p);
        if (c == (gunichar)-1 || c == (gunichar)-2) {
            p++;                               /* invalid byte: dropped */
            continue;
        }
        p = g_utf8_next_char(p);
        if (g_unichar_isspace(c) || c == 0) {
            if (!*space)
                g_string_append_c(out, ' ');
            *space = 1;
        } else {
            snippet_escape_char(out, c);
            *space = 0;
        }
    }
}

/* Append one word's span: norm_tokenize joins a word cut at a line end
 * ("marchandi-\nsation") and drops soft hyphens, so the shown word is
 * rejoined the same way ("marchandisation"). */
static void snippet_copy_word(GString *out, const char *text, size_t from,
                              size_t to, int *space)
{
    size_t i = from, piece = from;

    while (i < to) {
        size_t ws = i + 1;
        if (text[i] == '-') {
            while (ws < to && g_ascii_isspace(text[ws]))
                ws++;
        }
        if (text[i] == '-' && ws > i + 1 && ws < to) {
            snippet_copy(out, text, piece, i, space);
            piece = i = ws;                       /* hyphen and break out */
        } else if (to - i >= 2 && (unsigned char)text[i] == 0xC2 &&
                   (unsigned char)text[i + 1] == 0xAD) {
            snippet_copy(out, text, piece, i, space);
            piece = i = i + 2;                    /* soft hyphen out */
        } else {
            i++;
        }
    }
    snippet_copy(out, text, piece, to, space);
}

static char *snippet_render(const char *text, const snippet_word *w, size_t n,
                            size_t first, size_t last, size_t len)
{
    GString *out = g_string_new(NULL);
    int space = 1;             /* no leading space */
    int open = 0;              /* inside a <mark> */
    size_t pos, close_after = 0;

    if (n == 0)
        return g_string_free(out, FALSE);
    if (first > 0)
        g_string_append(out, "… ");
    pos = w[first].start;
    for (size_t i = first; i < last; i++) {
        snippet_copy(out, text, pos, w[i].start, &space);
        if (!open && w[i].term >= 0) {
            g_string_append(out, "<mark>");
            open = 1;
            close_after = w[i].run > 1 ? i + (size_t)w[i].run - 1 : i;
        }
        space = 0;             /* keep spaces inside a mark */
        snippet_copy_word(out, text, w[i].start, w[i].end, &space);
        if (open && (i >= close_after || i + 1 == last)) {
            g_string_append(out, "</mark>");
            open = 0;
        }
        space = 0;
        pos = w[i].end;
    }
    /* Closing punctuation right after the last word ("mai." "(2022)"). */
    if (last < n || len > w[last - 1].end) {
        const char *p = text + w[last - 1].end;
        size_t rest = last < n ? w[last].start : len;
        while (p < text + rest && strchr(".,;:!?)\"", *p) && *p)
            p++;
        snippet_copy(out, text, w[last - 1].end, (size_t)(p - text), &space);
    }
    if (last < n) {
        g_string_append(out, space ? "…" : " …");
    }
    return g_string_free(out, FALSE);
}

char *snippet_build(const char *text, size_t len, snippet_match_fn match,
                    void *ud, size_t width, const snippet_phrase *phrases,
                    size_t nphrases, unsigned nterms)
{
    /* Past 64 ids the bits alias: the count would never be reached. */
    snippet_scan s = { .text = text, .match = match, .ud = ud,
                       .nterms = nphrases || nterms > 64 ? 0 : nterms };
    size_t first = 0, last = 0;
    char *out;

    if (len > SNIPPET_SCAN_MAX) {
        len = SNIPPET_SCAN_MAX;
        /* back to a character boundary */
        while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80)
            len--;
    }
    s.words = g_array_new(FALSE, FALSE, sizeof(snippet_word));
    norm_tokenize(text, (long)len, snippet_on_token, &s);
    snippet_phrases((snippet_word *)(void *)s.words->data, s.words->len, phrases, nphrases);
    snippet_choose((snippet_word *)(void *)s.words->data, s.words->len,
                   width ? width : SNIPPET_WIDTH, &first, &last);
    out = snippet_render(text, (snippet_word *)(void *)s.words->data,
                         s.words->len, first, last, len);
    g_array_free(s.words, TRUE);
    return out;
}
