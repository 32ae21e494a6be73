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
 *
 * Skipping (with the caller's heads): folding every word up to the scan's
 * end costs more than the rest of a search, yet only the words near a
 * match are ever shown or weighed: the first words (the snippet of a text
 * with no match), the SNIPPET_LEAD characters before a match and `width`
 * after it. So the tokenizer runs only there. A cheap byte scan finds
 * where a word that may match could start (snippet_may_start: the first
 * two folded bytes of the word starting there, worked out from the raw
 * bytes, against the heads; then the matcher's own answer for the word
 * starting there, folded by the tokenizer, or by hand for a plain ASCII
 * word, whose folding is its lower case; any doubt counts as a maybe),
 * and the
 * tokenizer is started again at a safe place (after a separator that no
 * word spans) SNIPPET_LEAD characters before it, once the words after the
 * last match are enough. Character counts run on over what is skipped.
 * The words kept are then the same, at the same places, as a full scan
 * would keep near its matches, and the snippet is the same byte for byte
 * (test-snippet compares both on French and English texts). The bound on
 * the words a scan keeps is counted over what is skipped too (an upper
 * bound of its words); when that bound is reached, the text is scanned
 * again in full.
 *
 * A part of a text (snippet_build_part): the scan looks at the text up to
 * where its own rules stop it, wherever the text ends after that. So the
 * first bytes of a text give its snippet when the scan stops within them:
 * cut at a safe start (snippet_cut: no word spans it, and the words
 * before it are the same with or without what follows), the text gives
 * the same words, the same matches and the same stop as the whole text,
 * hence the same snippet byte for byte. Where the scan ran into the end
 * of the part instead (the tokenizer was not stopped, the search for the
 * next candidate reached the end, or the closing punctuation after the
 * window runs on to it), the answer is "read more" (NULL). Without a
 * matcher, the scan stops at the word that ends the first window: no
 * later word can change the snippet (the start of the text).
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
    /* Skipping (snippet_scan_parts), with heads only. */
    const snippet_heads *heads;
    size_t len, width;
    size_t base;            /* where the current tokenizer walk started */
    size_t resume;          /* where the next walk starts */
    size_t need;            /* keep words until one ends past this character */
    size_t cand, cand_lo;   /* no word may match in [cand_lo, cand) */
    size_t bound;           /* at most this many words in what was skipped */
    int aborted;            /* the bound reached SNIPPET_MAX_WORDS */
    /* Where the scan ended (snippet_build_part). */
    int halted;             /* the last walk of the tokenizer was stopped by
                               its callback, not by the text's end */
    int at_end;             /* the scan ran into the end of the text */
} snippet_scan;

#define BIT_SET(a, i) ((a)[(i) >> 3] |= (unsigned char)(1u << ((i) & 7)))
#define BIT_GET(a, i) (((a)[(i) >> 3] >> ((i) & 7)) & 1)

void snippet_heads_init(snippet_heads *h)
{
    memset(h, 0, sizeof *h);
}

void snippet_heads_add(snippet_heads *h, const char *w, size_t len, int start)
{
    unsigned b0;

    if (len == 0) {
        h->all |= start;
        return;
    }
    b0 = (unsigned char)w[0];
    BIT_SET(h->lead, b0);
    if (len >= 2) {
        BIT_SET(h->pair, b0 << 8 | (unsigned char)w[1]);
        return;
    }
    BIT_SET(h->one, b0);
    if (start)
        for (unsigned b1 = 0; b1 < 256; b1++)
            BIT_SET(h->pair, b0 << 8 | b1);
}

int snippet_heads_allow(const snippet_heads *h, const char *w, size_t len)
{
    if (h->all)
        return 1;
    if (len == 0)
        return 0;
    if (len == 1)
        return BIT_GET(h->one, (unsigned char)w[0]);
    return BIT_GET(h->pair, (unsigned char)w[0] << 8 | (unsigned char)w[1]);
}

/* ---- where a word that may match can start ------------------------------- */

/* What the candidate scan knows of a character below SNIPPET_CHARS_END
 * (two bytes in UTF-8: Latin-1, Latin Extended), learnt from norm.h's own
 * tokenizer so that it cannot disagree with it. */
#define SNIPPET_CHARS_END 0x250
typedef struct {
    unsigned char word;     /* a word character: a word may start with it */
    unsigned char latin;    /* a Latin letter: after it a Latin word goes on */
    char fold[3];           /* its folding as a whole word when that is one
                               or two ASCII letters or digits, else "" */
} snippet_char;

static snippet_char snippet_char_table[SNIPPET_CHARS_END - 0x80];

typedef struct {
    unsigned n;             /* words */
    size_t start, end;      /* of the first */
    char word[8];           /* the first, folded, when short */
} snippet_probe;

static int snippet_probe_token(const norm_token *tok, void *ud)
{
    snippet_probe *p = ud;

    if (p->n++ == 0) {
        p->start = tok->start;
        p->end = tok->end;
        if (tok->word_len < sizeof p->word)
            memcpy(p->word, tok->word, tok->word_len + 1);
    }
    return 0;
}

static snippet_probe snippet_probe_text(const char *a, const char *b, const char *c)
{
    snippet_probe p = { 0 };
    char *t = g_strconcat(a, b, c, NULL);

    norm_tokenize(t, -1, snippet_probe_token, &p);
    g_free(t);
    return p;
}

static const snippet_char *snippet_chars(void)
{
    static gsize ready = 0;

    if (g_once_init_enter(&ready)) {
        for (gunichar u = 0x80; u < SNIPPET_CHARS_END; u++) {
            snippet_char *e = &snippet_char_table[u - 0x80];
            char ch[8] = { 0 };
            size_t n = (size_t)g_unichar_to_utf8(u, ch);
            snippet_probe alone = snippet_probe_text("", ch, "");
            /* a Latin letter: joins an ASCII letter on either side and
             * ends a Greek word */
            e->latin = snippet_probe_text("a", ch, "").n == 1 &&
                       snippet_probe_text("", ch, "a").n == 1 &&
                       snippet_probe_text("\xce\xb5", ch, "").n == 2;
            e->word = alone.n > 0;
            if (alone.n == 1 && alone.start == 0 && alone.end == n &&
                strlen(alone.word) >= 1 && strlen(alone.word) <= 2 &&
                g_ascii_isalnum(alone.word[0]) &&
                (!alone.word[1] || g_ascii_isalnum(alone.word[1])))
                memcpy(e->fold, alone.word, strlen(alone.word) + 1);
        }
        g_once_init_leave(&ready, 1);
    }
    return snippet_char_table;
}

/* Is the character before byte p a Latin letter? A word going on through
 * it is then a Latin word, which an ASCII letter or digit or a Latin
 * letter at p continues: no word starts at p. */
static int snippet_after_latin(const unsigned char *t, size_t p)
{
    unsigned b, lead;
    gunichar u;

    if (p == 0)
        return 0;
    b = t[p - 1];
    if (b < 0x80)
        return g_ascii_isalpha(b);
    if (b >= 0xC0 || p < 2)
        return 0;
    lead = t[p - 2];
    if (lead < 0xC2 || lead > 0xDF)
        return 0;
    u = (gunichar)((lead & 0x1F) << 6 | (b & 0x3F));
    return u < SNIPPET_CHARS_END && snippet_chars()[u - 0x80].latin;
}

/* May the word whose folding starts with byte f0 (then f1, when >= 0;
 * else what stands at byte q) match? */
static int snippet_head_ok(const snippet_heads *h, unsigned f0, int f1,
                           const unsigned char *t, size_t len, size_t q)
{
    unsigned c;

    if (f1 >= 0)
        return BIT_GET(h->pair, f0 << 8 | (unsigned)f1);
    if (q >= len)
        return BIT_GET(h->one, f0);
    c = t[q];
    if (c < 0x80 && g_ascii_isalnum(c))
        return BIT_GET(h->pair, f0 << 8 | (unsigned)g_ascii_tolower(c));
    if (c < 0x80 && c != '\'' && c != '-')
        return BIT_GET(h->one, f0);         /* the word ends there */
    return BIT_GET(h->lead, f0);            /* an apostrophe, a hyphen, a
                                               letter of more bytes */
}

typedef struct {
    const snippet_scan *s;
    size_t p;
    int matches;
} snippet_first;

static int snippet_first_token(const norm_token *tok, void *ud)
{
    snippet_first *f = ud;
    const snippet_scan *s = f->s;

    f->matches = tok->start == 0 &&
                 s->match(tok->word, s->text + f->p, tok->end, s->ud) >= 0;
    return 1;
}

/* Does the word at byte p match? The tokenizer, which reads forward
 * only, finds from p the word that a walk from the start finds there
 * when one starts there; when none does, whatever it finds starts no
 * word at p. */
static int snippet_token_matches(const snippet_scan *s, size_t p)
{
    snippet_first f = { s, p, 0 };

    norm_tokenize(s->text + p, (long)(s->len - p), snippet_first_token, &f);
    return f.matches;
}

/* The longest word snippet_word_matches folds itself. */
#define SNIPPET_PROBE_MAX 48

/* Does the word at byte p (an ASCII letter or digit where a word may
 * start) match? When it is a run of ASCII letters and digits ending on
 * an ASCII separator, its folding is its lower case, and the matcher
 * answers for it as the tokenizer would have it ask, without it; else
 * the tokenizer folds it (snippet_token_matches). */
static int snippet_word_matches(const snippet_scan *s, size_t p)
{
    const unsigned char *t = (const unsigned char *)s->text;
    char folded[SNIPPET_PROBE_MAX + 1];
    size_t e = p;

    while (e < s->len && e - p <= SNIPPET_PROBE_MAX && g_ascii_isalnum(t[e]))
        e++;
    if (e - p > SNIPPET_PROBE_MAX ||
        (e < s->len && (t[e] >= 0x80 || t[e] == '\'' || t[e] == '-')))
        return snippet_token_matches(s, p);
    for (size_t k = p; k < e; k++)
        folded[k - p] = (char)g_ascii_tolower(t[k]);
    folded[e - p] = 0;
    return s->match(folded, s->text + p, e - p, s->ud) >= 0;
}

/* Could a word that the heads allow start at byte p? Never no when one
 * does. */
static int snippet_may_start(const snippet_scan *s, size_t p)
{
    const unsigned char *t = (const unsigned char *)s->text;
    unsigned b = t[p];
    const snippet_char *e;
    gunichar u;

    if (b < 0x80) {
        if (!g_ascii_isalnum(b) || snippet_after_latin(t, p))
            return 0;
        return snippet_head_ok(s->heads, (unsigned)g_ascii_tolower(b), -1, t, s->len, p + 1) &&
               snippet_word_matches(s, p);
    }
    if (b < 0xC0)
        return 0;                           /* inside a character, or bad */
    u = g_utf8_get_char_validated((const char *)t + p, (gssize)(s->len - p));
    if (u == (gunichar)-1 || u == (gunichar)-2)
        return 0;                           /* a bad byte: a separator */
    if (u >= SNIPPET_CHARS_END)
        return (g_unichar_isalnum(u) || g_unichar_ismark(u)) && snippet_token_matches(s, p);
    e = &snippet_chars()[u - 0x80];
    if (!e->word || (e->latin && snippet_after_latin(t, p)))
        return 0;
    if (e->fold[0] &&
        !snippet_head_ok(s->heads, (unsigned char)e->fold[0],
                         e->fold[1] ? (unsigned char)e->fold[1] : -1,
                         t, s->len, p + (size_t)g_utf8_skip[b]))
        return 0;
    return snippet_token_matches(s, p);
}

/* The first byte at or after `from` where a word that may match could
 * start (s->len, or the byte where the scan stops: none), counting into
 * s->bound the words that the bytes scanned can hold at most: each run of
 * ASCII letters and digits holds at most one word of its own, and any
 * other word holds a character of more than one byte. In a run of ASCII
 * letters and digits after an ASCII separator (or at the start), a word
 * starts at its first byte only (all of it is Latin or digits, one
 * word): the rest of it is passed over; after a character of more bytes
 * (a Greek letter, say, which a Latin letter ends), each byte is
 * looked at. */
static size_t snippet_next_candidate(snippet_scan *s, size_t from)
{
    const unsigned char *t = (const unsigned char *)s->text;
    size_t i = from, end = s->stop_at && s->stop_at < s->len ? s->stop_at : s->len;

    if (from >= s->cand_lo && from <= s->cand)
        return s->cand;
    while (i < end) {
        unsigned b = t[i];
        int plain;
        if (b >= 0x80) {
            if (b >= 0xC0 && (s->bound++, snippet_may_start(s, i)))
                break;
            i++;
            continue;
        }
        if (!g_ascii_isalnum(b)) {
            i++;
            continue;
        }
        plain = i == 0 || (i > from && t[i - 1] < 0x80 && !g_ascii_isalnum(t[i - 1]));
        s->bound++;
        if (snippet_may_start(s, i))
            break;
        for (i++; i < end && g_ascii_isalnum(t[i]); i++)
            if (!plain && snippet_may_start(s, i))
                break;
        if (i < end && g_ascii_isalnum(t[i]))
            break;
    }
    s->cand_lo = from;
    s->cand = i;
    if (i >= s->len)
        s->at_end = 1;
    return i;
}

/* Can a walk of the tokenizer start at byte p and find the same words
 * from there on as a walk from the start? When the byte before p is an
 * ASCII separator that no word holds: not a letter, digit, apostrophe or
 * hyphen, and, for white space, not after a hyphen (a word cut at a line
 * end is joined across it). */
static int snippet_safe_start(const unsigned char *t, size_t p)
{
    size_t k = p;

    if (p == 0)
        return 1;
    if (t[p - 1] >= 0x80 || g_ascii_isalnum(t[p - 1]) || t[p - 1] == '\'' ||
        t[p - 1] == '-')
        return 0;
    while (k > 0 && (t[k - 1] == ' ' || t[k - 1] == '\t' || t[k - 1] == '\n' ||
                     t[k - 1] == '\r'))
        k--;
    if (k == p)
        return 1;
    if (k >= 1 && t[k - 1] == '-')
        return 0;
    if (k >= 2 && t[k - 2] == 0xC2 && t[k - 1] == 0xAD)
        return 0;                           /* soft hyphen */
    if (k >= 3 && t[k - 3] == 0xE2 && t[k - 2] == 0x80 && t[k - 1] == 0x90)
        return 0;                           /* U+2010 hyphen */
    return 1;
}

/* How far back a safe start is looked for. */
#define SNIPPET_SAFE_BACK 256

/* Where the next walk starts, once the words kept reach `from`: a safe
 * start SNIPPET_LEAD characters at least before the next byte where a
 * word may match, or s->len when none is left (or the scan would stop
 * before it); `from` itself when nothing can be skipped. */
static size_t snippet_next_part(snippet_scan *s, size_t from)
{
    const unsigned char *t = (const unsigned char *)s->text;
    size_t c = snippet_next_candidate(s, from), q = c, k = 0, low;

    if (c >= s->len || (s->stop_at && c >= s->stop_at))
        return s->len;
    while (q > from && k < SNIPPET_LEAD) {
        q--;
        if ((t[q] & 0xC0) != 0x80)
            k++;
    }
    low = q > from + SNIPPET_SAFE_BACK ? q - SNIPPET_SAFE_BACK : from;
    for (; q > low; q--)
        if (snippet_safe_start(t, q))
            return q;
    return from;
}

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
        return s->halted = 1;
    w.term = s->match ? s->match(tok->word, s->text + tok->start, tok->end - tok->start,
                                 s->ud)
                     : -1;
    w.run = 0;
    if (!s->match && s->words->len > 0 &&
        w.cend - g_array_index(s->words, snippet_word, 0).cstart > s->width) {
        /* No match can come: this word ends the window of the first words,
         * the snippet, and says that words follow it. */
        g_array_append_val(s->words, w);
        s->halted = 1;
        return 1;
    }
    if (w.term >= 0 && !s->stop_at)
        s->stop_at = tok->end + SNIPPET_AFTER_MATCH;
    if (w.term >= 0 && s->nterms && !(s->seen & ((uint64_t)1 << (SNIPPET_ID(w.term) % 64)))) {
        s->seen |= (uint64_t)1 << (SNIPPET_ID(w.term) % 64);
        if (++s->nseen == s->nterms && tok->end + SNIPPET_AFTER_ALL < s->stop_at)
            s->stop_at = tok->end + SNIPPET_AFTER_ALL;
    }
    g_array_append_val(s->words, w);
    if (s->words->len >= SNIPPET_MAX_WORDS)
        s->halted = 1;
    return s->halted;
}

/* norm_tokenize callback of a part (snippet_scan_parts): the word kept
 * as snippet_on_token keeps it; then, past what the last match (or the
 * first word) needs after it, the walk stops where it can skip. */
static int snippet_on_part(const norm_token *tok, void *ud)
{
    snippet_scan *s = ud;
    norm_token t = *tok;
    const snippet_word *w;
    size_t next;

    t.start += s->base;
    t.end += s->base;
    if (snippet_on_token(&t, s)) {
        s->resume = s->len;
        return 1;
    }
    if (s->bound && s->words->len + s->bound >= SNIPPET_MAX_WORDS) {
        s->aborted = 1;             /* a full scan might have stopped by now */
        return s->halted = 1;
    }
    w = &g_array_index(s->words, snippet_word, s->words->len - 1);
    if (w->term >= 0 || s->words->len == 1) {
        /* the words of the window it starts, the one past it, and the
         * next one (which ends a window that this word alone fills) */
        s->need = MAX(s->need, w->cstart + s->width);
        return 0;
    }
    if (w->cend <= s->need)
        return 0;
    next = snippet_next_part(s, t.end);
    if (next <= t.end)
        return 0;
    s->resume = next;
    return s->halted = 1;
}

/* Walk the text in parts (the design above); 0 when the bound on words
 * was reached and the text must be scanned in full. */
static int snippet_scan_parts(snippet_scan *s)
{
    size_t from = 0;

    s->cand_lo = 1;                 /* nothing known yet: cand_lo > cand */
    s->cand = 0;
    while (from < s->len) {
        s->base = from;
        s->resume = s->len;
        s->halted = 0;
        norm_tokenize(s->text + from, (long)(s->len - from), snippet_on_part, s);
        if (s->aborted)
            return 0;
        if (!s->halted)
            s->at_end = 1;
        if (s->resume <= from)
            break;
        from = s->resume;
    }
    return 1;
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
        gunichar c;
        if ((unsigned char)*p < 0x80 && !g_ascii_isspace(*p) && *p != 0 &&
            !strchr("&<>\"'", *p)) {
            g_string_append_c(out, *p++);       /* most of a text */
            *space = 0;
            continue;
        }
        c = g_utf8_get_char_validated(p, end - p);
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

/* The longest prefix of text[0, len) that ends where a walk of the
 * tokenizer could start (snippet_safe_start: after an ASCII separator no
 * word holds): its words are the whole text's words that end in it, the
 * same; 0 when there is none. */
static size_t snippet_cut(const char *text, size_t len)
{
    for (size_t p = len; p > 0; p--)
        if (snippet_safe_start((const unsigned char *)text, p))
            return p;
    return 0;
}

/* Does the closing punctuation after word `w` run on to the end of the
 * text (snippet_render copies it up to the next word)? */
static int snippet_punct_to_end(const char *text, size_t len, const snippet_word *w)
{
    size_t p = w->end;

    while (p < len && text[p] && strchr(".,;:!?)\"", text[p]))
        p++;
    return p == len;
}

char *snippet_build(const char *text, size_t len, snippet_match_fn match,
                    void *ud, size_t width, const snippet_phrase *phrases,
                    size_t nphrases, unsigned nterms, const snippet_heads *heads)
{
    return snippet_build_part(text, len, 1, match, ud, width, phrases, nphrases,
                              nterms, heads);
}

char *snippet_build_part(const char *text, size_t len, int whole,
                         snippet_match_fn match, void *ud, size_t width,
                         const snippet_phrase *phrases, size_t nphrases,
                         unsigned nterms, const snippet_heads *heads)
{
    /* Past 64 ids the bits alias: the count would never be reached. */
    snippet_scan s = { .text = text, .match = match, .ud = ud,
                       .nterms = nphrases || nterms > 64 ? 0 : nterms };
    size_t first = 0, last = 0;
    snippet_word *w;
    char *out;

    if (len > SNIPPET_SCAN_MAX) {
        len = SNIPPET_SCAN_MAX;
        /* back to a character boundary (the same for any longer text) */
        while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80)
            len--;
        whole = 1;
    } else if (!whole && (len = snippet_cut(text, len)) == 0) {
        return NULL;
    }
    width = width ? width : SNIPPET_WIDTH;
    s.width = width;
    s.len = len;
    s.words = g_array_new(FALSE, FALSE, sizeof(snippet_word));
    if (match && heads && !heads->all) {
        snippet_scan parts = s;
        parts.heads = heads;
        if (snippet_scan_parts(&parts))
            s = parts;
        else
            g_array_set_size(s.words, 0);   /* s is as it was, but the words */
    }
    if (!s.heads) {
        norm_tokenize(text, (long)len, snippet_on_token, &s);
        s.at_end = !s.halted;
    }
    w = (snippet_word *)(void *)s.words->data;
    if (!whole && s.at_end) {
        g_array_free(s.words, TRUE);
        return NULL;
    }
    snippet_phrases(w, s.words->len, phrases, nphrases);
    snippet_choose(w, s.words->len, width, &first, &last);
    if (!whole && last > 0 && last == s.words->len && snippet_punct_to_end(text, len, &w[last - 1])) {
        g_array_free(s.words, TRUE);
        return NULL;
    }
    out = snippet_render(text, w, s.words->len, first, last, len);
    g_array_free(s.words, TRUE);
    return out;
}
