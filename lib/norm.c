/* norm.c -- French text normalisation: words found, folded, elided.
 *
 * Design: one scanner walks the bytes once and decodes UTF-8 itself, so
 * offsets always refer to the caller's buffer and a bad byte is only a
 * separator. A word is a run of word characters (letters, digits,
 * combining marks), plus apostrophes between two letters, soft hyphens
 * inside it and, in text mode, a hyphen at the end of a line followed by
 * a lower-case letter. A word also ends where a letter of another script
 * comes (Latin, Greek, Cyrillic...; digits and marks belong to none):
 * "LaTeX2ε" is "latex2" then "ε", as ICU's tokenizer splits runs of
 * scripts, so that what a French keyboard types finds it. Each character
 * is folded as soon as it is read,
 * into one buffer reused for every word, so a word costs no allocation:
 *   - an ASCII character is only lowered (the fast path of most words);
 *   - any other character is fully decomposed in compatibility mode
 *     (g_unichar_fully_decompose: the NFKD of a string is the
 *     concatenation of these decompositions, reordered only among
 *     combining marks, which we drop anyway), then non-spacing and
 *     enclosing marks are dropped (the accents), œ/æ are spelt out and a
 *     remaining cased letter goes through g_utf8_casefold (ß -> ss).
 * Once a word is complete, its part before the first apostrophe is
 * looked up in the elision list and dropped when found.
 * What the scanner asks of a character of two bytes (U+0080 to U+07FF:
 * the accented letters of French, Latin, Greek, Cyrillic...) -- its
 * class, script, folding -- is worked out once by the same functions and
 * kept in a table (norm_memo): an accented letter then costs a look-up,
 * not a decomposition.
 *
 * The query folder reuses the word scanner and copies what lies between
 * words (the query syntax) nearly verbatim.
 *
 * Ownership: every returned string is g_malloc'd and belongs to the
 * caller; norm_token.word belongs to the walk and lives during the
 * callback only.
 */
#include "norm.h"

#include <string.h>

#include <glib.h>

/* A byte that is not valid UTF-8: not a Unicode code point. */
#define NORM_BAD ((gunichar)-1)

/* What a character is to the scanner. */
typedef enum {
    CH_SEP,      /* ends a word */
    CH_WORD,     /* letter, digit or combining mark */
    CH_APOS,     /* ' ’ ʼ : inside a word between two letters */
    CH_SHY,      /* soft hyphen: ignored inside a word */
    CH_HYPHEN    /* - ‐ : joins a word broken at the end of a line */
} norm_class;

/* French elisions, folded, as they stand before the apostrophe. */
static const char *const norm_elisions[] = {
    "l", "d", "j", "m", "n", "s", "t", "c",
    "qu", "jusqu", "lorsqu", "puisqu", "quoiqu",
};

/* The query operators QueryParser reads when written in capitals: the one
 * list (norm_is_operator). */
static const char *const norm_operators[] = {
    "AND", "OR", "NOT", "XOR", "NEAR", "ADJ",
};

/* ---- decoding and classes ---------------------------------------------- */

/* Decode the character at s[i] (i < len) into *c; return its length in
 * bytes. An invalid or truncated sequence gives NORM_BAD and length 1. */
static size_t src_char(const char *s, size_t len, size_t i, gunichar *c)
{
    unsigned char b = (unsigned char)s[i];
    gunichar u;

    if (b < 0x80) {
        *c = b;
        return 1;
    }
    if (b >= 0xC2 && b <= 0xDF && i + 1 < len && ((unsigned char)s[i + 1] & 0xC0) == 0x80) {
        *c = (gunichar)(b & 0x1F) << 6 | ((unsigned char)s[i + 1] & 0x3F);
        return 2;                        /* two bytes: what validation finds */
    }
    u = g_utf8_get_char_validated(s + i, (gssize)(len - i));
    if (u == (gunichar)-1 || u == (gunichar)-2) {
        *c = NORM_BAD;
        return 1;
    }
    *c = u;
    return (size_t)g_utf8_skip[b];
}

static int is_apostrophe(gunichar c)
{
    return c == '\'' || c == 0x2019 || c == 0x02BC;
}

static norm_class class_of(gunichar c)
{
    if (c < 0x80) {
        if (g_ascii_isalnum((int)c))
            return CH_WORD;
        if (c == '\'')
            return CH_APOS;
        return c == '-' ? CH_HYPHEN : CH_SEP;
    }
    if (c == NORM_BAD)
        return CH_SEP;
    if (is_apostrophe(c))   /* before isalnum: ʼ is a modifier letter */
        return CH_APOS;
    if (c == 0x00AD)
        return CH_SHY;
    if (c == 0x2010)
        return CH_HYPHEN;
    if (g_unichar_isalnum(c) || g_unichar_ismark(c))
        return CH_WORD;
    return CH_SEP;
}

static int is_letter(gunichar c)
{
    if (c < 0x80)
        return g_ascii_isalpha((int)c);
    return c != NORM_BAD && g_unichar_isalpha(c);
}

/* The accents: marks that do not take a place of their own. Spacing marks
 * (Mc) are vowel signs of Indic scripts, part of the spelling: kept. */
static int is_accent(gunichar c)
{
    GUnicodeType t = g_unichar_type(c);
    return t == G_UNICODE_NON_SPACING_MARK || t == G_UNICODE_ENCLOSING_MARK;
}

/* Letters whose case folding may change them. Uncased letters (Lo: CJK,
 * Arabic, Hebrew...), digits and marks have none. */
static int is_cased(gunichar c)
{
    GUnicodeType t = g_unichar_type(c);
    return t == G_UNICODE_UPPERCASE_LETTER || t == G_UNICODE_LOWERCASE_LETTER
        || t == G_UNICODE_TITLECASE_LETTER;
}

/* The script of a word character, judged on its compatibility
 * decomposition ("ﬁ" is Latin, the micro sign "µ" Greek like "μ");
 * COMMON for digits, marks and what no script owns. */
static GUnicodeScript script_of(gunichar c)
{
    gunichar d[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
    gsize n, k;
    GUnicodeScript s;

    if (c < 0x80)
        return g_ascii_isalpha((int)c) ? G_UNICODE_SCRIPT_LATIN : G_UNICODE_SCRIPT_COMMON;
    n = g_unichar_fully_decompose(c, TRUE, d, G_N_ELEMENTS(d));
    for (k = 0; k < n; k++) {
        s = g_unichar_get_script(d[k]);
        if (s != G_UNICODE_SCRIPT_COMMON && s != G_UNICODE_SCRIPT_INHERITED &&
            s != G_UNICODE_SCRIPT_UNKNOWN)
            return s;
    }
    return G_UNICODE_SCRIPT_COMMON;
}

/* Does a character of script `s` end a word whose letters so far are of
 * script `word` (COMMON: none yet)? */
static int script_breaks(GUnicodeScript word, GUnicodeScript s)
{
    return word != G_UNICODE_SCRIPT_COMMON && s != G_UNICODE_SCRIPT_COMMON && s != word;
}

/* ---- folding one character --------------------------------------------- */

/* Folding flags. */
enum {
    FOLD_CASE = 1,   /* casefold what is left after decomposition */
    FOLD_WORD = 2    /* keep only letters, digits and marks: decompositions
                        of some compatibility characters hold spaces or
                        apostrophes ("ŉ"); the scanner adds the word's own
                        apostrophes itself */
};

static void fold_char(GString *out, gunichar c, int flags);

/* Append one character of a decomposition to `out`, folded. */
static void fold_plain(GString *out, gunichar u, int flags)
{
    char utf8[8];
    char *folded;
    const char *p;
    gssize n;

    if (u < 0x80) {
        if (!(flags & FOLD_WORD) || g_ascii_isalnum((int)u))
            g_string_append_c(out, (char)g_ascii_tolower((char)u));
        return;
    }
    if (is_accent(u))
        return;
    if (u == 0x0153 || u == 0x0152) {          /* œ Œ: NFKD keeps them */
        g_string_append(out, "oe");
        return;
    }
    if (u == 0x00E6 || u == 0x00C6) {          /* æ Æ */
        g_string_append(out, "ae");
        return;
    }
    if (is_apostrophe(u)) {
        if (!(flags & FOLD_WORD))
            g_string_append_c(out, '\'');
        return;
    }
    if ((flags & FOLD_WORD) && !g_unichar_isalnum(u) && !g_unichar_ismark(u))
        return;
    n = g_unichar_to_utf8(u, utf8);
    if (!(flags & FOLD_CASE) || !is_cased(u)) {
        g_string_append_len(out, utf8, n);
        return;
    }
    /* Rare in French (ß ø ł, Greek, Cyrillic): one allocation. The folded
     * form may hold marks again ("ΐ"): fold it once more, without case. */
    folded = g_utf8_casefold(utf8, n);
    for (p = folded; *p; p = g_utf8_next_char(p))
        fold_char(out, g_utf8_get_char(p), flags & ~FOLD_CASE);
    g_free(folded);
}

/* Append character `c` to `out`, folded: lower case, no accent, ligatures
 * spelt out, apostrophes as ASCII. */
static void fold_char(GString *out, gunichar c, int flags)
{
    gunichar d[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
    gsize n, k;

    if (c < 0x80) {
        fold_plain(out, c, flags);
        return;
    }
    n = g_unichar_fully_decompose(c, TRUE, d, G_N_ELEMENTS(d));
    for (k = 0; k < n; k++)
        fold_plain(out, d[k], flags);
}

/* ---- characters of two bytes, memoised -------------------------------- */

#define NORM_MEMO_END 0x800
#define NORM_MEMO_FOLD 15

typedef struct {
    unsigned char cls;          /* class_of */
    unsigned char letter;       /* is_letter */
    unsigned char mark;         /* g_unichar_ismark */
    unsigned char fold_len;     /* bytes of fold; > NORM_MEMO_FOLD: not kept */
    GUnicodeScript script;      /* script_of */
    char fold[NORM_MEMO_FOLD];  /* fold_char(FOLD_CASE | FOLD_WORD) */
} norm_memo;

static norm_memo norm_memo_table[NORM_MEMO_END - 0x80];

static const norm_memo *memo_of(gunichar c)
{
    static gsize ready = 0;

    if (g_once_init_enter(&ready)) {
        GString *f = g_string_new(NULL);
        for (gunichar u = 0x80; u < NORM_MEMO_END; u++) {
            norm_memo *m = &norm_memo_table[u - 0x80];
            m->cls = (unsigned char)class_of(u);
            m->letter = is_letter(u) != 0;
            m->mark = g_unichar_ismark(u) != 0;
            m->script = script_of(u);
            g_string_truncate(f, 0);
            fold_char(f, u, FOLD_CASE | FOLD_WORD);
            m->fold_len = (unsigned char)MIN(f->len, NORM_MEMO_FOLD + 1);
            if (f->len <= NORM_MEMO_FOLD)
                memcpy(m->fold, f->str, f->len);
        }
        g_string_free(f, TRUE);
        g_once_init_leave(&ready, 1);
    }
    return &norm_memo_table[c - 0x80];
}

static int memoised(gunichar c)
{
    return c >= 0x80 && c < NORM_MEMO_END;
}

static norm_class char_class(gunichar c)
{
    return memoised(c) ? (norm_class)memo_of(c)->cls : class_of(c);
}

static GUnicodeScript char_script(gunichar c)
{
    return memoised(c) ? memo_of(c)->script : script_of(c);
}

/* Append word character `c` to `out`, folded as fold_char(FOLD_CASE |
 * FOLD_WORD) folds it. */
static void fold_word_char(GString *out, gunichar c)
{
    const norm_memo *m;

    if (!memoised(c) || (m = memo_of(c))->fold_len > NORM_MEMO_FOLD) {
        fold_char(out, c, FOLD_CASE | FOLD_WORD);
        return;
    }
    g_string_append_len(out, m->fold, m->fold_len);
}

/* ---- elisions ---------------------------------------------------------- */

/* Is the n bytes at s one of the count words of list? */
static int in_list(const char *const *list, size_t count, const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < count; i++)
        if (strlen(list[i]) == n && memcmp(list[i], s, n) == 0)
            return 1;
    return 0;
}

static int is_elision(const char *s, size_t n)
{
    return in_list(norm_elisions, G_N_ELEMENTS(norm_elisions), s, n);
}

/* If the folded text in `out` (from byte `from`) has its first apostrophe
 * at byte `apos` and what precedes it is an elision with something after,
 * drop the elision and the apostrophe; return non-zero when done. */
static int drop_elision(GString *out, size_t from, size_t apos)
{
    if (apos + 1 >= out->len || !is_elision(out->str + from, apos - from))
        return 0;
    g_string_erase(out, (gssize)from, (gssize)(apos + 1 - from));
    return 1;
}

/* ---- the word scanner -------------------------------------------------- */

typedef struct {
    const char *s;
    size_t len;
    int join_lines;   /* text mode: join words hyphenated at a line end */
} norm_scan;

/* One word as scanned: its span and where its elision ended. */
typedef struct {
    size_t start, end;    /* span in the source, elision included */
    size_t word_start;    /* start once the elision is dropped */
} norm_span;

/* If a line break follows `i` (spaces/tabs, \n or \r\n, spaces/tabs) and
 * then a lower-case letter, return its offset in *next. */
static int line_break_follows(const norm_scan *sc, size_t i, size_t *next)
{
    const char *s = sc->s;
    size_t len = sc->len;
    gunichar c;

    while (i < len && (s[i] == ' ' || s[i] == '\t'))
        i++;
    if (i < len && s[i] == '\r')
        i++;
    if (i >= len || s[i] != '\n')
        return 0;
    i++;
    while (i < len && (s[i] == ' ' || s[i] == '\t'))
        i++;
    if (i >= len)
        return 0;
    src_char(s, len, i, &c);
    if (c == NORM_BAD || !(c < 0x80 ? g_ascii_islower((int)c) : g_unichar_islower(c)))
        return 0;
    *next = i;
    return 1;
}

/* Is the character at i a letter? (Not ʼ, a letter to Unicode.) */
static int letter_at(const norm_scan *sc, size_t i)
{
    gunichar c;

    if (i >= sc->len)
        return 0;
    src_char(sc->s, sc->len, i, &c);
    return char_class(c) == CH_WORD && is_letter(c);
}

/* The script of the character at i (i < sc->len). */
static GUnicodeScript script_at(const norm_scan *sc, size_t i)
{
    gunichar c;

    src_char(sc->s, sc->len, i, &c);
    return c == NORM_BAD ? G_UNICODE_SCRIPT_COMMON : char_script(c);
}

/* Is the character at i a word character? */
static int word_at(const norm_scan *sc, size_t i)
{
    gunichar c;

    if (i >= sc->len)
        return 0;
    src_char(sc->s, sc->len, i, &c);
    return char_class(c) == CH_WORD;
}

/* Append to `out` the ASCII alphanumerics from i, lowered; return where
 * they stop. The fast path of most words. */
static size_t fold_ascii_run(const norm_scan *sc, size_t i, GString *out)
{
    size_t j = i, k;

    while (j < sc->len && g_ascii_isalnum(sc->s[j]))
        j++;
    k = out->len;
    g_string_append_len(out, sc->s + i, (gssize)(j - i));
    for (; k < out->len; k++)
        if (out->str[k] >= 'A' && out->str[k] <= 'Z')
            out->str[k] = (char)(out->str[k] - 'A' + 'a');
    return j;
}

/* Scan the word that starts at `i` (a CH_WORD character), appending its
 * folded form to `out` (elision dropped); fill *sp; return the offset
 * where scanning stopped. */
static size_t scan_word(const norm_scan *sc, size_t i, GString *out, norm_span *sp)
{
    size_t from = out->len, apos = 0, apos_src = 0, n, next, k;
    int have_apos = 0, prev_letter = 0;
    GUnicodeScript script = G_UNICODE_SCRIPT_COMMON, s;
    gunichar c;

    sp->start = sp->end = i;
    while (i < sc->len) {
        if ((unsigned char)sc->s[i] < 0x80 && g_ascii_isalnum(sc->s[i])) {
            if (script != G_UNICODE_SCRIPT_COMMON && script != G_UNICODE_SCRIPT_LATIN) {
                /* after another script: its digits, then a Latin letter ends it */
                if (g_ascii_isalpha(sc->s[i]))
                    break;
                g_string_append_c(out, sc->s[i++]);
                sp->end = i;
                prev_letter = 0;
                continue;
            }
            k = out->len;
            i = fold_ascii_run(sc, i, out);
            sp->end = i;
            prev_letter = g_ascii_isalpha(sc->s[i - 1]);
            for (; k < out->len && script == G_UNICODE_SCRIPT_COMMON; k++)
                if (g_ascii_isalpha(out->str[k]))
                    script = G_UNICODE_SCRIPT_LATIN;
            continue;
        }
        n = src_char(sc->s, sc->len, i, &c);
        switch (char_class(c)) {
        case CH_WORD:
            s = char_script(c);
            if (script_breaks(script, s))
                break;
            if (script == G_UNICODE_SCRIPT_COMMON)
                script = s;
            fold_word_char(out, c);
            i += n;
            sp->end = i;
            /* a mark continues the letter it sits on */
            if (memoised(c))
                prev_letter = memo_of(c)->letter || (prev_letter && memo_of(c)->mark);
            else
                prev_letter = is_letter(c) || (prev_letter && g_unichar_ismark(c));
            continue;
        case CH_APOS:
            if (!prev_letter || !letter_at(sc, i + n) ||
                script_breaks(script, script_at(sc, i + n)))
                break;
            if (!have_apos) {
                have_apos = 1;
                apos = out->len;
                apos_src = i + n;
            }
            g_string_append_c(out, '\'');
            i += n;
            continue;
        case CH_SHY:
            if (word_at(sc, i + n)) {
                i += n;
                continue;
            }
            /* a soft hyphen may also end a line, as a hyphen does */
            /* fall through */
        case CH_HYPHEN:
            if (sc->join_lines && line_break_follows(sc, i + n, &next)) {
                i = next;
                continue;
            }
            break;
        case CH_SEP:
            break;
        }
        break;
    }
    sp->word_start = sp->start;
    if (have_apos && drop_elision(out, from, apos))
        sp->word_start = apos_src;
    return sp->end;
}

static size_t src_len(const char *text, long len)
{
    if (!text)
        return 0;
    return len < 0 ? strlen(text) : (size_t)len;
}

static void query_between(GString *out, gunichar c);

/* A '.', ',' or ';' between two word characters one of which is a digit
 * ("12.18", "v2.14", "2,4"): QueryParser keeps it inside one term, while
 * the text's folding splits the number into two words; written '-' it
 * makes QueryParser look for the two as a phrase, as they are indexed. */
static int number_joint(const norm_scan *sc, size_t i, const GString *out)
{
    char c = sc->s[i];

    if ((c != '.' && c != ',' && c != ';') || out->len == 0 || !word_at(sc, i + 1))
        return 0;
    if (!g_ascii_isalnum(out->str[out->len - 1]))
        return 0;
    return g_ascii_isdigit(out->str[out->len - 1]) || g_ascii_isdigit(sc->s[i + 1]);
}

/* Skip what stands between two words, from i: the index of the next
 * word's first character (sc->len at the end). With `query`, what is
 * skipped is kept there as query syntax (query_between). */
static size_t scan_between(const norm_scan *sc, size_t i, GString *query)
{
    gunichar c;

    while (i < sc->len) {
        size_t n = src_char(sc->s, sc->len, i, &c);
        if (char_class(c) == CH_WORD)
            break;
        if (query && number_joint(sc, i, query))
            g_string_append_c(query, '-');
        else if (query)
            query_between(query, c);
        i += n;
    }
    return i;
}

/* ---- text -------------------------------------------------------------- */

void norm_tokenize(const char *text, long len, norm_token_cb cb, void *ud)
{
    norm_scan sc = { text, src_len(text, len), 1 };
    GString *word = g_string_sized_new(64);   /* reused for every word */
    norm_token tok;
    norm_span sp;
    size_t i = 0;

    while ((i = scan_between(&sc, i, NULL)) < sc.len) {
        g_string_truncate(word, 0);
        i = scan_word(&sc, i, word, &sp);
        if (word->len == 0)
            continue;   /* only accents, nothing to index */
        tok.start = sp.word_start;
        tok.end = sp.end;
        tok.word = word->str;
        tok.word_len = word->len;
        if (cb(&tok, ud))
            break;
    }
    g_string_free(word, TRUE);
}

/* norm_tokenize callback: append the word to a GString, space-separated. */
static int append_word(const norm_token *tok, void *ud)
{
    GString *out = ud;

    if (out->len)
        g_string_append_c(out, ' ');
    g_string_append_len(out, tok->word, (gssize)tok->word_len);
    return 0;
}

char *norm_fold_text(const char *text, long len)
{
    GString *out = g_string_sized_new(src_len(text, len) + 1);

    norm_tokenize(text, len, append_word, out);
    return g_string_free(out, FALSE);
}

char *norm_fold_word(const char *word, long len)
{
    size_t n = src_len(word, len), i = 0, k, apos = 0;
    GString *out = g_string_sized_new(n + 1);
    int have_apos = 0;
    gunichar c;

    while (i < n) {
        k = src_char(word, n, i, &c);
        i += k;
        if (c == NORM_BAD || c == 0x00AD)
            continue;
        if (is_apostrophe(c) && !have_apos) {
            have_apos = 1;
            apos = out->len;
        }
        fold_char(out, c, FOLD_CASE);
    }
    if (have_apos)
        drop_elision(out, 0, apos);
    return g_string_free(out, FALSE);
}

/* ---- queries ----------------------------------------------------------- */

int norm_is_operator(const char *word, size_t len)
{
    return in_list(norm_operators, G_N_ELEMENTS(norm_operators), word, len);
}

/* A field prefix: ASCII letters at [start, end), then ':' and a character
 * that is not a space. */
static int is_field_prefix(const norm_scan *sc, size_t start, size_t end)
{
    size_t i;

    if (end + 1 >= sc->len || sc->s[end] != ':' || g_ascii_isspace(sc->s[end + 1]))
        return 0;
    for (i = start; i < end; i++)
        if (!g_ascii_isalpha(sc->s[i]))
            return 0;
    return 1;
}

/* Append to `out` a character found between the words of a query: the
 * ASCII query syntax as it is, typographic quotes as '"', other spaces and
 * punctuation as a space. */
static void query_between(GString *out, gunichar c)
{
    if (c < 0x80) {
        g_string_append_c(out, c < 0x20 || c == 0x7f ? ' ' : (char)c);
        return;
    }
    switch (c) {
    case 0x00AD:                                /* soft hyphen */
        return;
    case 0x00AB: case 0x00BB: case 0x201C: case 0x201D: case 0x201E:
        g_string_append_c(out, '"');            /* « » “ ” „ */
        return;
    case 0x2010: case 0x2011:                   /* ‐ ‑ */
        g_string_append_c(out, '-');
        return;
    case 0x2019: case 0x02BC:
        g_string_append_c(out, '\'');
        return;
    default:
        g_string_append_c(out, ' ');
    }
}

char *norm_fold_query(const char *query)
{
    norm_scan sc = { query, src_len(query, -1), 0 };
    GString *out = g_string_sized_new(sc.len + 1);
    GString *word = g_string_sized_new(64);
    norm_span sp;
    size_t i = 0, prev_end = (size_t)-1;

    while ((i = scan_between(&sc, i, out)) < sc.len) {
        /* Words of two scripts side by side ("LaTeX2ε"): '-' makes them
         * one unit, searched as a phrase, as the text indexes them. */
        if (i == prev_end)
            g_string_append_c(out, '-');
        g_string_truncate(word, 0);
        i = scan_word(&sc, i, word, &sp);
        prev_end = sp.end;
        if (norm_is_operator(sc.s + sp.start, sp.end - sp.start)) {
            g_string_append_len(out, sc.s + sp.start, (gssize)(sp.end - sp.start));
        } else if (is_field_prefix(&sc, sp.start, sp.end)) {
            g_string_append_len(out, sc.s + sp.start, (gssize)(sp.end - sp.start + 1));
            i = sp.end + 1;
        } else {
            g_string_append_len(out, word->str, (gssize)word->len);
        }
    }
    g_string_free(word, TRUE);
    return g_string_free(out, FALSE);
}

/* Folded, as the query's words are when the list is consulted. */
static const char *const stopwords[] = {
    /* articles and contractions */
    "le", "la", "les", "l", "un", "une", "des", "du", "de", "d", "au", "aux",
    /* prepositions */
    "a", "en", "dans", "par", "pour", "sur", "avec", "sans", "sous", "chez",
    "vers", "entre",
    /* conjunctions */
    "et", "ou", "mais", "donc", "ni", "car", "que", "qu", "qui", "quoi", "dont",
    "si", "comme",
    /* pronouns and determiners */
    "je", "j", "tu", "il", "elle", "on", "nous", "vous", "ils", "elles", "me",
    "m", "te", "t", "se", "s", "lui", "leur", "leurs", "eux", "y", "ce", "c",
    "cet", "cette", "ces", "ca", "mon", "ma", "mes", "ton", "ta", "tes", "son",
    "sa", "ses", "notre", "nos", "votre", "vos", "ne", "n", "pas",
    /* etre, avoir */
    "est", "sont", "etait", "ete", "etre", "ai", "as", "avons", "avez", "ont",
    /* English */
    "the", "of", "and", "to", "in", "is", "an", "for", "with",
    NULL,
};

const char *const *norm_stopwords(void)
{
    return stopwords;
}
