/* test-snippet.c -- the snippet under a search hit (fdb_snippet, made as
 * fdb_search makes a hit's): which words are marked (accents, elisions,
 * stems, in French and English), where the text is cut (word boundaries,
 * never inside a UTF-8 sequence, "…" at the cuts), and that everything
 * is HTML-escaped. */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "fdb.h"
#include "snippet.h"
#include "tap.h"

/* The snippet of `len` bytes of text for a query, with the default
 * width; "FAILED" when fdb_snippet fails. malloc'd. */
static char *snip_len(const char *text, size_t len, const char *query)
{
    char *out = NULL;
    if (fdb_snippet(query, text, len, SNIPPET_WIDTH, &out, NULL, 0) != FDB_OK)
        return strdup("FAILED");
    return out;
}

static char *snip(const char *text, const char *query)
{
    return snip_len(text, strlen(text), query);
}

static void check(const char *text, const char *query, const char *want,
                  const char *name)
{
    char *got = snip(text, query);
    is_str(got, want, name);
    free(got);
}

static void test_marks(void)
{
    const char *comite = "comite";
    const char *assoc = "association";
    const char *script = "script";
    const char *index_ = "index";

    check("Le comité a approuvé le budget.", comite,
          "Le <mark>comité</mark> a approuvé le budget.",
          "French: an accented word is marked from an unaccented term");
    check("LE COMITÉ DIRECTEUR", comite, "LE <mark>COMITÉ</mark> DIRECTEUR",
          "French: capitals and accents fold to the term");
    check("Les statuts de l’association sont déposés.", assoc,
          "Les statuts de l’<mark>association</mark> sont déposés.",
          "French: elided word marked, the elision l’ left outside the mark");
    check("Le budget de l'association.", assoc,
          "Le budget de l&#39;<mark>association</mark>.",
          "French: ASCII apostrophe elision, escaped, outside the mark");
    check("Search engines index documents.", index_,
          "Search engines <mark>index</mark> documents.",
          "English: a plain word is marked");
    check("The <script>alert('x')</script> tag & \"co\"", script,
          "The &lt;<mark>script</mark>&gt;alert(&#39;x&#39;)&lt;/"
          "<mark>script</mark>&gt; tag &amp; &quot;co&quot;",
          "English: < > & \" ' are escaped, marks only around words");
    check("contre la marchandi-\nsation du fait", "marchandisation",
          "contre la <mark>marchandisation</mark> du fait",
          "French: a word cut by a line-end hyphen is marked and shown whole");
    check("une d\u00e9l\u00e9\u00adgation", "delegation",
          "une <mark>délégation</mark>",
          "French: a soft hyphen inside a word is dropped");
    check("Rien ici.", "", "Rien ici.", "no terms: the text as it is");
    check("Le comité et le budget.", "comite -budget",
          "Le <mark>comité</mark> et le budget.",
          "an excluded word (-budget) is not marked");
    check("Prêt à temps, l’appel à projets arrive.", "\"appel à projets\"",
          "Prêt à temps, l’<mark>appel à projets</mark> arrive.",
          "French: a phrase is one mark, its words are not marked elsewhere");
    check("The call for projects, and projects for all.", "\"projects for all\" call",
          "The <mark>call</mark> for projects, and <mark>projects for all</mark>.",
          "English: a phrase as one mark beside a word marked on its own");
}

static void test_stems(void)
{
    const char *terms = "association";
    const char *eco = "economique";

    check("Trois associations locales et une association nationale.", terms,
          "Trois <mark>associations</mark> locales et une "
          "<mark>association</mark> nationale.",
          "French: the plural and the singular meet at the stem");
    check("Les enjeux économiques du secteur.", eco,
          "Les enjeux <mark>économiques</mark> du secteur.",
          "French: accented plural matched by the stem of the folded word");
    check("Les associations locales.", "\"association\"",
          "Les associations locales.",
          "a word in a phrase is matched as it is, not by its stem");
    /* Stems are taken of a text word as written (index format 5); a word
     * whose own accents change its stem is still the word typed without
     * them (found by fuzz-snippet: "cafe" left "cafë" unmarked). */
    check("Le cafë du coin.", "cafe", "Le <mark>cafë</mark> du coin.",
          "French: a query without accents marks a word whose diaeresis changes its stem");
    check("A cafë and a café.", "cafe", "A <mark>cafë</mark> and a <mark>café</mark>.",
          "English: both spellings of a loan word are marked from the unaccented query");
}

static void test_whitespace(void)
{
    const char *t = "ordre";

    check("  Ordre\n\n du   jour :\tvote\u00a0final ", t,
          "<mark>Ordre</mark> du jour : vote final",
          "white space runs (newlines, tabs, no-break spaces) collapse");
}

/* Is every "…" cut at a word boundary, the text valid UTF-8? */
static void test_cuts(void)
{
    GString *text = g_string_new(NULL);
    const char *t = "trouve";
    char *got;
    const char *mark;
    glong chars;

    for (int i = 0; i < 60; i++)
        g_string_append(text, "éléphant été œuvre ");
    g_string_append(text, "ici se trouvé la clé ");
    for (int i = 0; i < 60; i++)
        g_string_append(text, "ça déçoit à côté ");
    got = snip_len(text->str, text->len, t);
    ok(g_utf8_validate(got, -1, NULL), "cut text is valid UTF-8");
    ok(g_str_has_prefix(got, "… "), "a cut start begins with '… '");
    ok(g_str_has_suffix(got, " …"), "a cut end finishes with ' …'");
    mark = strstr(got, "<mark>trouvé</mark>");
    ok(mark != NULL, "the match is in the window");
    /* The first word after "… " is whole: one of the words of the text. */
    ok(g_str_has_prefix(got + strlen("… "), "éléphant ") ||
       g_str_has_prefix(got + strlen("… "), "été ") ||
       g_str_has_prefix(got + strlen("… "), "œuvre ") ||
       g_str_has_prefix(got + strlen("… "), "ici "),
       "the start is cut at a word boundary");
    ok(g_str_has_suffix(got, " ça …") || g_str_has_suffix(got, " déçoit …") ||
       g_str_has_suffix(got, " à …") || g_str_has_suffix(got, " côté …"),
       "the end is cut at a word boundary");
    chars = g_utf8_strlen(got, -1) - (glong)strlen("<mark></mark>");
    ok(chars <= SNIPPET_WIDTH + 4 && chars >= SNIPPET_WIDTH - 30,
       "about %d characters (%ld)", SNIPPET_WIDTH, chars);
    free(got);

    got = snip_len(text->str, text->len, "");
    ok(g_str_has_prefix(got, "éléphant été"), "no match: the start of the text");

    ok(g_str_has_suffix(got, " …"), "no match: cut end marked");
    free(got);
    /* One match early, a denser cluster far past SNIPPET_AFTER_MATCH: the
     * scan stops first, so the early match is shown (the cost of a long
     * page is bounded); a cluster within reach is preferred. */
    const char *t2 = "social financement";
    g_string_assign(text, "Le financement au début. ");
    while (text->len < SNIPPET_AFTER_MATCH + 2000)
        g_string_append(text, "des mots sans rapport aucun ici ");
    g_string_append(text, "Le financement social, encore social. ");
    got = snip_len(text->str, text->len, t2);
    ok(strstr(got, "<mark>financement</mark> au début") && !strstr(got, "<mark>social</mark>"),
       "past SNIPPET_AFTER_MATCH bytes after the first match, nothing more is looked at");
    free(got);
    g_string_assign(text, "Le financement au début. ");
    for (int i = 0; i < 40; i++)
        g_string_append(text, "des mots sans rapport ");
    g_string_append(text, "Le financement social, encore social. ");
    got = snip_len(text->str, text->len, t2);
    ok(strstr(got, "<mark>financement</mark> <mark>social</mark>") != NULL,
       "within reach, the window with both words wins");
    free(got);
    /* Every word of the query seen ("financement", then "social"): no
     * window can hold more, so the scan ends SNIPPET_AFTER_ALL bytes on,
     * before a later passage that holds them more often. */
    g_string_assign(text, "Le financement social au début. ");
    while (text->len < SNIPPET_AFTER_ALL + 1000)
        g_string_append(text, "des mots sans rapport aucun ici ");
    g_string_append(text, "Financement social, financement social, social. ");
    got = snip_len(text->str, text->len, t2);
    ok(strstr(got, "<mark>financement</mark> <mark>social</mark> au début") != NULL,
       "every word seen: SNIPPET_AFTER_ALL bytes on, nothing more is looked at (%s)", got);
    free(got);
    g_string_free(text, TRUE);
}

static void test_best_window(void)
{
    GString *text = g_string_new("Budget voté. ");
    const char *t = "budget vote subvention";
    char *got;

    for (int i = 0; i < 40; i++)
        g_string_append(text, "Sans rapport aucun. ");
    g_string_append(text, "La subvention, le budget : voté. ");
    for (int i = 0; i < 40; i++)
        g_string_append(text, "Rien de plus. ");
    got = snip_len(text->str, text->len, t);
    ok(strstr(got, "<mark>subvention</mark>") != NULL,
       "the window with the most distinct terms wins over the first match");
    ok(strstr(got, "Budget voté") == NULL, "the lone first match is left out");
    free(got);
    g_string_free(text, TRUE);
}

static void test_bounds(void)
{
    size_t big = 8 * 1024 * 1024;
    char *text = malloc(big + 32);
    const char *t = "aiguille";
    char *got;

    /* 8 MiB of words, the only match at the very end: the work is bounded
     * by SNIPPET_SCAN_MAX, so the snippet is the start of the text. */
    for (size_t i = 0; i < big; i += 8)
        memcpy(text + i, "botte d ", 8);
    strcpy(text + big, "aiguille");
    got = snip(text, t);
    ok(strstr(got, "<mark>") == NULL && g_str_has_prefix(got, "botte d"),
       "a huge text is scanned only up to SNIPPET_SCAN_MAX");
    free(got);
    free(text);

    got = snip_len("", 0, t);
    is_str(got, "", "an empty text gives an empty snippet");
    free(got);
    got = snip_len("ab\xff\xfe" "cd aiguille", 15, t);
    ok(g_utf8_validate(got, -1, NULL) && strstr(got, "<mark>aiguille</mark>"),
       "invalid UTF-8 in the text is dropped, the rest marked");
    free(got);
}

/* ---- skipping: the same snippet as a full scan -------------------------- */

/* A matcher like fdb_snippet.cc's, in small: a folded word is a term
 * (its id), or a relative of one when it starts with the term's stem. */
typedef struct {
    const char *const *words;   /* folded terms */
    const char *const *stems;   /* their stems, in the same order ("" none) */
    size_t n;
    int calls;
} skip_matcher;

static int skip_match(const char *folded, const char *surface, size_t len, void *ud)
{
    skip_matcher *m = ud;

    (void)surface;
    (void)len;
    m->calls++;
    for (size_t i = 0; i < m->n; i++)
        if (strcmp(folded, m->words[i]) == 0)
            return (int)i;
    for (size_t i = 0; i < m->n; i++)
        if (m->stems[i][0] && g_str_has_prefix(folded, m->stems[i]))
            return (int)i | SNIPPET_RELATIVE;
    return -1;
}

/* The heads that matcher allows: each word, each stem's first bytes. */
static void skip_heads(const skip_matcher *m, snippet_heads *h)
{
    snippet_heads_init(h);
    for (size_t i = 0; i < m->n; i++) {
        snippet_heads_add(h, m->words[i], strlen(m->words[i]), 0);
        snippet_heads_add(h, m->stems[i], MIN(strlen(m->stems[i]), 2), 1);
    }
}

/* Does the snippet cut with heads equal the one of a full scan? Reports
 * the text when not. */
static int skip_same_width(const char *text, size_t len, skip_matcher *m,
                           const snippet_phrase *phrases, size_t nphrases, size_t width);

static int skip_same(const char *text, size_t len, skip_matcher *m,
                     const snippet_phrase *phrases, size_t nphrases)
{
    return skip_same_width(text, len, m, phrases, nphrases, SNIPPET_WIDTH);
}

static int skip_same_width(const char *text, size_t len, skip_matcher *m,
                           const snippet_phrase *phrases, size_t nphrases, size_t width)
{
    snippet_heads h;
    char *full, *fast;
    int same;

    skip_heads(m, &h);
    full = snippet_build(text, len, skip_match, m, width, phrases, nphrases,
                         (unsigned)m->n, NULL);
    fast = snippet_build(text, len, skip_match, m, width, phrases, nphrases,
                         (unsigned)m->n, &h);
    same = strcmp(full, fast) == 0;
    if (!same)
        diag("text: %.*s\nfull: %s\nfast: %s", (int)MIN(len, 2000), text, full, fast);
    g_free(full);
    g_free(fast);
    return same;
}

/* Is every snippet cut from a prefix of the text (snippet_build_part) the
 * whole text's, or NULL ("read more")? Prefixes of 1 byte to all, every
 * `step` bytes and on each side of `around`; *enough counts those that
 * gave one. Reports the text when not. */
static int part_same(const char *text, size_t len, skip_matcher *m,
                     const snippet_phrase *phrases, size_t nphrases, size_t width,
                     size_t step, size_t around, int *enough)
{
    snippet_heads h;
    char *full;
    int same = 1;

    if (m)
        skip_heads(m, &h);
    else
        snippet_heads_init(&h);
    full = snippet_build(text, len, m ? skip_match : NULL, m, width, phrases, nphrases,
                         m ? (unsigned)m->n : 0, &h);
    for (size_t l = 1; l <= len && same; l += l + 8 >= around && l < around + 8 ? 1 : step) {
        char *part = snippet_build_part(text, l, l == len, m ? skip_match : NULL, m, width,
                                        phrases, nphrases, m ? (unsigned)m->n : 0, &h);
        if (part && strcmp(part, full) != 0) {
            diag("prefix %zu of %zu: %s\nwhole: %s", l, len, part, full);
            same = 0;
        }
        *enough += part != NULL;
        g_free(part);
    }
    g_free(full);
    return same;
}

/* Words of French and English text, with what the tokenizer has to get
 * right: accents and capitals at a word's start, ligatures (œ, æ, the ﬁ
 * of PDFs), elisions with both apostrophes, an apostrophe inside a word,
 * a word cut at a line end, a soft hyphen, Greek after Latin, digits,
 * punctuation of more than one byte, invalid UTF-8. */
static const char *const skip_vocab[] = {
    "le", "la", "de", "des", "à", "À", "a", "A", "et", "the", "of", "and",
    "économie", "Économie", "ÉCONOMIE", "économiques", "economy", "écono-\nmie",
    "écono-\n  miques", "œuvre", "Œuvre", "chef-d’œuvre", "ﬁchier", "ﬁchiers",
    "Fichier", "l’économie", "l'économie", "d’État", "L'ÉTAT", "état", "États",
    "qu’il", "aujourd'hui", "y'a", "association", "associations", "l’association",
    "asso\u00adciation", "Æsop", "ex-æquo", "naïve", "Noël", "LaTeX2ε", "ε2a", "µm",
    "2022", "v2.14", "12,5", "«", "»", "—", "…", "(", ")", ".", ",", ";", ":",
    "«économie»", "\xff", "\xc3", "e\xcc\x81" "conomie", "éé", "ÿ", "straße",
    "server", "security", "sécurité", "debian", "défaut", "dépôt", "paquet",
    "paquets", "package", "packages", "mise", "jour", "réseau", "configuration",
};

static const char *const skip_seps[] = {
    " ", " ", " ", " ", "  ", "\n", "\n\n", "\t", ", ", ". ", " - ", "-", "'", "’",
    "\u00a0", "",
};

static void skip_text(GRand *r, GString *t, int words)
{
    g_string_truncate(t, 0);
    for (int i = 0; i < words; i++) {
        g_string_append(t, skip_vocab[g_rand_int_range(r, 0, G_N_ELEMENTS(skip_vocab))]);
        g_string_append(t, skip_seps[g_rand_int_range(r, 0, G_N_ELEMENTS(skip_seps))]);
    }
}

static void test_skipping(void)
{
    static const char *const words[] = { "economie", "oeuvre", "fichier", "etat",
                                         "a", "association", "securite", "paquet" };
    static const char *const stems[] = { "econom", "oeuvr", "fichi", "etat",
                                         "", "associ", "secur", "paquet" };
    static const int ph_ids[] = { 1, 2 };
    const snippet_phrase phrase = { ph_ids, 2 };
    GRand *r = g_rand_new_with_seed(20261202);
    GString *t = g_string_new(NULL);
    int bad = 0, rounds = 3000, calls_full = 0, calls_fast = 0;

    for (int i = 0; i < rounds; i++) {
        /* one to all of the terms, texts of 1 to 3,000 words */
        size_t n = (size_t)g_rand_int_range(r, 1, G_N_ELEMENTS(words) + 1);
        size_t from = (size_t)g_rand_int_range(r, 0, G_N_ELEMENTS(words) - n + 1);
        skip_matcher m = { words + from, stems + from, n, 0 };
        /* widths of a word or less too: a word alone fills the window */
        static const size_t widths[] = { SNIPPET_WIDTH, SNIPPET_WIDTH, 60, 8, 3 };
        skip_text(r, t, g_rand_int_range(r, 1, i % 10 == 0 ? 3000 : 400));
        bad += !skip_same_width(t->str, t->len, &m,
                                i % 7 == 0 && from <= 1 && n >= 3 ? &phrase : NULL,
                                i % 7 == 0 && from <= 1 && n >= 3, widths[i % 5]);
    }
    ok(bad == 0, "French and English: %d random texts give the same snippet with "
       "skipping as with a full scan, windows of 3 to 240 characters (%d differ)",
       rounds, bad);
    int part_bad = 0, enough = 0;
    for (int i = 0; i < 600; i++) {
        size_t n = (size_t)g_rand_int_range(r, 1, G_N_ELEMENTS(words) + 1);
        size_t from = (size_t)g_rand_int_range(r, 0, G_N_ELEMENTS(words) - n + 1);
        skip_matcher m = { words + from, stems + from, n, 0 };
        static const size_t widths[] = { SNIPPET_WIDTH, 60, 8 };
        skip_text(r, t, g_rand_int_range(r, 1, i % 10 == 0 ? 6000 : 600));
        part_bad += !part_same(t->str, t->len, i % 5 == 4 ? NULL : &m,
                               i % 7 == 0 && from <= 1 && n >= 3 ? &phrase : NULL,
                               i % 7 == 0 && from <= 1 && n >= 3, widths[i % 3],
                               MAX(t->len / 40, 1),
                               (size_t)g_rand_int_range(r, 0, (gint32)t->len + 1), &enough);
    }
    ok(part_bad == 0 && enough > 1000,
       "French and English: a prefix of 600 random texts gives the whole text's snippet or "
       "asks for more, with and without a matcher (%d differ; %d prefixes were enough)",
       part_bad, enough);
    /* the scan's bounds: past SNIPPET_AFTER_MATCH after a match, past
     * SNIPPET_SCAN_MAX bytes, and without a matcher, past the first window */
    skip_matcher one = { words, stems, 1, 0 };
    g_string_truncate(t, 0);
    for (int i = 0; i < 3000; i++)
        g_string_append(t, i == 100 ? "l’économie " : "des réseaux et des œuvres ");
    enough = 0;
    ok(part_same(t->str, t->len, &one, NULL, 0, SNIPPET_WIDTH, 997, 4000, &enough) &&
       enough > 0, "French: a match early in 78 KB: a prefix holding 8 KB after it is enough");
    g_string_truncate(t, 0);
    for (int i = 0; i < 12000; i++)
        g_string_append(t, "the networks and the works ");
    enough = 0;
    ok(part_same(t->str, t->len, &one, NULL, 0, SNIPPET_WIDTH, 4999, SNIPPET_SCAN_MAX, &enough),
       "English: no match in 324 KB: the same snippet from a prefix past SNIPPET_SCAN_MAX");
    char *p = snippet_build_part(t->str, SNIPPET_SCAN_MAX - 10, 0, skip_match, &one,
                                 SNIPPET_WIDTH, NULL, 0, 1, NULL);
    ok(p == NULL, "... and none from a shorter one: a match may come later");
    g_free(p);
    p = snippet_build_part(t->str, 300, 0, NULL, NULL, SNIPPET_WIDTH, NULL, 0, 0, NULL);
    ok(p && strncmp(p, "the networks", 12) == 0,
       "without a matcher, 300 bytes give the start of the text (%s)", p ? p : "NULL");
    g_free(p);

    /* found by fuzz-snippet: the first word wider than the window */
    skip_matcher none = { words, stems, 1, 0 };
    ok(skip_same_width("sation des communm", 18, &none, NULL, 0, 5),
       "a first word wider than the window: the \"…\" after it is kept");

    /* The match far in: the words before it are skipped, not folded. */
    skip_matcher m = { words, stems, 1, 0 };
    skip_text(r, t, 0);
    for (int i = 0; i < 2000; i++)
        g_string_append(t, "the quick brown fox jumps over lazy dogs ");
    g_string_append(t, "and l’Économie du pays.");
    ok(skip_same(t->str, t->len, &m, NULL, 0), "English text, the French match at its end: the same");
    snippet_heads h;
    skip_heads(&m, &h);
    m.calls = 0;
    g_free(snippet_build(t->str, t->len, skip_match, &m, SNIPPET_WIDTH, NULL, 0, 1, NULL));
    calls_full = m.calls;
    m.calls = 0;
    g_free(snippet_build(t->str, t->len, skip_match, &m, SNIPPET_WIDTH, NULL, 0, 1, &h));
    calls_fast = m.calls;
    ok(calls_fast < 100 && calls_full > 10000,
       "the words far from a match are not matched (%d of %d)", calls_fast, calls_full);

    /* As many words as a full scan keeps at most, the match after them:
     * the bound on the words holds with skipping too. */
    g_string_truncate(t, 0);
    for (int i = 0; i < 70000; i++)
        g_string_append(t, "x ");
    g_string_append(t, "economie");
    ok(skip_same(t->str, t->len, &m, NULL, 0),
       "70,000 one-letter words before the match: the same (the scan's word bound)");
    g_string_free(t, TRUE);
    g_rand_free(r);
}

int main(void)
{
    test_marks();
    test_stems();
    test_whitespace();
    test_cuts();
    test_best_window();
    test_bounds();
    test_skipping();
    return done_testing();
}
