/* test-norm.c -- the French normaliser: what becomes of words.
 *
 * Design: data tables (input, expected output, what the row guards), one
 * per entry point, run by small loops; then the token spans, which a table
 * cannot show, and the edges of a buffer without a terminating NUL (run
 * under ASan by `make test SANITIZE=address,undefined`).
 * Stemming is not done here: plural/feminine forms only lose accents.
 */
#include <glib.h>

#include "norm.h"
#include "tap.h"

typedef struct {
    const char *in;
    const char *want;
    const char *what;
} norm_case;

/* norm_fold_text: words folded, separated by single spaces. */
static const norm_case text_cases[] = {
    /* accents, case, ligatures */
    { "économie", "economie", "accent removed" },
    { "economie", "economie", "word without accent unchanged" },
    { "e\xcc\x81" "conomie", "economie", "decomposed accent (e + U+0301) removed" },
    { "ÉTÉ", "ete", "capitals with accents lowered and stripped" },
    { "ASSOCIATION LOI 1901", "association loi 1901", "ASCII capitals lowered" },
    { "Œuvre", "oeuvre", "capital OE ligature spelt out" },
    { "ŒUVRE", "oeuvre", "all capitals with OE ligature" },
    { "cœur", "coeur", "oe ligature spelt out" },
    { "ex æquo", "ex aequo", "ae ligature spelt out" },
    { "\xef\xac\x81" "nancement", "financement", "fi ligature U+FB01 (NFKD)" },
    { "\xef\xac\x82" "eur", "fleur", "fl ligature U+FB02 (NFKD)" },
    { "Ça ira, ÇA IRA", "ca ira ca ira", "cedilla, both cases" },
    { "Noël, où ?", "noel ou", "diaeresis and grave, punctuation dropped" },
    { "2ᵉ édition", "2e edition", "modifier letter small e (NFKD) as in 2ᵉ" },
    { "Straße", "strasse", "sharp s case-folded to ss" },
    { "Łódź", "łodz", "letter without decomposition lowered, accents gone" },
    { "Ἀθῆναι", "αθηναι", "Greek: case folding and accents" },
    /* a word ends where another script's letters begin (digits, marks:
     * no script) */
    { "Guide de LaTeX2ε", "guide de latex2 ε", "Latin then Greek: two words (LaTeX2ε)" },
    { "The LaTeX2ε Sources", "the latex2 ε sources", "English: the same" },
    { "dose de 5µg", "dose de 5μ g", "micro sign is Greek like μ: 5μ then g" },
    { "ε2x", "ε2 x", "Greek, digits, then a Latin letter: two words" },
    { "Ελλάδα Hellas", "ελλαδα hellas", "a word of one script stays whole" },
    /* elisions */
    { "l’association", "association", "elision l’ (U+2019) dropped" },
    { "l'association", "association", "elision l' (ASCII) dropped" },
    { "lʼassociation", "association", "elision lʼ (U+02BC) dropped" },
    { "L’ÉCONOMIE", "economie", "elision in capitals dropped" },
    { "d'impact", "impact", "elision d' dropped" },
    { "qu’il", "il", "elision qu’ dropped" },
    { "jusqu'à", "a", "elision jusqu' dropped" },
    { "lorsqu'on", "on", "elision lorsqu' dropped" },
    { "puisqu’elle", "elle", "elision puisqu’ dropped" },
    { "quoiqu'il", "il", "elision quoiqu' dropped" },
    { "c'est n'importe", "est importe", "elisions c' and n' dropped" },
    { "s'il t'aime, j'y m'en", "il aime y en", "elisions s' t' j' m' dropped" },
    { "aujourd'hui", "aujourd'hui", "apostrophe inside a word kept" },
    { "aujourd’hui", "aujourd'hui", "typographic apostrophe kept as ASCII" },
    { "d'aujourd'hui", "aujourd'hui", "elision dropped, inner apostrophe kept" },
    { "l'état-major", "etat major", "elision then hyphen" },
    { "l' association", "l association", "apostrophe before a space is a separator" },
    { "'citation'", "citation", "leading and trailing apostrophes separate" },
    { "a'ʼb", "a b", "two apostrophes in a row separate (ʼ is no letter here)" },
    { "ŉ", "n", "apostrophe from a decomposition (ŉ -> ʼn) dropped" },
    /* hyphens and spaces */
    { "marchandi-\nsation", "marchandisation", "hyphen at line end joins" },
    { "marchandi-  \r\n  sation", "marchandisation", "hyphen, spaces, CRLF, spaces joins" },
    { "marchandi\xe2\x80\x90\nsation", "marchandisation", "U+2010 hyphen at line end joins" },
    { "marchandi\xc2\xad\nsation", "marchandisation", "soft hyphen at line end joins" },
    { "Paris-\nLyon", "paris lyon", "capital after line-end hyphen: two words" },
    { "mot-\n\nsuite", "mot suite", "hyphen before a blank line does not join" },
    { "peut-être", "peut etre", "hyphen inside a line splits" },
    { "Saint-Étienne", "saint etienne", "compound name split" },
    { "marchan\xc2\xad" "disation", "marchandisation", "soft hyphen inside a word ignored" },
    { "économie\xc2\xa0sociale", "economie sociale", "no-break space separates" },
    { "10\xe2\x80\xaf" "000 €", "10 000", "narrow no-break space separates" },
    { "« Réunion » : ordre du jour.", "reunion ordre du jour", "French quotes and punctuation" },
    { "un\tdeux\ntrois\r\nquatre", "un deux trois quatre", "tabs and line breaks" },
    /* digits and inflected forms (stemming is elsewhere) */
    { "2022", "2022", "digits kept" },
    { "le 14/07/2022", "le 14 07 2022", "date split at slashes" },
    { "économiques économique", "economiques economique", "plural and singular only folded" },
    { "adhérentes adhérent", "adherentes adherent", "feminine and masculine only folded" },
    { "chevaux cheval", "chevaux cheval", "irregular plural only folded" },
    /* English */
    { "don't", "don't", "English contraction kept" },
    { "It’s", "it's", "English contraction with U+2019" },
    { "Café", "cafe", "English loan word with accent" },
    { "naïve", "naive", "English diaeresis" },
    { "résumé", "resume", "English résumé" },
    { "The Quick Brown Fox", "the quick brown fox", "English capitals" },
    /* bad input */
    { "bad\xff" " bytes", "bad bytes", "invalid byte is a separator" },
    { "caf\xc3", "caf", "truncated UTF-8 sequence at the end dropped" },
    { "a\xc3(b", "a b", "invalid continuation byte is a separator" },
    { "\xed\xa0\x80" "x", "x", "encoded surrogate is invalid" },
    { "", "", "empty text" },
    { "  , ; ! ", "", "punctuation only" },
};

/* norm_fold_word: one string folded without splitting. */
static const norm_case word_cases[] = {
    { "Économie", "economie", "word: accent and case" },
    { "L’Économie", "economie", "word: elision dropped" },
    { "jusqu'à", "a", "word: long elision dropped" },
    { "aujourd’hui", "aujourd'hui", "word: inner apostrophe as ASCII" },
    { "peut-être", "peut-etre", "word: not split at the hyphen" },
    { "CŒUR", "coeur", "word: ligature in capitals" },
    { "marchan\xc2\xad" "disation", "marchandisation", "word: soft hyphen dropped" },
    { "l'", "l'", "word: bare elision left alone" },
    { "Don't", "don't", "word: English contraction" },
    { "", "", "word: empty" },
};

/* norm_fold_query: words folded, syntax kept for QueryParser. */
static const norm_case query_cases[] = {
    { "économie AND sociale", "economie AND sociale", "query: AND kept" },
    { "chevaux OR", "chevaux OR", "query: trailing OR kept" },
    { "chevaux OR juments", "chevaux OR juments", "query: OR kept" },
    { "Chevaux Or juments", "chevaux or juments", "query: mixed-case Or is a word" },
    { "chevaux or juments", "chevaux or juments", "query: lowercase or is a word" },
    { "ÉTÉ NOT hiver", "ete NOT hiver", "query: NOT kept, word folded" },
    { "été XOR hiver", "ete XOR hiver", "query: XOR kept" },
    { "réunion NEAR/3 budget", "reunion NEAR/3 budget", "query: NEAR/n kept" },
    { "réunion ADJ budget", "reunion ADJ budget", "query: ADJ kept" },
    { "ANDROID", "android", "query: operator only as a whole word" },
    { "title:Économie", "title:economie", "query: field prefix kept" },
    { "Title:Économie", "Title:economie", "query: field prefix kept verbatim" },
    { "Title: Économie", "title: economie", "query: colon before a space is no prefix" },
    { "title:l'économie", "title:economie", "query: prefix then elision" },
    { "\"l'économie sociale\"", "\"economie sociale\"", "query: phrase, elision dropped" },
    { "-marché", "-marche", "query: leading minus kept" },
    { "+Budget -Déficit", "+budget -deficit", "query: plus and minus kept" },
    { "financ*", "financ*", "query: wildcard kept" },
    { "Écon*", "econ*", "query: wildcard after folded word" },
    { "(été OR hiver) AND NOT neige", "(ete OR hiver) AND NOT neige", "query: parentheses" },
    { "peut-être", "peut-etre", "query: hyphen inside word kept" },
    { "l’association", "association", "query: elision dropped" },
    { "jusqu'à aujourd'hui", "a aujourd'hui", "query: elision and inner apostrophe" },
    { "«\xc2\xa0" "économie sociale\xc2\xa0»", "\" economie sociale \"",
      "query: French quotes and NBSP" },
    { "“Œuvre”", "\"oeuvre\"", "query: English quotes, ligature" },
    { "\xef\xac\x81" "nancement", "financement", "query: fi ligature" },
    { "bad\xff" "byte", "bad byte", "query: invalid byte as a space" },
    { "12.18", "12-18", "query: number with a dot, as the text splits it" },
    { "v2.14 et 2.2d", "v2-14 et 2-2d", "query: version numbers with dots" },
    { "2,4 millions", "2-4 millions", "query: decimal comma" },
    { "fin. Début", "fin. debut", "query: a full stop between words stays" },
    { "a.b", "a.b", "query: a dot between letters is left to the parser" },
    { "LaTeX2ε", "latex2-ε", "query: two scripts side by side, one unit (a phrase)" },
    { "guide LaTeX2ε", "guide latex2-ε", "query: the same after a word" },
    { "", "", "query: empty" },
};

static void run_cases(const norm_case *cases, size_t n, char *(*fold)(const char *))
{
    size_t i;

    for (i = 0; i < n; i++) {
        char *got = fold(cases[i].in);
        is_str(got, cases[i].want, cases[i].what);
        g_free(got);
    }
}

static char *fold_text(const char *s) { return norm_fold_text(s, -1); }
static char *fold_word(const char *s) { return norm_fold_word(s, -1); }

/* ---- token spans ------------------------------------------------------- */

typedef struct {
    size_t start, end;
    char word[32];
} span;

typedef struct {
    span tok[16];
    int n, stop_after;   /* stop_after: stop the walk after so many, or 0 */
} spans;

static int collect(const norm_token *tok, void *ud)
{
    spans *sp = ud;

    if (sp->n < (int)G_N_ELEMENTS(sp->tok)) {
        sp->tok[sp->n].start = tok->start;
        sp->tok[sp->n].end = tok->end;
        g_strlcpy(sp->tok[sp->n].word, tok->word, sizeof sp->tok[sp->n].word);
        ok(strlen(tok->word) == tok->word_len, "word_len of '%s'", tok->word);
    }
    sp->n++;
    return sp->stop_after && sp->n >= sp->stop_after;
}

static void is_span(const spans *sp, int i, const char *word, size_t start, size_t end,
                    const char *what)
{
    if (!ok(i < sp->n, "%s: token %d exists", what, i))
        return;
    is_str(sp->tok[i].word, word, what);
    is_int((long long)sp->tok[i].start, (long long)start, "start");
    is_int((long long)sp->tok[i].end, (long long)end, "end");
}

static void test_spans(void)
{
    /* "l’" is 4 bytes: l + U+2019 */
    const char *text = "Voir l’association et la marchandi-\n  sation.";
    const char *bad = "a\xff" "b";
    spans sp = { .n = 0 };

    norm_tokenize(text, -1, collect, &sp);
    is_int(sp.n, 5, "five tokens");
    is_span(&sp, 0, "voir", 0, 4, "first word");
    is_span(&sp, 1, "association", 9, 20, "elided word starts after the apostrophe");
    is_span(&sp, 4, "marchandisation", 27, 46, "hyphen-joined word spans both halves");

    memset(&sp, 0, sizeof sp);
    norm_tokenize(bad, -1, collect, &sp);
    is_int(sp.n, 2, "bad byte splits");
    is_span(&sp, 1, "b", 2, 3, "offsets count the bad byte");

    memset(&sp, 0, sizeof sp);
    norm_tokenize("LaTeX2ε", -1, collect, &sp);   /* ε is 2 bytes */
    is_int(sp.n, 2, "LaTeX2ε: two tokens");
    is_span(&sp, 0, "latex2", 0, 6, "the Latin part with its digit");
    is_span(&sp, 1, "ε", 6, 8, "the Greek letter right after it");

    /* Accented letters, marks and ligatures of two bytes are looked up
     * in a table made once (norm_memo): what it keeps must be what the
     * scanner would work out. A combining mark goes on the letter it
     * sits on, so an apostrophe after the two is inside the word. */
    memset(&sp, 0, sizeof sp);
    norm_tokenize("R\xcc\x93'yQ et L\xe2\x80\x99\xc3\x89T\xc3\x89 \xc5\x93uvre", -1, collect, &sp);
    is_int(sp.n, 4, "a mark, an elided ÉTÉ, a ligature: four tokens");
    is_span(&sp, 0, "r'yq", 0, 6, "a letter with a combining mark keeps its apostrophe");
    is_span(&sp, 2, "ete", 14, 19, "French: L’ÉTÉ folds to ete, after the elision");
    is_span(&sp, 3, "oeuvre", 20, 26, "French: œuvre spells out its ligature");

    memset(&sp, 0, sizeof sp);
    sp.stop_after = 2;
    norm_tokenize("un deux trois quatre", -1, collect, &sp);
    is_int(sp.n, 2, "walk stops when the callback says so");
}

/* Texts copied into buffers of their exact length, with no NUL after: a
 * read past `len` is caught by ASan. */
static char *fold_exact(const char *s, size_t len)
{
    char *buf = g_malloc(len ? len : 1);
    char *got;

    memcpy(buf, s, len);
    got = norm_fold_text(buf, (long)len);
    g_free(buf);
    return got;
}

static void test_bounds(void)
{
    char *got;

    got = fold_exact("marchandi-", 10);
    is_str(got, "marchandi", "hyphen at the very end");
    g_free(got);
    got = fold_exact("marchandi-\n  ", 13);
    is_str(got, "marchandi", "hyphen and line break at the very end");
    g_free(got);
    got = fold_exact("l'", 2);
    is_str(got, "l", "apostrophe at the very end");
    g_free(got);
    got = fold_exact("caf\xc3\xa9", 4);
    is_str(got, "caf", "len cuts a character in two");
    g_free(got);
    got = fold_exact("mot\xc2\xad", 5);
    is_str(got, "mot", "soft hyphen at the very end");
    g_free(got);
    got = fold_exact("économie sociale", 9);
    is_str(got, "economie", "len stops before the end of the string");
    g_free(got);
    got = norm_fold_word("Économies", 9);
    is_str(got, "economie", "norm_fold_word honours len");
    g_free(got);
}

/* The one list of query operators: whole words in capitals only. */
static void test_operators(void)
{
    static const char *const yes[] = {"AND", "OR", "NOT", "XOR", "NEAR", "ADJ"};
    static const char *const no[] = {"and", "Or", "ET", "OU", "ANDROID", "AN", "NEARBY", ""};
    for (size_t i = 0; i < G_N_ELEMENTS(yes); i++)
        ok(norm_is_operator(yes[i], strlen(yes[i])), "operator: %s", yes[i]);
    for (size_t i = 0; i < G_N_ELEMENTS(no); i++)
        ok(!norm_is_operator(no[i], strlen(no[i])), "not an operator: '%s'", no[i]);
    ok(norm_is_operator("ORDRE", 2), "len counts: the first two bytes of ORDRE are OR");
}

int main(void)
{
    run_cases(text_cases, G_N_ELEMENTS(text_cases), fold_text);
    run_cases(word_cases, G_N_ELEMENTS(word_cases), fold_word);
    run_cases(query_cases, G_N_ELEMENTS(query_cases), norm_fold_query);
    test_spans();
    test_bounds();
    test_operators();
    return done_testing();
}
